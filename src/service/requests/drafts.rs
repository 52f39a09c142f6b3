//! What a requester's forms need beside the commands of `requests`: the bodies a request may be
//! addressed to, the requester's organisations and public campaigns to offer, whether a draft is
//! theirs to edit, and deleting a draft that was never sent.
use entity::{agency, campaign, membership, organization, request_check};
use sea_orm::{ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder};

use super::*;

/// The choices of a request form, for one requester.
pub struct FormChoices {
    /// Active bodies the law lets monitoring ask (Art. 29 p.2), by id.
    pub addressees: Vec<agency::Model>,
    /// The organisations the requester is a member of (a request may be sent in their name).
    pub organizations: Vec<organization::Model>,
    /// The requester's campaigns a request may name: on their team and public.
    pub campaigns: Vec<campaign::Model>,
}

/// The addressees, organisations and campaigns a request form offers `caller`.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn form_choices(ctx: &Ctx, caller: &Caller) -> AppResult<FormChoices> {
    let addressees = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|a| AgencyKind::parse(&a.kind).is_some_and(may_receive_requests))
        .collect();
    let org_ids: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(caller.id()))
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
    let campaigns = campaign::Entity::find()
        .filter(super::super::campaigns::team_condition(caller.id()))
        .order_by_desc(campaign::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|c| super::super::campaigns::state_of(c).is_public())
        .collect();
    Ok(FormChoices { addressees, organizations, campaigns })
}

/// Whether `caller` may still edit (and delete) this request: their own, and not sent yet.
#[tracing::instrument(skip_all, fields(request = r.id))]
pub fn may_edit_draft(caller: Option<&Caller>, r: &info_request::Model) -> bool {
    caller.is_some_and(|c| c.id() == r.requester_id) && state_of(r) == RequestState::Draft
}

/// The requester deletes a draft that was never sent; a sent request stays on the record (it can
/// only be withdrawn). Drafts were never public, so nothing leaves the search index.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn delete_draft(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let txn = crate::service::begin(&ctx.db).await?;
    let r = find(&txn, id).await?;
    require_requester(caller, &r)?;
    if state_of(&r) != RequestState::Draft {
        return Err(AppError::new(Code::RequestNotEditable).arg("state", &r.state));
    }
    request_check::Entity::delete_many().filter(request_check::Column::RequestId.eq(id)).exec(&txn).await?;
    let before = request_audit(&r);
    r.delete(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "info_request.delete",
            entity_type: "info_request",
            entity_id: id.to_string(),
            before: Some(before),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
