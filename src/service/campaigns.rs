//! Public monitoring campaigns (Law Art. 29 p.1; Art. 26): who runs them and on what basis, what
//! they cover, who is on the team, and their life from a private draft to a public, then frozen,
//! record.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use entity::{agency, campaign, campaign_member, campaign_scope, membership, observation, public_service, region};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Query,
};
use serde_json::json;

mod choices;
pub use choices::{FormChoices, Powers, form_choices, powers};

use super::{
    Caller, Checks, Ctx, audit, organizations, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::{OrgRole, Scope, bounded_text},
        campaigns::{Basis, BasisProblem, CampaignEvent, CampaignState, ScopeDimension, check_basis},
        directory::{AgencyKind, is_kato_code, kato_prefix},
    },
    error::{AppError, AppResult, Code, FieldError},
};

/// Everything a campaign states about itself; a create gives all of it, an edit changes part.
#[derive(Clone, Debug, Default)]
pub struct CampaignFields {
    pub basis: String,
    pub order_reference: Option<String>,
    pub order_date: Option<NaiveDate>,
    pub order_customer_id: Option<i64>,
    pub title_kk: Option<String>,
    pub title_ru: Option<String>,
    pub summary_kk: Option<String>,
    pub summary_ru: Option<String>,
    pub methodology_md: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub service_ids: Vec<i64>,
    pub agency_ids: Vec<i64>,
    pub regions: Vec<String>,
    /// Anyone may answer the questionnaire without an account while the campaign is active.
    pub open_survey: bool,
}

/// A partial edit: `None` keeps the stored value; for optional texts `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct CampaignPatch {
    pub basis: Option<String>,
    pub order_reference: Option<Option<String>>,
    pub order_date: Option<Option<NaiveDate>>,
    pub order_customer_id: Option<Option<i64>>,
    pub title_kk: Option<Option<String>>,
    pub title_ru: Option<Option<String>>,
    pub summary_kk: Option<Option<String>>,
    pub summary_ru: Option<Option<String>>,
    pub methodology_md: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub service_ids: Option<Vec<i64>>,
    pub agency_ids: Option<Vec<i64>>,
    pub regions: Option<Vec<String>>,
    pub open_survey: Option<bool>,
}

/// A campaign with its scope, as the public and the team read it.
#[derive(Clone, Debug)]
pub struct CampaignView {
    pub campaign: campaign::Model,
    pub service_ids: Vec<i64>,
    pub agency_ids: Vec<i64>,
    pub regions: Vec<String>,
}

const MAX_SCOPE: usize = 200;

fn campaign_audit(c: &campaign::Model) -> serde_json::Value {
    json!({"id": c.id, "owner_account_id": c.owner_account_id, "organization_id": c.organization_id, "basis": c.basis,
           "order_reference": c.order_reference, "order_date": c.order_date, "order_customer_id": c.order_customer_id,
           "title_kk": c.title_kk, "title_ru": c.title_ru, "period_from": c.period_from, "period_to": c.period_to,
           "state": c.state, "open_survey": c.open_survey})
}

#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = id))]
pub async fn record(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    caller: &Caller,
    action: &'static str,
    entity_type: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<()> {
    audit::record(
        conn,
        ctx,
        audit::Entry { actor: Some(caller.id()), action, entity_type, entity_id: id.to_string(), before, after },
    )
    .await
}

#[tracing::instrument(skip_all)]
pub fn state_of(c: &campaign::Model) -> CampaignState {
    CampaignState::parse(&c.state).unwrap_or(CampaignState::Draft)
}

#[tracing::instrument(skip_all, fields(campaign = id))]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<campaign::Model> {
    campaign::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("campaign", id))
}

/// The owner: the person who started a personal campaign, or an administrator of the NGO that runs it.
#[tracing::instrument(skip_all, fields(account = account_id))]
pub async fn is_owner(conn: &impl ConnectionTrait, c: &campaign::Model, account_id: i64) -> AppResult<bool> {
    Ok(match c.organization_id {
        None => c.owner_account_id == account_id,
        Some(org) => organizations::role_in(conn, org, account_id).await? == Some(OrgRole::Admin),
    })
}

