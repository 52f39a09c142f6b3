//! Search benchmark: the real app in this process on a fresh SQLite database and the configured
//! search engine (embedded tantivy, or Meilisearch when `MEILI_URL` is set), fed a deterministic
//! corpus of reports over HTTP, then searched over HTTP by 1, 8 and 32 concurrent clients.
//!
//! `cargo bench --bench search`; knobs: `BENCH_REPORTS` (100000), `BENCH_SECONDS` per load level
//! (10), `BENCH_SEED`, `BENCH_CHUNK` (lines per bulk request, 2000), `BENCH_CLIENTS` ("1,8,32"),
//! `BENCH_ATTEMPTS` (3: a level that other processes competed with is measured again).
//! Progress goes to stderr; one Markdown table goes to stdout. See benches/README.md.
#[path = "search/corpus.rs"]
mod corpus;
#[path = "search/queries.rs"]
mod queries;
#[path = "search/vocab.rs"]
mod vocab;

use std::{
    collections::{HashMap, HashSet},
    net::{Ipv4Addr, SocketAddr, TcpListener},
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, bail, ensure};
use baqylau::{App, config::Config};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The server binary's allocator (`src/main.rs`), so that memory and speed are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ADMIN_EMAIL: &str = "bench@baqylau.test";
const ADMIN_PASSWORD: &str = "bench-password-0123456789";
const DEFAULT_SEED: u64 = 20_130_101;
/// How long to wait for the index to catch up with the import before giving up.
const INDEX_TIMEOUT: Duration = Duration::from_secs(4 * 3600);
/// How long to wait for the process to go idle (segment merges) before the load.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(300);
/// How long to wait before each load level for other work on the machine to stop.
const QUIET_TIMEOUT: Duration = Duration::from_secs(120);
/// Other processes' CPU (cores) above which a load level counts as disturbed.
const MAX_OTHER_CPU: f64 = 0.2;
const SEARCH_TIMEOUT: Duration = Duration::from_secs(30);

struct Settings {
    reports: usize,
    seconds: f64,
    seed: u64,
    chunk: usize,
    levels: Vec<usize>,
    attempts: usize,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map_err(|e| anyhow::anyhow!("{name}={v:?}: {e}")),
        _ => Ok(default),
    }
}

impl Settings {
    fn from_env() -> anyhow::Result<Self> {
        let levels: String = env_or("BENCH_CLIENTS", "1,8,32".to_string())?;
        let s = Settings {
            reports: env_or("BENCH_REPORTS", 100_000)?,
            seconds: env_or("BENCH_SECONDS", 10.0)?,
            seed: env_or("BENCH_SEED", DEFAULT_SEED)?,
            chunk: env_or("BENCH_CHUNK", 2000)?,
            levels: levels.split(',').map(|c| c.trim().parse()).collect::<Result<_, _>>()?,
            attempts: env_or("BENCH_ATTEMPTS", 3)?,
        };
        ensure!(
            s.chunk > 0 && s.seconds > 0.0 && s.levels.iter().all(|&c| c > 0) && s.attempts > 0,
            "bad BENCH_* settings"
        );
        Ok(s)
    }
}

/// The data directory, removed however the bench ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.0) {
            eprintln!("could not remove {}: {e}", self.0.display());
        }
    }
}

/// Memory of this process (server and bench driver), in KiB.
#[derive(Clone, Copy, Default)]
struct Memory {
    /// VmRSS: resident now, anonymous (heap, stacks) and file-backed (the index's mapped files).
    rss: u64,
    anon: u64,
    /// VmHWM: the most VmRSS has been.
    peak: u64,
}

fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Memory { rss: field("VmRSS:"), anon: field("RssAnon:"), peak: field("VmHWM:") }
}

/// CPU time of the whole process, in clock ticks (USER_HZ, 100 a second).
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 (utime, stime); `after` starts at field 3.
    f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

fn rss_cell(m: Memory) -> String {
    format!("{} ({})", mib(m.rss), mib(m.anon))
}

