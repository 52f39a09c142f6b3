use std::collections::BTreeMap;

use super::common::examples as ex;
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Query, payload::Json};

use super::ApiTags;
use crate::{error::AppError, service::search, state::AppState};

#[derive(Default)]
pub struct SearchApi;

/// A matching document.
#[derive(Object)]
#[oai(example)]
pub struct SearchHit {
    /// `<kind>-<id>`, e.g. `report-42`.
    pub id: String,
    /// `report`, `conclusion`, `answer` or `draft_act`.
    pub kind: String,
    pub title: String,
    pub agency_id: i64,
    pub year: i32,
    pub language: String,
    /// HTML: the text around the matches, escaped, with `<mark>` around matched words.
    pub snippet: String,
    /// The record's API path.
    pub url: String,
}

/// Counts of all matches per value: for each facet, the 100 values with the most matches (ties by
/// value), each count exact.
#[derive(Object)]
#[oai(example)]
pub struct SearchFacets {
    /// Keyed by agency id.
    pub agency: BTreeMap<String, u64>,
    /// Keyed by KATO code.
    pub region: BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    pub kind: BTreeMap<String, u64>,
    pub language: BTreeMap<String, u64>,
}

#[derive(Object)]
#[oai(example)]
pub struct SearchResponse {
    pub hits: Vec<SearchHit>,
    /// All matches.
    pub total: u64,
    pub facets: SearchFacets,
    pub processing_time_ms: u64,
}

#[OpenApi(tag = "ApiTags::Search")]
impl SearchApi {
    /// Search public documents
    ///
    /// Full-text search over agencies' annual reports (and, as they are published, conclusions,
    /// answers to information requests and draft acts), in Kazakh and Russian: prefix search on
    /// the last word, typo tolerance (1 typo from 5 letters, 2 from 9), `ё` as `е`, Kazakh letters
    /// found when typed with Russian-keyboard stand-ins, "quoted phrases". A blank `q` lists by
    /// filters, newest first. `503 search_unavailable` while the engine is down.
    #[oai(path = "/search", method = "get")]
    async fn search(
        &self,
        state: Data<&AppState>,
        _req: &Request,
        #[oai(example = "ex::search_q")] q: Query<Option<String>>,
        /// `report`, `conclusion`, `answer` or `draft_act`.
        #[oai(example = "ex::document_kind")]
        kind: Query<Option<String>>,
        /// Agency id.
        #[oai(example = "ex::agency")]
        agency: Query<Option<i64>>,
        /// e.g. `district_akimat`.
        #[oai(example = "ex::agency_kind")]
        agency_kind: Query<Option<String>>,
        /// KATO code; takes in the units inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::year_from")] year_from: Query<Option<i32>>,
        #[oai(example = "ex::year_to")] year_to: Query<Option<i32>>,
        /// `kk`, `ru` or `en`.
        #[oai(example = "ex::language")]
        language: Query<Option<String>>,
        /// `relevance` (default) or `newest`.
        #[oai(example = "ex::search_sort")]
        sort: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// offset + limit may reach 1000.
        #[oai(example = "ex::offset")]
        offset: Query<Option<u64>>,
    ) -> Result<Json<SearchResponse>, AppError> {
        let found = search::search(
            state.search.as_ref(),
            search::SearchParams {
                q: q.0,
                kind: kind.0,
                agency: agency.0,
                agency_kind: agency_kind.0,
                region: region.0,
                year_from: year_from.0,
                year_to: year_to.0,
                language: language.0,
                sort: sort.0,
                limit: limit.0,
                offset: offset.0,
                loose: false,
            },
        )
        .await?;
        Ok(Json(SearchResponse {
            hits: found
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    id: h.doc.id,
                    kind: h.doc.kind,
                    title: h.doc.title,
                    agency_id: h.doc.agency_id,
                    year: h.doc.year,
                    language: h.doc.language,
                    snippet: h.snippet,
                    url: h.doc.url,
                })
                .collect(),
            total: found.total,
            facets: SearchFacets {
                agency: found.facets.agency,
                region: found.facets.region,
                year: found.facets.year,
                kind: found.facets.kind,
                language: found.facets.language,
            },
            processing_time_ms: found.processing_time_ms,
        }))
    }
}

mod examples;
