use crate::api::common;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Query, payload::Json};

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, views::Page};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    service::{audit, pagination::PageRequest},
    state::AppState,
};

#[derive(Default)]
pub struct AuditApi;

/// One change: who, what, when, and the record before and after.
#[derive(Object)]
#[oai(example)]
pub struct AuditEntryView {
    pub id: i64,
    /// The account that made the change; `null` for the command line.
    #[oai(nullable)]
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    #[oai(nullable)]
    pub before: Option<serde_json::Value>,
    #[oai(nullable)]
    pub after: Option<serde_json::Value>,
    #[oai(nullable)]
    pub request_id: Option<String>,
    pub at: DateTime<Utc>,
}

#[OpenApi(tag = "ApiTags::Audit")]
impl AuditApi {
    /// The audit log (administrators)
    ///
    /// Oldest first; filter by actor, entity and action.
    #[oai(path = "/audit", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::actor")] actor_id: Query<Option<i64>>,
        /// e.g. `account`, `token`, `organization`.
        #[oai(example = "ex::audit_entity_type")]
        entity_type: Query<Option<String>>,
        #[oai(example = "ex::audit_entity_id")] entity_id: Query<Option<String>>,
        /// e.g. `account.register`.
        #[oai(example = "ex::audit_action")]
        action: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<AuditEntryView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let filter = audit::AuditFilter {
            actor_id: actor_id.0,
            entity_type: entity_type.0,
            entity_id: entity_id.0,
            action: action.0,
        };
        let rows = audit::list(&ctx, &caller, filter, page).await?;
        Ok(Json(Page::from(rows, AuditEntryView::from)))
    }
}

impl From<entity::audit_log::Model> for AuditEntryView {
    fn from(e: entity::audit_log::Model) -> AuditEntryView {
        AuditEntryView {
            id: e.id,
            actor_id: e.actor_id,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
            request_id: e.request_id,
            at: e.at,
        }
    }
}

mod examples;
