//! `TestApp`: the real app (the one `main.rs` serves) on a fresh database and a fixed clock,
//! driven over HTTP through poem's test client.
use std::{
    path::PathBuf,
    sync::{Arc, Once},
};

use baqylau::{App, clock::FixedClock, config::Config};
use chrono::{TimeZone, Utc};
use poem::{
    endpoint::BoxEndpoint,
    http::{HeaderMap, Method},
    test::TestClient,
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};

/// Set to a PostgreSQL URL (e.g. `postgres://postgres@127.0.0.1:5432/test`) to run every storage
/// test on PostgreSQL as well. Each test gets its own database, created here and dropped after.
pub const POSTGRES_URL_VAR: &str = "BAQYLAU_TEST_POSTGRES_URL";

/// Generate a test on each database from `async fn name(app: TestApp)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::helpers::TestApp::sqlite().await).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() {
                   if let Some(app) = $crate::helpers::TestApp::postgres().await { super::$name(app).await }
               } )*
        }
    };
}

pub enum Backend {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

pub enum Kind {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub search: Arc<dyn baqylau::search::SearchIndex>,
    pub client: TestClient<BoxEndpoint<'static>>,
    pub clock: FixedClock,
    pub db: DatabaseConnection,
    pub app: App,
    backend: Backend,
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// Assert a problem document with this status and code; returns it for more checks.
    #[track_caller]
    pub fn problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status, status, "status; body: {}", self.text);
        assert_eq!(self.code(), code, "code; body: {}", self.text);
        let ct = self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(ct.starts_with("application/problem+json"), "content type {ct}");
        for key in ["type", "title", "status", "detail", "code", "errors"] {
            assert!(self.body.get(key).is_some(), "problem lacks {key}: {}", self.text);
        }
        &self.body
    }

    #[track_caller]
    pub fn ok(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "body: {}", self.text);
        &self.body
    }
}

/// The fixed instant every test starts at: Thursday 26 November 2026, 10:00 in Almaty.
pub fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 5, 0, 0).single().expect("valid instant")
}

pub fn test_config() -> Config {
    Config {
        login_max_failures: 3,
        login_window_secs: 600,
        seed_on_empty: false,
        // The clock stands still in tests: no allowance would ever refill. `open_data` sets limits.
        rate_anon_per_min: 0,
        rate_key_per_min: 0,
        upload_dir: std::env::temp_dir().join(format!("baqylau-test-uploads-{}", uuid::Uuid::new_v4().simple())),
        ..Config::default()
    }
}

static LOG_SKIP: Once = Once::new();

impl TestApp {
    pub async fn sqlite() -> TestApp {
        Self::sqlite_with(test_config()).await
    }

    pub async fn sqlite_with(config: Config) -> TestApp {
        Self::sqlite_with_search(config, Arc::new(baqylau::search::embedded::EmbeddedIndex::in_memory())).await
    }

    pub async fn sqlite_with_search(config: Config, search: Arc<dyn baqylau::search::SearchIndex>) -> TestApp {
        let path = std::env::temp_dir().join(format!("baqylau-test-{}.db", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        Self::build(&url, Backend::Sqlite(path), config, search).await
    }

    /// `None` when no PostgreSQL URL is set. A URL that is set but unreachable fails the test:
    /// CI sets it, and a silent skip there would hide that nothing ran on PostgreSQL.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(test_config()).await
    }

    pub async fn postgres_with(config: Config) -> Option<TestApp> {
        Self::postgres_with_search(config, Arc::new(baqylau::search::embedded::EmbeddedIndex::in_memory())).await
    }

    pub async fn postgres_with_search(
        config: Config,
        search: Arc<dyn baqylau::search::SearchIndex>,
    ) -> Option<TestApp> {
        let Some(admin_url) = std::env::var(POSTGRES_URL_VAR).ok().filter(|u| !u.trim().is_empty()) else {
            LOG_SKIP.call_once(|| {
                eprintln!("{POSTGRES_URL_VAR} is not set: PostgreSQL variants of the tests pass without running")
            });
            return None;
        };
        let (url, name) = create_postgres_database(&admin_url).await;
        Some(Self::build(&url, Backend::Postgres { admin_url, name }, config, search).await)
    }

    async fn build(
        url: &str,
        backend: Backend,
        config: Config,
        search: Arc<dyn baqylau::search::SearchIndex>,
    ) -> TestApp {
        baqylau::db::migrate(url).await.expect("migrations apply on an empty database");
        let db = baqylau::db::connect(url).await.expect("connect");
        let clock = FixedClock::new(start_time());
        let app = App::with_parts(config, db.clone(), Arc::new(clock.clone()), search.clone());
        let client = TestClient::new(app.endpoint());
        TestApp { search, client, clock, db, app, backend }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut rb = self.client.request(method, path);
        if let Some(t) = token {
            rb = rb.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        if let Some(b) = body {
            rb = rb.body_json(&b);
        }
        let resp = rb.send().await;
        let status = resp.0.status().as_u16();
        let headers = resp.0.headers().clone();
        let text = resp.0.into_body().into_string().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, body, text }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(Method::GET, path, None, None, &[]).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Resp {
        self.call(Method::GET, path, Some(token), None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.call(Method::POST, path, None, Some(body), &[]).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(token), Some(body), &[]).await
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::PATCH, path, Some(token), Some(body), &[]).await
    }

    pub async fn put_as(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::PUT, path, Some(token), Some(body), &[]).await
    }

