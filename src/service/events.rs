//! The change feed: the outbox read as a public, ordered list of changes, so an app can mirror the
//! portal by asking for what happened after the last event it saw. Only entity types of a catalog
//! dataset appear, and only for records the public may read when the feed is read; deletions
//! only for datasets whose records are public from creation (`Dataset::deletes_public`).
use chrono::{DateTime, Utc};
use entity::outbox;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    catalog,
    outbox::{DELETE, WITHDRAW},
};
use crate::error::{AppError, AppResult};

pub const DEFAULT_LIMIT: u64 = 100;
pub const MAX_LIMIT: u64 = 1000;

/// Rows looked at for one page at most, so a long run of hidden changes cannot make a read slow;
/// the page then comes back short with a position to continue from.
const SCAN_BUDGET: u64 = 5000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
    pub at: DateTime<Utc>,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Pass as `after` next time: the last event looked at (not only shown), or the `after` given
    /// when nothing newer exists.
    pub next_after: i64,
    /// More events are already waiting.
    pub more: bool,
}

/// Parse `?entity=` (comma-separated entity types; all when empty) against the catalog.
#[tracing::instrument(skip_all)]
pub fn parse_types(entity: Option<&str>) -> AppResult<Vec<&'static str>> {
    let all = catalog::entity_types();
    let asked: Vec<&str> = entity.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if asked.is_empty() {
        return Ok(all);
    }
    asked
        .into_iter()
        .map(|a| {
            all.iter().copied().find(|t| *t == a).ok_or_else(|| {
                AppError::invalid_parameter("entity", &format!("no dataset has change events of type {a}"))
            })
        })
        .collect()
}

/// Up to `limit` public events after `after`, oldest first.
#[tracing::instrument(skip_all)]
pub async fn page(db: &DatabaseConnection, after: i64, limit: u64, types: &[&str]) -> AppResult<EventPage> {
    let mut items: Vec<Event> = Vec::new();
    // How far the outbox has been read, shown rows and hidden ones alike.
    let mut pos = after;
    let mut scanned = 0u64;
    loop {
        let want = limit + 1 - items.len() as u64;
        let rows = outbox::Entity::find()
            .filter(outbox::Column::Id.gt(pos))
            .filter(outbox::Column::EntityType.is_in(types.iter().copied()))
            .order_by_asc(outbox::Column::Id)
            .limit(want)
            .all(db)
            .await?;
        let exhausted = (rows.len() as u64) < want;
        scanned += rows.len() as u64;
        let last = rows.last().map(|r| r.id);
        for e in visible(db, rows).await? {
            if items.len() as u64 == limit {
                let next_after = items.last().map_or(pos, |i| i.id);
                return Ok(EventPage { items, next_after, more: true });
            }
            items.push(e);
        }
        if let Some(last) = last {
            pos = last;
        }
        if exhausted || scanned >= SCAN_BUDGET {
            return Ok(EventPage { items, next_after: pos, more: !exhausted });
        }
    }
}

/// The rows the public may see, as events, in order.
async fn visible(db: &DatabaseConnection, rows: Vec<outbox::Model>) -> AppResult<Vec<Event>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut types: Vec<&str> = rows.iter().map(|r| r.entity_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let mut public: Vec<(String, i64)> = Vec::new();
    for t in types {
        let Some(d) = catalog::by_entity_type(t) else { continue };
        let ids: Vec<i64> = rows
            .iter()
            .filter(|r| r.entity_type == t && r.action != DELETE && r.action != WITHDRAW)
            .map(|r| r.entity_id)
            .collect();
        public.extend((d.visible)(db, ids).await?.into_iter().map(|id| (t.to_string(), id)));
    }
    for r in rows {
        let Some(d) = catalog::by_entity_type(&r.entity_type) else { continue };
        let shown = if r.action == DELETE {
            d.deletes_public
        } else if r.action == WITHDRAW {
            // Says only which record was withdrawn, never what it held.
            true
        } else {
            public.iter().any(|(t, id)| *t == r.entity_type && *id == r.entity_id)
        };
        if shown {
            out.push(Event {
                url: d.record_url(r.entity_id),
                id: r.id,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                action: r.action,
                at: r.created_at,
            });
        }
    }
    Ok(out)
}

/// The id of the newest event of any type: where a new webhook starts listening.
#[tracing::instrument(skip_all)]
pub async fn latest_id(db: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .order_by_desc(outbox::Column::Id)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}
