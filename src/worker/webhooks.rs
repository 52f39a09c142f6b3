//! The webhook deliverer: claims the hooks that are due (with a lease, so several instances can
//! run it against one database), posts each its next events in the change feed's order, signed
//! with the hook's secret, and records every attempt in the hook's delivery log.
use std::{sync::Arc, time::Duration as StdDuration};

use chrono::Duration;
use entity::{webhook, webhook_delivery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, Query},
};

use crate::{
    clock::Clock,
    config::Config,
    domain::webhooks::{SIGNATURE_HEADER, WebhookUrl, backoff, domain_of, signature},
    error::AppResult,
    service::{
        self, Ctx, catalog, events,
        webhooks::{DELIVERED, FAILED, KEPT_DELIVERIES, Resolved, entity_types_of, payload},
    },
};

/// Events posted to one hook per claim, before others get their turn.
const BATCH: u64 = 50;
const LEASE_SECONDS: i64 = 120;
/// How long a receiver may take to answer.
const TIMEOUT: StdDuration = StdDuration::from_secs(10);
/// Characters of an error kept in the log (the column holds 500 bytes; Cyrillic takes two each).
const ERROR_CHARS: usize = 240;

/// The client the deliverer posts with: every host name goes through [`PublicOnly`], and the
/// connection is made to the very addresses it checked, so a name cannot resolve to a public
/// address for the check and to a private one for the connection.
fn client(config: &Arc<Config>) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        // A redirect could lead the post to an address the URL check would have refused.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("baqylau-webhooks/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(PublicOnly(config.clone())))
        .build()
        .unwrap_or_default()
}

/// A resolver that answers only when every address of the name may be connected to.
struct PublicOnly(Arc<Config>);

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let config = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            match service::webhooks::resolve(&config, &host).await {
                Resolved::Allowed(ips) => {
                    let addrs: reqwest::dns::Addrs = Box::new(
                        ips.into_iter().map(|ip| std::net::SocketAddr::new(ip, 0)).collect::<Vec<_>>().into_iter(),
                    );
                    Ok(addrs)
                }
                Resolved::NotAllowed(ip) => {
                    Err(format!("{host} resolves to {ip}, which is not a public address").into())
                }
                Resolved::Unresolved(why) => Err(format!("{host} did not resolve: {why}").into()),
            }
        })
    }
}

/// What one post came to.
struct Attempt {
    /// The receiver's status, when it answered.
    status: Option<u16>,
    /// What went wrong, for `last_error` and the log; `None` on a 2xx answer.
    error: Option<String>,
    duration_ms: i64,
}

/// Post one event.
async fn post(client: &reqwest::Client, config: &Config, hook: &webhook::Model, e: &events::Event) -> Attempt {
    // Address literals never reach the resolver, so the stored URL is checked again as it is now;
    // a name is judged by `PublicOnly` when the connection is made.
    let name = config.webhook_allow_loopback && domain_of(&hook.url).is_some();
    if let Err(refused) = WebhookUrl::parse_resolved("/url", &hook.url, config.webhook_allow_loopback, name) {
        return Attempt {
            status: None,
            error: Some(format!("the address is not allowed ({})", refused.code)),
            duration_ms: 0,
        };
    }
    let body = payload(e);
    let sig = signature(&hook.secret, &body);
    let started = std::time::Instant::now();
    let sent = client
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
        Err(err) => Attempt { status: None, error: Some(with_causes(&err)), duration_ms },
    }
}

/// An error with its causes: reqwest's own text says only that sending failed, the causes say why
/// (a refused address, a timeout, a TLS failure), which is what the hook's owner needs to read.
fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
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
#[tracing::instrument(skip_all)]
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
        catalog::entity_types()
    } else {
        catalog::entity_types().into_iter().filter(|t| wanted.iter().any(|w| w == t)).collect()
    };
    let page = events::page(&ctx.db, hook.cursor, BATCH, &types).await?;
    let mut out = Delivered::default();
    let client = client(&ctx.config);
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
        let a = post(&client, &ctx.config, &hook, e).await;
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
    let txn = service::begin(&ctx.db).await?;
    am.update(&txn).await?;
    if !log.is_empty() {
        webhook_delivery::Entity::insert_many(log).exec(&txn).await?;
        prune(&txn, hook.id).await?;
    }
    txn.commit().await?;
    Ok(out)
}

/// The worker of one process: deliver what is due, then wait a moment. Runs until the process stops.
#[tracing::instrument(skip_all)]
pub async fn run(db: DatabaseConnection, clock: Arc<dyn Clock>, config: Arc<Config>) {
    let worker = format!("hooks-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    loop {
        let ctx = Ctx::new(db.clone(), clock.as_ref(), config.clone(), None);
        match deliver_due(&ctx, &worker).await {
            Ok(d) if d.delivered > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "webhook worker: database error"),
        }
        tokio::time::sleep(StdDuration::from_secs(1)).await;
    }
}