/// The team: the owner and, for an NGO's campaign, the members its administrators added.
#[tracing::instrument(skip_all, fields(account = account_id))]
pub async fn is_team(conn: &impl ConnectionTrait, c: &campaign::Model, account_id: i64) -> AppResult<bool> {
    if is_owner(conn, c, account_id).await? {
        return Ok(true);
    }
    let Some(org) = c.organization_id else { return Ok(false) };
    // Leaving the NGO ends one's place on its teams without anyone having to remember it.
    if organizations::role_in(conn, org, account_id).await?.is_none() {
        return Ok(false);
    }
    Ok(campaign_member::Entity::find()
        .filter(campaign_member::Column::CampaignId.eq(c.id))
        .filter(campaign_member::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .is_some())
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn require_team(conn: &impl ConnectionTrait, c: &campaign::Model, caller: &Caller) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    if is_team(conn, c, caller.id()).await? { Ok(()) } else { Err(AppError::new(Code::NotCampaignMember)) }
}

/// The campaign `caller` acts on as a team member. One answer per caller: a draft of another team
/// does not exist (404), a public campaign of another team is refused (403).
#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = id))]
pub async fn for_team(conn: &impl ConnectionTrait, caller: &Caller, id: i64) -> AppResult<campaign::Model> {
    caller.require_scope(Scope::Write)?;
    let c = find(conn, id).await?;
    if is_team(conn, &c, caller.id()).await? {
        Ok(c)
    } else if state_of(&c).is_public() {
        Err(AppError::new(Code::NotCampaignMember))
    } else {
        Err(AppError::not_found("campaign", id))
    }
}

/// The campaign `caller` steers as its owner; the team sees a 403, everyone else the same as
/// `for_team`.
async fn for_owner(conn: &impl ConnectionTrait, caller: &Caller, id: i64) -> AppResult<campaign::Model> {
    caller.require_scope(Scope::Write)?;
    let c = find(conn, id).await?;
    if is_owner(conn, &c, caller.id()).await? {
        Ok(c)
    } else if state_of(&c).is_public() || is_team(conn, &c, caller.id()).await? {
        Err(AppError::new(Code::NotCampaignOwner))
    } else {
        Err(AppError::not_found("campaign", id))
    }
}

/// A completed or archived campaign refuses every change.
#[tracing::instrument(skip_all)]
pub fn require_writable(c: &campaign::Model) -> AppResult<()> {
    if state_of(c).is_read_only() { Err(AppError::new(Code::CampaignReadOnly).arg("state", &c.state)) } else { Ok(()) }
}

/// A campaign as `caller` may see it: a draft exists only for its team (others get a 404, not a
/// 403, so a draft's existence does not leak).
#[tracing::instrument(skip_all, fields(campaign = id))]
pub async fn get_visible(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<campaign::Model> {
    let c = find(&ctx.db, id).await?;
    if state_of(&c).is_public() {
        return Ok(c);
    }
    match caller {
        Some(caller) if is_team(&ctx.db, &c, caller.id()).await? => Ok(c),
        _ => Err(AppError::not_found("campaign", id)),
    }
}

fn opt_text(c: &mut Checks, pointer: &str, value: &Option<String>, min: usize, max: usize) -> Option<Option<String>> {
    match value.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Some(None),
        Some(t) => c.take(bounded_text(pointer, t, min, max)).map(Some),
    }
}

/// Check every field, refusing with all problems at once. Returns the cleaned fields.
async fn check(conn: &impl ConnectionTrait, f: &CampaignFields) -> AppResult<(Basis, CampaignFields)> {
    let mut c = Checks::default();
    let basis = Basis::parse(&f.basis);
    if basis.is_none() {
        c.push(FieldError::new("/basis", "invalid_value").arg("value", &f.basis));
    }
    let order_reference = opt_text(&mut c, "/order_reference", &f.order_reference, 1, 100);
    if let Some(b) = basis {
        for p in check_basis(b, f.order_reference.as_deref(), f.order_date, f.order_customer_id) {
            match p {
                BasisProblem::OrderDetailsMissing(field) => {
                    c.push(FieldError::new(format!("/{field}"), "order_details_missing"))
                }
                BasisProblem::OrderDetailsNotAllowed(field) => {
                    c.push(FieldError::new(format!("/{field}"), "order_details_not_allowed"))
                }
            }
        }
    }
    if let Some(customer) = f.order_customer_id {
        match agency::Entity::find_by_id(customer).one(conn).await? {
            None => c.push(FieldError::new("/order_customer_id", "unknown_agency").arg("value", customer)),
            // The state social order for monitoring is placed by the authorized body (Law Art. 29 p.1).
            Some(a) if AgencyKind::parse(&a.kind) != Some(AgencyKind::AuthorizedBody) => {
                c.push(FieldError::new("/order_customer_id", "not_authorized_body").arg("value", customer))
            }
            Some(_) => {}
        }
    }
    let title_kk = opt_text(&mut c, "/title_kk", &f.title_kk, 5, 500);
    let title_ru = opt_text(&mut c, "/title_ru", &f.title_ru, 5, 500);
    if matches!((&title_kk, &title_ru), (Some(None), Some(None))) {
        c.push(FieldError::new("/title_ru", "at_least_one_of").arg("fields", "title_kk, title_ru"));
    }
    let summary_kk = opt_text(&mut c, "/summary_kk", &f.summary_kk, 1, 5000);
    let summary_ru = opt_text(&mut c, "/summary_ru", &f.summary_ru, 1, 5000);
    let methodology = c.take(bounded_text("/methodology_md", &f.methodology_md, 20, 100_000));
    if f.period_to < f.period_from {
        c.push(FieldError::new("/period_to", "period_reversed"));
    }
    for (pointer, len) in
        [("/service_ids", f.service_ids.len()), ("/agency_ids", f.agency_ids.len()), ("/regions", f.regions.len())]
    {
        if len > MAX_SCOPE {
            c.push(FieldError::new(pointer, "too_many").arg("max", MAX_SCOPE));
        }
    }
    let services: BTreeSet<i64> = public_service::Entity::find()
        .select_only()
        .column(public_service::Column::Id)
        .filter(public_service::Column::Id.is_in(f.service_ids.clone()))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let agencies: BTreeSet<i64> = agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .filter(agency::Column::Id.is_in(f.agency_ids.clone()))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    for (field, ids, known, code) in [
        ("service_ids", &f.service_ids, &services, "unknown_service"),
        ("agency_ids", &f.agency_ids, &agencies, "unknown_agency"),
    ] {
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id) {
                c.push(FieldError::new(format!("/{field}/{i}"), code).arg("value", id));
            }
        }
    }
    let regions: BTreeSet<String> = region::Entity::find()
        .filter(region::Column::Code.is_in(f.regions.iter().filter(|r| is_kato_code(r)).cloned()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    for (i, code) in f.regions.iter().enumerate() {
        if !regions.contains(code) {
            c.push(FieldError::new(format!("/regions/{i}"), "unknown_region").arg("value", code));
        }
    }
    c.finish()?;
    let dedup_ids = |v: &[i64]| v.iter().copied().collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>();
    Ok((
        basis.unwrap_or(Basis::OwnInitiative),
        CampaignFields {
            basis: f.basis.clone(),
            order_reference: order_reference.flatten(),
            order_date: f.order_date,
            order_customer_id: f.order_customer_id,
            title_kk: title_kk.flatten(),
            title_ru: title_ru.flatten(),
            summary_kk: summary_kk.flatten(),
            summary_ru: summary_ru.flatten(),
            methodology_md: methodology.unwrap_or_default(),
            period_from: f.period_from,
            period_to: f.period_to,
            service_ids: dedup_ids(&f.service_ids),
            agency_ids: dedup_ids(&f.agency_ids),
            regions: regions.into_iter().collect(),
            open_survey: f.open_survey,
        },
    ))
}

async fn write_scope(conn: &impl ConnectionTrait, id: i64, f: &CampaignFields) -> AppResult<()> {
    campaign_scope::Entity::delete_many().filter(campaign_scope::Column::CampaignId.eq(id)).exec(conn).await?;
    let rows: Vec<campaign_scope::ActiveModel> = f
        .service_ids
        .iter()
        .map(|s| (ScopeDimension::Service, s.to_string()))
        .chain(f.agency_ids.iter().map(|a| (ScopeDimension::Agency, a.to_string())))
        .chain(f.regions.iter().map(|r| (ScopeDimension::Region, r.clone())))
        .map(|(d, key)| campaign_scope::ActiveModel {
            campaign_id: Set(id),
            dimension: Set(d.as_str().to_string()),
            ref_key: Set(key),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        campaign_scope::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

fn apply_fields(a: &mut campaign::ActiveModel, f: CampaignFields) {
    a.basis = Set(f.basis);
    a.order_reference = Set(f.order_reference);
    a.order_date = Set(f.order_date);
    a.order_customer_id = Set(f.order_customer_id);
    a.title_kk = Set(f.title_kk);
    a.title_ru = Set(f.title_ru);
    a.summary_kk = Set(f.summary_kk);
    a.summary_ru = Set(f.summary_ru);
    a.methodology_md = Set(f.methodology_md);
    a.period_from = Set(f.period_from);
    a.period_to = Set(f.period_to);
    a.open_survey = Set(f.open_survey);
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create(
    ctx: &Ctx,
    caller: &Caller,
    organization_id: Option<i64>,
    fields: CampaignFields,
) -> AppResult<CampaignView> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    if let Some(org) = organization_id {
        entity::organization::Entity::find_by_id(org)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("organization", org))?;
        // The NGO's administrators speak for it; members work on the teams they are added to.
        if organizations::role_in(&txn, org, caller.id()).await? != Some(OrgRole::Admin) {
            return Err(AppError::new(Code::NotOrganizationAdmin));
        }
    }
    let (_, f) = check(&txn, &fields).await?;
    let mut a = campaign::ActiveModel {
        owner_account_id: Set(caller.id()),
        organization_id: Set(organization_id),
        state: Set(CampaignState::Draft.as_str().to_string()),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    };
    apply_fields(&mut a, f.clone());
    let c = a.insert(&txn).await?;
    write_scope(&txn, c.id, &f).await?;
    record(&txn, ctx, caller, "campaign.create", "campaign", c.id, None, Some(campaign_audit(&c))).await?;
    txn.commit().await?;
    Ok(CampaignView { campaign: c, service_ids: f.service_ids, agency_ids: f.agency_ids, regions: f.regions })
}

#[tracing::instrument(skip_all)]
pub async fn view(conn: &impl ConnectionTrait, c: campaign::Model) -> AppResult<CampaignView> {
    let id = c.id;
    views(conn, vec![c]).await?.pop().ok_or_else(|| AppError::not_found("campaign", id))
}

/// Campaigns with their scope, in the order given: one scope query for a whole page.
#[tracing::instrument(skip_all)]
pub async fn views(conn: &impl ConnectionTrait, campaigns: Vec<campaign::Model>) -> AppResult<Vec<CampaignView>> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let scope = campaign_scope::Entity::find()
        .filter(campaign_scope::Column::CampaignId.is_in(campaigns.iter().map(|c| c.id)))
        .order_by_asc(campaign_scope::Column::Id)
        .all(conn)
        .await?;
    Ok(campaigns
        .into_iter()
        .map(|c| {
            let of = |d: ScopeDimension| {
                scope
                    .iter()
                    .filter(move |s| s.campaign_id == c.id && s.dimension == d.as_str())
                    .map(|s| s.ref_key.clone())
            };
            CampaignView {
                service_ids: of(ScopeDimension::Service).filter_map(|k| k.parse().ok()).collect(),
                agency_ids: of(ScopeDimension::Agency).filter_map(|k| k.parse().ok()).collect(),
                regions: of(ScopeDimension::Region).collect(),
                campaign: c,
            }
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(campaign = id))]
pub async fn update(ctx: &Ctx, caller: &Caller, id: i64, p: CampaignPatch) -> AppResult<CampaignView> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let c = for_team(&txn, caller, id).await?;
    require_writable(&c)?;
    let current = view(&txn, c.clone()).await?;
    let f = CampaignFields {
        basis: p.basis.unwrap_or(c.basis.clone()),
        order_reference: p.order_reference.unwrap_or(c.order_reference.clone()),
        order_date: p.order_date.unwrap_or(c.order_date),
        order_customer_id: p.order_customer_id.unwrap_or(c.order_customer_id),
        title_kk: p.title_kk.unwrap_or(c.title_kk.clone()),
        title_ru: p.title_ru.unwrap_or(c.title_ru.clone()),
        summary_kk: p.summary_kk.unwrap_or(c.summary_kk.clone()),
        summary_ru: p.summary_ru.unwrap_or(c.summary_ru.clone()),
        methodology_md: p.methodology_md.unwrap_or(c.methodology_md.clone()),
        period_from: p.period_from.unwrap_or(c.period_from),
        period_to: p.period_to.unwrap_or(c.period_to),
        service_ids: p.service_ids.unwrap_or(current.service_ids),
        agency_ids: p.agency_ids.unwrap_or(current.agency_ids),
        regions: p.regions.unwrap_or(current.regions),
        open_survey: p.open_survey.unwrap_or(c.open_survey),
    };
    let (_, f) = check(&txn, &f).await?;
    let before = campaign_audit(&c);
    let mut a = c.into_active_model();
    apply_fields(&mut a, f.clone());
    a.updated_at = Set(ctx.now);
    let c = a.update(&txn).await?;
    write_scope(&txn, c.id, &f).await?;
    record(&txn, ctx, caller, "campaign.update", "campaign", c.id, Some(before), Some(campaign_audit(&c))).await?;
    if state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, "campaign", c.id, outbox::UPSERT).await?;
    }
    txn.commit().await?;
    Ok(CampaignView { campaign: c, service_ids: f.service_ids, agency_ids: f.agency_ids, regions: f.regions })
}

#[tracing::instrument(skip_all, fields(campaign = id, event = event.as_str()))]
pub async fn transition(ctx: &Ctx, caller: &Caller, id: i64, event: CampaignEvent) -> AppResult<campaign::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let c = for_owner(&txn, caller, id).await?;
    let next = state_of(&c).apply(event).map_err(|e| {
        AppError::new(Code::CampaignTransitionNotAllowed).arg("state", e.from.as_str()).arg("action", e.event.as_str())
    })?;
    let before = campaign_audit(&c);
    let mut a = c.into_active_model();
    a.state = Set(next.as_str().to_string());
    a.updated_at = Set(ctx.now);
    match event {
        CampaignEvent::Activate => a.activated_at = Set(Some(ctx.now)),
        CampaignEvent::Complete => a.completed_at = Set(Some(ctx.now)),
        CampaignEvent::Archive => a.archived_at = Set(Some(ctx.now)),
    }
    let c = a.update(&txn).await?;
    let action = match event {
        CampaignEvent::Activate => "campaign.activate",
        CampaignEvent::Complete => "campaign.complete",
        CampaignEvent::Archive => "campaign.archive",
    };
    record(&txn, ctx, caller, action, "campaign", c.id, Some(before), Some(campaign_audit(&c))).await?;
    outbox::enqueue(&txn, ctx, "campaign", c.id, outbox::UPSERT).await?;
    if event == CampaignEvent::Activate {
        // What the team gathered while preparing becomes public with the campaign.
        let ids: Vec<i64> = observation::Entity::find()
            .select_only()
            .column(observation::Column::Id)
            .filter(observation::Column::CampaignId.eq(c.id))
            .into_tuple()
            .all(&txn)
            .await?;
        for oid in ids {
            outbox::enqueue(&txn, ctx, "observation", oid, outbox::UPSERT).await?;
        }
    }
    txn.commit().await?;
    Ok(c)
}

