//! Engine-only search benchmark, for profiling: no HTTP, no database. It builds an embedded index
//! of the same deterministic corpus as `benches/search.rs` (or reopens one built before), then
//! runs the same query mix through `service::search::search` (engine, facets and snippets) and
//! prints the mean time per query by class. Under `valgrind --tool=callgrind` the instruction
//! counts are repeatable even on a busy machine.
//!
//! `BENCH_INDEX_DIR` (required): where the index lives; built when it holds none.
//! `BENCH_REPORTS` (100000), `BENCH_SEED`: the corpus, as in `benches/search.rs`.
//! `BENCH_PASSES` (3): passes over the mix; 0 opens the index, prepares the mix and stops (the
//! baseline for callgrind). `BENCH_CLASS`: only this class (`word`, `rare word`, `typo`, `phrase`, `filtered`).
//! `BENCH_COMPACT=1`: merge a prebuilt index into one segment first (one it builds always is, as
//! the app's outbox worker does after a bulk load); the memory is printed before and after.
//! `BENCH_DUMP`: a file to write each query's total, facets and hit ids to (from the first pass),
//! to check that a change to the engine leaves its answers alone.
//!
//! `BENCH_HTTP=1`: the whole server path of `GET /api/v1/search` instead of the service alone. The
//! app is built with `App::build` on `BENCH_INDEX_DIR`'s parent as its data directory (so the
//! index directory must be named `search`, as the app names it) with a SQLite database there, and
//! each query is a request through `App::endpoint` (edge, CORS, rate limit, HTTP cache, routing,
//! parameter parsing, the service, JSON), its body read to the end. Only hyper's parsing of the
//! request and the socket are left out. Under callgrind, `BENCH_WARMUP=1` runs one pass first that
//! is not timed, and every class of a measured pass ends in `class_done`, so
//! `valgrind --tool=callgrind --dump-before='*class_done*'` writes one profile per class.
#[allow(dead_code)]
#[path = "search/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "search/queries.rs"]
mod queries;
#[allow(dead_code)]
#[path = "search/vocab.rs"]
mod vocab;

use std::{
    collections::{HashMap, HashSet},
    path::PathBuf,
    time::{Duration, Instant},
};

use anyhow::Context;
use baqylau::{
    App,
    config::Config,
    search::{SearchDoc, SearchIndex, embedded::EmbeddedIndex},
    service::search::{SearchParams, search},
};
use poem::Endpoint;
use serde::Deserialize;
use serde_json::Value;

/// The server binary's allocator (`src/main.rs`), so that memory and speed are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_SEED: u64 = 20_130_101;
/// The outbox worker's batch: each one is a commit.
const BATCH: usize = 500;
/// Demo reports the real bench avoids; counted so that it creates as many agencies.
const DEMO_REPORTS: usize = 48;

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    region: Vec<RegionRow>,
    #[serde(default)]
    agency: Vec<AgencyRow>,
}

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    parent: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
}

#[derive(Deserialize)]
struct AgencyRow {
    code: String,
    kind: String,
    region: String,
    name_kk: String,
    name_ru: String,
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

fn load(file: &str) -> anyhow::Result<Content> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content").join(file);
    Ok(toml::from_str(&std::fs::read_to_string(&path).with_context(|| path.display().to_string())?)?)
}

/// What the publisher side of the app knows about an agency: id, kind, region and its parents.
struct Publisher {
    id: i64,
    kind: String,
    region: Option<String>,
    region_path: Vec<String>,
}

