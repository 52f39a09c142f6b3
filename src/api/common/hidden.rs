//! The hidden mark a moderator leaves on a record, as the readers who still see the record read it.
use chrono::{DateTime, Utc};
use poem_openapi::{Object, types::Example};

use super::examples as ex;
use crate::domain::moderation::Hidden;

/// Why and since when a record is hidden from public view. Only those who still read a hidden
/// record (its authors and team, moderators, and for a comment the developer agency) see this.
#[derive(Object, Clone, Debug)]
#[oai(example)]
pub struct HiddenView {
    pub hidden_at: DateTime<Utc>,
    /// The moderator's stated reason.
    pub reason: String,
}

impl From<Hidden> for HiddenView {
    fn from(h: Hidden) -> HiddenView {
        HiddenView { hidden_at: h.at, reason: h.reason }
    }
}

impl Example for HiddenView {
    fn example() -> Self {
        HiddenView {
            hidden_at: ex::at("2026-03-02T09:15:00Z"),
            reason: "Публикует номер телефона заявителя; скрыто до исправления автором.".into(),
        }
    }
}
