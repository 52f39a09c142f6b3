use sea_orm::entity::prelude::*;

/// One step in the life of a request: its public timeline.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "request_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    /// `submitted`, `extended`, `answered`, `partially_answered`, `refused`, `forwarded`,
    /// `withdrawn`, `clarification_requested`.
    pub kind: String,
    pub actor_id: Option<i64>,
    pub body_md: Option<String>,
    pub reason: Option<String>,
    pub ground: Option<String>,
    pub url: Option<String>,
    /// The due date set by this step, if it set one.
    pub due_date: Option<Date>,
    /// For a forward: the new request.
    pub linked_request_id: Option<i64>,
    pub attachments: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
