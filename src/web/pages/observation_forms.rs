//! Observations in the field, as pages for a phone (issue 21, flow 3): record one with its
//! evidence files in the same form (`/campaigns/{id}/observations/new`), change it or take it off
//! while the campaign allows (`.../{oid}/edit`, `.../{oid}/delete` after a confirm step), and the
//! team's list with the API's filters (`/campaigns/{id}/observations`). Each form posts to the
//! service functions the API calls; a refusal comes back beside the form with everything typed
//! kept (files excepted: a browser never sends a file twice).
use std::collections::BTreeMap;

use chrono::NaiveDate;
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Multipart, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};
use tokio::io::AsyncReadExt;

use super::{agency_name, campaigns::campaign_title, name_in, region_name};
use crate::{
    domain::{
        calendar::local_date,
        evidence::accepted_labels,
        observations::{Channel, Outcome, SATISFACTION},
        text::has_forbidden_control,
        violations::ViolationCategory,
    },
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
    service::{
        Caller, evidence,
        observations::{self, FieldChoices, ObservationFilter, ObservationInput, Respondent, ViolationInput},
        pagination::PageRequest,
        uploads::limit_in_mib,
    },
    web::session::{Page, check_csrf},
};

/// A refusal of a field form in the reader's language: the page's own wording where the API's
/// would name an API operation (`web.field_errors.<code>`, `web.field_fields.<code>`).
pub fn refusal(p: &Page, e: &AppError) -> Value {
    let lang = p.lang;
    let base = p.refusal(e);
    let own = format!("web.field_errors.{}", e.code.as_str());
    let detail = if i18n::text(lang, &own) != own {
        Value::from(i18n::format(lang, &own, &e.args))
    } else {
        base.get_attr("detail").unwrap_or_default()
    };
    let fields: Vec<Value> = e
        .fields
        .iter()
        .map(|f| {
            let mut args = f.args.clone();
            // A missing part of a conclusion is named by its title, not its key.
            if let Some((_, key)) = f.args.iter().find(|(n, _)| *n == "key")
                && let Some(k) = crate::domain::conclusions::SectionKey::parse(key)
            {
                args.push(("title", k.title(lang)));
            }
            let (own, web, api) = (
                format!("web.field_fields.{}", f.code),
                format!("web.fields.{}", f.code),
                format!("fields.{}", f.code),
            );
            let key = i18n::first_of(lang, &[&own, &web, &api]).unwrap_or(&api).to_string();
            let label = i18n::text(lang, &format!("web.field_labels.{}", field_name(&f.pointer)));
            let message = i18n::format(lang, &key, &args);
            let message = if label.starts_with("web.") { message } else { format!("{label}: {message}") };
            context! { pointer => f.pointer.clone(), message => message }
        })
        .collect();
    context! {
        code => e.code.as_str(),
        title => base.get_attr("title").unwrap_or_default(),
        detail => detail,
        fields => fields,
    }
}

/// The form field a pointer names: `/violations/2/category` is `violations`, `/sections/compliance`
/// is `compliance`.
fn field_name(pointer: &str) -> String {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["sections", key, ..] | ["respondent", key, ..] => (*key).to_string(),
        [first, ..] => (*first).to_string(),
        [] => String::new(),
    }
}

/// Errors a form cannot show beside itself: the page is not the reader's, or failed.
fn is_page_error(e: &AppError) -> bool {
    matches!(e.code, Code::Internal | Code::ResourceNotFound | Code::NotCampaignMember | Code::Forbidden)
}

fn sign_in_and_back(path: &str) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::see_other(format!("/sign-in?next={next}")).into_response()
}

/// The observation form as typed.
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct ObservationForm {
    service_id: String,
    agency_id: String,
    region: String,
    address: String,
    online: bool,
    observed_on: String,
    channel: String,
    waiting_minutes: String,
    days_taken: String,
    outcome: String,
    satisfaction: String,
    note_md: String,
    violations: Vec<String>,
    /// A note per ticked category.
    violation_notes: BTreeMap<String, String>,
    respondent_name: String,
    respondent_phone: String,
    respondent_iin: String,
    keep_location: bool,
    caption: String,
    #[serde(skip_serializing)]
    csrf_token: String,
}

fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A number typed in a form: blank is none; anything else must be a whole number.
fn opt_number<T: std::str::FromStr>(errors: &mut Vec<FieldError>, pointer: &str, v: &str) -> Option<T> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(pointer, "invalid_value").arg("value", t));
            None
        }
    }
}

impl ObservationForm {
    fn of(v: &observations::ObservationView, respondent: Option<&entity::personal_data::Model>) -> Self {
        let o = &v.observation;
        ObservationForm {
            service_id: o.service_id.to_string(),
            agency_id: o.agency_id.to_string(),
            region: o.region.clone().unwrap_or_default(),
            address: o.address.clone().unwrap_or_default(),
            online: o.online,
            observed_on: o.observed_on.to_string(),
            channel: o.channel.clone(),
            waiting_minutes: o.waiting_minutes.map(|n| n.to_string()).unwrap_or_default(),
            days_taken: o.days_taken.map(|n| n.to_string()).unwrap_or_default(),
            outcome: o.outcome.clone(),
            satisfaction: o.satisfaction.map(|n| n.to_string()).unwrap_or_default(),
            note_md: o.note_md.clone(),
            violations: v.violations.iter().map(|x| x.category.clone()).collect(),
            violation_notes: v.violations.iter().map(|x| (x.category.clone(), x.note.clone())).collect(),
            respondent_name: respondent.and_then(|r| r.name.clone()).unwrap_or_default(),
            respondent_phone: respondent.and_then(|r| r.phone.clone()).unwrap_or_default(),
            respondent_iin: respondent.and_then(|r| r.iin.clone()).unwrap_or_default(),
            ..Default::default()
        }
    }

    /// The form read into the API's input; a value that is not even a number or a date is refused
    /// here, as the API's JSON parser refuses it, everything else by the service.
    fn input(&self) -> AppResult<ObservationInput> {
        let mut errors = Vec::new();
        let mut id = |pointer: &str, v: &str| match opt_number::<i64>(&mut errors, pointer, v) {
            Some(n) => n,
            None => {
                if v.trim().is_empty() {
                    errors.push(FieldError::new(pointer, "required"));
                }
                0
            }
        };
        let service_id = id("/service_id", &self.service_id);
        let agency_id = id("/agency_id", &self.agency_id);
        let observed_on = match NaiveDate::parse_from_str(self.observed_on.trim(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                errors.push(if self.observed_on.trim().is_empty() {
                    FieldError::new("/observed_on", "required")
                } else {
                    FieldError::new("/observed_on", "invalid_value").arg("value", self.observed_on.trim())
                });
                NaiveDate::MIN
            }
        };
        let waiting_minutes = opt_number(&mut errors, "/waiting_minutes", &self.waiting_minutes);
        let days_taken = opt_number(&mut errors, "/days_taken", &self.days_taken);
        let satisfaction = opt_number(&mut errors, "/satisfaction", &self.satisfaction);
        if !errors.is_empty() {
            return Err(AppError::validation(errors));
        }
        let respondent = Respondent {
            name: opt_text(&self.respondent_name),
            phone: opt_text(&self.respondent_phone),
            iin: opt_text(&self.respondent_iin),
        };
        let any = respondent.name.is_some() || respondent.phone.is_some() || respondent.iin.is_some();
        Ok(ObservationInput {
            service_id,
            agency_id,
            region: opt_text(&self.region),
            address: if self.online { None } else { opt_text(&self.address) },
            online: self.online,
            observed_on,
            channel: self.channel.trim().to_string(),
            waiting_minutes,
            days_taken,
            outcome: self.outcome.trim().to_string(),
            satisfaction,
            note_md: opt_text(&self.note_md),
            violations: self
                .violations
                .iter()
                .map(|c| ViolationInput {
                    category: c.clone(),
                    note: self.violation_notes.get(c).cloned().unwrap_or_default(),
                })
                .collect(),
            respondent: any.then_some(respondent),
        })
    }
}

