//! `/`: one search box, what is new, and the portal's headline figures.
use minijinja::context;
use poem::{IntoResponse, Request, Response, handler, http::header, web::Json};
use serde::Serialize;

use super::{agency_links, page_href};
use crate::{
    error::AppResult,
    service::{
        discussions::{self, DiscussionFilter},
        overview,
        pagination::PageRequest,
        search::{SearchParams, search},
    },
    web::session::Page,
};

const LATEST: u64 = 5;

#[derive(Serialize)]
struct Item {
    title: String,
    href: String,
    agency: Option<super::AgencyLink>,
    year: Option<i32>,
    until: Option<String>,
}

#[handler]
pub async fn page(req: &Request, p: Page) -> AppResult<Response> {
    // Programs that asked the root for JSON before there were pages still get the map of the API.
    if req.header(header::ACCEPT).is_some_and(|a| a.contains("application/json") && !a.contains("text/html")) {
        return Ok(Json(serde_json::json!({
            "name": "Baqylau", "api": "/api/v1", "openapi": "/api/v1/openapi.json", "docs": "/docs", "health": "/healthz",
        }))
        .into_response());
    }
    let ctx = p.ctx()?;
    let state = p.state()?;
    let latest = |kind: &str| SearchParams {
        kind: Some(kind.to_string()),
        sort: Some("newest".into()),
        limit: Some(LATEST),
        ..Default::default()
    };
    // The lists come from the search index; while the engine is down the page still opens.
    let reports = search(state.search.as_ref(), latest("report")).await.ok();
    let conclusions = search(state.search.as_ref(), latest("conclusion")).await.ok();
    let (open, _) = discussions::list(
        &ctx,
        DiscussionFilter { status: Some("open".into()), ..Default::default() },
        PageRequest { limit: LATEST, after: None },
    )
    .await?;
    let ids: Vec<i64> = reports
        .iter()
        .chain(conclusions.iter())
        .flat_map(|f| f.hits.iter().map(|h| h.doc.agency_id))
        .chain(open.iter().map(|d| d.agency_id))
        .collect();
    let agencies = agency_links(&ctx, p.lang, &ids).await?;
    let items = |found: &Option<crate::service::search::Found>| -> Vec<Item> {
        found
            .iter()
            .flat_map(|f| f.hits.iter())
            .map(|h| Item {
                title: h.doc.title.clone(),
                href: page_href(&h.doc.url),
                agency: agencies.get(&h.doc.agency_id).cloned(),
                year: Some(h.doc.year),
                until: None,
            })
            .collect()
    };
    let discussions: Vec<Item> = open
        .iter()
        .map(|d| Item {
            title: super::name_in(p.lang, &d.title_kk, &d.title_ru, ""),
            href: format!("/discussions/{}", d.id),
            agency: agencies.get(&d.agency_id).cloned(),
            year: None,
            until: Some(d.closes_at.to_rfc3339()),
        })
        .collect();
    let headline = overview::headline(&ctx).await?;
    p.render(
        "home.html",
        context! {
            reports => items(&reports),
            conclusions => items(&conclusions),
            search_down => reports.is_none(),
            discussions => discussions,
            headline => headline,
        },
    )
}
