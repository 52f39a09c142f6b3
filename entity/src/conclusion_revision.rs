use sea_orm::entity::prelude::*;

/// Every text a conclusion has had, the latest included: a draft save or a correction.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conclusion_revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conclusion_id: i64,
    /// 1, 2, ... per conclusion.
    pub number: i32,
    /// `draft` or `correction`.
    pub kind: String,
    /// Why a correction was made.
    pub reason: Option<String>,
    pub title: String,
    /// The preamble and the four parts, as `baqylau::domain::conclusions::Sections`.
    pub sections: Json,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
