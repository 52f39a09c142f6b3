use std::collections::BTreeMap;

use super::common::examples as ex;
use crate::{
    api::common::{self, lang_of},
    http,
};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Multipart, Object, OpenApi,
    param::Path,
    param::Query,
    payload::{Attachment, AttachmentType, Json},
    types::multipart::Upload,
};
use serde::Deserialize;

use super::common::multipart::{UploadForm, read_upload};
use super::{
    ApiTags, common::BearerAuth, common::Body, common::MaybeAuth, public_services::AgencyRef, reports::AttachmentView,
    views::Page,
};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    i18n::Lang,
    service::{
        Ctx,
        pagination::PageRequest,
        reports::AttachmentLink,
        requests::{self, AgencyAction, CheckResult},
    },
    state::AppState,
};

#[derive(Default)]
pub struct RequestsApi;

/// A match the published-check found.
#[derive(Object)]
#[oai(example)]
pub struct CheckMatchView {
    /// `report`, `answer`, `conclusion`, `draft_act`, `service` or `request`.
    pub kind: String,
    pub title: String,
    /// HTML with `<mark>` around matched words (documents), or plain text.
    pub snippet: String,
    pub url: String,
}

/// What was already published when the requester checked, kept and published with the request.
#[derive(Object)]
#[oai(example)]
pub struct PublishedCheckView {
    pub id: i64,
    pub checked_at: DateTime<Utc>,
    pub documents: Vec<CheckMatchView>,
    pub services: Vec<CheckMatchView>,
    /// Earlier requests to the same agency with similar text.
    pub similar_requests: Vec<CheckMatchView>,
    /// The agency's own site, to look there too.
    #[oai(nullable)]
    pub agency_website: Option<String>,
    /// The request changed after this check: check again before submitting.
    pub stale: bool,
}

/// How the deadline is counted for this request.
#[derive(Object)]
#[oai(example)]
pub struct DeadlineRuleView {
    /// `calendar_days` or `working_days`.
    pub unit: String,
    pub days: u32,
    pub max_extension_days: u32,
}

