//! An agency officer's forms on discussions (Law Art. 15; Art. 23 p.6): `/discussions/new` puts a
//! draft act or the agency's annual report up for discussion, with the earliest closing date the
//! working-day calendar allows shown before sending; `POST /discussions/{id}/versions` publishes a
//! revised text from the discussion's page. Who may do it and every rule are the service's.
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Redirect},
};
use serde::Serialize;

use super::name_in;
use crate::{
    error::{AppError, AppResult, Code, FieldError},
    i18n,
    service::{
        discussions::{self, NewDiscussion, developer},
        pagination::PageRequest,
        public_services::{self, ServiceFilter},
        reports::{self, ReportFilter},
    },
    web::session::{Page, check_csrf},
};

/// The most services and reports the form offers as choices.
const CHOICES: u64 = 100;

/// The form as typed; every value comes back when the service refuses it.
#[derive(Serialize, Default, Clone)]
pub struct NewForm {
    subject: String,
    report_id: String,
    title_kk: String,
    title_ru: String,
    text_md: String,
    service_ids: Vec<i64>,
    /// `YYYY-MM-DDTHH:MM` in Kazakhstan's time, as a `datetime-local` field gives it.
    opens_at: String,
    closes_at: String,
    #[serde(skip)]
    intent: String,
    #[serde(skip)]
    csrf_token: String,
}

impl NewForm {
    /// The fields of a posted form; the services are checkboxes of one name, so pairs, not a map.
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = NewForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "subject" => f.subject = v,
                "report_id" => f.report_id = v,
                "title_kk" => f.title_kk = v,
                "title_ru" => f.title_ru = v,
                "text_md" => f.text_md = v,
                "service_id" => f.service_ids.extend(v.trim().parse::<i64>().ok()),
                "opens_at" => f.opens_at = v,
                "closes_at" => f.closes_at = v,
                "intent" => f.intent = v,
                "csrf_token" => f.csrf_token = v,
                _ => {}
            }
        }
        f
    }
}

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// A `datetime-local` value read as Kazakhstan's time.
fn parse_local(pointer: &str, s: &str) -> Result<DateTime<Utc>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(pointer, "required"));
    }
    let naive = NaiveDateTime::parse_from_str(s, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| FieldError::new(pointer, "invalid_value").arg("value", s))?;
    chrono_tz::Asia::Almaty
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| FieldError::new(pointer, "invalid_value").arg("value", s))
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Asia::Almaty).format(LOCAL_FORMAT).to_string()
}

#[derive(Serialize)]
struct Choice {
    id: i64,
    label: String,
}

async fn render_new(p: &Page, status: StatusCode, form: &NewForm, refusal: Option<Value>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let caller = p.viewer.as_ref();
    if !developer::may_create(caller) {
        return Err(AppError::new(Code::Forbidden).arg("why", i18n::text(lang, "web.officer.new.officers_only")));
    }
    let agency_id = caller.and_then(|c| c.account.agency_id);
    let agency = crate::service::agencies::find(&ctx.db, agency_id.unwrap_or_default()).await?;
    // The services the agency approves the rules of, else those it provides: the drafts it writes
    // are about them.
    let page = PageRequest { limit: CHOICES, after: None };
    let (mut services, _) = public_services::list(
        &ctx,
        ServiceFilter { approving_body: agency_id, active: Some(true), ..Default::default() },
        page,
    )
    .await?;
    if services.is_empty() {
        services = public_services::list(
            &ctx,
            ServiceFilter { provider: agency_id, active: Some(true), ..Default::default() },
            page,
        )
        .await?
        .0;
    }
    let services: Vec<Choice> = services
        .into_iter()
        .map(|s| Choice {
            id: s.service.id,
            label: format!(
                "{} · {}",
                s.service.code,
                name_in(lang, &s.service.name_kk, &s.service.name_ru, &s.service.name_en)
            ),
        })
        .collect();
    let (reports, _) = reports::list(&ctx, ReportFilter { agency_id, ..Default::default() }, page).await?;
    let reports: Vec<Choice> =
        reports.into_iter().rev().map(|r| Choice { id: r.id, label: format!("{} · {}", r.year, r.title) }).collect();
    let cal = &p.state()?.calendar(&ctx).await?;
    // The earliest closing date for the opening typed (or now): the service's rule, shown first.
    let opens = parse_local("/opens_at", &form.opens_at).ok();
    let earliest = developer::earliest_close(&ctx, cal, opens).ok();
    let mut form = form.clone();
    if form.subject.is_empty() {
        form.subject = "draft_act".into();
    }
    if form.opens_at.is_empty() {
        form.opens_at = local(ctx.now);
    }
    p.render_status(
        status,
        "discussion_new.html",
        context! {
            agency => super::AgencyLink::new(lang, &agency),
            form => form,
            services => services,
            reports => reports,
            earliest => earliest.map(|d| d.to_string()),
            min_days => ctx.config.discussion_min_working_days,
            refusal => refusal,
        },
    )
}

