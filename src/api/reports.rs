use std::collections::BTreeMap;

use super::common::examples as ex;
use crate::{
    api::common::{self, lang_of},
    http,
};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::{
    ApiTags, common::BearerAuth, common::Body, common::double_option, common::ndjson::Ndjson,
    public_services::AgencyRef, views::Page,
};
use crate::{
    domain::{accounts::Scope, reports::Figures, violations::ViolationCategory},
    error::{AppError, ProblemField},
    i18n::{self, Lang},
    service::{Ctx, pagination::PageRequest, reports},
    state::AppState,
};

#[derive(Default)]
pub struct ReportsApi;

/// Counts of one violation category (form 1-мк rows 3.1-3.10).
#[derive(Object)]
#[oai(example)]
pub struct ViolationCount {
    /// e.g. `deadline_breached`.
    pub category: String,
    /// The row of form 1-мк, e.g. `3.1`.
    pub form_row: String,
    /// The category's name in the client's language.
    pub name: String,
    pub count: u64,
}

/// Sums of the figures, computed by the portal.
#[derive(Object)]
#[oai(example)]
pub struct FigureTotals {
    pub services_total: u64,
    pub services_individuals: u64,
    pub services_legal: u64,
    pub services_paper: u64,
    pub services_electronic: u64,
    pub services_govcorp: u64,
    pub violations_total: u64,
}

/// The figures of the state's own statistics a report carries (DOMAIN.md section 5).
#[derive(Object)]
#[oai(example)]
pub struct FiguresView {
    pub services_paper_individuals: u64,
    pub services_paper_legal: u64,
    pub services_electronic_individuals: u64,
    pub services_electronic_legal: u64,
    pub services_govcorp_individuals: u64,
    pub services_govcorp_legal: u64,
    pub refusals: u64,
    pub complaints_received: u64,
    pub complaints_satisfied: u64,
    pub disciplinary_measures: u64,
    pub recommendations_issued: u64,
    pub recommendations_fulfilled: u64,
    /// All ten categories, in form order.
    pub violations: Vec<ViolationCount>,
    pub totals: FigureTotals,
}

impl FiguresView {
    pub fn new(f: Figures, lang: Lang) -> Self {
        Self {
            totals: FigureTotals {
                services_total: f.services_total(),
                services_individuals: f.services_individuals(),
                services_legal: f.services_legal(),
                services_paper: f.services_paper_individuals + f.services_paper_legal,
                services_electronic: f.services_electronic_individuals + f.services_electronic_legal,
                services_govcorp: f.services_govcorp_individuals + f.services_govcorp_legal,
                violations_total: f.violations_total(),
            },
            violations: ViolationCategory::ALL
                .iter()
                .map(|c| ViolationCount {
                    category: c.as_str().into(),
                    form_row: c.form_row().into(),
                    name: i18n::text(lang, &format!("violations.{}", c.as_str())),
                    count: f.violations.get(c.as_str()).copied().unwrap_or(0),
                })
                .collect(),
            services_paper_individuals: f.services_paper_individuals,
            services_paper_legal: f.services_paper_legal,
            services_electronic_individuals: f.services_electronic_individuals,
            services_electronic_legal: f.services_electronic_legal,
            services_govcorp_individuals: f.services_govcorp_individuals,
            services_govcorp_legal: f.services_govcorp_legal,
            refusals: f.refusals,
            complaints_received: f.complaints_received,
            complaints_satisfied: f.complaints_satisfied,
            disciplinary_measures: f.disciplinary_measures,
            recommendations_issued: f.recommendations_issued,
            recommendations_fulfilled: f.recommendations_fulfilled,
        }
    }
}

/// A file that goes with a report.
#[derive(Object, Deserialize, Clone)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct AttachmentView {
    pub title: String,
    pub url: String,
}