#[derive(Clone, Debug, Default)]
pub struct CampaignFilter {
    pub state: Option<String>,
    pub basis: Option<String>,
    pub organization_id: Option<i64>,
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub region: Option<String>,
    /// Campaigns whose period overlaps this date range.
    pub active_on_or_after: Option<NaiveDate>,
    pub active_on_or_before: Option<NaiveDate>,
    /// Only campaigns the caller is on the team of, drafts included.
    pub mine: Option<i64>,
}

/// The campaigns whose team `account` is on, as a condition over `campaign` (the same rule as
/// `is_team`, in SQL).
#[tracing::instrument(skip_all)]
pub fn team_condition(account: i64) -> Condition {
    let orgs_admin = Query::select()
        .column(membership::Column::OrganizationId)
        .from(membership::Entity)
        .and_where(membership::Column::AccountId.eq(account))
        .and_where(membership::Column::Role.eq(OrgRole::Admin.as_str()))
        .to_owned();
    let orgs_member = Query::select()
        .column(membership::Column::OrganizationId)
        .from(membership::Entity)
        .and_where(membership::Column::AccountId.eq(account))
        .to_owned();
    let member_of = Query::select()
        .column(campaign_member::Column::CampaignId)
        .from(campaign_member::Entity)
        .and_where(campaign_member::Column::AccountId.eq(account))
        .to_owned();
    Condition::any()
        .add(
            Condition::all()
                .add(campaign::Column::OrganizationId.is_null())
                .add(campaign::Column::OwnerAccountId.eq(account)),
        )
        .add(campaign::Column::OrganizationId.in_subquery(orgs_admin))
        .add(
            Condition::all()
                .add(campaign::Column::Id.in_subquery(member_of))
                .add(campaign::Column::OrganizationId.in_subquery(orgs_member)),
        )
}

