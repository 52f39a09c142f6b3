use sea_orm::entity::prelude::*;

/// A file the agency uploaded for its answer. Private to the agency until an answer attaches it
/// (`event_id`); public with the answer from then on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub event_id: Option<i64>,
    pub storage_key: String,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub original_name: Option<String>,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
