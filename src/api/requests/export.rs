//! Information requests as open data, as the public list shows them, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

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
        pagination::PageRequest,
        requests,
    },
};

const REQUEST_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("number", "number"),
    ("state", "state"),
    ("overdue", "overdue"),
    ("agency_id", "agency.id"),
    ("agency_code", "agency.code"),
    ("requester", "requester"),
    ("organization_id", "organization_id"),
    ("language", "language"),
    ("subject", "subject"),
    ("questions_md", "questions_md"),
    ("service_ids", "service_ids"),
    ("registration_date", "registration_date"),
    ("due_date", "due_date"),
    ("extended", "extended"),
    ("forwarded_from", "forwarded_from"),
    ("closed_date", "closed_date"),
    ("refusal_ground", "refusal_ground"),
    ("created_at", "created_at"),
];

fn request_pages(
    ctx: Ctx,
    f: requests::RequestFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = requests::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |r| r.id);
            Ok((super::views(&ctx, rows, lang).await?.into_iter().filter_map(json).collect(), after))
        })
    }
}

list_exports! {
    /// Information requests as CSV and NDJSON.
    pub struct RequestExportsApi;
    tag = "ApiTags::OpenData";
    /// Export information requests as CSV
    ///
    /// Submitted requests (drafts are private), as the public list shows them: the requester is
    /// the NGO, the name they chose to show, or "a citizen" in the client's language.
    csv requests_csv = "/requests/export.csv";
    /// Export information requests as NDJSON
    ndjson requests_ndjson = "/requests/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    #[oai(name = "state", example = "ex::request_state")] state_: Query<Option<String>>,
    #[oai(example = "ex::overdue")] overdue: Query<Option<bool>>,
    | {
        let f = super::request_filter(agency.0, state_.0, overdue.0, None);
        check(requests::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("requests", REQUEST_COLUMNS, request_pages(ctx, f, lang_of(req)))
    }
}