/// The ids of the campaigns whose team `account` is on.
#[tracing::instrument(skip_all)]
pub fn team_campaigns(account: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select().column(campaign::Column::Id).from(campaign::Entity).cond_where(team_condition(account)).to_owned()
}

fn in_scope(dimension: ScopeDimension, keys: Vec<String>) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(campaign_scope::Column::CampaignId)
        .from(campaign_scope::Entity)
        .and_where(campaign_scope::Column::Dimension.eq(dimension.as_str()))
        .and_where(campaign_scope::Column::RefKey.is_in(keys))
        .to_owned()
}

/// Public campaigns (with `mine`, the caller's own, drafts included), filtered and keyset-paged.
#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Ctx,
    f: CampaignFilter,
    page: PageRequest,
) -> AppResult<(Vec<campaign::Model>, Option<String>)> {
    let mut q = campaign::Entity::find();
    match f.mine {
        Some(account) => q = q.filter(team_condition(account)),
        None => q = q.filter(campaign::Column::State.ne(CampaignState::Draft.as_str())),
    }
    if let Some(s) = f.state {
        let s = CampaignState::parse(&s)
            .ok_or_else(|| AppError::invalid_parameter("state", "one of draft, active, completed, archived"))?;
        q = q.filter(campaign::Column::State.eq(s.as_str()));
    }
    if let Some(b) = f.basis {
        let b = Basis::parse(&b)
            .ok_or_else(|| AppError::invalid_parameter("basis", "one of own_initiative, state_social_order"))?;
        q = q.filter(campaign::Column::Basis.eq(b.as_str()));
    }
    if let Some(o) = f.organization_id {
        q = q.filter(campaign::Column::OrganizationId.eq(o));
    }
    if let Some(s) = f.service_id {
        q = q.filter(campaign::Column::Id.in_subquery(in_scope(ScopeDimension::Service, vec![s.to_string()])));
    }
    if let Some(a) = f.agency_id {
        q = q.filter(campaign::Column::Id.in_subquery(in_scope(ScopeDimension::Agency, vec![a.to_string()])));
    }
    if let Some(r) = f.region {
        if !is_kato_code(&r) {
            return Err(AppError::invalid_parameter("region", "a KATO code has nine digits"));
        }
        // A campaign covering a region covers the places inside it, and one covering a district is
        // found from its oblast: both directions of the KATO prefix.
        let codes: Vec<String> = region::Entity::find()
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|x| x.code)
            .filter(|c| c.starts_with(kato_prefix(&r)) || r.starts_with(kato_prefix(c)))
            .collect();
        q = q.filter(campaign::Column::Id.in_subquery(in_scope(ScopeDimension::Region, codes)));
    }
    if let Some(d) = f.active_on_or_after {
        q = q.filter(campaign::Column::PeriodTo.gte(d));
    }
    if let Some(d) = f.active_on_or_before {
        q = q.filter(campaign::Column::PeriodFrom.lte(d));
    }
    if let Some(after) = page.after {
        q = q.filter(campaign::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(campaign::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |c| c.id))
}

