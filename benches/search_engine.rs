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
//! `BENCH_DUMP`: a file to write each query's total, facets and hit ids to (from the first pass),
//! to check that a change to the engine leaves its answers alone.
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
    search::{SearchDoc, SearchIndex, embedded::EmbeddedIndex},
    service::search::{SearchParams, search},
};
use serde::Deserialize;
use serde_json::Value;

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
    Ok(())
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

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(std::env::var("BENCH_INDEX_DIR").context("BENCH_INDEX_DIR names the index directory")?);
    let reports: usize = env_or("BENCH_REPORTS", 100_000)?;
    let seed: u64 = env_or("BENCH_SEED", DEFAULT_SEED)?;
    let passes: usize = env_or("BENCH_PASSES", 3)?;
    let only = std::env::var("BENCH_CLASS").ok().filter(|c| !c.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    rt.block_on(async {
        let index = EmbeddedIndex::open(Some(&dir)).map_err(|e| anyhow::anyhow!("{e}"))?;
        if index.document_count() == 0 {
            build(&index, reports, seed).await?;
        }
        eprintln!("{} documents in {}", index.document_count(), dir.display());
        let qs = queries::all("http://127.0.0.1")?;
        if passes == 0 {
            return Ok(());
        }
        let qs: Vec<_> = qs.iter().filter(|q| only.as_deref().is_none_or(|c| queries::CLASSES[q.class] == c)).collect();
        let mut time = [Duration::ZERO; queries::CLASSES.len()];
        let mut count = [0u32; queries::CLASSES.len()];
        let mut bytes = [0usize; queries::CLASSES.len()];
        let mut dump = String::new();
        for pass in 0..passes {
            for q in &qs {
                let t0 = Instant::now();
                let found = search(&index, params(&q.url)).await.map_err(|e| anyhow::anyhow!("{}: {e:?}", q.label))?;
                let facets = serde_json::to_string(&found.facets)?;
                time[q.class] += t0.elapsed();
                count[q.class] += 1;
                if pass == 0 {
                    bytes[q.class] += facets.len();
                    let ids: Vec<&str> = found.hits.iter().map(|h| h.doc.id.as_str()).collect();
                    dump.push_str(&format!("{}\ttotal {}\t{}\n\t{facets}\n", q.label, found.total, ids.join(" ")));
                }
            }
        }
        for (c, name) in queries::CLASSES.iter().enumerate() {
            if count[c] > 0 {
                println!(
                    "{name:>10}: {:7.2} ms per query, facets {:5.1} KiB",
                    time[c].as_secs_f64() * 1000.0 / f64::from(count[c]),
                    bytes[c] as f64 * passes as f64 / f64::from(count[c]) / 1024.0
                );
            }
        }
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