fn mib(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

fn main() {
    match run() {
        Ok(table) => print!("{table}"),
        Err(e) => {
            eprintln!("search bench failed: {e:#}");
            std::process::exit(1);
        }
    }
}

fn run() -> anyhow::Result<String> {
    let settings = Settings::from_env()?;
    // The app's own log lines, to stderr, only when asked for (`RUST_LOG=warn`): serving logs
    // nothing otherwise, which is what the figures are measured with.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    }
    let dir = std::env::temp_dir().join(format!("baqylau-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let dir = TempDir(dir);
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port();

    let mut config = Config::from_env()?;
    config.data_dir = dir.0.clone();
    config.database_url = None;
    config.addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    config.seed_on_empty = true;
    // The limiter still counts every request, as in production, but must not refuse the bench:
    // at the defaults (120 a minute per address, 600 per token) the searches from 127.0.0.1 and
    // the 3,817 agencies created with one token would be answered 429.
    config.rate_anon_per_min = u32::MAX;
    config.rate_key_per_min = u32::MAX;
    config.content_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    // A Meilisearch index of its own, deleted at the end, unless one is named explicitly.
    let own_meili_index = config.meili_url.is_some() && std::env::var("BAQYLAU_MEILI_INDEX").is_err();
    if own_meili_index {
        config.meili_index = format!("baqylau_bench_{}", uuid::Uuid::new_v4().simple());
    }
    let meili = config.meili_url.clone().map(|u| (u, config.meili_key.clone(), config.meili_index.clone()));

    // The server on its own runtime (as `serve` would run it); the clients on another.
    let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("server").build()?;
    let client_rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().thread_name("client").build()?;

    let started = Instant::now();
    let engine = server_rt.block_on(async {
        let app = App::build(config).await?;
        baqylau::service::accounts::create_admin(&app.state.cli_ctx(), ADMIN_EMAIL, "Bench", ADMIN_PASSWORD.into())
            .await
            .map_err(|e| anyhow::anyhow!("create_admin: {e}"))?;
        let engine = app.state.search.engine();
        tokio::spawn(async move {
            if let Err(e) = app.run_until_stopped().await {
                eprintln!("server stopped: {e}");
            }
        });
        anyhow::Ok(engine)
    })?;
    eprintln!("app built in {:.1} s on {}, engine {engine}", started.elapsed().as_secs_f64(), dir.0.display());

    // Interrupted or terminated, the bench still removes its data directory.
    let doomed = dir.0.clone();
    client_rt.spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
            return;
        };
        let code = tokio::select! {
            _ = term.recv() => 143,
            _ = int.recv() => 130,
        };
        eprintln!("\nstopped by a signal; removing {}", doomed.display());
        let _ = std::fs::remove_dir_all(&doomed);
        std::process::exit(code);
    });

    let base = format!("http://127.0.0.1:{port}");
    let result = client_rt.block_on(drive(&settings, &base, engine));

    client_rt.shutdown_timeout(Duration::from_secs(5));
    server_rt.shutdown_timeout(Duration::from_secs(10));
    if own_meili_index && let Some((url, key, uid)) = meili {
        delete_meili_index(&url, key.as_deref(), &uid);
    }
    drop(dir);
    result
}

fn delete_meili_index(url: &str, key: Option<&str>, uid: &str) {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return eprintln!("could not delete Meilisearch index {uid}: {e}"),
    };
    rt.block_on(async {
        let mut req = Client::new().delete(format!("{}/indexes/{uid}", url.trim_end_matches('/')));
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        match req.send().await {
            Ok(r) if r.status().is_success() => eprintln!("deleted Meilisearch index {uid}"),
            Ok(r) => eprintln!("could not delete Meilisearch index {uid}: {}", r.status()),
            Err(e) => eprintln!("could not delete Meilisearch index {uid}: {e}"),
        }
    });
}

