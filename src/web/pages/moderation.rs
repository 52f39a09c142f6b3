//! `/moderation`: the moderators' queue of what was recently published (comments, observations'
//! public parts, evidence files, conclusions), newest first, filtered by kind and by whether it is
//! hidden, with a form per record to hide it with a reason or show it again; `/moderation/log`:
//! every hide and unhide. Over `service::moderation` (`hide`, `unhide`, `log`) and its `queue`.
use std::collections::HashMap;

use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::admin::{forbidden, page_refusal};
use crate::{
    domain::moderation::Subject,
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    markdown,
    service::{
        accounts,
        moderation::{
            self, LogFilter,
            queue::{self, QueueFilter, Visibility},
        },
        pagination::PageRequest,
    },
    web::session::{Page, check_csrf},
};

const PER_PAGE: u64 = 20;
/// How much of a record's words the queue shows.
const EXCERPT: usize = 300;

/// The queue's filters as the GET form and the links carry them.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct QueueQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    shown: String,
    #[serde(default)]
    page: Option<u64>,
    #[serde(default, skip_serializing)]
    done: Option<String>,
}

impl QueueQuery {
    fn filter(&self, lang: Lang) -> AppResult<QueueFilter> {
        let subject = match self.kind.trim() {
            "" => None,
            k => Some(
                Subject::parse(k)
                    .ok_or_else(|| AppError::invalid_parameter("kind", &i18n::text(lang, "web.moderation.bad_kind")))?,
            ),
        };
        let visibility = match self.shown.trim() {
            "" => Visibility::All,
            "hidden" => Visibility::Hidden,
            "visible" => Visibility::Visible,
            _ => return Err(AppError::invalid_parameter("shown", &i18n::text(lang, "web.moderation.bad_shown"))),
        };
        Ok(QueueFilter { subject, visibility })
    }

    /// This filter's query string at page `n` (without the `?`).
    fn query(&self, n: u64) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("kind", &self.kind), ("shown", &self.shown)] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        if n > 1 {
            s.append_pair("page", &n.to_string());
        }
        s.finish()
    }

    fn href(&self, n: u64) -> String {
        let q = self.query(n);
        if q.is_empty() { "/moderation".into() } else { format!("/moderation?{q}") }
    }
}

/// A hide form as typed, kept when refused.
#[derive(Deserialize, Default, Clone)]
pub struct HideForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Serialize)]
struct Row {
    subject: &'static str,
    kind: String,
    id: i64,
    at: String,
    text: String,
    href: String,
    hidden_reason: Option<String>,
    hidden_at: Option<String>,
    /// The reason as typed when this row's form was refused.
    reason: String,
    refusal: Option<Value>,
}

pub fn kind_label(lang: Lang, s: &str) -> String {
    i18n::text(lang, &format!("web.moderation.kind.{s}"))
}

fn kinds(lang: Lang) -> Vec<Value> {
    Subject::ALL.iter().map(|s| context! { code => s.as_str(), label => kind_label(lang, s.as_str()) }).collect()
}

/// The refusal of one row's form: which record, what was typed, and why.
struct Refused {
    subject: Subject,
    id: i64,
    reason: String,
    refusal: Value,
}

