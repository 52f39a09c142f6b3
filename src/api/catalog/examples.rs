//! Examples of the catalog schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::{i18n, i18n::Lang, service::catalog::LICENCE_URL};

fn texts(key: &str) -> Texts {
    Texts { kk: i18n::text(Lang::Kk, key), ru: i18n::text(Lang::Ru, key), en: i18n::text(Lang::En, key) }
}

impl Example for Texts {
    fn example() -> Self {
        texts("catalog.reports.title")
    }
}

impl Example for DatasetLinks {
    fn example() -> Self {
        Self { json: api("/reports"), csv: api("/reports/export.csv"), ndjson: api("/reports/export.ndjson") }
    }
}

impl Example for DatasetView {
    fn example() -> Self {
        Self {
            key: s("reports"),
            title: texts("catalog.reports.title"),
            description: texts("catalog.reports.description"),
            licence: s(LICENCE_URL),
            updated_at: Some(at("2026-03-30T06:00:00Z")),
            record_count: 120,
            entity_type: Some(s("report")),
            links: Example::example(),
        }
    }
}

impl Example for CatalogView {
    fn example() -> Self {
        Self {
            title: texts("catalog.title"),
            description: texts("catalog.description"),
            licence: s(LICENCE_URL),
            updated_at: Some(at("2026-03-30T06:00:00Z")),
            datasets: vec![Example::example()],
        }
    }
}
