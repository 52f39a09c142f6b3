//! Agencies' measures on published conclusions as open data, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::measure_view;
use crate::{
    api::{
        ApiTags,
        common::{
            export::{check, json, list_exports, next_after},
            lang_of,
        },
    },
    i18n::Lang,
    service::{
        Ctx,
        exports::{Column, PAGE, PageFuture},
        measures,
        pagination::PageRequest,
    },
};

const MEASURE_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("conclusion_id", "conclusion_id"),
    ("agency_id", "agency_id"),
    ("item", "item"),
    ("status", "status"),
    ("reason", "reason"),
    ("text_md", "text_md"),
    ("attachment_urls", "attachments.url"),
    ("created_by", "created_by"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
];

fn measure_pages(
    ctx: Ctx,
    f: measures::MeasureFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = measures::list_measures(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |m| m.id);
            let mut out = Vec::with_capacity(rows.len());
            for m in rows {
                out.extend(json(measure_view(m, lang)?));
            }
            Ok((out, after))
        })
    }
}

list_exports! {
    /// Measures as CSV and NDJSON.
    pub struct MeasureExportsApi;
    tag = "ApiTags::OpenData";
    /// Export agencies' measures as CSV
    ///
    /// Every answer on a published conclusion matching the list's filters.
    csv measures_csv = "/measures/export.csv";
    /// Export agencies' measures as NDJSON
    ndjson measures_ndjson = "/measures/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::conclusion")] conclusion: Query<Option<i64>>,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    /// `accepted`, `in_progress`, `done` or `rejected`.
    #[oai(example = "ex::measure_status")]
    status: Query<Option<String>>,
    | {
        let f = super::measure_filter(conclusion.0, agency.0, status.0);
        check(measures::list_measures(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("measures", MEASURE_COLUMNS, measure_pages(ctx, f, lang_of(req)))
    }
}
