use sea_orm::entity::prelude::*;

/// A violation found at an observation, in one of the ten categories of form 1-мк.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "observation_violation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub observation_id: i64,
    pub category: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
