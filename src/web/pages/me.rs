//! `/me`: the signed-in reader's own campaigns, requests (drafts too), conclusion drafts and
//! notifications. Lists are capped; the API pages on. An officer's inbox is `inbox.rs`.
use minijinja::context;
use poem::{IntoResponse, Response, handler};
use serde::Serialize;

use super::{name_in, requests::state_label};
use crate::{
    domain::conclusions::ConclusionState,
    error::AppResult,
    i18n,
    service::{
        campaigns::{self, CampaignFilter},
        conclusions::{self, ConclusionFilter},
        notifications,
        pagination::PageRequest,
        requests::{self, RequestFilter},
    },
    web::session::Page,
};

/// The most items a list on these pages shows; the rest are in the API.
const CAP: u64 = 50;
/// The latest notices shown here; all of them are on `/me/notifications`.
const NOTIFICATIONS_SHOWN: u64 = 10;

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
    /// issue 21: the campaign's edit page, for a campaign of mine that still takes changes.
    edit_href: Option<String>,
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
        edit_href: None,
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
            edit_href: super::campaign_forms::editable_state(&c.state).then(|| format!("/campaigns/{}/edit", c.id)),
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
            // A draft opens in its editor (issue 21).
            href: format!("/conclusions/{}/edit", c.id),
            title: c.title,
            state: i18n::text(lang, "web.me.draft"),
            date: Some(c.updated_at.to_rfc3339()),
            overdue: false,
            edit_href: None,
        })
        .collect();
    let (rows, more_notifications) = notifications::newest(&ctx, &caller, false, None, NOTIFICATIONS_SHOWN).await?;
    let my_notifications: Vec<NotificationView> = rows
        .iter()
        .map(|n| NotificationView {
            text: notifications::text_with_dates(n, lang, |d| crate::web::format::date(lang, d)),
            at: n.created_at.to_rfc3339(),
            unread: n.read_at.is_none(),
            href: n.request_id.map(|r| format!("/requests/{r}")),
        })
        .collect();
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
