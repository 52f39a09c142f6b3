//! Baqylau: an open API and portal for public monitoring of public services in Kazakhstan.
//! `App::build` turns a `Config` into a poem endpoint; `main.rs` and the tests both use it.
pub mod api;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod markdown;
pub mod search;
pub mod service;
pub mod state;
pub mod web;
pub mod worker;

use std::sync::Arc;

use poem::{EndpointExt, Route, Server, get, listener::TcpListener};
use sea_orm::DatabaseConnection;

pub use crate::state::AppState;
use crate::{clock::Clock, config::Config};

pub struct App {
    pub state: AppState,
}

impl App {
    /// Open (and migrate) the configured database, load the directory from `content/` into it when
    /// it is empty, and assemble the app on the system clock.
    pub async fn build(mut config: Config) -> anyhow::Result<App> {
        let db = db::open(&config).await?;
        if config.form_key.is_none() {
            let key = service::secrets::key(&db, service::secrets::FORM_KEY, chrono::Utc::now()).await?;
            config.form_key = Some(config::FormKey(key));
        }
        let search = open_search(&config)?;
        let app = App::with_parts(config, db, Arc::new(clock::SystemClock), search);
        let cfg = &app.state.config;
        if cfg.seed_on_empty
            && let Some(summary) = service::seed::seed_if_empty(&app.state.cli_ctx(), &cfg.content_dir).await?
        {
            tracing::info!(agencies = %summary.agencies, services = %summary.services, reports = %summary.reports, "seeded an empty database from content/");
        }
        Ok(app)
    }

    /// Keep the search index in step with the database: settings applied, an empty embedded index
    /// rebuilt, then the outbox worker started. An engine that is down only delays this.
    pub fn start_background_work(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            if let Err(e) = state.search.ensure_settings().await {
                tracing::error!(error = %e, "search settings not applied yet; search answers 503 until the engine is back");
            }
            if let Ok(Some(true)) = state.search.is_empty().await {
                match worker::outbox::reindex(&state.cli_ctx(), state.search.as_ref(), None).await {
                    Ok(n) if n > 0 => tracing::info!(documents = n, "rebuilt the empty search index from the database"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "rebuilding the search index failed"),
                }
            }
            worker::outbox::run(state.db, state.search, state.clock, state.config).await;
        });
        let s = &self.state;
        tokio::spawn(worker::webhooks::run(s.db.clone(), s.clock.clone(), s.config.clone()));
    }

    /// Assemble the app on an opened, migrated database and a given clock (tests pin it).
    pub fn with_parts(
        mut config: Config,
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        search: Arc<dyn search::SearchIndex>,
    ) -> App {
        // Assembled without `build` (tests, tools): a key of this process's own.
        config.form_key.get_or_insert_with(|| config::FormKey(rand::random()));
        let login_guard = Arc::new(service::auth::LoginGuard::new(config.login_max_failures, config.login_window_secs));
        let calendar_files = Arc::new(load_calendar(&config));
        App { state: AppState { db, config: Arc::new(config), clock, login_guard, calendar_files, search } }
    }

    pub fn endpoint(&self) -> poem::endpoint::BoxEndpoint<'static> {
        let api = api::service();
        Route::new()
            .at("/healthz", get(api::health::healthz))
            .at("/readyz", get(api::health::readyz))
            .at("/api/v1/openapi.json", spec_endpoint(spec_json(), "application/json"))
            .at("/api/v1/openapi.yaml", spec_endpoint(spec_yaml(), "application/x-yaml"))
            .nest("/docs", Route::new().at("/", swagger_ui(&api)))
            .nest(
                http::API_PREFIX,
                api.with(http::cache::HttpCache).with(http::controls::RefuseControls).with(self.rate_limit()),
            )
            // Everything else is a page for people (issue #10), in HTML.
            .nest("/", web::routes(self.state.config.form_key.map(|k| k.0).unwrap_or_default(), self.rate_limit()))
            .data(self.state.clone())
            .data(api::common::body::JsonBodyLimit(self.state.config.json_body_limit))
            .data(api::common::ndjson::NdjsonBodyLimit(self.state.config.bulk_body_limit))
            .data(api::common::multipart::UploadLimit(self.state.config.upload_max_bytes))
            .with(http::edge::Edge::new(api::spec::document()))
            .with(http::cors::Cors)
            .boxed()
    }

    /// Rate limits on `/api/v1` and, counted apart, on the pages; on the app's clock.
    fn rate_limit(&self) -> http::rate_limit::RateLimit {
        let s = &self.state;
        http::rate_limit::RateLimit::new(&s.config, s.clock.clone(), s.db.clone())
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.start_background_work();
        let addr = self.state.config.addr;
        tracing::info!(%addr, "serving");
        Server::new(TcpListener::bind(addr))
            .run_with_graceful_shutdown(self.endpoint(), shutdown_signal(), Some(std::time::Duration::from_secs(10)))
            .await
    }
}

/// Meilisearch when `MEILI_URL` is set, otherwise the embedded index under the data directory.
pub fn open_search(config: &Config) -> anyhow::Result<Arc<dyn search::SearchIndex>> {
    Ok(match &config.meili_url {
        Some(url) => Arc::new(search::meili::MeiliIndex::new(url, config.meili_key.as_deref(), &config.meili_index)?),
        None => Arc::new(search::embedded::EmbeddedIndex::open(Some(&config.data_dir.join("search")))?),
    })
}

/// The calendar from `content/calendar` when present (a new year is a new file there), otherwise
/// the copy built into the binary.
fn load_calendar(config: &Config) -> domain::calendar::Calendar {
    let dir = config.content_dir.join("calendar");
    if dir.is_dir() {
        match domain::calendar::Calendar::from_dir(&dir) {
            Ok(c) => return c,
            Err(e) => tracing::error!(error = %e, "content/calendar is unreadable; using the built-in calendar"),
        }
    }
    domain::calendar::Calendar::embedded()
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}

/// The committed spec (`openapi/`) is written from these, and the same text is served.
pub fn spec_json() -> String {
    api::spec::json()
}

pub fn spec_yaml() -> String {
    api::spec::yaml()
}

fn spec_endpoint(spec: String, content_type: &'static str) -> impl poem::Endpoint {
    poem::endpoint::make_sync(move |_| poem::Response::builder().content_type(content_type).body(spec.clone()))
}

/// Swagger UI on the served document: poem-openapi embeds its own spec text in the page, which
/// lacks what `api::spec` adds, so that text is swapped for ours.
fn swagger_ui(api: &poem_openapi::OpenApiService<api::Apis, ()>) -> impl poem::Endpoint + use<> {
    let html = api.swagger_ui_html().replacen(&api.spec(), &spec_json(), 1);
    // Swagger UI is one page of inline script and style, so it cannot have the pages' policy; it
    // still loads nothing from elsewhere and talks only to this server.
    poem::endpoint::make_sync(move |_| {
        poem::Response::builder()
            .content_type("text/html; charset=utf-8")
            .header(
                "content-security-policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; \
                 connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            )
            .body(html.clone())
    })
}