async fn render(p: &Page, q: &QueueQuery, status: StatusCode, refused: Option<Refused>) -> AppResult<Response> {
    let caller = p.viewer.clone().ok_or_else(|| AppError::new(Code::Unauthorized))?;
    if !caller.moderates() {
        return Err(forbidden(p.lang, "web.moderation.moderators_only"));
    }
    let ctx = p.ctx()?;
    let lang = p.lang;
    let page_no = q.page.unwrap_or(1).clamp(1, queue::MAX_PAGE);
    let (found, problem) = match q.filter(lang) {
        Ok(f) => (Some(queue::queue(&ctx, &caller, f, page_no, PER_PAGE).await?), None),
        Err(e) => (None, Some(page_refusal(p, &e))),
    };
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { status };
    let (rows, pager) = match found {
        Some(found) => {
            let rows: Vec<Row> = found
                .items
                .into_iter()
                .map(|it| {
                    let text = markdown::to_text(&it.text);
                    let mut excerpt: String = text.chars().take(EXCERPT).collect();
                    if text.chars().count() > EXCERPT {
                        excerpt.push('…');
                    }
                    let kept = refused.as_ref().filter(|r| r.subject == it.subject && r.id == it.id);
                    Row {
                        subject: it.subject.as_str(),
                        kind: kind_label(lang, it.subject.as_str()),
                        id: it.id,
                        at: it.at.to_rfc3339(),
                        text: excerpt,
                        href: it.href,
                        hidden_reason: it.hidden.as_ref().map(|h| h.reason.clone()),
                        hidden_at: it.hidden.as_ref().map(|h| h.at.to_rfc3339()),
                        reason: kept.map(|r| r.reason.clone()).unwrap_or_default(),
                        refusal: kept.map(|r| r.refusal.clone()),
                    }
                })
                .collect();
            let pager = context! {
                prev_href => (page_no > 1).then(|| q.href(page_no - 1)),
                next_href => found.more.then(|| q.href(page_no + 1)),
                label => i18n::format(lang, "web.moderation.page_n", &[("n", page_no.to_string())]),
            };
            (rows, Some(pager))
        }
        None => (Vec::new(), None),
    };
    // A refusal of a record no longer on this page still shows, at the top.
    let orphan = refused.filter(|r| !rows.iter().any(|row| row.subject == r.subject.as_str() && row.id == r.id));
    p.render_status(
        status,
        "moderation.html",
        context! {
            rows => rows,
            pager => pager,
            refusal => problem.or(orphan.map(|r| r.refusal)),
            filter => context! { kind => q.kind.clone(), shown => q.shown.clone() },
            kinds => kinds(lang),
            query => q.query(page_no),
            done => q.done.clone().filter(|d| d == "hidden" || d == "shown"),
            reason_min => crate::domain::moderation::REASON_MIN,
            reason_max => crate::domain::moderation::REASON_MAX,
        },
    )
}

/// `GET /moderation`: the queue, for moderators and administrators.
#[handler]
pub async fn page(p: Page, Query(q): Query<QueueQuery>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    render(&p, &q, StatusCode::OK, None).await
}

fn subject_of(lang: Lang, s: &str) -> AppResult<Subject> {
    Subject::parse(s)
        .ok_or_else(|| AppError::invalid_parameter("subject", &i18n::text(lang, "web.moderation.bad_kind")))
}

fn back(q: &QueueQuery, done: &str) -> String {
    let query = q.query(q.page.unwrap_or(1));
    let sep = if query.is_empty() { "" } else { "&" };
    format!("/moderation?{query}{sep}done={done}")
}

