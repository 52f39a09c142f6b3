//! The change feed, for apps that mirror the portal.
use crate::http;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Query, payload::Json};

use super::ApiTags;
use super::common::examples as ex;
use crate::{
    error::AppError,
    service::events::{self, DEFAULT_LIMIT, MAX_LIMIT},
    state::AppState,
};

#[derive(Default)]
pub struct EventsApi;

/// One public change.
#[derive(Object)]
#[oai(example)]
pub struct EventView {
    /// Increasing; pass the last one seen as `after`.
    pub id: i64,
    /// The entity type, e.g. `report`, `info_request`, `discussion` (see each dataset's
    /// `entity_type` in `GET /catalog`).
    pub entity: String,
    pub entity_id: i64,
    /// `upsert` (created or changed: read it again at `url`), `delete`, or `withdraw` (a moderator
    /// hid it from public view; `url` then answers `410 withdrawn` with the reason).
    pub action: String,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// The record's JSON read.
    pub url: String,
}

impl From<events::Event> for EventView {
    fn from(e: events::Event) -> Self {
        Self { id: e.id, entity: e.entity_type, entity_id: e.entity_id, action: e.action, at: e.at, url: e.url }
    }
}

/// A page of the feed.
#[derive(Object)]
#[oai(example)]
pub struct EventPageView {
    pub items: Vec<EventView>,
    /// Pass as `after` for the next page; when `more` is false, poll again later with it. It may
    /// be past the last item: changes the public may not see are skipped.
    pub next_after: i64,
    /// More events wait already.
    pub more: bool,
}

#[OpenApi(tag = "ApiTags::OpenData")]
impl EventsApi {
    /// The change feed
    ///
    /// Public changes in the order they were committed: entity, id, action (`upsert` or
    /// `delete`), time and the record's URL. Start with `after=0`, then pass `next_after`; poll
    /// when `more` is false. A draft or otherwise private record never appears; a page may hold
    /// fewer than `limit` events while `more` is true.
    #[oai(path = "/events", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// The id of the last event seen; `0` (the default) for the beginning.
        #[oai(validator(minimum(value = "0")), example = "ex::event_after")]
        after: Query<Option<i64>>,
        /// 1..1000, default 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "1000")), example = "ex::limit")]
        limit: Query<Option<u64>>,
        /// Only these entity types, comma-separated, e.g. `report,info_request`.
        #[oai(example = "ex::event_entity")]
        entity: Query<Option<String>>,
    ) -> Result<Json<EventPageView>, AppError> {
        let ctx = http::ctx(&state, req);
        let limit = limit.0.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let types = events::parse_types(entity.0.as_deref())?;
        let page = events::page(&ctx.db, after.0.unwrap_or(0), limit, &types).await?;
        Ok(Json(EventPageView {
            items: page.items.into_iter().map(Into::into).collect(),
            next_after: page.next_after,
            more: page.more,
        }))
    }
}

mod examples;