async fn expect_json(resp: reqwest::Response, want: StatusCode, what: &str) -> anyhow::Result<Value> {
    let status = resp.status();
    let text = resp.text().await?;
    if status != want {
        bail!("{what}: HTTP {status}: {}", text.chars().take(2000).collect::<String>());
    }
    serde_json::from_str(&text).with_context(|| format!("{what}: not JSON"))
}

/// Every item of a cursor-paged list.
async fn all_pages(http: &Client, url: &str) -> anyhow::Result<Vec<Value>> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = http.get(url).query(&[("limit", "100")]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c)]);
        }
        let page = expect_json(req.send().await?, StatusCode::OK, url).await?;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return Ok(items),
        }
    }
}

fn str_of(v: &Value, key: &str) -> anyhow::Result<String> {
    v[key].as_str().map(str::to_string).with_context(|| format!("no {key} in {v}"))
}

struct Row {
    cells: [String; 13],
}

const HEADER: [&str; 13] = [
    "Phase",
    "Clients",
    "Queries",
    "Requests",
    "Errors",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "Throughput",
    "Time s",
    "VmRSS MiB (anonymous)",
    "VmHWM MiB",
    "CPU cores: bench / other",
];

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    f64::from(sorted[rank - 1]) / 1000.0
}

fn ms(v: f64) -> String {
    if v.is_nan() { "–".into() } else { format!("{v:.1}") }
}

struct LevelStats {
    clients: usize,
    elapsed: Duration,
    /// Per class: latencies of successful requests (µs), and errors.
    ok: Vec<Vec<u32>>,
    errors: Vec<u64>,
    error_samples: Vec<String>,
    memory: Memory,
    cpu: CpuUse,
    attempt: usize,
}

impl LevelStats {
    fn all_ok(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.ok.iter().flatten().copied().collect();
        v.sort_unstable();
        v
    }
}

async fn run_level(http: &Client, qs: Arc<Vec<queries::Query>>, clients: usize, seconds: f64) -> LevelStats {
    let start = Instant::now();
    let meter = CpuMeter::start();
    let deadline = start + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|t| {
            let http = http.clone();
            let qs = qs.clone();
            tokio::spawn(async move {
                let mut samples: Vec<(u8, u32, bool)> = Vec::with_capacity(4096);
                let mut errors = Vec::new();
                let mut i = t * qs.len() / clients;
                while Instant::now() < deadline {
                    let q = &qs[i % qs.len()];
                    i += 1;
                    let t0 = Instant::now();
                    let outcome = match http.get(q.url.clone()).send().await {
                        Ok(resp) => {
                            let status = resp.status();
                            match resp.bytes().await {
                                Ok(_) if status == StatusCode::OK => Ok(()),
                                Ok(b) => Err(format!("{status} for {}: {}", q.label, String::from_utf8_lossy(&b))),
                                Err(e) => Err(format!("reading the answer to {}: {e}", q.label)),
                            }
                        }
                        Err(e) => Err(format!("{}: {e}", q.label)),
                    };
                    let us = t0.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                    samples.push((q.class as u8, us, outcome.is_ok()));
                    if let Err(e) = outcome
                        && errors.len() < 3
                    {
                        errors.push(e);
                    }
                }
                (samples, errors)
            })
        })
        .collect();
    let mut ok = vec![Vec::new(); queries::CLASSES.len()];
    let mut errors = vec![0u64; queries::CLASSES.len()];
    let mut error_samples = Vec::new();
    for t in tasks {
        match t.await {
            Ok((samples, errs)) => {
                for (class, us, good) in samples {
                    if good {
                        ok[class as usize].push(us);
                    } else {
                        errors[class as usize] += 1;
                    }
                }
                error_samples.extend(errs);
            }
            Err(e) => error_samples.push(format!("client task failed: {e}")),
        }
    }
    let elapsed = start.elapsed();
    for v in &mut ok {
        v.sort_unstable();
    }
    LevelStats { clients, elapsed, ok, errors, error_samples, memory: memory(), cpu: meter.read(), attempt: 1 }
}

