//! `/agencies/{id}`: an agency, where it sits, its annual reports, how it answers information
//! requests, the conclusions addressed to it with its measures, and its discussions. Every figure
//! comes from the service the open-data API reads.
use std::collections::HashSet;

use minijinja::context;
use poem::{Response, handler, web::Path};
use serde::Serialize;

use super::{AgencyLink, name_in, region_names};
use crate::{
    domain::conclusions::AgencyScore,
    error::AppResult,
    i18n::{self, Lang},
    service::{
        agencies, conclusions,
        conclusions::ConclusionFilter,
        discussions::{self, DiscussionFilter, NoticeFilter},
        pagination::PageRequest,
        reports::{self, ReportFilter},
        requests,
    },
    web::{charts::bar_chart, format, session::Page},
};

/// At most this many rows per list; the API's lists and exports have the rest.
const CAP: u64 = 50;

#[derive(Serialize)]
struct ReportRow {
    year: i32,
    language: String,
    title: String,
    href: String,
}

#[derive(Serialize)]
struct Count {
    label: String,
    n: i64,
}

#[derive(Serialize)]
struct ConclusionRow {
    title: String,
    href: String,
    state: String,
    score: Option<AgencyScore>,
}

#[derive(Serialize)]
struct DiscussionRow {
    title: String,
    href: String,
    status: String,
    opens_at: String,
    closes_at: String,
    notice: bool,
}

/// The five columns of a scorecard, labelled.
pub fn score_columns(lang: Lang) -> Vec<String> {
    ["accepted", "in_progress", "done", "rejected"]
        .iter()
        .map(|k| i18n::text(lang, &format!("conclusions.measure.{k}")))
        .chain(std::iter::once(i18n::text(lang, "web.conclusion.ignored")))
        .collect()
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let a = agencies::find(&ctx.db, id).await?;
    let mut ancestors: Vec<AgencyLink> =
        agencies::ancestors(&ctx.db, id).await?.iter().map(|x| AgencyLink::new(lang, x)).collect();
    ancestors.reverse();
    let children: Vec<AgencyLink> =
        agencies::children(&ctx, id).await?.iter().map(|x| AgencyLink::new(lang, x)).collect();
    let region = match a.region.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => region_names(&ctx, lang).await?.get(code).cloned().or_else(|| Some(code.to_string())),
        None => None,
    };

    let (reports, more_reports) = reports::list(
        &ctx,
        ReportFilter { agency_id: Some(id), ..Default::default() },
        PageRequest { limit: CAP, after: None },
    )
    .await?;
    let mut reports: Vec<ReportRow> = reports
        .into_iter()
        .map(|r| ReportRow { year: r.year, language: r.language, title: r.title, href: format!("/reports/{}", r.id) })
        .collect();
    reports.sort_by(|x, y| y.year.cmp(&x.year).then_with(|| x.language.cmp(&y.language)));

    let t = requests::agency_table(&ctx, id).await?;
    let label = |k: &str| i18n::text(lang, &format!("web.agency.req_{k}"));
    let request_rows: Vec<Count> = [
        ("on_time", t.answered_on_time),
        ("late", t.answered_late),
        ("open", t.open_in_time),
        ("overdue", t.overdue_now),
        ("refused", t.refused_by_ground.values().sum()),
        ("forwarded", t.forwarded),
        ("withdrawn", t.withdrawn),
    ]
    .into_iter()
    .map(|(k, n)| Count { label: label(k), n: n as i64 })
    .collect();
    let grounds: Vec<Count> = t
        .refused_by_ground
        .iter()
        .map(|(g, n)| Count { label: i18n::text(lang, &format!("web.agency.ground.{g}")), n: *n as i64 })
        .collect();
    let requests_chart = bar_chart(
        "requests",
        i18n::text(lang, "web.agency.requests_chart"),
        i18n::format(lang, "web.agency.requests_chart_summary", &[("total", format::integer(lang, t.received as i64))]),
        request_rows.iter().map(|r| (r.label.clone(), r.n)).collect(),
    );

    let (totals, scored) = conclusions::agency_measures(&ctx, id).await?;
    let (addressed, more_conclusions) = conclusions::list(
        &ctx,
        ConclusionFilter { agency_id: Some(id), ..Default::default() },
        PageRequest { limit: CAP, after: None },
    )
    .await?;
    let conclusions: Vec<ConclusionRow> = addressed
        .into_iter()
        .map(|c| ConclusionRow {
            score: scored.iter().find(|(s, _)| s.id == c.id).map(|(_, score)| score.clone()),
            href: format!("/conclusions/{}", c.id),
            state: i18n::text(lang, &format!("conclusions.state.{}", c.state)),
            title: c.title,
        })
        .collect();

    // Which discussions are upcoming, open or closed is the service's filter, asked once each.
    let (notices, _) =
        discussions::list_notices(&ctx, NoticeFilter { agency_id: Some(id) }, PageRequest { limit: 100, after: None })
            .await?;
    let noticed: HashSet<i64> = notices.iter().map(|n| n.discussion_id).collect();
    let mut discussion_rows: Vec<DiscussionRow> = Vec::new();
    let mut more_discussions = false;
    for status in ["open", "upcoming", "closed"] {
        let (rows, more) = discussions::list(
            &ctx,
            DiscussionFilter { agency_id: Some(id), status: Some(status.into()) },
            PageRequest { limit: CAP, after: None },
        )
        .await?;
        more_discussions |= more.is_some();
        discussion_rows.extend(rows.into_iter().map(|d| DiscussionRow {
            title: name_in(lang, &d.title_kk, &d.title_ru, ""),
            href: format!("/discussions/{}", d.id),
            status: i18n::text(lang, &format!("web.agency.discussion_{status}")),
            opens_at: d.opens_at.to_rfc3339(),
            closes_at: d.closes_at.to_rfc3339(),
            notice: noticed.contains(&d.id),
        }));
    }
    let figures = discussions::agency_figures(&ctx, id).await?;
    let officer = officer_work(&p, &ctx, id, &scored).await?;

    p.render(
        "agency.html",
        context! {
            agency => context! {
                id => a.id,
                code => a.code.clone(),
                name => super::agency_name(lang, &a),
                kind => i18n::text(lang, &format!("web.agency.kind.{}", a.kind)),
                region => region,
                website => a.website.clone(),
                active => a.active,
            },
            ancestors => ancestors,
            children => children,
            reports => reports,
            more_reports => more_reports.is_some(),
            requests => context! {
                received => t.received,
                rows => request_rows,
                grounds => grounds,
                median_days => t.median_days_to_answer,
            },
            requests_chart => requests_chart,
            score_columns => score_columns(lang),
            totals => totals,
            conclusions => conclusions,
            more_conclusions => more_conclusions.is_some(),
            officer => officer,
            discussions => discussion_rows,
            more_discussions => more_discussions,
            figures => context! {
                held => figures.discussions_held,
                comments => figures.comments_received,
                accepted => figures.comments_accepted,
                partially => figures.comments_partially_accepted,
                share_accepted => figures.share_accepted,
                median_days => figures.median_days_close_to_notice,
            },
        },
    )
}

