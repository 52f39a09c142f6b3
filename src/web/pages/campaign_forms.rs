//! A monitoring campaign's team at work (Law Art. 29 p.1, Art. 26) as pages: start one
//! (`/campaigns/new`), edit it with a server-rendered preview of the methodology
//! (`/campaigns/{id}/edit`), its team (`/campaigns/{id}/team`) and its life (`/campaigns/{id}/state/
//! {event}`: activate, complete, archive, each behind a step that says what it freezes). Every
//! form posts to the same `service::campaigns` function the API calls; a refusal comes back beside
//! the form with everything typed kept.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{agency_name, campaigns::campaign_title, name_in, region_name};
use crate::{
    domain::campaigns::{CampaignEvent, CampaignState},
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
    markdown,
    service::campaigns::{self, CampaignFields, CampaignPatch},
    web::session::{Page, check_csrf},
};

/// The fields of a URL-encoded form in the order sent; a name may repeat (checkboxes, a multiple
/// select), which a struct extractor cannot read.
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &str) -> Self {
        Fields(url::form_urlencoded::parse(body.as_bytes()).into_owned().collect())
    }

    pub fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    pub fn csrf(&self) -> String {
        self.get(crate::web::CSRF_FIELD)
    }
}

fn has_text(lang: Lang, key: &str) -> bool {
    i18n::text(lang, key) != key
}

/// A refusal of a campaign form in the reader's language, with each field's message also keyed by
/// the field it is about (`errors.<field>`, or `errors.<field>/<index>` under a list) so the form
/// shows it beside the field. Where the API's wording names API fields or operations, the page's
/// own wording (`web.campaign_errors.*`, `web.campaign_fields.*`) says what to do on the page.
pub fn refusal(p: &Page, e: &AppError) -> (Value, BTreeMap<String, Vec<String>>) {
    let lang = p.lang;
    let code = e.code.as_str();
    let base = p.refusal(e);
    let web_detail = format!("web.campaign_errors.{code}");
    let detail = if has_text(lang, &web_detail) {
        Value::from(i18n::format(lang, &web_detail, &e.args))
    } else {
        base.get_attr("detail").unwrap_or_default()
    };
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let fields: Vec<Value> = e
        .fields
        .iter()
        .map(|f| {
            let (own, web, api) = (
                format!("web.campaign_fields.{}", f.code),
                format!("web.fields.{}", f.code),
                format!("fields.{}", f.code),
            );
            let key = i18n::first_of(lang, &[&own, &web, &api]).unwrap_or(&api).to_string();
            let message = i18n::format(lang, &key, &f.args);
            by_field.entry(field_of(&f.pointer)).or_default().push(message.clone());
            context! { pointer => f.pointer.clone(), message => message }
        })
        .collect();
    let v = context! {
        code => code,
        title => base.get_attr("title").unwrap_or_default(),
        detail => detail,
        fields => fields,
    };
    (v, by_field)
}

/// The form field a pointer is about: `/title_ru` → `title_ru`, `/service_ids/3` → `service_ids`,
/// `/questions/2/options/1/key` → `questions/2`.
fn field_of(pointer: &str) -> String {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["questions", i, ..] => format!("questions/{i}"),
        ["answers", key, ..] => format!("answers/{key}"),
        [first, ..] => first.to_string(),
        [] => String::new(),
    }
}

/// Errors a form cannot show beside itself: the page is not the reader's to see, or failed.
pub fn is_page_error(e: &AppError) -> bool {
    matches!(e.code, Code::Internal | Code::ResourceNotFound | Code::Forbidden)
}

pub fn sign_in_and_back(path: &str) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::see_other(format!("/sign-in?next={next}")).into_response()
}

/// What a page says happened after a form succeeded (`?done=`).
#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    pub fn of(done: Option<String>) -> Self {
        Done { done }
    }

    pub fn message(&self, lang: Lang) -> Option<String> {
        let key = format!("web.campaign_done.{}", self.done.as_deref()?);
        has_text(lang, &key).then(|| i18n::text(lang, &key))
    }
}