/// A report in a list.
#[derive(Object)]
#[oai(example)]
pub struct ReportSummary {
    pub id: i64,
    pub agency_id: i64,
    pub year: i32,
    /// `kk`, `ru` or `en`.
    pub language: String,
    pub title: String,
    pub revision: i32,
    #[oai(nullable)]
    pub published_on: Option<NaiveDate>,
    /// Invented demo data, not an agency's report.
    pub demo: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<entity::report::Model> for ReportSummary {
    fn from(r: entity::report::Model) -> Self {
        Self {
            id: r.id,
            agency_id: r.agency_id,
            year: r.year,
            language: r.language,
            title: r.title,
            revision: r.revision,
            published_on: r.published_on,
            demo: r.demo,
            updated_at: r.updated_at,
        }
    }
}

/// A report: its latest revision.
#[derive(Object)]
#[oai(example)]
pub struct ReportView {
    pub id: i64,
    pub agency: AgencyRef,
    pub year: i32,
    pub language: String,
    pub title: String,
    pub revision: i32,
    pub body_md: String,
    /// The body rendered to sanitized HTML.
    pub body_html: String,
    #[oai(nullable)]
    pub source_url: Option<String>,
    #[oai(nullable)]
    pub published_on: Option<NaiveDate>,
    pub demo: bool,
    pub figures: FiguresView,
    pub attachments: Vec<AttachmentView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One revision of a report.
#[derive(Object)]
#[oai(example)]
pub struct RevisionView {
    pub revision: i32,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    #[oai(nullable)]
    pub source_url: Option<String>,
    #[oai(nullable)]
    pub published_on: Option<NaiveDate>,
    pub demo: bool,
    pub figures: FiguresView,
    pub attachments: Vec<AttachmentView>,
    pub created_at: DateTime<Utc>,
}

/// Figures as submitted; absent counts are zero; `violations` keyed by category.
#[derive(Object, Deserialize, Default)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct FiguresInput {
    #[serde(default)]
    #[oai(nullable)]
    pub services_paper_individuals: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub services_paper_legal: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub services_electronic_individuals: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub services_electronic_legal: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub services_govcorp_individuals: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub services_govcorp_legal: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub refusals: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub complaints_received: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub complaints_satisfied: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub disciplinary_measures: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub recommendations_issued: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub recommendations_fulfilled: Option<u64>,
    #[serde(default)]
    #[oai(nullable)]
    pub violations: Option<BTreeMap<String, u64>>,
}

impl From<FiguresInput> for Figures {
    fn from(f: FiguresInput) -> Self {
        Figures {
            services_paper_individuals: f.services_paper_individuals.unwrap_or(0),
            services_paper_legal: f.services_paper_legal.unwrap_or(0),
            services_electronic_individuals: f.services_electronic_individuals.unwrap_or(0),
            services_electronic_legal: f.services_electronic_legal.unwrap_or(0),
            services_govcorp_individuals: f.services_govcorp_individuals.unwrap_or(0),
            services_govcorp_legal: f.services_govcorp_legal.unwrap_or(0),
            refusals: f.refusals.unwrap_or(0),
            complaints_received: f.complaints_received.unwrap_or(0),
            complaints_satisfied: f.complaints_satisfied.unwrap_or(0),
            disciplinary_measures: f.disciplinary_measures.unwrap_or(0),
            recommendations_issued: f.recommendations_issued.unwrap_or(0),
            recommendations_fulfilled: f.recommendations_fulfilled.unwrap_or(0),
            violations: f.violations.unwrap_or_default(),
        }
    }
}

/// A report to publish; one per agency, year and language, so sending one that exists makes a
/// new revision of it.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    pub agency_id: i64,
    pub year: i32,
    /// `kk`, `ru` or `en`.
    pub language: String,
    #[oai(validator(max_length = 500, min_length = 3))]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[oai(validator(max_length = 200000), nullable)]
    pub body_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub source_url: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub published_on: Option<NaiveDate>,
    #[serde(default)]
    #[oai(nullable)]
    pub demo: Option<bool>,
    #[serde(default)]
    #[oai(nullable)]
    pub figures: Option<FiguresInput>,
    #[serde(default)]
    #[oai(nullable)]
    pub attachments: Option<Vec<AttachmentView>>,
}

/// Fields to change; a new revision is made when anything differs.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ReportUpdate {
    #[serde(default)]
    #[oai(nullable)]
    pub title: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub body_md: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub source_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub published_on: Option<Option<NaiveDate>>,
    #[serde(default)]
    #[oai(nullable)]
    pub demo: Option<bool>,
    #[serde(default)]
    #[oai(nullable)]
    pub figures: Option<FiguresInput>,
    #[serde(default)]
    #[oai(nullable)]
    pub attachments: Option<Vec<AttachmentView>>,
}

