//! `/inbox`: an agency officer's requests (Law Art. 29 p.2), nearest due date first, flagged
//! overdue or due soon, filtered by state, due-date horizon and date received, paged, with the
//! agency's counts at the top; and the agency's discussions with comments awaiting a decision.
use chrono::NaiveDate;
use minijinja::{Value, context};
use poem::{IntoResponse, Response, handler, http::StatusCode, web::Query};
use serde::{Deserialize, Serialize};

use super::{name_in, request_forms::refusal, requests::state_label};
use crate::{
    domain::{
        accounts::Role,
        calendar::local_date,
        requests::{RequestState, is_due_soon},
    },
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    service::{
        discussions::{self, DiscussionFilter},
        pagination::PageRequest,
        requests::{self, InboxFilter, InboxStates},
    },
    web::session::Page,
};

/// Rows a page of the inbox shows.
const PER_PAGE: u64 = 25;
/// The most discussions the inbox lists; the rest are in the API.
const DISCUSSIONS_CAP: u64 = 50;

/// The filters as typed in the inbox's form (a GET form: they live in the address).
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct InboxQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    due_within: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default, skip_serializing)]
    page: Option<u64>,
}

impl InboxQuery {
    /// The filter the service takes; a value that cannot be read is refused as a parameter.
    fn filter(&self, lang: Lang) -> AppResult<InboxFilter> {
        let states = match self.state.trim() {
            "" | "open" => InboxStates::Open,
            "all" => InboxStates::All,
            s => InboxStates::One(
                RequestState::parse(s)
                    .ok_or_else(|| AppError::invalid_parameter("state", &i18n::text(lang, "web.inbox.bad_state")))?,
            ),
        };
        let date = |name: &str, v: &str| -> AppResult<Option<NaiveDate>> {
            match v.trim() {
                "" => Ok(None),
                v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| AppError::invalid_parameter(name, &i18n::text(lang, "web.inbox.bad_date"))),
            }
        };
        let due_within_days = match self.due_within.trim() {
            "" => None,
            v => Some(
                v.parse::<u32>()
                    .map_err(|_| AppError::invalid_parameter("due_within", &i18n::text(lang, "web.inbox.bad_days")))?,
            ),
        };
        Ok(InboxFilter {
            states,
            due_within_days,
            received_from: date("from", &self.from)?,
            received_to: date("to", &self.to)?,
        })
    }

    /// This filter's address at page `n`.
    fn href(&self, n: u64) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("state", &self.state), ("due_within", &self.due_within), ("from", &self.from), ("to", &self.to)]
        {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        if n > 1 {
            s.append_pair("page", &n.to_string());
        }
        let q = s.finish();
        if q.is_empty() { "/inbox".into() } else { format!("/inbox?{q}") }
    }
}

#[derive(Serialize)]
struct Row {
    href: String,
    number: Option<String>,
    subject: String,
    state: String,
    registered: Option<String>,
    due: Option<String>,
    overdue: bool,
    due_soon: bool,
}

#[derive(Serialize)]
struct DiscussionItem {
    href: String,
    title: String,
    status: String,
    closes_at: String,
    comments: usize,
    awaiting: usize,
}

