//! `/campaigns/{id}`: a monitoring campaign as the public API shows it: basis, scope, period,
//! methodology, the team's public names, the statistics of its observations with charts, the
//! public part of its observations (paged) and its conclusions. A draft is its team's alone: the
//! service decides, with the signed-in reader as caller.
use minijinja::context;
use poem::{
    Response, handler,
    web::{Path, Query},
};
use serde::{Deserialize, Serialize};

use super::{AgencyLink, agency_links, name_in, region_names};
use crate::{
    domain::{observations::Outcome, violations::ViolationCategory},
    error::AppResult,
    i18n::{self, Lang},
    markdown,
    service::{
        campaigns, conclusions,
        conclusions::ConclusionFilter,
        observations::{self, ObservationFilter},
        organizations,
        pagination::PageRequest,
        public_services,
        statistics::{self, GroupBy, StatsFilter},
    },
    web::{charts::bar_chart, format, session::Page},
};

/// Observations per page.
const PER_PAGE: u64 = 20;
/// Services named on the page; the API's campaign view lists every one.
const SERVICES_SHOWN: usize = 30;

#[derive(Deserialize, Default)]
pub struct Params {
    /// Observations after this cursor (the API's cursor).
    cursor: Option<String>,
    /// What a working page's form just did (issue 21: `?done=activate` and the like).
    done: Option<String>,
}

