//! `/admin`: the portal administrators' pages. Roles (find an account by e-mail, grant agency
//! officer bound to one agency, moderator or admin, revoke back to citizen) over
//! `accounts::list` / `accounts::set_role`; the audit log over `service::audit::admin::recent`;
//! the health of the outbox, webhooks and search index over `service::audit::admin::health`; the
//! working-day calendar of a year as the API's `/calendar/{year}` reads it. Every page is for
//! administrators only; anyone else gets a 403 page in words, and the service refuses a forged post.
use chrono::{NaiveDate, TimeZone, Utc};
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::agency_name;
use crate::{
    domain::accounts::Role,
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    service::{
        Caller, Ctx, accounts,
        agencies::{self, AgencyFilter},
        audit::{AuditFilter, admin as console},
        pagination::PageRequest,
    },
    web::session::{Page, check_csrf},
};

/// A 403 page that says, in the reader's language, who may open it.
pub fn forbidden(lang: Lang, why_key: &str) -> AppError {
    AppError::new(Code::Forbidden).arg("why", i18n::text(lang, why_key))
}

/// A refusal for these pages: the service's words, with a refused power worded for people
/// (`web.admin.forbidden`) and field messages from `web.admin_fields` before the shared tables.
pub fn page_refusal(p: &Page, e: &AppError) -> Value {
    let lang = p.lang;
    let base = p.refusal(e);
    let detail = if e.code == Code::Forbidden {
        Value::from(i18n::text(lang, "web.admin.forbidden"))
    } else if e.code == Code::ValidationFailed {
        Value::from(i18n::text(lang, "web.admin.validation_failed"))
    } else {
        base.get_attr("detail").unwrap_or_default()
    };
    let fields: Vec<Value> = e
        .fields
        .iter()
        .map(|f| {
            let (own, web, api) = (
                format!("web.admin_fields.{}", f.code),
                format!("web.fields.{}", f.code),
                format!("fields.{}", f.code),
            );
            let key = i18n::first_of(lang, &[&own, &web, &api]).unwrap_or(&api).to_string();
            context! { pointer => f.pointer.clone(), message => i18n::format(lang, &key, &f.args) }
        })
        .collect();
    context! {
        code => e.code.as_str(),
        title => base.get_attr("title").unwrap_or_default(),
        detail => detail,
        fields => fields,
    }
}

/// The signed-in administrator, a way to sign in, or a 403 page.
pub fn admin_of(p: &Page) -> Result<Caller, Box<Result<Response, AppError>>> {
    match p.require_viewer() {
        Ok(c) if c.is_admin() => Ok(c.clone()),
        Ok(_) => Err(Box::new(Err(forbidden(p.lang, "web.admin.admins_only")))),
        Err(to_sign_in) => Err(Box::new(Ok(to_sign_in.into_response()))),
    }
}

macro_rules! admin_or_return {
    ($p:expr) => {
        match admin_of(&$p) {
            Ok(c) => c,
            Err(r) => return *r,
        }
    };
}

/// `GET /admin`: what an administrator can do here.
#[handler]
pub async fn overview(p: Page) -> AppResult<Response> {
    admin_or_return!(p);
    p.render("admin.html", context! {})
}

fn role_label(lang: Lang, r: &str) -> String {
    i18n::text(lang, &format!("web.admin.role.{r}"))
}

fn roles(lang: Lang) -> Vec<Value> {
    Role::ALL.iter().map(|r| context! { code => r.as_str(), label => role_label(lang, r.as_str()) }).collect()
}

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AccountsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    cursor: String,
}

#[derive(Serialize)]
struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    role_code: String,
    agency: Option<String>,
}

/// Every agency's id and name, for the role form's list.
pub(super) async fn all_agencies(ctx: &Ctx) -> AppResult<Vec<entity::agency::Model>> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (rows, next) = agencies::list(ctx, AgencyFilter::default(), PageRequest { limit: 100, after }).await?;
        after = rows.last().map(|a| a.id);
        out.extend(rows);
        if next.is_none() {
            break;
        }
    }
    Ok(out)
}

async fn agency_label(ctx: &Ctx, lang: Lang, id: Option<i64>) -> AppResult<Option<String>> {
    Ok(match id {
        Some(id) => match agencies::find(&ctx.db, id).await {
            Ok(a) => Some(format!("{} · {}", a.code, agency_name(lang, &a))),
            Err(e) if e.code == Code::ResourceNotFound => None,
            Err(e) => return Err(e),
        },
        None => None,
    })
}

