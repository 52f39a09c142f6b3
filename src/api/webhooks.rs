//! Webhooks a key holder registers to hear of public changes.
use crate::api::common;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body, common::NoContent, common::lang_of, views::Page};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    i18n,
    service::{
        pagination::PageRequest,
        webhooks::{self, DeliveryFilter, NewWebhook},
    },
    state::AppState,
};

#[derive(Default)]
pub struct WebhooksApi;

/// A webhook to register.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct WebhookInput {
    /// Where to post: `https://` on a public host.
    pub url: String,
    /// Entity types to deliver (see `entity_type` in `GET /catalog`); empty or absent for all.
    #[serde(default)]
    #[oai(default)]
    pub entity_types: Vec<String>,
}

/// A webhook. Each delivery is a `POST` of one change-feed event as JSON (`id`, `entity`,
/// `entity_id`, `action`, `at`, `url`) with `X-Baqylau-Signature: sha256=<hex HMAC-SHA256 of the
/// body keyed by the secret>`, `X-Baqylau-Event` and `X-Baqylau-Delivery` (the event id). Any 2xx
/// answer is success; otherwise the same event is tried again after 10 s, doubling to at most an
/// hour, and the hook is switched off after the configured number of failures in a row.
#[derive(Object)]
#[oai(example)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    /// Empty: all entity types.
    pub entity_types: Vec<String>,
    /// False once switched off after repeated failures; `POST /webhooks/{id}/enable` resumes it.
    pub active: bool,
    /// The id of the last event handled.
    pub cursor: i64,
    pub consecutive_failures: i32,
    /// When the next delivery is tried.
    pub next_attempt_at: DateTime<Utc>,
    #[oai(nullable)]
    pub last_error: Option<String>,
    #[oai(nullable)]
    pub last_delivered_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<entity::webhook::Model> for WebhookView {
    fn from(h: entity::webhook::Model) -> Self {
        Self {
            entity_types: webhooks::entity_types_of(&h),
            id: h.id,
            url: h.url,
            active: h.active,
            cursor: h.cursor,
            consecutive_failures: h.consecutive_failures,
            next_attempt_at: h.next_attempt_at,
            last_error: h.last_error,
            last_delivered_at: h.last_delivered_at,
            disabled_at: h.disabled_at,
            created_at: h.created_at,
        }
    }
}

/// One attempt to post an event to a webhook.
#[derive(Object)]
#[oai(example)]
pub struct WebhookDeliveryView {
    pub id: i64,
    /// The change-feed event posted (its `id` in `GET /events`, and `X-Baqylau-Delivery`).
    pub event_id: i64,
    /// 1 for the first try of this event, then 2, 3, ... while it keeps failing.
    pub attempt: i32,
    pub attempted_at: DateTime<Utc>,
    /// `delivered` (the receiver answered 2xx) or `failed`.
    pub outcome: String,
    /// The receiver's HTTP status; absent when no answer came.
    #[oai(nullable)]
    pub status_code: Option<i32>,
    /// What went wrong (an HTTP status, or the connection error: refused, timed out, ...),
    /// truncated to 240 characters.
    #[oai(nullable)]
    pub error: Option<String>,
    /// How long the post took, in milliseconds.
    pub duration_ms: i64,
    /// After a failure, when the same event is tried again; absent when delivered, or when this
    /// failure switched the hook off.
    #[oai(nullable)]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl From<entity::webhook_delivery::Model> for WebhookDeliveryView {
    fn from(d: entity::webhook_delivery::Model) -> Self {
        Self {
            id: d.id,
            event_id: d.event_id,
            attempt: d.attempt,
            attempted_at: d.attempted_at,
            outcome: d.outcome,
            status_code: d.status_code,
            error: d.error,
            duration_ms: d.duration_ms,
            next_attempt_at: d.next_attempt_at,
        }
    }
}

