use sea_orm::entity::prelude::*;

/// One respondent's answers, recorded by a collector of the campaign's team.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub collector_id: i64,
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub region: Option<String>,
    pub created_at: DateTimeUtc,
    /// A public response: the salted hash of the client address (never the address itself).
    pub client_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
