//! `/me/notifications`: every notice the portal gave the signed-in person, newest first, paged,
//! with only the unread ones on request, and marking one or all read; over the same
//! `service::notifications` functions as `GET /api/v1/me/notifications` and `…/{id}/read`.
use minijinja::context;
use poem::{
    IntoResponse, Request, Response, handler,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use crate::{
    error::{AppError, AppResult, Code},
    i18n,
    service::notifications,
    web::session::{Page, check_csrf},
};

/// Notices on one page.
const PAGE: u64 = 25;

#[derive(Deserialize, Default)]
pub struct Filter {
    /// `1`: only the unread ones.
    unread: Option<String>,
    /// The smallest id of the page before (the next page holds older notices).
    before: Option<String>,
    done: Option<String>,
}

impl Filter {
    fn unread_only(&self) -> bool {
        self.unread.as_deref().is_some_and(|u| !u.is_empty() && u != "0")
    }

    /// The page's own address, kept through a mark-read form so the reader stays where they were.
    fn href(&self, before: Option<i64>) -> String {
        let mut q = Vec::new();
        if self.unread_only() {
            q.push("unread=1".to_string());
        }
        if let Some(b) = before {
            q.push(format!("before={b}"));
        }
        if q.is_empty() { "/me/notifications".into() } else { format!("/me/notifications?{}", q.join("&")) }
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    text: String,
    at: String,
    unread: bool,
    href: Option<String>,
}

#[handler]
pub async fn page(p: Page, Query(f): Query<Filter>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let before = match f.before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => Some(b.parse::<i64>().map_err(|_| {
            AppError::new(Code::InvalidParameter)
                .arg("name", "before")
                .arg("reason", i18n::text(p.lang, "web.notifications.bad_page"))
        })?),
        None => None,
    };
    let ctx = p.ctx()?;
    let (rows, next) = notifications::newest(&ctx, &caller, f.unread_only(), before, PAGE).await?;
    let unread = notifications::unread_count(&ctx, &caller).await?;
    let rows: Vec<Row> = rows
        .iter()
        .map(|n| Row {
            id: n.id,
            text: notifications::text_with_dates(n, p.lang, |d| crate::web::format::date(p.lang, d)),
            at: n.created_at.to_rfc3339(),
            unread: n.read_at.is_none(),
            href: n.request_id.map(|r| format!("/requests/{r}")),
        })
        .collect();
    let pager = context! {
        prev_href => before.map(|_| f.href(None)),
        next_href => next.map(|n| f.href(Some(n))),
        label => "",
    };
    p.render(
        "notifications.html",
        context! {
            rows => rows,
            unread => unread,
            unread_only => f.unread_only(),
            here => f.href(before),
            pager => pager,
            done => f.done.as_deref().filter(|d| matches!(*d, "read" | "all_read")),
        },
    )
}

#[derive(Deserialize, Default)]
pub struct MarkForm {
    #[serde(default)]
    csrf_token: String,
    /// The list page to return to.
    #[serde(default)]
    back: String,
}

/// Back to the list the form was on, never elsewhere.
fn back_to(back: &str, done: &str) -> String {
    let path = crate::web::layer::local_path(Some(back));
    let base = if path.starts_with("/me/notifications") { path } else { "/me/notifications" };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}done={done}")
}

#[handler]
pub async fn mark_read(req: &Request, p: Page, Path(id): Path<i64>, Form(f): Form<MarkForm>) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    notifications::mark_read(&p.ctx()?, &caller, id).await?;
    Ok(Redirect::see_other(back_to(&f.back, "read")).into_response())
}

#[handler]
pub async fn mark_all_read(req: &Request, p: Page, Form(f): Form<MarkForm>) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    notifications::mark_all_read(&p.ctx()?, &caller).await?;
    Ok(Redirect::see_other(back_to("/me/notifications", "all_read")).into_response())
}
