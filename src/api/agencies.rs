use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body, common::NoContent, views::Page};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    service::{agencies, pagination::PageRequest},
    state::AppState,
};

#[derive(Default)]
pub struct AgenciesApi;

/// A state body, local executive body, the State Corporation or another service provider.
#[derive(Object)]
#[oai(example)]
pub struct AgencyView {
    pub id: i64,
    /// Stable code, e.g. `MTSZN`, `AKIMAT-AKM`.
    pub code: String,
    /// One of the kinds the law names, e.g. `central_state_body`, `district_akimat`, `state_corporation`.
    pub kind: String,
    #[oai(nullable)]
    pub parent_id: Option<i64>,
    /// KATO code of its territory (local bodies and territorial units).
    #[oai(nullable)]
    pub region: Option<String>,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    #[oai(nullable)]
    pub website: Option<String>,
    #[oai(nullable)]
    pub email: Option<String>,
    /// Inactive agencies stay readable and linked.
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<entity::agency::Model> for AgencyView {
    fn from(a: entity::agency::Model) -> Self {
        Self {
            id: a.id,
            code: a.code,
            kind: a.kind,
            parent_id: a.parent_id,
            region: a.region,
            name_kk: a.name_kk,
            name_ru: a.name_ru,
            name_en: a.name_en,
            website: a.website,
            email: a.email,
            active: a.active,
            updated_at: a.updated_at,
        }
    }
}

/// A new agency (all of `code`, `kind` and the three names are required), or the fields to change.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct AgencyInput {
    #[serde(default)]
    #[oai(nullable)]
    pub code: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub kind: Option<String>,
    /// Give `null` to clear on update.
    #[serde(default, deserialize_with = "crate::api::common::double_option")]
    #[oai(nullable, default)]
    pub parent_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::api::common::double_option")]
    #[oai(nullable, default)]
    pub region: Option<Option<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_ru: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub name_en: Option<String>,
    #[serde(default, deserialize_with = "crate::api::common::double_option")]
    #[oai(nullable, default)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::api::common::double_option")]
    #[oai(nullable, default)]
    pub email: Option<Option<String>>,
}

impl From<AgencyInput> for agencies::AgencyInput {
    fn from(i: AgencyInput) -> Self {
        Self {
            code: i.code,
            kind: i.kind,
            parent_id: i.parent_id,
            region: i.region,
            name_kk: i.name_kk,
            name_ru: i.name_ru,
            name_en: i.name_en,
            website: i.website,
            email: i.email,
        }
    }
}

/// A territorial unit by its KATO code.
#[derive(Object)]
#[oai(example)]
pub struct RegionView {
    pub code: String,
    #[oai(nullable)]
    pub parent: Option<String>,
    /// `oblast`, `capital`, `city_republican`, `district`, `city_oblast`, `town`, `rural_district`, ...
    pub kind: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

#[derive(ApiResponse)]
pub enum CreateAgencyResponse {
    /// Created.
    #[oai(status = 201)]
    Created(Json<AgencyView>),
}

#[OpenApi(tag = "ApiTags::Directory")]
impl AgenciesApi {
    /// List agencies
    ///
    /// Filter by kind, region (a KATO code takes in everything inside it), parent, code, and free
    /// text `q` over the names in all three languages (Kazakh letters may be typed as their
    /// Russian-keyboard stand-ins).
    #[oai(path = "/agencies", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_kind")] kind: Query<Option<String>>,
        /// KATO code, e.g. `110000000` for Akmola Region and its districts.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::parent_agency")] parent: Query<Option<i64>>,
        #[oai(example = "ex::agency_code")] code: Query<Option<String>>,
        #[oai(example = "ex::agency_q")] q: Query<Option<String>>,
        #[oai(example = "ex::active")] active: Query<Option<bool>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<AgencyView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = agency_filter(kind.0, region.0, parent.0, code.0, q.0, active.0);
        Ok(Json(Page::from(agencies::list(&ctx, f, page).await?, AgencyView::from)))
    }

    /// One agency
    #[oai(path = "/agencies/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyView>, AppError> {
        Ok(Json(agencies::find(&state.db, id.0).await?.into()))
    }

    /// The agency's direct sub-agencies
    #[oai(path = "/agencies/:id/children", method = "get")]
    async fn children(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<Vec<AgencyView>>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(agencies::children(&ctx, id.0).await?.into_iter().map(Into::into).collect()))
    }

    /// The agency's ancestors, nearest first
    #[oai(path = "/agencies/:id/ancestors", method = "get")]
    async fn ancestors(
        &self,
        state: Data<&AppState>,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<Vec<AgencyView>>, AppError> {
        Ok(Json(agencies::ancestors(&state.db, id.0).await?.into_iter().map(Into::into).collect()))
    }

    /// Create an agency (administrators)
    #[oai(path = "/agencies", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<AgencyInput>,
    ) -> Result<CreateAgencyResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(CreateAgencyResponse::Created(Json(agencies::create(&ctx, &caller, body.0.into()).await?.into())))
    }

    /// Change an agency (administrators)
    ///
    /// A parent of the wrong kind (`wrong_parent_kind`) or one of its own sub-agencies
    /// (`hierarchy_cycle`) is refused.
    #[oai(path = "/agencies/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
        body: Body<AgencyInput>,
    ) -> Result<Json<AgencyView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(agencies::update(&ctx, &caller, id.0, body.0.into()).await?.into()))
    }

    /// Deactivate an agency (administrators)
    #[oai(path = "/agencies/:id/deactivate", method = "post")]
    async fn deactivate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(agencies::set_active(&ctx, &caller, id.0, false).await?.into()))
    }

    /// Reactivate an agency (administrators)
    #[oai(path = "/agencies/:id/activate", method = "post")]
    async fn activate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(agencies::set_active(&ctx, &caller, id.0, true).await?.into()))
    }

    /// Delete an agency nothing refers to (administrators)
    ///
    /// An agency that sub-agencies, services or officers point to is never deleted:
    /// `409 agency_referenced`; deactivate it instead.
    #[oai(path = "/agencies/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        agencies::delete(&ctx, &caller, id.0).await?;
        Ok(NoContent::Done)
    }

    /// Regions (KATO)
    ///
    /// The territorial units agencies may be placed in.
    #[oai(path = "/regions", method = "get")]
    async fn regions(&self, state: Data<&AppState>, req: &Request) -> Result<Json<Vec<RegionView>>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(
            agencies::regions(&ctx)
                .await?
                .into_iter()
                .map(|r| RegionView {
                    code: r.code,
                    parent: r.parent,
                    kind: r.kind,
                    name_kk: r.name_kk,
                    name_ru: r.name_ru,
                    name_en: r.name_en,
                })
                .collect(),
        ))
    }
}

/// The list's filters, as the list and its exports take them.
fn agency_filter(
    kind: Option<String>,
    region: Option<String>,
    parent: Option<i64>,
    code: Option<String>,
    q: Option<String>,
    active: Option<bool>,
) -> agencies::AgencyFilter {
    agencies::AgencyFilter { kind, region, parent, code, q, active }
}

mod examples;
pub mod export;
