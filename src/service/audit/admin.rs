//! What the administrators' pages read beyond the API's lists: the audit log newest first within
//! a time range, and the health of the background work (the outbox that feeds the search index,
//! the webhooks, the search engine) on one page.
use chrono::{DateTime, Utc};
use entity::{audit_log, outbox, webhook};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{AuditFilter, Caller, Ctx};
use crate::{error::AppResult, search::SearchIndex};

/// The audit log's filters as the administrators' page offers them.
#[derive(Default)]
pub struct AuditRange {
    pub filter: AuditFilter,
    /// Entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Entries older than this id come next (the previous page's last id).
    pub before: Option<i64>,
}

/// The audit log newest first: `limit` entries and the id to continue before, if more follow.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn recent(
    ctx: &Ctx,
    caller: &Caller,
    r: AuditRange,
    limit: u64,
) -> AppResult<(Vec<audit_log::Model>, Option<i64>)> {
    caller.require_admin()?;
    let f = r.filter;
    let mut q = audit_log::Entity::find();
    if let Some(a) = f.actor_id {
        q = q.filter(audit_log::Column::ActorId.eq(a));
    }
    if let Some(t) = f.entity_type {
        q = q.filter(audit_log::Column::EntityType.eq(t));
    }
    if let Some(i) = f.entity_id {
        q = q.filter(audit_log::Column::EntityId.eq(i));
    }
    if let Some(a) = f.action {
        q = q.filter(audit_log::Column::Action.eq(a));
    }
    if let Some(from) = r.from {
        q = q.filter(audit_log::Column::At.gte(from));
    }
    if let Some(to) = r.to {
        q = q.filter(audit_log::Column::At.lt(to));
    }
    if let Some(b) = r.before {
        q = q.filter(audit_log::Column::Id.lt(b));
    }
    let mut rows = q.order_by_desc(audit_log::Column::Id).limit(limit + 1).all(&ctx.db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|e| e.id) } else { None };
    Ok((rows, next))
}

/// The outbox: changes not yet applied to the search index.
#[derive(Clone, Debug)]
pub struct OutboxHealth {
    pub backlog: u64,
    pub oldest_pending: Option<DateTime<Utc>>,
    /// Pending rows whose last attempt failed.
    pub failing: u64,
    pub last_error: Option<String>,
}

/// A webhook that failed lately or was switched off.
#[derive(Clone, Debug)]
pub struct WebhookTrouble {
    pub id: i64,
    pub active: bool,
    pub consecutive_failures: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct WebhooksHealth {
    pub active: u64,
    pub disabled: u64,
    /// The most failing hooks first, at most `TROUBLE_SHOWN`.
    pub troubled: Vec<WebhookTrouble>,
}

#[derive(Clone, Debug)]
pub struct Health {
    pub search_engine: &'static str,
    /// `None` when the engine answers; else what it said.
    pub search_error: Option<String>,
    pub outbox: OutboxHealth,
    pub webhooks: WebhooksHealth,
}

pub const TROUBLE_SHOWN: u64 = 20;

/// The health of the outbox, the webhooks and the search index (administrators).
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn health(ctx: &Ctx, caller: &Caller, search: &dyn SearchIndex) -> AppResult<Health> {
    caller.require_admin()?;
    let pending = || outbox::Entity::find().filter(outbox::Column::ProcessedAt.is_null());
    let backlog = pending().count(&ctx.db).await?;
    let oldest_pending = pending().order_by_asc(outbox::Column::CreatedAt).one(&ctx.db).await?.map(|o| o.created_at);
    let failing_rows = || pending().filter(outbox::Column::LastError.is_not_null());
    let failing = failing_rows().count(&ctx.db).await?;
    let last_error = failing_rows()
        .order_by_desc(outbox::Column::NextAttemptAt)
        .order_by_desc(outbox::Column::Id)
        .one(&ctx.db)
        .await?
        .and_then(|o| o.last_error);
    let active = webhook::Entity::find().filter(webhook::Column::Active.eq(true)).count(&ctx.db).await?;
    let disabled = webhook::Entity::find().filter(webhook::Column::Active.eq(false)).count(&ctx.db).await?;
    let troubled = webhook::Entity::find()
        .filter(Condition::any().add(webhook::Column::ConsecutiveFailures.gt(0)).add(webhook::Column::Active.eq(false)))
        .order_by_desc(webhook::Column::ConsecutiveFailures)
        .order_by_asc(webhook::Column::Id)
        .limit(TROUBLE_SHOWN)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|h| WebhookTrouble {
            id: h.id,
            active: h.active,
            consecutive_failures: h.consecutive_failures,
            last_error: h.last_error,
            next_attempt_at: h.next_attempt_at,
        })
        .collect();
    let search_error = match search.health().await {
        Ok(()) => None,
        Err(e) => Some(e.to_string()),
    };
    Ok(Health {
        search_engine: search.engine(),
        search_error,
        outbox: OutboxHealth { backlog, oldest_pending, failing, last_error },
        webhooks: WebhooksHealth { active, disabled, troubled },
    })
}
