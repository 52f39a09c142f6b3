use crate::{api::common, http};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body, common::double_option, views::Page};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    service::{pagination::PageRequest, public_services as registry},
    state::AppState,
};

#[derive(Default)]
pub struct PublicServicesApi;

/// An agency in brief.
#[derive(Object)]
#[oai(example)]
pub struct AgencyRef {
    pub id: i64,
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

impl From<entity::agency::Model> for AgencyRef {
    fn from(a: entity::agency::Model) -> Self {
        Self { id: a.id, code: a.code, name_kk: a.name_kk, name_ru: a.name_ru, name_en: a.name_en }
    }
}

/// The normative term of delivery.
#[derive(Object)]
#[oai(example)]
pub struct Term {
    pub value: i32,
    /// `working_days`, `calendar_days`, `hours` or `minutes`.
    pub unit: String,
}

/// The bylaw that sets the order of delivery.
#[derive(Object)]
#[oai(example)]
pub struct Bylaw {
    #[oai(nullable)]
    pub title: Option<String>,
    #[oai(nullable)]
    pub number: Option<String>,
    #[oai(nullable)]
    pub date: Option<NaiveDate>,
}

/// A service of the registry of public services (Law Art. 12).
#[derive(Object)]
#[oai(example)]
pub struct PublicServiceView {
    pub id: i64,
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    /// `individuals`, `legal_entities` or `both`.
    pub recipients: String,
    /// The central body that approves the service's bylaw.
    #[oai(nullable)]
    pub approving_body: Option<AgencyRef>,
    pub providers: Vec<AgencyRef>,
    /// Where applications are received: `provider`, `state_corporation`, `egov_portal`, `other_is`.
    pub channels: Vec<String>,
    /// `paper`, `electronic`, `proactive`.
    pub forms: Vec<String>,
    pub paid: bool,
    #[oai(nullable)]
    pub fee_basis: Option<String>,
    pub bylaw: Bylaw,
    pub term: Term,
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<registry::RegistryService> for PublicServiceView {
    fn from(r: registry::RegistryService) -> Self {
        let s = r.service;
        Self {
            id: s.id,
            code: s.code,
            name_kk: s.name_kk,
            name_ru: s.name_ru,
            name_en: s.name_en,
            recipients: s.recipients,
            approving_body: r.approving_body.map(Into::into),
            providers: r.providers.into_iter().map(Into::into).collect(),
            channels: s.channels.split_whitespace().map(str::to_string).collect(),
            forms: s.forms.split_whitespace().map(str::to_string).collect(),
            paid: s.paid,
            fee_basis: s.fee_basis,
            bylaw: Bylaw { title: s.bylaw_title, number: s.bylaw_number, date: s.bylaw_date },
            term: Term { value: s.term_value, unit: s.term_unit },
            active: s.active,
            updated_at: s.updated_at,
        }
    }
}

/// A new registry service (everything but the fee and bylaw required), or the fields to change.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct PublicServiceInput {
    #[serde(default)]
    #[oai(nullable)]
    pub code: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_ru: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_en: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub recipients: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub approving_body_id: Option<i64>,
    #[serde(default)]
    #[oai(nullable)]
    pub provider_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub channels: Option<Vec<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub forms: Option<Vec<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub paid: Option<bool>,
    /// Required when `paid`.
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub fee_basis: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub bylaw_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub bylaw_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub bylaw_date: Option<Option<NaiveDate>>,
    #[serde(default)]
    #[oai(nullable)]
    pub term_value: Option<i32>,
    #[serde(default)]
    #[oai(nullable)]
    pub term_unit: Option<String>,
}

impl From<PublicServiceInput> for registry::ServiceInput {
    fn from(i: PublicServiceInput) -> Self {
        Self {
            code: i.code,
            name_kk: i.name_kk,
            name_ru: i.name_ru,
            name_en: i.name_en,
            recipients: i.recipients,
            approving_body_id: i.approving_body_id,
            provider_ids: i.provider_ids,
            channels: i.channels,
            forms: i.forms,
            paid: i.paid,
            fee_basis: i.fee_basis,
            bylaw_title: i.bylaw_title,
            bylaw_number: i.bylaw_number,
            bylaw_date: i.bylaw_date,
            term_value: i.term_value,
            term_unit: i.term_unit,
        }
    }
}

#[derive(ApiResponse)]
pub enum CreateServiceResponse {
    /// Created.
    #[oai(status = 201)]
    Created(Json<PublicServiceView>),
}

#[allow(clippy::too_many_arguments)]
fn filter(
    provider: Option<i64>,
    approving_body: Option<i64>,
    recipient: Option<String>,
    form: Option<String>,
    channel: Option<String>,
    paid: Option<bool>,
    q: Option<String>,
    active: Option<bool>,
) -> registry::ServiceFilter {
    registry::ServiceFilter { provider, approving_body, recipient, form, channel, paid, q, active }
}

#[OpenApi(tag = "ApiTags::Directory")]
impl PublicServicesApi {
    /// List registry services
    ///
    /// Filter by provider agency, approving body, recipient (`individuals` also lists services for
    /// both), form, channel, paid or free, and free text `q` over code and names.
    #[oai(path = "/services", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Agency id of a provider.
        #[oai(example = "ex::agency")]
        provider: Query<Option<i64>>,
        #[oai(example = "ex::approving_body")] approving_body: Query<Option<i64>>,
        /// `individuals`, `legal_entities` or `both`.
        #[oai(example = "ex::service_recipient")]
        recipient: Query<Option<String>>,
        /// `paper`, `electronic` or `proactive`.
        #[oai(example = "ex::service_form")]
        form: Query<Option<String>>,
        /// `provider`, `state_corporation`, `egov_portal` or `other_is`.
        #[oai(example = "ex::service_channel")]
        channel: Query<Option<String>>,
        #[oai(example = "ex::paid")] paid: Query<Option<bool>>,
        #[oai(example = "ex::service_q")] q: Query<Option<String>>,
        #[oai(example = "ex::active")] active: Query<Option<bool>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<PublicServiceView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = filter(provider.0, approving_body.0, recipient.0, form.0, channel.0, paid.0, q.0, active.0);
        Ok(Json(Page::from(registry::list(&ctx, f, page).await?, PublicServiceView::from)))
    }

