//! `/search`: the API's search (same service, same engine) as a page: highlighted snippets, facet
//! filters as links that keep the query, pages, and help when nothing is found.
use minijinja::context;
use poem::{Response, handler, web::Query};
use serde::{Deserialize, Serialize};

use super::{agency_links, page_href, region_names};
use crate::{
    domain::text::keyboard_layout_swap,
    error::{AppError, AppResult},
    i18n,
    search::MAX_DEPTH,
    service::search::{Found, SearchParams, search},
    web::session::Page,
};

pub const PER_PAGE: u64 = 20;

/// The page's parameters: the API's, with a page number instead of an offset and one `year`.
#[derive(Deserialize, Serialize, Default, Clone, Debug)]
pub struct SearchForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Any of the words instead of all of them (offered when all of them find nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<u8>,
}

impl SearchForm {
    fn blank_to_none(mut self) -> Self {
        let clean = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        self.kind = clean(self.kind);
        self.region = clean(self.region);
        self.language = clean(self.language);
        self.sort = clean(self.sort);
        self
    }

    /// This search with one thing changed, as a link; any change but paging starts at page 1.
    pub fn href(&self, change: impl FnOnce(&mut SearchForm)) -> String {
        let mut f = self.clone();
        let before = f.page;
        change(&mut f);
        if f.page == before {
            f.page = None;
        }
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(&f) {
            for (k, v) in m {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                s.append_pair(&k, &v);
            }
        }
        let q = s.finish();
        if q.is_empty() { "/search".to_string() } else { format!("/search?{q}") }
    }

    fn params(&self, limit: u64, offset: u64) -> SearchParams {
        SearchParams {
            q: self.q.clone(),
            kind: self.kind.clone(),
            agency: self.agency,
            region: self.region.clone(),
            year_from: self.year,
            year_to: self.year,
            language: self.language.clone(),
            sort: self.sort.clone(),
            limit: Some(limit),
            offset: Some(offset),
            loose: self.any == Some(1),
            ..Default::default()
        }
    }

    fn has_filters(&self) -> bool {
        self.kind.is_some()
            || self.agency.is_some()
            || self.region.is_some()
            || self.year.is_some()
            || self.language.is_some()
    }
}

#[derive(Serialize)]
struct HitView {
    title: String,
    href: String,
    kind: String,
    agency: Option<super::AgencyLink>,
    year: i32,
    language: String,
    snippet: String,
}

#[derive(Serialize)]
struct FacetValue {
    label: String,
    count: u64,
    href: String,
    selected: bool,
}

#[derive(Serialize)]
struct FacetView {
    name: String,
    title: String,
    values: Vec<FacetValue>,
    /// The link that drops this facet's filter, when one is set.
    clear_href: Option<String>,
}

/// What to suggest when a search finds nothing.
#[derive(Serialize, Default)]
struct Help {
    /// The query as it reads on the other keyboard layout, when that finds something.
    did_you_mean: Option<(String, String)>,
    /// The same words without the filters, when filters are set.
    without_filters: Option<String>,
    /// Any of the words, with how many documents that finds.
    any_words: Option<(u64, String)>,
}

#[handler]
pub async fn page(p: Page, Query(form): Query<SearchForm>) -> AppResult<Response> {
    let form = form.blank_to_none();
    let state = p.state()?;
    let page_no = form.page.unwrap_or(1).max(1);
    let last_page = MAX_DEPTH as u64 / PER_PAGE;
    if page_no > last_page {
        return Err(AppError::invalid_parameter(
            "page",
            &format!("at most {last_page}; narrow the search with filters"),
        ));
    }
    let found = search(state.search.as_ref(), form.params(PER_PAGE, (page_no - 1) * PER_PAGE)).await?;
    let ctx = p.ctx()?;
    let ids: Vec<i64> = found
        .hits
        .iter()
        .map(|h| h.doc.agency_id)
        .chain(found.facets.agency.keys().filter_map(|k| k.parse().ok()))
        .collect();
    let agencies = agency_links(&ctx, p.lang, &ids).await?;
    let regions = region_names(&ctx, p.lang).await?;
    let hits: Vec<HitView> = found
        .hits
        .iter()
        .map(|h| HitView {
            title: h.doc.title.clone(),
            href: page_href(&h.doc.url),
            kind: h.doc.kind.clone(),
            agency: agencies.get(&h.doc.agency_id).cloned(),
            year: h.doc.year,
            language: h.doc.language.clone(),
            snippet: h.snippet.clone(),
        })
        .collect();
    let facets = facets(&p, &form, &found, &agencies, &regions);
    let help = if found.total == 0 { help(&p, &form).await? } else { Help::default() };
    let pages = found.total.min(MAX_DEPTH as u64).div_ceil(PER_PAGE).max(1);
    let pager = context! {
        prev_href => (page_no > 1).then(|| form.href(|f| f.page = Some(page_no - 1))),
        next_href => (page_no < pages).then(|| form.href(|f| f.page = Some(page_no + 1))),
        label => i18n::format(p.lang, "web.page_of", &[("n", page_no.to_string()), ("m", pages.to_string())]),
    };
    let sorts: Vec<_> = ["relevance", "newest"]
        .iter()
        .map(|s| {
            let current = form.sort.as_deref().unwrap_or("relevance") == *s;
            context! { name => s, href => form.href(|f| f.sort = (*s != "relevance").then(|| s.to_string())), current => current }
        })
        .collect();
    p.render(
        "search.html",
        context! {
            form => form.clone(),
            q => form.q.clone().unwrap_or_default(),
            searched => form.q.is_some() || form.has_filters(),
            hits => hits,
            total => found.total,
            facets => facets,
            help => help,
            pager => pager,
            sorts => sorts,
            any_words => form.any == Some(1),
            processing_time_ms => found.processing_time_ms,
        },
    )
}

