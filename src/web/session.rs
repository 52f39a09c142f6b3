//! The reader of a page: language, signed-in account (a sign-in token of `service::auth` kept in
//! an `HttpOnly` cookie), CSRF token for forms, and the rendering of pages and refusals.
use minijinja::{Value, context};
use poem::{
    FromRequest, Request, RequestBody, Response,
    http::{StatusCode, header},
    web::{CsrfToken, CsrfVerifier, Redirect, cookie::Cookie},
};
use serde::Serialize;

use super::{CSRF_FIELD, SESSION_COOKIE, templates};
use crate::{
    domain::accounts::{Role, Scope},
    error::{AppError, AppResult, Code},
    http::{
        self,
        edge::{RequestId, problem_fields},
    },
    i18n::{self, Lang},
    service::{Caller, Ctx, auth},
    state::AppState,
};

/// The signed-in account of this request, if any (set by `layer::Web`).
#[derive(Clone)]
pub struct Viewer(pub Option<Caller>);

/// The account behind the session cookie; a revoked, expired or unknown token is no one.
pub async fn viewer(req: &Request) -> Option<Caller> {
    let secret = req.cookie().get(SESSION_COOKIE)?.value_str().to_string();
    let state = req.data::<AppState>()?;
    let ctx = http::ctx(state, req);
    match auth::authenticate(&ctx, &secret, Scope::Write).await {
        Ok(c) => Some(c),
        Err(_) => {
            req.cookie().remove(SESSION_COOKIE);
            None
        }
    }
}

/// Keep a new sign-in token in the browser for as long as the token lives.
pub fn keep_session(req: &Request, secret: &str, days: i64) {
    let mut c = Cookie::new_with_str(SESSION_COOKIE, secret);
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(poem::web::cookie::SameSite::Lax);
    c.set_max_age(std::time::Duration::from_secs(days.max(0) as u64 * 24 * 60 * 60));
    req.cookie().add(c);
}

pub fn forget_session(req: &Request) {
    let mut c = Cookie::new_with_str(SESSION_COOKIE, "");
    c.set_path("/");
    c.make_removal();
    req.cookie().add(c);
}

/// What the layout needs to know of the reader.
#[derive(Serialize)]
struct ViewerView {
    id: i64,
    display_name: String,
    role: String,
    officer: bool,
    admin: bool,
    moderator: bool,
}

/// Everything a page handler needs besides its own parameters.
pub struct Page {
    pub lang: Lang,
    pub viewer: Option<Caller>,
    csrf: Option<String>,
    /// The path and query of this page, for the language switch and sign-in's way back.
    pub here: String,
    request_id: String,
    state: Option<AppState>,
}

impl Page {
    pub fn from_parts(req: &Request, lang: Lang, viewer: Option<Caller>) -> Page {
        Page {
            lang,
            viewer,
            csrf: req.extensions().get::<CsrfToken>().map(|t| t.0.clone()),
            here: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
            request_id: req.data::<RequestId>().map(|r| r.0.clone()).unwrap_or_default(),
            state: req.data::<AppState>().cloned(),
        }
    }

    /// The app's state (always present: the router carries it).
    pub fn state(&self) -> AppResult<&AppState> {
        self.state.as_ref().ok_or_else(|| AppError::internal(anyhow::anyhow!("app state missing from a page request")))
    }

    /// The use-case context, on the app's clock.
    pub fn ctx(&self) -> AppResult<Ctx> {
        let s = self.state()?;
        Ok(Ctx {
            db: s.db.clone(),
            now: s.clock.now(),
            request_id: Some(self.request_id.clone()),
            config: s.config.clone(),
        })
    }

    /// The signed-in account, or a way to the sign-in page that comes back here.
    pub fn require_viewer(&self) -> Result<&Caller, Redirect> {
        self.viewer.as_ref().ok_or_else(|| {
            let next: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
            Redirect::see_other(format!("/sign-in?next={next}"))
        })
    }

    pub fn is_officer(&self) -> bool {
        self.viewer.as_ref().is_some_and(|v| v.role() == Role::AgencyOfficer)
    }