struct Import {
    requests: usize,
    created: u64,
    other: u64,
    refused: u64,
    refusals: Vec<String>,
    /// Lines refused as `not_stored` (the server failed to store them) and sent once more.
    resent: u64,
    resent_created: u64,
    latencies_us: Vec<u32>,
    bulk_time: Duration,
    total_time: Duration,
    bytes: usize,
    words: usize,
    hash: String,
    cpu: CpuUse,
}

/// A bulk request's answer, its duration, and the corpus index of each of its lines.
type Bulk = (Value, Duration, Vec<usize>);

async fn post_bulk(http: Client, url: String, token: String, body: Vec<u8>, lines: Vec<usize>) -> anyhow::Result<Bulk> {
    let t0 = Instant::now();
    let resp = http
        .post(&url)
        .bearer_auth(&token)
        .header(reqwest::header::CONTENT_TYPE, "application/x-ndjson")
        .body(body)
        .send()
        .await?;
    let v = expect_json(resp, StatusCode::OK, "POST /api/v1/reports/bulk").await?;
    Ok((v, t0.elapsed(), lines))
}

fn refused_cell(imp: &Import) -> String {
    if imp.resent == 0 {
        format!("{} refused", imp.refused)
    } else {
        format!("{} refused (not_stored; {} created when re-sent)", imp.refused, imp.resent_created)
    }
}

async fn backlog(http: &Client, base: &str) -> anyhow::Result<Option<u64>> {
    let v = expect_json(http.get(format!("{base}/readyz")).send().await?, StatusCode::OK, "GET /readyz").await?;
    Ok(v["checks"]["search_backlog"].as_u64())
}

