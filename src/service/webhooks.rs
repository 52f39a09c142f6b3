//! Webhooks: a key holder registers a URL and the entity types it wants; a worker posts every
//! public change of those types to it, in the change feed's order, signed with the hook's secret.
//! A failed delivery is tried again after a backoff stored on the hook (`next_attempt_at`); after
//! `BAQYLAU_WEBHOOK_MAX_FAILURES` failures in a row the hook is switched off with its last error.
//! Hooks are claimed with a lease, so several instances can run workers against one database.
//! The owner switches a hook back on (`enable`) and reads every attempt in its delivery log.
use entity::{webhook, webhook_delivery};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit, events,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::Scope,
        webhooks::{WebhookUrl, domain_of},
    },
    error::{AppError, AppResult, FieldError},
};

/// Hooks one account may hold.
pub const MAX_PER_ACCOUNT: u64 = 20;
/// Attempts kept in a hook's delivery log. A bound on the count, not on the age: a busy hook
/// makes thousands of attempts an hour and a quiet one a few a week, so an age limit would either
/// let the busy one grow without bound or leave the quiet one's owner nothing to read; a count
/// keeps the table at most `MAX_PER_ACCOUNT * KEPT_DELIVERIES` rows an account, and the newest
/// thousand attempts span every failure streak before a hook is switched off.
pub const KEPT_DELIVERIES: u64 = 1000;

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

#[tracing::instrument(skip_all)]
pub fn entity_types_of(h: &webhook::Model) -> Vec<String> {
    h.entity_types.split_whitespace().map(str::to_string).collect()
}

/// How long a webhook host name may take to resolve.
const RESOLVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// What a webhook host name resolves to, judged as a whole.
#[derive(Debug)]
pub enum Resolved {
    /// Every address may be connected to.
    Allowed(Vec<std::net::IpAddr>),
    /// At least one address is not public (one private answer among public ones is enough for
    /// an attacker who controls the name's DNS).
    NotAllowed(std::net::IpAddr),
    /// No answer: the name is unknown or DNS is unreachable.
    Unresolved(String),
}

/// Resolve a webhook's host name: the configured fixed entries (`BAQYLAU_WEBHOOK_HOSTS`) first,
/// then the system's resolver.
#[tracing::instrument(skip_all)]
pub async fn resolve(config: &crate::config::Config, host: &str) -> Resolved {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let fixed: Vec<std::net::IpAddr> =
        config.webhook_hosts.iter().filter(|(name, _)| *name == host).map(|(_, ip)| *ip).collect();
    let ips = if !fixed.is_empty() {
        fixed
    } else {
        match tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host.as_str(), 0))).await {
            Ok(Ok(addrs)) => addrs.map(|a| a.ip()).collect(),
            Ok(Err(e)) => return Resolved::Unresolved(e.to_string()),
            Err(_) => return Resolved::Unresolved("the name did not resolve in time".into()),
        }
    };
    if ips.is_empty() {
        return Resolved::Unresolved("the name has no address".into());
    }
    match ips.iter().find(|ip| !crate::domain::webhooks::may_connect(**ip, config.webhook_allow_loopback)) {
        Some(ip) => Resolved::NotAllowed(*ip),
        None => Resolved::Allowed(ips),
    }
}

#[tracing::instrument(skip(ctx, caller, input), fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, input: NewWebhook) -> AppResult<CreatedWebhook> {
    caller.require_scope(Scope::Write)?;
    let mut checks = Checks::default();
    // A name that resolves to a non-public address now is refused now; one that does not resolve
    // yet is let through, since the deliverer checks every address again before it connects.
    let resolved = match domain_of(&input.url) {
        Some(host) => Some(resolve(&ctx.config, &host).await),
        None => None,
    };
    let name_is_loopback =
        matches!(&resolved, Some(Resolved::Allowed(ips)) if ips.iter().all(std::net::IpAddr::is_loopback));
    let url = checks.take(WebhookUrl::parse_resolved(
        "/url",
        &input.url,
        ctx.config.webhook_allow_loopback,
        name_is_loopback,
    ));
    if url.is_some()
        && let Some(Resolved::NotAllowed(_)) = resolved
    {
        checks.push(FieldError::new("/url", "webhook_url_not_allowed"));
    }
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

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn list(ctx: &Ctx, caller: &Caller) -> AppResult<Vec<webhook::Model>> {
    Ok(webhook::Entity::find()
        .filter(webhook::Column::AccountId.eq(caller.id()))
        .order_by_asc(webhook::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// Someone else's hook is "not found", so the answer does not confirm the id exists.
#[tracing::instrument(skip_all, fields(account = caller.id(), webhook = id))]
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
#[tracing::instrument(skip_all)]
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
#[tracing::instrument(skip_all, fields(account = caller.id(), webhook = id))]
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
