//! `/discussions/{id}`: a public discussion (Law Art. 15): the current version's numbered clauses,
//! the comments beside each clause with the agency's decisions, the comment form while the window
//! is open, and the completion notice once published. Whether a comment may be made is the
//! domain's `may_comment`; every refusal of a posted comment is the service's.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{AgencyLink, name_in};
use crate::{
    domain::discussions::{CommentRefusal, may_comment},
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    markdown,
    service::{agencies, discussions},
    web::session::{Page, check_csrf},
};

/// The most comments the page shows; the rest are read through the API.
const COMMENTS_SHOWN: usize = 150;

/// The comment form as the reader typed it, kept when a refusal sends it back.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct CommentForm {
    /// A clause anchor; empty for the whole draft.
    #[serde(default)]
    clause: String,
    #[serde(default)]
    text: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

#[derive(Serialize)]
struct CommentView {
    id: i64,
    anchor: Option<String>,
    version: i32,
    source: String,
    proposal_html: String,
    replacement_text: Option<String>,
    decision: Option<String>,
    decision_label: Option<String>,
    decision_reason: Option<String>,
    created_at: String,
    /// For the author and those who must still see it: why a moderator hid it from the public.
    hidden_reason: Option<String>,
}

#[derive(Serialize)]
struct ClauseView {
    anchor: String,
    number: u32,
    text_html: String,
    comments: Vec<CommentView>,
}

fn decision_label(lang: Lang, d: &str) -> String {
    i18n::text(lang, &format!("web.discussion.decision.{d}"))
}

/// The discussion's page, with the form as typed and a refusal beside it when a comment was
/// refused.
async fn render(
    p: &Page,
    id: i64,
    status: StatusCode,
    form: &CommentForm,
    refusal: Option<Value>,
) -> AppResult<Response> {
    render_with(p, id, status, form, refusal, None).await
}

/// The discussion's page; `revision` is a refused new version, kept with what the officer typed.
pub(super) async fn render_with(
    p: &Page,
    id: i64,
    status: StatusCode,
    form: &CommentForm,
    refusal: Option<Value>,
    revision: Option<(super::discussion_forms::RevisionForm, Value)>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let d = discussions::find(&ctx.db, id).await?;
    let actions = discussions::developer::developer_actions(&ctx, p.viewer.as_ref(), &d).await?;
    // A refused new version from someone the page offers no form: the refusal at the top.
    let refusal = refusal.or_else(|| revision.as_ref().filter(|_| !actions.developer).map(|(_, r)| r.clone()));
    let agency = agencies::find(&ctx.db, d.agency_id).await?;
    let version = discussions::version(&ctx.db, id, d.current_version).await?;
    let window = may_comment(ctx.now, d.opens_at, d.closes_at);
    let window_refusal = match window {
        Ok(()) => None,
        Err(CommentRefusal::NotOpen) => Some(p.refusal(&AppError::new(Code::DiscussionNotOpen))),
        Err(CommentRefusal::Closed) => Some(p.refusal(&AppError::new(Code::DiscussionClosed))),
    };
    let notice = match discussions::notice(&ctx, id).await {
        Ok(n) => Some(context! {
            published_at => n.published_at.to_rfc3339(),
            html => markdown::to_html(&n.markdown),
        }),
        Err(e) if e.code == Code::ResourceNotFound => None,
        Err(e) => return Err(e),
    };
    let mut comments: Vec<CommentView> = discussions::comments(&ctx, p.viewer.as_ref(), id)
        .await?
        .into_iter()
        .map(|s| {
            let source = s.source_in(lang);
            let hidden_reason = s.hidden.as_ref().map(|h| h.reason.clone());
            let c = s.comment;
            CommentView {
                hidden_reason,
                id: c.id,
                proposal_html: markdown::to_html(&c.proposal_md),
                anchor: c.anchor,
                version: c.version_number,
                source,
                replacement_text: c.replacement_text,
                decision_label: c.disposition.as_deref().map(|x| decision_label(lang, x)),
                decision: c.disposition,
                decision_reason: c.disposition_reason,
                created_at: c.created_at.to_rfc3339(),
            }
        })
        .collect();
    let total_comments = comments.len();
    // A page stays small: the first comments here, all of them in the API.
    comments.truncate(COMMENTS_SHOWN);
    let mut clauses: Vec<ClauseView> = discussions::clauses_of(&version)?
        .into_iter()
        .map(|c| ClauseView {
            text_html: markdown::to_html(&c.text),
            anchor: c.anchor,
            number: c.number,
            comments: vec![],
        })
        .collect();
    // Each comment beside its clause; on the whole draft (or on a clause no longer in the text) apart.
    let mut general = Vec::new();
    for c in comments.drain(..) {
        match clauses.iter_mut().find(|cl| c.anchor.as_deref() == Some(cl.anchor.as_str())) {
            Some(cl) => cl.comments.push(c),
            None => general.push(c),
        }
    }
    let title = name_in(lang, &d.title_kk, &d.title_ru, "");
    p.render_status(
        status,
        "discussion.html",
        context! {
            discussion => context! {
                id => d.id,
                title => title,
                subject => d.subject.clone(),
                subject_label => i18n::text(lang, &format!("web.discussion.subject.{}", d.subject)),
                opens_at => d.opens_at.to_rfc3339(),
                closes_at => d.closes_at.to_rfc3339(),
                status => crate::domain::discussions::status(ctx.now, d.opens_at, d.closes_at).as_str(),
                status_label => i18n::text(lang, &format!("web.discussion.status.{}", crate::domain::discussions::status(ctx.now, d.opens_at, d.closes_at).as_str())),
                version => version.number,
                report_href => d.report_id.map(|r| format!("/reports/{r}")),
            },
            agency => AgencyLink::new(lang, &agency),
            clauses => clauses,
            general => general,
            total_comments => total_comments,
            comments_capped => total_comments > COMMENTS_SHOWN,
            comments_shown => COMMENTS_SHOWN,
            may_comment => window.is_ok(),
            window_refusal => window_refusal,
            refusal => refusal,
            form => form,
            notice => notice,
            officer => actions.developer.then(|| super::discussion_forms::officer_panel(&version, &actions, revision)),
        },
    )
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    render(&p, id, StatusCode::OK, &CommentForm::default(), None).await
}

/// `POST /discussions/{id}/comments`: the signed-in reader comments on a clause or the whole draft.
#[handler]
pub async fn comment(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    // A page re-rendered with a refusal is the discussion's page: its language switch and sign-in
    // links come back there, not to this form's address.
    p.here = format!("/discussions/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render(&p, id, e.status(), &f, Some(p.refusal(&e))).await;
    }
    // Signed out (the session expired while typing): sign in and come back to the discussion.
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fdiscussions%2F{id}")).into_response());
    };
    let ctx = p.ctx()?;
    let input = discussions::NewComment {
        anchor: Some(f.clause.trim().to_string()).filter(|a| !a.is_empty()),
        organization_id: None,
        proposal_md: f.text.clone(),
        replacement_text: None,
    };
    match discussions::comment(&ctx, &caller, id, input).await {
        Ok(c) => Ok(Redirect::see_other(format!("/discussions/{id}#comment-{}", c.id)).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => render(&p, id, e.status(), &f, Some(p.refusal(&e))).await,
    }
}
