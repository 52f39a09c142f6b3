//! Moderation over HTTP: hide a record from public view with a reason, show it again, and read the
//! moderation log. The rules are in `service::moderation`.
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Path, param::Query, payload::Json, types::Example};
use serde::Deserialize;

use super::{
    ApiTags,
    audit::AuditEntryView,
    common::{self, BearerAuth, Body, HiddenView, examples as ex},
    views::Page,
};
use crate::{
    domain::{accounts::Scope, moderation::Subject},
    error::AppError,
    service::{
        moderation::{self, Moderated},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct ModerationApi;

fn subject_example() -> String {
    "comment".into()
}

fn subject_filter_example() -> Option<String> {
    Some("comment".into())
}

/// A subject as the path or the filter names it.
fn subject_of(name: &str, value: &str) -> Result<Subject, AppError> {
    Subject::parse(value)
        .ok_or_else(|| AppError::invalid_parameter(name, "comment, observation, evidence or conclusion"))
}

fn record_example() -> i64 {
    ex::COMMENT
}

fn moderator_example() -> Option<i64> {
    Some(MODERATOR)
}

const MODERATOR: i64 = 302;
const REASON: &str = "Публикует номер телефона заявителя; скрыто до исправления автором.";

/// Why the record is hidden.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct HideInput {
    /// 10 to 2,000 characters: the rule broken, in words the author will read.
    pub reason: String,
}

impl Example for HideInput {
    fn example() -> Self {
        HideInput { reason: REASON.into() }
    }
}

/// A record as moderation left it.
#[derive(Object)]
#[oai(example)]
pub struct ModeratedView {
    /// `comment`, `observation`, `evidence` or `conclusion`.
    pub subject: String,
    pub id: i64,
    /// `null` when the record is public.
    #[oai(nullable)]
    pub hidden: Option<HiddenView>,
    /// Where the record is read.
    pub url: String,
}

impl Example for ModeratedView {
    fn example() -> Self {
        ModeratedView {
            subject: "comment".into(),
            id: ex::COMMENT,
            hidden: Some(<HiddenView as Example>::example()),
            url: format!("/api/v1/comments/{}", ex::COMMENT),
        }
    }
}

fn moderated_view(m: Moderated) -> ModeratedView {
    ModeratedView { subject: m.subject.as_str().into(), id: m.id, hidden: m.hidden.map(HiddenView::from), url: m.url }
}

#[OpenApi(tag = "ApiTags::Moderation")]
impl ModerationApi {
    /// Hide a record from public view (moderators)
    ///
    /// The record leaves public reads, exports, search and the change feed (which says it was
    /// withdrawn, without its content); its authors still read it, marked hidden with the reason.
    /// Nobody's words are changed. Written to the moderation log.
    #[oai(path = "/moderation/:subject/:id/hide", method = "post")]
    async fn hide(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        /// `comment`, `observation`, `evidence` or `conclusion`.
        #[oai(example = "subject_example")]
        subject: Path<String>,
        #[oai(example = "record_example")] id: Path<i64>,
        body: Body<HideInput>,
    ) -> Result<Json<ModeratedView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let subject = subject_of("subject", &subject.0)?;
        let m = moderation::hide(&ctx, &caller, subject, id.0, &body.0.reason).await?;
        Ok(Json(moderated_view(m)))
    }

    /// Show a hidden record again (moderators)
    #[oai(path = "/moderation/:subject/:id/unhide", method = "post")]
    async fn unhide(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        /// `comment`, `observation`, `evidence` or `conclusion`.
        #[oai(example = "subject_example")]
        subject: Path<String>,
        #[oai(example = "record_example")] id: Path<i64>,
    ) -> Result<Json<ModeratedView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let subject = subject_of("subject", &subject.0)?;
        let m = moderation::unhide(&ctx, &caller, subject, id.0).await?;
        Ok(Json(moderated_view(m)))
    }

    /// The moderation log (moderators)
    ///
    /// Every hide and unhide, oldest first, with the moderator, the record and the reason.
    #[oai(path = "/moderation/log", method = "get")]
    async fn log(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        /// `comment`, `observation`, `evidence` or `conclusion`.
        #[oai(example = "subject_filter_example")]
        subject: Query<Option<String>>,
        /// The moderator's account id.
        #[oai(example = "moderator_example")]
        moderator: Query<Option<i64>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<AuditEntryView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = moderation::LogFilter {
            subject: subject.0.map(|s| subject_of("subject", &s)).transpose()?,
            moderator_id: moderator.0,
        };
        let rows = moderation::log(&ctx, &caller, f, page).await?;
        Ok(Json(Page::from(rows, AuditEntryView::from)))
    }
}
