//! Examples of the search schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for SearchHit {
    fn example() -> Self {
        Self {
            id: format!("report-{REPORT}"),
            kind: s("report"),
            title: s(REPORT_TITLE_RU),
            agency_id: AKIMAT_ASTANA,
            year: 2025,
            language: s("ru"),
            snippet: s("…из них 91 % в <mark>электронной</mark> форме…"),
            url: api(&format!("/reports/{REPORT}")),
        }
    }
}

impl Example for SearchFacets {
    fn example() -> Self {
        Self {
            agency: BTreeMap::from([(AKIMAT_ASTANA.to_string(), 12), (AKIMAT_AKMOLA.to_string(), 5)]),
            region: BTreeMap::from([(s(ASTANA_KATO), 12), (s("110000000"), 5)]),
            year: BTreeMap::from([(s("2024"), 7), (s("2025"), 10)]),
            kind: BTreeMap::from([(s("report"), 14), (s("conclusion"), 3)]),
            language: BTreeMap::from([(s("kk"), 8), (s("ru"), 9)]),
        }
    }
}

impl Example for SearchResponse {
    fn example() -> Self {
        Self { hits: vec![Example::example()], total: 17, facets: Example::example(), processing_time_ms: 4 }
    }
}
