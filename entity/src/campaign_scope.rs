use sea_orm::entity::prelude::*;

/// One service, agency or region a campaign covers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_scope")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    /// `service`, `agency` or `region`.
    pub dimension: String,
    /// The service or agency id, or the region's KATO code.
    pub ref_key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
