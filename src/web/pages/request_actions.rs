//! The addressed agency's actions on an information request (Law Art. 29 p.2), as forms on the
//! request's page: answer with files, "already published, here:", refuse on a ground the law
//! names, extend once (after a step that states the new due date), forward to another agency.
//! Each posts to the service function the API calls; the service decides who may act and what
//! the request's state allows, and a refusal comes back on the request's page with the text kept.
use minijinja::context;
use poem::{
    IntoResponse, Request, Response, handler,
    web::{Form, Multipart, Path, Redirect},
};
use tokio::io::AsyncReadExt;

use super::{
    request_forms::refusal,
    requests::{ActionForm, ActionState, render},
};
use crate::{
    domain::text::has_forbidden_control,
    error::{AppError, AppResult, Code, FieldError},
    service::{
        requests::{self, AgencyAction},
        uploads::file_too_large,
    },
    web::session::{Page, check_csrf},
};

fn action() -> AgencyAction {
    AgencyAction {
        body_md: None,
        reason: None,
        ground: None,
        url: None,
        days: None,
        forward_to: None,
        attachments: Vec::new(),
        file_ids: Vec::new(),
    }
}

/// After a refusal: the request's page with the action's form as typed and the reason beside it.
async fn refused(p: &Page, id: i64, name: &'static str, form: ActionForm, e: AppError) -> AppResult<Response> {
    if matches!(e.code, Code::Internal | Code::ResourceNotFound) {
        return Err(e);
    }
    let act = ActionState { action: Some(name), form, refusal: Some(refusal(p, &e)) };
    render(p, id, e.status(), None, &act).await
}

fn done(id: i64, what: &str) -> Response {
    Redirect::see_other(format!("/requests/{id}?done={what}")).into_response()
}

fn to_sign_in(id: i64) -> Response {
    Redirect::see_other(format!("/sign-in?next=%2Frequests%2F{id}")).into_response()
}

/// A file chosen in the answer form.
struct Chosen {
    name: Option<String>,
    bytes: Vec<u8>,
}

fn control_character(pointer: &str) -> AppError {
    AppError::fields(Code::ValidationFailed, vec![FieldError::new(pointer, "control_character")])
}

/// The answer form: its fields and the files chosen, each read up to the upload limit.
async fn read_answer(mut mp: Multipart, limit: usize) -> AppResult<(ActionForm, Vec<Chosen>)> {
    let mut form = ActionForm::default();
    let mut files = Vec::new();
    let bad = |e: poem::error::ParseMultipartError| AppError::new(Code::InvalidBody).arg("reason", e.to_string());
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "files" => {
                let file_name = field.file_name().map(str::to_string).filter(|n| !n.is_empty());
                // A multipart body passes the layer that refuses control characters in forms;
                // PostgreSQL refuses a NUL in text, so it is refused here, where the field is read.
                if file_name.as_deref().is_some_and(has_forbidden_control) {
                    return Err(control_character("/files"));
                }
                let mut bytes = Vec::new();
                field
                    .into_async_read()
                    .take(limit as u64 + 1)
                    .read_to_end(&mut bytes)
                    .await
                    .map_err(|e| AppError::internal(anyhow::Error::new(e).context("reading an answer's file")))?;
                if bytes.len() > limit {
                    return Err(file_too_large(limit));
                }
                // A file input left empty still sends a part, without a name or bytes.
                if file_name.is_some() || !bytes.is_empty() {
                    files.push(Chosen { name: file_name, bytes });
                }
            }
            _ => {
                let value = field.text().await.map_err(|e| AppError::new(Code::InvalidBody).arg("reason", e))?;
                if has_forbidden_control(&value) {
                    return Err(control_character(&format!("/{name}")));
                }
                match name.as_str() {
                    "csrf_token" => form.csrf_token = value,
                    "body_md" => form.body_md = value,
                    "partial" => form.partial = Some(value),
                    _ => {}
                }
            }
        }
    }
    Ok((form, files))
}

/// `POST /requests/{id}/answer` (multipart): the files are uploaded for the request (private to
/// the agency, as the API's file upload), then the answer names them and publishes them.
#[handler]
pub async fn answer(req: &Request, mut p: Page, Path(id): Path<i64>, mp: Multipart) -> AppResult<Response> {
    p.here = format!("/requests/{id}");
    let limit = p.state()?.config.upload_max_bytes;
    let (form, files) = match read_answer(mp, limit).await {
        Ok(x) => x,
        Err(e) => return refused(&p, id, "answer", ActionForm::default(), e).await,
    };
    if let Err(e) = check_csrf(req, &form.csrf_token) {
        return refused(&p, id, "answer", form, e).await;
    }
    let Some(caller) = p.viewer.clone() else { return Ok(to_sign_in(id)) };
    let ctx = p.ctx()?;
    let mut file_ids = Vec::with_capacity(files.len());
    for f in files {
        match requests::upload_file(&ctx, &caller, id, f.bytes, f.name).await {
            Ok(stored) => file_ids.push(stored.id),
            Err(e) => return refused(&p, id, "answer", form, e).await,
        }
    }
    let a = AgencyAction { body_md: Some(form.body_md.clone()), file_ids, ..action() };
    match requests::answer(&ctx, &caller, id, form.partial.is_some(), a).await {
        Ok(_) => Ok(done(id, "answered")),
        Err(e) => refused(&p, id, "answer", form, e).await,
    }
}

