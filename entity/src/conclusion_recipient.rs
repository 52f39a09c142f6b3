use sea_orm::entity::prelude::*;

/// An agency a conclusion goes to: `addressed` (it answers, p.4) or `authorized` (the authorized
/// body, which receives every conclusion on submission).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conclusion_recipient")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conclusion_id: i64,
    pub agency_id: i64,
    pub role: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