async fn build(index: &EmbeddedIndex, reports: usize, seed: u64) -> anyhow::Result<()> {
    let regions = load("regions.toml")?.region;
    let parent: HashMap<&str, &str> = regions.iter().map(|r| (r.code.as_str(), r.parent.as_str())).collect();
    let path_of = |code: &str| {
        let mut path = vec![code.to_string()];
        while let Some(p) = parent.get(path[path.len() - 1].as_str()).filter(|p| !p.is_empty() && path.len() < 8) {
            path.push(p.to_string());
        }
        path
    };
    let seeded = load("agencies.toml")?.agency;
    let bench_regions: Vec<corpus::Region> = regions
        .iter()
        .map(|r| corpus::Region {
            code: r.code.clone(),
            name_kk: r.name_kk.clone(),
            name_ru: r.name_ru.clone(),
            name_en: r.name_en.clone(),
        })
        .collect();
    let keys_per_agency = corpus::YEARS * corpus::LANGUAGES.len();
    let needed = ((reports + DEMO_REPORTS) as f64 * 1.02 / keys_per_agency as f64).ceil() as usize;
    let extra = corpus::bench_agencies(seed, needed.saturating_sub(seeded.len()), &bench_regions);
    let mut publishers = HashMap::new();
    let mut agencies = Vec::new();
    for (i, a) in seeded.iter().enumerate() {
        let region = Some(a.region.clone()).filter(|r| !r.is_empty());
        let region_path = region.as_deref().map(path_of).unwrap_or_default();
        publishers.insert(a.code.clone(), Publisher { id: i as i64 + 1, kind: a.kind.clone(), region, region_path });
        agencies.push(corpus::Agency { code: a.code.clone(), name_kk: a.name_kk.clone(), name_ru: a.name_ru.clone() });
    }
    for (i, a) in extra.iter().enumerate() {
        publishers.insert(
            a.code.clone(),
            Publisher {
                id: (seeded.len() + i) as i64 + 1,
                kind: "service_provider".into(),
                region: Some(a.region.clone()),
                region_path: path_of(&a.region),
            },
        );
        agencies.push(corpus::Agency { code: a.code.clone(), name_kk: a.name_kk.clone(), name_ru: a.name_ru.clone() });
    }
    agencies.sort_by(|a, b| a.code.cmp(&b.code));
    let corpus = corpus::Corpus::new(seed, agencies, &HashSet::new(), reports).map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    for start in (0..reports).step_by(BATCH) {
        let end = (start + BATCH).min(reports);
        let mut docs = Vec::with_capacity(end - start);
        for i in start..end {
            let v: Value = serde_json::from_str(&corpus.line(i).0)?;
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let p = &publishers[&s("agency")];
            let published = chrono::NaiveDate::parse_from_str(&s("published_on"), "%Y-%m-%d")?;
            docs.push(SearchDoc {
                id: format!("report-{}", i + 1),
                kind: "report".into(),
                title: s("title"),
                body: baqylau::markdown::to_text(&s("body_md")),
                agency_id: p.id,
                agency_kind: p.kind.clone(),
                region: p.region.clone(),
                region_path: p.region_path.clone(),
                year: v["year"].as_i64().unwrap_or_default() as i32,
                language: s("language"),
                published_at: published.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp()),
                url: format!("/api/v1/reports/{}", i + 1),
            });
        }
        index.upsert(docs).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        eprint!("\rindexed {end}/{reports}, {:.0} s", started.elapsed().as_secs_f64());
    }
    eprintln!();
    // As the app's outbox worker does once it has caught up with a bulk load.
    let t = Instant::now();
    let before = index.segment_count();
    index.compact().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!("{before} segments merged into {} in {:.1} s", index.segment_count(), t.elapsed().as_secs_f64());
    Ok(())
}

/// The process's memory from `/proc/self/status`: resident (anonymous and file-backed) and peak.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    ["VmRSS:", "RssAnon:", "RssFile:", "VmHWM:"]
        .iter()
        .filter_map(|k| status.lines().find(|l| l.starts_with(k)))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn params(url: &reqwest::Url) -> SearchParams {
    let mut p = SearchParams::default();
    for (k, v) in url.query_pairs() {
        let v = v.to_string();
        match k.as_ref() {
            "q" => p.q = Some(v),
            "limit" => p.limit = v.parse().ok(),
            "language" => p.language = Some(v),
            "year_from" => p.year_from = v.parse().ok(),
            "year_to" => p.year_to = v.parse().ok(),
            "region" => p.region = Some(v),
            "agency_kind" => p.agency_kind = Some(v),
            "sort" => p.sort = Some(v),
            "kind" => p.kind = Some(v),
            other => panic!("query parameter {other} is not handled"),
        }
    }
    p
}

/// The end of one class in a measured pass: callgrind's `--dump-before` hook.
#[inline(never)]
fn class_done(class: usize) {
    std::hint::black_box(class);
}

/// What one query answered: total, facets (as JSON) and hit ids in order.
struct Answer {
    total: u64,
    facets: String,
    ids: Vec<String>,
    /// Bytes of the HTTP body (0 for the service alone).
    body: usize,
}

/// The app as `serve` builds it, on the prebuilt index under `dir`'s parent.
async fn app_on(dir: &std::path::Path) -> anyhow::Result<poem::endpoint::BoxEndpoint<'static>> {
    anyhow::ensure!(
        dir.file_name().is_some_and(|n| n == "search"),
        "with BENCH_HTTP, BENCH_INDEX_DIR must end in /search"
    );
    let mut config = Config::from_env()?;
    config.data_dir = dir.parent().context("BENCH_INDEX_DIR has no parent")?.to_path_buf();
    config.database_url = None;
    config.seed_on_empty = false;
    // The limiter still counts every request; it just never refuses the bench's one client.
    config.rate_anon_per_min = u32::MAX;
    config.rate_key_per_min = u32::MAX;
    Ok(App::build(config).await?.endpoint())
}

async fn over_http(ep: &poem::endpoint::BoxEndpoint<'static>, url: &reqwest::Url) -> anyhow::Result<Answer> {
    let uri = format!("{}?{}", url.path(), url.query().unwrap_or(""));
    let req = poem::Request::builder().uri(uri.parse()?).finish();
    let resp = ep.call(req).await?;
    anyhow::ensure!(resp.status() == poem::http::StatusCode::OK, "HTTP {}", resp.status());
    let bytes = resp.into_body().into_bytes().await?;
    let v: Value = serde_json::from_slice(&bytes)?;
    let ids = v["hits"].as_array().map(|h| h.iter().map(|h| h["id"].as_str().unwrap_or("").to_string()).collect());
    Ok(Answer {
        total: v["total"].as_u64().unwrap_or(0),
        facets: serde_json::to_string(&v["facets"])?,
        ids: ids.unwrap_or_default(),
        body: bytes.len(),
    })
}

