use sea_orm::entity::prelude::*;

/// Every version a report has had, the latest included.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub revision: i32,
    pub title: String,
    pub body_md: String,
    pub source_url: Option<String>,
    pub published_on: Option<Date>,
    pub figures: Json,
    pub attachments: Json,
    pub demo: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
