use sea_orm::entity::prelude::*;

/// A request for information to an agency (Law Art. 29 p.2).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "info_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Registration number, given at submission.
    #[sea_orm(unique)]
    pub number: Option<String>,
    pub requester_id: i64,
    /// The NGO the requester acts for, if any.
    pub organization_id: Option<i64>,
    pub agency_id: i64,
    pub language: String,
    pub subject: String,
    pub questions_md: String,
    /// Registry services it concerns: `[id, ...]`.
    pub service_ids: Json,
    pub secrets_confirmed: bool,
    pub state: String,
    /// SHA-256 of what the published-check searched for; an edit makes the check stale.
    pub text_hash: String,
    pub check_id: Option<i64>,
    /// The requester's statement that no match of the check answers the question.
    pub none_match_statement: bool,
    pub registered_at: Option<DateTimeUtc>,
    pub registration_date: Option<Date>,
    pub due_date: Option<Date>,
    /// The rule the request was filed under.
    pub deadline_rule: Option<Json>,
    pub extended: bool,
    /// The request this one was forwarded from.
    pub parent_id: Option<i64>,
    /// When it was answered, refused, forwarded or withdrawn.
    pub closed_at: Option<DateTimeUtc>,
    pub closed_date: Option<Date>,
    pub refusal_ground: Option<String>,
    /// The requester's monitoring campaign this request belongs to.
    pub campaign_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
