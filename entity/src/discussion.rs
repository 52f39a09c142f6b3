use sea_orm::entity::prelude::*;

/// A public discussion of a draft act (Law Art. 15) or of an annual report (Art. 23 p.6).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "discussion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The developer agency.
    pub agency_id: i64,
    /// `draft_act` or `report`.
    pub subject: String,
    pub report_id: Option<i64>,
    pub title_kk: String,
    pub title_ru: String,
    pub service_ids: Json,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub current_version: i32,
    /// The last clause anchor given out (`c<n>`).
    pub next_anchor: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