/// `POST /moderation/{subject}/{id}/hide`: hide a record with the reason typed beside it.
#[handler]
pub async fn hide(
    req: &Request,
    mut p: Page,
    Path((subject, id)): Path<(String, i64)>,
    Query(q): Query<QueueQuery>,
    Form(f): Form<HideForm>,
) -> AppResult<Response> {
    p.here = q.href(q.page.unwrap_or(1));
    let subject = subject_of(p.lang, &subject)?;
    let refused =
        |p: &Page, e: &AppError| Refused { subject, id, reason: f.reason.clone(), refusal: page_refusal(p, e) };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let r = refused(&p, &e);
        return render(&p, &q, e.status(), Some(r)).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other("/sign-in?next=%2Fmoderation").into_response());
    };
    let ctx = p.ctx()?;
    match moderation::hide(&ctx, &caller, subject, id, &f.reason).await {
        Ok(_) => Ok(Redirect::see_other(back(&q, "hidden")).into_response()),
        Err(e) if e.code == Code::Forbidden => Err(forbidden(p.lang, "web.moderation.moderators_only")),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let r = refused(&p, &e);
            render(&p, &q, e.status(), Some(r)).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct UnhideForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /moderation/{subject}/{id}/unhide`: show a hidden record again.
#[handler]
pub async fn unhide(
    req: &Request,
    mut p: Page,
    Path((subject, id)): Path<(String, i64)>,
    Query(q): Query<QueueQuery>,
    Form(f): Form<UnhideForm>,
) -> AppResult<Response> {
    p.here = q.href(q.page.unwrap_or(1));
    let subject = subject_of(p.lang, &subject)?;
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let r = Refused { subject, id, reason: String::new(), refusal: page_refusal(&p, &e) };
        return render(&p, &q, e.status(), Some(r)).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other("/sign-in?next=%2Fmoderation").into_response());
    };
    let ctx = p.ctx()?;
    match moderation::unhide(&ctx, &caller, subject, id).await {
        Ok(_) => Ok(Redirect::see_other(back(&q, "shown")).into_response()),
        Err(e) if e.code == Code::Forbidden => Err(forbidden(p.lang, "web.moderation.moderators_only")),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let r = Refused { subject, id, reason: String::new(), refusal: page_refusal(&p, &e) };
            render(&p, &q, e.status(), Some(r)).await
        }
    }
}

/// The log's filters.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct LogQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    moderator: String,
    #[serde(default)]
    cursor: String,
}

#[derive(Serialize)]
struct LogRow {
    at: String,
    action: String,
    moderator: String,
    kind: String,
    id: String,
    reason: Option<String>,
}

/// `GET /moderation/log`: every hide and unhide, oldest first, filtered by kind and moderator.
#[handler]
pub async fn log(p: Page, Query(q): Query<LogQuery>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    if !caller.moderates() {
        return Err(forbidden(p.lang, "web.moderation.moderators_only"));
    }
    let ctx = p.ctx()?;
    let lang = p.lang;
    let parsed = async {
        let subject = match q.kind.trim() {
            "" => None,
            k => Some(subject_of(lang, k)?),
        };
        let moderator_id = match q.moderator.trim() {
            "" => None,
            m => Some(m.parse::<i64>().map_err(|_| {
                AppError::invalid_parameter("moderator", &i18n::text(lang, "web.moderation.bad_moderator"))
            })?),
        };
        let keyset = PageRequest::parse(Some(PER_PAGE), Some(q.cursor.as_str()))?;
        moderation::log(&ctx, &caller, LogFilter { subject, moderator_id }, keyset).await
    }
    .await;
    let (entries, next, problem) = match parsed {
        Ok((rows, next)) => (rows, next, None),
        Err(e) if e.code == Code::InvalidParameter => (Vec::new(), None, Some(page_refusal(&p, &e))),
        Err(e) => return Err(e),
    };
    let mut names: HashMap<i64, String> = HashMap::new();
    for id in entries.iter().filter_map(|e| e.actor_id) {
        if let std::collections::hash_map::Entry::Vacant(v) = names.entry(id) {
            v.insert(accounts::get(&ctx, id).await.map(|a| a.display_name).unwrap_or_else(|_| format!("#{id}")));
        }
    }
    let rows: Vec<LogRow> = entries
        .into_iter()
        .map(|e| LogRow {
            at: e.at.to_rfc3339(),
            action: i18n::text(lang, &format!("web.moderation.action.{}", e.action.replace('.', "_"))),
            moderator: e.actor_id.and_then(|a| names.get(&a).cloned()).unwrap_or_default(),
            kind: kind_label(lang, &e.entity_type),
            id: e.entity_id,
            reason: e
                .after
                .as_ref()
                .and_then(|a| a.get("reason"))
                .or_else(|| e.before.as_ref().and_then(|b| b.get("reason")))
                .and_then(|r| r.as_str())
                .map(str::to_string),
        })
        .collect();
    let next_href = next.map(|c| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("kind", &q.kind), ("moderator", &q.moderator)] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        s.append_pair("cursor", &c);
        format!("/moderation/log?{}", s.finish())
    });
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    p.render_status(
        status,
        "moderation_log.html",
        context! {
            rows => rows,
            refusal => problem,
            filter => Value::from_serialize(&q),
            kinds => kinds(lang),
            next_href => next_href,
            first_href => (!q.cursor.is_empty()).then_some("/moderation/log"),
        },
    )
}