/// What happened to one line of an import.
#[derive(Object)]
#[oai(example)]
pub struct ImportLine {
    /// 1-based line number.
    pub line: u64,
    /// `created`, `updated`, `unchanged` or `refused`.
    pub status: String,
    #[oai(nullable)]
    pub id: Option<i64>,
    /// Why the line was refused.
    pub errors: Vec<ProblemField>,
}

/// Totals of an import.
#[derive(Object)]
#[oai(example)]
pub struct ImportTotals {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub refused: u64,
}

#[derive(Object)]
#[oai(example)]
pub struct ImportResult {
    pub totals: ImportTotals,
    pub lines: Vec<ImportLine>,
}

#[derive(ApiResponse)]
pub enum SaveReportResponse {
    /// A new report.
    #[oai(status = 201)]
    Created(Json<ReportView>),
    /// A new revision of the existing report, or nothing changed.
    #[oai(status = 200)]
    Saved(Json<ReportView>),
}

fn attachments(table: &'static str, id: i64, v: &serde_json::Value) -> Result<Vec<AttachmentView>, AppError> {
    let links: Vec<reports::AttachmentLink> = crate::service::json_column(table, id, "attachments", v)?;
    Ok(links.into_iter().map(|a| AttachmentView { title: a.title, url: a.url }).collect())
}

