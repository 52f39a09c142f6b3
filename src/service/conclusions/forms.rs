//! What the conclusion editor's pages need besides the commands: the campaign a conclusion may be
//! drafted on (the same check `create` makes), and the actions the service would take from this
//! person on a conclusion now, so that a page offers only those.
use entity::campaign;
use sea_orm::ConnectionTrait;

use super::{Full, state_of};
use crate::{
    domain::{
        accounts::Scope,
        campaigns::CampaignState,
        conclusions::{CorrectionReason, Event},
    },
    error::{AppError, AppResult, Code},
    service::{Caller, Ctx, campaigns},
};

/// The campaign `caller` may draft a conclusion on: on its team (another team's draft does not
/// exist, another team's public campaign is a 403), and active or completed (Art. 29 p.3: a
/// conclusion states what monitoring found).
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn drafting_campaign(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    campaign_id: i64,
) -> AppResult<campaign::Model> {
    let c = campaigns::for_team(conn, caller, campaign_id).await?;
    if !matches!(campaigns::state_of(&c), CampaignState::Active | CampaignState::Completed) {
        return Err(AppError::new(Code::CampaignNotConcludable).arg("state", &c.state));
    }
    Ok(c)
}

/// Whether `caller` may draft a conclusion on the campaign now.
#[tracing::instrument(skip_all, fields(campaign = c.id))]
pub async fn may_draft(ctx: &Ctx, caller: Option<&Caller>, c: &campaign::Model) -> AppResult<bool> {
    let Some(caller) = caller else { return Ok(false) };
    match drafting_campaign(&ctx.db, caller, c.id).await {
        Ok(_) => Ok(true),
        Err(e) if e.code == Code::Internal => Err(e),
        Err(_) => Ok(false),
    }
}

/// The commands on a conclusion the service would accept from this person in its state (submit
/// may still be refused for a missing part, which the refusal names).
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Allowed {
    pub edit: bool,
    pub submit: bool,
    pub publish: bool,
    pub correct: bool,
}

#[tracing::instrument(skip_all, fields(conclusion = full.conclusion.id))]
pub async fn allowed(ctx: &Ctx, caller: Option<&Caller>, full: &Full) -> AppResult<Allowed> {
    let Some(caller) = caller else { return Ok(Allowed::default()) };
    if caller.require_scope(Scope::Write).is_err() || !campaigns::is_team(&ctx.db, &full.campaign, caller.id()).await? {
        return Ok(Allowed::default());
    }
    let state = state_of(&full.conclusion);
    let draft = state.apply(Event::Edit).is_ok();
    let correct = CorrectionReason::parse("reason").is_ok_and(|r| state.apply(Event::Correct(r)).is_ok());
    Ok(Allowed { edit: draft, submit: draft, publish: state.apply(Event::Publish).is_ok(), correct })
}
