//! `/admin/agencies` and `/admin/services`: the directory as administrators keep it. Agencies with
//! their hierarchy (create, change, deactivate, reactivate, delete what nothing points to) over
//! `service::agencies`, and the registry of public services over `service::public_services`, the
//! same functions `/api/v1/agencies` and `/api/v1/services` call. Only administrators see these
//! pages; the service refuses anyone else's forged post.
use chrono::NaiveDate;
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{
    admin::{admin_of, all_agencies, page_refusal},
    agency_name,
};
use crate::{
    domain::directory::{AgencyKind, Channel, Recipients, ServiceForm, TermUnit},
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
    service::{
        agencies::{self, AgencyFilter, AgencyInput},
        pagination::PageRequest,
        public_services::{self as registry, ServiceFilter, ServiceInput},
    },
    web::session::{Page, check_csrf},
};

const PAGE_SIZE: u64 = 50;

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|s| !s.is_empty())
}

/// A choice of a `<select>` or a group of checkboxes.
#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
}

fn choices(lang: Lang, prefix: &str, codes: &[&str]) -> Vec<Choice> {
    codes.iter().map(|c| Choice { code: c.to_string(), label: i18n::text(lang, &format!("{prefix}.{c}")) }).collect()
}

fn kinds(lang: Lang) -> Vec<Choice> {
    let codes: Vec<&str> = AgencyKind::ALL.iter().map(|k| k.as_str()).collect();
    choices(lang, "web.agency.kind", &codes)
}

/// Every agency as a choice (`id` and `code · name`), sorted by name.
fn agency_choices(lang: Lang, all: &[entity::agency::Model]) -> Vec<Choice> {
    let mut out: Vec<Choice> = all
        .iter()
        .map(|a| Choice { code: a.id.to_string(), label: format!("{} · {}", a.code, agency_name(lang, a)) })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

/// The field a JSON pointer names, as the form labels it (`/provider_ids/0` is the providers list).
fn field_label(lang: Lang, pointer: &str) -> Option<String> {
    let key = match pointer.trim_start_matches('/').split('/').next().unwrap_or_default() {
        "parent_id" => "parent",
        "recipients" => "recipients_label",
        "approving_body_id" => "approving_body",
        "provider_ids" => "providers",
        f @ ("code" | "kind" | "region" | "name_kk" | "name_ru" | "name_en" | "website" | "email" | "channels"
        | "forms" | "fee_basis" | "bylaw_title" | "bylaw_number" | "bylaw_date" | "term_value" | "term_unit") => f,
        _ => return None,
    };
    Some(i18n::text(lang, &format!("web.directory.{key}")))
}

/// A refusal beside a directory form: the admin pages' words, each field message led by the
/// field's label and worded for these forms (`web.directory_fields`) where the API's words name JSON.
fn refusal(p: &Page, e: &AppError) -> Value {
    let lang = p.lang;
    let base = page_refusal(p, e);
    let fields: Vec<Value> = e
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let own = format!("web.directory_fields.{}", f.code);
            let message = match i18n::first_of(lang, &[&own]) {
                Some(key) => i18n::format(lang, key, &f.args),
                None => base
                    .get_attr("fields")
                    .ok()
                    .and_then(|fs| fs.get_item(&Value::from(i)).ok())
                    .and_then(|x| x.get_attr("message").ok())
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            };
            let message = match field_label(lang, &f.pointer) {
                Some(label) => format!("{label}: {message}"),
                None => message,
            };
            context! { pointer => f.pointer.clone(), message => message }
        })
        .collect();
    context! {
        code => e.code.as_str(),
        title => base.get_attr("title").unwrap_or_default(),
        detail => base.get_attr("detail").unwrap_or_default(),
        fields => fields,
    }
}

fn done_of(d: Option<&str>) -> Option<&str> {
    d.filter(|d| matches!(*d, "created" | "saved" | "activated" | "deactivated" | "deleted"))
}

