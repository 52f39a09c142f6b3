//! Observations of public monitoring over HTTP (Law Art. 29 p.1): recorded by a campaign's team
//! against the ten violation categories, read by anyone in their public part, and exported.

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
    common::{BearerAuth, Body, MaybeAuth, NoContent, lang_of},
    evidence::{EvidenceView, evidence_view},
    views::Page,
};
use crate::{
    domain::{accounts::Scope, violations::ViolationCategory},
    error::AppError,
    i18n::{self, Lang},
    service::{
        Ctx,
        exports::{Column, PAGE, PageFuture},
        observations::{self, ObservationFilter, ObservationInput, Respondent, ViolationInput},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct ObservationsApi;

/// A violation category of form 1-мк.
#[derive(Object)]
#[oai(example)]
pub struct CategoryView {
    /// The stable key, e.g. `deadline_breached`.
    pub category: String,
    /// The row of form 1-мк, `3.1` to `3.10`.
    pub form_row: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// A violation found, in one of the ten categories of form 1-мк.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ViolationBody {
    /// One of the ten categories (see `GET /api/v1/violation-categories`).
    pub category: String,
    #[serde(default)]
    #[oai(default)]
    pub note: String,
}

#[derive(Object)]
#[oai(example)]
pub struct ViolationView {
    pub category: String,
    /// The category's name in the client's language.
    pub category_name: String,
    /// Its row in form 1-мк.
    pub form_row: String,
    pub note: String,
}

/// Who answered. Personal data: stored apart, shown only to the campaign's team, never published.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct RespondentBody {
    #[serde(default)]
    #[oai(nullable)]
    pub name: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub phone: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub iin: Option<String>,
}

/// One visit, check or case.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ObservationBody {
    pub service_id: i64,
    pub agency_id: i64,
    /// KATO code of the place; required unless `online`.
    #[serde(default)]
    #[oai(nullable)]
    pub region: Option<String>,
    /// Address of the office; required unless `online`.
    #[serde(default)]
    #[oai(validator(max_length = 500, min_length = 3), nullable)]
    pub address: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub online: bool,
    /// Within the campaign's period, not in the future.
    pub observed_on: NaiveDate,
    /// `provider_office`, `state_corporation`, `egov_portal`, `mobile` or `other_system`.
    pub channel: String,
    /// 0 to 1440.
    #[serde(default)]
    #[oai(nullable)]
    pub waiting_minutes: Option<i32>,
    /// Days the service took, counted in the unit of its normative term (working or calendar days).
    #[serde(default)]
    #[oai(nullable)]
    pub days_taken: Option<i32>,
    /// `rendered`, `refused`, `not_received` or `pending`.
    pub outcome: String,
    /// 1 (very unsatisfied) to 5 (very satisfied).
    #[serde(default)]
    #[oai(nullable)]
    pub satisfaction: Option<i16>,
    /// Public notes, in Markdown. Do not put personal data here.
    #[serde(default)]
    #[oai(validator(max_length = 20000, min_length = 1), nullable)]
    pub note_md: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub violations: Vec<ViolationBody>,
    #[serde(default)]
    #[oai(nullable)]
    pub respondent: Option<RespondentBody>,
}

/// The service's normative term when the observation was made.
#[derive(Object)]
#[oai(example)]
pub struct TermView {
    pub value: i32,
    /// `working_days`, `calendar_days`, `hours` or `minutes`.
    pub unit: String,
}

/// An observation's public part: never the respondent.
#[derive(Object)]
#[oai(example)]
pub struct ObservationView {
    pub id: i64,
    pub campaign_id: i64,
    pub service_id: i64,
    pub agency_id: i64,
    #[oai(nullable)]
    pub region: Option<String>,
    pub online: bool,
    #[oai(nullable)]
    pub address: Option<String>,
    pub observed_on: NaiveDate,
    pub channel: String,
    pub channel_label: String,
    #[oai(nullable)]
    pub waiting_minutes: Option<i32>,
    #[oai(nullable)]
    pub days_taken: Option<i32>,
    #[oai(nullable)]
    pub normative_term: Option<TermView>,
    /// Days taken beyond the normative term (only for terms counted in days).
    #[oai(nullable)]
    pub term_exceeded: Option<bool>,
    pub outcome: String,
    pub outcome_label: String,
    #[oai(nullable)]
    pub satisfaction: Option<i16>,
    pub note_md: String,
    pub note_html: String,
    pub violations: Vec<ViolationView>,
    /// Files backing the observation.
    pub evidence: Vec<EvidenceView>,
    /// The team member who recorded it.
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Why a moderator hid it: only for readers who still see it (authors, moderators).
    #[oai(skip_serializing_if_is_none)]
    pub hidden: Option<common::HiddenView>,
}

