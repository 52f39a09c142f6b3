//! The registry of public services as open data, in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::PublicServiceView;
use crate::{
    api::{
        ApiTags,
        common::export::{check, json, list_exports, next_after},
    },
    service::{
        Ctx,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
        public_services as registry,
    },
};

const SERVICE_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("code", "code"),
    ("name_kk", "name_kk"),
    ("name_ru", "name_ru"),
    ("name_en", "name_en"),
    ("recipients", "recipients"),
    ("approving_body", "approving_body.code"),
    ("providers", "providers.code"),
    ("channels", "channels"),
    ("forms", "forms"),
    ("paid", "paid"),
    ("fee_basis", "fee_basis"),
    ("bylaw_title", "bylaw.title"),
    ("bylaw_number", "bylaw.number"),
    ("bylaw_date", "bylaw.date"),
    ("term_value", "term.value"),
    ("term_unit", "term.unit"),
    ("active", "active"),
    ("updated_at", "updated_at"),
];

fn service_pages(ctx: Ctx, f: registry::ServiceFilter) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = registry::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |s| s.service.id);
            Ok((rows.into_iter().filter_map(|s| json(PublicServiceView::from(s))).collect(), after))
        })
    }
}

list_exports! {
    /// The registry as CSV and NDJSON.
    pub struct PublicServiceExportsApi;
    tag = "ApiTags::OpenData";
    /// Export the registry of services as CSV
    ///
    /// Every service matching the list's filters, one row each; `approving_body` and `providers`
    /// give agency codes.
    csv services_csv = "/services/export.csv";
    /// Export the registry of services as NDJSON
    ndjson services_ndjson = "/services/export.ndjson";
    |ctx, req,
    /// Agency id of a provider.
    #[oai(example = "ex::agency")]
    provider: Query<Option<i64>>,
    #[oai(example = "ex::approving_body")] approving_body: Query<Option<i64>>,
    /// `individuals`, `legal_entities` or `both`.
    #[oai(example = "ex::service_recipient")]
    recipient: Query<Option<String>>,
    /// `paper`, `electronic` or `proactive`.
    #[oai(example = "ex::service_form")]
    form: Query<Option<String>>,
    /// `provider`, `state_corporation`, `egov_portal` or `other_is`.
    #[oai(example = "ex::service_channel")]
    channel: Query<Option<String>>,
    #[oai(example = "ex::paid")] paid: Query<Option<bool>>,
    #[oai(example = "ex::service_q")] q: Query<Option<String>>,
    #[oai(example = "ex::active")] active: Query<Option<bool>>,
    | {
        let f = super::filter(provider.0, approving_body.0, recipient.0, form.0, channel.0, paid.0, q.0, active.0);
        check(registry::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("public-services", SERVICE_COLUMNS, service_pages(ctx, f))
    }
}