/// `/inbox`: only for agency officers, of their own agency.
#[handler]
pub async fn page(p: Page, Query(q): Query<InboxQuery>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let agency_id = match caller.account.agency_id {
        Some(a) if caller.role() == Role::AgencyOfficer => a,
        _ => return Err(AppError::new(Code::Forbidden).arg("why", i18n::text(p.lang, "web.me.inbox.officers_only"))),
    };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let agency = crate::service::agencies::find(&ctx.db, agency_id).await?;
    let today = local_date(ctx.now);
    let (status, found, problem) =
        match async { requests::inbox(&ctx, &caller, q.filter(lang)?, q.page.unwrap_or(1), PER_PAGE).await }.await {
            Ok(found) => (StatusCode::OK, Some(found), None),
            Err(e) if e.code == Code::InvalidParameter || e.code == Code::ValidationFailed => {
                (e.status(), None, Some(refusal(&p, &e)))
            }
            Err(e) => return Err(e),
        };
    let (rows, counts, pager, matching) = match found {
        Some(found) => {
            let page = q.page.unwrap_or(1).clamp(1, found.pages);
            let rows: Vec<Row> = found
                .rows
                .iter()
                .map(|r| {
                    let state = RequestState::parse(&r.state).unwrap_or(RequestState::Draft);
                    Row {
                        href: format!("/requests/{}", r.id),
                        number: r.number.clone(),
                        subject: r.subject.clone(),
                        state: state_label(lang, &r.state),
                        registered: r.registration_date.map(|d| d.to_string()),
                        due: r.due_date.map(|d| d.to_string()),
                        overdue: requests::overdue(&ctx, r),
                        due_soon: is_due_soon(state, r.due_date, today),
                    }
                })
                .collect();
            let pager = context! {
                prev_href => (page > 1).then(|| q.href(page - 1)),
                next_href => (page < found.pages).then(|| q.href(page + 1)),
                label => i18n::format(lang, "web.page_of", &[("n", page.to_string()), ("m", found.pages.to_string())]),
            };
            let c = found.counts;
            (
                rows,
                Some(context! { open => c.open, overdue => c.overdue, due_soon => c.due_soon }),
                Some(pager),
                found.matching,
            )
        }
        None => (Vec::new(), None, None, 0),
    };
    let states: Vec<Value> = std::iter::once(("open", i18n::text(lang, "web.inbox.state_open")))
        .chain(std::iter::once(("all", i18n::text(lang, "web.inbox.state_all"))))
        .chain(
            RequestState::ALL
                .iter()
                .filter(|s| **s != RequestState::Draft)
                .map(|s| (s.as_str(), state_label(lang, s.as_str()))),
        )
        .map(|(code, label)| context! { code => code, label => label })
        .collect();
    let (discussions, more_discussions) = discussions_awaiting(&p, &caller, agency_id).await?;
    p.render_status(
        status,
        "inbox.html",
        context! {
            agency => super::AgencyLink::new(lang, &agency),
            requests => rows,
            matching => matching,
            counts => counts,
            pager => pager,
            refusal => problem,
            filter => context! { state => if q.state.is_empty() { "open".to_string() } else { q.state.clone() }, ..Value::from_serialize(&q) },
            states => states,
            due_soon_days => crate::domain::requests::DUE_SOON_DAYS,
            discussions => discussions,
            more_discussions => more_discussions,
        },
    )
}

/// The agency's discussions open for comments, and closed ones still without a completion notice.
async fn discussions_awaiting(
    p: &Page,
    caller: &crate::service::Caller,
    agency_id: i64,
) -> AppResult<(Vec<DiscussionItem>, bool)> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let mut items = Vec::new();
    let mut more = false;
    for status in ["open", "closed"] {
        let f = DiscussionFilter { agency_id: Some(agency_id), status: Some(status.into()) };
        let (rows, next) = discussions::list(&ctx, f, PageRequest { limit: DISCUSSIONS_CAP, after: None }).await?;
        more |= next.is_some();
        for d in rows {
            match discussions::notice(&ctx, d.id).await {
                Ok(_) => continue,
                Err(e) if e.code == Code::ResourceNotFound => {}
                Err(e) => return Err(e),
            }
            let comments = discussions::comments(&ctx, Some(caller), d.id).await?;
            let status = crate::domain::discussions::status(ctx.now, d.opens_at, d.closes_at).as_str();
            items.push(DiscussionItem {
                href: format!("/discussions/{}", d.id),
                title: name_in(lang, &d.title_kk, &d.title_ru, ""),
                status: i18n::text(lang, &format!("web.discussion.status.{status}")),
                closes_at: d.closes_at.to_rfc3339(),
                awaiting: comments.iter().filter(|c| c.comment.disposition.is_none()).count(),
                comments: comments.len(),
            });
        }
    }
    Ok((items, more))
}