/// The campaign form as typed, kept when a refusal sends it back.
#[derive(Serialize, Default, Clone)]
struct CampaignForm {
    organization_id: String,
    basis: String,
    order_reference: String,
    order_date: String,
    order_customer_id: String,
    title_kk: String,
    title_ru: String,
    summary_kk: String,
    summary_ru: String,
    methodology_md: String,
    period_from: String,
    period_to: String,
    service_ids: Vec<String>,
    agency_ids: Vec<String>,
    regions: Vec<String>,
    open_survey: bool,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| s.to_string())
}

impl CampaignForm {
    fn from_fields(f: &Fields) -> Self {
        CampaignForm {
            organization_id: f.get("organization_id"),
            basis: f.get("basis"),
            order_reference: f.get("order_reference"),
            order_date: f.get("order_date"),
            order_customer_id: f.get("order_customer_id"),
            title_kk: f.get("title_kk"),
            title_ru: f.get("title_ru"),
            summary_kk: f.get("summary_kk"),
            summary_ru: f.get("summary_ru"),
            methodology_md: f.get("methodology_md"),
            period_from: f.get("period_from"),
            period_to: f.get("period_to"),
            service_ids: f.all("service_ids"),
            agency_ids: f.all("agency_ids"),
            regions: f.all("regions"),
            open_survey: f.has("open_survey"),
        }
    }

    fn of(v: &campaigns::CampaignView) -> Self {
        let c = &v.campaign;
        CampaignForm {
            organization_id: c.organization_id.map(|o| o.to_string()).unwrap_or_default(),
            basis: c.basis.clone(),
            order_reference: c.order_reference.clone().unwrap_or_default(),
            order_date: c.order_date.map(|d| d.to_string()).unwrap_or_default(),
            order_customer_id: c.order_customer_id.map(|o| o.to_string()).unwrap_or_default(),
            title_kk: c.title_kk.clone().unwrap_or_default(),
            title_ru: c.title_ru.clone().unwrap_or_default(),
            summary_kk: c.summary_kk.clone().unwrap_or_default(),
            summary_ru: c.summary_ru.clone().unwrap_or_default(),
            methodology_md: c.methodology_md.clone(),
            period_from: c.period_from.to_string(),
            period_to: c.period_to.to_string(),
            service_ids: v.service_ids.iter().map(|s| s.to_string()).collect(),
            agency_ids: v.agency_ids.iter().map(|s| s.to_string()).collect(),
            regions: v.regions.clone(),
            open_survey: c.open_survey,
        }
    }

    /// The typed values read as the API reads its JSON: ids as numbers, dates as ISO dates. What
    /// cannot be read is refused here, every problem at once; the rules are the service's.
    fn fields(&self) -> AppResult<(Option<i64>, CampaignFields)> {
        let mut errors = Vec::new();
        let mut id = |pointer: &str, v: &str| -> Option<i64> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            v.parse().map_err(|_| errors.push(FieldError::new(pointer, "invalid_value").arg("value", v))).ok()
        };
        let organization_id = id("/organization_id", &self.organization_id);
        let order_customer_id = id("/order_customer_id", &self.order_customer_id);
        let service_ids: Vec<i64> = self.service_ids.iter().filter_map(|s| id("/service_ids", s)).collect();
        let agency_ids: Vec<i64> = self.agency_ids.iter().filter_map(|s| id("/agency_ids", s)).collect();
        let mut date = |pointer: &str, v: &str, required: bool| -> Option<NaiveDate> {
            let v = v.trim();
            if v.is_empty() {
                if required {
                    errors.push(FieldError::new(pointer, "required"));
                }
                return None;
            }
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| errors.push(FieldError::new(pointer, "invalid_date").arg("value", v)))
                .ok()
        };
        let order_date = date("/order_date", &self.order_date, false);
        let period_from = date("/period_from", &self.period_from, true);
        let period_to = date("/period_to", &self.period_to, true);
        match (period_from, period_to) {
            (Some(period_from), Some(period_to)) if errors.is_empty() => Ok((
                organization_id,
                CampaignFields {
                    basis: self.basis.trim().to_string(),
                    order_reference: opt(&self.order_reference),
                    order_date,
                    order_customer_id,
                    title_kk: opt(&self.title_kk),
                    title_ru: opt(&self.title_ru),
                    summary_kk: opt(&self.summary_kk),
                    summary_ru: opt(&self.summary_ru),
                    methodology_md: self.methodology_md.clone(),
                    period_from,
                    period_to,
                    service_ids,
                    agency_ids,
                    regions: self.regions.iter().map(|r| r.trim().to_string()).collect(),
                    open_survey: self.open_survey,
                },
            )),
            _ => Err(AppError::validation(errors)),
        }
    }
}

