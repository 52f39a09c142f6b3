//! Searching the public documents: parameters checked, the query folded, the engine asked, and
//! snippets built from the stored text.
use std::time::Instant;

use crate::{
    domain::{directory::AgencyKind, directory::is_kato_code, reports::ReportLanguage, text::fold},
    error::{AppError, AppResult, Code},
    search::{
        Facets, Filters, MAX_DEPTH, SearchDoc, SearchIndex, SearchQuery, Sort, parse_query,
        snippet::{Matcher, snippet},
    },
};

pub const KINDS: &[&str] = &["report", "conclusion", "answer", "draft_act"];
const SNIPPET_WORDS: usize = 30;

#[derive(Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub agency: Option<i64>,
    pub agency_kind: Option<String>,
    pub region: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub language: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Any word may match (the published-check); not offered to API clients.
    pub loose: bool,
}

pub struct Hit {
    pub doc: SearchDoc,
    /// HTML: escaped text with `<mark>` around matched words.
    pub snippet: String,
}

pub struct Found {
    pub hits: Vec<Hit>,
    pub total: u64,
    pub facets: Facets,
    pub processing_time_ms: u64,
}

fn check(p: SearchParams) -> AppResult<SearchQuery> {
    let bad = AppError::invalid_parameter;
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(bad("limit", "must be between 1 and 100"));
    }
    let offset = p.offset.unwrap_or(0);
    if offset + limit > MAX_DEPTH as u64 {
        return Err(bad("offset", "offset + limit may reach 1000 at most; narrow the search with filters"));
    }
    let q = p.q.unwrap_or_default();
    if q.chars().count() > 500 {
        return Err(bad("q", "at most 500 characters"));
    }
    if let Some(k) = &p.kind
        && !KINDS.contains(&k.as_str())
    {
        return Err(bad("kind", "report, conclusion, answer or draft_act"));
    }
    if let Some(l) = &p.language
        && ReportLanguage::parse(l).is_none()
    {
        return Err(bad("language", "kk, ru or en"));
    }
    if let Some(k) = &p.agency_kind
        && AgencyKind::parse(k).is_none()
    {
        return Err(bad("agency_kind", "not a known agency kind"));
    }
    if let Some(r) = &p.region
        && !is_kato_code(r)
    {
        return Err(bad("region", "a KATO code has nine digits"));
    }
    if let (Some(a), Some(b)) = (p.year_from, p.year_to)
        && a > b
    {
        return Err(bad("year_to", "must not be before year_from"));
    }
    let sort = match p.sort.as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some(_) => return Err(bad("sort", "relevance or newest")),
    };
    Ok(SearchQuery {
        // A trailing space means the last word is finished (no prefix match), as in Meilisearch.
        q: fold(q.trim_start()),
        filters: Filters {
            kind: p.kind,
            agency_id: p.agency,
            agency_kind: p.agency_kind,
            region: p.region,
            year_from: p.year_from,
            year_to: p.year_to,
            language: p.language,
        },
        sort,
        offset: offset as usize,
        limit: limit as usize,
        loose: p.loose,
    })
}

#[tracing::instrument(skip_all)]
pub async fn search(index: &dyn SearchIndex, params: SearchParams) -> AppResult<Found> {
    let query = check(params)?;
    let started = Instant::now();
    let results = index.search(&query).await.map_err(|e| {
        tracing::warn!(error = %e, engine = index.engine(), "search failed");
        AppError::new(Code::SearchUnavailable)
    })?;
    let parsed = parse_query(&query.q);
    let mut matcher = Matcher::new(&parsed);
    let hits = results
        .hits
        .into_iter()
        .map(|doc| Hit { snippet: snippet(&doc.body, &mut matcher, SNIPPET_WORDS), doc })
        .collect();
    Ok(Found {
        hits,
        total: results.total,
        facets: results.facets,
        processing_time_ms: started.elapsed().as_millis() as u64,
    })
}