#[derive(Serialize)]
struct WorkRow {
    title: String,
    href: String,
    detail: String,
}

/// The agency's work waiting for its officers, on the agency's own page when an officer of it reads
/// it: closed discussions waiting for decisions or the completion notice, and published
/// conclusions addressed to it with items still unanswered. `None` for every other reader.
async fn officer_work(
    p: &Page,
    ctx: &crate::service::Ctx,
    agency_id: i64,
    scored: &[(entity::conclusion::Model, AgencyScore)],
) -> AppResult<Option<minijinja::Value>> {
    let Some(caller) = p.viewer.as_ref().filter(|c| discussions::developer::acts_for(Some(c), agency_id)) else {
        return Ok(None);
    };
    let lang = p.lang;
    let discussions: Vec<WorkRow> = discussions::developer::awaiting(ctx, caller, agency_id, CAP)
        .await?
        .into_iter()
        .map(|w| {
            let d = &w.discussion;
            let (href, detail) = if w.undecided > 0 {
                (
                    format!("/discussions/{}/decide", d.id),
                    i18n::format(
                        lang,
                        "web.officer.agency.undecided",
                        &[
                            ("n", format::integer(lang, w.undecided as i64)),
                            ("total", format::integer(lang, w.comments as i64)),
                        ],
                    ),
                )
            } else {
                (format!("/discussions/{}/decide#notice-h", d.id), i18n::text(lang, "web.officer.agency.notice_due"))
            };
            WorkRow { title: name_in(lang, &d.title_kk, &d.title_ru, ""), href, detail }
        })
        .collect();
    let conclusions: Vec<WorkRow> = scored
        .iter()
        .filter(|(_, s)| s.ignored > 0)
        .map(|(c, s)| WorkRow {
            title: c.title.clone(),
            href: format!("/conclusions/{}#measures-h", c.id),
            detail: i18n::format(
                lang,
                "web.officer.agency.unanswered",
                &[("n", format::integer(lang, i64::from(s.ignored)))],
            ),
        })
        .collect();
    Ok(Some(context! { discussions => discussions, conclusions => conclusions }))
}
