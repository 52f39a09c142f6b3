use sea_orm::entity::prelude::*;

/// An agency's annual report on its public services (Law Art. 23 p.5): its latest revision.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    pub year: i32,
    pub language: String,
    pub revision: i32,
    pub title: String,
    pub body_md: String,
    pub source_url: Option<String>,
    pub published_on: Option<Date>,
    pub figures: Json,
    /// `[{"title": ..., "url": ...}]`
    pub attachments: Json,
    /// Invented for trying the portal out; shown as such.
    pub demo: bool,
    /// SHA-256 of the content, so a repeated import changes nothing.
    pub content_hash: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