async fn view(ctx: &Ctx, r: entity::report::Model, lang: Lang) -> Result<ReportView, AppError> {
    let agency = crate::service::agencies::find(&ctx.db, r.agency_id).await?;
    Ok(ReportView {
        id: r.id,
        agency: agency.into(),
        year: r.year,
        language: r.language,
        title: r.title,
        revision: r.revision,
        body_html: crate::markdown::to_html(&r.body_md),
        body_md: r.body_md,
        source_url: r.source_url,
        published_on: r.published_on,
        demo: r.demo,
        figures: FiguresView::new(crate::service::json_column("report", r.id, "figures", &r.figures)?, lang),
        attachments: attachments("report", r.id, &r.attachments)?,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

fn to_input(b: NewReport) -> reports::ReportInput {
    reports::ReportInput {
        agency: None,
        agency_id: Some(b.agency_id),
        year: b.year,
        language: b.language,
        title: b.title,
        body_md: b.body_md.unwrap_or_default(),
        source_url: b.source_url,
        published_on: b.published_on,
        demo: b.demo.unwrap_or(false),
        figures: b.figures.map(Into::into).unwrap_or_default(),
        attachments: b
            .attachments
            .unwrap_or_default()
            .into_iter()
            .map(|a| reports::AttachmentLink { title: a.title, url: a.url })
            .collect(),
    }
}

#[OpenApi(tag = "ApiTags::Reports")]
impl ReportsApi {
    /// List annual reports
    ///
    /// Latest revisions; filter by agency, year, language and whether they are demo data.
    #[oai(path = "/reports", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::report_year")] year: Query<Option<i32>>,
        /// `kk`, `ru` or `en`.
        #[oai(example = "ex::language")]
        language: Query<Option<String>>,
        #[oai(example = "ex::demo")] demo: Query<Option<bool>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ReportSummary>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = report_filter(agency.0, year.0, language.0, demo.0);
        Ok(Json(Page::from(reports::list(&ctx, f, page).await?, ReportSummary::from)))
    }

    /// One report
    ///
    /// The latest revision, its body as Markdown and as sanitized HTML, and its figures with totals.
    #[oai(path = "/reports/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::report_id")] id: Path<i64>,
    ) -> Result<Json<ReportView>, AppError> {
        let ctx = http::ctx(&state, req);
        let r = reports::get(&ctx, id.0).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Revisions of a report
    #[oai(path = "/reports/:id/revisions", method = "get")]
    async fn revisions(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::report_id")] id: Path<i64>,
    ) -> Result<Json<Vec<RevisionView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let lang = lang_of(req);
        Ok(Json(
            reports::revisions(&ctx, id.0)
                .await?
                .into_iter()
                .map(|r| revision_view(r, lang))
                .collect::<Result<_, _>>()?,
        ))
    }

    /// One revision of a report
    #[oai(path = "/reports/:id/revisions/:revision", method = "get")]
    async fn revision(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::report_id")] id: Path<i64>,
        #[oai(example = "ex::revision_number")] revision: Path<i32>,
    ) -> Result<Json<RevisionView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(revision_view(reports::revision(&ctx, id.0, revision.0).await?, lang_of(req))?))
    }

    /// Publish a report (agency officers for their agency, administrators)
    ///
    /// One report per agency, year and language: sending one that exists makes a new revision,
    /// or changes nothing when the content is the same.
    #[oai(path = "/reports", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewReport>,
    ) -> Result<SaveReportResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let (r, outcome) = reports::save(&ctx, &caller, to_input(body.0)).await?;
        let v = Json(view(&ctx, r, lang_of(req)).await?);
        Ok(if outcome == reports::Outcome::Created {
            SaveReportResponse::Created(v)
        } else {
            SaveReportResponse::Saved(v)
        })
    }

    /// Revise a report (agency officers for their agency, administrators)
    #[oai(path = "/reports/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::report_id")] id: Path<i64>,
        body: Body<ReportUpdate>,
    ) -> Result<Json<ReportView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let change = reports::ReportChange {
            title: b.title,
            body_md: b.body_md,
            source_url: b.source_url,
            published_on: b.published_on,
            demo: b.demo,
            figures: b.figures.map(Into::into),
            attachments: b
                .attachments
                .map(|a| a.into_iter().map(|a| reports::AttachmentLink { title: a.title, url: a.url }).collect()),
        };
        let (r, _) = reports::revise(&ctx, &caller, id.0, change).await?;
        Ok(Json(view(&ctx, r, lang_of(req)).await?))
    }

    /// Import reports in bulk (NDJSON)
    ///
    /// One report per line, as in `POST /reports` but with the agency given by `agency` (its code)
    /// or `agency_id`. Idempotent on agency, year and language. Each line is stored or refused on
    /// its own; a refused line stores nothing and its errors are listed.
    #[oai(path = "/reports/bulk", method = "post")]
    async fn bulk(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Ndjson,
    ) -> Result<Json<ImportResult>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let lang = lang_of(req);
        let text = String::from_utf8_lossy(&body.0);
        let lines: Vec<reports::ParsedLine> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, reports::parse_line(l)))
            .collect();
        let results = reports::import(&ctx, Some(&caller), lines, None).await?;
        let mut totals = ImportTotals { created: 0, updated: 0, unchanged: 0, refused: 0 };
        let lines = results
            .into_iter()
            .map(|r| {
                let (status, id, errors) = match r.outcome {
                    Ok((id, o)) => (o.as_str(), Some(id), Vec::new()),
                    Err(e) => ("refused", None, crate::http::edge::problem_fields(&e, lang)),
                };
                match status {
                    "created" => totals.created += 1,
                    "updated" => totals.updated += 1,
                    "unchanged" => totals.unchanged += 1,
                    _ => totals.refused += 1,
                }
                ImportLine { line: r.line as u64, status: status.into(), id, errors }
            })
            .collect();
        Ok(Json(ImportResult { totals, lines }))
    }
}

fn revision_view(r: entity::report_revision::Model, lang: Lang) -> Result<RevisionView, AppError> {
    Ok(RevisionView {
        revision: r.revision,
        title: r.title,
        body_html: crate::markdown::to_html(&r.body_md),
        body_md: r.body_md,
        source_url: r.source_url,
        published_on: r.published_on,
        demo: r.demo,
        figures: FiguresView::new(crate::service::json_column("report_revision", r.id, "figures", &r.figures)?, lang),
        attachments: attachments("report_revision", r.id, &r.attachments)?,
        created_at: r.created_at,
    })
}

/// The list's filters, as the list and its exports take them.
fn report_filter(
    agency: Option<i64>,
    year: Option<i32>,
    language: Option<String>,
    demo: Option<bool>,
) -> reports::ReportFilter {
    reports::ReportFilter { agency_id: agency, year, language, demo }
}

mod examples;
pub mod export;
