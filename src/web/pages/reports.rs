//! `/reports/{id}`: an agency's annual report with its figures as a table and as charts, and the
//! agency's other years.
use minijinja::context;
use poem::{Response, handler, web::Path};
use serde::Serialize;

use super::AgencyLink;
use crate::{
    domain::{reports::Figures, violations::ViolationCategory},
    error::AppResult,
    i18n::{self, Lang},
    markdown,
    service::{
        agencies,
        pagination::PageRequest,
        reports::{self, ReportFilter},
    },
    web::{charts::bar_chart, session::Page},
};

#[derive(Serialize)]
struct Row {
    label: String,
    individuals: Option<u64>,
    legal: Option<u64>,
    total: u64,
}

#[derive(Serialize)]
struct OtherYear {
    year: i32,
    language: String,
    href: String,
    current: bool,
}

/// The rows of the services table: by channel, each for individuals and legal entities.
fn service_rows(lang: Lang, f: &Figures) -> Vec<Row> {
    let row = |key: &str, i: u64, l: u64| Row {
        label: i18n::text(lang, &format!("web.report.{key}")),
        individuals: Some(i),
        legal: Some(l),
        total: i + l,
    };
    vec![
        row("paper", f.services_paper_individuals, f.services_paper_legal),
        row("electronic", f.services_electronic_individuals, f.services_electronic_legal),
        row("govcorp", f.services_govcorp_individuals, f.services_govcorp_legal),
        row("total", f.services_individuals(), f.services_legal()),
    ]
}

/// The other figures of form 1-мк, one number each.
fn other_rows(lang: Lang, f: &Figures) -> Vec<Row> {
    [
        ("refusals", f.refusals),
        ("complaints_received", f.complaints_received),
        ("complaints_satisfied", f.complaints_satisfied),
        ("disciplinary_measures", f.disciplinary_measures),
        ("recommendations_issued", f.recommendations_issued),
        ("recommendations_fulfilled", f.recommendations_fulfilled),
    ]
    .into_iter()
    .map(|(key, n)| Row {
        label: i18n::text(lang, &format!("web.report.{key}")),
        individuals: None,
        legal: None,
        total: n,
    })
    .collect()
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let r = reports::get(&ctx, id).await?;
    let agency = agencies::find(&ctx.db, r.agency_id).await?;
    let figures: Figures = crate::service::json_column::<Figures>("report", r.id, "figures", &r.figures)?.normalized();
    let channels = bar_chart(
        "channels",
        i18n::text(lang, "web.report.chart_channels"),
        i18n::format(
            lang,
            "web.report.chart_channels_summary",
            &[("total", crate::web::format::integer(lang, figures.services_total() as i64))],
        ),
        service_rows(lang, &figures).into_iter().take(3).map(|r| (r.label, r.total as i64)).collect(),
    );
    let violation_rows: Vec<(String, i64)> = ViolationCategory::ALL
        .iter()
        .map(|c| {
            let n = figures.violations.get(c.as_str()).copied().unwrap_or(0);
            (format!("{} {}", c.form_row(), i18n::text(lang, &format!("violations.{}", c.as_str()))), n as i64)
        })
        .collect();
    let violations = bar_chart(
        "violations",
        i18n::text(lang, "web.report.chart_violations"),
        i18n::format(
            lang,
            "web.report.chart_violations_summary",
            &[("total", crate::web::format::integer(lang, figures.violations_total() as i64))],
        ),
        violation_rows.clone(),
    );
    let (others, _) = reports::list(
        &ctx,
        ReportFilter { agency_id: Some(r.agency_id), ..Default::default() },
        PageRequest { limit: 100, after: None },
    )
    .await?;
    let mut other_years: Vec<OtherYear> = others
        .iter()
        .map(|o| OtherYear {
            year: o.year,
            language: o.language.clone(),
            href: format!("/reports/{}", o.id),
            current: o.id == r.id,
        })
        .collect();
    other_years.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.language.cmp(&b.language)));
    let attachments: Vec<reports::AttachmentLink> =
        crate::service::json_column("report", r.id, "attachments", &r.attachments)?;
    p.render(
        "report.html",
        context! {
            report => context! {
                id => r.id,
                title => r.title.clone(),
                year => r.year,
                language => r.language.clone(),
                revision => r.revision,
                demo => r.demo,
                source_url => r.source_url.clone(),
                published_on => r.published_on.map(|d| d.to_string()),
                updated_at => r.updated_at.to_rfc3339(),
                body_html => markdown::to_html_under(&r.body_md, 3),
            },
            agency => AgencyLink::new(lang, &agency),
            services => service_rows(lang, &figures),
            other_figures => other_rows(lang, &figures),
            violation_rows => violation_rows,
            violations_total => figures.violations_total(),
            channels_chart => channels,
            violations_chart => violations,
            other_years => other_years,
            attachments => attachments,
        },
    )
}
