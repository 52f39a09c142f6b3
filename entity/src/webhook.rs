use sea_orm::entity::prelude::*;

/// A URL a key holder registered to receive public changes, signed with its secret.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The owner; only they see and delete it.
    pub account_id: i64,
    pub url: String,
    /// The HMAC-SHA256 key; shown to the owner once, kept in clear because signing needs it.
    pub secret: String,
    /// Space-separated entity types to deliver; empty for all.
    pub entity_types: String,
    /// Switched off after too many consecutive failures.
    pub active: bool,
    /// The id of the last change-feed event handled; delivery goes on after it, in order.
    pub cursor: i64,
    pub consecutive_failures: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    pub last_delivered_at: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
    /// The worker that claimed the hook, until `lease_until`.
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
