use sea_orm::entity::prelude::*;

/// A conclusion of public monitoring (Law Art. 29 p.3). Its text is in `conclusion_revision`; the
/// latest revision is `revision`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conclusion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub title: String,
    /// `kk`, `ru` or `en`: the language it is written in.
    pub language: String,
    /// `draft`, `submitted`, `published`.
    pub state: String,
    pub revision: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
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
