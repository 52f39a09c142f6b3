//! What the campaign forms offer beside the commands of `campaigns`: the authorized bodies that
//! may order monitoring, the agencies, services and regions a scope may name, and the NGOs a
//! person may start a campaign for.
use entity::{agency, campaign, membership, organization, public_service, region};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Caller, Ctx, is_owner, is_team};
use crate::{
    domain::{accounts::OrgRole, directory::AgencyKind},
    error::AppResult,
};

/// The choices of a campaign form, for one person.
pub struct FormChoices {
    /// Active agencies, by id; the authorized bodies among them may be an order's customer.
    pub agencies: Vec<agency::Model>,
    pub services: Vec<public_service::Model>,
    pub regions: Vec<region::Model>,
    /// The NGOs whose administrator the person is (a campaign may be started in their name).
    pub organizations: Vec<organization::Model>,
}

impl FormChoices {
    /// The agencies a state social order may come from (Law Art. 29 p.1).
    pub fn authorized_bodies(&self) -> impl Iterator<Item = &agency::Model> {
        self.agencies.iter().filter(|a| AgencyKind::parse(&a.kind) == Some(AgencyKind::AuthorizedBody))
    }
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn form_choices(ctx: &Ctx, caller: &Caller) -> AppResult<FormChoices> {
    let agencies = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Id)
        .all(&ctx.db)
        .await?;
    let services = public_service::Entity::find().order_by_asc(public_service::Column::Id).all(&ctx.db).await?;
    let regions = region::Entity::find().order_by_asc(region::Column::Code).all(&ctx.db).await?;
    let org_ids: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(caller.id()))
        .filter(membership::Column::Role.eq(OrgRole::Admin.as_str()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|m| m.organization_id)
        .collect();
    let organizations = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .order_by_asc(organization::Column::Name)
        .all(&ctx.db)
        .await?;
    Ok(FormChoices { agencies, services, regions, organizations })
}

/// What a person may do with a campaign, so that a page offers only that (the commands decide
/// again on every call).
#[derive(Clone, Copy, Debug, Default)]
pub struct Powers {
    /// On the team: edits the campaign and its questionnaire, records survey responses.
    pub team: bool,
    /// The owner: steers its state and its team.
    pub owner: bool,
}

#[tracing::instrument(skip_all, fields(campaign = c.id))]
pub async fn powers(ctx: &Ctx, caller: Option<&Caller>, c: &campaign::Model) -> AppResult<Powers> {
    let Some(caller) = caller else { return Ok(Powers::default()) };
    Ok(Powers { team: is_team(&ctx.db, c, caller.id()).await?, owner: is_owner(&ctx.db, c, caller.id()).await? })
}