pub fn observation_view(v: observations::ObservationView, lang: Lang) -> ObservationView {
    let o = v.observation;
    ObservationView {
        hidden: crate::domain::moderation::Hidden::of(o.hidden_at, o.hidden_reason.as_deref()).map(Into::into),
        channel_label: i18n::text(lang, &format!("monitoring.channel.{}", o.channel)),
        outcome_label: i18n::text(lang, &format!("monitoring.outcome.{}", o.outcome)),
        normative_term: o.term_value.zip(o.term_unit.clone()).map(|(value, unit)| TermView { value, unit }),
        violations: v
            .violations
            .into_iter()
            .map(|x| ViolationView {
                category_name: i18n::text(lang, &format!("violations.{}", x.category)),
                form_row: ViolationCategory::parse(&x.category).map(|c| c.form_row()).unwrap_or_default().to_string(),
                category: x.category,
                note: x.note,
            })
            .collect(),
        evidence: v.evidence.into_iter().map(|e| evidence_view(o.campaign_id, e)).collect(),
        id: o.id,
        campaign_id: o.campaign_id,
        service_id: o.service_id,
        agency_id: o.agency_id,
        region: o.region,
        online: o.online,
        address: o.address,
        observed_on: o.observed_on,
        channel: o.channel,
        waiting_minutes: o.waiting_minutes,
        days_taken: o.days_taken,
        term_exceeded: o.term_exceeded,
        outcome: o.outcome,
        satisfaction: o.satisfaction,
        note_html: crate::markdown::to_html(&o.note_md),
        note_md: o.note_md,
        recorded_by: o.created_by,
        created_at: o.created_at,
        updated_at: o.updated_at,
    }
}

fn observation_input(b: ObservationBody) -> ObservationInput {
    ObservationInput {
        service_id: b.service_id,
        agency_id: b.agency_id,
        region: b.region,
        address: b.address,
        online: b.online,
        observed_on: b.observed_on,
        channel: b.channel,
        waiting_minutes: b.waiting_minutes,
        days_taken: b.days_taken,
        outcome: b.outcome,
        satisfaction: b.satisfaction,
        note_md: b.note_md,
        violations: b.violations.into_iter().map(|v| ViolationInput { category: v.category, note: v.note }).collect(),
        respondent: b.respondent.map(|r| Respondent { name: r.name, phone: r.phone, iin: r.iin }),
    }
}

#[derive(ApiResponse)]
pub enum CreatedObservation {
    /// The observation (public part).
    #[oai(status = 201)]
    Created(Json<ObservationView>),
}

/// The respondent of an observation: personal data, for the campaign's team only.
#[derive(Object)]
#[oai(example)]
pub struct RespondentView {
    #[oai(nullable)]
    pub name: Option<String>,
    #[oai(nullable)]
    pub phone: Option<String>,
    #[oai(nullable)]
    pub iin: Option<String>,
}

#[OpenApi(tag = "ApiTags::Monitoring")]
impl ObservationsApi {
    /// The ten violation categories
    ///
    /// The categories the state itself counts (Rules of state control over the quality of public
    /// services, form 1-мк, rows 3.1-3.10): observations record violations in them, reports count
    /// them. Names in Kazakh, Russian and English.
    #[oai(path = "/violation-categories", method = "get")]
    async fn violation_categories(&self) -> Result<Json<Vec<CategoryView>>, AppError> {
        Ok(Json(
            ViolationCategory::ALL
                .iter()
                .map(|c| {
                    let key = format!("violations.{}", c.as_str());
                    CategoryView {
                        category: c.as_str().into(),
                        form_row: c.form_row().into(),
                        name_kk: i18n::text(Lang::Kk, &key),
                        name_ru: i18n::text(Lang::Ru, &key),
                        name_en: i18n::text(Lang::En, &key),
                    }
                })
                .collect(),
        ))
    }

