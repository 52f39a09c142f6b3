//! Public discussions and their completion notices as open data, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::notice_view;
use crate::{
    api::{
        ApiTags,
        common::export::{check, json, list_exports, next_after},
    },
    service::{
        Ctx, discussions,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
    },
};

const DISCUSSION_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("agency_id", "agency.id"),
    ("agency_code", "agency.code"),
    ("subject", "subject"),
    ("report_id", "report_id"),
    ("title_kk", "title_kk"),
    ("title_ru", "title_ru"),
    ("service_ids", "service_ids"),
    ("opens_at", "opens_at"),
    ("closes_at", "closes_at"),
    ("status", "status"),
    ("current_version", "current_version.number"),
    ("notice_published", "notice_published"),
];

fn discussion_pages(
    ctx: Ctx,
    f: discussions::DiscussionFilter,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = discussions::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |d| d.id);
            Ok((super::views(&ctx, rows).await?.into_iter().filter_map(json).collect(), after))
        })
    }
}

/// One row per notice; `comment_ids` lists the comments it decides on, `totals` is a JSON object
/// of counts by decision. The items in full are in the NDJSON form.
const NOTICE_COLUMNS: &[Column] = &[
    ("discussion_id", "discussion_id"),
    ("agency", "agency"),
    ("title_kk", "title_kk"),
    ("title_ru", "title_ru"),
    ("opened_at", "opened_at"),
    ("closed_at", "closed_at"),
    ("comment_ids", "items.comment_id"),
    ("totals", "totals"),
    ("revised_version", "revised_version"),
    ("revised_text_url", "revised_text_url"),
    ("published_at", "published_at"),
];

fn notice_pages(ctx: Ctx, f: discussions::NoticeFilter) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = discussions::list_notices(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |n| n.discussion_id);
            let mut out = Vec::with_capacity(rows.len());
            for n in rows {
                out.extend(json(notice_view(n)?));
            }
            Ok((out, after))
        })
    }
}

list_exports! {
    /// Public discussions as CSV and NDJSON.
    pub struct DiscussionExportsApi;
    tag = "ApiTags::OpenData";
    /// Export public discussions as CSV
    ///
    /// One row per discussion; the current text is in the NDJSON form and at each discussion's URL.
    csv discussions_csv = "/discussions/export.csv";
    /// Export public discussions as NDJSON
    ndjson discussions_ndjson = "/discussions/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    /// `upcoming`, `open` or `closed`.
    #[oai(example = "ex::discussion_status")]
    status: Query<Option<String>>,
    | {
        let f = super::discussion_filter(agency.0, status.0);
        check(discussions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("discussions", DISCUSSION_COLUMNS, discussion_pages(ctx, f))
    }
}

list_exports! {
    /// Completion notices as CSV and NDJSON.
    pub struct NoticeExportsApi;
    tag = "ApiTags::OpenData";
    /// Export completion notices as CSV
    csv notices_csv = "/completion-notices/export.csv";
    /// Export completion notices as NDJSON
    ///
    /// Each notice in full, items included.
    ndjson notices_ndjson = "/completion-notices/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    | {
        let f = super::notice_filter(agency.0);
        ("completion-notices", NOTICE_COLUMNS, notice_pages(ctx, f))
    }
}