/// An information request as the public sees it (never an e-mail, phone or IIN).
#[derive(Object)]
#[oai(example)]
pub struct RequestView {
    pub id: i64,
    /// Registration number, from submission on.
    #[oai(nullable)]
    pub number: Option<String>,
    /// `draft`, `submitted`, `extended`, `answered`, `partially_answered`, `refused`, `forwarded`,
    /// `withdrawn` or `clarification_requested`.
    pub state: String,
    /// Open and past its due date (derived from the date, never stored).
    pub overdue: bool,
    pub agency: AgencyRef,
    /// The NGO's name, the person's display name if they chose so, otherwise "a citizen".
    pub requester: String,
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    pub language: String,
    pub subject: String,
    pub questions_md: String,
    pub questions_html: String,
    pub service_ids: Vec<i64>,
    #[oai(nullable)]
    pub registration_date: Option<NaiveDate>,
    #[oai(nullable)]
    pub due_date: Option<NaiveDate>,
    #[oai(nullable)]
    pub deadline_rule: Option<DeadlineRuleView>,
    pub extended: bool,
    /// The request this one was forwarded from.
    #[oai(nullable)]
    pub forwarded_from: Option<i64>,
    #[oai(nullable)]
    pub closed_date: Option<NaiveDate>,
    #[oai(nullable)]
    pub refusal_ground: Option<String>,
    /// The requester stated that none of the check's matches answers the question.
    pub none_of_the_matches_answers: bool,
    #[oai(nullable)]
    pub published_check: Option<PublishedCheckView>,
    /// The requester's monitoring campaign this request belongs to.
    #[oai(nullable)]
    pub campaign_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// One step of a request's life.
#[derive(Object)]
#[oai(example)]
pub struct TimelineEntry {
    /// `submitted`, `extended`, `answered`, `partially_answered`, `refused`, `forwarded`,
    /// `withdrawn`, `clarification_requested`.
    pub kind: String,
    pub at: DateTime<Utc>,
    #[oai(nullable)]
    pub body_md: Option<String>,
    #[oai(nullable)]
    pub body_html: Option<String>,
    #[oai(nullable)]
    pub reason: Option<String>,
    #[oai(nullable)]
    pub ground: Option<String>,
    #[oai(nullable)]
    pub url: Option<String>,
    #[oai(nullable)]
    pub due_date: Option<NaiveDate>,
    #[oai(nullable)]
    pub linked_request_id: Option<i64>,
    pub attachments: Vec<AttachmentView>,
    /// Files the agency published with this step.
    pub files: Vec<RequestFileView>,
}

/// A file the agency uploaded for its answer.
#[derive(Object)]
#[oai(example)]
pub struct RequestFileView {
    pub id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[oai(nullable)]
    pub file_name: Option<String>,
    /// Published with an answer; until then only the agency's officers see it.
    pub published: bool,
    pub url: String,
}

fn file_view(f: entity::request_file::Model) -> RequestFileView {
    RequestFileView {
        url: format!("/api/v1/requests/{}/files/{}", f.request_id, f.id),
        published: f.event_id.is_some(),
        id: f.id,
        content_type: f.content_type,
        size_bytes: f.size_bytes,
        sha256: f.sha256,
        file_name: f.original_name,
    }
}

/// A file for an answer: a document (PDF), photo or recording; its type is read from its content.
#[derive(Multipart, Debug)]
pub struct AnswerFileUpload {
    pub file: Upload,
}

#[derive(ApiResponse)]
pub enum CreatedFile {
    /// Stored; name its id in the answer's `file_ids` to publish it.
    #[oai(status = 201)]
    Created(Json<RequestFileView>),
}

#[derive(ApiResponse)]
pub enum FileDownload {
    /// The file, as a download.
    #[oai(status = 200)]
    File(
        Attachment<poem::Body>,
        /// Always `nosniff`.
        #[oai(header = "x-content-type-options")]
        String,
    ),
}

/// A request draft.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The addressee: a central state body, a local executive body or the State Corporation.
    pub agency_id: i64,
    /// Send in the name of this NGO (you must be its member).
    #[serde(default)]
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    /// `kk`, `ru` or `en`.
    pub language: String,
    #[oai(validator(max_length = 300, min_length = 5))]
    pub subject: String,
    /// The questions, in Markdown.
    #[oai(validator(max_length = 20000, min_length = 10))]
    pub questions_md: String,
    /// Registry services the request concerns.
    #[serde(default)]
    #[oai(default)]
    pub service_ids: Vec<i64>,
    /// Your monitoring campaign this request belongs to (you must be on its team; it must be
    /// active or completed).
    #[serde(default)]
    #[oai(nullable)]
    pub campaign_id: Option<i64>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct RequestChange {
    #[serde(default)]
    #[oai(nullable)]
    pub agency_id: Option<i64>,
    #[serde(default)]
    #[oai(nullable)]
    pub language: Option<String>,
    #[serde(default)]
    #[oai(validator(max_length = 300, min_length = 5), nullable)]
    pub subject: Option<String>,
    #[serde(default)]
    #[oai(validator(max_length = 20000, min_length = 10), nullable)]
    pub questions_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub service_ids: Option<Vec<i64>>,
    /// `null` unlinks the campaign.
    #[serde(default, deserialize_with = "crate::api::common::double_option")]
    #[oai(nullable, default)]
    pub campaign_id: Option<Option<i64>>,
}

/// The requester's statements on submitting.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// None of what the published-check found answers the question.
    pub none_of_the_matches_answers: bool,
    /// The request seeks no state secret, commercial secret or other secret protected by law.
    pub no_secrets_sought: bool,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    #[oai(validator(max_length = 20000, min_length = 10))]
    pub questions_md: String,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// At most the rule's extension (15 calendar days by default).
    #[serde(default)]
    #[oai(nullable)]
    pub days: Option<u32>,
    #[oai(validator(max_length = 2000, min_length = 5))]
    pub reason: String,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The answer, in Markdown.
    #[oai(validator(max_length = 100000, min_length = 10))]
    pub body_md: String,
    /// Answers some of the questions only.
    #[serde(default)]
    #[oai(default)]
    pub partial: bool,
    #[serde(default)]
    #[oai(default)]
    pub attachments: Vec<AttachmentView>,
    /// Files uploaded for this request (`POST /requests/{id}/files`) to publish with the answer.
    #[serde(default)]
    #[oai(default)]
    pub file_ids: Vec<i64>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// `state_secret`, `commercial_secret`, `other_protected_secret`, `already_published`
    /// (with `url`) or `not_related_to_public_services`. A body that does not hold the
    /// information forwards the request instead.
    pub ground: String,
    #[oai(validator(max_length = 5000, min_length = 5))]
    pub reason: String,
    /// Where it is published (required for `already_published`).
    #[serde(default)]
    #[oai(nullable)]
    pub url: Option<String>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// The agency that holds the information.
    pub agency_id: i64,
    #[oai(validator(max_length = 2000, min_length = 5))]
    pub reason: String,
}