    pub fn backend_kind(&self) -> Kind {
        match self.backend {
            Backend::Sqlite(_) => Kind::Sqlite,
            Backend::Postgres { .. } => Kind::Postgres,
        }
    }

    /// A `multipart/form-data` upload: one file part plus text fields.
    pub async fn upload_as(&self, token: &str, path: &str, file: (&str, &str, &[u8]), fields: &[(&str, &str)]) -> Resp {
        let boundary = "baqylau-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (file_name, content_type, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let resp = self
            .client
            .post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await;
        let status = resp.0.status().as_u16();
        let headers = resp.0.headers().clone();
        let raw = resp.0.into_body().into_vec().await.unwrap_or_default();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, body, text }
    }

    /// The raw bytes of a GET.
    pub async fn get_bytes(&self, path: &str) -> (u16, poem::http::HeaderMap, Vec<u8>) {
        let resp = self.client.get(path).send().await;
        let status = resp.0.status().as_u16();
        let headers = resp.0.headers().clone();
        (status, headers, resp.0.into_body().into_vec().await.unwrap_or_default())
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> Resp {
        self.call(Method::DELETE, path, Some(token), None, &[]).await
    }

    pub async fn register(&self, email: &str) -> Resp {
        self.post(
            "/api/v1/accounts",
            json!({"email": email, "password": "correct horse battery", "display_name": format!("User {}", email.split('@').next().unwrap_or(email))}),
        )
        .await
    }

    pub async fn login(&self, email: &str) -> String {
        let r = self.post("/api/v1/auth/login", json!({"email": email, "password": "correct horse battery"})).await;
        r.ok(200)["token"].as_str().expect("token").to_string()
    }

    /// A registered, signed-in citizen: (token, account id).
    pub async fn citizen(&self, email: &str) -> (String, i64) {
        let id = self.register(email).await.ok(201)["id"].as_i64().expect("id");
        (self.login(email).await, id)
    }

    /// A signed-in portal administrator, made the way `baqylau admin create` makes one.
    pub async fn admin(&self, email: &str) -> (String, i64) {
        let ctx = self.app.state.cli_ctx();
        let a = baqylau::service::accounts::create_admin(&ctx, email, "Admin", "correct horse battery".into())
            .await
            .expect("admin created");
        (self.login(email).await, a.id)
    }

    /// Load the shipped directory (`content/`) the way `baqylau seed` does.
    pub async fn seed_content(&self) -> baqylau::service::seed::SeedSummary {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        baqylau::service::seed::seed(&self.app.state.cli_ctx(), &dir, None).await.expect("content/ seeds")
    }

    /// Apply the outbox to the search index now, as the worker would.
    pub async fn drain(&self) -> baqylau::worker::outbox::Drained {
        baqylau::worker::outbox::drain_all(&self.app.state.cli_ctx(), self.search.as_ref(), "test-worker")
            .await
            .expect("drain")
    }

    /// A signed-in officer of the agency with this code (made so by an administrator).
    pub async fn officer(&self, email: &str, agency_code: &str) -> String {
        let (token, id) = self.citizen(email).await;
        let agency = self.agency_id(agency_code).await;
        let ctx = self.app.state.cli_ctx();
        let admin = baqylau::service::accounts::create_admin(
            &ctx,
            &format!("granter-{email}"),
            "Granter",
            "correct horse battery".into(),
        )
        .await
        .expect("admin");
        let caller = baqylau::service::Caller {
            account: admin,
            token_id: 0,
            scopes: baqylau::domain::accounts::Scope::ALL.to_vec(),
        };
        baqylau::service::accounts::set_role(&ctx, &caller, id, "agency_officer", Some(agency))
            .await
            .expect("officer role");
        token
    }

    /// The id of the agency with this code.
    pub async fn agency_id(&self, code: &str) -> i64 {
        let r = self.get(&format!("/api/v1/agencies?code={code}")).await;
        r.ok(200)["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("no agency {code}"))
    }

    /// Rebuild the app on the same database and clock with a changed configuration.
    pub fn reconfigure(&mut self, change: impl FnOnce(&mut Config)) {
        let mut config = (*self.app.state.config).clone();
        change(&mut config);
        self.app = App::with_parts(config, self.db.clone(), Arc::new(self.clock.clone()), self.search.clone());
        self.client = TestClient::new(self.app.endpoint());
    }

    /// An organisation created by `token`'s account: its id.
    pub async fn organization(&self, token: &str, name: &str, bin: &str) -> i64 {
        self.post_as(token, "/api/v1/organizations", json!({"name": name, "bin": bin})).await.ok(201)["id"]
            .as_i64()
            .expect("id")
    }
}

async fn create_postgres_database(admin_url: &str) -> (String, String) {
    let admin = Database::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is set but PostgreSQL is unreachable at {admin_url}: {e}"));
    let name = format!("baqylau_test_{}", uuid::Uuid::new_v4().simple());
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    admin.close().await.ok();
    (database_url(admin_url, &name), name)
}

fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url.split_once('?').map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.app.state.config.upload_dir);
        match &self.backend {
            Backend::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Backend::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; a fresh thread with its own runtime may block.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    rt.block_on(async {
                        let admin = Database::connect(&admin_url).await.ok()?;
                        admin
                            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .await
                            .ok()?;
                        admin.close().await.ok()
                    })
                })
                .join();
            }
        }
    }
}