async fn import(
    http: &Client,
    base: &str,
    token: &str,
    corpus: Arc<corpus::Corpus>,
    chunk: usize,
) -> anyhow::Result<Import> {
    let url = format!("{base}/api/v1/reports/bulk");
    let n = corpus.len();
    let mut imp = Import {
        requests: 0,
        created: 0,
        other: 0,
        refused: 0,
        refusals: Vec::new(),
        resent: 0,
        resent_created: 0,
        latencies_us: Vec::new(),
        bulk_time: Duration::ZERO,
        total_time: Duration::ZERO,
        bytes: 0,
        words: 0,
        hash: String::new(),
        cpu: CpuUse { own: 0.0, other: 0.0 },
    };
    let mut hasher = Sha256::new();
    // Corpus indexes of lines the server could not store, to send once more at the end.
    let mut not_stored: Vec<usize> = Vec::new();
    let mut account = |imp: &mut Import, (v, took, lines): Bulk| {
        let t = &v["totals"];
        let get = |k: &str| t[k].as_u64().unwrap_or(0);
        imp.created += get("created");
        imp.other += get("updated") + get("unchanged");
        imp.refused += get("refused");
        imp.latencies_us.push(took.as_micros() as u32);
        for line in v["lines"].as_array().into_iter().flatten() {
            if line["status"] != "refused" {
                continue;
            }
            if imp.refusals.len() < 3 {
                imp.refusals.push(line.to_string());
            }
            let index = line["line"].as_u64().and_then(|l| lines.get(l as usize - 1).copied());
            if let (Some(i), true) = (index, line["errors"][0]["code"] == "not_stored") {
                not_stored.push(i);
            }
        }
    };
    if n > 0 {
        let sample: Value = serde_json::from_str(&corpus.line(0).0)?;
        let body = sample["body_md"].as_str().unwrap_or("");
        eprintln!("first report: {}\n{}\n…", sample["title"], body.chars().take(700).collect::<String>());
    }
    let started = Instant::now();
    let meter = CpuMeter::start();
    let mut inflight: Option<tokio::task::JoinHandle<anyhow::Result<Bulk>>> = None;
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        let c = corpus.clone();
        // Generate the next chunk while the previous one is being stored.
        let (body, words) = tokio::task::spawn_blocking(move || c.chunk(start, end)).await?;
        hasher.update(&body);
        imp.bytes += body.len();
        imp.words += words;
        if let Some(h) = inflight.take() {
            account(&mut imp, h.await??);
        }
        let lines = (start..end).collect();
        inflight = Some(tokio::spawn(post_bulk(http.clone(), url.clone(), token.to_string(), body, lines)));
        imp.requests += 1;
        eprint!("\rimport: {end}/{n} sent, {:.0} s", started.elapsed().as_secs_f64());
        start = end;
    }
    if let Some(h) = inflight.take() {
        account(&mut imp, h.await??);
    }
    // What a client told "not stored, try again" does: send those lines once more, and count them.
    let resend = std::mem::take(&mut not_stored);
    for part in resend.chunks(chunk) {
        let mut body = Vec::new();
        for &i in part {
            body.extend_from_slice(corpus.line(i).0.as_bytes());
            body.push(b'\n');
        }
        let (v, took, _) = post_bulk(http.clone(), url.clone(), token.to_string(), body, part.to_vec()).await?;
        imp.requests += 1;
        imp.latencies_us.push(took.as_micros() as u32);
        imp.resent += part.len() as u64;
        imp.resent_created += v["totals"]["created"].as_u64().unwrap_or(0);
        imp.created += v["totals"]["created"].as_u64().unwrap_or(0);
    }
    if !resend.is_empty() {
        eprintln!("\nimport: {} lines not stored, sent again: {} created", imp.resent, imp.resent_created);
    }
    imp.bulk_time = started.elapsed();
    eprintln!("\nimport: bulk requests done in {:.1} s; waiting for the index", imp.bulk_time.as_secs_f64());
    loop {
        match backlog(http, base).await? {
            Some(0) => break,
            Some(left) => eprint!("\rindexing: {left} outbox rows left, {:.0} s   ", started.elapsed().as_secs_f64()),
            None => eprint!("\rindexing: backlog unknown, {:.0} s   ", started.elapsed().as_secs_f64()),
        }
        ensure!(started.elapsed() < INDEX_TIMEOUT, "the search backlog did not reach 0 in {INDEX_TIMEOUT:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    imp.total_time = started.elapsed();
    imp.cpu = meter.read();
    eprintln!("\nimport + indexing: {:.1} s", imp.total_time.as_secs_f64());
    imp.hash = hex::encode(hasher.finalize());
    imp.latencies_us.sort_unstable();
    Ok(imp)
}

/// Busy CPU time of the whole machine, in clock ticks (all CPUs, without idle and iowait).
fn machine_busy_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let f: Vec<u64> =
        stat.lines().next().unwrap_or("").split_whitespace().skip(1).take(8).filter_map(|v| v.parse().ok()).collect();
    let idle = f.get(3).copied().unwrap_or(0) + f.get(4).copied().unwrap_or(0);
    f.iter().sum::<u64>().saturating_sub(idle)
}

/// CPU used over a phase, in cores: by this process, and by everything else on the machine.
#[derive(Clone, Copy)]
struct CpuUse {
    own: f64,
    other: f64,
}

struct CpuMeter {
    at: Instant,
    own: u64,
    busy: u64,
}

impl CpuMeter {
    fn start() -> Self {
        CpuMeter { at: Instant::now(), own: cpu_ticks(), busy: machine_busy_ticks() }
    }

    fn read(&self) -> CpuUse {
        let secs = self.at.elapsed().as_secs_f64().max(1e-3);
        let own = cpu_ticks().saturating_sub(self.own) as f64;
        let busy = machine_busy_ticks().saturating_sub(self.busy) as f64;
        CpuUse { own: own / 100.0 / secs, other: (busy - own).max(0.0) / 100.0 / secs }
    }
}

fn cpu_cell(c: CpuUse) -> String {
    format!("{:.2} / {:.2}", c.own, c.other)
}

/// Wait, at most `limit`, until the whole machine is quiet (under a tenth of a core busy for two
/// seconds in a row): index merges done here, and no other work competing with the load.
async fn settle(limit: Duration) -> Duration {
    let started = Instant::now();
    let mut quiet = 0;
    while quiet < 2 && started.elapsed() < limit {
        let before = machine_busy_ticks();
        tokio::time::sleep(Duration::from_secs(1)).await;
        quiet = if machine_busy_ticks().saturating_sub(before) <= 10 { quiet + 1 } else { 0 };
    }
    started.elapsed()
}

