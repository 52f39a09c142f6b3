//! Full-text search over the portal's public documents (reports now; conclusions, answers and
//! draft acts through the same index later). Two engines behind one trait: Meilisearch in
//! production (`MEILI_URL`), an embedded tantivy index otherwise, held to the same behaviour by one
//! conformance suite (`tests/search`).
//!
//! Both engines see folded text (`domain::text::fold`): Meilisearch does not fold Kazakh letters
//! into their Russian-keyboard stand-ins nor `ё` into `е` (ARCHITECTURE, "Storage and search"), so
//! documents carry folded copies and queries are folded the same way before they reach an engine.
//! Snippets are built here from the stored text, never from an engine's HTML.
pub mod embedded;
pub mod meili;
pub mod snippet;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Word cutting is pure text and lives in `domain::text`; the engines and snippets use it from here.
pub use crate::domain::text::{is_word_char, words};

/// A public document as the index holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// `<kind>-<entity id>`, e.g. `report-42`.
    pub id: String,
    /// `report`, `conclusion`, `answer`, `draft_act`.
    pub kind: String,
    pub title: String,
    /// Plain text (Markdown already rendered to text).
    pub body: String,
    pub agency_id: i64,
    pub agency_kind: String,
    /// KATO code of the agency's territory, if it has one.
    pub region: Option<String>,
    /// `region` and every KATO unit that contains it, so a filter on an oblast finds its districts.
    pub region_path: Vec<String>,
    pub year: i32,
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// Unix seconds; newest first sorts on it.
    pub published_at: i64,
    /// The record's API path.
    pub url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub kind: Option<String>,
    pub agency_id: Option<i64>,
    pub agency_kind: Option<String>,
    /// A KATO code: matches documents whose `region_path` contains it.
    pub region: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub language: Option<String>,
}

/// What an engine is asked. `q` is already folded; quoted phrases keep their quotes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    pub q: String,
    pub filters: Filters,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Any word may match, documents matching more words first (for "is this already
    /// published?", where a whole request never matches word for word). Normally every word must.
    pub loose: bool,
}

/// Counts of matching documents per value of each facet, over all matches (not just the page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub agency: BTreeMap<String, u64>,
    pub region: BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    pub kind: BTreeMap<String, u64>,
    pub language: BTreeMap<String, u64>,
}

/// At most this many values per facet, those with the most matches (ties by value), on every
/// engine. Meilisearch does the same with `maxValuesPerFacet` and `sortFacetValuesBy: count`; a
/// facet of 3,925 agencies is a list people scroll, not read, and its weight would dominate every
/// response to a common word.
pub const MAX_VALUES_PER_FACET: usize = 100;

pub(crate) fn top_values(map: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    if map.len() <= MAX_VALUES_PER_FACET {
        return map;
    }
    let mut pairs: Vec<(String, u64)> = map.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs.truncate(MAX_VALUES_PER_FACET);
    pairs.into_iter().collect()
}

impl Facets {
    /// Keep the `MAX_VALUES_PER_FACET` values with the most matches in each facet.
    pub fn capped(self) -> Facets {
        Facets {
            agency: top_values(self.agency),
            region: top_values(self.region),
            year: top_values(self.year),
            kind: top_values(self.kind),
            language: top_values(self.language),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    /// The page of matching documents, in order.
    pub hits: Vec<SearchDoc>,
    /// Every match, exactly.
    pub total: u64,
    pub facets: Facets,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine cannot be reached or failed; writes go on and the outbox retries.
    #[error("search engine unavailable: {0}")]
    Unavailable(String),
    #[error("search engine refused the request: {0}")]
    Rejected(String),
}

/// The deepest a client may page: offset + limit.
pub const MAX_DEPTH: usize = 1000;

/// The engine the portal searches with.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync + 'static {
    /// `meilisearch` or `embedded`.
    fn engine(&self) -> &'static str;
    /// Apply the index settings; idempotent, run at start.
    async fn ensure_settings(&self) -> Result<(), SearchError>;
    /// Add or replace documents by id; visible to `search` when this returns.
    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError>;
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError>;
    /// Remove every document (before a full reindex).
    async fn clear(&self) -> Result<(), SearchError>;
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;
    async fn health(&self) -> Result<(), SearchError>;
    /// Whether the index holds no document, where the engine can tell cheaply; a rebuild follows.
    async fn is_empty(&self) -> Result<Option<bool>, SearchError> {
        Ok(None)
    }
    /// Tidy the index after a large batch of writes, where the engine needs telling (the embedded
    /// one merges its segments; Meilisearch keeps itself in shape). Searches go on meanwhile.
    async fn compact(&self) -> Result<(), SearchError> {
        Ok(())
    }
}

/// Meilisearch's default typo budget, which both engines follow: none below 5 letters, one from 5,
/// two from 9.
pub fn typo_budget(word_len: usize) -> u8 {
    match word_len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// A query split into words and quoted phrases (both folded), the last free word marked for prefix
/// matching as people type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub words: Vec<String>,
    pub phrases: Vec<Vec<String>>,
    /// Whether the last of `words` may match as a prefix (it was not followed by a space).
    pub last_is_prefix: bool,
}

pub fn parse_query(folded: &str) -> ParsedQuery {
    let mut p = ParsedQuery::default();
    let mut rest = folded;
    let mut free = String::new();
    while let Some(start) = rest.find('"') {
        free.push_str(&rest[..start]);
        free.push(' ');
        let after = &rest[start + 1..];
        match after.find('"') {
            Some(end) => {
                let phrase: Vec<String> = words(&after[..end]).map(|(_, w)| w.to_string()).collect();
                match phrase.len() {
                    0 => {}
                    1 => free.push_str(&phrase[0]),
                    _ => p.phrases.push(phrase),
                }
                free.push(' ');
                rest = &after[end + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    free.push_str(rest);
    p.words = words(&free).map(|(_, w)| w.to_string()).collect();
    p.last_is_prefix = !p.words.is_empty() && free.trim_end().len() == free.len() && !folded.trim_end().ends_with('"');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_keep_the_values_with_most_matches() {
        let mut agency = BTreeMap::new();
        for i in 0..(MAX_VALUES_PER_FACET as u64 + 20) {
            agency.insert(format!("{i:04}"), i % 7 + 1);
        }
        let capped = Facets { agency: agency.clone(), ..Default::default() }.capped();
        assert_eq!(capped.agency.len(), MAX_VALUES_PER_FACET);
        let smallest_kept = capped.agency.values().min().copied().unwrap();
        let dropped: Vec<u64> =
            agency.iter().filter(|(k, _)| !capped.agency.contains_key(*k)).map(|(_, v)| *v).collect();
        assert!(dropped.iter().all(|d| *d <= smallest_kept), "only smaller counts are dropped");
        assert_eq!(capped.agency.get("0006"), Some(&7), "kept with its exact count");
    }

    #[test]
    fn queries_split_into_words_and_phrases() {
        let p = parse_query("мемлекеттик \"жер учаскесин беру\" кызм");
        assert_eq!(p.words, ["мемлекеттик", "кызм"]);
        assert_eq!(p.phrases, [vec!["жер", "учаскесин", "беру"]]);
        assert!(p.last_is_prefix);
        assert!(!parse_query("кызмет ").last_is_prefix);
        assert!(!parse_query("\"а б\"").last_is_prefix);
        assert_eq!(parse_query("\"unclosed phrase").words, ["unclosed", "phrase"]);
    }

    #[test]
    fn typo_budget_follows_meilisearch() {
        assert_eq!(typo_budget(4), 0);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(9), 2);
    }
}
