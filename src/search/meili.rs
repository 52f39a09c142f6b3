//! The Meilisearch engine. Documents carry folded copies of title and body, and only those are
//! searchable: Meilisearch's own normalisation does not fold Kazakh letters (see `super`), so the
//! originals are kept for display and snippets only.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as SdkError, ErrorCode, ErrorType};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{
    FacetSortValue, FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};

use super::{Facets, Filters, MAX_DEPTH, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, Sort};
use crate::domain::text::fold;

const PRIMARY_KEY: &str = "id";

/// Title before body: Meilisearch's `attribute` rule ranks earlier attributes higher.
const SEARCHABLE: [&str; 2] = ["title_folded", "body_folded"];
const FILTERABLE: [&str; 7] = ["kind", "agency_id", "agency_kind", "region", "region_path", "year", "language"];
const SORTABLE: [&str; 2] = ["published_at", "year"];
/// Every `SearchDoc` field and nothing else, so hits come back without the folded copies.
const DISPLAYED: [&str; 12] = [
    "id",
    "kind",
    "title",
    "body",
    "agency_id",
    "agency_kind",
    "region",
    "region_path",
    "year",
    "language",
    "published_at",
    "url",
];
const FACETS: [&str; 5] = ["agency_id", "region", "year", "kind", "language"];
const NEWEST_FIRST: [&str; 1] = ["published_at:desc"];

/// The SDK's HTTP client has no timeout of its own: without this a hung server would hang the
/// caller (and the outbox worker) forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const TASK_POLL: Duration = Duration::from_millis(50);
const TASK_TIMEOUT: Duration = Duration::from_secs(30);
/// A settings change can make Meilisearch reindex everything, which takes longer than a batch of
/// documents; running out of time is harmless (the task goes on, the next start re-applies).
const SETTINGS_TASK_TIMEOUT: Duration = Duration::from_secs(120);

pub struct MeiliIndex {
    client: Client,
    index_uid: String,
}

/// What is stored: the document plus the folded copies that are actually searched.
#[derive(Serialize, Deserialize)]
struct MeiliDoc {
    #[serde(flatten)]
    doc: SearchDoc,
    title_folded: String,
    body_folded: String,
}

impl From<SearchDoc> for MeiliDoc {
    fn from(doc: SearchDoc) -> Self {
        MeiliDoc { title_folded: fold(&doc.title), body_folded: fold(&doc.body), doc }
    }
}

impl MeiliIndex {
    /// `url` like http://127.0.0.1:7700, `key` optional master/API key, `index_uid` e.g. "baqylau_documents".
    pub fn new(url: &str, key: Option<&str>, index_uid: &str) -> Result<Self, SearchError> {
        // The SDK builds paths by appending to the host, so a trailing slash would double up.
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SearchError::Rejected(format!("Meilisearch URL must start with http:// or https://: {url:?}")));
        }
        // The SDK panics building the Authorization header from a key an HTTP header cannot carry
        // (a stray newline from a secrets file is enough), so refuse it here instead.
        if let Some(key) = key
            && !key.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        {
            return Err(SearchError::Rejected(
                "Meilisearch API key contains characters not allowed in an HTTP header".into(),
            ));
        }
        // The uid goes into request paths unescaped.
        if index_uid.is_empty()
            || index_uid.len() > 400
            || !index_uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(SearchError::Rejected(format!("invalid Meilisearch index uid {index_uid:?}")));
        }
        let client = Client::new(url, key).map_err(sdk_error)?;
        Ok(MeiliIndex { client, index_uid: index_uid.to_string() })
    }

    fn index(&self) -> Index {
        self.client.index(&self.index_uid)
    }

    /// Polls the task to its end; a failed task is returned, not turned into an error, so callers
    /// can accept some failures (an index that already exists).
    async fn wait(&self, task: TaskInfo, timeout: Duration) -> Result<Task, SearchError> {
        // The SDK counts only its sleeps towards `timeout`, not the polls, so bound the whole wait too.
        let polled = tokio::time::timeout(
            timeout + REQUEST_TIMEOUT,
            self.client.wait_for_task(task, Some(TASK_POLL), Some(timeout)),
        )
        .await;
        match polled {
            Ok(result) => result.map_err(sdk_error),
            Err(_) => Err(SearchError::Unavailable("timed out waiting for a Meilisearch task".into())),
        }
    }

    async fn wait_ok(&self, task: TaskInfo, timeout: Duration) -> Result<(), SearchError> {
        match self.wait(task, timeout).await? {
            Task::Succeeded { .. } => Ok(()),
            Task::Failed { content } => Err(SearchError::Rejected(content.error.to_string())),
            Task::Enqueued { .. } | Task::Processing { .. } => {
                Err(SearchError::Unavailable("Meilisearch task did not finish".into()))
            }
        }
    }
}

