use crate::{api::common, http};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
use serde::Deserialize;

use super::{
    ApiTags,
    common::examples as ex,
    common::export::{CsvExport, NdjsonExport, check, csv as exports_csv, json, ndjson as exports_ndjson, next_after},
    common::{BearerAuth, Body, MaybeAuth, NoContent, double_option, lang_of},
    views::Page,
};
use crate::{
    domain::{accounts::Scope, campaigns::CampaignEvent},
    error::AppError,
    i18n::{self, Lang},
    service::{
        Ctx,
        campaigns::{self, CampaignFields, CampaignFilter, CampaignPatch},
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct CampaignsApi;

/// The state social order a campaign runs under.
#[derive(Object)]
#[oai(example)]
pub struct OrderView {
    #[oai(nullable)]
    pub reference: Option<String>,
    #[oai(nullable)]
    pub date: Option<NaiveDate>,
    /// The authorized body that ordered the monitoring.
    #[oai(nullable)]
    pub customer_id: Option<i64>,
}

/// A monitoring campaign. A draft is seen only by its team; from activation on, everything but
/// respondents' personal data is public.
#[derive(Object)]
#[oai(example)]
pub struct CampaignView {
    pub id: i64,
    /// `draft`, `active`, `completed` or `archived`.
    pub state: String,
    pub state_label: String,
    /// `own_initiative` or `state_social_order`.
    pub basis: String,
    pub basis_label: String,
    #[oai(nullable)]
    pub order: Option<OrderView>,
    /// The NGO running the campaign; none for a person's own campaign.
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    pub owner_account_id: i64,
    #[oai(nullable)]
    pub title_kk: Option<String>,
    #[oai(nullable)]
    pub title_ru: Option<String>,
    #[oai(nullable)]
    pub summary_kk: Option<String>,
    #[oai(nullable)]
    pub summary_ru: Option<String>,
    pub methodology_md: String,
    /// Sanitized HTML of the methodology.
    pub methodology_html: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// Registry services in scope.
    pub service_ids: Vec<i64>,
    pub agency_ids: Vec<i64>,
    /// KATO codes of regions in scope.
    pub regions: Vec<String>,
    /// Anyone may answer the questionnaire without an account (`POST /campaigns/{id}/survey`)
    /// while the campaign is active; such answers are anonymous and cannot be checked.
    pub open_survey: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[oai(nullable)]
    pub activated_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub completed_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub archived_at: Option<DateTime<Utc>>,
}

fn campaign_view(v: campaigns::CampaignView, lang: Lang) -> CampaignView {
    let c = v.campaign;
    CampaignView {
        state_label: i18n::text(lang, &format!("monitoring.state.{}", c.state)),
        basis_label: i18n::text(lang, &format!("monitoring.basis.{}", c.basis)),
        order: (c.basis == "state_social_order").then(|| OrderView {
            reference: c.order_reference.clone(),
            date: c.order_date,
            customer_id: c.order_customer_id,
        }),
        id: c.id,
        state: c.state,
        basis: c.basis,
        organization_id: c.organization_id,
        owner_account_id: c.owner_account_id,
        title_kk: c.title_kk,
        title_ru: c.title_ru,
        summary_kk: c.summary_kk,
        summary_ru: c.summary_ru,
        methodology_html: crate::markdown::to_html(&c.methodology_md),
        methodology_md: c.methodology_md,
        period_from: c.period_from,
        period_to: c.period_to,
        service_ids: v.service_ids,
        agency_ids: v.agency_ids,
        regions: v.regions,
        open_survey: c.open_survey,
        created_at: c.created_at,
        updated_at: c.updated_at,
        activated_at: c.activated_at,
        completed_at: c.completed_at,
        archived_at: c.archived_at,
    }
}

/// A new campaign; it starts as a private draft.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    /// Run it in the name of this NGO (you must be its administrator); its members form the team.
    #[serde(default)]
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    /// `own_initiative` or `state_social_order`.
    pub basis: String,
    /// For a state social order: its reference (contract number).
    #[serde(default)]
    #[oai(nullable)]
    pub order_reference: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub order_date: Option<NaiveDate>,
    /// The authorized body that placed the order (an agency of kind `authorized_body`).
    #[serde(default)]
    #[oai(nullable)]
    pub order_customer_id: Option<i64>,
    /// At least one of `title_kk` and `title_ru`.
    #[serde(default)]
    #[oai(nullable)]
    pub title_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub title_ru: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub summary_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub summary_ru: Option<String>,
    /// How the monitoring is done, in Markdown.
    #[oai(validator(max_length = 100000, min_length = 20))]
    pub methodology_md: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    #[serde(default)]
    #[oai(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    #[oai(default)]
    pub agency_ids: Vec<i64>,
    /// KATO codes.
    #[serde(default)]
    #[oai(default)]
    pub regions: Vec<String>,
    /// Open the survey to anyone without an account while the campaign is active (default
    /// `false`); such answers are anonymous and cannot be checked.
    #[serde(default)]
    #[oai(default)]
    pub open_survey: bool,
}

/// A partial edit; absent fields stay, `null` clears an optional text.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct CampaignChange {
    #[serde(default)]
    #[oai(nullable)]
    pub basis: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_customer_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub title_kk: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub title_ru: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub summary_kk: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub summary_ru: Option<Option<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub methodology_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub period_from: Option<NaiveDate>,
    #[serde(default)]
    #[oai(nullable)]
    pub period_to: Option<NaiveDate>,
    #[serde(default)]
    #[oai(nullable)]
    pub service_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub agency_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub regions: Option<Vec<String>>,
    /// Open or close the survey to anyone without an account.
    #[serde(default)]
    #[oai(nullable)]
    pub open_survey: Option<bool>,
}