#[derive(Serialize)]
struct Choice {
    id: String,
    name: String,
}

/// Where the form stands: new, or editing campaign `id` in `state`.
struct Editing {
    id: i64,
    state: String,
}

/// The campaign form, new or editing; `preview` shows the methodology as the campaign page will.
async fn render_form(
    p: &Page,
    editing: Option<&Editing>,
    status: StatusCode,
    form: &CampaignForm,
    refusal: Option<(Value, BTreeMap<String, Vec<String>>)>,
    preview: bool,
    done: Option<String>,
) -> AppResult<Response> {
    let Some(caller) = p.viewer.as_ref() else { return Err(AppError::new(Code::Unauthorized)) };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let choices = campaigns::form_choices(&ctx, caller).await?;
    let customers: Vec<Choice> =
        choices.authorized_bodies().map(|a| Choice { id: a.id.to_string(), name: agency_name(lang, a) }).collect();
    let mut agencies: Vec<Choice> =
        choices.agencies.iter().map(|a| Choice { id: a.id.to_string(), name: agency_name(lang, a) }).collect();
    agencies.sort_by(|a, b| a.name.cmp(&b.name));
    let services: Vec<Choice> = choices
        .services
        .iter()
        .map(|s| Choice { id: s.id.to_string(), name: name_in(lang, &s.name_kk, &s.name_ru, &s.name_en) })
        .collect();
    let regions: Vec<Choice> =
        choices.regions.iter().map(|r| Choice { id: r.code.clone(), name: region_name(lang, r) }).collect();
    let organizations: Vec<Choice> =
        choices.organizations.iter().map(|o| Choice { id: o.id.to_string(), name: o.name.clone() }).collect();
    // Editing keeps the NGO the campaign was started for (the service does not move it).
    let organization = match (editing, form.organization_id.parse::<i64>().ok()) {
        (Some(_), Some(o)) => Some(crate::service::organizations::get(&ctx, o).await?.name),
        _ => None,
    };
    let (refusal, errors) = match refusal {
        Some((r, e)) => (Some(r), e),
        None => (None, BTreeMap::new()),
    };
    let manage = match editing {
        Some(e) => Some(manage_links(p, e.id).await?),
        None => None,
    };
    p.render_status(
        status,
        "campaign_form.html",
        context! {
            id => editing.map(|e| e.id),
            state_label => editing.map(|e| i18n::text(lang, &format!("monitoring.state.{}", e.state))),
            form => form,
            customers => customers,
            agencies => agencies,
            services => services,
            regions => regions,
            organizations => organizations,
            organization => organization,
            refusal => refusal,
            errors => errors,
            preview_html => preview.then(|| markdown::to_html(&form.methodology_md)),
            manage => manage,
            done => done,
        },
    )
}

