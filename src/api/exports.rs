//! Bulk exports: `{collection}/export.csv` and `{collection}/export.ndjson` for every dataset of
//! the catalog, with the list's filters. Each record is the list's own JSON view, so an export
//! shows exactly what the JSON read shows and nothing more (no e-mail, phone or IIN of a person).
use poem::{Request, web::Data};
use poem_openapi::{OpenApi, param::Query};

use super::common::examples as ex;
use super::{
    ApiTags,
    agencies::{AgencyView, RegionView},
    comments::{comment_filter, comment_view},
    common::{
        export::{CsvExport, NdjsonExport, check, csv, json, ndjson, next_after},
        lang_of,
    },
    conclusions::summaries as conclusion_summaries,
    discussions::notice_view,
    measures::measure_view,
    public_services::PublicServiceView,
    reports::ReportSummary,
};
use crate::{
    error::AppError,
    http,
    i18n::Lang,
    service::{
        Ctx, agencies, conclusions, discussions,
        exports::{Column, PAGE, PageFuture},
        measures,
        pagination::PageRequest,
        public_services as registry, reports, requests,
    },
    state::AppState,
};

#[derive(Default)]
pub struct ExportsApi;

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
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.extend(json(super::requests::view(&ctx, r, lang).await?));
            }
            Ok((out, after))
        })
    }
}

fn discussion_pages(
    ctx: Ctx,
    f: discussions::DiscussionFilter,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = discussions::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |d| d.id);
            let mut out = Vec::with_capacity(rows.len());
            for d in rows {
                out.extend(json(super::discussions::view(&ctx, d).await?));
            }
            Ok((out, after))
        })
    }
}

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
            Ok((rows.into_iter().filter_map(|m| json(measure_view(m, lang))).collect(), after))
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn service_filter(
    provider: Option<i64>,
    approving_body: Option<i64>,
    recipient: Option<String>,
    form: Option<String>,
    channel: Option<String>,
    paid: Option<bool>,
    q: Option<String>,
    active: Option<bool>,
) -> registry::ServiceFilter {
    registry::ServiceFilter { provider, approving_body, recipient, form, channel, paid, q, active }
}

