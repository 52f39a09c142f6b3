//! Webhooks a key holder registers to hear of public changes.
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, payload::Json, types::Example};
use serde::Deserialize;

use super::{ApiTags, BearerAuth, auth::NoContent, body::Body};
use crate::{
    AppState,
    domain::accounts::Scope,
    error::AppError,
    service::webhooks::{self, NewWebhook},
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

impl Example for WebhookInput {
    fn example() -> Self {
        Self { url: "https://example.org/baqylau-hook".into(), entity_types: vec!["report".into()] }
    }
}

/// A webhook. Each delivery is a `POST` of one change-feed event as JSON (`id`, `entity`,
/// `entity_id`, `action`, `at`, `url`) with `X-Baqylau-Signature: sha256=<hex HMAC-SHA256 of the
/// body keyed by the secret>`, `X-Baqylau-Event` and `X-Baqylau-Delivery` (the event id). Any 2xx
/// answer is success; otherwise the same event is tried again after 10 s, doubling to at most an
/// hour, and the hook is switched off after the configured number of failures in a row.
#[derive(Object)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    /// Empty: all entity types.
    pub entity_types: Vec<String>,
    /// False once switched off after repeated failures; register it again to resume.
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

/// A webhook just registered, with its secret.
#[derive(Object)]
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
        let (ctx, caller) = state.caller(req, &auth, Scope::Write).await?;
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
        let (ctx, caller) = state.caller(req, &auth, Scope::Read).await?;
        Ok(Json(webhooks::list(&ctx, &caller).await?.into_iter().map(Into::into).collect()))
    }

    /// One of my webhooks
    #[oai(path = "/webhooks/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        id: Path<i64>,
    ) -> Result<Json<WebhookView>, AppError> {
        let (ctx, caller) = state.caller(req, &auth, Scope::Read).await?;
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
        id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = state.caller(req, &auth, Scope::Write).await?;
        webhooks::delete(&ctx, &caller, id.0).await?;
        Ok(NoContent::Done)
    }
}