    /// One registry service
    #[oai(path = "/services/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::service_id")] id: Path<i64>,
    ) -> Result<Json<PublicServiceView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(registry::get(&ctx, id.0).await?.into()))
    }

    /// Add a registry service (administrators)
    #[oai(path = "/services", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<PublicServiceInput>,
    ) -> Result<CreateServiceResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(CreateServiceResponse::Created(Json(registry::create(&ctx, &caller, body.0.into()).await?.into())))
    }

    /// Change a registry service (administrators)
    #[oai(path = "/services/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::service_id")] id: Path<i64>,
        body: Body<PublicServiceInput>,
    ) -> Result<Json<PublicServiceView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(registry::update(&ctx, &caller, id.0, body.0.into()).await?.into()))
    }

    /// Deactivate a registry service (administrators)
    #[oai(path = "/services/:id/deactivate", method = "post")]
    async fn deactivate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::service_id")] id: Path<i64>,
    ) -> Result<Json<PublicServiceView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(registry::set_active(&ctx, &caller, id.0, false).await?.into()))
    }

    /// Reactivate a registry service (administrators)
    #[oai(path = "/services/:id/activate", method = "post")]
    async fn activate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::service_id")] id: Path<i64>,
    ) -> Result<Json<PublicServiceView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(registry::set_active(&ctx, &caller, id.0, true).await?.into()))
    }
}

pub(crate) mod examples;

pub mod export;
