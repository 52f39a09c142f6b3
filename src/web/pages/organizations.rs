//! NGOs on the pages: `/me/organizations` (mine with my role, invitations waiting for me, a new
//! organisation with its BIN) and `/organizations/{id}` (its members; for its administrators the
//! invitations, inviting by e-mail, changing a member's role and removing one; for a member,
//! leaving). Over the same `service::organizations` functions as `/api/v1/organizations…`; the
//! service decides who may do what (the last administrator stays, an invitation is its invitee's).
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use crate::{
    domain::accounts::OrgRole,
    error::{AppError, AppResult, Code},
    i18n::{self, Lang},
    service::{
        Caller,
        accounts::{self, shown_name},
        organizations::{self, NewOrganization},
    },
    web::session::{Page, check_csrf},
};

fn role_label(lang: Lang, role: &str) -> String {
    i18n::text(lang, &format!("web.organizations.role.{role}"))
}

/// The roles for a `<select>`, `current` selected.
fn role_choices(lang: Lang, current: &str) -> Vec<Value> {
    OrgRole::ALL
        .iter()
        .map(|r| context! { code => r.as_str(), label => role_label(lang, r.as_str()), selected => r.as_str() == current })
        .collect()
}

/// What a refusal may not show beside a form: the page is not the reader's, or failed.
fn is_page_error(e: &AppError) -> bool {
    matches!(e.code, Code::Internal | Code::ResourceNotFound)
}

// ---------------------------------------------------------------------------------------------
// /me/organizations

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    bin: String,
    #[serde(default)]
    website: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn render_mine(
    p: &Page,
    status: StatusCode,
    form: &NewForm,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let Some(caller) = p.viewer.as_ref() else { return Err(AppError::new(Code::Unauthorized)) };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let mine: Vec<Value> = accounts::memberships(&ctx, caller.id())
        .await?
        .into_iter()
        .map(|m| {
            context! {
                href => format!("/organizations/{}", m.organization.id),
                name => m.organization.name,
                bin => m.organization.bin,
                role => role_label(lang, m.role.as_str()),
            }
        })
        .collect();
    let mut invitations = Vec::new();
    for inv in organizations::my_invitations(&ctx, caller).await? {
        let org = organizations::get(&ctx, inv.organization_id).await?;
        invitations.push(context! {
            id => inv.id,
            organization => org.name,
            href => format!("/organizations/{}", org.id),
            role => role_label(lang, &inv.role),
            at => inv.created_at.to_rfc3339(),
        });
    }
    p.render_status(
        status,
        "organizations.html",
        context! { mine => mine, invitations => invitations, form => form, refusal => refusal, done => done },
    )
}

#[handler]
pub async fn my_page(p: Page, Query(q): Query<Done>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let done = q.done.as_deref().filter(|d| matches!(*d, "accepted" | "declined" | "left"));
    render_mine(&p, StatusCode::OK, &NewForm::default(), None, done).await
}

