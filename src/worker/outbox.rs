//! The search worker: claims due outbox rows (with a lease, so several instances can run workers
//! against one database), applies the latest state of each named document to the search index,
//! and retries with backoff until the engine takes them; compacts the embedded index after a
//! large batch; rebuilds the index from the database on demand.
use std::sync::Arc;

use chrono::Duration;
use entity::outbox;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};

use crate::{
    clock::Clock,
    config::Config,
    error::AppResult,
    search::SearchIndex,
    service::{Ctx, search_docs},
};

/// Retry after 1, 2, 4 ... seconds, at most five minutes apart.
#[tracing::instrument(skip_all)]
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds(1i64 << attempts.clamp(0, 8).min(8)).min(Duration::minutes(5))
}

const LEASE_SECONDS: i64 = 60;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drained {
    pub applied: u64,
    pub failed: u64,
}

/// Claim up to `batch` due rows and apply them to the index. On failure every claimed row is
/// rescheduled with backoff and nothing is lost.
#[tracing::instrument(skip_all)]
pub async fn drain_once(ctx: &Ctx, index: &dyn SearchIndex, worker: &str, batch: u64) -> AppResult<Drained> {
    let now = ctx.now;
    let free = Condition::any().add(outbox::Column::LeaseUntil.is_null()).add(outbox::Column::LeaseUntil.lt(now));
    let due = Query::select()
        .column(outbox::Column::Id)
        .from(outbox::Entity)
        .and_where(outbox::Column::ProcessedAt.is_null())
        .and_where(outbox::Column::NextAttemptAt.lte(now))
        .cond_where(free.clone())
        .order_by(outbox::Column::Id, sea_orm::Order::Asc)
        .limit(batch)
        .to_owned();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseOwner, Expr::value(worker))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + Duration::seconds(LEASE_SECONDS)))
        .filter(outbox::Column::Id.in_subquery(due))
        .filter(free)
        .exec(&ctx.db)
        .await?;
    let rows = outbox::Entity::find()
        .filter(outbox::Column::LeaseOwner.eq(worker))
        .filter(outbox::Column::ProcessedAt.is_null())
        .filter(outbox::Column::LeaseUntil.gt(now))
        .order_by_asc(outbox::Column::Id)
        .all(&ctx.db)
        .await?;
    if rows.is_empty() {
        return Ok(Drained::default());
    }
    let result = apply(ctx, index, &rows).await;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    match result {
        Ok(()) => {
            outbox::Entity::update_many()
                .col_expr(outbox::Column::ProcessedAt, Expr::value(now))
                .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
                .filter(outbox::Column::Id.is_in(ids))
                .exec(&ctx.db)
                .await?;
            Ok(Drained { applied: rows.len() as u64, failed: 0 })
        }
        Err(e) => {
            tracing::warn!(error = %e, rows = rows.len(), "search index update failed; will retry");
            for r in &rows {
                outbox::Entity::update_many()
                    .col_expr(outbox::Column::Attempts, Expr::value(r.attempts + 1))
                    .col_expr(outbox::Column::NextAttemptAt, Expr::value(now + backoff(r.attempts)))
                    .col_expr(outbox::Column::LastError, Expr::value(e.to_string()))
                    .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
                    .filter(outbox::Column::Id.eq(r.id))
                    .exec(&ctx.db)
                    .await?;
            }
            Ok(Drained { applied: 0, failed: rows.len() as u64 })
        }
    }
}