pub struct TeamMember {
    pub account_id: i64,
    /// As `accounts::public_name` decides: `None` for a member who keeps their name private.
    pub name: Option<String>,
    pub role: &'static str,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// The team as the public sees it: who stands behind the findings (Art. 26, reliability), each
/// under the name they chose to show, never their contacts.
#[tracing::instrument(skip_all)]
pub async fn team(ctx: &Ctx, c: &campaign::Model) -> AppResult<Vec<TeamMember>> {
    let mut out = Vec::new();
    let owner = entity::account::Entity::find_by_id(c.owner_account_id).one(&ctx.db).await?;
    out.push(TeamMember {
        account_id: c.owner_account_id,
        name: owner.as_ref().and_then(super::accounts::public_name),
        role: "owner",
        since: c.created_at,
    });
    let members = campaign_member::Entity::find()
        .filter(campaign_member::Column::CampaignId.eq(c.id))
        .order_by_asc(campaign_member::Column::Id)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i64> = members.iter().map(|m| m.account_id).collect();
    let accounts = entity::account::Entity::find().filter(entity::account::Column::Id.is_in(ids)).all(&ctx.db).await?;
    for m in members {
        out.push(TeamMember {
            account_id: m.account_id,
            name: accounts.iter().find(|a| a.id == m.account_id).and_then(super::accounts::public_name),
            role: "member",
            since: m.created_at,
        });
    }
    Ok(out)
}

/// Whether `caller` reads what a moderator hid in this campaign (observations, evidence): its team
/// and moderators do, as the authors of the hidden words and those who hid them.
pub async fn reads_hidden(
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    caller: Option<&Caller>,
) -> AppResult<bool> {
    if caller.is_some_and(Caller::moderates) {
        return Ok(true);
    }
    match caller {
        Some(caller) => is_team(conn, c, caller.id()).await,
        None => Ok(false),
    }
}

#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = id, target_account = account_id))]
pub async fn add_member(ctx: &Ctx, caller: &Caller, id: i64, account_id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let c = for_owner(&txn, caller, id).await?;
    require_writable(&c)?;
    let Some(org) = c.organization_id else {
        return Err(AppError::validation(vec![FieldError::new("/account_id", "team_needs_organization")]));
    };
    if organizations::role_in(&txn, org, account_id).await?.is_none() {
        return Err(AppError::validation(vec![
            FieldError::new("/account_id", "not_organization_member").arg("value", account_id),
        ]));
    }
    let exists = campaign_member::Entity::find()
        .filter(campaign_member::Column::CampaignId.eq(id))
        .filter(campaign_member::Column::AccountId.eq(account_id))
        .one(&txn)
        .await?
        .is_some();
    if !exists {
        campaign_member::ActiveModel {
            campaign_id: Set(id),
            account_id: Set(account_id),
            added_by: Set(caller.id()),
            created_at: Set(ctx.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, ctx, caller, "campaign.member_add", "campaign", id, None, Some(json!({"account_id": account_id})))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = id, target_account = account_id))]
pub async fn remove_member(ctx: &Ctx, caller: &Caller, id: i64, account_id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let c = for_owner(&txn, caller, id).await?;
    require_writable(&c)?;
    let gone = campaign_member::Entity::delete_many()
        .filter(campaign_member::Column::CampaignId.eq(id))
        .filter(campaign_member::Column::AccountId.eq(account_id))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::not_found("team member", account_id));
    }
    record(&txn, ctx, caller, "campaign.member_remove", "campaign", id, Some(json!({"account_id": account_id})), None)
        .await?;
    txn.commit().await?;
    Ok(())
}