#[derive(ApiResponse)]
pub enum CreatedCampaign {
    /// The draft campaign.
    #[oai(status = 201)]
    Created(Json<CampaignView>),
}

/// A person on a campaign's team. Names only, and only as the person chose: contacts are never
/// published.
#[derive(Object)]
#[oai(example)]
pub struct TeamMemberView {
    pub account_id: i64,
    /// The member's display name, when they chose to show it on their public records; `null` when
    /// they keep their name private.
    #[oai(nullable)]
    pub name: Option<String>,
    /// Always `null`: a legal name is never published. Read `name`.
    #[oai(nullable, deprecated)]
    pub full_name: Option<String>,
    /// `owner` or `member`.
    pub role: String,
    pub since: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewTeamMember {
    /// A member of the campaign's NGO.
    pub account_id: i64,
}

#[OpenApi(tag = "ApiTags::Monitoring")]
impl CampaignsApi {
    /// Start a monitoring campaign
    ///
    /// An individual starts one on their own; an NGO's administrator starts one in the NGO's
    /// name. It begins as a private draft: add the questionnaire and observations, then activate.
    #[oai(path = "/campaigns", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewCampaign>,
    ) -> Result<CreatedCampaign, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let v = campaigns::create(
            &ctx,
            &caller,
            b.organization_id,
            CampaignFields {
                basis: b.basis,
                order_reference: b.order_reference,
                order_date: b.order_date,
                order_customer_id: b.order_customer_id,
                title_kk: b.title_kk,
                title_ru: b.title_ru,
                summary_kk: b.summary_kk,
                summary_ru: b.summary_ru,
                methodology_md: b.methodology_md,
                period_from: b.period_from,
                period_to: b.period_to,
                service_ids: b.service_ids,
                agency_ids: b.agency_ids,
                regions: b.regions,
                open_survey: b.open_survey,
            },
        )
        .await?;
        Ok(CreatedCampaign::Created(Json(campaign_view(v, lang_of(req)))))
    }

    /// List public campaigns
    ///
    /// Active, completed and archived campaigns. Filter by state, basis, NGO, a service, agency or
    /// region in scope (a KATO code takes in what is inside it), and a date the period covers.
    #[oai(path = "/campaigns", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        /// Campaigns still running on or after this date.
        #[oai(example = "ex::period_from")]
        from: Query<Option<NaiveDate>>,
        /// Campaigns that started on or before this date.
        #[oai(example = "ex::period_to")]
        to: Query<Option<NaiveDate>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<CampaignView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        let (rows, next) = campaigns::list(&ctx, f, page).await?;
        let items =
            campaigns::views(&ctx.db, rows).await?.into_iter().map(|v| campaign_view(v, lang_of(req))).collect();
        Ok(Json(Page { items, next_cursor: next }))
    }

    /// My campaigns, drafts included
    ///
    /// Campaigns I own, run as an NGO administrator, or am on the team of.
    #[oai(path = "/me/campaigns", method = "get")]
    async fn mine(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<CampaignView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = CampaignFilter { state: state_.0, mine: Some(caller.id()), ..Default::default() };
        let (rows, next) = campaigns::list(&ctx, f, page).await?;
        let items =
            campaigns::views(&ctx.db, rows).await?.into_iter().map(|v| campaign_view(v, lang_of(req))).collect();
        Ok(Json(Page { items, next_cursor: next }))
    }

    /// One campaign
    ///
    /// A draft is visible only to its team (with their token); to others it does not exist.
    #[oai(path = "/campaigns/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let c = campaigns::get_visible(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(campaign_view(campaigns::view(&ctx.db, c).await?, lang_of(req))))
    }

    /// Edit a campaign
    ///
    /// The team edits a draft or an active campaign; a completed or archived one is read-only
    /// (`409 campaign_read_only`).
    #[oai(path = "/campaigns/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<CampaignChange>,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let v = campaigns::update(
            &ctx,
            &caller,
            id.0,
            CampaignPatch {
                basis: b.basis,
                order_reference: b.order_reference,
                order_date: b.order_date,
                order_customer_id: b.order_customer_id,
                title_kk: b.title_kk,
                title_ru: b.title_ru,
                summary_kk: b.summary_kk,
                summary_ru: b.summary_ru,
                methodology_md: b.methodology_md,
                period_from: b.period_from,
                period_to: b.period_to,
                service_ids: b.service_ids,
                agency_ids: b.agency_ids,
                regions: b.regions,
                open_survey: b.open_survey,
            },
        )
        .await?;
        Ok(Json(campaign_view(v, lang_of(req))))
    }

    /// Activate a draft
    ///
    /// From now on the campaign and its observations are public and the questionnaire is fixed.
    /// The owner does this.
    #[oai(path = "/campaigns/:id/activate", method = "post")]
    async fn activate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Activate).await
    }

    /// Complete an active campaign
    ///
    /// It becomes read-only: the record of what was found.
    #[oai(path = "/campaigns/:id/complete", method = "post")]
    async fn complete(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Complete).await
    }

    /// Archive a completed campaign
    #[oai(path = "/campaigns/:id/archive", method = "post")]
    async fn archive(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Archive).await
    }

    /// The campaign's team
    ///
    /// Names of the people behind the findings; never their contacts.
    #[oai(path = "/campaigns/:id/team", method = "get")]
    async fn team(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<Vec<TeamMemberView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let c = campaigns::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let team = campaigns::team(&ctx, &c).await?;
        Ok(Json(
            team.into_iter()
                .map(|m| TeamMemberView {
                    account_id: m.account_id,
                    name: m.name,
                    full_name: None,
                    role: m.role.into(),
                    since: m.since,
                })
                .collect(),
        ))
    }

    /// Add a member to the team
    ///
    /// An NGO's administrator adds members of the NGO to its campaign's team.
    #[oai(path = "/campaigns/:id/team", method = "post")]
    async fn add_member(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<NewTeamMember>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        campaigns::add_member(&ctx, &caller, id.0, body.0.account_id).await?;
        Ok(NoContent::Done)
    }

    /// Remove a member from the team
    #[oai(path = "/campaigns/:id/team/:account_id", method = "delete")]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::account_id")] account_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        campaigns::remove_member(&ctx, &caller, id.0, account_id.0).await?;
        Ok(NoContent::Done)
    }
}

