//! `/me/tokens`: the signed-in person's sign-in sessions and API tokens, creating a token with its
//! scopes and lifetime (its secret shown once, never stored in the clear), and revoking any of
//! them; over `service::auth` as `GET/POST /api/v1/auth/tokens` and `DELETE …/{id}`.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::{StatusCode, header},
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use crate::{
    domain::accounts::{Scope, TokenKind},
    error::{AppError, AppResult, Code, FieldError},
    i18n,
    service::auth::{self, API_TOKEN_MAX_DAYS, IssuedToken, NewApiToken},
    web::session::{Page, check_csrf, forget_session},
};

/// The form as typed, kept when a refusal sends it back.
#[derive(Deserialize, Serialize, Clone)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope_read: Option<String>,
    #[serde(default)]
    scope_write: Option<String>,
    #[serde(default)]
    expires_in_days: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

impl Default for TokenForm {
    fn default() -> Self {
        TokenForm {
            name: String::new(),
            scope_read: Some("1".into()),
            scope_write: None,
            expires_in_days: "90".into(),
            csrf_token: String::new(),
        }
    }
}

impl TokenForm {
    /// The form as the service's input; a lifetime that is not a number is refused here as the
    /// API's JSON reader refuses it, with the same field code.
    fn input(&self) -> AppResult<NewApiToken> {
        let mut scopes = Vec::new();
        if self.scope_read.is_some() {
            scopes.push(Scope::Read.as_str().to_string());
        }
        if self.scope_write.is_some() {
            scopes.push(Scope::Write.as_str().to_string());
        }
        let days = self.expires_in_days.trim();
        let expires_in_days = if days.is_empty() {
            None
        } else {
            Some(days.parse::<i64>().map_err(|_| {
                AppError::validation(vec![
                    FieldError::new("/expires_in_days", "out_of_range").arg("min", 1).arg("max", API_TOKEN_MAX_DAYS),
                ])
            })?)
        };
        Ok(NewApiToken { name: self.name.clone(), scopes, expires_in_days })
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    kind: String,
    scopes: String,
    created: String,
    expires: Option<String>,
    last_used: Option<String>,
    /// `active`, `expired` or `revoked`.
    state: &'static str,
    current: bool,
}

async fn render(
    p: &Page,
    status: StatusCode,
    form: &TokenForm,
    issued: Option<&IssuedToken>,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let Some(caller) = p.viewer.as_ref() else { return Err(AppError::new(Code::Unauthorized)) };
    let ctx = p.ctx()?;
    let lang = p.lang;
    let rows: Vec<Row> = auth::list_tokens(&ctx, caller)
        .await?
        .into_iter()
        .map(|t| {
            let state = if t.revoked_at.is_some() {
                "revoked"
            } else if t.expires_at.is_some_and(|e| e <= ctx.now) {
                "expired"
            } else {
                "active"
            };
            Row {
                id: t.id,
                current: t.id == caller.token_id,
                kind: i18n::text(lang, &format!("web.tokens.kind.{}", t.kind)),
                scopes: auth::scopes_of(&t)
                    .iter()
                    .map(|s| i18n::text(lang, &format!("web.tokens.scope.{}", s.as_str())))
                    .collect::<Vec<_>>()
                    .join(", "),
                created: t.created_at.to_rfc3339(),
                expires: t.expires_at.map(|e| e.to_rfc3339()),
                last_used: t.last_used_at.map(|e| e.to_rfc3339()),
                state,
                name: if t.kind == TokenKind::Session.as_str() { String::new() } else { t.name },
            }
        })
        .collect();
    let mut resp = p.render_status(
        status,
        "tokens.html",
        context! {
            rows => rows,
            form => form,
            max_days => API_TOKEN_MAX_DAYS,
            issued => issued.map(|i| context! { name => i.token.name.clone(), secret => i.secret.clone() }),
            refusal => refusal,
            done => done,
        },
    )?;
    // A page that shows a secret once is never kept by a cache or the browser's history.
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(resp)
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

#[handler]
pub async fn page(p: Page, Query(q): Query<Done>) -> AppResult<Response> {
    if let Err(to_sign_in) = p.require_viewer() {
        return Ok(to_sign_in.into_response());
    }
    let done = q.done.as_deref().filter(|d| *d == "revoked");
    render(&p, StatusCode::OK, &TokenForm::default(), None, None, done).await
}

#[handler]
pub async fn create(req: &Request, p: Page, Form(f): Form<TokenForm>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render(&p, e.status(), &f, None, Some(p.refusal(&e)), None).await;
    }
    let made = match f.input() {
        Ok(input) => auth::create_api_token(&p.ctx()?, &caller, input).await,
        Err(e) => Err(e),
    };
    match made {
        // Not a redirect: the secret is shown on this one response and nowhere else.
        Ok(issued) => render(&p, StatusCode::CREATED, &TokenForm::default(), Some(&issued), None, None).await,
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render(&p, e.status(), &f, None, Some(p.refusal(&e)), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

#[handler]
pub async fn revoke(req: &Request, p: Page, Path(id): Path<i64>, Form(f): Form<CsrfOnly>) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    auth::revoke(&p.ctx()?, &caller, id).await?;
    if id == caller.token_id {
        // This browser's own session: signed out, as the person asked.
        forget_session(req);
        return Ok(Redirect::see_other("/").into_response());
    }
    Ok(Redirect::see_other("/me/tokens?done=revoked").into_response())
}
