//! An agency officer's answers on a conclusion addressed to the agency (Law Art. 29 p.4), on the
//! conclusion's page: per recommendation or proposal, the measure taken, planned or declined with
//! its reason; an answer is edited within its edit window, after which a new answer follows it.
//! Who may answer is `service::conclusions::answering_agency`; every refusal is the command's.
use chrono::{DateTime, Utc};
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Redirect},
};
use serde::{Deserialize, Serialize};

use super::conclusions::render;
use crate::{
    domain::conclusions::{MeasureStatus, editable},
    error::AppResult,
    error::Code,
    i18n::{self, Lang},
    service::conclusions::{self, AnswerInput, AnswerPatch},
    web::session::{Page, check_csrf},
};

/// An answer as the officer typed it, kept when refused.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct MeasureForm {
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub text_md: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

/// A refused answer, to show beside its item with what was typed.
pub struct Kept {
    pub item: String,
    pub form: MeasureForm,
    pub refusal: Value,
}

/// The answer form of one item for the officer's agency: a new answer, or an edit of the agency's
/// latest answer while that is still editable.
pub fn item_form(
    lang: Lang,
    now: DateTime<Utc>,
    conclusion_id: i64,
    item: &str,
    latest: Option<&entity::measure::Model>,
    kept: Option<&Kept>,
) -> Value {
    let editing = latest.filter(|m| editable(m.created_at, now));
    let form = match (kept.filter(|k| k.item == item), editing) {
        (Some(k), _) => k.form.clone(),
        (None, Some(m)) => MeasureForm {
            item: item.into(),
            status: m.status.clone(),
            reason: m.reason.clone().unwrap_or_default(),
            text_md: m.text_md.clone(),
            csrf_token: String::new(),
        },
        (None, None) => MeasureForm { item: item.into(), ..Default::default() },
    };
    let action = match editing {
        Some(m) => format!("/conclusions/{conclusion_id}/measures/{}", m.id),
        None => format!("/conclusions/{conclusion_id}/measures"),
    };
    let statuses: Vec<Value> = MeasureStatus::ALL
        .iter()
        .map(|s| {
            context! {
                value => s.as_str(),
                label => i18n::text(lang, &format!("conclusions.measure.{}", s.as_str())),
                needs_reason => s.needs_reason(),
            }
        })
        .collect();
    context! {
        action => action,
        editing => editing.is_some(),
        editable_until => editing.map(|m| conclusions::editable_until(m).to_rfc3339()),
        form => form,
        statuses => statuses,
        refusal => kept.filter(|k| k.item == item).map(|k| k.refusal.clone()),
        slug => item.replace('.', "-"),
    }
}

/// `POST /conclusions/{id}/measures`: a new answer on an item.
#[handler]
pub async fn answer(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(f): Form<MeasureForm>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, id, f, &e).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fconclusions%2F{id}")).into_response());
    };
    let ctx = p.ctx()?;
    let input = AnswerInput {
        item: f.item.clone(),
        status: f.status.clone(),
        reason: Some(f.reason.clone()).filter(|r| !r.trim().is_empty()),
        text_md: Some(f.text_md.clone()),
        attachments: vec![],
    };
    match conclusions::answer(&ctx, &caller, id, input).await {
        Ok(m) => Ok(Redirect::see_other(format!("/conclusions/{id}#item-{}", m.item_key)).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => refused(&p, id, f, &e).await,
    }
}

/// `POST /conclusions/{id}/measures/{measure_id}`: an edit of an answer within its window.
#[handler]
pub async fn edit(
    req: &Request,
    mut p: Page,
    Path((id, measure_id)): Path<(i64, i64)>,
    Form(f): Form<MeasureForm>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, id, f, &e).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fconclusions%2F{id}")).into_response());
    };
    let ctx = p.ctx()?;
    let patch = AnswerPatch {
        status: Some(f.status.clone()),
        reason: Some(Some(f.reason.clone()).filter(|r| !r.trim().is_empty())),
        text_md: Some(f.text_md.clone()),
        attachments: None,
    };
    match conclusions::edit_answer(&ctx, &caller, id, measure_id, patch).await {
        Ok(m) => Ok(Redirect::see_other(format!("/conclusions/{id}#item-{}", m.item_key)).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => refused(&p, id, f, &e).await,
    }
}

async fn refused(p: &Page, id: i64, f: MeasureForm, e: &crate::error::AppError) -> AppResult<Response> {
    let kept = Kept { item: f.item.clone(), refusal: p.refusal(e), form: f };
    let status = StatusCode::from_u16(e.status().as_u16()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    render(p, id, status, Some(kept)).await
}