fn settings() -> Settings {
    Settings::new()
        // `sort` first: when a client asks for the newest, dates decide, as in the embedded
        // engine; without a sort the rule does nothing and relevance decides.
        .with_ranking_rules(["sort", "words", "typo", "proximity", "attribute", "exactness"])
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(FILTERABLE)
        .with_sortable_attributes(SORTABLE)
        .with_displayed_attributes(DISPLAYED)
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            // Empty lists rather than `None`: `None` serialises as null, which the server reads
            // as "reset", and explicit values keep the settings self-describing.
            disable_on_attributes: Some(Vec::new()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos { one_typo: Some(5), two_typos: Some(9) }),
            // Left unset: servers older than 1.13 reject the field.
            disable_on_numbers: None,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: super::MAX_VALUES_PER_FACET,
            sort_facet_values_by: Some([("*".to_string(), FacetSortValue::Count)].into_iter().collect()),
        })
        .with_pagination(PaginationSetting { max_total_hits: 10_000 })
}

/// Runs one request under `REQUEST_TIMEOUT`.
async fn call<T>(request: impl Future<Output = Result<T, SdkError>>) -> Result<T, SearchError> {
    match tokio::time::timeout(REQUEST_TIMEOUT, request).await {
        Ok(result) => result.map_err(sdk_error),
        Err(_) => Err(SearchError::Unavailable("Meilisearch request timed out".into())),
    }
}

/// `Rejected` only when retrying the same request cannot help; everything else lets the outbox retry.
fn sdk_error(e: SdkError) -> SearchError {
    match e {
        SdkError::Meilisearch(err) => match err.error_type {
            ErrorType::InvalidRequest | ErrorType::Auth => SearchError::Rejected(err.to_string()),
            // `internal`, and `system` (disk full, too many searches), which the SDK reads as Unknown.
            _ => SearchError::Unavailable(err.to_string()),
        },
        // A reply without Meilisearch's error body: a proxy or load balancer answered.
        SdkError::MeilisearchCommunication(err) => {
            if err.status_code >= 500 || err.status_code == 408 || err.status_code == 429 {
                SearchError::Unavailable(err.to_string())
            } else {
                SearchError::Rejected(err.to_string())
            }
        }
        SdkError::InvalidRequest | SdkError::CantUseWithoutApiKey(_) => SearchError::Rejected(e.to_string()),
        // Transport failures, task timeouts and unreadable replies.
        other => SearchError::Unavailable(other.to_string()),
    }
}

