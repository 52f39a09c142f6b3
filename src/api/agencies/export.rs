//! The directory as open data: agencies and regions (KATO) in CSV and NDJSON.
use super::super::common::examples as ex;
use poem_openapi::param::Query;

use super::{AgencyView, RegionView};
use crate::{
    api::{
        ApiTags,
        common::export::{check, json, list_exports, next_after},
    },
    service::{
        Ctx, agencies,
        exports::{Column, PAGE, PageFuture},
        pagination::PageRequest,
    },
};

const AGENCY_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("code", "code"),
    ("kind", "kind"),
    ("parent_id", "parent_id"),
    ("region", "region"),
    ("name_kk", "name_kk"),
    ("name_ru", "name_ru"),
    ("name_en", "name_en"),
    ("website", "website"),
    ("email", "email"),
    ("active", "active"),
    ("updated_at", "updated_at"),
];

const REGION_COLUMNS: &[Column] = &[
    ("code", "code"),
    ("parent", "parent"),
    ("kind", "kind"),
    ("name_kk", "name_kk"),
    ("name_ru", "name_ru"),
    ("name_en", "name_en"),
];

fn agency_pages(ctx: Ctx, f: agencies::AgencyFilter) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = agencies::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |a| a.id);
            Ok((rows.into_iter().filter_map(|a| json(AgencyView::from(a))).collect(), after))
        })
    }
}

fn region_pages(ctx: Ctx) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    // A few thousand rows at most, keyed by code: one page.
    move |_| {
        let ctx = ctx.clone();
        Box::pin(async move {
            let rows = agencies::regions(&ctx).await?;
            let views = rows.into_iter().filter_map(|r| {
                json(RegionView {
                    code: r.code,
                    parent: r.parent,
                    kind: r.kind,
                    name_kk: r.name_kk,
                    name_ru: r.name_ru,
                    name_en: r.name_en,
                })
            });
            Ok((views.collect(), None))
        })
    }
}

list_exports! {
    /// Agencies as CSV and NDJSON.
    pub struct AgencyExportsApi;
    tag = "ApiTags::OpenData";
    /// Export agencies as CSV
    ///
    /// Every agency matching the list's filters, one row each.
    csv agencies_csv = "/agencies/export.csv";
    /// Export agencies as NDJSON
    ///
    /// Every agency matching the list's filters, one JSON object per line.
    ndjson agencies_ndjson = "/agencies/export.ndjson";
    |ctx, req,
    #[oai(example = "ex::agency_kind")] kind: Query<Option<String>>,
    /// KATO code; takes in everything inside it.
    #[oai(example = "ex::region")]
    region: Query<Option<String>>,
    #[oai(example = "ex::parent_agency")] parent: Query<Option<i64>>,
    #[oai(example = "ex::agency_code")] code: Query<Option<String>>,
    #[oai(example = "ex::agency_q")] q: Query<Option<String>>,
    #[oai(example = "ex::active")] active: Query<Option<bool>>,
    | {
        let f = super::agency_filter(kind.0, region.0, parent.0, code.0, q.0, active.0);
        check(agencies::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        ("agencies", AGENCY_COLUMNS, agency_pages(ctx, f))
    }
}

list_exports! {
    /// Regions (KATO) as CSV and NDJSON.
    pub struct RegionExportsApi;
    tag = "ApiTags::OpenData";
    /// Export regions (KATO) as CSV
    csv regions_csv = "/regions/export.csv";
    /// Export regions (KATO) as NDJSON
    ndjson regions_ndjson = "/regions/export.ndjson";
    |ctx, _req| {
        ("regions", REGION_COLUMNS, region_pages(ctx))
    }
}
