//! Signing in, registering and signing out in the browser: the same accounts and sign-in tokens as
//! the API, the token kept in an `HttpOnly` cookie.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Query, Redirect},
};
use serde::Deserialize;

use crate::{
    error::AppResult,
    http::client::client_addr,
    service::{
        accounts::{self, NewAccount},
        auth,
    },
    web::{
        layer::local_path,
        session::{Page, check_csrf, forget_session, keep_session},
    },
};

#[derive(Deserialize, Default)]
pub struct Next {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    csrf_token: String,
}

fn sign_in_page(p: &Page, status: StatusCode, email: &str, next: &str, refusal: Option<Value>) -> AppResult<Response> {
    p.render_status(status, "sign_in.html", context! { email => email, next => next, refusal => refusal })
}

#[handler]
pub async fn sign_in_form(p: Page, Query(q): Query<Next>) -> AppResult<Response> {
    sign_in_page(&p, StatusCode::OK, "", local_path(q.next.as_deref()), None)
}

#[handler]
pub async fn sign_in(req: &Request, p: Page, Form(f): Form<SignInForm>) -> AppResult<Response> {
    let next = local_path(f.next.as_deref()).to_string();
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return sign_in_page(&p, e.status(), &f.email, &next, Some(p.refusal(&e)));
    }
    let ctx = p.ctx()?;
    let guard = &p.state()?.login_guard;
    match auth::login(&ctx, guard, &f.email, f.password, &client_addr(req)).await {
        Ok(issued) => {
            keep_session(req, &issued.secret, ctx.config.session_days);
            // The language chosen in the profile follows the person to this device.
            if let Some(lang) = accounts::get(&ctx, issued.token.account_id)
                .await?
                .language
                .as_deref()
                .and_then(crate::i18n::Lang::parse)
            {
                crate::web::layer::remember_language(req, lang);
            }
            Ok(Redirect::see_other(if next == "/" { "/me".to_string() } else { next }).into_response())
        }
        Err(e) => {
            let mut resp = sign_in_page(&p, e.status(), &f.email, &next, Some(p.refusal(&e)))?;
            if let Some(secs) = e.retry_after_secs
                && let Ok(v) = poem::http::HeaderValue::from_str(&secs.to_string())
            {
                resp.headers_mut().insert(poem::http::header::RETRY_AFTER, v);
            }
            Ok(resp)
        }
    }
}

#[derive(Deserialize, Default, serde::Serialize)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    show_name_publicly: Option<String>,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

fn register_page(p: &Page, status: StatusCode, form: &RegisterForm, refusal: Option<Value>) -> AppResult<Response> {
    p.render_status(status, "register.html", context! { form => form, refusal => refusal })
}

#[handler]
pub async fn register_form(p: Page) -> AppResult<Response> {
    register_page(&p, StatusCode::OK, &RegisterForm::default(), None)
}

#[handler]
pub async fn register(req: &Request, p: Page, Form(f): Form<RegisterForm>) -> AppResult<Response> {
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return register_page(&p, e.status(), &f, Some(p.refusal(&e)));
    }
    let ctx = p.ctx()?;
    let input = NewAccount {
        email: f.email.clone(),
        password: f.password.clone(),
        display_name: f.display_name.clone(),
        full_name: Some(f.full_name.clone()).filter(|n| !n.trim().is_empty()),
        iin: None,
        show_name_publicly: f.show_name_publicly.is_some(),
        // The language the page was read in is the person's first choice.
        language: Some(p.lang.code().to_string()),
    };
    if let Err(e) = accounts::register(&ctx, input).await {
        return register_page(&p, e.status(), &f, Some(p.refusal(&e)));
    }
    // Registered: signed in at once, as people expect.
    let issued = auth::login(&ctx, &p.state()?.login_guard, &f.email, f.password, &client_addr(req)).await?;
    keep_session(req, &issued.secret, ctx.config.session_days);
    Ok(Redirect::see_other("/me").into_response())
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

#[handler]
pub async fn sign_out(req: &Request, p: Page, Form(f): Form<CsrfOnly>) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    if let Some(caller) = &p.viewer {
        auth::logout(&p.ctx()?, caller).await?;
    }
    forget_session(req);
    Ok(Redirect::see_other("/").into_response())
}