/// `GET /admin/accounts`: find accounts by e-mail or name, filtered by role.
#[handler]
pub async fn accounts_page(p: Page, Query(q): Query<AccountsQuery>) -> AppResult<Response> {
    let caller = admin_or_return!(p);
    let ctx = p.ctx()?;
    let lang = p.lang;
    let listed = async {
        let page = PageRequest::parse(Some(25), Some(q.cursor.as_str()))?;
        let role = Some(q.role.trim().to_string()).filter(|r| !r.is_empty());
        accounts::list(&ctx, &caller, Some(q.q.clone()), role, page).await
    }
    .await;
    let (rows, next, problem) = match listed {
        Ok((rows, next)) => (rows, next, None),
        Err(e) if e.code == Code::InvalidParameter => (Vec::new(), None, Some(page_refusal(&p, &e))),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for a in rows {
        out.push(AccountRow {
            id: a.id,
            role: role_label(lang, &a.role),
            role_code: a.role.clone(),
            agency: agency_label(&ctx, lang, a.agency_id).await?,
            email: a.email,
            display_name: a.display_name,
        });
    }
    let next_href = next.map(|c| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &q.q).append_pair("role", &q.role).append_pair("cursor", &c);
        format!("/admin/accounts?{}", s.finish())
    });
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    p.render_status(
        status,
        "admin_accounts.html",
        context! {
            rows => out,
            filter => Value::from_serialize(&q),
            roles => roles(lang),
            next_href => next_href,
            refusal => problem,
        },
    )
}

/// The role form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn render_account(
    p: &Page,
    caller: &Caller,
    id: i64,
    status: StatusCode,
    form: Option<RoleForm>,
    refusal: Option<Value>,
    done: bool,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    caller.require_admin()?;
    let a = accounts::get(&ctx, id).await?;
    let form = form.unwrap_or_else(|| RoleForm {
        role: a.role.clone(),
        agency_id: a.agency_id.map(|i| i.to_string()).unwrap_or_default(),
        csrf_token: String::new(),
    });
    let agencies: Vec<Value> = all_agencies(&ctx)
        .await?
        .into_iter()
        .map(|g| context! { id => g.id.to_string(), label => format!("{} · {}", g.code, agency_name(lang, &g)) })
        .collect();
    p.render_status(
        status,
        "admin_account.html",
        context! {
            account => context! {
                id => a.id,
                email => a.email.clone(),
                display_name => a.display_name.clone(),
                role => role_label(lang, &a.role),
                role_code => a.role.clone(),
                agency => agency_label(&ctx, lang, a.agency_id).await?,
                created_at => a.created_at.to_rfc3339(),
            },
            form => Value::from_serialize(&form),
            roles => roles(lang),
            agencies => agencies,
            refusal => refusal,
            done => done,
            is_self => a.id == caller.id(),
        },
    )
}

/// `GET /admin/accounts/{id}`: one account, with the form to change its role.
#[handler]
pub async fn account_page(p: Page, Path(id): Path<i64>, Query(d): Query<Done>) -> AppResult<Response> {
    let caller = admin_or_return!(p);
    render_account(&p, &caller, id, StatusCode::OK, None, None, d.done.is_some()).await
}

/// `POST /admin/accounts/{id}/role`: grant a role (an officer with their agency) or revoke one
/// (back to citizen); the same `accounts::set_role` as `PUT /api/v1/accounts/{id}/role`.
#[handler]
pub async fn set_role(req: &Request, mut p: Page, Path(id): Path<i64>, Form(f): Form<RoleForm>) -> AppResult<Response> {
    p.here = format!("/admin/accounts/{id}");
    let Some(caller) = p.viewer.clone() else {
        return Ok(Redirect::see_other(format!("/sign-in?next=%2Fadmin%2Faccounts%2F{id}")).into_response());
    };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        let r = page_refusal(&p, &e);
        return render_account(&p, &caller, id, e.status(), Some(f), Some(r), false).await;
    }
    let ctx = p.ctx()?;
    let agency_id = match f.agency_id.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let e = AppError::invalid_parameter("agency_id", &i18n::text(p.lang, "web.admin.bad_agency"));
                let r = page_refusal(&p, &e);
                return render_account(&p, &caller, id, e.status(), Some(f), Some(r), false).await;
            }
        },
    };
    // Only an agency officer is bound to an agency: the list's choice is dropped for other
    // roles, as a person choosing "moderator" means; a forged post keeps what it sent.
    let agency_id =
        if f.role == Role::AgencyOfficer.as_str() || f.agency_id.trim().is_empty() { agency_id } else { None };
    match accounts::set_role(&ctx, &caller, id, &f.role, agency_id).await {
        Ok(_) => Ok(Redirect::see_other(format!("/admin/accounts/{id}?done=1")).into_response()),
        Err(e) if e.code == Code::Forbidden => Err(forbidden(p.lang, "web.admin.admins_only")),
        Err(e) if e.code == Code::Internal || e.code == Code::ResourceNotFound => Err(e),
        Err(e) => {
            let r = page_refusal(&p, &e);
            render_account(&p, &caller, id, e.status(), Some(f), Some(r), false).await
        }
    }
}

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    before: String,
}

