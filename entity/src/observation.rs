use sea_orm::entity::prelude::*;

/// One visit, check or case observed during a campaign. Holds no personal data.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "observation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub service_id: i64,
    pub agency_id: i64,
    /// KATO code; none for an online service.
    pub region: Option<String>,
    pub online: bool,
    pub address: Option<String>,
    pub observed_on: Date,
    /// `provider_office`, `state_corporation`, `egov_portal`, `mobile`, `other_system`.
    pub channel: String,
    pub waiting_minutes: Option<i32>,
    pub days_taken: Option<i32>,
    /// The service's normative term when the observation was recorded.
    pub term_value: Option<i32>,
    pub term_unit: Option<String>,
    pub term_exceeded: Option<bool>,
    /// `rendered`, `refused`, `not_received`, `pending`.
    pub outcome: String,
    pub satisfaction: Option<i16>,
    pub note_md: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When a moderator hid the record from public view; `None` while it is public.
    pub hidden_at: Option<DateTimeUtc>,
    /// Why, as the moderator stated it; shown to the record's authors.
    pub hidden_reason: Option<String>,
    /// The moderator's account.
    pub hidden_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