    fn base(&self) -> Value {
        let viewer = self.viewer.as_ref().map(|c| ViewerView {
            id: c.id(),
            display_name: c.account.display_name.clone(),
            role: c.account.role.clone(),
            officer: c.role() == Role::AgencyOfficer,
            admin: c.is_admin(),
            moderator: c.moderates(),
        });
        let here_encoded: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        context! {
            lang => self.lang.code(),
            langs => Lang::ALL.iter().map(|l| l.code()).collect::<Vec<_>>(),
            viewer => viewer,
            csrf_field => CSRF_FIELD,
            csrf_token => self.csrf.clone().unwrap_or_default(),
            here => self.here.clone(),
            here_encoded => here_encoded,
            request_id => self.request_id.clone(),
            stylesheet => templates::STYLESHEET,
        }
    }

    /// A page, 200.
    pub fn render(&self, template: &str, data: Value) -> AppResult<Response> {
        self.render_status(StatusCode::OK, template, data)
    }

    pub fn render_status(&self, status: StatusCode, template: &str, data: Value) -> AppResult<Response> {
        let ctx = context! { ..data, ..self.base() };
        let html = templates::render(template, ctx)
            .map_err(|e| AppError::internal(anyhow::anyhow!("rendering {template}: {e:#}")))?;
        Ok(Response::builder().status(status).header(header::CONTENT_TYPE, "text/html; charset=utf-8").body(html))
    }

    /// A refusal or failure as a page: what happened and what to do instead, in the reader's
    /// language, with the same code and status the API gives.
    pub fn error(&self, err: &AppError) -> Response {
        if err.code == Code::Internal {
            tracing::error!(error = %err, "internal error on a page");
        }
        let code = err.code.as_str();
        let mut args = err.args.clone();
        args.push(("request_id", self.request_id.clone()));
        let data = context! {
            status => err.status().as_u16(),
            code => code,
            title => i18n::text(self.lang, &format!("errors.{code}.title")),
            detail => page_detail(self.lang, code, &args),
            fields => page_fields(err, self.lang).into_iter().map(|(_, message)| message).collect::<Vec<_>>(),
        };
        let mut resp = self.render_status(err.status(), "error.html", data).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the error page itself failed");
            Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body("internal error")
        });
        if let Some(secs) = err.retry_after_secs
            && let Ok(v) = poem::http::HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }

    /// The localized messages of a refusal, for a form that shows them beside itself.
    pub fn refusal(&self, err: &AppError) -> Value {
        let code = err.code.as_str();
        let mut args = err.args.clone();
        args.push(("request_id", self.request_id.clone()));
        context! {
            code => code,
            title => i18n::text(self.lang, &format!("errors.{code}.title")),
            detail => page_detail(self.lang, code, &args),
            fields => page_fields(err, self.lang)
                .into_iter()
                .map(|(pointer, message)| context! { pointer => pointer, message => message })
                .collect::<Vec<_>>(),
        }
    }
}

/// A refusal's detail as a page says it. Where the API's wording tells a client which operation
/// to call, a page tells a person what to do on the page instead (`web.errors.{code}`).
fn page_detail(lang: Lang, code: &str, args: &[(&str, String)]) -> String {
    let (web, api) = (format!("web.errors.{code}"), format!("errors.{code}.detail"));
    i18n::format(lang, i18n::first_of(lang, &[&web, &api]).unwrap_or(&api), args)
}

/// Each field's problem as a page says it (`web.fields.{code}` before the API's `fields.{code}`),
/// with where it is (a body pointer or a parameter's name).
fn page_fields(err: &AppError, lang: Lang) -> Vec<(String, String)> {
    problem_fields(&err.fields, lang)
        .into_iter()
        .zip(&err.fields)
        .map(|(p, f)| {
            let web = format!("web.fields.{}", f.code);
            let message = match i18n::first_of(lang, &[&web]) {
                Some(key) => i18n::format(lang, key, &f.args),
                None => p.message,
            };
            (p.pointer.or(p.parameter).unwrap_or_default(), message)
        })
        .collect()
}

impl<'a> FromRequest<'a> for Page {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let lang = req.data::<Lang>().copied().unwrap_or(Lang::En);
        let viewer = req.data::<Viewer>().and_then(|v| v.0.clone());
        Ok(Page::from_parts(req, lang, viewer))
    }
}

/// A form's CSRF token must match the browser's CSRF cookie; a stale form (the cookie expired, the
/// server's key changed) is refused with a request to reload, never acted on.
pub fn check_csrf(req: &Request, token: &str) -> AppResult<()> {
    match req.extensions().get::<CsrfVerifier>() {
        Some(v) if v.is_valid(token) => Ok(()),
        _ => Err(AppError::new(Code::CsrfFailed)),
    }
}
