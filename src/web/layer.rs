//! What every page response passes through: the reader's language (remembered choice, else
//! `Accept-Language`), refusals and failures as HTML pages, and the security headers.
use std::sync::LazyLock;

use poem::{
    Endpoint, IntoResponse, Middleware, Request, Response,
    http::{HeaderValue, header},
    web::{Path, Query, Redirect},
};
use serde::Deserialize;

use super::{
    LANG_COOKIE,
    session::{self, Page},
    templates,
};
use crate::{error::AppError, i18n::Lang, state::AppState};

pub struct Web;

impl<E: Endpoint> Middleware<E> for Web {
    type Output = WebEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        WebEndpoint(ep)
    }
}

pub struct WebEndpoint<E>(E);

/// The pages' policy admits exactly the inline stylesheet, by its hash.
static CSP: LazyLock<String> =
    LazyLock::new(|| crate::http::headers::content_security_policy(&[templates::STYLESHEET]));

/// The reader's language: the remembered choice, else the browser's preference.
pub fn language(req: &Request) -> Lang {
    req.cookie()
        .get(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value_str()))
        .unwrap_or_else(|| Lang::from_accept_language(req.header(header::ACCEPT_LANGUAGE)))
}

/// Whether the browser reached us over HTTPS: directly, or through the proxy the portal is told
/// it sits behind (the same setting that makes it trust the proxy's client address header).
pub fn over_https(req: &Request) -> bool {
    if req.uri().scheme_str() == Some("https") {
        return true;
    }
    let behind_proxy = req.data::<AppState>().is_some_and(|s| s.config.client_ip_header.is_some());
    behind_proxy && req.header("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

impl<E: Endpoint> Endpoint for WebEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let lang = language(&req);
        req.set_data(lang);
        let viewer = session::viewer(&req).await;
        req.set_data(session::Viewer(viewer.clone()));
        let page = Page::from_parts(&req, lang, viewer);
        let (method, path) = (req.method().clone(), req.uri().path().to_string());
        let mut resp = match self.0.call(req).await {
            Ok(r) => r.into_response(),
            Err(e) => page.error(&crate::http::edge::classify(e, &method, &path)),
        };
        let h = resp.headers_mut();
        let set = |h: &mut poem::http::HeaderMap, name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                h.insert(name, v);
            }
        };
        set(h, "content-security-policy", &CSP);
        set(h, "x-content-type-options", "nosniff");
        set(h, "referrer-policy", "same-origin");
        set(h, "x-frame-options", "DENY");
        set(h, "content-language", lang.code());
        // Pages name the signed-in reader and carry a CSRF token: never kept by a shared cache. A
        // page that asked for stricter (`no-store` where a secret is shown once) keeps its own.
        if !h.contains_key("cache-control") {
            set(h, "cache-control", "private, no-cache");
        }
        set(h, "vary", "Cookie, Accept-Language");
        Ok(resp)
    }
}

/// Outermost: every cookie set over HTTPS is `Secure` (poem's CSRF cookie and ours alike).
pub struct SecureCookies;

impl<E: Endpoint> Middleware<E> for SecureCookies {
    type Output = SecureCookiesEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        SecureCookiesEndpoint(ep)
    }
}

pub struct SecureCookiesEndpoint<E>(E);

impl<E: Endpoint> Endpoint for SecureCookiesEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let https = over_https(&req);
        let mut resp = self.0.call(req).await?.into_response();
        if https {
            secure_cookies(resp.headers_mut());
        }
        Ok(resp)
    }
}

fn secure_cookies(h: &mut poem::http::HeaderMap) {
    let cookies: Vec<String> = h
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|c| if c.to_ascii_lowercase().contains("; secure") { c.to_string() } else { format!("{c}; Secure") })
        .collect();
    h.remove(header::SET_COOKIE);
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path of this site: never `//host` or a scheme, so the switch cannot send readers away.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if is_local_path(p) => p,
        _ => "/",
    }
}

/// A path on this site and nothing a browser could read as another: browsers drop TAB, CR and LF
/// from URLs and read `\` as `/`, so `/<TAB>/evil.example/` would become `//evil.example/`.
fn is_local_path(p: &str) -> bool {
    const BASE: &str = "http://baqylau.invalid/";
    let plain = p.starts_with('/')
        && !p.starts_with("//")
        && !p.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    // What is left must resolve against this site to this site, with no scheme or authority of its own.
    plain
        && url::Url::parse(BASE)
            .and_then(|base| base.join(p))
            .is_ok_and(|u| u.origin() == url::Url::parse(BASE).expect("a valid base").origin())
}

/// `GET /lang/{code}?next=/path`: remember the language for a year and go back.
#[poem::handler]
pub fn switch_language(req: &Request, Path(code): Path<String>, Query(q): Query<Next>) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or_else(|| AppError::not_found("language", &code))?;
    remember_language(req, lang);
    Ok(Redirect::see_other(local_path(q.next.as_deref())).into_response())
}

/// The reader's language in a cookie for a year: from the switch in the header, from the profile,
/// and from the account's stored choice when they sign in on another device.
pub fn remember_language(req: &Request, lang: Lang) {
    let mut cookie = poem::web::cookie::Cookie::new_with_str(LANG_COOKIE, lang.code());
    cookie.set_path("/");
    cookie.set_max_age(std::time::Duration::from_secs(365 * 24 * 60 * 60));
    cookie.set_same_site(poem::web::cookie::SameSite::Lax);
    cookie.set_http_only(true);
    req.cookie().add(cookie);
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_a_path_on_this_site_is_followed() {
        for ok in ["/", "/me", "/reports/3?q=a%20b#x", "/search?q=%D0%B0"] {
            assert_eq!(local_path(Some(ok)), ok);
        }
        for bad in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "/\n/evil.example",
            "/\r//evil.example",
            "/ /evil.example",
            "evil.example",
            "javascript:alert(1)",
            "/\u{0}/x",
            "/\u{7f}/x",
            "/\u{a0}/x",
            "",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?} must not be followed");
        }
        assert_eq!(local_path(None), "/");
    }
}