impl AuditQuery {
    fn range(&self, lang: Lang) -> AppResult<console::AuditRange> {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let number = |name: &str, s: &str| -> AppResult<Option<i64>> {
            match s.trim() {
                "" => Ok(None),
                v => v
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| AppError::invalid_parameter(name, &i18n::text(lang, "web.admin.audit.bad_number"))),
            }
        };
        // A day as Almaty reads it: from its first instant, up to the end of the `to` day.
        let day = |name: &str, s: &str, next: bool| -> AppResult<Option<chrono::DateTime<Utc>>> {
            match s.trim() {
                "" => Ok(None),
                v => {
                    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                        AppError::invalid_parameter(name, &i18n::text(lang, "web.admin.audit.bad_date"))
                    })?;
                    let d = if next { d.succ_opt().unwrap_or(d) } else { d };
                    let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
                    Ok(Some(
                        chrono_tz::Asia::Almaty
                            .from_local_datetime(&local)
                            .single()
                            .map(|t| t.with_timezone(&Utc))
                            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
                    ))
                }
            }
        };
        Ok(console::AuditRange {
            filter: AuditFilter {
                actor_id: number("actor", &self.actor)?,
                entity_type: text(&self.entity_type),
                entity_id: text(&self.entity_id),
                action: text(&self.action),
            },
            from: day("from", &self.from, false)?,
            to: day("to", &self.to, true)?,
            before: number("before", &self.before)?,
        })
    }

    fn href_before(&self, before: i64) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("entity_type", &self.entity_type),
            ("entity_id", &self.entity_id),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        s.append_pair("before", &before.to_string());
        format!("/admin/audit?{}", s.finish())
    }
}

#[derive(Serialize)]
struct AuditRow {
    id: i64,
    at: String,
    actor: Option<i64>,
    action: String,
    subject: String,
    change: String,
}

/// What changed, shortly: the fields of `after` that differ from `before`.
fn change_of(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> String {
    let Some(serde_json::Value::Object(after)) = after else { return String::new() };
    let before = before.and_then(|b| b.as_object());
    let mut parts: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.is_none_or(|b| b.get(*k) != Some(*v)))
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            let v: String = v.chars().take(80).collect();
            format!("{k}: {v}")
        })
        .collect();
    parts.truncate(6);
    parts.join("; ")
}

/// `GET /admin/audit`: the audit log, newest first, with filters.
#[handler]
pub async fn audit_page(p: Page, Query(q): Query<AuditQuery>) -> AppResult<Response> {
    let caller = admin_or_return!(p);
    let ctx = p.ctx()?;
    let found = async { console::recent(&ctx, &caller, q.range(p.lang)?, 25).await }.await;
    let (rows, next, problem) = match found {
        Ok((rows, next)) => (rows, next, None),
        Err(e) if e.code == Code::InvalidParameter => (Vec::new(), None, Some(page_refusal(&p, &e))),
        Err(e) => return Err(e),
    };
    let rows: Vec<AuditRow> = rows
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at.to_rfc3339(),
            actor: e.actor_id,
            change: change_of(e.before.as_ref(), e.after.as_ref()),
            action: e.action,
            subject: format!("{} {}", e.entity_type, e.entity_id),
        })
        .collect();
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    p.render_status(
        status,
        "admin_audit.html",
        context! {
            rows => rows,
            filter => Value::from_serialize(&q),
            next_href => next.map(|n| q.href_before(n)),
            first_href => (!q.before.is_empty()).then_some("/admin/audit"),
            refusal => problem,
        },
    )
}

/// `GET /admin/health`: the outbox, the webhooks and the search index on one page.
#[handler]
pub async fn health_page(p: Page) -> AppResult<Response> {
    let caller = admin_or_return!(p);
    let ctx = p.ctx()?;
    let state = p.state()?;
    let h = console::health(&ctx, &caller, state.search.as_ref()).await?;
    let troubled: Vec<Value> = h
        .webhooks
        .troubled
        .iter()
        .map(|w| {
            context! {
                id => w.id,
                active => w.active,
                failures => w.consecutive_failures,
                last_error => w.last_error.clone(),
                next_attempt_at => w.next_attempt_at.to_rfc3339(),
            }
        })
        .collect();
    p.render(
        "admin_health.html",
        context! {
            search => context! { engine => h.search_engine, error => h.search_error.clone() },
            outbox => context! {
                backlog => h.outbox.backlog,
                oldest_pending => h.outbox.oldest_pending.map(|t| t.to_rfc3339()),
                failing => h.outbox.failing,
                last_error => h.outbox.last_error.clone(),
            },
            webhooks => context! { active => h.webhooks.active, disabled => h.webhooks.disabled, troubled => troubled },
        },
    )
}
