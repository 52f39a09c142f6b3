use sea_orm::entity::prelude::*;

/// A file backing an observation: photo, document or recording.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub observation_id: i64,
    pub storage_key: String,
    /// Of the stored (published) bytes.
    pub sha256: String,
    /// Of the bytes as uploaded, before any location was stripped.
    pub original_sha256: String,
    /// Sniffed from the bytes, not taken from the client.
    pub content_type: String,
    pub media_kind: String,
    pub size_bytes: i64,
    pub original_name: Option<String>,
    pub caption: Option<String>,
    pub location_stripped: bool,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
    /// When a moderator hid the record from public view; `None` while it is public.
    pub hidden_at: Option<DateTimeUtc>,
    /// Why, as the moderator stated it; shown to the record's authors.
    pub hidden_reason: Option<String>,
    /// The moderator's account.
    pub hidden_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