#[derive(Serialize)]
struct Link {
    name: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct ShareRow {
    label: String,
    count: i64,
    share: f64,
}

#[derive(Serialize)]
struct ObservationRow {
    id: i64,
    observed_on: String,
    service: String,
    agency: Option<AgencyLink>,
    place: String,
    channel: String,
    outcome: String,
    waiting_minutes: Option<i32>,
    satisfaction: Option<i16>,
    term_exceeded: Option<bool>,
    violations: Vec<String>,
    note_html: String,
    /// Photos, documents and recordings, as the API serves them (location already blanked).
    evidence: Vec<EvidenceLink>,
    /// For the team and moderators: why a moderator hid the observation from the public.
    hidden_reason: Option<String>,
}

#[derive(Serialize)]
struct EvidenceLink {
    title: String,
    href: String,
}

/// The title in the reader's language: Kazakh readers get the Kazakh title, others the Russian,
/// each falling back to the other.
pub fn campaign_title(lang: Lang, kk: &Option<String>, ru: &Option<String>) -> String {
    name_in(lang, kk.as_deref().unwrap_or(""), ru.as_deref().unwrap_or(""), "")
}

fn violation_label(lang: Lang, key: &str) -> String {
    let name = i18n::text(lang, &format!("violations.{key}"));
    match ViolationCategory::parse(key) {
        Some(c) => format!("{} {name}", c.form_row()),
        None => name,
    }
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>, Query(params): Query<Params>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let viewer = p.viewer.as_ref();
    let c = campaigns::get_visible(&ctx, viewer, id).await?;
    let page = PageRequest::parse(Some(PER_PAGE), params.cursor.as_deref())?;
    let v = campaigns::view(&ctx.db, c).await?;
    let c = &v.campaign;

    let (observed, next) = observations::list(&ctx, viewer, id, ObservationFilter::default(), page).await?;
    let mut agency_ids: Vec<i64> = v.agency_ids.clone();
    agency_ids.extend(observed.iter().map(|o| o.observation.agency_id));
    agency_ids.extend(c.order_customer_id);
    let agencies = agency_links(&ctx, lang, &agency_ids).await?;
    let regions = region_names(&ctx, lang).await?;
    let region_name = |code: &str| regions.get(code).cloned().unwrap_or_else(|| code.to_string());

    let mut service_ids: Vec<i64> = v.service_ids.iter().copied().take(SERVICES_SHOWN).collect();
    service_ids.extend(observed.iter().map(|o| o.observation.service_id));
    service_ids.sort_unstable();
    service_ids.dedup();
    let service_names: std::collections::HashMap<i64, String> = public_services::by_id(&ctx, &service_ids)
        .await?
        .into_iter()
        .map(|(id, s)| (id, name_in(lang, &s.name_kk, &s.name_ru, &s.name_en)))
        .collect();
    let services: Vec<Link> = v
        .service_ids
        .iter()
        .take(SERVICES_SHOWN)
        .map(|s| Link { name: service_names.get(s).cloned().unwrap_or_else(|| s.to_string()), href: None })
        .collect();

    let observations: Vec<ObservationRow> = observed
        .iter()
        .map(|o| {
            let ob = &o.observation;
            ObservationRow {
                hidden_reason: ob.hidden_reason.clone(),
                id: ob.id,
                observed_on: ob.observed_on.to_string(),
                service: service_names.get(&ob.service_id).cloned().unwrap_or_else(|| ob.service_id.to_string()),
                agency: agencies.get(&ob.agency_id).cloned(),
                place: match &ob.region {
                    Some(r) if !ob.online => region_name(r),
                    _ => i18n::text(lang, "monitoring.online"),
                },
                channel: i18n::text(lang, &format!("monitoring.channel.{}", ob.channel)),
                outcome: i18n::text(lang, &format!("monitoring.outcome.{}", ob.outcome)),
                waiting_minutes: ob.waiting_minutes,
                satisfaction: ob.satisfaction,
                term_exceeded: ob.term_exceeded,
                violations: o.violations.iter().map(|x| violation_label(lang, &x.category)).collect(),
                note_html: markdown::to_html(&ob.note_md),
                evidence: o
                    .evidence
                    .iter()
                    .map(|e| EvidenceLink {
                        title: e.caption.clone().or_else(|| e.original_name.clone()).unwrap_or_else(|| {
                            i18n::format(lang, "web.campaign.evidence_file", &[("n", e.id.to_string())])
                        }),
                        href: super::evidence::href(ob.campaign_id, e),
                    })
                    .collect(),
            }
        })
        .collect();

    let groups =
        statistics::campaign_observations(&ctx, viewer, lang, id, GroupBy::All, StatsFilter::default()).await?;
    let stats = groups.into_iter().next();
    let stats_view = stats.as_ref().map(|g| {
        // In the order the forms list them, not the keys' alphabetical order.
        let outcomes: Vec<ShareRow> = Outcome::ALL
            .iter()
            .filter_map(|o| g.outcomes.get_key_value(o.as_str()))
            .map(|(k, s)| ShareRow {
                label: i18n::text(lang, &format!("monitoring.outcome.{k}")),
                count: s.count,
                share: s.share,
            })
            .collect();
        let violations: Vec<ShareRow> = ViolationCategory::ALL
            .iter()
            .filter_map(|c| g.violations.get_key_value(c.as_str()))
            .map(|(k, s)| ShareRow { label: violation_label(lang, k), count: s.count, share: s.share })
            .collect();
        let total = format::integer(lang, g.observations);
        let outcome_chart = bar_chart(
            "outcomes",
            i18n::text(lang, "web.campaign.outcomes_chart"),
            i18n::format(lang, "web.campaign.outcomes_chart_summary", &[("total", total.clone())]),
            outcomes.iter().map(|r| (r.label.clone(), r.count)).collect(),
        );
        let violation_chart = bar_chart(
            "violations",
            i18n::text(lang, "web.campaign.violations_chart"),
            i18n::format(lang, "web.campaign.violations_chart_summary", &[("total", total)]),
            violations.iter().map(|r| (r.label.clone(), r.count)).collect(),
        );
        let satisfaction: Vec<(String, i64)> = (1..=5)
            .map(|n| (n.to_string(), g.satisfaction.distribution.get(&n.to_string()).copied().unwrap_or(0)))
            .collect();
        let satisfaction_chart = bar_chart(
            "satisfaction",
            i18n::text(lang, "web.campaign.satisfaction_chart"),
            i18n::format(
                lang,
                "web.campaign.satisfaction_chart_summary",
                &[("count", format::integer(lang, g.satisfaction.count))],
            ),
            satisfaction.clone(),
        );
        context! {
            observations => g.observations,
            outcomes => outcomes,
            violations => violations,
            satisfaction => g.satisfaction.clone(),
            satisfaction_rows => satisfaction,
            waiting => g.waiting_minutes.clone(),
            term => g.term.clone(),
            outcome_chart => outcome_chart,
            violation_chart => violation_chart,
            satisfaction_chart => satisfaction_chart,
        }
    });

    let (concluded, _) = conclusions::list(
        &ctx,
        ConclusionFilter { campaign_id: Some(id), ..Default::default() },
        PageRequest { limit: 100, after: None },
    )
    .await?;
    let conclusion_links: Vec<Link> = concluded
        .into_iter()
        .map(|x| Link {
            href: Some(format!("/conclusions/{}", x.id)),
            name: format!("{} ({})", x.title, i18n::text(lang, &format!("conclusions.state.{}", x.state))),
        })
        .collect();

    let team: Vec<_> = campaigns::team(&ctx, c)
        .await?
        .into_iter()
        .map(|m| {
            context! {
                name => m.name,
                role => i18n::text(lang, &format!("web.campaign.role_{}", m.role)),
                since => m.since.to_rfc3339(),
            }
        })
        .collect();

    // The NGO running it is public (as `GET /organizations/{id}` is); a person's own campaign has none.
    let organization = match c.organization_id {
        Some(o) => Some(organizations::get(&ctx, o).await?.name),
        None => None,
    };

    let first_page = params.cursor.is_some().then(|| format!("/campaigns/{id}#observations-h"));
    let pager = context! {
        prev_href => first_page,
        next_href => next.as_ref().map(|n| format!("/campaigns/{id}?cursor={n}#observations-h")),
        label => i18n::text(lang, "web.campaign.observations_page"),
    };

    // issue 21: the team's working pages and the survey, as far as the reader may use them.
    let manage = super::campaign_forms::manage_links(&p, id).await?;
    let done = super::campaign_forms::Done::of(params.done).message(lang);
    let survey_open = campaigns::state_of(c).accepts_responses();

    p.render(
        "campaign.html",
        context! {
            manage => manage,
            done => done,
            survey_open => survey_open,
            campaign => context! {
                id => c.id,
                title => campaign_title(lang, &c.title_kk, &c.title_ru),
                summary => campaign_title(lang, &c.summary_kk, &c.summary_ru),
                state => c.state.clone(),
                state_label => i18n::text(lang, &format!("monitoring.state.{}", c.state)),
                basis_label => i18n::text(lang, &format!("monitoring.basis.{}", c.basis)),
                social_order => c.basis == "state_social_order",
                order_reference => c.order_reference.clone(),
                order_date => c.order_date.map(|d| d.to_string()),
                order_customer => c.order_customer_id.and_then(|a| agencies.get(&a).cloned()),
                period_from => c.period_from.to_string(),
                period_to => c.period_to.to_string(),
                methodology_html => markdown::to_html(&c.methodology_md),
            },
            organization => organization,
            services => services,
            more_services => v.service_ids.len() > SERVICES_SHOWN,
            scope_agencies => v.agency_ids.iter().filter_map(|a| agencies.get(a).cloned()).collect::<Vec<_>>(),
            scope_regions => v.regions.iter().map(|r| region_name(r)).collect::<Vec<_>>(),
            team => team,
            // issue 21: the team's field work (observations, a new conclusion), see campaign_field.html
            field => super::observation_forms::campaign_links(&p, c).await?,
            stats => stats_view,
            observations => observations,
            pager => pager,
            conclusions => conclusion_links,
        },
    )
}
