//! `/discussions/{id}/decide`: the developer agency's officers decide every comment (Law Art. 15)
//! once the window has closed, clause by clause, and publish the completion notice, which the
//! service refuses while a comment is undecided, naming them. Whether the page offers the forms is
//! `service::discussions::developer`; every refusal of a posted form is the command's own.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{AgencyLink, name_in};
use crate::{
    domain::discussions::Disposition,
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    markdown,
    service::{
        agencies,
        discussions::{self, developer},
    },
    web::session::{Page, check_csrf},
};

/// A decision as the officer typed it, kept when refused.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

#[derive(Deserialize, Default)]
pub struct NoticeForm {
    #[serde(default)]
    csrf_token: String,
}

#[derive(Serialize)]
struct CommentRow {
    id: i64,
    source: String,
    proposal_html: String,
    replacement_text: Option<String>,
    hidden_reason: Option<String>,
    created_at: String,
    decision: Option<String>,
    decision_label: Option<String>,
    reason: Option<String>,
    /// The form's values: as typed when this comment's decision was refused, else as stored.
    form: DecisionForm,
    refusal: Option<Value>,
}

#[derive(Serialize)]
struct Group {
    /// `None` for comments on the whole draft or on a clause no longer in the text.
    number: Option<u32>,
    anchor: Option<String>,
    comments: Vec<CommentRow>,
}

#[derive(Serialize)]
struct Undecided {
    id: i64,
    source: String,
    brief: String,
}

fn decision_label(lang: Lang, d: &str) -> String {
    i18n::text(lang, &format!("web.discussion.decision.{d}"))
}

/// What went wrong, where: a refused decision beside its comment, a refused notice at its button
/// with the comments it still waits for.
enum Refused {
    Decision { comment: i64, form: DecisionForm, refusal: Value },
    Notice { refusal: Value },
    Other(Value),
}

