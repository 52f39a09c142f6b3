use sea_orm::entity::prelude::*;

/// A version of the text under discussion, split into anchored clauses.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "discussion_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub discussion_id: i64,
    pub number: i32,
    pub text_md: String,
    /// `[{"anchor", "number", "text"}]`
    pub clauses: Json,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
