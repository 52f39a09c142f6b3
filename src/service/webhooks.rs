//! Webhooks: a key holder registers a URL and the entity types it wants; a worker posts every
//! public change of those types to it, in the change feed's order, signed with the hook's secret.
//! A failed delivery is tried again after a backoff stored on the hook (`next_attempt_at`); after
//! `BAQYLAU_WEBHOOK_MAX_FAILURES` failures in a row the hook is switched off with its last error.
//! Hooks are claimed with a lease, so several instances can run workers against one database.
//! The owner switches a hook back on (`enable`) and reads every attempt in its delivery log.
use std::{sync::LazyLock, time::Duration as StdDuration};

use chrono::Duration;
use entity::{webhook, webhook_delivery};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, Query},
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit, events,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::Scope,
        webhooks::{SIGNATURE_HEADER, WebhookUrl, backoff, signature},
    },
    error::{AppError, AppResult, FieldError},
};

/// Hooks one account may hold.
pub const MAX_PER_ACCOUNT: u64 = 20;
/// Events posted to one hook per claim, before others get their turn.
const BATCH: u64 = 50;
const LEASE_SECONDS: i64 = 120;
/// How long a receiver may take to answer.
const TIMEOUT: StdDuration = StdDuration::from_secs(10);
/// Attempts kept in a hook's delivery log. A bound on the count, not on the age: a busy hook
/// makes thousands of attempts an hour and a quiet one a few a week, so an age limit would either
/// let the busy one grow without bound or leave the quiet one's owner nothing to read; a count
/// keeps the table at most `MAX_PER_ACCOUNT * KEPT_DELIVERIES` rows an account, and the newest
/// thousand attempts span every failure streak before a hook is switched off.
pub const KEPT_DELIVERIES: u64 = 1000;
/// Characters of an error kept in the log (the column holds 500 bytes; Cyrillic takes two each).
const ERROR_CHARS: usize = 240;

pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

pub struct NewWebhook {
    pub url: String,
    pub entity_types: Vec<String>,
}

pub struct CreatedWebhook {
    pub hook: webhook::Model,
    /// Shown once, on creation.
    pub secret: String,
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("whsec_{}", hex::encode(bytes))
}

/// What the audit log keeps of a hook: never its secret.
fn hook_audit(h: &webhook::Model) -> serde_json::Value {
    json!({"id": h.id, "account_id": h.account_id, "url": h.url, "entity_types": h.entity_types, "active": h.active})
}

pub fn entity_types_of(h: &webhook::Model) -> Vec<String> {
    h.entity_types.split_whitespace().map(str::to_string).collect()
}

#[tracing::instrument(skip(ctx, caller, input), fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, input: NewWebhook) -> AppResult<CreatedWebhook> {
    caller.require_scope(Scope::Write)?;
    let mut checks = Checks::default();
    let url = checks.take(WebhookUrl::parse("/url", &input.url, ctx.config.webhook_allow_loopback));
    let known = super::catalog::entity_types();
    let mut types: Vec<&str> = Vec::new();
    for (i, t) in input.entity_types.iter().enumerate() {
        match known.iter().find(|k| **k == t.trim()) {
            Some(k) if !types.contains(k) => types.push(k),
            Some(_) => {}
            None => checks.push(FieldError::new(format!("/entity_types/{i}"), "unknown_entity_type").arg("value", t)),
        }
    }
    let held = {
        use sea_orm::PaginatorTrait;
        webhook::Entity::find().filter(webhook::Column::AccountId.eq(caller.id())).count(&ctx.db).await?
    };
    if held >= MAX_PER_ACCOUNT {
        checks.push(FieldError::new("/url", "out_of_range").arg("min", 1).arg("max", MAX_PER_ACCOUNT));
    }
    checks.finish()?;
    let url = url.ok_or_else(|| AppError::internal(anyhow::anyhow!("checked url missing")))?;
    let secret = new_secret();
    let txn = super::begin(&ctx.db).await?;
    // A new hook hears of changes from now on; the feed holds the past.
    let cursor = events::latest_id(&txn).await?;
    let hook = webhook::ActiveModel {
        account_id: Set(caller.id()),
        url: Set(url.as_str().to_string()),
        secret: Set(secret.clone()),
        entity_types: Set(types.join(" ")),
        active: Set(true),
        cursor: Set(cursor),
        consecutive_failures: Set(0),
        next_attempt_at: Set(ctx.now),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "webhook.create",
            entity_type: "webhook",
            entity_id: hook.id.to_string(),
            before: None,
            after: Some(hook_audit(&hook)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(CreatedWebhook { hook, secret })
}

pub async fn list(ctx: &Ctx, caller: &Caller) -> AppResult<Vec<webhook::Model>> {
    Ok(webhook::Entity::find()
        .filter(webhook::Column::AccountId.eq(caller.id()))
        .order_by_asc(webhook::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// Someone else's hook is "not found", so the answer does not confirm the id exists.
pub async fn get(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<webhook::Model> {
    webhook::Entity::find_by_id(id)
        .filter(webhook::Column::AccountId.eq(caller.id()))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("webhook", id))
}

#[tracing::instrument(skip(ctx, caller), fields(account = caller.id()))]
pub async fn delete(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let hook = webhook::Entity::find_by_id(id)
        .filter(webhook::Column::AccountId.eq(caller.id()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("webhook", id))?;
    webhook::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "webhook.delete",
            entity_type: "webhook",
            entity_id: id.to_string(),
            before: Some(hook_audit(&hook)),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The body posted for one event: the change feed's item.
pub fn payload(e: &events::Event) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": e.id,
        "entity": e.entity_type,
        "entity_id": e.entity_id,
        "action": e.action,
        "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "url": e.url,
    }))
    .unwrap_or_default()
}

static CLIENT: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        // A redirect could lead the post to an address the URL check would have refused.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("baqylau-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
});

