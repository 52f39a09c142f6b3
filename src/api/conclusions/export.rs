//! Monitoring conclusions as open data: one row each, without their text, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::summaries as conclusion_summaries;
use crate::{
    api::{
        ApiTags,
        common::export::{check, json, list_exports, next_after},
    },
    service::{
        Ctx, conclusions,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
    },
};

const CONCLUSION_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("campaign_id", "campaign_id"),
    ("title", "title"),
    ("language", "language"),
    ("state", "state"),
    ("agency_ids", "agency_ids"),
    ("revision", "revision"),
    ("created_at", "created_at"),
    ("submitted_at", "submitted_at"),
    ("published_at", "published_at"),
    ("updated_at", "updated_at"),
];

fn conclusion_pages(
    ctx: Ctx,
    f: conclusions::ConclusionFilter,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = conclusion_summaries(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |c| c.id);
            Ok((rows.into_iter().filter_map(json).collect(), after))
        })
    }
}

list_exports! {
    /// Conclusions as CSV and NDJSON.
    pub struct ConclusionExportsApi;
    tag = "ApiTags::OpenData";
    /// Export monitoring conclusions as CSV
    ///
    /// Submitted and published conclusions (drafts are private), one row each, without their
    /// text; read it at each conclusion's URL or in its Markdown, HTML or JSON export.
    csv conclusions_csv = "/conclusions/export.csv";
    /// Export monitoring conclusions as NDJSON
    ndjson conclusions_ndjson = "/conclusions/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    /// `submitted` or `published`.
    #[oai(name = "state", example = "ex::conclusion_state")]
    state_: Query<Option<String>>,
    | {
        let f = super::conclusion_filter(campaign.0, agency.0, state_.0);
        check(conclusions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("conclusions", CONCLUSION_COLUMNS, conclusion_pages(ctx, f))
    }
}