/// A file chosen in the form, read within the upload limit.
struct Chosen {
    name: Option<String>,
    bytes: Vec<u8>,
}

fn control_character(pointer: &str) -> AppError {
    AppError::fields(Code::ValidationFailed, vec![FieldError::new(pointer, "control_character")])
}

/// The form's fields and files. A file over the limit is not kept, and the refusal says so
/// with every field still filled in.
async fn read_form(mut mp: Multipart, limit: usize) -> (ObservationForm, Vec<Chosen>, Option<AppError>) {
    let mut form = ObservationForm::default();
    let mut files = Vec::new();
    let mut problem: Option<AppError> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                problem.get_or_insert(AppError::new(Code::InvalidBody).arg("reason", e.to_string()));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "files" {
            let file_name = field.file_name().map(str::to_string).filter(|n| !n.is_empty());
            if file_name.as_deref().is_some_and(has_forbidden_control) {
                problem.get_or_insert(control_character("/files"));
                continue;
            }
            let mut bytes = Vec::new();
            if let Err(e) = field.into_async_read().take(limit as u64 + 1).read_to_end(&mut bytes).await {
                problem.get_or_insert(AppError::new(Code::InvalidBody).arg("reason", e.to_string()));
                break;
            }
            if bytes.len() > limit {
                problem.get_or_insert(crate::service::uploads::file_too_large(limit));
            } else if file_name.is_some() || !bytes.is_empty() {
                // A file input left empty still sends a part, without a name or bytes.
                files.push(Chosen { name: file_name, bytes });
            }
            continue;
        }
        let value = match field.text().await {
            Ok(v) => v,
            Err(e) => {
                problem.get_or_insert(AppError::new(Code::InvalidBody).arg("reason", e.to_string()));
                break;
            }
        };
        if has_forbidden_control(&value) {
            problem.get_or_insert(control_character(&format!("/{name}")));
            continue;
        }
        match name.as_str() {
            "csrf_token" => form.csrf_token = value,
            "service_id" => form.service_id = value,
            "agency_id" => form.agency_id = value,
            "region" => form.region = value,
            "address" => form.address = value,
            "online" => form.online = true,
            "observed_on" => form.observed_on = value,
            "channel" => form.channel = value,
            "waiting_minutes" => form.waiting_minutes = value,
            "days_taken" => form.days_taken = value,
            "outcome" => form.outcome = value,
            "satisfaction" => form.satisfaction = value,
            "note_md" => form.note_md = value,
            "violations" => form.violations.push(value),
            "respondent_name" => form.respondent_name = value,
            "respondent_phone" => form.respondent_phone = value,
            "respondent_iin" => form.respondent_iin = value,
            "keep_location" => form.keep_location = true,
            "caption" => form.caption = value,
            other => {
                if let Some(cat) = other.strip_prefix("violation_note.")
                    && !value.trim().is_empty()
                {
                    form.violation_notes.insert(cat.to_string(), value);
                }
            }
        }
    }
    // Only the ticked categories' notes count.
    let ticked = form.violations.clone();
    form.violation_notes.retain(|k, _| ticked.contains(k));
    (form, files, problem)
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

fn sorted(mut v: Vec<Choice>) -> Vec<Choice> {
    v.sort_by(|a, b| a.label.cmp(&b.label));
    v
}

