//! The requester's side of an information request (Law Art. 29 p.2) as pages: write a draft
//! (`/requests/new`, `/requests/{id}/edit`), the already-published check as a step of its own
//! (`/requests/{id}/check`), sending it, and deleting a draft. Each form posts to the same service
//! function the API calls; a refusal comes back beside the form with everything typed kept.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{AgencyLink, agency_name, name_in};
use crate::{
    domain::directory::AgencyKind,
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
    service::requests::{self, CheckMatch, CheckResult, DraftChange, RequestDraft},
    web::session::{Page, check_csrf},
};

/// A refusal of a request form in the reader's language. Where the API's wording names an API
/// operation, the page says what to do on the page instead.
pub fn refusal(p: &Page, e: &AppError) -> Value {
    let lang = p.lang;
    let code = e.code.as_str();
    let base = p.refusal(e);
    let web_detail = format!("web.request_errors.{code}");
    let detail = if has_text(lang, &web_detail) {
        Value::from(i18n::format(lang, &web_detail, &e.args))
    } else {
        base.get_attr("detail").unwrap_or_default()
    };
    let fields: Vec<Value> = e
        .fields
        .iter()
        .map(|f| {
            let (own, web, api) = (
                format!("web.request_fields.{}", f.code),
                format!("web.fields.{}", f.code),
                format!("fields.{}", f.code),
            );
            let key = i18n::first_of(lang, &[&own, &web, &api]).unwrap_or(&api).to_string();
            context! { pointer => f.pointer.clone(), message => i18n::format(lang, &key, &f.args) }
        })
        .collect();
    context! {
        code => code,
        title => base.get_attr("title").unwrap_or_default(),
        detail => detail,
        fields => fields,
    }
}

fn has_text(lang: Lang, key: &str) -> bool {
    i18n::text(lang, key) != key
}

/// Errors a form cannot show beside itself: the page is not the reader's to see, or failed.
fn is_page_error(e: &AppError) -> bool {
    matches!(e.code, Code::Internal | Code::ResourceNotFound | Code::Forbidden)
}

/// The draft form as typed, kept when a refusal sends it back.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct DraftForm {
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    questions_md: String,
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    campaign_id: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// An optional id typed in a form: blank is none, anything else must be a number.
fn optional_id(pointer: &str, value: &str) -> Result<Option<i64>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| FieldError::new(pointer, "invalid_value").arg("value", v))
}

impl DraftForm {
    fn of(r: &entity::info_request::Model) -> Self {
        DraftForm {
            agency_id: r.agency_id.to_string(),
            language: r.language.clone(),
            subject: r.subject.clone(),
            questions_md: r.questions_md.clone(),
            organization_id: r.organization_id.map(|o| o.to_string()).unwrap_or_default(),
            campaign_id: r.campaign_id.map(|c| c.to_string()).unwrap_or_default(),
            csrf_token: String::new(),
        }
    }

    /// The ids, read as the API reads its JSON numbers.
    fn ids(&self) -> AppResult<(i64, Option<i64>, Option<i64>)> {
        let mut errors = Vec::new();
        let agency = match optional_id("/agency_id", &self.agency_id) {
            Ok(Some(a)) => Some(a),
            Ok(None) => {
                errors.push(FieldError::new("/agency_id", "required"));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let org = optional_id("/organization_id", &self.organization_id).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let campaign = optional_id("/campaign_id", &self.campaign_id).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        match agency {
            Some(a) if errors.is_empty() => Ok((a, org, campaign)),
            _ => Err(AppError::validation(errors)),
        }
    }
}

#[derive(Serialize)]
struct Choice {
    id: i64,
    name: String,
}

#[derive(Serialize)]
struct ChoiceGroup {
    label: String,
    options: Vec<Choice>,
}

/// The addressees grouped by kind, in the directory's order of kinds, by name within a kind.
fn addressee_groups(lang: Lang, agencies: &[entity::agency::Model], except: Option<i64>) -> Vec<ChoiceGroup> {
    AgencyKind::ALL
        .iter()
        .filter_map(|k| {
            let mut options: Vec<Choice> = agencies
                .iter()
                .filter(|a| a.kind == k.as_str() && Some(a.id) != except)
                .map(|a| Choice { id: a.id, name: agency_name(lang, a) })
                .collect();
            options.sort_by(|a, b| a.name.cmp(&b.name));
            (!options.is_empty())
                .then(|| ChoiceGroup { label: i18n::text(lang, &format!("web.agency.kind.{}", k.as_str())), options })
        })
        .collect()
}

/// The agencies a request may go to, grouped for a `<select>`; `except` leaves one out.
pub async fn addressee_choices(p: &Page, except: Option<i64>) -> AppResult<Value> {
    let caller = p.viewer.as_ref().ok_or_else(|| AppError::new(Code::Unauthorized))?;
    let choices = requests::form_choices(&p.ctx()?, caller).await?;
    Ok(Value::from_serialize(addressee_groups(p.lang, &choices.addressees, except)))
}

/// The draft form: new (`id` none) or editing a draft.
async fn render_form(
    p: &Page,
    id: Option<i64>,
    status: StatusCode,
    form: &DraftForm,
    refusal: Option<Value>,
) -> AppResult<Response> {
    let Some(caller) = p.viewer.as_ref() else { return Err(AppError::new(Code::Unauthorized)) };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let choices = requests::form_choices(&ctx, caller).await?;
    let organizations: Vec<Choice> =
        choices.organizations.iter().map(|o| Choice { id: o.id, name: o.name.clone() }).collect();
    let campaigns: Vec<Choice> = choices
        .campaigns
        .iter()
        .map(|c| Choice {
            id: c.id,
            name: name_in(lang, c.title_kk.as_deref().unwrap_or(""), c.title_ru.as_deref().unwrap_or(""), ""),
        })
        .collect();
    // Editing keeps the organisation the draft was written for (the service does not move it).
    let organization = match (id, form.organization_id.parse::<i64>().ok()) {
        (Some(_), Some(o)) => Some(crate::service::organizations::get(&ctx, o).await?.name),
        _ => None,
    };
    let languages: Vec<Value> = Lang::ALL
        .iter()
        .map(|l| context! { code => l.code(), name => i18n::text(lang, &format!("web.lang_name.{}", l.code())) })
        .collect();
    p.render_status(
        status,
        "request_form.html",
        context! {
            id => id,
            groups => addressee_groups(lang, &choices.addressees, None),
            organizations => organizations,
            organization => organization,
            campaigns => campaigns,
            languages => languages,
            form => form,
            refusal => refusal,
        },
    )
}

fn sign_in_and_back(path: &str) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::see_other(format!("/sign-in?next={next}")).into_response()
}

/// `GET /requests/new`: a new draft.
#[handler]
pub async fn new_form(p: Page) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let form = DraftForm { language: p.lang.code().to_string(), ..Default::default() };
    render_form(&p, None, StatusCode::OK, &form, None).await
}

