use sea_orm::entity::prelude::*;

/// A service of the registry of public services (Law Art. 12).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    /// `individuals`, `legal_entities` or `both`.
    pub recipients: String,
    pub approving_body_id: i64,
    /// Space-separated: `provider`, `state_corporation`, `egov_portal`, `other_is`.
    pub channels: String,
    /// Space-separated: `paper`, `electronic`, `proactive`.
    pub forms: String,
    pub paid: bool,
    pub fee_basis: Option<String>,
    pub bylaw_title: Option<String>,
    pub bylaw_number: Option<String>,
    pub bylaw_date: Option<Date>,
    pub term_value: i32,
    /// `working_days`, `calendar_days`, `hours` or `minutes`.
    pub term_unit: String,
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
