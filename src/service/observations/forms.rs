//! What the observation pages need besides the commands: whether the caller may record on a
//! campaign, the choices of the form (the campaign's scope, or the whole directory when the scope
//! leaves a dimension open), and a file checked before an observation is saved with it.
use entity::{agency, campaign, public_service, region};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::super::{Caller, Ctx, campaigns, uploads};
use crate::{
    domain::{accounts::Scope, evidence},
    error::{AppError, AppResult, Code, FieldError},
};

/// The choices of an observation form on one campaign, for its team.
pub struct FieldChoices {
    pub campaign: campaign::Model,
    /// Observations may still be added, changed and deleted (the campaign is not closed).
    pub writable: bool,
    pub services: Vec<public_service::Model>,
    pub agencies: Vec<agency::Model>,
    pub regions: Vec<region::Model>,
}

/// Whether `caller` may add to, change or delete the campaign's observations now: the same
/// checks the commands make (a write scope, the team, a campaign not closed).
#[tracing::instrument(skip_all, fields(campaign = c.id))]
pub async fn may_record(ctx: &Ctx, caller: Option<&Caller>, c: &campaign::Model) -> AppResult<bool> {
    let Some(caller) = caller else { return Ok(false) };
    if caller.require_scope(Scope::Write).is_err() || campaigns::require_writable(c).is_err() {
        return Ok(false);
    }
    campaigns::is_team(&ctx.db, c, caller.id()).await
}

/// The campaign as its team member `caller` sees it, with the form's choices. Another team's
/// draft does not exist (404) and another team's public campaign is refused (403), as in the
/// commands.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn field_choices(ctx: &Ctx, caller: &Caller, campaign_id: i64) -> AppResult<FieldChoices> {
    let c = campaigns::for_team(&ctx.db, caller, campaign_id).await?;
    let writable = campaigns::require_writable(&c).is_ok();
    let v = campaigns::view(&ctx.db, c).await?;
    let mut services = public_service::Entity::find();
    if !v.service_ids.is_empty() {
        services = services.filter(public_service::Column::Id.is_in(v.service_ids.clone()));
    }
    let mut agencies = agency::Entity::find();
    if !v.agency_ids.is_empty() {
        agencies = agencies.filter(agency::Column::Id.is_in(v.agency_ids.clone()));
    }
    let mut regions = region::Entity::find();
    if !v.regions.is_empty() {
        regions = regions.filter(region::Column::Code.is_in(v.regions.clone()));
    }
    Ok(FieldChoices {
        services: services.order_by_asc(public_service::Column::Id).all(&ctx.db).await?,
        agencies: agencies.order_by_asc(agency::Column::Id).all(&ctx.db).await?,
        regions: regions.order_by_asc(region::Column::Code).all(&ctx.db).await?,
        campaign: v.campaign,
        writable,
    })
}

/// A file chosen in an observation's form, checked as the upload store checks it (size, not
/// empty, an accepted format by its bytes) before the observation is saved, so that a refused
/// file leaves nothing stored.
#[tracing::instrument(skip_all, fields(size = bytes.len()))]
pub fn check_file(config: &crate::config::Config, pointer: &str, bytes: &[u8]) -> AppResult<()> {
    if bytes.len() > config.upload_max_bytes {
        return Err(uploads::file_too_large(config.upload_max_bytes));
    }
    if bytes.is_empty() {
        return Err(AppError::fields(Code::InvalidBody, vec![FieldError::new(pointer, "file_empty")]));
    }
    evidence::sniff(bytes)?;
    Ok(())
}
