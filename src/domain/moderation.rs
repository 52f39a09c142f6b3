//! Moderation on a public portal (as Alaveteli's prominence and Froide's moderation): a moderator
//! hides a record from public view with a stated reason and may show it again. The record's words
//! are never changed: a moderator has no power to edit, only to withdraw. No I/O here.
use super::accounts::{Role, bounded_text, string_enum};
use crate::error::FieldError;

string_enum! {
    /// What a moderator can withdraw from public view.
    Subject {
        Comment => "comment",
        Observation => "observation",
        Evidence => "evidence",
        Conclusion => "conclusion",
    }
}

/// Why and when a record was hidden, for those who may still read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hidden {
    pub at: chrono::DateTime<chrono::Utc>,
    pub reason: String,
}

impl Hidden {
    /// The hidden mark stored on a record, if any.
    pub fn of(at: Option<chrono::DateTime<chrono::Utc>>, reason: Option<&str>) -> Option<Hidden> {
        at.map(|at| Hidden { at, reason: reason.unwrap_or_default().to_string() })
    }
}

/// Reasons are read by the author and kept in the moderation log: long enough to say what rule
/// was broken, short enough to stay a reason.
pub const REASON_MIN: usize = 10;
pub const REASON_MAX: usize = 2000;

/// The reason a record is hidden, as the moderator states it.
pub fn reason(pointer: &str, s: &str) -> Result<String, FieldError> {
    bounded_text(pointer, s, REASON_MIN, REASON_MAX)
}

/// Who may hide and show records: moderators, and administrators, who hold every power.
pub fn may_moderate(role: Role) -> bool {
    matches!(role, Role::Moderator | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_moderators_and_administrators_moderate() {
        assert!(may_moderate(Role::Moderator) && may_moderate(Role::Admin));
        assert!(!may_moderate(Role::Citizen) && !may_moderate(Role::AgencyOfficer));
    }

    #[test]
    fn a_reason_is_stated() {
        assert_eq!(reason("/reason", "   ").unwrap_err().code, "required");
        assert_eq!(reason("/reason", "spam").unwrap_err().code, "too_short");
        assert_eq!(reason("/reason", " Contains a phone number ").unwrap(), "Contains a phone number");
        assert_eq!(Subject::parse("evidence"), Some(Subject::Evidence));
        assert_eq!(Subject::parse("report"), None);
    }
}
