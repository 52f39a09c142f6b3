//! The state every request and worker shares, and the one way to make a use-case context from it.
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{clock::Clock, config::Config, domain, search, service};

/// Everything a request handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub login_guard: Arc<service::auth::LoginGuard>,
    /// The calendar of the shipped files; deadlines are counted on [`AppState::calendar`].
    pub calendar_files: Arc<domain::calendar::Calendar>,
    pub search: Arc<dyn search::SearchIndex>,
}

impl AppState {
    /// The context of one use case; `request_id` ties its log lines to the HTTP request, if any.
    pub fn ctx(&self, request_id: Option<String>) -> service::Ctx {
        service::Ctx::new(self.db.clone(), self.clock.as_ref(), self.config.clone(), request_id)
    }

    /// The working-day calendar as it stands: the files plus the transfers administrators recorded.
    pub async fn calendar(&self, ctx: &service::Ctx) -> crate::error::AppResult<Arc<domain::calendar::Calendar>> {
        service::calendar::current(ctx, &self.calendar_files).await
    }

    /// The context of a command-line action or a worker: no request, no request id.
    pub fn cli_ctx(&self) -> service::Ctx {
        self.ctx(None)
    }
}