/// The latest state of each entity the rows name: present and public -> upsert, otherwise delete.
async fn apply(ctx: &Ctx, index: &dyn SearchIndex, rows: &[outbox::Model]) -> Result<(), String> {
    let ids_of = |kind: &str| {
        let mut ids: Vec<i64> = rows.iter().filter(|r| r.entity_type == kind).map(|r| r.entity_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (report_ids, request_ids, discussion_ids) = (ids_of("report"), ids_of("info_request"), ids_of("discussion"));
    let mut docs = search_docs::reports(&ctx.db, &report_ids).await.map_err(|e| e.to_string())?;
    docs.extend(search_docs::answers(&ctx.db, &request_ids).await.map_err(|e| e.to_string())?);
    docs.extend(search_docs::notices(&ctx.db, &discussion_ids).await.map_err(|e| e.to_string())?);
    let conclusion_ids = ids_of("conclusion");
    docs.extend(search_docs::conclusions(&ctx.db, &conclusion_ids).await.map_err(|e| e.to_string())?);
    // What no longer yields a public document leaves the index.
    let wanted = report_ids
        .iter()
        .map(|id| search_docs::report_id(*id))
        .chain(request_ids.iter().map(|id| search_docs::answer_id(*id)))
        .chain(discussion_ids.iter().map(|id| search_docs::notice_id(*id)))
        .chain(conclusion_ids.iter().map(|id| search_docs::conclusion_id(*id)));
    let gone: Vec<String> = wanted.filter(|id| !docs.iter().any(|d| &d.id == id)).collect();
    index.upsert(docs).await.map_err(|e| e.to_string())?;
    index.delete(gone).await.map_err(|e| e.to_string())?;
    Ok(())
}

/// Apply everything due now, batch after batch; for tests and the command line.
#[tracing::instrument(skip_all)]
pub async fn drain_all(ctx: &Ctx, index: &dyn SearchIndex, worker: &str) -> AppResult<Drained> {
    let mut total = Drained::default();
    loop {
        let d = drain_once(ctx, index, worker, 500).await?;
        total.applied += d.applied;
        total.failed += d.failed;
        if d.applied == 0 || d.failed > 0 {
            return Ok(total);
        }
    }
}

/// Rebuild the index from the database: empty it, then add every public document in batches.
#[tracing::instrument(skip_all)]
pub async fn reindex(ctx: &Ctx, index: &dyn SearchIndex, progress: Option<&indicatif::ProgressBar>) -> AppResult<u64> {
    use entity::report;
    index.clear().await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
    let total = {
        use sea_orm::PaginatorTrait;
        report::Entity::find().count(&ctx.db).await?
    };
    if let Some(p) = progress {
        p.set_length(total);
    }
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let ids: Vec<i64> = report::Entity::find()
            .select_only()
            .column(report::Column::Id)
            .filter(report::Column::Id.gt(after))
            .order_by_asc(report::Column::Id)
            .limit(500)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let Some(last) = ids.last() else { break };
        after = *last;
        let docs = search_docs::reports(&ctx.db, &ids).await?;
        done += docs.len() as u64;
        index.upsert(docs).await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
        if let Some(p) = progress {
            p.set_position(done);
        }
    }
    let mut after = 0i64;
    loop {
        let ids: Vec<i64> = entity::info_request::Entity::find()
            .select_only()
            .column(entity::info_request::Column::Id)
            .filter(entity::info_request::Column::Id.gt(after))
            .order_by_asc(entity::info_request::Column::Id)
            .limit(500)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let Some(last) = ids.last() else { break };
        after = *last;
        let docs = search_docs::answers(&ctx.db, &ids).await?;
        done += docs.len() as u64;
        index.upsert(docs).await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
    }
    let ids: Vec<i64> = entity::completion_notice::Entity::find()
        .select_only()
        .column(entity::completion_notice::Column::DiscussionId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    for chunk in ids.chunks(500) {
        let docs = search_docs::notices(&ctx.db, chunk).await?;
        done += docs.len() as u64;
        index.upsert(docs).await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
    }
    let ids: Vec<i64> = entity::conclusion::Entity::find()
        .select_only()
        .column(entity::conclusion::Column::Id)
        .filter(entity::conclusion::Column::State.eq("published"))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    for chunk in ids.chunks(500) {
        let docs = search_docs::conclusions(&ctx.db, chunk).await?;
        done += docs.len() as u64;
        index.upsert(docs).await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
    }
    if let Some(p) = progress {
        // The merge shows no steps of its own; say what the wait is for.
        p.set_message("merging");
    }
    index.compact().await.map_err(|e| crate::error::AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(done)
}

/// Rows applied since the index was last compacted, and when that is worth doing: once the
/// backlog is empty after at least `COMPACT_AFTER` rows (a bulk import, a burst of edits). Single
/// edits leave the engine's own merging to cope, so a quiet portal never rewrites its index.
#[derive(Debug, Default)]
pub struct Compaction {
    since: u64,
}

pub const COMPACT_AFTER: u64 = 1_000;

impl Compaction {
    /// After each drain: whether to compact now.
    #[tracing::instrument(skip_all)]
    pub fn after(&mut self, drained: Drained) -> bool {
        self.since += drained.applied;
        if drained.applied == 0 && drained.failed == 0 && self.since >= COMPACT_AFTER {
            self.since = 0;
            return true;
        }
        false
    }
}

/// The worker of one process: drain what is due, then wait a moment; retries follow the backoff
/// stored on each row. Runs until the process stops.
#[tracing::instrument(skip_all)]
pub async fn run(db: DatabaseConnection, search: Arc<dyn SearchIndex>, clock: Arc<dyn Clock>, config: Arc<Config>) {
    let worker = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let mut compaction = Compaction::default();
    loop {
        let ctx = Ctx::new(db.clone(), clock.as_ref(), config.clone(), None);
        match drain_once(&ctx, search.as_ref(), &worker, 500).await {
            Ok(d) => {
                if compaction.after(d) {
                    // Beside the worker, so that changes made meanwhile reach the index without
                    // waiting for the merge (about 15 s at 100,000 reports).
                    let search = search.clone();
                    tokio::spawn(async move {
                        let started = std::time::Instant::now();
                        match search.compact().await {
                            Ok(()) => {
                                tracing::info!(ms = started.elapsed().as_millis() as u64, "search index compacted")
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "search index compaction failed; searches are unaffected")
                            }
                        }
                    });
                }
                if d.applied > 0 {
                    continue;
                }
            }
            Err(e) => tracing::error!(error = %e, "outbox worker: database error"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drained(applied: u64, failed: u64) -> Drained {
        Drained { applied, failed }
    }

    #[test]
    fn compaction_waits_for_an_empty_backlog_after_a_large_batch() {
        let mut c = Compaction::default();
        // A bulk import arrives in batches: nothing while rows are still coming.
        assert!(!c.after(drained(500, 0)));
        assert!(!c.after(drained(499, 0)));
        // Caught up, but 999 rows are not worth rewriting the index for.
        assert!(!c.after(drained(0, 0)));
        assert!(!c.after(drained(1, 0)));
        assert!(c.after(drained(0, 0)), "caught up after 1,000 rows");
        // Once, not on every idle turn after it.
        assert!(!c.after(drained(0, 0)));
        // A failing engine is not caught up.
        assert!(!c.after(drained(1_000, 0)));
        assert!(!c.after(drained(0, 3)));
        assert!(c.after(drained(0, 0)));
    }
}