async fn in_service(index: &EmbeddedIndex, url: &reqwest::Url) -> anyhow::Result<Answer> {
    let found = search(index, params(url)).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(Answer {
        total: found.total,
        facets: serde_json::to_string(&found.facets)?,
        ids: found.hits.into_iter().map(|h| h.doc.id).collect(),
        body: 0,
    })
}

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(std::env::var("BENCH_INDEX_DIR").context("BENCH_INDEX_DIR names the index directory")?);
    let reports: usize = env_or("BENCH_REPORTS", 100_000)?;
    let seed: u64 = env_or("BENCH_SEED", DEFAULT_SEED)?;
    let passes: usize = env_or("BENCH_PASSES", 3)?;
    let warmup: usize = env_or("BENCH_WARMUP", 0)?;
    let http = env_or("BENCH_HTTP", 0u8)? == 1;
    let only = std::env::var("BENCH_CLASS").ok().filter(|c| !c.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    rt.block_on(async {
        let mut index = Some(EmbeddedIndex::open(Some(&dir)).map_err(|e| anyhow::anyhow!("{e}"))?);
        if let Some(idx) = &index {
            if idx.document_count() == 0 {
                build(idx, reports, seed).await?;
            }
            if env_or("BENCH_COMPACT", 0u8)? == 1 {
                eprintln!("before compacting: {}", memory());
                let before = idx.segment_count();
                idx.compact().await.map_err(|e| anyhow::anyhow!("{e}"))?;
                eprintln!("{before} segments merged into {}: {}", idx.segment_count(), memory());
            }
            eprintln!("{} documents in {}", idx.document_count(), dir.display());
        }
        let endpoint = if http {
            // The app opens the index itself; one writer per directory.
            index = None;
            Some(app_on(&dir).await?)
        } else {
            None
        };
        let qs = queries::all("http://127.0.0.1")?;
        if passes == 0 {
            return Ok(());
        }
        let mut qs: Vec<_> =
            qs.iter().filter(|q| only.as_deref().is_none_or(|c| queries::CLASSES[q.class] == c)).collect();
        // Class by class, so that callgrind can dump at each class's end.
        qs.sort_by_key(|q| q.class);
        let ask = async |q: &queries::Query| match (&endpoint, &index) {
            (Some(ep), _) => over_http(ep, &q.url).await.with_context(|| q.label.clone()),
            (None, Some(idx)) => in_service(idx, &q.url).await.with_context(|| q.label.clone()),
            (None, None) => unreachable!("either the app or the index is open"),
        };
        for _ in 0..warmup {
            for q in &qs {
                ask(q).await?;
            }
        }
        let mut time = [Duration::ZERO; queries::CLASSES.len()];
        let mut count = [0u32; queries::CLASSES.len()];
        let mut bytes = [0usize; queries::CLASSES.len()];
        let mut body = [0usize; queries::CLASSES.len()];
        let mut dump = String::new();
        // Everything before (opening, warming up) goes to a profile of its own.
        class_done(usize::MAX);
        for pass in 0..passes {
            for (i, q) in qs.iter().enumerate() {
                let t0 = Instant::now();
                let a = ask(q).await?;
                time[q.class] += t0.elapsed();
                count[q.class] += 1;
                if pass == 0 {
                    bytes[q.class] += a.facets.len();
                    body[q.class] += a.body;
                    dump.push_str(&format!("{}\ttotal {}\t{}\n\t{}\n", q.label, a.total, a.ids.join(" "), a.facets));
                }
                if qs.get(i + 1).is_none_or(|next| next.class != q.class) {
                    class_done(q.class);
                }
            }
        }
        for (c, name) in queries::CLASSES.iter().enumerate() {
            if count[c] > 0 {
                let per = |n: usize| n as f64 * passes as f64 / f64::from(count[c]) / 1024.0;
                println!(
                    "{name:>10}: {:7.2} ms per query, facets {:5.1} KiB, body {:5.1} KiB",
                    time[c].as_secs_f64() * 1000.0 / f64::from(count[c]),
                    per(bytes[c]),
                    per(body[c])
                );
            }
        }
        eprintln!("after the passes: {}", memory());
        if let Ok(path) = std::env::var("BENCH_DUMP") {
            std::fs::write(path, dump)?;
        }
        let n: u32 = count.iter().sum();
        println!(
            "       all: {:7.2} ms per query",
            time.iter().sum::<Duration>().as_secs_f64() * 1000.0 / f64::from(n)
        );
        Ok(())
    })
}
