//! `/conclusions/{id}`: a monitoring conclusion with its four parts (Art. 29 p.3), the observations
//! it cites, the campaign's violations, and per recommendation or proposal the addressed agencies'
//! measures (p.4) with the scorecard. A draft is its campaign team's alone: the service decides.
use minijinja::context;
use poem::{Response, handler, web::Path};
use serde::Serialize;

use super::{AgencyLink, agencies::score_columns, agency_links, campaigns::campaign_title};
use crate::{
    domain::conclusions::{SectionKey, items, observation_refs},
    error::AppResult,
    i18n::{self, Lang},
    markdown::to_html,
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
}

/// Citations written `[obs:N]` in the rendered (already sanitized) text become links to the
/// observation's row on the campaign page. Only text outside tags, links and code changes, and
/// what is inserted is digits and fixed markup.
fn link_citations(html: &str, campaign_id: i64) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_link, mut in_code) = (false, false);
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = rest[..end].to_ascii_lowercase();
            match () {
                _ if tag.starts_with("<a ") || tag == "<a>" => in_link = true,
                _ if tag.starts_with("</a") => in_link = false,
                _ if tag.starts_with("<code") || tag.starts_with("<pre") => in_code = true,
                _ if tag.starts_with("</code") || tag.starts_with("</pre") => in_code = false,
                _ => {}
            }
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if !in_link && !in_code && rest.len() > 5 && rest.as_bytes()[..5].eq_ignore_ascii_case(b"[obs:") {
            let digits = rest[5..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[5 + digits..].starts_with(']') {
                let n = &rest[5..5 + digits];
                out.push_str(&format!("<a href=\"/campaigns/{campaign_id}#obs-{n}\">[obs:{n}]</a>"));
                rest = &rest[6 + digits..];
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let viewer = p.viewer.as_ref();
    let full = conclusions::get_visible(&ctx, viewer, id).await?;
    let doc_lang = Lang::parse(&full.conclusion.language).unwrap_or(Lang::Ru);
    let answers = conclusions::answers(&ctx, viewer, id).await?;
    let (_, card) = conclusions::scorecard_of(&ctx.db, &full).await?;
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
                html: link_citations(&to_html(md), full.campaign.id),
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
                href => format!("/campaigns/{campaign_id}#obs-{n}"),
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
    let violations_html = to_html(&conclusions::violations_markdown(&ctx.db, doc_lang, campaign_id).await?);
    let c = &full.conclusion;

    p.render(
        "conclusion.html",
        context! {
            conclusion => context! {
                id => c.id,
                title => c.title.clone(),
                language => c.language.clone(),
                state => c.state.clone(),
                state_label => i18n::text(lang, &format!("conclusions.state.{}", c.state)),
                revision => c.revision,
                correction_reason => full.revision.reason.clone(),
                submitted_at => c.submitted_at.map(|d| d.to_rfc3339()),
                published_at => c.published_at.map(|d| d.to_rfc3339()),
                preamble_html => s.preamble.as_deref().map(|md| link_citations(&to_html(md), campaign_id)),
            },
            campaign => context! {
                href => format!("/campaigns/{campaign_id}"),
                title => campaign_title(lang, &full.campaign.title_kk, &full.campaign.title_ru),
            },
            addressed => full.addressed.iter().filter_map(|a| agencies.get(a).cloned()).collect::<Vec<_>>(),
            authorized => full.authorized.iter().filter_map(|a| agencies.get(a).cloned()).collect::<Vec<_>>(),
            sections => sections,
            evidence => evidence,
            violations_html => violations_html,
            items => item_views,
            score_columns => columns,
            scorecard => scorecard,
            score_chart => score_chart,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::link_citations;

    #[test]
    fn citations_become_links_outside_links_and_code() {
        assert_eq!(
            link_citations("<p>See [obs:12] and [OBS:3].</p>", 7),
            "<p>See <a href=\"/campaigns/7#obs-12\">[obs:12]</a> and <a href=\"/campaigns/7#obs-3\">[obs:3]</a>.</p>"
        );
        assert_eq!(link_citations("<code>[obs:1]</code> [obs:x] [obs:]", 7), "<code>[obs:1]</code> [obs:x] [obs:]");
        assert_eq!(link_citations("<a href=\"/x\">[obs:1]</a>", 7), "<a href=\"/x\">[obs:1]</a>");
        assert_eq!(link_citations("Қ [obs:2]", 1), "Қ <a href=\"/campaigns/1#obs-2\">[obs:2]</a>");
    }
}
