use sea_orm::entity::prelude::*;

/// A respondent's personal data, kept apart from what is published. Only the campaign team reads it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "personal_data")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `observation` or `survey_response`.
    pub subject_type: String,
    pub subject_id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub iin: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