/// Meilisearch filter syntax for `Filters`, `None` when nothing is filtered.
fn filter_expr(f: &Filters) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(kind) = &f.kind {
        parts.push(format!("kind = {}", quote(kind)));
    }
    if let Some(agency_id) = f.agency_id {
        parts.push(format!("agency_id = {agency_id}"));
    }
    if let Some(agency_kind) = &f.agency_kind {
        parts.push(format!("agency_kind = {}", quote(agency_kind)));
    }
    // `region_path` holds the region and every unit containing it, so an oblast finds its districts;
    // `=` on an array matches any element.
    if let Some(region) = &f.region {
        parts.push(format!("region_path = {}", quote(region)));
    }
    if let Some(from) = f.year_from {
        parts.push(format!("year >= {from}"));
    }
    if let Some(to) = f.year_to {
        parts.push(format!("year <= {to}"));
    }
    if let Some(language) = &f.language {
        parts.push(format!("language = {}", quote(language)));
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// A double-quoted filter value. The server unescapes `\"` and then `\\`, so escaping both keeps
/// any value literal, including one ending in a backslash.
fn quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// How to fetch `offset..offset + limit` in page mode, the only mode whose `totalHits` is exact.
#[derive(Debug, PartialEq, Eq)]
struct PagePlan {
    page: usize,
    hits_per_page: usize,
    /// Hits to drop from the front of the returned page.
    skip: usize,
}

fn page_plan(offset: usize, limit: usize) -> PagePlan {
    let end = offset.saturating_add(limit).min(MAX_DEPTH);
    let offset = offset.min(end);
    let limit = end - offset;
    if limit == 0 {
        // Zero hits per page still reports the total.
        PagePlan { page: 1, hits_per_page: 0, skip: 0 }
    } else if offset.is_multiple_of(limit) {
        PagePlan { page: offset / limit + 1, hits_per_page: limit, skip: 0 }
    } else {
        // Pages cannot start mid-page, so fetch from the top and cut; MAX_DEPTH bounds the cost.
        PagePlan { page: 1, hits_per_page: end, skip: offset }
    }
}

fn facets_from(distribution: Option<HashMap<String, HashMap<String, usize>>>) -> Facets {
    let mut facets = Facets::default();
    for (field, values) in distribution.unwrap_or_default() {
        let counts = match field.as_str() {
            "agency_id" => &mut facets.agency,
            "region" => &mut facets.region,
            "year" => &mut facets.year,
            "kind" => &mut facets.kind,
            "language" => &mut facets.language,
            _ => continue,
        };
        counts.extend(values.into_iter().map(|(value, count)| (value, count as u64)));
    }
    facets
}

#[async_trait::async_trait]
impl SearchIndex for MeiliIndex {
    fn engine(&self) -> &'static str {
        "meilisearch"
    }

    async fn ensure_settings(&self) -> Result<(), SearchError> {
        // Creating and tolerating "already exists" is free of the race a check-then-create has.
        let created = call(self.client.create_index(&self.index_uid, Some(PRIMARY_KEY))).await?;
        match self.wait(created, TASK_TIMEOUT).await? {
            Task::Succeeded { .. } => {}
            Task::Failed { content } if content.error.error_code == ErrorCode::IndexAlreadyExists => {}
            Task::Failed { content } => return Err(SearchError::Rejected(content.error.to_string())),
            Task::Enqueued { .. } | Task::Processing { .. } => {
                return Err(SearchError::Unavailable("Meilisearch task did not finish".into()));
            }
        }
        let index = self.index();
        let updated = call(index.set_settings(&settings())).await?;
        self.wait_ok(updated, SETTINGS_TASK_TIMEOUT).await
    }

    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let docs: Vec<MeiliDoc> = docs.into_iter().map(MeiliDoc::from).collect();
        let index = self.index();
        let task = call(index.add_or_replace(&docs, Some(PRIMARY_KEY))).await?;
        self.wait_ok(task, TASK_TIMEOUT).await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let index = self.index();
        let task = call(index.delete_documents(&ids)).await?;
        self.wait_ok(task, TASK_TIMEOUT).await
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let index = self.index();
        let task = call(index.delete_all_documents()).await?;
        self.wait_ok(task, TASK_TIMEOUT).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let filter = filter_expr(&query.filters);
        let plan = page_plan(query.offset, query.limit);
        let blank = query.q.trim().is_empty();
        let index = self.index();

        let mut request = index.search();
        request
            .with_page(plan.page)
            .with_hits_per_page(plan.hits_per_page)
            .with_facets(Selectors::Some(&FACETS))
            // `frequency` drops the most common words first until documents match: the closest
            // Meilisearch has to "any word, more words first".
            .with_matching_strategy(if query.loose { MatchingStrategies::FREQUENCY } else { MatchingStrategies::ALL });
        if !blank {
            // Already folded; sent untouched so a trailing space still ends prefix matching.
            request.with_query(&query.q);
        }
        if let Some(filter) = &filter {
            request.with_filter(filter);
        }
        // Without a query every hit ties on relevance, so date keeps listings stable across pages.
        if query.sort == Sort::Newest || blank {
            request.with_sort(&NEWEST_FIRST);
        }

        let found = call(index.execute_query::<SearchDoc>(&request)).await?;
        // Page mode always reports `totalHits`; its absence means a server we do not understand.
        let total =
            found.total_hits.ok_or_else(|| SearchError::Unavailable("Meilisearch reply has no totalHits".into()))?;
        let hits = found.hits.into_iter().skip(plan.skip).map(|hit| hit.result).collect();
        // The same cut as the embedded engine's, whatever the server's own settings.
        Ok(SearchResults { hits, total: total as u64, facets: facets_from(found.facet_distribution).capped() })
    }

    async fn health(&self) -> Result<(), SearchError> {
        let health = call(self.client.health()).await.map_err(|e| match e {
            SearchError::Rejected(msg) | SearchError::Unavailable(msg) => SearchError::Unavailable(msg),
        })?;
        if health.status == "available" {
            Ok(())
        } else {
            Err(SearchError::Unavailable(format!("Meilisearch reports status {:?}", health.status)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> SearchDoc {
        SearchDoc {
            id: "report-42".into(),
            kind: "report".into(),
            title: "Мемлекеттік ҚЫЗМЕТ".into(),
            body: "Ёлка".into(),
            agency_id: 7,
            agency_kind: "akimat".into(),
            region: Some("750000000".into()),
            region_path: vec!["750000000".into()],
            year: 2024,
            language: "kk".into(),
            published_at: 1_700_000_000,
            url: "/api/v1/reports/42".into(),
        }
    }

    #[test]
    fn no_filters_no_expression() {
        assert_eq!(filter_expr(&Filters::default()), None);
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        let f = Filters { kind: Some(r#"re"port\"#.into()), ..Filters::default() };
        assert_eq!(filter_expr(&f).as_deref(), Some(r#"kind = "re\"port\\""#));
    }

    #[test]
    fn region_filters_on_region_path() {
        let f = Filters { region: Some("750000000".into()), ..Filters::default() };
        assert_eq!(filter_expr(&f).as_deref(), Some(r#"region_path = "750000000""#));
    }

    #[test]
    fn year_range_is_inclusive_on_both_ends() {
        let f = Filters { year_from: Some(2020), year_to: Some(2024), ..Filters::default() };
        assert_eq!(filter_expr(&f).as_deref(), Some("year >= 2020 AND year <= 2024"));
        let f = Filters { year_to: Some(2024), ..Filters::default() };
        assert_eq!(filter_expr(&f).as_deref(), Some("year <= 2024"));
    }

    #[test]
    fn all_filters_are_anded() {
        let f = Filters {
            kind: Some("report".into()),
            agency_id: Some(7),
            agency_kind: Some("akimat".into()),
            region: Some("750000000".into()),
            year_from: Some(2020),
            year_to: Some(2024),
            language: Some("kk".into()),
        };
        assert_eq!(
            filter_expr(&f).as_deref(),
            Some(
                r#"kind = "report" AND agency_id = 7 AND agency_kind = "akimat" AND region_path = "750000000" AND year >= 2020 AND year <= 2024 AND language = "kk""#
            )
        );
    }

    #[test]
    fn pages_align_when_they_can() {
        assert_eq!(page_plan(0, 20), PagePlan { page: 1, hits_per_page: 20, skip: 0 });
        assert_eq!(page_plan(40, 20), PagePlan { page: 3, hits_per_page: 20, skip: 0 });
        assert_eq!(page_plan(30, 20), PagePlan { page: 1, hits_per_page: 50, skip: 30 });
    }

    #[test]
    fn paging_stops_at_max_depth() {
        assert_eq!(page_plan(990, 20), PagePlan { page: 100, hits_per_page: 10, skip: 0 });
        assert_eq!(page_plan(993, 20), PagePlan { page: 1, hits_per_page: 1000, skip: 993 });
        assert_eq!(page_plan(980, 20), PagePlan { page: 50, hits_per_page: 20, skip: 0 });
        assert_eq!(page_plan(5000, 20), PagePlan { page: 1, hits_per_page: 0, skip: 0 });
        assert_eq!(page_plan(0, 0), PagePlan { page: 1, hits_per_page: 0, skip: 0 });
        assert_eq!(page_plan(usize::MAX, usize::MAX), PagePlan { page: 1, hits_per_page: 0, skip: 0 });
    }

    #[test]
    fn displayed_attributes_are_exactly_the_search_doc_fields() {
        let value = serde_json::to_value(doc()).expect("serialise");
        let mut fields: Vec<&str> = value.as_object().expect("object").keys().map(String::as_str).collect();
        let mut displayed = DISPLAYED.to_vec();
        fields.sort_unstable();
        displayed.sort_unstable();
        assert_eq!(fields, displayed);
        for attr in FILTERABLE.iter().chain(&SORTABLE).chain(&FACETS) {
            assert!(DISPLAYED.contains(attr), "{attr} is not a SearchDoc field");
        }
    }

    #[test]
    fn stored_document_carries_folded_copies_and_reads_back() {
        let value = serde_json::to_value(MeiliDoc::from(doc())).expect("serialise");
        assert_eq!(value["title_folded"], fold("Мемлекеттік ҚЫЗМЕТ"));
        assert_eq!(value["body_folded"], "елка");
        assert_eq!(value["id"], "report-42");
        let back: SearchDoc = serde_json::from_value(value).expect("deserialise");
        assert_eq!(back, doc());
    }

    #[test]
    fn facet_distribution_maps_to_facets() {
        let mut distribution = HashMap::new();
        distribution.insert("agency_id".to_string(), HashMap::from([("7".to_string(), 3)]));
        distribution.insert("year".to_string(), HashMap::from([("2024".to_string(), 2)]));
        distribution.insert("language".to_string(), HashMap::from([("kk".to_string(), 1)]));
        distribution.insert("unrelated".to_string(), HashMap::from([("x".to_string(), 9)]));
        let facets = facets_from(Some(distribution));
        assert_eq!(facets.agency.get("7"), Some(&3));
        assert_eq!(facets.year.get("2024"), Some(&2));
        assert_eq!(facets.language.get("kk"), Some(&1));
        assert!(facets.region.is_empty() && facets.kind.is_empty());
        assert_eq!(facets_from(None), Facets::default());
    }
}