fn facets(
    p: &Page,
    form: &SearchForm,
    found: &Found,
    agencies: &std::collections::HashMap<i64, super::AgencyLink>,
    regions: &std::collections::HashMap<String, String>,
) -> Vec<FacetView> {
    let lang = p.lang;
    let label = |name: &str, value: &str| -> String {
        match name {
            "agency" => value.parse().ok().and_then(|id: i64| agencies.get(&id)).map(|a| a.name.clone()),
            "region" => regions.get(value).cloned(),
            "kind" => Some(i18n::text(lang, &format!("web.kind.{value}"))),
            "language" => Some(i18n::text(lang, &format!("web.lang_name.{value}"))),
            _ => None,
        }
        .unwrap_or_else(|| value.to_string())
    };
    let fs = &found.facets;
    let groups: [(&str, &std::collections::BTreeMap<String, u64>, Option<String>); 5] = [
        ("kind", &fs.kind, form.kind.clone()),
        ("year", &fs.year, form.year.map(|y| y.to_string())),
        ("language", &fs.language, form.language.clone()),
        ("agency", &fs.agency, form.agency.map(|a| a.to_string())),
        ("region", &fs.region, form.region.clone()),
    ];
    groups
        .into_iter()
        .map(|(name, counts, selected)| {
            let set = |f: &mut SearchForm, v: Option<&str>| match name {
                "kind" => f.kind = v.map(str::to_string),
                "year" => f.year = v.and_then(|v| v.parse().ok()),
                "language" => f.language = v.map(str::to_string),
                "agency" => f.agency = v.and_then(|v| v.parse().ok()),
                _ => f.region = v.map(str::to_string),
            };
            let mut values: Vec<FacetValue> = counts
                .iter()
                .map(|(value, count)| FacetValue {
                    label: label(name, value),
                    count: *count,
                    href: form.href(|f| set(f, Some(value))),
                    selected: selected.as_deref() == Some(value.as_str()),
                })
                .collect();
            // Years newest first; everything else by how much it holds.
            if name == "year" {
                values.sort_by(|a, b| b.label.cmp(&a.label));
            } else {
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            }
            FacetView {
                name: name.to_string(),
                title: i18n::text(lang, &format!("web.facet.{name}")),
                values,
                clear_href: selected.as_ref().map(|_| form.href(|f| set(f, None))),
            }
        })
        .collect()
}

async fn help(p: &Page, form: &SearchForm) -> AppResult<Help> {
    let state = p.state()?;
    let count = |f: SearchForm| async move {
        search(state.search.as_ref(), f.params(1, 0)).await.map(|found| found.total).unwrap_or(0)
    };
    let mut help = Help::default();
    let q = form.q.clone().unwrap_or_default();
    if let Some(swapped) = keyboard_layout_swap(&q) {
        let mut f = form.clone();
        f.q = Some(swapped.clone());
        if count(f.clone()).await > 0 {
            help.did_you_mean = Some((swapped, f.href(|_| {})));
        }
    }
    if form.has_filters() {
        help.without_filters =
            Some(SearchForm { q: form.q.clone(), sort: form.sort.clone(), ..Default::default() }.href(|_| {}));
    }
    if form.any != Some(1) && q.split_whitespace().count() > 1 {
        let mut f = form.clone();
        f.any = Some(1);
        let n = count(f.clone()).await;
        if n > 0 {
            help.any_words = Some((n, f.href(|_| {})));
        }
    }
    Ok(help)
}