/// `GET /discussions/new`: the form, for agency officers only.
#[handler]
pub async fn new_form(p: Page) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    render_new(&p, StatusCode::OK, &NewForm::default(), None).await
}

/// `POST /discussions/new`: `intent=check` recomputes the earliest closing date for the opening
/// typed; otherwise the discussion is created and its page shown.
#[handler]
pub async fn create(req: &Request, mut p: Page, Form(pairs): Form<Vec<(String, String)>>) -> AppResult<Response> {
    p.here = "/discussions/new".into();
    let f = NewForm::from_pairs(pairs);
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_new(&p, e.status(), &f, Some(p.refusal(&e))).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other("/sign-in?next=%2Fdiscussions%2Fnew").into_response());
    };
    if f.intent == "check" {
        return render_new(&p, StatusCode::OK, &f, None).await;
    }
    let (opens, closes) = (parse_local("/opens_at", &f.opens_at), parse_local("/closes_at", &f.closes_at));
    let report_id = f.report_id.trim().parse::<i64>().ok();
    let (opens_at, closes_at) = match (opens, closes) {
        (Ok(o), Ok(c)) => (o, c),
        (o, c) => {
            let e = AppError::validation([o.err(), c.err()].into_iter().flatten().collect());
            return render_new(&p, e.status(), &f, Some(p.refusal(&e))).await;
        }
    };
    let report = f.subject == "report";
    let input = NewDiscussion {
        subject: f.subject.clone(),
        report_id: if report { report_id } else { None },
        title_kk: f.title_kk.clone(),
        title_ru: f.title_ru.clone(),
        service_ids: f.service_ids.clone(),
        text_md: if report { None } else { Some(f.text_md.clone()) },
        opens_at,
        closes_at,
    };
    let ctx = p.ctx()?;
    let cal = p.state()?.calendar(&ctx).await?;
    match discussions::create(&ctx, &caller, &cal, input).await {
        Ok(d) => Ok(Redirect::see_other(format!("/discussions/{}", d.id)).into_response()),
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render_new(&p, e.status(), &f, Some(p.refusal(&e))).await,
    }
}

/// A new version as the officer typed it, kept when refused.
#[derive(serde::Deserialize, Serialize, Default, Clone)]
pub struct RevisionForm {
    #[serde(default)]
    text_md: String,
    #[serde(default)]
    note: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

/// The developer's part of the discussion's page: the revision form (the current text to start
/// from, or the refused one as typed) and what else may be done now.
pub fn officer_panel(
    version: &entity::discussion_version::Model,
    actions: &developer::DeveloperActions,
    revision: Option<(RevisionForm, Value)>,
) -> Value {
    let (form, refusal) = match revision {
        Some((f, r)) => (f, Some(r)),
        None => (RevisionForm { text_md: version.text_md.clone(), ..Default::default() }, None),
    };
    context! {
        revise => actions.revise,
        decide => actions.decide,
        notice_published => actions.notice_published,
        revision => form,
        revision_refusal => refusal,
    }
}

/// `POST /discussions/{id}/versions`: publish a revised text of the draft.
#[handler]
pub async fn revise(
    req: &Request,
    mut p: Page,
    poem::web::Path(id): poem::web::Path<i64>,
    Form(f): Form<RevisionForm>,
) -> AppResult<Response> {
    use super::discussions::{CommentForm, render_with};
    p.here = format!("/discussions/{id}");
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let r = p.refusal(&e);
        return render_with(&p, id, e.status(), &CommentForm::default(), None, Some((f, r))).await;
    }
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fdiscussions%2F{id}")).into_response());
    };
    let ctx = p.ctx()?;
    let note = Some(f.note.clone()).filter(|n| !n.trim().is_empty());
    match discussions::revise(&ctx, &caller, id, &f.text_md, note).await {
        Ok(_) => Ok(Redirect::see_other(format!("/discussions/{id}#text-h")).into_response()),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let r = p.refusal(&e);
            render_with(&p, id, e.status(), &CommentForm::default(), None, Some((f, r))).await
        }
    }
}
