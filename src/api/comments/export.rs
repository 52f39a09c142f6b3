//! Comments on draft acts as open data, as the public list shows them, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::{comment_filter, comment_view};
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
        Ctx, discussions,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
    },
};

const COMMENT_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("discussion_id", "discussion_id"),
    ("version", "version"),
    ("anchor", "anchor"),
    ("source", "source"),
    ("organization_id", "organization_id"),
    ("proposal_md", "proposal_md"),
    ("replacement_text", "replacement_text"),
    ("decision", "decision"),
    ("decision_reason", "decision_reason"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
];

fn comment_pages(
    ctx: Ctx,
    f: discussions::CommentFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = discussions::list_comments(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |s| s.comment.id);
            Ok((rows.into_iter().filter_map(|s| json(comment_view(s, lang))).collect(), after))
        })
    }
}

list_exports! {
    /// Comments as CSV and NDJSON.
    pub struct CommentExportsApi;
    tag = "ApiTags::OpenData";
    /// Export comments on draft acts as CSV
    ///
    /// Every comment matching the list's filters, as the public list shows it (the source is a
    /// display name or an organisation, never an e-mail, phone or IIN).
    csv comments_csv = "/comments/export.csv";
    /// Export comments on draft acts as NDJSON
    ndjson comments_ndjson = "/comments/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::discussion")] discussion: Query<Option<i64>>,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
    /// `accepted`, `partially_accepted`, `rejected`, `not_considered` or `none`.
    #[oai(example = "ex::comment_decision")]
    decision: Query<Option<String>>,
    | {
        let f = comment_filter(discussion.0, agency.0, organization.0, decision.0);
        check(discussions::list_comments(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("comments", COMMENT_COLUMNS, comment_pages(ctx, f, lang_of(req)))
    }
}