/// A webhook switched back on.
#[derive(Object)]
#[oai(example)]
pub struct EnabledWebhookView {
    #[oai(flatten)]
    pub webhook: WebhookView,
    /// What enabling did, in the client's language (`Accept-Language`: kk, ru or en).
    pub message: String,
}

/// A webhook just registered, with its secret.
#[derive(Object)]
#[oai(example)]
pub struct CreatedWebhookView {
    #[oai(flatten)]
    pub webhook: WebhookView,
    /// The signing key. Shown this once; keep it to verify `X-Baqylau-Signature`.
    pub secret: String,
}

#[derive(ApiResponse)]
pub enum CreateWebhookResponse {
    /// Registered; deliveries start with the next public change.
    #[oai(status = 201)]
    Created(Json<CreatedWebhookView>),
}

#[OpenApi(tag = "ApiTags::OpenData")]
impl WebhooksApi {
    /// Register a webhook
    ///
    /// Needs a token with the `write` scope. The secret is in this answer only.
    #[oai(path = "/webhooks", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<WebhookInput>,
    ) -> Result<CreateWebhookResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let input = body.0;
        let created =
            webhooks::create(&ctx, &caller, NewWebhook { url: input.url, entity_types: input.entity_types }).await?;
        Ok(CreateWebhookResponse::Created(Json(CreatedWebhookView {
            webhook: created.hook.into(),
            secret: created.secret,
        })))
    }

    /// My webhooks
    ///
    /// With their delivery state: position in the feed, failures, last error.
    #[oai(path = "/webhooks", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
    ) -> Result<Json<Vec<WebhookView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        Ok(Json(webhooks::list(&ctx, &caller).await?.into_iter().map(Into::into).collect()))
    }

    /// One of my webhooks
    #[oai(path = "/webhooks/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::webhook_id")] id: Path<i64>,
    ) -> Result<Json<WebhookView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        Ok(Json(webhooks::get(&ctx, &caller, id.0).await?.into()))
    }

    /// Delete a webhook
    ///
    /// Needs a token with the `write` scope; deliveries stop at once.
    #[oai(path = "/webhooks/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::webhook_id")] id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        webhooks::delete(&ctx, &caller, id.0).await?;
        Ok(NoContent::Done)
    }

    /// Switch a webhook back on
    ///
    /// Needs a token with the `write` scope; the owner's hooks only (another's is `404`). Resets
    /// the failure count and tries the next delivery at once. Delivery resumes with the event it
    /// stopped at, so the changes made while the hook was off follow in order. On a hook that is
    /// on, it only brings the next try forward (after fixing the receiver, say).
    #[oai(path = "/webhooks/:id/enable", method = "post")]
    async fn enable(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::webhook_id")] id: Path<i64>,
    ) -> Result<Json<EnabledWebhookView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let hook = webhooks::enable(&ctx, &caller, id.0).await?;
        let message = i18n::format(lang_of(req), "webhooks.enabled", &[("cursor", hook.cursor.to_string())]);
        Ok(Json(EnabledWebhookView { webhook: hook.into(), message }))
    }

    /// A webhook's delivery log
    ///
    /// Every attempt to post an event to the hook, oldest first, keyset-paged: the event, the
    /// attempt number, the time, the receiver's status or the connection error, how long it took
    /// and when the next try is. The newest 1,000 attempts per hook are kept. The owner's hooks
    /// only (another's is `404`).
    #[oai(path = "/webhooks/:id/deliveries", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn deliveries(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::webhook_id")] id: Path<i64>,
        /// `delivered` or `failed`.
        #[oai(example = "ex::delivery_outcome")]
        outcome: Query<Option<String>>,
        /// Only the attempts at this event.
        #[oai(example = "ex::delivery_event")]
        event: Query<Option<i64>>,
        /// 1 to 100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<WebhookDeliveryView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = DeliveryFilter { outcome: outcome.0, event_id: event.0 };
        Ok(Json(Page::from(webhooks::deliveries(&ctx, &caller, id.0, f, page).await?, Into::into)))
    }
}

mod examples;