/// After a draft is saved, its already-published check is run on the saved text, and the
/// requester is taken to the check's step. A check that fails (the search engine is down) leaves
/// the draft saved; the step then offers to run it again.
async fn check_and_go(p: &Page, id: i64) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let (Some(caller), Ok(state)) = (p.viewer.as_ref(), p.state()) else {
        return Err(AppError::new(Code::Unauthorized));
    };
    if let Err(e) = requests::published_check(&ctx, caller, state.search.as_ref(), id).await {
        tracing::warn!(request = id, code = e.code.as_str(), "the check after saving a draft failed");
    }
    Ok(Redirect::see_other(format!("/requests/{id}/check")).into_response())
}

/// `POST /requests/new`: save a draft (the API's `POST /requests`), then check what is published.
#[handler]
pub async fn create(req: &Request, mut p: Page, Form(f): Form<DraftForm>) -> AppResult<Response> {
    p.here = "/requests/new".into();
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back("/requests/new")) };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_form(&p, None, e.status(), &f, Some(refusal(&p, &e))).await;
    }
    let ctx = p.ctx()?;
    let saved = match f.ids() {
        Ok((agency_id, organization_id, campaign_id)) => {
            let draft = RequestDraft {
                agency_id,
                organization_id,
                language: f.language.trim().to_string(),
                subject: f.subject.clone(),
                questions_md: f.questions_md.clone(),
                service_ids: Vec::new(),
                campaign_id,
            };
            requests::create_draft(&ctx, &caller, draft).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(r) => check_and_go(&p, r.id).await,
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render_form(&p, None, e.status(), &f, Some(refusal(&p, &e))).await,
    }
}

/// The caller's draft, or the reason they may not edit it: not theirs (not found, as drafts are
/// private), or sent already.
async fn own_draft(p: &Page, id: i64) -> AppResult<entity::info_request::Model> {
    let ctx = p.ctx()?;
    let r = requests::get_visible(&ctx, p.viewer.as_ref(), id).await?;
    if requests::may_edit_draft(p.viewer.as_ref(), &r) {
        Ok(r)
    } else if r.state == crate::domain::requests::RequestState::Draft.as_str() {
        Err(AppError::not_found("request", id))
    } else {
        Err(AppError::new(Code::RequestNotEditable).arg("state", super::requests::state_label(p.lang, &r.state)))
    }
}

/// `GET /requests/{id}/edit`: the author's draft in the form.
#[handler]
pub async fn edit_form(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let r = own_draft(&p, id).await?;
    render_form(&p, Some(id), StatusCode::OK, &DraftForm::of(&r), None).await
}