#[OpenApi(tag = "ApiTags::OpenData")]
impl ExportsApi {
    /// Export agencies as CSV
    ///
    /// Every agency matching the list's filters, one row each.
    #[oai(path = "/agencies/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn agencies_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_kind")] kind: Query<Option<String>>,
        /// KATO code; takes in everything inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::parent_agency")] parent: Query<Option<i64>>,
        #[oai(example = "ex::agency_code")] code: Query<Option<String>>,
        #[oai(example = "ex::agency_q")] q: Query<Option<String>>,
        #[oai(example = "ex::active")] active: Query<Option<bool>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = agencies::AgencyFilter {
            kind: kind.0,
            region: region.0,
            parent: parent.0,
            code: code.0,
            q: q.0,
            active: active.0,
        };
        check(agencies::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("agencies", AGENCY_COLUMNS, agency_pages(ctx, f)))
    }

    /// Export agencies as NDJSON
    ///
    /// Every agency matching the list's filters, one JSON object per line.
    #[oai(path = "/agencies/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn agencies_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_kind")] kind: Query<Option<String>>,
        /// KATO code; takes in everything inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::parent_agency")] parent: Query<Option<i64>>,
        #[oai(example = "ex::agency_code")] code: Query<Option<String>>,
        #[oai(example = "ex::agency_q")] q: Query<Option<String>>,
        #[oai(example = "ex::active")] active: Query<Option<bool>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = agencies::AgencyFilter {
            kind: kind.0,
            region: region.0,
            parent: parent.0,
            code: code.0,
            q: q.0,
            active: active.0,
        };
        check(agencies::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("agencies", AGENCY_COLUMNS, agency_pages(ctx, f)))
    }

    /// Export regions (KATO) as CSV
    #[oai(path = "/regions/export.csv", method = "get")]
    async fn regions_csv(&self, state: Data<&AppState>, req: &Request) -> Result<CsvExport, AppError> {
        Ok(csv("regions", REGION_COLUMNS, region_pages(http::ctx(&state, req))))
    }

    /// Export regions (KATO) as NDJSON
    #[oai(path = "/regions/export.ndjson", method = "get")]
    async fn regions_ndjson(&self, state: Data<&AppState>, req: &Request) -> Result<NdjsonExport, AppError> {
        Ok(ndjson("regions", REGION_COLUMNS, region_pages(http::ctx(&state, req))))
    }

    /// Export the registry of services as CSV
    ///
    /// Every service matching the list's filters, one row each; `approving_body` and `providers`
    /// give agency codes.
    #[oai(path = "/services/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn services_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
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
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = service_filter(provider.0, approving_body.0, recipient.0, form.0, channel.0, paid.0, q.0, active.0);
        check(registry::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("public-services", SERVICE_COLUMNS, service_pages(ctx, f)))
    }

    /// Export the registry of services as NDJSON
    #[oai(path = "/services/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn services_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
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
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = service_filter(provider.0, approving_body.0, recipient.0, form.0, channel.0, paid.0, q.0, active.0);
        check(registry::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("public-services", SERVICE_COLUMNS, service_pages(ctx, f)))
    }

    /// Export annual reports as CSV
    ///
    /// The list's fields (latest revisions, without the body); read a report's text at its URL.
    #[oai(path = "/reports/export.csv", method = "get")]
    async fn reports_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::report_year")] year: Query<Option<i32>>,
        /// `kk`, `ru` or `en`.
        #[oai(example = "ex::language")]
        language: Query<Option<String>>,
        #[oai(example = "ex::demo")] demo: Query<Option<bool>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = reports::ReportFilter { agency_id: agency.0, year: year.0, language: language.0, demo: demo.0 };
        check(reports::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("reports", REPORT_COLUMNS, report_pages(ctx, f)))
    }

    /// Export annual reports as NDJSON
    #[oai(path = "/reports/export.ndjson", method = "get")]
    async fn reports_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::report_year")] year: Query<Option<i32>>,
        /// `kk`, `ru` or `en`.
        #[oai(example = "ex::language")]
        language: Query<Option<String>>,
        #[oai(example = "ex::demo")] demo: Query<Option<bool>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = reports::ReportFilter { agency_id: agency.0, year: year.0, language: language.0, demo: demo.0 };
        check(reports::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("reports", REPORT_COLUMNS, report_pages(ctx, f)))
    }

    /// Export information requests as CSV
    ///
    /// Submitted requests (drafts are private), as the public list shows them: the requester is
    /// the NGO, the name they chose to show, or "a citizen" in the client's language.
    #[oai(path = "/requests/export.csv", method = "get")]
    async fn requests_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(name = "state", example = "ex::request_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::overdue")] overdue: Query<Option<bool>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f =
            requests::RequestFilter { agency_id: agency.0, state: state_.0, overdue: overdue.0, ..Default::default() };
        check(requests::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("requests", REQUEST_COLUMNS, request_pages(ctx, f, lang_of(req))))
    }

    /// Export information requests as NDJSON
    #[oai(path = "/requests/export.ndjson", method = "get")]
    async fn requests_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(name = "state", example = "ex::request_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::overdue")] overdue: Query<Option<bool>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f =
            requests::RequestFilter { agency_id: agency.0, state: state_.0, overdue: overdue.0, ..Default::default() };
        check(requests::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("requests", REQUEST_COLUMNS, request_pages(ctx, f, lang_of(req))))
    }

    /// Export public discussions as CSV
    ///
    /// One row per discussion; the current text is in the NDJSON form and at each discussion's URL.
    #[oai(path = "/discussions/export.csv", method = "get")]
    async fn discussions_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `upcoming`, `open` or `closed`.
        #[oai(example = "ex::discussion_status")]
        status: Query<Option<String>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = discussions::DiscussionFilter { agency_id: agency.0, status: status.0 };
        check(discussions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("discussions", DISCUSSION_COLUMNS, discussion_pages(ctx, f)))
    }

    /// Export public discussions as NDJSON
    #[oai(path = "/discussions/export.ndjson", method = "get")]
    async fn discussions_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `upcoming`, `open` or `closed`.
        #[oai(example = "ex::discussion_status")]
        status: Query<Option<String>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = discussions::DiscussionFilter { agency_id: agency.0, status: status.0 };
        check(discussions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("discussions", DISCUSSION_COLUMNS, discussion_pages(ctx, f)))
    }

    /// Export monitoring conclusions as CSV
    ///
    /// Submitted and published conclusions (drafts are private), one row each, without their
    /// text; read it at each conclusion's URL or in its Markdown, HTML or JSON export.
    #[oai(path = "/conclusions/export.csv", method = "get")]
    async fn conclusions_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `submitted` or `published`.
        #[oai(name = "state", example = "ex::conclusion_state")]
        state_: Query<Option<String>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f =
            conclusions::ConclusionFilter { campaign_id: campaign.0, agency_id: agency.0, state: state_.0, mine: None };
        check(conclusions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("conclusions", CONCLUSION_COLUMNS, conclusion_pages(ctx, f)))
    }

    /// Export monitoring conclusions as NDJSON
    #[oai(path = "/conclusions/export.ndjson", method = "get")]
    async fn conclusions_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `submitted` or `published`.
        #[oai(name = "state", example = "ex::conclusion_state")]
        state_: Query<Option<String>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f =
            conclusions::ConclusionFilter { campaign_id: campaign.0, agency_id: agency.0, state: state_.0, mine: None };
        check(conclusions::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("conclusions", CONCLUSION_COLUMNS, conclusion_pages(ctx, f)))
    }

    /// Export comments on draft acts as CSV
    ///
    /// Every comment matching the list's filters, as the public list shows it (the source is a
    /// display name or an organisation, never an e-mail, phone or IIN).
    #[oai(path = "/comments/export.csv", method = "get")]
    async fn comments_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion")] discussion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        /// `accepted`, `partially_accepted`, `rejected`, `not_considered` or `none`.
        #[oai(example = "ex::comment_decision")]
        decision: Query<Option<String>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = comment_filter(discussion.0, agency.0, organization.0, decision.0);
        check(discussions::list_comments(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("comments", COMMENT_COLUMNS, comment_pages(ctx, f, lang_of(req))))
    }

    /// Export comments on draft acts as NDJSON
    #[oai(path = "/comments/export.ndjson", method = "get")]
    async fn comments_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion")] discussion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        /// `accepted`, `partially_accepted`, `rejected`, `not_considered` or `none`.
        #[oai(example = "ex::comment_decision")]
        decision: Query<Option<String>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = comment_filter(discussion.0, agency.0, organization.0, decision.0);
        check(discussions::list_comments(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("comments", COMMENT_COLUMNS, comment_pages(ctx, f, lang_of(req))))
    }

    /// Export completion notices as CSV
    #[oai(path = "/completion-notices/export.csv", method = "get")]
    async fn notices_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    ) -> Result<CsvExport, AppError> {
        let f = discussions::NoticeFilter { agency_id: agency.0 };
        Ok(csv("completion-notices", NOTICE_COLUMNS, notice_pages(http::ctx(&state, req), f)))
    }

    /// Export completion notices as NDJSON
    ///
    /// Each notice in full, items included.
    #[oai(path = "/completion-notices/export.ndjson", method = "get")]
    async fn notices_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
    ) -> Result<NdjsonExport, AppError> {
        let f = discussions::NoticeFilter { agency_id: agency.0 };
        Ok(ndjson("completion-notices", NOTICE_COLUMNS, notice_pages(http::ctx(&state, req), f)))
    }

    /// Export agencies' measures as CSV
    ///
    /// Every answer on a published conclusion matching the list's filters.
    #[oai(path = "/measures/export.csv", method = "get")]
    async fn measures_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::conclusion")] conclusion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `accepted`, `in_progress`, `done` or `rejected`.
        #[oai(example = "ex::measure_status")]
        status: Query<Option<String>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = measures::MeasureFilter { conclusion_id: conclusion.0, agency_id: agency.0, status: status.0 };
        check(measures::list_measures(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(csv("measures", MEASURE_COLUMNS, measure_pages(ctx, f, lang_of(req))))
    }

    /// Export agencies' measures as NDJSON
    #[oai(path = "/measures/export.ndjson", method = "get")]
    async fn measures_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::conclusion")] conclusion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `accepted`, `in_progress`, `done` or `rejected`.
        #[oai(example = "ex::measure_status")]
        status: Query<Option<String>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = measures::MeasureFilter { conclusion_id: conclusion.0, agency_id: agency.0, status: status.0 };
        check(measures::list_measures(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(ndjson("measures", MEASURE_COLUMNS, measure_pages(ctx, f, lang_of(req))))
    }
}