/// What one post came to.
struct Attempt {
    /// The receiver's status, when it answered.
    status: Option<u16>,
    /// What went wrong, for `last_error` and the log; `None` on a 2xx answer.
    error: Option<String>,
    duration_ms: i64,
}

/// Post one event.
async fn post(hook: &webhook::Model, e: &events::Event) -> Attempt {
    let body = payload(e);
    let sig = signature(&hook.secret, &body);
    let started = std::time::Instant::now();
    let sent = CLIENT
        .post(&hook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sig)
        .header("x-baqylau-event", format!("{}.{}", e.entity_type, e.action))
        .header("x-baqylau-delivery", e.id.to_string())
        .body(body)
        .send()
        .await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match sent {
        Ok(resp) => {
            let status = resp.status();
            let error = (!status.is_success()).then(|| format!("the receiver answered {status}"));
            Attempt { status: Some(status.as_u16()), error, duration_ms }
        }
        Err(err) => Attempt { status: None, error: Some(format!("{err}")), duration_ms },
    }
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(ERROR_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Times this hook has already tried this event, as the log still holds them.
async fn tries_before(conn: &impl ConnectionTrait, hook_id: i64, event_id: i64) -> AppResult<i32> {
    let n = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(hook_id))
        .filter(webhook_delivery::Column::EventId.eq(event_id))
        .count(conn)
        .await?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Drop the hook's log entries older than the newest `KEPT_DELIVERIES`.
async fn prune(conn: &impl ConnectionTrait, hook_id: i64) -> AppResult<()> {
    let oldest_kept: Option<i64> = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(webhook_delivery::Column::WebhookId.eq(hook_id))
        .order_by_desc(webhook_delivery::Column::Id)
        .offset(KEPT_DELIVERIES - 1)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    if let Some(id) = oldest_kept {
        webhook_delivery::Entity::delete_many()
            .filter(webhook_delivery::Column::WebhookId.eq(hook_id))
            .filter(webhook_delivery::Column::Id.lt(id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub delivered: u64,
    pub failed: u64,
    pub disabled: u64,
}

/// One step of the worker at `ctx.now`: claim the hooks due, post each its next events in order,
/// and record success (position moves on), failure (backoff) or too many failures (switched off).
pub async fn deliver_due(ctx: &Ctx, worker: &str) -> AppResult<Delivered> {
    let now = ctx.now;
    let free = Condition::any().add(webhook::Column::LeaseUntil.is_null()).add(webhook::Column::LeaseUntil.lt(now));
    let due = Query::select()
        .column(webhook::Column::Id)
        .from(webhook::Entity)
        .and_where(webhook::Column::Active.eq(true))
        .and_where(webhook::Column::NextAttemptAt.lte(now))
        .cond_where(free.clone())
        .order_by(webhook::Column::NextAttemptAt, sea_orm::Order::Asc)
        .limit(100)
        .to_owned();
    webhook::Entity::update_many()
        .col_expr(webhook::Column::LeaseOwner, Expr::value(worker))
        .col_expr(webhook::Column::LeaseUntil, Expr::value(now + Duration::seconds(LEASE_SECONDS)))
        .filter(webhook::Column::Id.in_subquery(due))
        .filter(free)
        .exec(&ctx.db)
        .await?;
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::LeaseOwner.eq(worker))
        .filter(webhook::Column::LeaseUntil.gt(now))
        .filter(webhook::Column::Active.eq(true))
        .order_by_asc(webhook::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut total = Delivered::default();
    for hook in hooks {
        let d = deliver_hook(ctx, hook).await?;
        total.delivered += d.delivered;
        total.failed += d.failed;
        total.disabled += d.disabled;
    }
    Ok(total)
}

async fn deliver_hook(ctx: &Ctx, hook: webhook::Model) -> AppResult<Delivered> {
    let now = ctx.now;
    let wanted = entity_types_of(&hook);
    let types: Vec<&str> = if wanted.is_empty() {
        super::catalog::entity_types()
    } else {
        super::catalog::entity_types().into_iter().filter(|t| wanted.iter().any(|w| w == t)).collect()
    };
    let page = events::page(&ctx.db, hook.cursor, BATCH, &types).await?;
    let mut out = Delivered::default();
    let mut am = hook.clone().into_active_model();
    let mut cursor = hook.cursor;
    let mut failure: Option<String> = None;
    let mut log: Vec<webhook_delivery::ActiveModel> = Vec::new();
    // Only the first event of a batch can have been tried before: a failure stops the batch there.
    let mut attempt = match page.items.first() {
        Some(e) => tries_before(&ctx.db, hook.id, e.id).await?.saturating_add(1),
        None => 1,
    };
    for e in &page.items {
        let a = post(&hook, e).await;
        log.push(webhook_delivery::ActiveModel {
            webhook_id: Set(hook.id),
            event_id: Set(e.id),
            attempt: Set(attempt),
            attempted_at: Set(now),
            outcome: Set(if a.error.is_none() { DELIVERED } else { FAILED }.to_string()),
            status_code: Set(a.status.map(i32::from)),
            error: Set(a.error.as_deref().map(truncate)),
            duration_ms: Set(a.duration_ms),
            next_attempt_at: Set(None),
            ..Default::default()
        });
        attempt = 1;
        match a.error {
            None => {
                cursor = e.id;
                out.delivered += 1;
            }
            Some(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    match failure {
        None => {
            // Hidden changes after the last delivered one are passed over too.
            am.cursor = Set(page.next_after.max(cursor));
            am.consecutive_failures = Set(0);
            if out.delivered > 0 {
                am.last_delivered_at = Set(Some(now));
            }
            // More waiting: come back at once; otherwise at the next step.
            am.next_attempt_at = Set(now);
        }
        Some(err) => {
            out.failed += 1;
            let failures = hook.consecutive_failures.saturating_add(1);
            tracing::warn!(hook = hook.id, failures, error = %err, "webhook delivery failed");
            am.cursor = Set(cursor);
            if out.delivered > 0 {
                am.last_delivered_at = Set(Some(now));
            }
            am.consecutive_failures = Set(failures);
            am.last_error = Set(Some(truncate(&err)));
            let retry_at = now + backoff(failures.max(0) as u32);
            am.next_attempt_at = Set(retry_at);
            let switched_off = failures as u32 >= ctx.config.webhook_max_failures.max(1);
            if switched_off {
                am.active = Set(false);
                am.disabled_at = Set(Some(now));
                out.disabled += 1;
                tracing::warn!(hook = hook.id, "webhook switched off after repeated failures");
            } else if let Some(last) = log.last_mut() {
                last.next_attempt_at = Set(Some(retry_at));
            }
        }
    }
    am.lease_owner = Set(None);
    am.lease_until = Set(None);
    let txn = super::begin(&ctx.db).await?;
    am.update(&txn).await?;
    if !log.is_empty() {
        webhook_delivery::Entity::insert_many(log).exec(&txn).await?;
        prune(&txn, hook.id).await?;
    }
    txn.commit().await?;
    Ok(out)
}

/// Switch a hook back on: failures forgotten, the next delivery tried at once. Delivery goes on
/// from the event it stopped at, so nothing that changed while it was off is missed. On a hook
/// that is on, it only asks for the next try now.
#[tracing::instrument(skip(ctx, caller), fields(account = caller.id()))]
pub async fn enable(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<webhook::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let hook = webhook::Entity::find_by_id(id)
        .filter(webhook::Column::AccountId.eq(caller.id()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("webhook", id))?;
    let before = hook_audit(&hook);
    let mut am = hook.into_active_model();
    am.active = Set(true);
    am.consecutive_failures = Set(0);
    am.disabled_at = Set(None);
    am.next_attempt_at = Set(ctx.now);
    let hook = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "webhook.enable",
            entity_type: "webhook",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(hook_audit(&hook)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(hook)
}

#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    /// `delivered` or `failed`.
    pub outcome: Option<String>,
    pub event_id: Option<i64>,
}

/// A hook's delivery log, oldest kept attempt first; the owner's alone (others get 404).
pub async fn deliveries(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    f: DeliveryFilter,
    page: PageRequest,
) -> AppResult<(Vec<webhook_delivery::Model>, Option<String>)> {
    get(ctx, caller, id).await?;
    let mut q = webhook_delivery::Entity::find().filter(webhook_delivery::Column::WebhookId.eq(id));
    if let Some(o) = f.outcome.as_deref() {
        if o != DELIVERED && o != FAILED {
            return Err(AppError::invalid_parameter("outcome", "delivered or failed"));
        }
        q = q.filter(webhook_delivery::Column::Outcome.eq(o));
    }
    if let Some(e) = f.event_id {
        q = q.filter(webhook_delivery::Column::EventId.eq(e));
    }
    if let Some(after) = page.after {
        q = q.filter(webhook_delivery::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(webhook_delivery::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |d| d.id))
}

/// The worker of one process: deliver what is due, then wait a moment. Runs until the process stops.
pub async fn run_worker(state: crate::AppState) {
    let worker = format!("hooks-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    loop {
        let ctx = state.cli_ctx();
        match deliver_due(&ctx, &worker).await {
            Ok(d) if d.delivered > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "webhook worker: database error"),
        }
        tokio::time::sleep(StdDuration::from_secs(1)).await;
    }
}