/// The form's lists in the reader's language.
fn choices(lang: Lang, c: &FieldChoices) -> Value {
    let services = sorted(
        c.services
            .iter()
            .map(|s| Choice { value: s.id.to_string(), label: name_in(lang, &s.name_kk, &s.name_ru, &s.name_en) })
            .collect(),
    );
    let agencies =
        sorted(c.agencies.iter().map(|a| Choice { value: a.id.to_string(), label: agency_name(lang, a) }).collect());
    let regions =
        sorted(c.regions.iter().map(|r| Choice { value: r.code.clone(), label: region_name(lang, r) }).collect());
    let channels: Vec<Choice> = Channel::ALL
        .iter()
        .map(|x| Choice {
            value: x.as_str().into(),
            label: i18n::text(lang, &format!("monitoring.channel.{}", x.as_str())),
        })
        .collect();
    let outcomes: Vec<Choice> = Outcome::ALL
        .iter()
        .map(|x| Choice {
            value: x.as_str().into(),
            label: i18n::text(lang, &format!("monitoring.outcome.{}", x.as_str())),
        })
        .collect();
    let violations: Vec<Value> = ViolationCategory::ALL
        .iter()
        .map(|v| {
            context! {
                value => v.as_str(),
                row => v.form_row(),
                label => i18n::text(lang, &format!("violations.{}", v.as_str())),
            }
        })
        .collect();
    context! {
        services => services,
        agencies => agencies,
        regions => regions,
        channels => channels,
        outcomes => outcomes,
        violations => violations,
        satisfaction => SATISFACTION.collect::<Vec<_>>(),
    }
}

fn campaign_view(lang: Lang, c: &entity::campaign::Model) -> Value {
    context! {
        id => c.id,
        title => campaign_title(lang, &c.title_kk, &c.title_ru),
        period_from => c.period_from.to_string(),
        period_to => c.period_to.to_string(),
        state_label => i18n::text(lang, &format!("monitoring.state.{}", c.state)),
    }
}

#[derive(Serialize)]
struct EvidenceRow {
    id: i64,
    name: String,
    href: String,
    kind: String,
    size_kib: i64,
    location_removed: bool,
}

/// The form: new (`oid` none) or an observation being edited, with its files.
async fn render_form(
    p: &Page,
    caller: &Caller,
    campaign_id: i64,
    oid: Option<i64>,
    status: StatusCode,
    form: &ObservationForm,
    refusal: Option<Value>,
    done: Option<String>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let c = observations::field_choices(&ctx, caller, campaign_id).await?;
    let evidence: Vec<EvidenceRow> = match oid {
        Some(oid) => observations::get(&ctx, Some(caller), campaign_id, oid)
            .await?
            .evidence
            .into_iter()
            .map(|e| EvidenceRow {
                id: e.id,
                href: super::evidence::href(campaign_id, &e),
                name: e.original_name.clone().unwrap_or_else(|| format!("{} {}", e.media_kind, e.id)),
                kind: e.content_type.clone(),
                size_kib: (e.size_bytes + 1023) / 1024,
                location_removed: e.location_stripped,
            })
            .collect(),
        None => Vec::new(),
    };
    let config = &ctx.config;
    p.render_status(
        status,
        "observation_form.html",
        context! {
            campaign => campaign_view(lang, &c.campaign),
            oid => oid,
            writable => c.writable,
            choices => choices(lang, &c),
            form => form,
            evidence => evidence,
            limit_mib => limit_in_mib(config.upload_max_bytes),
            accepted => accepted_labels(),
            refusal => refusal,
            done => done,
        },
    )
}

fn base(campaign_id: i64) -> String {
    format!("/campaigns/{campaign_id}/observations")
}

/// `GET /campaigns/{id}/observations/new`.
#[handler]
pub async fn new_form(p: Page, Path(campaign_id): Path<i64>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let c = observations::field_choices(&ctx, &caller, campaign_id).await?;
    crate::service::campaigns::require_writable(&c.campaign)?;
    let form = ObservationForm { observed_on: local_date(ctx.now).to_string(), ..Default::default() };
    render_form(&p, &caller, campaign_id, None, StatusCode::OK, &form, None, None).await
}

/// Each chosen file checked before anything is saved, so a refused file leaves nothing stored.
fn check_files(p: &Page, files: &[Chosen]) -> AppResult<()> {
    let config = &p.state()?.config;
    files.iter().try_for_each(|f| observations::check_file(config, "/files", &f.bytes))
}

