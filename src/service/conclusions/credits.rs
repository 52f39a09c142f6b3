//! Who a conclusion is by and to, as its printable form names them.
use entity::{agency, organization};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::Full;
use crate::{error::AppResult, service::Ctx};

/// The authors (the campaign's NGO, then its team as each chose to be named) and the addressed
/// agencies in the order the conclusion gives them.
pub struct Credits {
    pub authors: Vec<String>,
    pub addressed: Vec<agency::Model>,
}

#[tracing::instrument(skip_all, fields(conclusion = f.conclusion.id))]
pub async fn credits(ctx: &Ctx, f: &Full) -> AppResult<Credits> {
    let mut authors: Vec<String> = Vec::new();
    if let Some(org) = f.campaign.organization_id
        && let Some(o) = organization::Entity::find_by_id(org).one(&ctx.db).await?
    {
        authors.push(o.name);
    }
    for m in crate::service::campaigns::team(ctx, &f.campaign).await? {
        authors.extend(m.name);
    }
    let mut agencies =
        agency::Entity::find().filter(agency::Column::Id.is_in(f.addressed.clone())).all(&ctx.db).await?;
    let addressed = f
        .addressed
        .iter()
        .filter_map(|id| agencies.iter().position(|a| a.id == *id).map(|i| agencies.swap_remove(i)))
        .collect();
    Ok(Credits { authors, addressed })
}
