use sea_orm::entity::prelude::*;

/// An identified comment on a draft, on the version and clause it was made on.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "comment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub discussion_id: i64,
    pub version_number: i32,
    /// The clause; `None` for the whole draft.
    pub anchor: Option<String>,
    pub author_id: i64,
    /// The organisation the author comments for.
    pub organization_id: Option<i64>,
    pub proposal_md: String,
    pub replacement_text: Option<String>,
    pub disposition: Option<String>,
    pub disposition_reason: Option<String>,
    pub disposed_by: Option<i64>,
    pub disposed_at: Option<DateTimeUtc>,
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
