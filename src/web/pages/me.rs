//! `/me`: the signed-in reader's own campaigns, requests (drafts too), conclusion drafts and
//! notifications; `/inbox`: an agency officer's requests waiting for an answer and the agency's
//! discussions with comments waiting for a decision. Lists are capped; the API pages on.
use minijinja::context;
use poem::{IntoResponse, Response, handler};
use serde::Serialize;

use super::{name_in, requests::state_label};
use crate::{
    domain::{accounts::Role, conclusions::ConclusionState, requests::RequestState},
    error::{AppError, AppResult, Code},
    i18n,
    service::{
        campaigns::{self, CampaignFilter},
        conclusions::{self, ConclusionFilter},
        discussions::{self, DiscussionFilter},
        notifications,
        pagination::PageRequest,
        requests::{self, RequestFilter},
    },
    web::session::Page,
};

/// The most items a list on these pages shows; the rest are in the API.
const CAP: u64 = 50;

fn cap() -> PageRequest {
    PageRequest { limit: CAP, after: None }
}

#[derive(Serialize)]
struct Item {
    href: String,
    title: String,
    state: String,
    date: Option<String>,
    overdue: bool,
}

/// A request as a row of my list or of the inbox: state, due date and whether it is overdue.
fn request_item(
    ctx: &crate::service::Ctx,
    lang: crate::i18n::Lang,
    r: &entity::info_request::Model,
    title: String,
) -> Item {
    Item {
        href: format!("/requests/{}", r.id),
        overdue: requests::overdue(ctx, r),
        state: state_label(lang, &r.state),
        date: r.due_date.map(|d| d.to_string()),
        title,
    }
}

#[derive(Serialize)]
struct NotificationView {
    text: String,
    at: String,
    unread: bool,
    href: Option<String>,
}

#[handler]
pub async fn page(p: Page) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let (rows, more_campaigns) =
        campaigns::list(&ctx, CampaignFilter { mine: Some(caller.id()), ..Default::default() }, cap()).await?;
    let my_campaigns: Vec<Item> = rows
        .into_iter()
        .map(|c| Item {
            href: format!("/campaigns/{}", c.id),
            title: name_in(lang, c.title_kk.as_deref().unwrap_or(""), c.title_ru.as_deref().unwrap_or(""), ""),
            state: i18n::text(lang, &format!("monitoring.state.{}", c.state)),
            date: Some(c.period_to.to_string()),
            overdue: false,
        })
        .collect();
    let (rows, more_requests) =
        requests::list(&ctx, RequestFilter { mine: Some(caller.id()), ..Default::default() }, cap()).await?;
    let my_requests: Vec<Item> = rows.iter().map(|r| request_item(&ctx, lang, r, r.subject.clone())).collect();
    let (rows, more_conclusions) = conclusions::list(
        &ctx,
        ConclusionFilter {
            mine: Some(caller.id()),
            state: Some(ConclusionState::Draft.as_str().into()),
            ..Default::default()
        },
        cap(),
    )
    .await?;
    let my_conclusions: Vec<Item> = rows
        .into_iter()
        .map(|c| Item {
            href: format!("/conclusions/{}", c.id),
            title: c.title,
            state: i18n::text(lang, "web.me.draft"),
            date: Some(c.updated_at.to_rfc3339()),
            overdue: false,
        })
        .collect();
    let (rows, more_notifications) = notifications::list(&ctx, &caller, false, cap()).await?;
    let mut my_notifications: Vec<NotificationView> = rows
        .iter()
        .map(|n| NotificationView {
            text: notifications::text(n, lang),
            at: n.created_at.to_rfc3339(),
            unread: n.read_at.is_none(),
            href: n.request_id.map(|r| format!("/requests/{r}")),
        })
        .collect();
    my_notifications.reverse();
    p.render(
        "me.html",
        context! {
            campaigns => my_campaigns,
            more_campaigns => more_campaigns.is_some(),
            requests => my_requests,
            more_requests => more_requests.is_some(),
            conclusions => my_conclusions,
            more_conclusions => more_conclusions.is_some(),
            notifications => my_notifications,
            more_notifications => more_notifications.is_some(),
        },
    )
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
pub async fn inbox(p: Page) -> AppResult<Response> {
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
    // The requests that wait for the agency: every open state, the nearest due date first.
    let mut waiting = Vec::new();
    let mut more_requests = false;
    for state in RequestState::ALL.iter().filter(|s| s.is_open()) {
        let f = RequestFilter { agency_id: Some(agency_id), state: Some(state.as_str().into()), ..Default::default() };
        let (rows, next) = requests::list(&ctx, f, cap()).await?;
        more_requests |= next.is_some();
        waiting.extend(rows);
    }
    waiting.sort_by_key(|r| (r.due_date, r.id));
    let waiting: Vec<Item> = waiting
        .iter()
        .map(|r| {
            let title = match &r.number {
                Some(n) => format!("{n} · {}", r.subject),
                None => r.subject.clone(),
            };
            request_item(&ctx, lang, r, title)
        })
        .collect();
    // The agency's discussions open for comments, and closed ones still without a completion notice.
    let mut items = Vec::new();
    let mut more_discussions = false;
    for status in ["open", "closed"] {
        let f = DiscussionFilter { agency_id: Some(agency_id), status: Some(status.into()) };
        let (rows, next) = discussions::list(&ctx, f, cap()).await?;
        more_discussions |= next.is_some();
        for d in rows {
            match discussions::notice(&ctx, d.id).await {
                Ok(_) => continue,
                Err(e) if e.code == Code::ResourceNotFound => {}
                Err(e) => return Err(e),
            }
            let comments = discussions::comments(&ctx, Some(&caller), d.id).await?;
            items.push(DiscussionItem {
                href: format!("/discussions/{}", d.id),
                title: name_in(lang, &d.title_kk, &d.title_ru, ""),
                status: i18n::text(
                    lang,
                    &format!(
                        "web.discussion.status.{}",
                        crate::domain::discussions::status(ctx.now, d.opens_at, d.closes_at).as_str()
                    ),
                ),
                closes_at: d.closes_at.to_rfc3339(),
                awaiting: comments.iter().filter(|c| c.comment.disposition.is_none()).count(),
                comments: comments.len(),
            });
        }
    }
    p.render(
        "inbox.html",
        context! {
            agency => super::AgencyLink::new(lang, &agency),
            requests => waiting,
            more_requests => more_requests,
            discussions => items,
            more_discussions => more_discussions,
        },
    )
}
