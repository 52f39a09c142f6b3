//! The already-published check of an information request (Law Art. 29 p.2: only information not
//! already published may be requested): what the portal has published, the registry, and earlier
//! requests to the same agency, matched against the request's words and stored with it.
use std::collections::HashSet;

use entity::{agency, info_request, public_service, request_check};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::*;
use crate::{domain::text::fold, search::SearchIndex};

/// A match the published-check found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckMatch {
    /// `report`, `answer`, `conclusion`, `draft_act`, `service` or `request`.
    pub kind: String,
    pub title: String,
    pub snippet: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, Default)]
pub struct CheckResult {
    /// Published documents (reports, answers to earlier requests, conclusions, notices).
    pub documents: Vec<CheckMatch>,
    /// Registry services whose names match.
    pub services: Vec<CheckMatch>,
    /// Earlier requests to the same agency with similar text.
    pub similar_requests: Vec<CheckMatch>,
}

/// The distinctive words of a text: folded, at least four letters, each once.
fn key_words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    crate::search::words(&fold(text))
        .map(|(_, w)| w.to_string())
        .filter(|w| w.chars().count() >= 4 && seen.insert(w.clone()))
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let union = a.union(b).count() as f64;
    if union == 0.0 { 0.0 } else { inter / union }
}

/// Before a request goes out (Art. 29 p.2: only information not already published): search what
/// the portal knows is published, the registry, and earlier requests to the same agency. The
/// result is stored with the request, so the check can be shown with it.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn published_check(
    ctx: &Ctx,
    caller: &Caller,
    index: &dyn SearchIndex,
    id: i64,
) -> AppResult<request_check::Model> {
    caller.require_scope(Scope::Write)?;
    let r = find(&ctx.db, id).await?;
    require_requester(caller, &r)?;
    if state_of(&r) != RequestState::Draft {
        return Err(AppError::new(Code::RequestNotEditable).arg("state", &r.state));
    }
    let words = key_words(&format!("{} {}", r.subject, crate::markdown::to_text(&r.questions_md)));
    let query = words.iter().take(16).cloned().collect::<Vec<_>>().join(" ") + " ";
    let mut result = CheckResult::default();
    if !words.is_empty() {
        let found = search_service::search(
            index,
            search_service::SearchParams { q: Some(query), limit: Some(10), loose: true, ..Default::default() },
        )
        .await?;
        result.documents = found
            .hits
            .into_iter()
            .map(|h| CheckMatch { kind: h.doc.kind, title: h.doc.title, snippet: h.snippet, url: h.doc.url })
            .collect();
    }
    let mine: HashSet<String> = words.iter().cloned().collect();
    let prefixes: Vec<String> = words.iter().map(|w| w.chars().take(5).collect()).collect();
    let mut services: Vec<(usize, public_service::Model)> = public_service::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (prefixes.iter().filter(|p| s.search_text.contains(p.as_str())).count(), s))
        .filter(|(score, _)| *score >= 2)
        .collect();
    services.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    result.services = services
        .into_iter()
        .take(5)
        .map(|(_, s)| CheckMatch {
            kind: "service".into(),
            title: s.name_ru.clone(),
            snippet: s.name_kk.clone(),
            url: format!("/api/v1/services/{}", s.id),
        })
        .collect();
    let earlier = info_request::Entity::find()
        .filter(info_request::Column::AgencyId.eq(r.agency_id))
        .filter(info_request::Column::State.ne(RequestState::Draft.as_str()))
        .filter(info_request::Column::Id.ne(r.id))
        .order_by_desc(info_request::Column::Id)
        .limit(1000)
        .all(&ctx.db)
        .await?;
    let mut similar: Vec<(f64, info_request::Model)> = earlier
        .into_iter()
        .map(|e| {
            let theirs: HashSet<String> =
                key_words(&format!("{} {}", e.subject, crate::markdown::to_text(&e.questions_md)))
                    .into_iter()
                    .collect();
            (jaccard(&mine, &theirs), e)
        })
        .filter(|(score, _)| *score >= 0.25)
        .collect();
    similar.sort_by(|a, b| b.0.total_cmp(&a.0));
    result.similar_requests = similar
        .into_iter()
        .take(5)
        .map(|(_, e)| CheckMatch {
            kind: "request".into(),
            title: e.subject.clone(),
            snippet: format!("{} {}", e.number.clone().unwrap_or_default(), e.state),
            url: format!("/api/v1/requests/{}", e.id),
        })
        .collect();
    let website = agency::Entity::find_by_id(r.agency_id).one(&ctx.db).await?.and_then(|a| a.website);
    let txn = crate::service::begin(&ctx.db).await?;
    let check = request_check::ActiveModel {
        request_id: Set(r.id),
        text_hash: Set(r.text_hash.clone()),
        matches: Set(json!(result)),
        agency_website: Set(website),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.check_id = Set(Some(check.id));
    let r = am.update(&txn).await?;
    record(&txn, ctx, caller, "info_request.published_check", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(check)
}
