use sea_orm::entity::prelude::*;

/// A public monitoring campaign (Law Art. 29 p.1) run by an individual or an NGO.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_account_id: i64,
    /// Set when an NGO runs the campaign; its members form the team.
    pub organization_id: Option<i64>,
    /// `own_initiative` or `state_social_order`.
    pub basis: String,
    pub order_reference: Option<String>,
    pub order_date: Option<Date>,
    /// The authorized body that ordered the monitoring.
    pub order_customer_id: Option<i64>,
    pub title_kk: Option<String>,
    pub title_ru: Option<String>,
    pub summary_kk: Option<String>,
    pub summary_ru: Option<String>,
    pub methodology_md: String,
    pub period_from: Date,
    pub period_to: Date,
    /// `draft`, `active`, `completed`, `archived`.
    pub state: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub activated_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub archived_at: Option<DateTimeUtc>,
    /// Anyone may answer the questionnaire without an account while the campaign is active.
    pub open_survey: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