/// The links of a campaign's working pages that `p`'s reader may use, for the campaign page and
/// the working pages themselves.
pub async fn manage_links(p: &Page, id: i64) -> AppResult<Option<Value>> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let c = campaigns::find(&ctx.db, id).await?;
    let powers = campaigns::powers(&ctx, p.viewer.as_ref(), &c).await?;
    let state = campaigns::state_of(&c);
    if !powers.team {
        return Ok(None);
    }
    let steps: Vec<Value> = if powers.owner {
        [CampaignEvent::Activate, CampaignEvent::Complete, CampaignEvent::Archive]
            .into_iter()
            .filter(|e| state.apply(*e).is_ok())
            .map(|e| {
                context! {
                    href => format!("/campaigns/{id}/state/{}", e.as_str()),
                    label => i18n::text(lang, &format!("web.campaign_state.{}.button", e.as_str())),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(context! {
        id => id,
        edit => !state.is_read_only(),
        questionnaire => true,
        team => true,
        survey => state.accepts_responses(),
        steps => steps,
    }))
}

/// `GET /campaigns/new`: a new campaign.
#[handler]
pub async fn new_form(p: Page) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let form = CampaignForm { basis: "own_initiative".into(), ..Default::default() };
    render_form(&p, None, StatusCode::OK, &form, None, false, None).await
}

/// `POST /campaigns/new`: preview the methodology, or start the campaign as a draft (the API's
/// `POST /campaigns`).
#[handler]
pub async fn create(req: &Request, mut p: Page, body: String) -> AppResult<Response> {
    p.here = "/campaigns/new".into();
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back("/campaigns/new")) };
    let fields = Fields::parse(&body);
    let form = CampaignForm::from_fields(&fields);
    if let Err(e) = check_csrf(req, &fields.csrf()) {
        return render_form(&p, None, e.status(), &form, Some(refusal(&p, &e)), false, None).await;
    }
    if fields.has("preview") {
        return render_form(&p, None, StatusCode::OK, &form, None, true, None).await;
    }
    let ctx = p.ctx()?;
    let saved = match form.fields() {
        Ok((organization_id, f)) => campaigns::create(&ctx, &caller, organization_id, f).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(v) => Ok(Redirect::see_other(format!("/campaigns/{}/edit?done=created", v.campaign.id)).into_response()),
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render_form(&p, None, e.status(), &form, Some(refusal(&p, &e)), false, None).await,
    }
}

/// The campaign the reader edits as a team member; a closed one refuses (409) as the service does.
async fn editable(p: &Page, id: i64) -> AppResult<campaigns::CampaignView> {
    let ctx = p.ctx()?;
    let caller = p.viewer.as_ref().ok_or_else(|| AppError::new(Code::Unauthorized))?;
    let c = campaigns::for_team(&ctx.db, caller, id).await?;
    campaigns::require_writable(&c)?;
    campaigns::view(&ctx.db, c).await
}

/// `GET /campaigns/{id}/edit`: the team's campaign in the form.
#[handler]
pub async fn edit_form(p: Page, Path(id): Path<i64>, Query(done): Query<Done>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let v = editable(&p, id).await?;
    let editing = Editing { id, state: v.campaign.state.clone() };
    let done = done.message(p.lang);
    render_form(&p, Some(&editing), StatusCode::OK, &CampaignForm::of(&v), None, false, done).await
}

