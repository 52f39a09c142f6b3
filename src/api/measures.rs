//! Agencies' measures on published conclusions (Law Art. 29 p.4): answering a conclusion item by
//! item, and the answers as open data.
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::{
    ApiTags,
    common::{self, BearerAuth, Body, MaybeAuth, double_option, examples as ex, lang_of},
};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    http,
    i18n::{self, Lang},
    markdown::to_html,
    service::{
        conclusions::{self, AnswerInput, AnswerPatch},
        measures,
        pagination::PageRequest,
        reports::AttachmentLink,
    },
    state::AppState,
};

/// A link to a file that goes with an answer.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct MeasureAttachmentBody {
    pub title: String,
    /// An http(s) address.
    pub url: String,
}

/// An agency's answer on one item (Law Art. 29 p.4).
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct MeasureBody {
    /// The item's key, e.g. `recommendations.1` (see the conclusion's `items`).
    pub item: String,
    /// `accepted`, `in_progress`, `done` or `rejected`.
    pub status: String,
    /// Required when rejecting.
    #[serde(default)]
    #[oai(nullable)]
    pub reason: Option<String>,
    /// What the agency did or will do, in Markdown.
    #[serde(default)]
    #[oai(nullable)]
    pub text_md: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub attachments: Vec<MeasureAttachmentBody>,
}

/// An edit of an answer within seven days of it; absent fields stay, `reason: null` clears it.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct MeasureChangeBody {
    #[serde(default)]
    #[oai(nullable)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub reason: Option<Option<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub text_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub attachments: Option<Vec<MeasureAttachmentBody>>,
}

#[derive(Object)]
#[oai(example)]
pub struct MeasureAttachmentView {
    pub title: String,
    pub url: String,
}

/// An agency's answer on an item. The latest answer of an agency on an item counts.
#[derive(Object)]
#[oai(example)]
pub struct MeasureView {
    pub id: i64,
    pub conclusion_id: i64,
    pub agency_id: i64,
    pub item: String,
    /// `accepted`, `in_progress`, `done` or `rejected`.
    pub status: String,
    pub status_label: String,
    #[oai(nullable)]
    pub reason: Option<String>,
    pub text_md: String,
    /// Sanitized HTML.
    pub text_html: String,
    pub attachments: Vec<MeasureAttachmentView>,
    /// The officer who answered.
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Edits are refused from this instant on.
    pub editable_until: DateTime<Utc>,
}

#[derive(ApiResponse)]
pub enum CreatedMeasure {
    /// The answer.
    #[oai(status = 201)]
    Created(Json<MeasureView>),
}

pub fn measure_view(m: entity::measure::Model, lang: Lang) -> Result<MeasureView, AppError> {
    let attachments: Vec<AttachmentLink> = crate::service::json_column("measure", m.id, "attachments", &m.attachments)?;
    Ok(MeasureView {
        status_label: i18n::text(lang, &format!("conclusions.measure.{}", m.status)),
        editable_until: conclusions::editable_until(&m),
        text_html: to_html(&m.text_md),
        attachments: attachments.into_iter().map(|a| MeasureAttachmentView { title: a.title, url: a.url }).collect(),
        id: m.id,
        conclusion_id: m.conclusion_id,
        agency_id: m.agency_id,
        item: m.item_key,
        status: m.status,
        reason: m.reason,
        text_md: m.text_md,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn links(v: Vec<MeasureAttachmentBody>) -> Vec<AttachmentLink> {
    v.into_iter().map(|a| AttachmentLink { title: a.title, url: a.url }).collect()
}

#[derive(Default)]
pub struct MeasuresApi;

#[OpenApi(tag = "ApiTags::Conclusions")]
impl MeasuresApi {
    /// Agencies' measures on every published conclusion (open data)
    ///
    /// Every answer of an addressed agency on an item, ordered by id; the latest answer of an
    /// agency on an item counts. Filter by conclusion, agency and status.
    #[oai(path = "/measures", method = "get")]
    async fn all_measures(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::conclusion")] conclusion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `accepted`, `in_progress`, `done` or `rejected`.
        #[oai(example = "ex::measure_status")]
        status: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<super::views::Page<MeasureView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = measure_filter(conclusion.0, agency.0, status.0);
        let (rows, next) = measures::list_measures(&ctx, f, page).await?;
        let lang = lang_of(req);
        Ok(Json(super::views::Page {
            items: rows.into_iter().map(|m| measure_view(m, lang)).collect::<Result<_, _>>()?,
            next_cursor: next,
        }))
    }

    /// One measure
    #[oai(path = "/measures/:id", method = "get")]
    async fn one_measure(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::measure_id")] id: Path<i64>,
    ) -> Result<Json<MeasureView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(measure_view(measures::public_measure(&ctx, id.0).await?, lang_of(req))?))
    }

    /// Answer an item (agency officers)
    ///
    /// An officer of an addressed agency answers one recommendation or proposal of a published
    /// conclusion: `accepted`, `in_progress`, `done` or `rejected` (with a reason), with text and
    /// links. Others get `403 not_addressed_agency`. A later answer on the same item supersedes
    /// the earlier one in the scorecard.
    #[oai(path = "/conclusions/:id/measures", method = "post")]
    async fn answer(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        body: Body<MeasureBody>,
    ) -> Result<CreatedMeasure, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let input = AnswerInput {
            item: b.item,
            status: b.status,
            reason: b.reason,
            text_md: b.text_md,
            attachments: links(b.attachments),
        };
        let m = conclusions::answer(&ctx, &caller, id.0, input).await?;
        Ok(CreatedMeasure::Created(Json(measure_view(m, lang_of(req))?)))
    }

    /// The agencies' answers on a conclusion
    #[oai(path = "/conclusions/:id/measures", method = "get")]
    async fn answers(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<Vec<MeasureView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let rows = conclusions::answers(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(rows.into_iter().map(|m| measure_view(m, lang_of(req))).collect::<Result<_, _>>()?))
    }

    /// Edit an answer
    ///
    /// Within seven days of giving it, by an officer of the same agency; after that
    /// `409 answer_not_editable`: post a new answer instead.
    #[oai(path = "/conclusions/:id/measures/:measure_id", method = "patch")]
    async fn edit_answer(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        #[oai(example = "ex::measure_id")] measure_id: Path<i64>,
        body: Body<MeasureChangeBody>,
    ) -> Result<Json<MeasureView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let p = AnswerPatch {
            status: b.status,
            reason: b.reason,
            text_md: b.text_md,
            attachments: b.attachments.map(links),
        };
        let m = conclusions::edit_answer(&ctx, &caller, id.0, measure_id.0, p).await?;
        Ok(Json(measure_view(m, lang_of(req))?))
    }
}

/// The list's filters, as the list and its exports take them.
fn measure_filter(conclusion: Option<i64>, agency: Option<i64>, status: Option<String>) -> measures::MeasureFilter {
    measures::MeasureFilter { conclusion_id: conclusion, agency_id: agency, status }
}

mod examples;
pub mod export;