    /// Record an observation
    ///
    /// The team records observations while the campaign is a draft or active. Violations use the
    /// ten categories of form 1-мк. A respondent's name, phone and IIN are stored apart and never
    /// published.
    #[oai(path = "/campaigns/:id/observations", method = "post")]
    async fn create_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<ObservationBody>,
    ) -> Result<CreatedObservation, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let v = observations::create(&ctx, &caller, id.0, observation_input(body.0)).await?;
        Ok(CreatedObservation::Created(Json(observation_view(v, lang_of(req)))))
    }

    /// List a campaign's observations
    ///
    /// Public part only. Filter by service, agency, region, channel, outcome, violation category
    /// and date.
    #[oai(path = "/campaigns/:id/observations", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list_observations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        /// A violation category.
        #[oai(example = "ex::violation")]
        violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ObservationView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let lang = lang_of(req);
        let (rows, next) = observations::list(&ctx, caller.as_ref(), id.0, f, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(|v| observation_view(v, lang)).collect(), next_cursor: next }))
    }

    /// Observations of every public campaign (open data)
    ///
    /// The public part of each observation of every campaign from activation on (a draft's never
    /// appear), ordered by id. Filter by campaign and as a campaign's list does.
    #[oai(path = "/observations", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// A KATO code; takes in the places inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        /// A violation category.
        #[oai(example = "ex::violation")]
        violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ObservationView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let lang = lang_of(req);
        let (rows, next) = observations::list_public(&ctx, campaign.0, f, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(|v| observation_view(v, lang)).collect(), next_cursor: next }))
    }

    /// One observation of a public campaign (public part)
    #[oai(path = "/observations/:id", method = "get")]
    async fn public_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::observation_id")] id: Path<i64>,
    ) -> Result<Json<ObservationView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(observation_view(observations::get_public(&ctx, id.0).await?, lang_of(req))))
    }

    /// One observation (public part)
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "get")]
    async fn get_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<ObservationView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let v = observations::get(&ctx, caller.as_ref(), id.0, observation_id.0).await?;
        Ok(Json(observation_view(v, lang_of(req))))
    }

    /// Correct an observation
    ///
    /// Replaces it whole; the audit log keeps what it said before.
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "put")]
    async fn replace_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        body: Body<ObservationBody>,
    ) -> Result<Json<ObservationView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let v = observations::replace(&ctx, &caller, id.0, observation_id.0, observation_input(body.0)).await?;
        Ok(Json(observation_view(v, lang_of(req))))
    }

    /// Delete an observation
    ///
    /// Only while the campaign is a draft or active.
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "delete")]
    async fn delete_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        observations::delete(&ctx, &caller, id.0, observation_id.0).await?;
        Ok(NoContent::Done)
    }

    /// The respondent of an observation
    ///
    /// Personal data, for the campaign's team only. `null` when nobody was asked.
    #[oai(path = "/campaigns/:id/observations/:observation_id/respondent", method = "get")]
    async fn respondent(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<Option<RespondentView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let p = observations::personal(&ctx, &caller, id.0, observation_id.0).await?;
        Ok(Json(p.map(|p| RespondentView { name: p.name, phone: p.phone, iin: p.iin })))
    }

    /// Export a campaign's observations as CSV
    ///
    /// Public part only, with the list's filters; streamed.
    #[oai(path = "/campaigns/:id/observations/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list(&ctx, caller.as_ref(), id.0, f.clone(), first)).await?;
        let name = format!("campaign-{}-observations", id.0);
        Ok(exports_csv(&name, OBSERVATION_COLUMNS, observation_pages(ctx, caller, id.0, f, lang_of(req))))
    }

    /// Export a campaign's observations as NDJSON
    #[oai(path = "/campaigns/:id/observations/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list(&ctx, caller.as_ref(), id.0, f.clone(), first)).await?;
        let name = format!("campaign-{}-observations", id.0);
        Ok(exports_ndjson(&name, OBSERVATION_COLUMNS, observation_pages(ctx, caller, id.0, f, lang_of(req))))
    }

    /// Export every public campaign's observations as CSV
    ///
    /// Public part only, with the flat list's filters; streamed.
    #[oai(path = "/observations/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list_public(&ctx, campaign.0, f.clone(), first)).await?;
        Ok(exports_csv("observations", OBSERVATION_COLUMNS, public_observation_pages(ctx, campaign.0, f, lang_of(req))))
    }

    /// Export every public campaign's observations as NDJSON
    #[oai(path = "/observations/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list_public(&ctx, campaign.0, f.clone(), first)).await?;
        let pages = public_observation_pages(ctx, campaign.0, f, lang_of(req));
        Ok(exports_ndjson("observations", OBSERVATION_COLUMNS, pages))
    }
}

const OBSERVATION_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("campaign_id", "campaign_id"),
    ("service_id", "service_id"),
    ("agency_id", "agency_id"),
    ("region", "region"),
    ("online", "online"),
    ("address", "address"),
    ("observed_on", "observed_on"),
    ("channel", "channel"),
    ("waiting_minutes", "waiting_minutes"),
    ("days_taken", "days_taken"),
    ("term_value", "normative_term.value"),
    ("term_unit", "normative_term.unit"),
    ("term_exceeded", "term_exceeded"),
    ("outcome", "outcome"),
    ("satisfaction", "satisfaction"),
    ("violations", "violations.category"),
    ("evidence_sha256", "evidence.sha256"),
    ("note_md", "note_md"),
    ("updated_at", "updated_at"),
];

fn observation_pages(
    ctx: Ctx,
    caller: Option<crate::service::Caller>,
    campaign_id: i64,
    f: ObservationFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f, caller) = (ctx.clone(), f.clone(), caller.clone());
        Box::pin(async move {
            let page = PageRequest { limit: PAGE, after };
            let (rows, next) = observations::list(&ctx, caller.as_ref(), campaign_id, f, page).await?;
            let after = next_after(&rows, &next, |v| v.observation.id);
            Ok((rows.into_iter().filter_map(|v| json(observation_view(v, lang))).collect(), after))
        })
    }
}

fn public_observation_pages(
    ctx: Ctx,
    campaign_id: Option<i64>,
    f: ObservationFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let page = PageRequest { limit: PAGE, after };
            let (rows, next) = observations::list_public(&ctx, campaign_id, f, page).await?;
            let after = next_after(&rows, &next, |v| v.observation.id);
            Ok((rows.into_iter().filter_map(|v| json(observation_view(v, lang))).collect(), after))
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn observation_filter(
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    channel: Option<String>,
    outcome: Option<String>,
    violation: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ObservationFilter {
    ObservationFilter { service_id: service, agency_id: agency, region, channel, outcome, violation, from, to }
}

mod examples;