const CAMPAIGN_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("state", "state"),
    ("basis", "basis"),
    ("order_reference", "order.reference"),
    ("order_date", "order.date"),
    ("order_customer_id", "order.customer_id"),
    ("organization_id", "organization_id"),
    ("title_kk", "title_kk"),
    ("title_ru", "title_ru"),
    ("period_from", "period_from"),
    ("period_to", "period_to"),
    ("service_ids", "service_ids"),
    ("agency_ids", "agency_ids"),
    ("regions", "regions"),
    ("activated_at", "activated_at"),
    ("completed_at", "completed_at"),
    ("updated_at", "updated_at"),
];

fn campaign_pages(ctx: Ctx, f: CampaignFilter, lang: Lang) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = campaigns::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |c| c.id);
            let out =
                campaigns::views(&ctx.db, rows).await?.into_iter().flat_map(|v| json(campaign_view(v, lang))).collect();
            Ok((out, after))
        })
    }
}
#[derive(Default)]
pub struct CampaignExportsApi;

#[OpenApi(tag = "ApiTags::Monitoring")]
impl CampaignExportsApi {
    /// Export public campaigns as CSV
    ///
    /// The list's filters; one row per campaign, streamed.
    #[oai(path = "/campaigns/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn campaigns_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        check(campaigns::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(exports_csv("campaigns", CAMPAIGN_COLUMNS, campaign_pages(ctx, f, lang_of(req))))
    }

    /// Export public campaigns as NDJSON
    #[oai(path = "/campaigns/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn campaigns_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        check(campaigns::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(exports_ndjson("campaigns", CAMPAIGN_COLUMNS, campaign_pages(ctx, f, lang_of(req))))
    }
}

#[allow(clippy::too_many_arguments)]
fn campaign_filter(
    state: Option<String>,
    basis: Option<String>,
    organization: Option<i64>,
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> CampaignFilter {
    CampaignFilter {
        state,
        basis,
        organization_id: organization,
        service_id: service,
        agency_id: agency,
        region,
        active_on_or_after: from,
        active_on_or_before: to,
        mine: None,
    }
}

impl CampaignsApi {
    async fn step(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        id: i64,
        event: CampaignEvent,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let c = campaigns::transition(&ctx, &caller, id, event).await?;
        Ok(Json(campaign_view(campaigns::view(&ctx.db, c).await?, lang_of(req))))
    }
}

mod examples;