#[derive(Object)]
#[oai(example)]
pub struct ForwardResult {
    /// This request, now `forwarded`.
    pub original: RequestView,
    /// The new request to the right agency, with its own deadline.
    pub forwarded: RequestView,
}

/// The per-agency table of requests (open data).
#[derive(Object)]
#[oai(example)]
pub struct AgencyRequestTable {
    pub agency_id: i64,
    pub received: u64,
    pub answered_on_time: u64,
    pub answered_late: u64,
    pub open_in_time: u64,
    pub overdue_now: u64,
    /// Keyed by refusal ground.
    pub refused_by_ground: BTreeMap<String, u64>,
    pub forwarded: u64,
    pub withdrawn: u64,
    /// From registration to answer, in calendar days.
    #[oai(nullable)]
    pub median_days_to_answer: Option<f64>,
}

#[derive(ApiResponse)]
pub enum CreatedRequest {
    /// The draft; check what is published, then submit.
    #[oai(status = 201)]
    Created(Json<RequestView>),
}

#[derive(ApiResponse)]
pub enum CreatedCheck {
    /// The check, stored with the request.
    #[oai(status = 201)]
    Created(Json<PublishedCheckView>),
}

fn check_view(c: entity::request_check::Model, current_hash: &str) -> Result<PublishedCheckView, AppError> {
    let m: CheckResult = crate::service::json_column("request_check", c.id, "matches", &c.matches)?;
    let conv = |v: Vec<requests::CheckMatch>| {
        v.into_iter().map(|m| CheckMatchView { kind: m.kind, title: m.title, snippet: m.snippet, url: m.url }).collect()
    };
    Ok(PublishedCheckView {
        id: c.id,
        checked_at: c.created_at,
        documents: conv(m.documents),
        services: conv(m.services),
        similar_requests: conv(m.similar_requests),
        agency_website: c.agency_website,
        stale: c.text_hash != current_hash,
    })
}

pub(crate) async fn view(ctx: &Ctx, r: entity::info_request::Model, lang: Lang) -> Result<RequestView, AppError> {
    let related = requests::related(ctx, std::slice::from_ref(&r)).await?;
    view_with(ctx, &related, r, lang)
}

/// A page of requests: what they refer to is read once for the page.
pub(crate) async fn views(
    ctx: &Ctx,
    rows: Vec<entity::info_request::Model>,
    lang: Lang,
) -> Result<Vec<RequestView>, AppError> {
    let related = requests::related(ctx, &rows).await?;
    rows.into_iter().map(|r| view_with(ctx, &related, r, lang)).collect()
}

fn view_with(
    ctx: &Ctx,
    related: &requests::Related,
    r: entity::info_request::Model,
    lang: Lang,
) -> Result<RequestView, AppError> {
    let agency = related.agency(&r)?.clone();
    let requester = crate::service::accounts::shown_name(related.requester(&r), lang);
    let check = related.check(&r).cloned().map(|c| check_view(c, &r.text_hash)).transpose()?;
    let rule = requests::stored_rule(&r)?;
    Ok(RequestView {
        overdue: requests::overdue(ctx, &r),
        id: r.id,
        number: r.number,
        state: r.state,
        agency: agency.into(),
        requester,
        organization_id: r.organization_id,
        language: r.language,
        subject: r.subject,
        questions_html: crate::markdown::to_html(&r.questions_md),
        questions_md: r.questions_md,
        service_ids: crate::service::json_column("info_request", r.id, "service_ids", &r.service_ids)?,
        registration_date: r.registration_date,
        due_date: r.due_date,
        deadline_rule: rule.map(|r| DeadlineRuleView {
            unit: match r.unit {
                crate::domain::requests::DayUnit::CalendarDays => "calendar_days",
                crate::domain::requests::DayUnit::WorkingDays => "working_days",
            }
            .into(),
            days: r.days,
            max_extension_days: r.max_extension_days,
        }),
        extended: r.extended,
        forwarded_from: r.parent_id,
        closed_date: r.closed_date,
        refusal_ground: r.refusal_ground,
        none_of_the_matches_answers: r.none_match_statement,
        published_check: check,
        campaign_id: r.campaign_id,
        created_at: r.created_at,
    })
}