// ---------------------------------------------------------------------------------------------
// Agencies

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AgencyQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    cursor: String,
    #[serde(default, skip_serializing)]
    done: Option<String>,
}

/// The agency form as typed, kept when a refusal sends it back.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AgencyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    name_kk: String,
    #[serde(default)]
    name_ru: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

impl AgencyForm {
    fn of(a: &entity::agency::Model) -> Self {
        Self {
            code: a.code.clone(),
            kind: a.kind.clone(),
            parent_id: a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            region: a.region.clone().unwrap_or_default(),
            name_kk: a.name_kk.clone(),
            name_ru: a.name_ru.clone(),
            name_en: a.name_en.clone(),
            website: a.website.clone().unwrap_or_default(),
            email: a.email.clone().unwrap_or_default(),
            csrf_token: String::new(),
        }
    }

    /// The API's input: on create an empty required field is absent (the service says so); on
    /// edit every field is sent, so an emptied name is refused rather than ignored.
    fn input(&self, is_new: bool) -> AppResult<AgencyInput> {
        let required = |v: &str| if is_new { opt(v) } else { Some(v.trim().to_string()) };
        let parent_id = match opt(&self.parent_id) {
            None => None,
            Some(p) => Some(p.parse::<i64>().map_err(|_| {
                AppError::validation(vec![FieldError::new("/parent_id", "unknown_agency").arg("value", &p)])
            })?),
        };
        Ok(AgencyInput {
            code: required(&self.code),
            kind: required(&self.kind),
            parent_id: Some(parent_id),
            region: Some(opt(&self.region)),
            name_kk: required(&self.name_kk),
            name_ru: required(&self.name_ru),
            name_en: required(&self.name_en),
            website: Some(opt(&self.website)),
            email: Some(opt(&self.email)),
        })
    }
}

#[derive(Serialize)]
struct AgencyRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    parent_id: Option<i64>,
    active: bool,
}

async fn render_agencies(
    p: &Page,
    q: &AgencyQuery,
    status: StatusCode,
    form: &AgencyForm,
    refusal: Option<Value>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let all = all_agencies(&ctx).await?;
    let filter = AgencyFilter { kind: opt(&q.kind), q: opt(&q.q), ..Default::default() };
    let listed = async {
        let page = PageRequest::parse(Some(PAGE_SIZE), Some(q.cursor.as_str()))?;
        agencies::list(&ctx, filter, page).await
    }
    .await;
    let (rows, next, list_refusal) = match listed {
        Ok((rows, next)) => (rows, next, None),
        Err(e) if e.code == Code::InvalidParameter => (Vec::new(), None, Some(page_refusal(p, &e))),
        Err(e) => return Err(e),
    };
    let rows: Vec<AgencyRow> = rows
        .iter()
        .map(|a| {
            let parent = a.parent_id.and_then(|pid| all.iter().find(|x| x.id == pid));
            AgencyRow {
                id: a.id,
                code: a.code.clone(),
                name: agency_name(lang, a),
                kind: i18n::text(lang, &format!("web.agency.kind.{}", a.kind)),
                parent: parent.map(|x| agency_name(lang, x)),
                parent_id: a.parent_id,
                active: a.active,
            }
        })
        .collect();
    let next_href = next.map(|c| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("kind", &q.kind).append_pair("q", &q.q).append_pair("cursor", &c);
        format!("/admin/agencies?{}", s.finish())
    });
    let status =
        if list_refusal.is_some() && status == StatusCode::OK { StatusCode::UNPROCESSABLE_ENTITY } else { status };
    p.render_status(
        status,
        "admin_agencies.html",
        context! {
            rows => rows,
            filter => Value::from_serialize(q),
            kinds => kinds(lang),
            parents => agency_choices(lang, &all),
            next_href => next_href,
            list_refusal => list_refusal,
            form => Value::from_serialize(form),
            refusal => refusal,
            done => done_of(q.done.as_deref()),
        },
    )
}

