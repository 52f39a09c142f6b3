//! The audit log: who changed what, when, with the record before and after, written in the same
//! transaction as the change itself (ARCHITECTURE, "How a request flows").
pub mod admin;

use entity::audit_log;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::Value;

use super::{
    Caller, Ctx,
    pagination::{PageRequest, finish_page},
};
use crate::error::AppResult;

pub struct Entry<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[tracing::instrument(skip_all)]
pub async fn record(conn: &impl ConnectionTrait, ctx: &Ctx, e: Entry<'_>) -> AppResult<()> {
    audit_log::ActiveModel {
        actor_id: Set(e.actor),
        action: Set(e.action.to_string()),
        entity_type: Set(e.entity_type.to_string()),
        entity_id: Set(e.entity_id),
        before: Set(e.before),
        after: Set(e.after),
        request_id: Set(ctx.request_id.clone()),
        at: Set(ctx.now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[derive(Default)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn list(
    ctx: &Ctx,
    caller: &Caller,
    filter: AuditFilter,
    page: PageRequest,
) -> AppResult<(Vec<audit_log::Model>, Option<String>)> {
    caller.require_admin()?;
    let mut q = audit_log::Entity::find();
    if let Some(a) = filter.actor_id {
        q = q.filter(audit_log::Column::ActorId.eq(a));
    }
    if let Some(t) = filter.entity_type {
        q = q.filter(audit_log::Column::EntityType.eq(t));
    }
    if let Some(i) = filter.entity_id {
        q = q.filter(audit_log::Column::EntityId.eq(i));
    }
    if let Some(a) = filter.action {
        q = q.filter(audit_log::Column::Action.eq(a));
    }
    if let Some(after) = page.after {
        q = q.filter(audit_log::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(audit_log::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |r| r.id))
}
