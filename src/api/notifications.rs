use crate::api::common;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Path, param::Query, payload::Json};

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::lang_of, views::Page};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    i18n::Lang,
    service::{notifications, pagination::PageRequest},
    state::AppState,
};

#[derive(Default)]
pub struct NotificationsApi;

/// A notice to the signed-in person, in their language.
#[derive(Object)]
#[oai(example)]
pub struct NotificationView {
    pub id: i64,
    /// `request_extended`, `request_answered`, `request_refused` or `request_forwarded`.
    pub kind: String,
    pub text: String,
    #[oai(nullable)]
    pub request_id: Option<i64>,
    /// Where to read more.
    #[oai(nullable)]
    pub url: Option<String>,
    pub created_at: DateTime<Utc>,
    #[oai(nullable)]
    pub read_at: Option<DateTime<Utc>>,
}

fn view(n: entity::notification::Model, lang: Lang) -> NotificationView {
    NotificationView {
        text: notifications::text(&n, lang),
        url: n.request_id.map(|id| format!("/api/v1/requests/{id}/timeline")),
        id: n.id,
        kind: n.kind,
        request_id: n.request_id,
        created_at: n.created_at,
        read_at: n.read_at,
    }
}

#[OpenApi(tag = "ApiTags::Accounts")]
impl NotificationsApi {
    /// My notices
    ///
    /// What happened to my requests: an agency extended a deadline, answered, refused or
    /// forwarded. Oldest first; `unread=true` for the new ones only.
    #[oai(path = "/me/notifications", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::unread")] unread: Query<Option<bool>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<NotificationView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) = notifications::list(&ctx, &caller, unread.0.unwrap_or(false), page).await?;
        let lang = lang_of(req);
        Ok(Json(Page { items: rows.into_iter().map(|n| view(n, lang)).collect(), next_cursor: next }))
    }

    /// Mark a notice read
    #[oai(path = "/me/notifications/:id/read", method = "post")]
    async fn read(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::notification_id")] id: Path<i64>,
    ) -> Result<Json<NotificationView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let n = notifications::mark_read(&ctx, &caller, id.0).await?;
        Ok(Json(view(n, lang_of(req))))
    }
}

mod examples;