/// `GET /admin/agencies`: the directory with its hierarchy, filtered by kind and text; a create form.
#[handler]
pub async fn agencies_page(p: Page, Query(q): Query<AgencyQuery>) -> AppResult<Response> {
    if let Err(r) = admin_of(&p) {
        return *r;
    }
    render_agencies(&p, &q, StatusCode::OK, &AgencyForm::default(), None).await
}

/// `POST /admin/agencies`: create, as `POST /api/v1/agencies`.
#[handler]
pub async fn create_agency(req: &Request, p: Page, Form(f): Form<AgencyForm>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let result = match (check_csrf(req, &f.csrf_token), f.input(true)) {
        (Err(e), _) | (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(input)) => agencies::create(&p.ctx()?, &caller, input).await,
    };
    match result {
        Ok(a) => Ok(Redirect::see_other(format!("/admin/agencies/{}?done=created", a.id)).into_response()),
        Err(e) if matches!(e.code, Code::Internal | Code::Forbidden) => Err(e),
        Err(e) => render_agencies(&p, &AgencyQuery::default(), e.status(), &f, Some(refusal(&p, &e))).await,
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn render_agency(
    p: &Page,
    id: i64,
    status: StatusCode,
    form: Option<&AgencyForm>,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let a = agencies::find(&ctx.db, id).await?;
    let all = all_agencies(&ctx).await?;
    let ancestors: Vec<Value> = agencies::ancestors(&ctx.db, id)
        .await?
        .iter()
        .map(|x| context! { id => x.id, name => agency_name(lang, x) })
        .collect();
    let children: Vec<Value> = agencies::children(&ctx, id)
        .await?
        .iter()
        .map(|x| context! { id => x.id, name => agency_name(lang, x) })
        .collect();
    let deletable = agencies::references(&ctx.db, id).await?.is_empty();
    let form = form.cloned().unwrap_or_else(|| AgencyForm::of(&a));
    p.render_status(
        status,
        "admin_agency.html",
        context! {
            agency => context! { id => a.id, code => a.code.clone(), name => agency_name(lang, &a), active => a.active },
            ancestors => ancestors,
            children => children,
            deletable => deletable,
            kinds => kinds(lang),
            parents => agency_choices(lang, &all.into_iter().filter(|x| x.id != id).collect::<Vec<_>>()),
            form => Value::from_serialize(&form),
            refusal => refusal,
            done => done_of(done),
        },
    )
}

/// `GET /admin/agencies/{id}`: the edit form, activate or deactivate, delete when nothing refers to it.
#[handler]
pub async fn agency_page(p: Page, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> AppResult<Response> {
    if let Err(r) = admin_of(&p) {
        return *r;
    }
    render_agency(&p, id, StatusCode::OK, None, None, q.done.as_deref()).await
}

/// `POST /admin/agencies/{id}`: change, as `PATCH /api/v1/agencies/{id}`.
#[handler]
pub async fn update_agency(
    req: &Request,
    p: Page,
    Path(id): Path<i64>,
    Form(f): Form<AgencyForm>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let result = match (check_csrf(req, &f.csrf_token), f.input(false)) {
        (Err(e), _) | (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(input)) => agencies::update(&p.ctx()?, &caller, id, input).await,
    };
    match result {
        Ok(a) => Ok(Redirect::see_other(format!("/admin/agencies/{}?done=saved", a.id)).into_response()),
        Err(e) if matches!(e.code, Code::Internal | Code::Forbidden | Code::ResourceNotFound) => Err(e),
        Err(e) => render_agency(&p, id, e.status(), Some(&f), Some(refusal(&p, &e)), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /admin/agencies/{id}/{activate|deactivate|delete}`.
#[handler]
pub async fn agency_action(
    req: &Request,
    p: Page,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let result = match action.as_str() {
        "activate" => agencies::set_active(&ctx, &caller, id, true).await.map(|_| "activated"),
        "deactivate" => agencies::set_active(&ctx, &caller, id, false).await.map(|_| "deactivated"),
        "delete" => agencies::delete(&ctx, &caller, id).await.map(|_| "deleted"),
        _ => Err(AppError::new(Code::ResourceNotFound)),
    };
    match result {
        Ok("deleted") => Ok(Redirect::see_other("/admin/agencies?done=deleted").into_response()),
        Ok(done) => Ok(Redirect::see_other(format!("/admin/agencies/{id}?done={done}")).into_response()),
        Err(e) if e.code == Code::AgencyReferenced => {
            render_agency(&p, id, e.status(), None, Some(refusal(&p, &e)), None).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// The registry of public services

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ServiceQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    cursor: String,
    #[serde(default, skip_serializing)]
    done: Option<String>,
}

/// The service form as typed (several values for providers, channels and forms).
#[derive(Serialize, Default, Clone)]
pub struct ServiceFormData {
    code: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    recipients: String,
    approving_body_id: String,
    provider_ids: Vec<String>,
    channels: Vec<String>,
    forms: Vec<String>,
    paid: bool,
    fee_basis: String,
    bylaw_title: String,
    bylaw_number: String,
    bylaw_date: String,
    term_value: String,
    term_unit: String,
    #[serde(skip)]
    csrf_token: String,
}

impl ServiceFormData {
    fn parse(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "code" => f.code = v,
                "name_kk" => f.name_kk = v,
                "name_ru" => f.name_ru = v,
                "name_en" => f.name_en = v,
                "recipients" => f.recipients = v,
                "approving_body_id" => f.approving_body_id = v,
                "provider_ids" if !v.trim().is_empty() => f.provider_ids.push(v),
                "channels" => f.channels.push(v),
                "forms" => f.forms.push(v),
                "paid" => f.paid = v == "true",
                "fee_basis" => f.fee_basis = v,
                "bylaw_title" => f.bylaw_title = v,
                "bylaw_number" => f.bylaw_number = v,
                "bylaw_date" => f.bylaw_date = v,
                "term_value" => f.term_value = v,
                "term_unit" => f.term_unit = v,
                "csrf_token" => f.csrf_token = v,
                _ => {}
            }
        }
        f
    }

    fn of(r: &registry::RegistryService) -> Self {
        let s = &r.service;
        Self {
            code: s.code.clone(),
            name_kk: s.name_kk.clone(),
            name_ru: s.name_ru.clone(),
            name_en: s.name_en.clone(),
            recipients: s.recipients.clone(),
            approving_body_id: s.approving_body_id.to_string(),
            provider_ids: r.providers.iter().map(|a| a.id.to_string()).collect(),
            channels: s.channels.split_whitespace().map(str::to_string).collect(),
            forms: s.forms.split_whitespace().map(str::to_string).collect(),
            paid: s.paid,
            fee_basis: s.fee_basis.clone().unwrap_or_default(),
            bylaw_title: s.bylaw_title.clone().unwrap_or_default(),
            bylaw_number: s.bylaw_number.clone().unwrap_or_default(),
            bylaw_date: s.bylaw_date.map(|d| d.to_string()).unwrap_or_default(),
            term_value: s.term_value.to_string(),
            term_unit: s.term_unit.clone(),
            csrf_token: String::new(),
        }
    }

    /// The API's input; numbers and the date are read here as the API's JSON would carry them.
    fn input(&self, is_new: bool) -> AppResult<ServiceInput> {
        let required = |v: &str| if is_new { opt(v) } else { Some(v.trim().to_string()) };
        let mut bad = Vec::new();
        let approving_body_id = match opt(&self.approving_body_id) {
            None => None,
            Some(v) => v
                .parse::<i64>()
                .map_err(|_| bad.push(FieldError::new("/approving_body_id", "unknown_agency").arg("value", &v)))
                .ok(),
        };
        let mut provider_ids = Vec::new();
        for (i, v) in self.provider_ids.iter().enumerate() {
            match v.trim().parse::<i64>() {
                Ok(id) => provider_ids.push(id),
                Err(_) => bad.push(FieldError::new(format!("/provider_ids/{i}"), "unknown_agency").arg("value", v)),
            }
        }
        let term_value = match opt(&self.term_value) {
            None => None,
            Some(v) => v
                .parse::<i32>()
                .map_err(|_| bad.push(FieldError::new("/term_value", "out_of_range").arg("min", 1).arg("max", 10_000)))
                .ok(),
        };
        let bylaw_date = match opt(&self.bylaw_date) {
            None => None,
            Some(v) => match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    bad.push(FieldError::new("/bylaw_date", "invalid_date").arg("value", &v));
                    None
                }
            },
        };
        if !bad.is_empty() {
            return Err(AppError::validation(bad));
        }
        Ok(ServiceInput {
            code: required(&self.code),
            name_kk: required(&self.name_kk),
            name_ru: required(&self.name_ru),
            name_en: required(&self.name_en),
            recipients: opt(&self.recipients),
            approving_body_id,
            provider_ids: Some(provider_ids),
            channels: Some(self.channels.clone()),
            forms: Some(self.forms.clone()),
            paid: Some(self.paid),
            fee_basis: Some(opt(&self.fee_basis)),
            bylaw_title: Some(opt(&self.bylaw_title)),
            bylaw_number: Some(opt(&self.bylaw_number)),
            bylaw_date: Some(bylaw_date),
            term_value,
            term_unit: opt(&self.term_unit),
        })
    }
}

/// The choices the service form offers, in the reader's language.
fn service_choices(lang: Lang, all: &[entity::agency::Model]) -> Value {
    let codes = |v: Vec<&'static str>| v;
    context! {
        agencies => agency_choices(lang, all),
        recipients => choices(lang, "web.directory.recipients", &codes(Recipients::ALL.iter().map(|x| x.as_str()).collect())),
        channels => choices(lang, "web.directory.channel", &codes(Channel::ALL.iter().map(|x| x.as_str()).collect())),
        forms => choices(lang, "web.directory.form", &codes(ServiceForm::ALL.iter().map(|x| x.as_str()).collect())),
        units => choices(lang, "web.directory.unit", &codes(TermUnit::ALL.iter().map(|x| x.as_str()).collect())),
    }
}

async fn render_services(
    p: &Page,
    q: &ServiceQuery,
    status: StatusCode,
    form: &ServiceFormData,
    refusal: Option<Value>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let all = all_agencies(&ctx).await?;
    let listed = async {
        let page = PageRequest::parse(Some(PAGE_SIZE), Some(q.cursor.as_str()))?;
        registry::list(&ctx, ServiceFilter { q: opt(&q.q), ..Default::default() }, page).await
    }
    .await;
    let (rows, next, list_refusal) = match listed {
        Ok((rows, next)) => (rows, next, None),
        Err(e) if e.code == Code::InvalidParameter => (Vec::new(), None, Some(page_refusal(p, &e))),
        Err(e) => return Err(e),
    };
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let s = &r.service;
            // A service many akimats provide names the first few and counts the rest.
            let mut providers: Vec<String> = r.providers.iter().take(3).map(|a| agency_name(lang, a)).collect();
            if r.providers.len() > 3 {
                providers.push(i18n::format(
                    lang,
                    "web.directory.more",
                    &[("count", (r.providers.len() - 3).to_string())],
                ));
            }
            context! {
                id => s.id,
                code => s.code.clone(),
                name => super::name_in(lang, &s.name_kk, &s.name_ru, &s.name_en),
                providers => providers.join(", "),
                active => s.active,
            }
        })
        .collect();
    let next_href = next.map(|c| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &q.q).append_pair("cursor", &c);
        format!("/admin/services?{}", s.finish())
    });
    let status =
        if list_refusal.is_some() && status == StatusCode::OK { StatusCode::UNPROCESSABLE_ENTITY } else { status };
    p.render_status(
        status,
        "admin_services.html",
        context! {
            rows => rows,
            filter => Value::from_serialize(q),
            choices => service_choices(lang, &all),
            next_href => next_href,
            list_refusal => list_refusal,
            form => Value::from_serialize(form),
            refusal => refusal,
            done => done_of(q.done.as_deref()),
        },
    )
}

/// `GET /admin/services`: the registry, filtered by text; a form to add a service.
#[handler]
pub async fn services_page(p: Page, Query(q): Query<ServiceQuery>) -> AppResult<Response> {
    if let Err(r) = admin_of(&p) {
        return *r;
    }
    let blank = ServiceFormData { term_unit: "working_days".into(), ..Default::default() };
    render_services(&p, &q, StatusCode::OK, &blank, None).await
}

/// `POST /admin/services`: add, as `POST /api/v1/services`.
#[handler]
pub async fn create_service(req: &Request, p: Page, Form(pairs): Form<Vec<(String, String)>>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let f = ServiceFormData::parse(pairs);
    let result = match (check_csrf(req, &f.csrf_token), f.input(true)) {
        (Err(e), _) | (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(input)) => registry::create(&p.ctx()?, &caller, input).await,
    };
    match result {
        Ok(r) => Ok(Redirect::see_other(format!("/admin/services/{}?done=created", r.service.id)).into_response()),
        Err(e) if matches!(e.code, Code::Internal | Code::Forbidden) => Err(e),
        Err(e) => render_services(&p, &ServiceQuery::default(), e.status(), &f, Some(refusal(&p, &e))).await,
    }
}

async fn render_service(
    p: &Page,
    id: i64,
    status: StatusCode,
    form: Option<&ServiceFormData>,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let r = registry::get(&ctx, id).await?;
    let all = all_agencies(&ctx).await?;
    let form = form.cloned().unwrap_or_else(|| ServiceFormData::of(&r));
    let s = &r.service;
    p.render_status(
        status,
        "admin_service.html",
        context! {
            service => context! { id => s.id, code => s.code.clone(), name => super::name_in(lang, &s.name_kk, &s.name_ru, &s.name_en), active => s.active },
            choices => service_choices(lang, &all),
            form => Value::from_serialize(&form),
            refusal => refusal,
            done => done_of(done),
        },
    )
}

/// `GET /admin/services/{id}`: the edit form and activate or deactivate.
#[handler]
pub async fn service_page(p: Page, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> AppResult<Response> {
    if let Err(r) = admin_of(&p) {
        return *r;
    }
    render_service(&p, id, StatusCode::OK, None, None, q.done.as_deref()).await
}

/// `POST /admin/services/{id}`: change, as `PATCH /api/v1/services/{id}`.
#[handler]
pub async fn update_service(
    req: &Request,
    p: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let f = ServiceFormData::parse(pairs);
    let result = match (check_csrf(req, &f.csrf_token), f.input(false)) {
        (Err(e), _) | (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(input)) => registry::update(&p.ctx()?, &caller, id, input).await,
    };
    match result {
        Ok(r) => Ok(Redirect::see_other(format!("/admin/services/{}?done=saved", r.service.id)).into_response()),
        Err(e) if matches!(e.code, Code::Internal | Code::Forbidden | Code::ResourceNotFound) => Err(e),
        Err(e) => render_service(&p, id, e.status(), Some(&f), Some(refusal(&p, &e)), None).await,
    }
}

/// `POST /admin/services/{id}/{activate|deactivate}`.
#[handler]
pub async fn service_action(
    req: &Request,
    p: Page,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let done = match action.as_str() {
        "activate" => registry::set_active(&ctx, &caller, id, true).await.map(|_| "activated")?,
        "deactivate" => registry::set_active(&ctx, &caller, id, false).await.map(|_| "deactivated")?,
        _ => return Err(AppError::new(Code::ResourceNotFound)),
    };
    Ok(Redirect::see_other(format!("/admin/services/{id}?done={done}")).into_response())
}