fn links(v: Vec<AttachmentView>) -> Vec<AttachmentLink> {
    v.into_iter().map(|a| AttachmentLink { title: a.title, url: a.url }).collect()
}

fn action() -> AgencyAction {
    AgencyAction {
        body_md: None,
        reason: None,
        ground: None,
        url: None,
        days: None,
        forward_to: None,
        attachments: Vec::new(),
        file_ids: Vec::new(),
    }
}

#[OpenApi(tag = "ApiTags::Requests")]
impl RequestsApi {
    /// Draft an information request
    ///
    /// To a central state body, a local executive body or the State Corporation (Law Art. 29 p.2);
    /// any other addressee is `422 addressee_not_allowed`. Then check what is published and submit.
    #[oai(path = "/requests", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewRequest>,
    ) -> Result<CreatedRequest, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let r = requests::create_draft(
            &ctx,
            &caller,
            requests::RequestDraft {
                agency_id: b.agency_id,
                organization_id: b.organization_id,
                language: b.language,
                subject: b.subject,
                questions_md: b.questions_md,
                service_ids: b.service_ids,
                campaign_id: b.campaign_id,
            },
        )
        .await?;
        Ok(CreatedRequest::Created(Json(view(&ctx, r, lang_of(req)).await?)))
    }

    /// List submitted requests
    ///
    /// Everything from submission on is public. Filter by agency, state, overdue.
    #[oai(path = "/requests", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(name = "state", example = "ex::request_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::overdue")] overdue: Query<Option<bool>>,
        /// Requests made during this monitoring campaign.
        #[oai(example = "ex::campaign")]
        campaign: Query<Option<i64>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<RequestView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = request_filter(agency.0, state_.0, overdue.0, campaign.0);
        let (rows, next) = requests::list(&ctx, f, page).await?;
        Ok(Json(Page { items: views(&ctx, rows, lang_of(req)).await?, next_cursor: next }))
    }

    /// My requests, drafts included
    #[oai(path = "/me/requests", method = "get")]
    async fn mine(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<RequestView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) =
            requests::list(&ctx, requests::RequestFilter { mine: Some(caller.id()), ..Default::default() }, page)
                .await?;
        Ok(Json(Page { items: views(&ctx, rows, lang_of(req)).await?, next_cursor: next }))
    }

    /// One request
    ///
    /// Drafts are private: their author reads them through `GET /me/requests`.
    #[oai(path = "/requests/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::request_id")] id: Path<i64>,
    ) -> Result<Json<RequestView>, AppError> {
        let ctx = http::ctx(&state, req);
        let r = requests::get_visible(&ctx, None, id.0).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Edit a draft
    ///
    /// A change of text or addressee makes an earlier published-check stale.
    #[oai(path = "/requests/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<RequestChange>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let r = requests::update_draft(
            &ctx,
            &caller,
            id.0,
            requests::DraftChange {
                agency_id: b.agency_id,
                language: b.language,
                subject: b.subject,
                questions_md: b.questions_md,
                service_ids: b.service_ids,
                campaign_id: b.campaign_id,
            },
        )
        .await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Check what is already published
    ///
    /// Searches the agencies' reports, answers to earlier requests (to any agency), conclusions
    /// and notices, the registry of services, and earlier requests to the same agency. Required,
    /// on the current text, before submitting.
    #[oai(path = "/requests/:id/published-check", method = "post")]
    async fn published_check(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
    ) -> Result<CreatedCheck, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let c = requests::published_check(&ctx, &caller, state.search.as_ref(), id.0).await?;
        let hash = c.text_hash.clone();
        Ok(CreatedCheck::Created(Json(check_view(c, &hash)?)))
    }

    /// Submit a request
    ///
    /// Needs a published-check on the current text (`409 published_check_required` /
    /// `published_check_stale`) and both statements. Registers the request: number, date, and the
    /// due date under the deadline rule in force, kept with the request.
    #[oai(path = "/requests/:id/submit", method = "post")]
    async fn submit(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<Submission>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let r = requests::submit(
            &ctx,
            &caller,
            &*state.calendar(&ctx).await?,
            id.0,
            body.0.none_of_the_matches_answers,
            body.0.no_secrets_sought,
        )
        .await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Withdraw a request (the requester, before an answer)
    #[oai(path = "/requests/:id/withdraw", method = "post")]
    async fn withdraw(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let r = requests::withdraw(&ctx, &caller, id.0).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Ask for clarification after a partial answer (the requester)
    #[oai(path = "/requests/:id/clarification", method = "post")]
    async fn clarification(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<Clarification>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let r = requests::ask_clarification(&ctx, &caller, &*state.calendar(&ctx).await?, id.0, &body.0.questions_md)
            .await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Extend the deadline once (officers of the addressed agency)
    #[oai(path = "/requests/:id/extend", method = "post")]
    async fn extend(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<Extension>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let a = AgencyAction { days: body.0.days, reason: Some(body.0.reason), ..action() };
        let r = requests::extend(&ctx, &caller, &*state.calendar(&ctx).await?, id.0, a).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Answer (officers of the addressed agency)
    #[oai(path = "/requests/:id/answer", method = "post")]
    async fn answer(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<AnswerBody>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let a = AgencyAction {
            body_md: Some(b.body_md),
            attachments: links(b.attachments),
            file_ids: b.file_ids,
            ..action()
        };
        let r = requests::answer(&ctx, &caller, id.0, b.partial, a).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Upload a file for the answer (officers of the addressed agency)
    ///
    /// While the request is open. The type is read from the content (PDF, photo, recording; `415`
    /// otherwise), at most the upload limit (`413`). Private to the agency until an answer names it
    /// in `file_ids`.
    #[oai(path = "/requests/:id/files", method = "post")]
    async fn upload_file(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        form: UploadForm<AnswerFileUpload>,
    ) -> Result<CreatedFile, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let name = form.0.file.file_name().map(str::to_string);
        let bytes = read_upload(form.0.file, ctx.config.upload_max_bytes).await?;
        let f = requests::upload_file(&ctx, &caller, id.0, bytes, name).await?;
        Ok(CreatedFile::Created(Json(file_view(f))))
    }

    /// Download a file of an answer
    ///
    /// Public once an answer published it.
    #[oai(path = "/requests/:id/files/:file_id", method = "get")]
    async fn file(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        #[oai(example = "ex::file_id")] file_id: Path<i64>,
    ) -> Result<FileDownload, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let (f, handle) = requests::file(&ctx, caller.as_ref(), id.0, file_id.0).await?;
        let ext = crate::domain::evidence::extension_of(&f.content_type);
        Ok(FileDownload::File(
            Attachment::new(poem::Body::from_async_read(handle))
                .attachment_type(AttachmentType::Attachment)
                .filename(format!("request-{}-file-{}.{ext}", f.request_id, f.id)),
            "nosniff".into(),
        ))
    }

    /// Refuse with a ground (officers of the addressed agency)
    #[oai(path = "/requests/:id/refuse", method = "post")]
    async fn refuse(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<Refusal>,
    ) -> Result<Json<RequestView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let a = AgencyAction { ground: Some(b.ground), reason: Some(b.reason), url: b.url, ..action() };
        let r = requests::refuse(&ctx, &caller, id.0, a).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Forward to the agency that holds the information (officers of the addressed agency)
    #[oai(path = "/requests/:id/forward", method = "post")]
    async fn forward(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::request_id")] id: Path<i64>,
        body: Body<Forwarding>,
    ) -> Result<Json<ForwardResult>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let a = AgencyAction { forward_to: Some(body.0.agency_id), reason: Some(body.0.reason), ..action() };
        let (original, forwarded) = requests::forward(&ctx, &caller, &*state.calendar(&ctx).await?, id.0, a).await?;
        let lang = lang_of(req);
        Ok(Json(ForwardResult {
            original: view(&ctx, original, lang).await?,
            forwarded: view(&ctx, forwarded, lang).await?,
        }))
    }

    /// The timeline of a request
    #[oai(path = "/requests/:id/timeline", method = "get")]
    async fn timeline(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::request_id")] id: Path<i64>,
    ) -> Result<Json<Vec<TimelineEntry>>, AppError> {
        let ctx = http::ctx(&state, req);
        requests::get_visible(&ctx, None, id.0).await?;
        let files = requests::published_files(&ctx, id.0).await?;
        Ok(Json(
            requests::events(&ctx, id.0)
                .await?
                .into_iter()
                .map(|e| {
                    Ok(TimelineEntry {
                        files: files.iter().filter(|f| f.event_id == Some(e.id)).cloned().map(file_view).collect(),
                        kind: e.kind,
                        at: e.created_at,
                        body_html: e.body_md.as_deref().map(crate::markdown::to_html),
                        body_md: e.body_md,
                        reason: e.reason,
                        ground: e.ground,
                        url: e.url,
                        due_date: e.due_date,
                        linked_request_id: e.linked_request_id,
                        attachments: crate::service::json_column::<Vec<AttachmentLink>>(
                            "request_event",
                            e.id,
                            "attachments",
                            &e.attachments,
                        )?
                        .into_iter()
                        .map(|a| AttachmentView { title: a.title, url: a.url })
                        .collect(),
                    })
                })
                .collect::<Result<_, AppError>>()?,
        ))
    }

    /// An agency's inbox
    ///
    /// The requests it received; filter by state, overdue now, or due within `due_within_days`.
    #[oai(path = "/agencies/:id/requests", method = "get")]
    async fn inbox(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
        #[oai(name = "state", example = "ex::request_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::overdue")] overdue: Query<Option<bool>>,
        /// Open requests due within this many calendar days.
        #[oai(example = "ex::due_within_days")]
        due_within_days: Query<Option<u32>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<RequestView>>, AppError> {
        let ctx = http::ctx(&state, req);
        crate::service::agencies::find(&ctx.db, id.0).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let today = crate::domain::calendar::local_date(ctx.now);
        let due_before = match due_within_days.0 {
            Some(d) => Some(crate::domain::requests::due_horizon(today, d).ok_or_else(|| {
                AppError::invalid_parameter(
                    "due_within_days",
                    &format!("at most {}", crate::domain::requests::MAX_DUE_WITHIN_DAYS),
                )
            })?),
            None => None,
        };
        let f = requests::RequestFilter {
            agency_id: Some(id.0),
            state: state_.0,
            overdue: overdue.0,
            due_before,
            mine: None,
            campaign_id: None,
        };
        let (rows, next) = requests::list(&ctx, f, page).await?;
        Ok(Json(Page { items: views(&ctx, rows, lang_of(req)).await?, next_cursor: next }))
    }

    /// An agency's record on requests (open data)
    ///
    /// Received, answered on time and late, overdue now, refused by ground, forwarded, withdrawn,
    /// and the median days to answer.
    #[oai(path = "/agencies/:id/requests/table", method = "get")]
    async fn table(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyRequestTable>, AppError> {
        let ctx = http::ctx(&state, req);
        let t = requests::agency_table(&ctx, id.0).await?;
        Ok(Json(AgencyRequestTable {
            agency_id: id.0,
            received: t.received,
            answered_on_time: t.answered_on_time,
            answered_late: t.answered_late,
            open_in_time: t.open_in_time,
            overdue_now: t.overdue_now,
            refused_by_ground: t.refused_by_ground,
            forwarded: t.forwarded,
            withdrawn: t.withdrawn,
            median_days_to_answer: t.median_days_to_answer,
        }))
    }
}

/// The public list's filters, as the list and its exports take them.
fn request_filter(
    agency: Option<i64>,
    state: Option<String>,
    overdue: Option<bool>,
    campaign: Option<i64>,
) -> requests::RequestFilter {
    requests::RequestFilter { agency_id: agency, state, overdue, campaign_id: campaign, ..Default::default() }
}

mod examples;
pub mod export;
