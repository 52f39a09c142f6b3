use std::collections::BTreeMap;

use super::common::examples as ex;
use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::Path,
    param::Query,
    payload::{Html, Json, PlainText},
};
use serde::Deserialize;

use super::{ApiTags, common::BearerAuth, common::Body, public_services::AgencyRef, views::Page};
use crate::{
    domain::{accounts::Scope, discussions::Clause},
    error::AppError,
    service::{
        Ctx,
        discussions::{self, NoticeContent},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct DiscussionsApi;

/// A numbered clause; its `anchor` stays with it across versions.
#[derive(Object)]
#[oai(example)]
pub struct ClauseView {
    pub anchor: String,
    pub number: u32,
    pub text_md: String,
    pub text_html: String,
}

impl From<Clause> for ClauseView {
    fn from(c: Clause) -> Self {
        Self { text_html: crate::markdown::to_html(&c.text), anchor: c.anchor, number: c.number, text_md: c.text }
    }
}

/// A version of the text under discussion.
#[derive(Object)]
#[oai(example)]
pub struct VersionView {
    pub number: i32,
    pub text_md: String,
    pub clauses: Vec<ClauseView>,
    #[oai(nullable)]
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<entity::discussion_version::Model> for VersionView {
    type Error = AppError;

    fn try_from(v: entity::discussion_version::Model) -> Result<Self, AppError> {
        Ok(Self {
            clauses: discussions::clauses_of(&v)?.into_iter().map(Into::into).collect(),
            number: v.number,
            text_md: v.text_md,
            note: v.note,
            created_at: v.created_at,
        })
    }
}

/// A public discussion.
#[derive(Object)]
#[oai(example)]
pub struct DiscussionView {
    pub id: i64,
    /// The developer agency.
    pub agency: AgencyRef,
    /// `draft_act` or `report`.
    pub subject: String,
    #[oai(nullable)]
    pub report_id: Option<i64>,
    pub title_kk: String,
    pub title_ru: String,
    pub service_ids: Vec<i64>,
    /// UTC.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// The same instants in Kazakhstan's time (Asia/Almaty), as people read them.
    pub opens_at_local: String,
    pub closes_at_local: String,
    /// `upcoming`, `open` or `closed`, by server time.
    pub status: String,
    pub current_version: VersionView,
    pub notice_published: bool,
}

#[derive(Object)]
#[oai(example)]
pub struct ClauseChangeView {
    pub anchor: String,
    /// `unchanged`, `changed`, `added` or `removed`.
    pub status: String,
    #[oai(nullable)]
    pub old: Option<ClauseView>,
    #[oai(nullable)]
    pub new: Option<ClauseView>,
}

#[derive(Object)]
#[oai(example)]
pub struct NoticeItemView {
    pub comment_id: i64,
    #[oai(nullable)]
    pub clause_anchor: Option<String>,
    #[oai(nullable)]
    pub clause_number: Option<u32>,
    pub brief: String,
    pub source: String,
    pub decision: String,
    #[oai(nullable)]
    pub reason: Option<String>,
}

/// The completion notice: every comment in brief, its source, the decision and reason, totals,
/// and where the revised draft can be read. Immutable once published.
#[derive(Object)]
#[oai(example)]
pub struct NoticeView {
    pub discussion_id: i64,
    pub agency: String,
    pub title_kk: String,
    pub title_ru: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub items: Vec<NoticeItemView>,
    pub totals: BTreeMap<String, u64>,
    pub revised_version: i32,
    pub revised_text_url: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Object)]
#[oai(example)]
pub struct AgencyDiscussionFigures {
    pub agency_id: i64,
    pub discussions_held: u64,
    pub comments_received: u64,
    pub comments_accepted: u64,
    pub comments_partially_accepted: u64,
    #[oai(nullable)]
    pub share_accepted: Option<f64>,
    #[oai(nullable)]
    pub median_days_close_to_notice: Option<f64>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewDiscussion {
    /// `draft_act` (give `text_md`) or `report` (give `report_id`: the agency's annual report).
    pub subject: String,
    #[serde(default)]
    #[oai(nullable)]
    pub report_id: Option<i64>,
    #[oai(validator(max_length = 500, min_length = 5))]
    pub title_kk: String,
    #[oai(validator(max_length = 500, min_length = 5))]
    pub title_ru: String,
    #[serde(default)]
    #[oai(default)]
    pub service_ids: Vec<i64>,
    /// The draft in Markdown; each paragraph and top-level list item becomes a numbered clause.
    #[serde(default)]
    #[oai(validator(max_length = 500000), nullable)]
    pub text_md: Option<String>,
    pub opens_at: DateTime<Utc>,
    /// At least the configured number of working days (10 by default) after opening.
    pub closes_at: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewVersion {
    #[oai(validator(max_length = 500000, min_length = 20))]
    pub text_md: String,
    #[serde(default)]
    #[oai(nullable)]
    pub note: Option<String>,
}

#[derive(ApiResponse)]
pub enum CreatedDiscussion {
    /// Published for discussion.
    #[oai(status = 201)]
    Created(Json<DiscussionView>),
}

#[derive(ApiResponse)]
pub enum CreatedVersion {
    /// The revised text.
    #[oai(status = 201)]
    Created(Json<VersionView>),
}

#[derive(ApiResponse)]
pub enum CreatedNotice {
    /// Published; it cannot change.
    #[oai(status = 201)]
    Created(Json<NoticeView>),
}

pub(crate) async fn view(ctx: &Ctx, d: entity::discussion::Model) -> Result<DiscussionView, AppError> {
    let related = discussions::related(ctx, std::slice::from_ref(&d)).await?;
    view_with(ctx, &related, d)
}

/// A page of discussions: what they refer to is read once for the page.
pub(crate) async fn views(ctx: &Ctx, rows: Vec<entity::discussion::Model>) -> Result<Vec<DiscussionView>, AppError> {
    let related = discussions::related(ctx, &rows).await?;
    rows.into_iter().map(|d| view_with(ctx, &related, d)).collect()
}

fn view_with(
    ctx: &Ctx,
    related: &discussions::Related,
    d: entity::discussion::Model,
) -> Result<DiscussionView, AppError> {
    let agency = related.agency(&d)?.clone();
    let v = related.current_version(&d)?.clone();
    let status = crate::domain::discussions::status(ctx.now, d.opens_at, d.closes_at).as_str();
    Ok(DiscussionView {
        notice_published: related.notice_published(&d),
        id: d.id,
        agency: agency.into(),
        subject: d.subject,
        report_id: d.report_id,
        title_kk: d.title_kk,
        title_ru: d.title_ru,
        service_ids: crate::service::json_column("discussion", d.id, "service_ids", &d.service_ids)?,
        opens_at_local: d.opens_at.with_timezone(&chrono_tz::Asia::Almaty).to_rfc3339(),
        closes_at_local: d.closes_at.with_timezone(&chrono_tz::Asia::Almaty).to_rfc3339(),
        opens_at: d.opens_at,
        closes_at: d.closes_at,
        status: status.into(),
        current_version: v.try_into()?,
    })
}

pub(crate) fn notice_view(n: entity::completion_notice::Model) -> Result<NoticeView, AppError> {
    let c: NoticeContent = serde_json::from_value(n.content).map_err(AppError::internal)?;
    Ok(NoticeView {
        discussion_id: c.discussion_id,
        agency: c.agency,
        title_kk: c.title_kk,
        title_ru: c.title_ru,
        opened_at: c.opened_at,
        closed_at: c.closed_at,
        items: c
            .items
            .into_iter()
            .map(|i| NoticeItemView {
                comment_id: i.comment_id,
                clause_anchor: i.clause_anchor,
                clause_number: i.clause_number,
                brief: i.brief,
                source: i.source,
                decision: i.decision,
                reason: i.reason,
            })
            .collect(),
        totals: c.totals,
        revised_version: c.revised_version,
        revised_text_url: c.revised_text_url,
        published_at: n.published_at,
    })
}

#[OpenApi(tag = "ApiTags::Discussions")]
impl DiscussionsApi {
    /// Publish a draft for public discussion (officers of the developer agency)
    ///
    /// The window lasts at least ten working days on Kazakhstan's calendar (Law Art. 15); a
    /// shorter one is `422` with the earliest possible closing date.
    #[oai(path = "/discussions", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewDiscussion>,
    ) -> Result<CreatedDiscussion, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let d = discussions::create(
            &ctx,
            &caller,
            &*state.calendar(&ctx).await?,
            discussions::NewDiscussion {
                subject: b.subject,
                report_id: b.report_id,
                title_kk: b.title_kk,
                title_ru: b.title_ru,
                service_ids: b.service_ids,
                text_md: b.text_md,
                opens_at: b.opens_at,
                closes_at: b.closes_at,
            },
        )
        .await?;
        Ok(CreatedDiscussion::Created(Json(view(&ctx, d).await?)))
    }

    /// List discussions
    #[oai(path = "/discussions", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `upcoming`, `open` or `closed`.
        #[oai(example = "ex::discussion_status")]
        status: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<DiscussionView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) = discussions::list(&ctx, discussion_filter(agency.0, status.0), page).await?;
        Ok(Json(Page { items: views(&ctx, rows).await?, next_cursor: next }))
    }

    /// One discussion, with the current text's clauses
    #[oai(path = "/discussions/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<Json<DiscussionView>, AppError> {
        let ctx = http::ctx(&state, req);
        let d = discussions::find(&ctx.db, id.0).await?;
        Ok(Json(view(&ctx, d).await?))
    }

    /// Publish a revised text (officers of the developer agency)
    ///
    /// Clauses that continue earlier ones keep their anchors; comments stay on the version and
    /// clause they were made on.
    #[oai(path = "/discussions/:id/versions", method = "post")]
    async fn revise(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        body: Body<NewVersion>,
    ) -> Result<CreatedVersion, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let v = discussions::revise(&ctx, &caller, id.0, &body.0.text_md, body.0.note).await?;
        Ok(CreatedVersion::Created(Json(v.try_into()?)))
    }

    /// Versions of the text
    #[oai(path = "/discussions/:id/versions", method = "get")]
    async fn versions(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<Json<Vec<VersionView>>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(discussions::versions(&ctx, id.0).await?.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?))
    }

    /// One version of the text
    #[oai(path = "/discussions/:id/versions/:number", method = "get")]
    async fn version(
        &self,
        state: Data<&AppState>,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        #[oai(example = "ex::revision_number")] number: Path<i32>,
    ) -> Result<Json<VersionView>, AppError> {
        Ok(Json(discussions::version(&state.db, id.0, number.0).await?.try_into()?))
    }

    /// Clause-level differences between two versions
    #[oai(path = "/discussions/:id/diff", method = "get")]
    async fn diff(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        #[oai(example = "ex::revision_from")] from: Query<i32>,
        #[oai(example = "ex::revision_to")] to: Query<i32>,
    ) -> Result<Json<Vec<ClauseChangeView>>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(
            discussions::clause_diff(&ctx, id.0, from.0, to.0)
                .await?
                .into_iter()
                .map(|c| ClauseChangeView {
                    anchor: c.anchor,
                    status: c.status.into(),
                    old: c.old.map(Into::into),
                    new: c.new.map(Into::into),
                })
                .collect(),
        ))
    }

    /// Publish the completion notice (officers of the developer agency)
    ///
    /// Only when every comment has a decision (`409 dispositions_missing` names those without).
    /// Generated from the decisions, never typed; published once.
    #[oai(path = "/discussions/:id/notice", method = "post")]
    async fn publish_notice(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<CreatedNotice, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(CreatedNotice::Created(Json(notice_view(discussions::publish_notice(&ctx, &caller, id.0).await?)?)))
    }

    /// The completion notice (JSON)
    #[oai(path = "/discussions/:id/notice", method = "get")]
    async fn notice(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<Json<NoticeView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(notice_view(discussions::notice(&ctx, id.0).await?)?))
    }

    /// The completion notice (Markdown)
    #[oai(path = "/discussions/:id/notice.md", method = "get")]
    async fn notice_md(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<PlainText<String>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(PlainText(discussions::notice(&ctx, id.0).await?.markdown))
    }

    /// The completion notice (HTML)
    #[oai(path = "/discussions/:id/notice.html", method = "get")]
    async fn notice_html(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<Html<String>, AppError> {
        let ctx = http::ctx(&state, req);
        let n = discussions::notice(&ctx, id.0).await?;
        Ok(Html(format!(
            "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Уведомление о завершении публичного обсуждения</title></head><body>{}</body></html>",
            crate::markdown::to_html(&n.markdown)
        )))
    }

    /// An agency's record on public discussions (open data)
    #[oai(path = "/agencies/:id/discussions/figures", method = "get")]
    async fn figures(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyDiscussionFigures>, AppError> {
        let ctx = http::ctx(&state, req);
        let f = discussions::agency_figures(&ctx, id.0).await?;
        Ok(Json(AgencyDiscussionFigures {
            agency_id: id.0,
            discussions_held: f.discussions_held,
            comments_received: f.comments_received,
            comments_accepted: f.comments_accepted,
            comments_partially_accepted: f.comments_partially_accepted,
            share_accepted: f.share_accepted,
            median_days_close_to_notice: f.median_days_close_to_notice,
        }))
    }

    /// Completion notices of every discussion (open data)
    ///
    /// Ordered by discussion; each is also at `/discussions/{discussion_id}/notice`.
    #[oai(path = "/completion-notices", method = "get")]
    async fn notices(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// The developer agency of the discussion.
        #[oai(example = "ex::agency")]
        agency: Query<Option<i64>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        /// From `next_cursor`; the position is a discussion's id.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<NoticeView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) = discussions::list_notices(&ctx, notice_filter(agency.0), page).await?;
        let items = rows.into_iter().map(notice_view).collect::<Result<Vec<_>, _>>()?;
        Ok(Json(Page { items, next_cursor: next }))
    }
}

/// The list's filters, as the list and its exports take them.
fn discussion_filter(agency: Option<i64>, status: Option<String>) -> discussions::DiscussionFilter {
    discussions::DiscussionFilter { agency_id: agency, status }
}

/// The notices' filters, as their list and exports take them.
fn notice_filter(agency: Option<i64>) -> discussions::NoticeFilter {
    discussions::NoticeFilter { agency_id: agency }
}

mod examples;
pub mod export;
