use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub full_name: Option<String>,
    /// Personal data: shown only to its owner and to admins.
    pub iin: Option<String>,
    pub password_hash: String,
    pub role: String,
    pub agency_id: Option<i64>,
    pub show_name_publicly: bool,
    /// The portal language the person chose (`kk`, `ru`, `en`); none until they choose.
    pub language: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