/// `POST /requests/{id}/edit`: save the draft (the API's `PATCH /requests/{id}`), check again.
#[handler]
pub async fn update(req: &Request, mut p: Page, Path(id): Path<i64>, Form(f): Form<DraftForm>) -> AppResult<Response> {
    p.here = format!("/requests/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&format!("/requests/{id}/edit"))) };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_form(&p, Some(id), e.status(), &f, Some(refusal(&p, &e))).await;
    }
    let ctx = p.ctx()?;
    let saved = match f.ids() {
        Ok((agency_id, _, campaign_id)) => {
            let change = DraftChange {
                agency_id: Some(agency_id),
                language: Some(f.language.trim().to_string()),
                subject: Some(f.subject.clone()),
                questions_md: Some(f.questions_md.clone()),
                service_ids: None,
                campaign_id: Some(campaign_id),
            };
            requests::update_draft(&ctx, &caller, id, change).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(r) => check_and_go(&p, r.id).await,
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_form(&p, Some(id), e.status(), &f, Some(refusal(&p, &e))).await,
    }
}

/// `POST /requests/{id}/delete`: the author deletes a draft never sent.
#[handler]
pub async fn delete(req: &Request, p: Page, Path(id): Path<i64>, Form(f): Form<CsrfOnly>) -> AppResult<Response> {
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&format!("/requests/{id}"))) };
    check_csrf(req, &f.csrf_token)?;
    requests::delete_draft(&p.ctx()?, &caller, id).await?;
    Ok(Redirect::see_other("/me").into_response())
}

#[derive(Serialize)]
struct MatchView {
    title: String,
    href: String,
}

fn matches(v: Vec<CheckMatch>) -> Vec<MatchView> {
    v.into_iter().map(|m| MatchView { title: m.title, href: super::page_href(&m.url) }).collect()
}

/// The statements sent with a request, as ticked.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct SubmitForm {
    #[serde(default)]
    none_answers: Option<String>,
    #[serde(default)]
    no_secrets: Option<String>,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

/// The already-published check of a draft: what was found, and the statements to send it.
async fn render_check(
    p: &Page,
    id: i64,
    status: StatusCode,
    form: &SubmitForm,
    refusal: Option<Value>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let r = own_draft(p, id).await?;
    let agency = crate::service::agencies::find(&ctx.db, r.agency_id).await?;
    let check = match requests::check_of(&ctx, &r).await? {
        Some(c) => {
            let m: CheckResult = crate::service::json_column("request_check", c.id, "matches", &c.matches)?;
            let found = m.documents.len() + m.services.len() + m.similar_requests.len();
            Some(context! {
                checked_at => c.created_at.to_rfc3339(),
                current => c.text_hash == r.text_hash,
                agency_website => c.agency_website,
                found => found,
                documents => matches(m.documents),
                services => matches(m.services),
                similar_requests => matches(m.similar_requests),
            })
        }
        None => None,
    };
    p.render_status(
        status,
        "request_check.html",
        context! {
            request => context! {
                id => r.id,
                subject => r.subject.clone(),
                questions_html => crate::markdown::to_html(&r.questions_md),
                language => r.language.clone(),
            },
            agency => AgencyLink::new(lang, &agency),
            check => check,
            form => form,
            refusal => refusal,
        },
    )
}

/// `GET /requests/{id}/check`: the check's step of the author's draft; a sent request's page is
/// its own page.
#[handler]
pub async fn check_page(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let ctx = p.ctx()?;
    let r = requests::get_visible(&ctx, p.viewer.as_ref(), id).await?;
    if r.state != crate::domain::requests::RequestState::Draft.as_str() {
        return Ok(Redirect::see_other(format!("/requests/{id}")).into_response());
    }
    render_check(&p, id, StatusCode::OK, &SubmitForm::default(), None).await
}

/// `POST /requests/{id}/check`: run the check again (the API's `POST /requests/{id}/published-check`).
#[handler]
pub async fn run_check(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    p.here = format!("/requests/{id}/check");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_check(&p, id, e.status(), &SubmitForm::default(), Some(refusal(&p, &e))).await;
    }
    let ctx = p.ctx()?;
    match requests::published_check(&ctx, &caller, p.state()?.search.as_ref(), id).await {
        Ok(_) => Ok(Redirect::see_other(format!("/requests/{id}/check")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_check(&p, id, e.status(), &SubmitForm::default(), Some(refusal(&p, &e))).await,
    }
}

/// `POST /requests/{id}/submit`: send the draft with both statements (the API's submit); it is
/// registered and its page shows the number, the deadline and the timeline.
#[handler]
pub async fn submit(req: &Request, mut p: Page, Path(id): Path<i64>, Form(f): Form<SubmitForm>) -> AppResult<Response> {
    p.here = format!("/requests/{id}/check");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_check(&p, id, e.status(), &f, Some(refusal(&p, &e))).await;
    }
    let ctx = p.ctx()?;
    let calendar = p.state()?.calendar(&ctx).await?;
    match requests::submit(&ctx, &caller, &calendar, id, f.none_answers.is_some(), f.no_secrets.is_some()).await {
        Ok(_) => Ok(Redirect::see_other(format!("/requests/{id}?done=submitted")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) if e.code == Code::IllegalTransition => Err(e),
        Err(e) => render_check(&p, id, e.status(), &f, Some(refusal(&p, &e))).await,
    }
}
