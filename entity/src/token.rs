use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// `session` (from a login) or `api` (for a third-party app).
    pub kind: String,
    pub name: String,
    /// SHA-256 of the bearer secret, hex; the secret itself is never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Space-separated scopes: `read`, `write`.
    pub scopes: String,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
