use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    /// KATO code of the territory, for local bodies and territorial units.
    pub region: Option<String>,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    pub website: Option<String>,
    pub email: Option<String>,
    /// Names and code folded by `domain::text::fold`, for `q` filters that behave the same on
    /// SQLite and PostgreSQL.
    pub search_text: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
