//! The outbox: every change to a public document writes a row here in the same transaction as the
//! change (`enqueue`); `worker::outbox` pushes the rows to the search index and retries with
//! backoff until the engine takes them, so an engine that is down never loses or blocks a write.
use entity::outbox;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::Ctx;
use crate::error::AppResult;

pub const UPSERT: &str = "upsert";
pub const DELETE: &str = "delete";
/// A record a moderator hid: it leaves the search index like a deletion, and the feed says it was
/// withdrawn, naming it without its content.
pub const WITHDRAW: &str = "withdraw";

#[tracing::instrument(skip_all, fields(entity = entity_id))]
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    entity_type: &str,
    entity_id: i64,
    action: &str,
) -> AppResult<()> {
    outbox::ActiveModel {
        entity_type: Set(entity_type.to_string()),
        entity_id: Set(entity_id),
        action: Set(action.to_string()),
        created_at: Set(ctx.now),
        attempts: Set(0),
        next_attempt_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Rows not yet applied.
#[tracing::instrument(skip_all)]
pub async fn pending(conn: &impl ConnectionTrait) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(outbox::Entity::find().filter(outbox::Column::ProcessedAt.is_null()).count(conn).await?)
}
