use sea_orm::entity::prelude::*;

/// A day off moved by a government resolution, recorded by an administrator: `worked_on` (a
/// weekend day) is worked and `rested_on` (a working day) is rested.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_transfer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub worked_on: Date,
    #[sea_orm(unique)]
    pub rested_on: Date,
    /// The resolution it comes from (number and date), as the administrator wrote it.
    pub basis: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