#[handler]
pub async fn create(req: &Request, p: Page, Form(f): Form<NewForm>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_mine(&p, e.status(), &f, Some(p.refusal(&e)), None).await;
    }
    let input = NewOrganization {
        name: f.name.clone(),
        bin: f.bin.clone(),
        website: Some(f.website.clone()).filter(|w| !w.trim().is_empty()),
    };
    match organizations::create(&p.ctx()?, &caller, input).await {
        Ok(org) => Ok(Redirect::see_other(format!("/organizations/{}?done=created", org.id)).into_response()),
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render_mine(&p, e.status(), &f, Some(p.refusal(&e)), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

async fn decide(req: &Request, p: Page, id: i64, f: CsrfOnly, accept: bool) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_mine(&p, e.status(), &NewForm::default(), Some(p.refusal(&e)), None).await;
    }
    match organizations::decide_invitation(&p.ctx()?, &caller, id, accept).await {
        Ok(inv) if accept => {
            Ok(Redirect::see_other(format!("/organizations/{}?done=joined", inv.organization_id)).into_response())
        }
        Ok(_) => Ok(Redirect::see_other("/me/organizations?done=declined").into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_mine(&p, e.status(), &NewForm::default(), Some(p.refusal(&e)), None).await,
    }
}

#[handler]
pub async fn accept_invitation(
    req: &Request,
    p: Page,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    decide(req, p, id, f, true).await
}

#[handler]
pub async fn decline_invitation(
    req: &Request,
    p: Page,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    decide(req, p, id, f, false).await
}

// ---------------------------------------------------------------------------------------------
// /organizations/{id}

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

#[derive(Serialize)]
struct MemberRow {
    account_id: i64,
    name: String,
    role_code: String,
    role: String,
    since: String,
    me: bool,
    roles: Vec<Value>,
}

async fn render_org(
    p: &Page,
    id: i64,
    status: StatusCode,
    invite: &InviteForm,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let org = organizations::get(&ctx, id).await?;
    let caller: Option<&Caller> = p.viewer.as_ref();
    let my_role = match caller {
        Some(c) => organizations::role_in(&ctx.db, id, c.id()).await?,
        None => None,
    };
    let admin = my_role == Some(OrgRole::Admin);
    let members: Vec<MemberRow> = organizations::members(&ctx, caller, id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            me: caller.is_some_and(|c| c.id() == m.account_id),
            account_id: m.account_id,
            name: shown_name(m.name, lang),
            role: role_label(lang, &m.role),
            roles: role_choices(lang, &m.role),
            role_code: m.role,
            since: m.since.to_rfc3339(),
        })
        .collect();
    let invitations: Vec<Value> = match (admin, caller) {
        (true, Some(c)) => organizations::organization_invitations(&ctx, c, id)
            .await?
            .into_iter()
            .map(|i| {
                context! {
                    email => i.email,
                    role => role_label(lang, &i.role),
                    status => i18n::text(lang, &format!("web.organizations.invitation.{}", i.status)),
                    at => i.created_at.to_rfc3339(),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let invite_role = if invite.role.is_empty() { OrgRole::Member.as_str() } else { invite.role.as_str() };
    p.render_status(
        status,
        "organization.html",
        context! {
            org => context! { id => org.id, name => org.name, bin => org.bin, website => org.website },
            members => members,
            member => my_role.is_some(),
            admin => admin,
            invitations => invitations,
            invite => invite,
            invite_roles => role_choices(lang, invite_role),
            refusal => refusal,
            done => done,
        },
    )
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>, Query(q): Query<Done>) -> AppResult<Response> {
    let done = q.done.as_deref().filter(|d| matches!(*d, "created" | "joined" | "invited" | "role" | "removed"));
    render_org(&p, id, StatusCode::OK, &InviteForm::default(), None, done).await
}

#[handler]
pub async fn send_invitation(
    req: &Request,
    p: Page,
    Path(id): Path<i64>,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_org(&p, id, e.status(), &f, Some(p.refusal(&e)), None).await;
    }
    match organizations::invite(&p.ctx()?, &caller, id, &f.email, &f.role).await {
        Ok(_) => Ok(Redirect::see_other(format!("/organizations/{id}?done=invited")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_org(&p, id, e.status(), &f, Some(p.refusal(&e)), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    csrf_token: String,
}

#[handler]
pub async fn set_role(
    req: &Request,
    p: Page,
    Path((id, account_id)): Path<(i64, i64)>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let done = match check_csrf(req, &f.csrf_token) {
        Ok(()) => organizations::set_member_role(&p.ctx()?, &caller, id, account_id, &f.role).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::see_other(format!("/organizations/{id}?done=role")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_org(&p, id, e.status(), &InviteForm::default(), Some(p.refusal(&e)), None).await,
    }
}

/// An administrator removes a member, or a member removes themselves (leaves).
#[handler]
pub async fn remove(
    req: &Request,
    p: Page,
    Path((id, account_id)): Path<(i64, i64)>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let done = match check_csrf(req, &f.csrf_token) {
        Ok(()) => organizations::remove_member(&p.ctx()?, &caller, id, account_id).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) if account_id == caller.id() => Ok(Redirect::see_other("/me/organizations?done=left").into_response()),
        Ok(()) => Ok(Redirect::see_other(format!("/organizations/{id}?done=removed")).into_response()),
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_org(&p, id, e.status(), &InviteForm::default(), Some(p.refusal(&e)), None).await,
    }
}
