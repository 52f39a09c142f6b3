//! One module per kind of page; each handler reads through `service/` and renders a template.
pub mod account;
pub mod admin;
pub mod admin_calendar;
pub mod admin_directory;
pub mod agencies;
pub mod campaign_forms;
pub mod campaign_survey;
pub mod campaigns;
pub mod conclusion_forms;
pub mod conclusions;
pub mod discussion_decisions;
pub mod discussion_forms;
pub mod discussions;
pub mod evidence;
pub mod home;
pub mod inbox;
pub mod me;
pub mod measures;
pub mod moderation;
pub mod notifications;
pub mod observation_forms;
pub mod organizations;
pub mod profile;
pub mod reports;
pub mod request_actions;
pub mod request_forms;
pub mod requests;
pub mod search;
pub mod tokens;

use std::collections::HashMap;

use entity::{agency, region};
use serde::Serialize;

use crate::{
    error::AppResult,
    i18n::Lang,
    service::{self, Ctx},
};

/// A name in the reader's language; Kazakh and Russian are always filled, English may be blank.
pub fn name_in(lang: Lang, kk: &str, ru: &str, en: &str) -> String {
    let chosen = match lang {
        Lang::Kk => kk,
        Lang::Ru => ru,
        Lang::En => en,
    };
    if chosen.trim().is_empty() { if lang == Lang::Kk { kk } else { ru }.to_string() } else { chosen.to_string() }
}

pub fn agency_name(lang: Lang, a: &agency::Model) -> String {
    name_in(lang, &a.name_kk, &a.name_ru, &a.name_en)
}

pub fn region_name(lang: Lang, r: &region::Model) -> String {
    name_in(lang, &r.name_kk, &r.name_ru, &r.name_en)
}

/// An agency as pages link it.
#[derive(Serialize, Clone, Debug)]
pub struct AgencyLink {
    pub id: i64,
    pub name: String,
    pub href: String,
}

impl AgencyLink {
    pub fn new(lang: Lang, a: &agency::Model) -> Self {
        AgencyLink { id: a.id, name: agency_name(lang, a), href: format!("/agencies/{}", a.id) }
    }
}

/// The agencies among `ids`, linked, in the reader's language.
pub async fn agency_links(ctx: &Ctx, lang: Lang, ids: &[i64]) -> AppResult<HashMap<i64, AgencyLink>> {
    Ok(service::requests::agencies_by_id(ctx, ids)
        .await?
        .into_iter()
        .map(|(id, a)| (id, AgencyLink::new(lang, &a)))
        .collect())
}

/// KATO code -> region name in the reader's language.
pub async fn region_names(ctx: &Ctx, lang: Lang) -> AppResult<HashMap<String, String>> {
    Ok(service::agencies::regions(ctx).await?.into_iter().map(|r| (r.code.clone(), region_name(lang, &r))).collect())
}

/// The page of a search document: the API path `/api/v1/<collection>/<id>` without the prefix
/// names the page, for every kind the index holds.
pub fn page_href(api_url: &str) -> String {
    let path = api_url.strip_prefix(crate::http::API_PREFIX).unwrap_or(api_url);
    // A completion notice is read on its discussion's page.
    path.strip_suffix("/notice").unwrap_or(path).to_string()
}