/// `POST /campaigns/{id}/edit`: preview, or save every field (the API's `PATCH /campaigns/{id}`).
#[handler]
pub async fn update(req: &Request, mut p: Page, Path(id): Path<i64>, body: String) -> AppResult<Response> {
    p.here = format!("/campaigns/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&format!("/campaigns/{id}/edit"))) };
    let fields = Fields::parse(&body);
    let form = CampaignForm::from_fields(&fields);
    let ctx = p.ctx()?;
    let state = campaigns::find(&ctx.db, id).await?.state;
    let editing = Editing { id, state };
    if let Err(e) = check_csrf(req, &fields.csrf()) {
        return render_form(&p, Some(&editing), e.status(), &form, Some(refusal(&p, &e)), false, None).await;
    }
    if fields.has("preview") {
        // Only the team previews its campaign; the service's read decides.
        editable(&p, id).await?;
        return render_form(&p, Some(&editing), StatusCode::OK, &form, None, true, None).await;
    }
    let saved = match form.fields() {
        Ok((_, f)) => {
            let patch = CampaignPatch {
                basis: Some(f.basis),
                order_reference: Some(f.order_reference),
                order_date: Some(f.order_date),
                order_customer_id: Some(f.order_customer_id),
                title_kk: Some(f.title_kk),
                title_ru: Some(f.title_ru),
                summary_kk: Some(f.summary_kk),
                summary_ru: Some(f.summary_ru),
                methodology_md: Some(f.methodology_md),
                period_from: Some(f.period_from),
                period_to: Some(f.period_to),
                service_ids: Some(f.service_ids),
                agency_ids: Some(f.agency_ids),
                regions: Some(f.regions),
                open_survey: Some(f.open_survey),
            };
            campaigns::update(&ctx, &caller, id, patch).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::see_other(format!("/campaigns/{id}/edit?done=saved")).into_response()),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignMember => Err(e),
        Err(e) => render_form(&p, Some(&editing), e.status(), &form, Some(refusal(&p, &e)), false, None).await,
    }
}

fn event_of(name: &str) -> AppResult<CampaignEvent> {
    CampaignEvent::parse(name).ok_or_else(|| AppError::not_found("campaign action", name))
}

/// The confirm step of a change of state: what it freezes, in the reader's language.
fn render_step(
    p: &Page,
    c: &entity::campaign::Model,
    event: CampaignEvent,
    status: StatusCode,
    refusal: Option<Value>,
) -> AppResult<Response> {
    let lang = p.lang;
    let key = |k: &str| format!("web.campaign_state.{}.{k}", event.as_str());
    p.render_status(
        status,
        "campaign_step.html",
        context! {
            id => c.id,
            title => campaign_title(lang, &c.title_kk, &c.title_ru),
            state_label => i18n::text(lang, &format!("monitoring.state.{}", c.state)),
            event => event.as_str(),
            heading => i18n::text(lang, &key("heading")),
            freezes => i18n::text(lang, &key("freezes")),
            button => i18n::text(lang, &key("button")),
            refusal => refusal,
        },
    )
}

/// `GET /campaigns/{id}/state/{event}`: the owner's confirm step; others are refused as the
/// service would refuse them.
#[handler]
pub async fn step_page(p: Page, Path((id, event)): Path<(i64, String)>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let event = event_of(&event)?;
    let ctx = p.ctx()?;
    let c = campaigns::for_team(&ctx.db, &caller, id).await?;
    if !campaigns::powers(&ctx, Some(&caller), &c).await?.owner {
        return Err(AppError::new(Code::NotCampaignOwner));
    }
    let state = campaigns::state_of(&c);
    if let Err(e) = state.apply(event) {
        return Err(AppError::new(Code::CampaignTransitionNotAllowed)
            .arg("state", i18n::text(p.lang, &format!("monitoring.state.{}", e.from.as_str())))
            .arg("action", i18n::text(p.lang, &format!("web.campaign_state.{}.button", event.as_str()))));
    }
    render_step(&p, &c, event, StatusCode::OK, None)
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /campaigns/{id}/state/{event}`: the change itself (the API's `POST /campaigns/{id}/
/// activate|complete|archive`).
#[handler]
pub async fn step(
    req: &Request,
    p: Page,
    Path((id, event_name)): Path<(i64, String)>,
    poem::web::Form(f): poem::web::Form<CsrfOnly>,
) -> AppResult<Response> {
    let here = format!("/campaigns/{id}/state/{event_name}");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&here)) };
    let event = event_of(&event_name)?;
    let ctx = p.ctx()?;
    let outcome = match check_csrf(req, &f.csrf_token) {
        Ok(()) => campaigns::transition(&ctx, &caller, id, event).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::see_other(format!("/campaigns/{id}?done={}", event.as_str())).into_response()),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignOwner || e.code == Code::NotCampaignMember => Err(e),
        Err(e) => {
            let c = campaigns::find(&ctx.db, id).await?;
            let e = match e.code {
                // The state and the action in words, not the API's codes.
                Code::CampaignTransitionNotAllowed => AppError::new(Code::CampaignTransitionNotAllowed)
                    .arg("state", i18n::text(p.lang, &format!("monitoring.state.{}", c.state)))
                    .arg("action", i18n::text(p.lang, &format!("web.campaign_state.{}.button", event.as_str()))),
                _ => e,
            };
            render_step(&p, &c, event, e.status(), Some(refusal(&p, &e).0))
        }
    }
}

