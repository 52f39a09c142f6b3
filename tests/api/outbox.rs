//! A write that changes a public document reaches the search index through the outbox; while the
//! engine is down writes go on, search says so, and nothing is lost when it returns.
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use baqylau::search::{SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, embedded::EmbeddedIndex};
use serde_json::json;

use crate::helpers::{TestApp, test_config};

/// The embedded engine behind a switch that makes every call fail, as an engine that is down.
struct Switchable {
    inner: EmbeddedIndex,
    down: AtomicBool,
}

impl Switchable {
    fn check(&self) -> Result<(), SearchError> {
        if self.down.load(Ordering::SeqCst) {
            Err(SearchError::Unavailable("switched off by the test".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl SearchIndex for Switchable {
    fn engine(&self) -> &'static str {
        "embedded"
    }
    async fn ensure_settings(&self) -> Result<(), SearchError> {
        self.check()
    }
    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.upsert(docs).await
    }
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.delete(ids).await
    }
    async fn clear(&self) -> Result<(), SearchError> {
        self.check()?;
        self.inner.clear().await
    }
    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.check()?;
        self.inner.search(q).await
    }
    async fn health(&self) -> Result<(), SearchError> {
        self.check()
    }
}

async fn run(app: TestApp, engine: Arc<Switchable>) {
    app.seed_content().await;
    app.drain().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    engine.down.store(true, Ordering::SeqCst);

    let r = app
        .post_as(&admin, "/api/v1/reports", json!({"agency_id": mtszn, "year": 2016, "language": "ru", "title": "Отчёт о вездеходах", "body_md": "Вездеходы и снегоходы"}))
        .await;
    r.ok(201);
    let d = app.drain().await;
    assert_eq!(d.applied, 0);
    assert!(d.failed > 0);
    app.get("/api/v1/search?q=вездеходы").await.problem(503, "search_unavailable");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.ok(200)["status"], "degraded");
    assert!(ready.body["checks"]["search_backlog"].as_u64().unwrap() >= 1);
    // Retried with backoff: not due again at once.
    app.clock.advance(chrono::Duration::milliseconds(100));
    assert_eq!(app.drain().await, Default::default());

    engine.down.store(false, Ordering::SeqCst);
    app.clock.advance(chrono::Duration::seconds(10));
    let d = app.drain().await;
    assert!(d.applied >= 1 && d.failed == 0, "{d:?}");
    let found = app.get("/api/v1/search?q=вездеходы").await;
    assert_eq!(found.ok(200)["total"], 1);
    assert_eq!(app.get("/readyz").await.ok(200)["status"], "ok");
    assert_eq!(app.get("/readyz").await.body["checks"]["search_backlog"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_catches_up_after_the_engine_returns_sqlite() {
    let engine = Arc::new(Switchable { inner: EmbeddedIndex::in_memory(), down: AtomicBool::new(false) });
    let app = TestApp::sqlite_with_search(test_config(), engine.clone()).await;
    run(app, engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_catches_up_after_the_engine_returns_postgres() {
    let engine = Arc::new(Switchable { inner: EmbeddedIndex::in_memory(), down: AtomicBool::new(false) });
    let Some(app) = TestApp::postgres_with_search(test_config(), engine.clone()).await else { return };
    run(app, engine).await;
}

/// Two workers (two instances) never apply the same row twice: a claim is a lease.
async fn two_workers_share_the_outbox(app: TestApp) {
    app.seed_content().await;
    let ctx = app.app.state.cli_ctx();
    let a = baqylau::service::outbox::drain_once(&ctx, app.search.as_ref(), "worker-a", 10).await.unwrap();
    let b = baqylau::service::outbox::drain_all(&ctx, app.search.as_ref(), "worker-b").await.unwrap();
    assert_eq!(a.applied, 10);
    assert_eq!(
        a.applied + b.applied,
        app.get("/api/v1/reports?limit=100").await.ok(200)["items"].as_array().unwrap().len() as u64
    );
    assert_eq!(app.get("/readyz").await.ok(200)["checks"]["search_backlog"], 0);
}

crate::on_both_databases!(two_workers_share_the_outbox);