/// `POST /requests/{id}/refuse`: on a ground the law names, or "already published, here:".
#[handler]
pub async fn refuse(req: &Request, mut p: Page, Path(id): Path<i64>, Form(f): Form<ActionForm>) -> AppResult<Response> {
    p.here = format!("/requests/{id}");
    let name = if f.ground == "already_published" { "published" } else { "refuse" };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, id, name, f, e).await;
    }
    let Some(caller) = p.viewer.clone() else { return Ok(to_sign_in(id)) };
    let a = AgencyAction {
        ground: Some(f.ground.clone()),
        reason: Some(f.reason.clone()),
        url: Some(f.url.clone()).filter(|u| !u.trim().is_empty()),
        ..action()
    };
    match requests::refuse(&p.ctx()?, &caller, id, a).await {
        Ok(_) => Ok(done(id, "refused")),
        Err(e) => refused(&p, id, name, f, e).await,
    }
}

/// The extension form's days: blank is the rule's most, as in the API.
fn extension(f: &ActionForm) -> AppResult<AgencyAction> {
    let days = match f.days.trim() {
        "" => None,
        d => Some(d.parse::<u32>().map_err(|_| {
            AppError::validation(vec![crate::error::FieldError::new("/days", "invalid_value").arg("value", d)])
        })?),
    };
    Ok(AgencyAction { days, reason: Some(f.reason.clone()), ..action() })
}

/// `POST /requests/{id}/extend`: first a step that states the new due date and that the
/// requester is told; with `confirm`, the extension itself.
#[handler]
pub async fn extend(req: &Request, mut p: Page, Path(id): Path<i64>, Form(f): Form<ActionForm>) -> AppResult<Response> {
    p.here = format!("/requests/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, id, "extend", f, e).await;
    }
    let Some(caller) = p.viewer.clone() else { return Ok(to_sign_in(id)) };
    let ctx = p.ctx()?;
    let calendar = p.state()?.calendar(&ctx).await?;
    let a = match extension(&f) {
        Ok(a) => a,
        Err(e) => return refused(&p, id, "extend", f, e).await,
    };
    if f.confirm.is_none() {
        let (new_due, _) = match requests::extension_preview(&ctx, &caller, &calendar, id, &a).await {
            Ok(x) => x,
            Err(e) => return refused(&p, id, "extend", f, e).await,
        };
        let r = requests::get_visible(&ctx, Some(&caller), id).await?;
        let agency = crate::service::agencies::find(&ctx.db, r.agency_id).await?;
        return p.render(
            "request_extend.html",
            context! {
                request => context! {
                    id => r.id,
                    number => r.number.clone(),
                    subject => r.subject.clone(),
                    due_date => r.due_date.map(|d| d.to_string()),
                },
                agency => super::AgencyLink::new(p.lang, &agency),
                new_due => new_due.to_string(),
                form => f,
            },
        );
    }
    match requests::extend(&ctx, &caller, &calendar, id, a).await {
        Ok(_) => Ok(done(id, "extended")),
        Err(e) => refused(&p, id, "extend", f, e).await,
    }
}

/// `POST /requests/{id}/forward`: to the agency that holds the information.
#[handler]
pub async fn forward(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> AppResult<Response> {
    p.here = format!("/requests/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, id, "forward", f, e).await;
    }
    let Some(caller) = p.viewer.clone() else { return Ok(to_sign_in(id)) };
    let to = match f.agency_id.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(t) => Some(t),
            Err(_) => {
                let e = AppError::validation(vec![
                    crate::error::FieldError::new("/agency_id", "invalid_value").arg("value", v),
                ]);
                return refused(&p, id, "forward", f, e).await;
            }
        },
    };
    let a = AgencyAction { forward_to: to, reason: Some(f.reason.clone()), ..action() };
    let ctx = p.ctx()?;
    let calendar = p.state()?.calendar(&ctx).await?;
    match requests::forward(&ctx, &caller, &calendar, id, a).await {
        Ok(_) => Ok(done(id, "forwarded")),
        Err(e) => refused(&p, id, "forward", f, e).await,
    }
}
