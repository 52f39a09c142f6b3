//! `/conclusions/{id}`: a monitoring conclusion with its four parts (Art. 29 p.3), the observations
//! it cites, the campaign's violations, and per recommendation or proposal the addressed agencies'
//! measures (p.4) with the scorecard. A draft is its campaign team's alone: the service decides.
use minijinja::{Value, context};
use poem::{Response, handler, http::StatusCode, web::Path};
use serde::Serialize;

use super::{AgencyLink, agencies::score_columns, agency_links, campaigns::campaign_title};
use crate::{
    domain::{
        conclusions::{SectionKey, items, observation_refs},
        violations::ViolationCategory,
    },
    error::AppResult,
    i18n::{self, Lang},
    markdown::{to_html, to_html_citing},
    service::conclusions,
    web::{charts::bar_chart, session::Page},
};

#[derive(Serialize)]
struct SectionView {
    key: &'static str,
    title: String,
    html: String,
}

#[derive(Serialize)]
struct MeasureView {
    agency: Option<AgencyLink>,
    status: String,
    reason: Option<String>,
    text_html: String,
    created_at: String,
}

#[derive(Serialize)]
struct ItemView {
    key: String,
    section: String,
    number: u32,
    text_html: String,
    measures: Vec<MeasureView>,
    /// The answer form of the viewer's agency, when the viewer may answer.
    answer: Option<Value>,
}

/// An observation's row on its campaign's page.
fn observation_href(campaign_id: i64, n: u64) -> String {
    format!("/campaigns/{campaign_id}#obs-{n}")
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    render(&p, id, StatusCode::OK, None).await
}

/// The conclusion's page; with an answer form per item for an officer of an addressed agency, and
/// a refused answer kept beside its item.
pub async fn render(p: &Page, id: i64, status: StatusCode, kept: Option<super::measures::Kept>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let viewer = p.viewer.as_ref();
    let full = conclusions::get_visible(&ctx, viewer, id).await?;
    let doc_lang = Lang::parse(&full.conclusion.language).unwrap_or(Lang::Ru);
    let answers = conclusions::answers(&ctx, viewer, id).await?;
    let (_, card) = conclusions::scorecard_of(&ctx.db, &full).await?;
    let answering = conclusions::answering_agency(viewer, &full);
    let ids: Vec<i64> = full
        .addressed
        .iter()
        .chain(full.authorized.iter())
        .chain(answers.iter().map(|m| &m.agency_id))
        .copied()
        .collect();
    let agencies = agency_links(&ctx, lang, &ids).await?;
    let s = &full.sections;

    let sections: Vec<SectionView> = SectionKey::ALL
        .iter()
        .filter_map(|k| {
            s.parts.get(k).map(|md| SectionView {
                key: k.as_str(),
                title: k.title(doc_lang),
                html: to_html_citing(md, |n| observation_href(full.campaign.id, n)),
            })
        })
        .collect();
    let mut cited: Vec<i64> = Vec::new();
    for md in s.preamble.iter().chain(s.parts.values()) {
        for n in observation_refs(md) {
            if !cited.contains(&n) {
                cited.push(n);
            }
        }
    }
    let campaign_id = full.campaign.id;
    let evidence: Vec<_> = cited
        .iter()
        .map(|n| {
            context! {
                id => n,
                href => observation_href(campaign_id, u64::try_from(*n).unwrap_or_default()),
                api => format!("/api/v1/campaigns/{campaign_id}/observations/{n}"),
            }
        })
        .collect();

    // Every answer in order: an agency's later answers on an item follow its earlier ones.
    let item_views: Vec<ItemView> = items(s)
        .into_iter()
        .map(|i| ItemView {
            measures: answers
                .iter()
                .filter(|m| m.item_key == i.key)
                .map(|m| MeasureView {
                    agency: agencies.get(&m.agency_id).cloned(),
                    status: i18n::text(lang, &format!("conclusions.measure.{}", m.status)),
                    reason: m.reason.clone(),
                    text_html: to_html(&m.text_md),
                    created_at: m.created_at.to_rfc3339(),
                })
                .collect(),
            answer: answering.map(|agency| {
                let latest = answers.iter().rev().find(|m| m.agency_id == agency && m.item_key == i.key);
                super::measures::item_form(lang, ctx.now, id, &i.key, latest, kept.as_ref())
            }),
            section: i.section.title(lang),
            number: i.number,
            text_html: to_html(&i.text_md),
            key: i.key,
        })
        .collect();

    let scorecard: Vec<_> = card
        .iter()
        .map(|sc| context! { agency => agencies.get(&sc.agency_id).cloned(), score => sc.clone() })
        .collect();
    let columns = score_columns(lang);
    let totals = card.iter().fold([0i64; 5], |mut t, sc| {
        for (slot, n) in t.iter_mut().zip([sc.accepted, sc.in_progress, sc.done, sc.rejected, sc.ignored]) {
            *slot += i64::from(n);
        }
        t
    });
    let score_chart = bar_chart(
        "scorecard",
        i18n::text(lang, "web.conclusion.score_chart"),
        i18n::text(lang, "web.conclusion.score_chart_summary"),
        columns.iter().cloned().zip(totals).collect(),
    );
    let mut violations: Vec<(String, Option<ViolationCategory>, String, u64)> =
        conclusions::violation_counts(&ctx.db, lang, campaign_id)
            .await?
            .into_iter()
            .map(|(agency, category, n)| {
                let label = i18n::text(lang, &format!("violations.{category}"));
                (agency, ViolationCategory::parse(&category), label, n)
            })
            .collect();
    // By agency, then in the order of form 1-мк.
    violations.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.map(|c| c.form_row()).cmp(&b.1.map(|c| c.form_row()))));
    let violations: Vec<_> = violations
        .into_iter()
        .map(|(agency, category, label, n)| {
            let row = category.map(|c| c.form_row()).unwrap_or_default();
            context! { agency => agency, category => format!("{row} {label}").trim().to_string(), count => n }
        })
        .collect();
    let c = &full.conclusion;

    p.render_status(
        status,
        "conclusion.html",
        context! {
            answering => answering.and_then(|a| agencies.get(&a).cloned()),
            measure_refusal => kept.as_ref().map(|k| k.refusal.clone()),
            conclusion => context! {
                id => c.id,
                title => c.title.clone(),
                language => c.language.clone(),
                state => c.state.clone(),
                state_label => i18n::text(lang, &format!("conclusions.state.{}", c.state)),
                hidden_reason => c.hidden_reason.clone(),
                revision => c.revision,
                correction_reason => full.revision.reason.clone(),
                submitted_at => c.submitted_at.map(|d| d.to_rfc3339()),
                published_at => c.published_at.map(|d| d.to_rfc3339()),
                preamble_html => s.preamble.as_deref().map(|md| to_html_citing(md, |n| observation_href(campaign_id, n))),
            },
            campaign => context! {
                href => format!("/campaigns/{campaign_id}"),
                title => campaign_title(lang, &full.campaign.title_kk, &full.campaign.title_ru),
            },
            addressed => full.addressed.iter().filter_map(|a| agencies.get(a).cloned()).collect::<Vec<_>>(),
            authorized => full.authorized.iter().filter_map(|a| agencies.get(a).cloned()).collect::<Vec<_>>(),
            sections => sections,
            evidence => evidence,
            violations => violations,
            items => item_views,
            score_columns => columns,
            scorecard => scorecard,
            score_chart => score_chart,
        },
    )
}