async fn render(p: &Page, id: i64, status: StatusCode, refused: Option<Refused>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let viewer = p.viewer.as_ref();
    let d = discussions::find(&ctx.db, id).await?;
    let actions = developer::developer_actions(&ctx, viewer, &d).await?;
    if !actions.developer {
        return Err(AppError::new(Code::Forbidden).arg("why", i18n::text(lang, "web.officer.decide.developers_only")));
    }
    let agency = agencies::find(&ctx.db, d.agency_id).await?;
    let version = discussions::version(&ctx.db, id, d.current_version).await?;
    // Why no form is offered, in the service's words: still open, or the notice is out.
    let phase = if actions.notice_published {
        Some(p.refusal(&AppError::new(Code::NoticeAlreadyPublished)))
    } else if !actions.decide {
        Some(p.refusal(
            &AppError::new(Code::DiscussionStillOpen).arg("closes_at", crate::web::format::datetime(lang, d.closes_at)),
        ))
    } else {
        None
    };
    let (mut kept, mut notice_refusal, mut other) = (None, None, None);
    match refused {
        Some(Refused::Decision { comment, form, refusal }) => kept = Some((comment, form, refusal)),
        Some(Refused::Notice { refusal }) => notice_refusal = Some(refusal),
        Some(Refused::Other(r)) => other = Some(r),
        None => {}
    }
    let shown = discussions::comments(&ctx, viewer, id).await?;
    let undecided: Vec<Undecided> = developer::undecided(&ctx, viewer, id)
        .await?
        .into_iter()
        .map(|s| {
            let brief: String = markdown::to_text(&s.comment.proposal_md).chars().take(120).collect();
            Undecided { id: s.comment.id, source: s.source_in(lang), brief }
        })
        .collect();
    let mut groups: Vec<Group> = discussions::clauses_of(&version)?
        .into_iter()
        .map(|c| Group { number: Some(c.number), anchor: Some(c.anchor), comments: vec![] })
        .collect();
    let mut general = Group { number: None, anchor: None, comments: vec![] };
    for s in shown {
        let source = s.source_in(lang);
        let hidden_reason = s.hidden.as_ref().map(|h| h.reason.clone());
        let c = s.comment;
        let (form, refusal) = match &kept {
            Some((cid, f, r)) if *cid == c.id => (f.clone(), Some(r.clone())),
            _ => (
                DecisionForm {
                    decision: c.disposition.clone().unwrap_or_default(),
                    reason: c.disposition_reason.clone().unwrap_or_default(),
                    csrf_token: String::new(),
                },
                None,
            ),
        };
        let row = CommentRow {
            id: c.id,
            source,
            proposal_html: markdown::to_html(&c.proposal_md),
            replacement_text: c.replacement_text.clone(),
            hidden_reason,
            created_at: c.created_at.to_rfc3339(),
            decision_label: c.disposition.as_deref().map(|x| decision_label(lang, x)),
            decision: c.disposition.clone(),
            reason: c.disposition_reason.clone(),
            form,
            refusal,
        };
        match groups.iter_mut().find(|g| g.anchor.is_some() && g.anchor == c.anchor) {
            Some(g) => g.comments.push(row),
            None => general.comments.push(row),
        }
    }
    groups.retain(|g| !g.comments.is_empty());
    if !general.comments.is_empty() {
        groups.push(general);
    }
    let decisions: Vec<_> = Disposition::ALL
        .iter()
        .map(|x| context! { value => x.as_str(), label => decision_label(lang, x.as_str()), needs_reason => x.needs_reason() })
        .collect();
    p.render_status(
        status,
        "discussion_decide.html",
        context! {
            discussion => context! {
                id => d.id,
                title => name_in(lang, &d.title_kk, &d.title_ru, ""),
                closes_at => d.closes_at.to_rfc3339(),
                version => version.number,
            },
            agency => AgencyLink::new(lang, &agency),
            actions => context! { decide => actions.decide, notice_published => actions.notice_published },
            phase => phase,
            groups => groups,
            decisions => decisions,
            undecided => undecided,
            notice_refusal => notice_refusal,
            refusal => other,
        },
    )
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    render(&p, id, StatusCode::OK, None).await
}

/// `POST /discussions/{id}/comments/{cid}/decision`: decide one comment.
#[handler]
pub async fn decide(
    req: &Request,
    mut p: Page,
    Path((id, cid)): Path<(i64, i64)>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    p.here = format!("/discussions/{id}/decide");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let refusal = p.refusal(&e);
        return render(&p, id, e.status(), Some(Refused::Decision { comment: cid, form: f, refusal })).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fdiscussions%2F{id}%2Fdecide")).into_response());
    };
    let ctx = p.ctx()?;
    let reason = Some(f.reason.clone()).filter(|r| !r.trim().is_empty());
    match discussions::dispose(&ctx, &caller, id, cid, &f.decision, reason).await {
        Ok(c) => Ok(Redirect::see_other(format!("/discussions/{id}/decide#comment-{}", c.id)).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let refusal = p.refusal(&e);
            render(&p, id, e.status(), Some(Refused::Decision { comment: cid, form: f, refusal })).await
        }
    }
}

/// `POST /discussions/{id}/notice`: publish the completion notice.
#[handler]
pub async fn publish_notice(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(f): Form<NoticeForm>,
) -> AppResult<Response> {
    p.here = format!("/discussions/{id}/decide");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let refusal = p.refusal(&e);
        return render(&p, id, e.status(), Some(Refused::Other(refusal))).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fdiscussions%2F{id}%2Fdecide")).into_response());
    };
    let ctx = p.ctx()?;
    match discussions::publish_notice(&ctx, &caller, id).await {
        Ok(_) => Ok(Redirect::see_other(format!("/discussions/{id}#notice-h")).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let refusal = p.refusal(&e);
            render(&p, id, e.status(), Some(Refused::Notice { refusal })).await
        }
    }
}
