use sea_orm::entity::prelude::*;

/// An addressed agency's answer on one item of a conclusion (Law Art. 29 p.4). A later answer on
/// the same item supersedes it; it is editable for seven days.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conclusion_id: i64,
    pub agency_id: i64,
    /// `recommendations.2` and the like.
    pub item_key: String,
    /// `accepted`, `in_progress`, `done`, `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub text_md: String,
    /// `[{"title", "url"}]`.
    pub attachments: Json,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
