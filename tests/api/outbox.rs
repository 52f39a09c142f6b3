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
    let a = baqylau::worker::outbox::drain_once(&ctx, app.search.as_ref(), "worker-a", 10).await.unwrap();
    let b = baqylau::worker::outbox::drain_all(&ctx, app.search.as_ref(), "worker-b").await.unwrap();
    assert_eq!(a.applied, 10);
    // Every row the seed wrote: its reports, agencies and services (the last two have no search
    // documents, but the rows are still claimed and marked done).
    let rows = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        entity::outbox::Entity::find().count(&app.db).await.unwrap()
    };
    assert!(rows > app.get("/api/v1/reports?limit=100").await.ok(200)["items"].as_array().unwrap().len() as u64);
    assert_eq!(a.applied + b.applied, rows);
    assert_eq!(app.get("/readyz").await.ok(200)["checks"]["search_backlog"], 0);
}

/// The worker writes the outbox while an import writes reports: on SQLite a transaction that read
/// before the other committed could not become a writer (found by the benchmark); every command
/// now takes the write lock when it begins, so both finish and no line is lost.
async fn an_import_and_the_worker_write_at_the_same_time(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let r = app.get("/api/v1/agencies?limit=100").await;
    let codes: Vec<String> =
        r.ok(200)["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect();
    let mut body = String::new();
    for code in &codes {
        for year in 2013..=2019 {
            body.push_str(&json!({"agency": code, "year": year, "language": "ru", "title": format!("Отчёт {code} {year}"), "body_md": "Государственные услуги."}).to_string());
            body.push('\n');
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (ctx, search, stop) = (app.app.state.cli_ctx(), app.search.clone(), stop.clone());
        tokio::spawn(async move {
            let mut applied = 0;
            while !stop.load(Ordering::SeqCst) {
                applied += baqylau::worker::outbox::drain_once(&ctx, search.as_ref(), "racing-worker", 50)
                    .await
                    .expect("worker")
                    .applied;
                tokio::task::yield_now().await;
            }
            applied
        })
    };
    let r = app
        .client
        .post("/api/v1/reports/bulk")
        .header("authorization", format!("Bearer {admin}"))
        .content_type("application/x-ndjson")
        .body(body)
        .send()
        .await;
    let v: serde_json::Value = serde_json::from_str(&r.0.into_body().into_string().await.unwrap()).unwrap();
    stop.store(true, Ordering::SeqCst);
    worker.await.unwrap();
    assert_eq!(v["totals"]["created"], codes.len() * 7, "{}", v["totals"]);
    assert_eq!(v["totals"]["refused"], 0);
    app.drain().await;
    assert_eq!(app.get("/readyz").await.ok(200)["checks"]["search_backlog"], 0);
}

crate::on_both_databases!(two_workers_share_the_outbox, an_import_and_the_worker_write_at_the_same_time);

/// The exact interleaving behind the benchmark's failure, made deterministic: a command reads, another
/// connection commits a write, then the command writes. With a deferred BEGIN, SQLite refuses
/// that write at once (the snapshot is stale); every command begins IMMEDIATE, so the other
/// writer waits its turn and both succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_that_read_first_can_still_write_after_another_commit() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::sqlite().await;
    let db = app.db.clone();
    let region = |code: &str| {
        format!(
            "INSERT INTO region (code, parent, kind, name_kk, name_ru, name_en) VALUES ('{code}', NULL, 'oblast', 'a', 'b', 'c')"
        )
    };
    let a = baqylau::service::begin(&db).await.unwrap();
    a.query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT count(*) AS n FROM region"))
        .await
        .unwrap();
    let other = {
        let (db, sql) = (db.clone(), region("999999991"));
        tokio::spawn(async move { db.execute_unprepared(&sql).await.map(|_| ()) })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    a.execute_unprepared(&region("999999992")).await.expect("the command that read first still writes");
    a.commit().await.unwrap();
    other.await.unwrap().expect("the other writer waited and wrote");
}
