use sea_orm::entity::prelude::*;

/// One attempt to post a change-feed event to a webhook, as its owner sees it in the log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub webhook_id: i64,
    /// The change-feed event posted.
    pub event_id: i64,
    /// 1 for the first try of this event at this hook, then 2, 3, ...
    pub attempt: i32,
    pub attempted_at: DateTimeUtc,
    /// `delivered` (a 2xx answer) or `failed`.
    pub outcome: String,
    /// The receiver's HTTP status; absent when no answer came (connection refused, timeout).
    pub status_code: Option<i32>,
    /// What went wrong, truncated.
    pub error: Option<String>,
    pub duration_ms: i64,
    /// After a failure, when the event is tried again; absent when delivered or switched off.
    pub next_attempt_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
