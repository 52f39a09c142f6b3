//! Annual reports as open data: the list's fields in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::ReportSummary;
use crate::{
    api::{
        ApiTags,
        common::export::{check, json, list_exports, next_after},
    },
    service::{
        Ctx,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
        reports,
    },
};

const REPORT_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("agency_id", "agency_id"),
    ("year", "year"),
    ("language", "language"),
    ("title", "title"),
    ("revision", "revision"),
    ("published_on", "published_on"),
    ("demo", "demo"),
    ("updated_at", "updated_at"),
];

fn report_pages(ctx: Ctx, f: reports::ReportFilter) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = reports::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |r| r.id);
            Ok((rows.into_iter().filter_map(|r| json(ReportSummary::from(r))).collect(), after))
        })
    }
}

list_exports! {
    /// Annual reports as CSV and NDJSON.
    pub struct ReportExportsApi;
    tag = "ApiTags::OpenData";
    /// Export annual reports as CSV
    ///
    /// The list's fields (latest revisions, without the body); read a report's text at its URL.
    csv reports_csv = "/reports/export.csv";
    /// Export annual reports as NDJSON
    ndjson reports_ndjson = "/reports/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    #[oai(example = "ex::report_year")] year: Query<Option<i32>>,
    /// `kk`, `ru` or `en`.
    #[oai(example = "ex::language")]
    language: Query<Option<String>>,
    #[oai(example = "ex::demo")] demo: Query<Option<bool>>,
    | {
        let f = super::report_filter(agency.0, year.0, language.0, demo.0);
        check(reports::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("reports", REPORT_COLUMNS, report_pages(ctx, f))
    }
}
