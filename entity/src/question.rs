use sea_orm::entity::prelude::*;

/// A question of a campaign's questionnaire.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub key: String,
    pub position: i32,
    /// `scale`, `single_choice`, `multiple_choice`, `number`, `free_text`.
    pub kind: String,
    pub required: bool,
    pub text_kk: Option<String>,
    pub text_ru: Option<String>,
    /// `[{"key", "text_kk", "text_ru"}]` for choice questions.
    pub options: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