/// The files attached to a saved observation, as the API's evidence upload attaches each one.
async fn attach_all(
    p: &Page,
    caller: &Caller,
    campaign_id: i64,
    oid: i64,
    form: &ObservationForm,
    files: Vec<Chosen>,
) -> AppResult<()> {
    let ctx = p.ctx()?;
    for f in files {
        evidence::attach(
            &ctx,
            caller,
            campaign_id,
            oid,
            evidence::NewEvidence {
                bytes: f.bytes,
                file_name: f.name,
                keep_location: form.keep_location,
                caption: opt_text(&form.caption),
            },
        )
        .await?;
    }
    Ok(())
}

/// `POST /campaigns/{id}/observations/new` (multipart): the observation (the API's `POST
/// /campaigns/{id}/observations`), then each file (the API's evidence upload).
#[handler]
pub async fn create(req: &Request, mut p: Page, Path(campaign_id): Path<i64>, mp: Multipart) -> AppResult<Response> {
    p.here = format!("{}/new", base(campaign_id));
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let limit = p.state()?.config.upload_max_bytes;
    let (form, files, problem) = read_form(mp, limit).await;
    let checked = match problem {
        Some(e) => Err(e),
        None => check_csrf(req, &form.csrf_token).and_then(|_| check_files(&p, &files)).and_then(|_| form.input()),
    };
    let saved = match checked {
        Ok(input) => observations::create(&p.ctx()?, &caller, campaign_id, input).await,
        Err(e) => Err(e),
    };
    let v = match saved {
        Ok(v) => v,
        Err(e) if is_page_error(&e) => return Err(e),
        Err(e) => {
            let r = refusal(&p, &e);
            return render_form(&p, &caller, campaign_id, None, e.status(), &form, Some(r), None).await;
        }
    };
    let oid = v.observation.id;
    let edit = format!("{}/{oid}/edit", base(campaign_id));
    if let Err(e) = attach_all(&p, &caller, campaign_id, oid, &form, files).await {
        // The observation is saved; the file that failed is named on its edit page.
        if e.code == Code::Internal {
            return Err(e);
        }
        p.here = edit;
        let r = refusal(&p, &e);
        return render_form(&p, &caller, campaign_id, Some(oid), e.status(), &form, Some(r), None).await;
    }
    Ok(Redirect::see_other(format!("{edit}?done=recorded")).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

fn done_text(lang: Lang, done: Option<&str>) -> Option<String> {
    match done {
        Some(d @ ("recorded" | "saved" | "removed" | "deleted")) => {
            Some(i18n::text(lang, &format!("web.field.done_{d}")))
        }
        _ => None,
    }
}

/// `GET /campaigns/{id}/observations/{oid}/edit`: the observation in its form, its files with a
/// remove button each; read only once the campaign is closed.
#[handler]
pub async fn edit_form(
    p: Page,
    Path((campaign_id, oid)): Path<(i64, i64)>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let v = observations::get(&ctx, Some(&caller), campaign_id, oid).await?;
    let respondent = observations::personal(&ctx, &caller, campaign_id, oid).await?;
    let form = ObservationForm::of(&v, respondent.as_ref());
    let done = done_text(p.lang, q.done.as_deref());
    render_form(&p, &caller, campaign_id, Some(oid), StatusCode::OK, &form, None, done).await
}

/// `POST /campaigns/{id}/observations/{oid}/edit` (multipart): the API's `PUT`, then new files.
#[handler]
pub async fn update(
    req: &Request,
    mut p: Page,
    Path((campaign_id, oid)): Path<(i64, i64)>,
    mp: Multipart,
) -> AppResult<Response> {
    let edit = format!("{}/{oid}/edit", base(campaign_id));
    p.here = edit.clone();
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&edit)) };
    let limit = p.state()?.config.upload_max_bytes;
    let (form, files, problem) = read_form(mp, limit).await;
    let checked = match problem {
        Some(e) => Err(e),
        None => check_csrf(req, &form.csrf_token).and_then(|_| check_files(&p, &files)).and_then(|_| form.input()),
    };
    let saved = match checked {
        Ok(input) => observations::replace(&p.ctx()?, &caller, campaign_id, oid, input).await.map(|_| ()),
        Err(e) => Err(e),
    };
    let saved = match saved {
        Ok(()) => attach_all(&p, &caller, campaign_id, oid, &form, files).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(Redirect::see_other(format!("{edit}?done=saved")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => {
            let r = refusal(&p, &e);
            render_form(&p, &caller, campaign_id, Some(oid), e.status(), &form, Some(r), None).await
        }
    }
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /campaigns/{id}/observations/{oid}/evidence/{eid}/remove`: the API's evidence delete.
#[handler]
pub async fn remove_evidence(
    req: &Request,
    p: Page,
    Path((campaign_id, oid, eid)): Path<(i64, i64, i64)>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    let edit = format!("{}/{oid}/edit", base(campaign_id));
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&edit)) };
    check_csrf(req, &f.csrf_token)?;
    evidence::detach(&p.ctx()?, &caller, campaign_id, oid, eid).await?;
    Ok(Redirect::see_other(format!("{edit}?done=removed")).into_response())
}

/// `GET /campaigns/{id}/observations/{oid}/delete`: what will be deleted, and the button.
#[handler]
pub async fn delete_confirm(p: Page, Path((campaign_id, oid)): Path<(i64, i64)>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    // The team's alone, and only while the campaign is open: the service's own checks.
    let c = observations::field_choices(&ctx, &caller, campaign_id).await?;
    crate::service::campaigns::require_writable(&c.campaign)?;
    let v = observations::get(&ctx, Some(&caller), campaign_id, oid).await?;
    let lang = p.lang;
    let o = &v.observation;
    let service = crate::service::public_services::by_id(&ctx, &[o.service_id]).await?;
    let agency = crate::service::agencies::find(&ctx.db, o.agency_id).await?;
    p.render(
        "observation_delete.html",
        context! {
            campaign_id => campaign_id,
            oid => oid,
            observed_on => o.observed_on.to_string(),
            service => service.get(&o.service_id).map(|s| name_in(lang, &s.name_kk, &s.name_ru, &s.name_en)),
            agency => agency_name(lang, &agency),
            evidence => v.evidence.len(),
        },
    )
}

/// `POST /campaigns/{id}/observations/{oid}/delete`: the API's delete.
#[handler]
pub async fn delete(
    req: &Request,
    p: Page,
    Path((campaign_id, oid)): Path<(i64, i64)>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    let Some(caller) = p.viewer.clone() else {
        return Ok(sign_in_and_back(&format!("{}/{oid}/delete", base(campaign_id))));
    };
    check_csrf(req, &f.csrf_token)?;
    observations::delete(&p.ctx()?, &caller, campaign_id, oid).await?;
    Ok(Redirect::see_other(format!("{}?done=deleted", base(campaign_id))).into_response())
}

/// The list's filters as typed (the API's query parameters).
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    service: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    violation: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default, skip_serializing)]
    cursor: Option<String>,
    #[serde(default, skip_serializing)]
    done: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> AppResult<ObservationFilter> {
        let id = |name: &str, v: &str| -> AppResult<Option<i64>> {
            match v.trim() {
                "" => Ok(None),
                t => t.parse().map(Some).map_err(|_| AppError::invalid_parameter(name, "not a number")),
            }
        };
        let date = |name: &str, v: &str| -> AppResult<Option<NaiveDate>> {
            match v.trim() {
                "" => Ok(None),
                t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| AppError::invalid_parameter(name, "not a date (YYYY-MM-DD)")),
            }
        };
        Ok(ObservationFilter {
            service_id: id("service", &self.service)?,
            agency_id: id("agency", &self.agency)?,
            region: opt_text(&self.region),
            channel: opt_text(&self.channel),
            outcome: opt_text(&self.outcome),
            violation: opt_text(&self.violation),
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
        })
    }

    /// The filters as a query string, for the pager's links.
    fn query_string(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("service", &self.service),
            ("agency", &self.agency),
            ("region", &self.region),
            ("channel", &self.channel),
            ("outcome", &self.outcome),
            ("violation", &self.violation),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        s.finish()
    }
}

const LIST_PAGE: u64 = 20;

/// `GET /campaigns/{id}/observations`: the team's list with the API's filters, paged.
#[handler]
pub async fn list(p: Page, Path(campaign_id): Path<i64>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let c = observations::field_choices(&ctx, &caller, campaign_id).await?;
    let listed = match (q.filter(), PageRequest::parse(Some(LIST_PAGE), q.cursor.as_deref())) {
        (Ok(f), Ok(page)) => observations::list(&ctx, Some(&caller), campaign_id, f, page).await.map(Some),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let (rows, next, refused, status) = match listed {
        Ok(Some((rows, next))) => (rows, next, None, StatusCode::OK),
        Ok(None) => (Vec::new(), None, None, StatusCode::OK),
        Err(e) if e.code == Code::Internal => return Err(e),
        Err(e) => (Vec::new(), None, Some(refusal(&p, &e)), e.status()),
    };
    let service_names: BTreeMap<i64, String> =
        c.services.iter().map(|s| (s.id, name_in(lang, &s.name_kk, &s.name_ru, &s.name_en))).collect();
    let agency_ids: Vec<i64> = rows.iter().map(|v| v.observation.agency_id).collect();
    let agencies = super::agency_links(&ctx, lang, &agency_ids).await?;
    let missing: Vec<i64> =
        rows.iter().map(|v| v.observation.service_id).filter(|s| !service_names.contains_key(s)).collect();
    let more_services = crate::service::public_services::by_id(&ctx, &missing).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|v| {
            let o = &v.observation;
            context! {
                id => o.id,
                href => format!("{}/{}/edit", base(campaign_id), o.id),
                observed_on => o.observed_on.to_string(),
                service => service_names.get(&o.service_id).cloned().or_else(|| more_services.get(&o.service_id).map(|s| name_in(lang, &s.name_kk, &s.name_ru, &s.name_en))),
                agency => agencies.get(&o.agency_id).map(|a| a.name.clone()),
                channel => i18n::text(lang, &format!("monitoring.channel.{}", o.channel)),
                outcome => i18n::text(lang, &format!("monitoring.outcome.{}", o.outcome)),
                violations => v.violations.iter().map(|x| i18n::text(lang, &format!("violations.{}", x.category))).collect::<Vec<_>>(),
                evidence => v.evidence.len(),
                code => format!("[obs:{}]", o.id),
            }
        })
        .collect();
    let qs = q.query_string();
    let join = |extra: String| {
        let all: Vec<String> = [qs.clone(), extra].into_iter().filter(|s| !s.is_empty()).collect();
        if all.is_empty() { base(campaign_id) } else { format!("{}?{}", base(campaign_id), all.join("&")) }
    };
    let pager = context! {
        prev_href => q.cursor.as_ref().map(|_| join(String::new())),
        next_href => next.as_ref().map(|n| join(format!("cursor={n}"))),
        label => i18n::text(lang, "web.field.list_page"),
    };
    let may_record = observations::may_record(&ctx, Some(&caller), &c.campaign).await?;
    p.render_status(
        status,
        "observations.html",
        context! {
            campaign => campaign_view(lang, &c.campaign),
            may_record => may_record,
            choices => choices(lang, &c),
            filter => q.clone(),
            items => items,
            pager => pager,
            refusal => refused,
            done => done_text(lang, q.done.as_deref()),
        },
    )
}

/// What the campaign's page links to for this person: record an observation while the service
/// allows it, the team's list, a new conclusion when one may be drafted.
pub async fn campaign_links(p: &Page, c: &entity::campaign::Model) -> AppResult<Value> {
    let ctx = p.ctx()?;
    let viewer = p.viewer.as_ref();
    let team = match viewer {
        Some(v) => crate::service::campaigns::is_team(&ctx.db, c, v.id()).await?,
        None => false,
    };
    Ok(context! {
        campaign_id => c.id,
        team => team,
        may_record => observations::may_record(&ctx, viewer, c).await?,
        may_conclude => crate::service::conclusions::may_draft(&ctx, viewer, c).await?,
    })
}