/// The team page: who is on it, and for the owner of an NGO's campaign, adding and removing.
async fn render_team(
    p: &Page,
    id: i64,
    status: StatusCode,
    refusal: Option<Value>,
    done: Option<String>,
) -> AppResult<Response> {
    let caller = p.viewer.as_ref().ok_or_else(|| AppError::new(Code::Unauthorized))?;
    let ctx = p.ctx()?;
    let lang = p.lang;
    let c = campaigns::for_team(&ctx.db, caller, id).await?;
    let powers = campaigns::powers(&ctx, Some(caller), &c).await?;
    let team = campaigns::team(&ctx, &c).await?;
    // The NGO's members see one another's names; so does the team page.
    let (members, organization) = match c.organization_id {
        Some(org) => (
            crate::service::organizations::members(&ctx, Some(caller), org).await?,
            Some(crate::service::organizations::get(&ctx, org).await?.name),
        ),
        None => (Vec::new(), None),
    };
    let name_of = |account: i64, public: &Option<String>| {
        members
            .iter()
            .find(|m| m.account_id == account)
            .and_then(|m| m.name.clone())
            .or_else(|| public.clone())
            .unwrap_or_else(|| i18n::text(lang, "web.campaign.unnamed"))
    };
    let manages = powers.owner && !campaigns::state_of(&c).is_read_only() && c.organization_id.is_some();
    let rows: Vec<Value> = team
        .iter()
        .map(|m| {
            context! {
                account_id => m.account_id,
                name => name_of(m.account_id, &m.name),
                role => i18n::text(lang, &format!("web.campaign.role_{}", m.role)),
                since => m.since.to_rfc3339(),
                removable => manages && m.role == "member",
            }
        })
        .collect();
    let candidates: Vec<Choice> = if manages {
        members
            .iter()
            .filter(|m| !team.iter().any(|t| t.account_id == m.account_id))
            .map(|m| Choice {
                id: m.account_id.to_string(),
                name: m.name.clone().unwrap_or_else(|| i18n::text(lang, "web.campaign.unnamed")),
            })
            .collect()
    } else {
        Vec::new()
    };
    p.render_status(
        status,
        "campaign_team.html",
        context! {
            id => id,
            title => campaign_title(lang, &c.title_kk, &c.title_ru),
            organization => organization,
            team => rows,
            manages => manages,
            candidates => candidates,
            refusal => refusal,
            done => done,
            manage => manage_links(p, id).await?,
        },
    )
}

/// `GET /campaigns/{id}/team`.
#[handler]
pub async fn team_page(p: Page, Path(id): Path<i64>, Query(done): Query<Done>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let done = done.message(p.lang);
    render_team(&p, id, StatusCode::OK, None, done).await
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    account_id: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /campaigns/{id}/team`: add a member of the NGO (the API's `POST /campaigns/{id}/team`).
#[handler]
pub async fn add_member(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    poem::web::Form(f): poem::web::Form<MemberForm>,
) -> AppResult<Response> {
    p.here = format!("/campaigns/{id}/team");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let outcome = match check_csrf(req, &f.csrf_token) {
        Ok(()) => match f.account_id.trim().parse::<i64>() {
            Ok(account) => campaigns::add_member(&p.ctx()?, &caller, id, account).await,
            Err(_) => Err(AppError::validation(vec![FieldError::new("/account_id", "required")])),
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::see_other(format!("/campaigns/{id}/team?done=member_added")).into_response()),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignMember => Err(e),
        Err(e) => render_team(&p, id, e.status(), Some(refusal(&p, &e).0), None).await,
    }
}

/// `POST /campaigns/{id}/team/{account_id}/remove` (the API's `DELETE /campaigns/{id}/team/{account_id}`).
#[handler]
pub async fn remove_member(
    req: &Request,
    mut p: Page,
    Path((id, account)): Path<(i64, i64)>,
    poem::web::Form(f): poem::web::Form<CsrfOnly>,
) -> AppResult<Response> {
    p.here = format!("/campaigns/{id}/team");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let outcome = match check_csrf(req, &f.csrf_token) {
        Ok(()) => campaigns::remove_member(&p.ctx()?, &caller, id, account).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::see_other(format!("/campaigns/{id}/team?done=member_removed")).into_response()),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignMember => Err(e),
        Err(e) => render_team(&p, id, e.status(), Some(refusal(&p, &e).0), None).await,
    }
}

/// Whether a state still takes changes of the campaign's text (for the `/me` list's edit link).
pub fn editable_state(state: &str) -> bool {
    CampaignState::parse(state).is_some_and(|s| !s.is_read_only())
}