async fn drive(s: &Settings, base: &str, engine: &str) -> anyhow::Result<String> {
    let http = Client::builder().no_proxy().tcp_nodelay(true).timeout(Duration::from_secs(3600)).build()?;
    let up = Instant::now();
    loop {
        match http.get(format!("{base}/healthz")).send().await {
            Ok(r) if r.status() == StatusCode::OK => break,
            _ if up.elapsed() > Duration::from_secs(60) => bail!("the server did not come up on {base}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await?;
    let token = str_of(&expect_json(login, StatusCode::OK, "login").await?, "token")?;

    // The directory as seeded from content/, and the demo reports' keys, which the corpus avoids.
    let regions_json =
        expect_json(http.get(format!("{base}/api/v1/regions")).send().await?, StatusCode::OK, "GET regions").await?;
    let regions: Vec<corpus::Region> = regions_json
        .as_array()
        .context("regions: not a list")?
        .iter()
        .map(|r| {
            Ok(corpus::Region {
                code: str_of(r, "code")?,
                name_kk: str_of(r, "name_kk")?,
                name_ru: str_of(r, "name_ru")?,
                name_en: str_of(r, "name_en")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let seeded = all_pages(&http, &format!("{base}/api/v1/agencies")).await?;
    let code_of: HashMap<i64, String> =
        seeded.iter().filter_map(|a| Some((a["id"].as_i64()?, a["code"].as_str()?.to_string()))).collect();
    let mut taken = HashSet::new();
    for r in all_pages(&http, &format!("{base}/api/v1/reports")).await? {
        let code = r["agency_id"].as_i64().and_then(|id| code_of.get(&id)).context("a report of an unknown agency")?;
        taken.insert((code.clone(), r["year"].as_i64().unwrap_or(0) as i32, str_of(&r, "language")?));
    }

    // The seeded demo reports are indexed first, so that setup does not race the outbox worker.
    let t0 = Instant::now();
    while backlog(&http, base).await? != Some(0) {
        ensure!(t0.elapsed() < Duration::from_secs(120), "the demo reports were not indexed in 2 minutes");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Enough extra service providers for one report per agency, year and language (kk, ru).
    let keys_per_agency = corpus::YEARS * corpus::LANGUAGES.len();
    let needed = ((s.reports + taken.len()) as f64 * 1.02 / keys_per_agency as f64).ceil() as usize;
    let extra = corpus::bench_agencies(s.seed, needed.saturating_sub(seeded.len()), &regions);
    let t0 = Instant::now();
    for (i, a) in extra.iter().enumerate() {
        let body = json!({"code": a.code, "kind": "service_provider", "region": a.region,
                          "name_kk": a.name_kk, "name_ru": a.name_ru, "name_en": a.name_en});
        let resp = http.post(format!("{base}/api/v1/agencies")).bearer_auth(&token).json(&body).send().await?;
        expect_json(resp, StatusCode::CREATED, "POST /api/v1/agencies").await?;
        if i % 100 == 99 {
            eprint!("\ragencies: {}/{}", i + 1, extra.len());
        }
    }
    let agencies_time = t0.elapsed();
    eprintln!("\nagencies: {} created in {:.1} s", extra.len(), agencies_time.as_secs_f64());
    let mut agencies: Vec<corpus::Agency> = seeded
        .iter()
        .map(|a| {
            Ok(corpus::Agency {
                code: str_of(a, "code")?,
                name_kk: str_of(a, "name_kk")?,
                name_ru: str_of(a, "name_ru")?,
            })
        })
        .chain(extra.iter().map(|a| {
            Ok(corpus::Agency { code: a.code.clone(), name_kk: a.name_kk.clone(), name_ru: a.name_ru.clone() })
        }))
        .collect::<anyhow::Result<_>>()?;
    agencies.sort_by(|a, b| a.code.cmp(&b.code));
    let agency_count = agencies.len();
    let corpus = Arc::new(corpus::Corpus::new(s.seed, agencies, &taken, s.reports).map_err(anyhow::Error::msg)?);

    let imp = import(&http, base, &token, corpus, s.chunk).await?;
    let mem_import = memory();
    let settled = settle(SETTLE_TIMEOUT).await;
    let m = memory();
    eprintln!(
        "settled for {:.0} s; memory: VmRSS {} MiB, anonymous {} MiB, VmHWM {} MiB",
        settled.as_secs_f64(),
        mib(m.rss),
        mib(m.anon),
        mib(m.peak)
    );

    // One pass over the mix: every query must answer, and should find something.
    let search_http =
        Client::builder().no_proxy().tcp_nodelay(true).pool_max_idle_per_host(256).timeout(SEARCH_TIMEOUT).build()?;
    let qs = Arc::new(queries::all(base)?);
    let mut empty = Vec::new();
    let mut totals = vec![0u64; queries::CLASSES.len()];
    let mut sizes = vec![0usize; queries::CLASSES.len()];
    for q in qs.iter() {
        let resp = search_http.get(q.url.clone()).send().await?;
        let status = resp.status();
        let text = resp.text().await?;
        ensure!(
            status == StatusCode::OK,
            "{}: HTTP {status}: {}",
            q.label,
            text.chars().take(2000).collect::<String>()
        );
        sizes[q.class] += text.len();
        let v: Value = serde_json::from_str(&text)?;
        let total = v["total"].as_u64().unwrap_or(0);
        totals[q.class] += total;
        if total == 0 {
            empty.push(q.label.clone());
        }
    }
    if !empty.is_empty() {
        eprintln!("queries that found nothing: {empty:?}");
    }

    let mut levels = Vec::new();
    for &c in &s.levels {
        // A level that other work on the machine competed with is measured again, a few times at most.
        let mut attempt = 0;
        let l = loop {
            attempt += 1;
            let waited = settle(QUIET_TIMEOUT).await;
            eprintln!(
                "load: {c} clients for {} s, attempt {attempt} (waited {:.0} s for a quiet machine)",
                s.seconds,
                waited.as_secs_f64()
            );
            let mut l = run_level(&search_http, qs.clone(), c, s.seconds).await;
            l.attempt = attempt;
            if l.cpu.other <= MAX_OTHER_CPU || attempt >= s.attempts {
                break l;
            }
            eprintln!("  other processes used {:.2} cores meanwhile: measuring again", l.cpu.other);
        };
        for e in &l.error_samples {
            eprintln!("  error: {}", e.chars().take(500).collect::<String>());
        }
        levels.push(l);
    }

    // The table.
    let mut rows = Vec::new();
    let dash = || "–".to_string();
    let per_class: Vec<usize> =
        (0..queries::CLASSES.len()).map(|c| qs.iter().filter(|q| q.class == c).count()).collect();
    rows.push(Row {
        cells: [
            format!("create {} extra agencies", extra.len()),
            "1".into(),
            "POST /agencies".into(),
            extra.len().to_string(),
            "0".into(),
            dash(),
            dash(),
            dash(),
            format!("{:.0} req/s", extra.len() as f64 / agencies_time.as_secs_f64().max(1e-9)),
            format!("{:.1}", agencies_time.as_secs_f64()),
            dash(),
            dash(),
            dash(),
        ],
    });
    let l = &imp.latencies_us;
    rows.push(Row {
        cells: [
            format!("bulk import, {} lines per request", s.chunk),
            "1".into(),
            "POST /reports/bulk".into(),
            imp.requests.to_string(),
            refused_cell(&imp),
            ms(percentile(l, 0.5)),
            ms(percentile(l, 0.95)),
            ms(percentile(l, 0.99)),
            format!("{:.0} docs/s", imp.created as f64 / imp.bulk_time.as_secs_f64()),
            format!("{:.1}", imp.bulk_time.as_secs_f64()),
            dash(),
            dash(),
            dash(),
        ],
    });
    rows.push(Row {
        cells: [
            format!("**import + indexing, {} reports**", s.reports),
            "1".into(),
            "until search_backlog = 0".into(),
            format!("{} created", imp.created),
            refused_cell(&imp),
            dash(),
            dash(),
            dash(),
            format!("**{:.0} docs/s**", imp.created as f64 / imp.total_time.as_secs_f64()),
            format!("**{:.1}**", imp.total_time.as_secs_f64()),
            rss_cell(mem_import),
            mib(mem_import.peak),
            cpu_cell(imp.cpu),
        ],
    });
    for lv in &levels {
        let secs = lv.elapsed.as_secs_f64();
        for (c, name) in queries::CLASSES.iter().enumerate() {
            let v = &lv.ok[c];
            rows.push(Row {
                cells: [
                    "search".into(),
                    lv.clients.to_string(),
                    format!(
                        "{name} ({}, ~{} hits, {:.0} KiB)",
                        per_class[c],
                        totals[c] / per_class[c].max(1) as u64,
                        sizes[c] as f64 / per_class[c].max(1) as f64 / 1024.0
                    ),
                    (v.len() as u64 + lv.errors[c]).to_string(),
                    lv.errors[c].to_string(),
                    ms(percentile(v, 0.5)),
                    ms(percentile(v, 0.95)),
                    ms(percentile(v, 0.99)),
                    format!("{:.0} req/s", v.len() as f64 / secs),
                    format!("{secs:.1}"),
                    dash(),
                    dash(),
                    dash(),
                ],
            });
        }
        let all = lv.all_ok();
        let errs: u64 = lv.errors.iter().sum();
        rows.push(Row {
            cells: [
                "**search, all**".into(),
                format!("**{}**", lv.clients),
                format!("all ({})", qs.len()),
                (all.len() as u64 + errs).to_string(),
                errs.to_string(),
                ms(percentile(&all, 0.5)),
                format!("**{}**", ms(percentile(&all, 0.95))),
                ms(percentile(&all, 0.99)),
                format!("**{:.0} req/s**", all.len() as f64 / secs),
                format!("{secs:.1}"),
                rss_cell(lv.memory),
                mib(lv.memory.peak),
                if lv.attempt > 1 {
                    format!("{} (attempt {})", cpu_cell(lv.cpu), lv.attempt)
                } else {
                    cpu_cell(lv.cpu)
                },
            ],
        });
    }

    let mut out = String::new();
    let avg_words = imp.words as f64 / s.reports.max(1) as f64;
    out.push_str(&format!(
        "Engine `{engine}`; {} reports (kk and ru, {} agencies, years {}-{}), seed {}, corpus sha256 {}, {:.0} MiB of NDJSON, {avg_words:.0} body words per report on average; load {} s per level; settled {:.0} s after indexing (CPU cores: this process / the rest of the machine); queries with no hits: {}.\n\n",
        s.reports,
        agency_count,
        corpus::FIRST_YEAR,
        corpus::LAST_YEAR,
        s.seed,
        &imp.hash[..16],
        imp.bytes as f64 / (1 << 20) as f64,
        s.seconds,
        settled.as_secs_f64(),
        if empty.is_empty() { "none".to_string() } else { empty.join(", ") },
    ));
    out.push_str(&format!("| {} |\n", HEADER.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        HEADER.iter().enumerate().map(|(i, _)| if i < 3 { "---|" } else { "---:|" }).collect::<String>()
    ));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.cells.join(" | ")));
    }
    if imp.refused > 0 || imp.other > 0 {
        out.push_str(&format!(
            "\nImport: {} lines refused when first sent, {} of them `not_stored` and sent again ({} created then); {} lines updated or unchanged; first refusal: {}\n",
            imp.refused,
            imp.resent,
            imp.resent_created,
            imp.other,
            imp.refusals.first().map_or("–", String::as_str),
        ));
    }
    Ok(out)
}
