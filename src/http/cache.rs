//! Conditional reads for `/api/v1`: every successful `GET` carries a strong `ETag` (a hash of the
//! body), a `Last-Modified` where the body says when it changed, and `Cache-Control`; a client that
//! sends back the `ETag` in `If-None-Match` (or a date in `If-Modified-Since`) gets `304` without a
//! body.
//!
//! `Cache-Control` is `public, max-age=60` for reads without `Authorization` (public data: a
//! minute of staleness is fine for shared caches and saves the database), and `private, no-cache`
//! for reads with it, which may be personal (`/me`) and must never be kept by a shared cache; they
//! still get an `ETag`, so the client's own cache revalidates cheaply. `Vary` names the request
//! headers a body depends on.
//!
//! Streamed exports (CSV, NDJSON) are not buffered to be hashed: they get `Cache-Control` only.
use chrono::{DateTime, Utc};
use poem::{
    Body, Endpoint, IntoResponse, Middleware, Request, Response,
    http::{HeaderValue, Method, StatusCode, header},
};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Seconds a shared cache may serve a public read without asking again.
pub const PUBLIC_MAX_AGE: u32 = 60;

pub struct HttpCache;

impl<E: Endpoint> Middleware<E> for HttpCache {
    type Output = HttpCacheEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        HttpCacheEndpoint(ep)
    }
}

pub struct HttpCacheEndpoint<E>(E);

impl<E: Endpoint> Endpoint for HttpCacheEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        if !matches!(*req.method(), Method::GET | Method::HEAD) {
            return self.0.call(req).await.map(IntoResponse::into_response);
        }
        // A HEAD is answered as the GET it stands for, so its validators are the GET's (the router
        // would hand on an empty body, and with it the tag of nothing); the body is dropped below.
        let head = *req.method() == Method::HEAD;
        if head {
            req.set_method(Method::GET);
        }
        let private = req.headers().contains_key(header::AUTHORIZATION);
        let if_none_match = req.header(header::IF_NONE_MATCH).map(str::to_string);
        let if_modified_since = req.header(header::IF_MODIFIED_SINCE).and_then(parse_http_date);
        let resp = self.0.call(req).await?.into_response();
        if resp.status() != StatusCode::OK {
            return Ok(resp);
        }
        let (mut parts, body) = resp.into_parts();
        let cache_control =
            if private { "private, no-cache".to_string() } else { format!("public, max-age={PUBLIC_MAX_AGE}") };
        if let Ok(v) = HeaderValue::from_str(&cache_control) {
            parts.headers.insert(header::CACHE_CONTROL, v);
        }
        parts.headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Authorization"));
        let content_type =
            parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        if is_streamed(&content_type) {
            return Ok(Response::from_parts(parts, if head { Body::empty() } else { body }));
        }
        let bytes = body.into_bytes().await?;
        let etag = etag_of(&bytes);
        if let Ok(v) = HeaderValue::from_str(&etag) {
            parts.headers.insert(header::ETAG, v);
        }
        let last_modified = if content_type.contains("json") { last_modified(&bytes) } else { None };
        if let Some(lm) = last_modified
            && let Ok(v) = HeaderValue::from_str(&http_date(lm))
        {
            parts.headers.insert(header::LAST_MODIFIED, v);
        }
        let not_modified = match (&if_none_match, if_modified_since, last_modified) {
            // `If-None-Match` wins over `If-Modified-Since` (RFC 9110 13.2.2).
            (Some(inm), _, _) => matches(inm, &etag),
            (None, Some(since), Some(lm)) => lm.timestamp() <= since.timestamp(),
            _ => false,
        };
        if not_modified {
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::CONTENT_LANGUAGE);
            return Ok(Response::from_parts(parts, Body::empty()));
        }
        if head {
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            return Ok(Response::from_parts(parts, Body::empty()));
        }
        Ok(Response::from_parts(parts, Body::from(bytes)))
    }
}

fn is_streamed(content_type: &str) -> bool {
    content_type.starts_with("text/csv") || content_type.starts_with("application/x-ndjson")
}

/// A strong validator: the same bytes give the same tag on every instance.
pub fn etag_of(body: &[u8]) -> String {
    format!("\"{}\"", &hex::encode(Sha256::digest(body))[..32])
}

/// Whether `If-None-Match` names this tag (or is `*`). Weak comparison, as RFC 9110 13.1.2 asks
/// for `If-None-Match`: a `W/` prefix on the client's tag does not matter.
fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// When a JSON body says it changed: its `updated_at`, or the newest `updated_at` of its `items`.
fn last_modified(body: &[u8]) -> Option<DateTime<Utc>> {
    // Only a body with an `updated_at` key can say; most large ones (search answers) have none,
    // and parsing them to find that out cost as much as the rest of the middleware. Inside a JSON
    // string a quote is escaped, so `"updated_at"` with both quotes is always a key.
    if !has_key(body, b"\"updated_at\"") {
        return None;
    }
    let v: Value = serde_json::from_slice(body).ok()?;
    let at = |v: &Value| {
        v.get("updated_at")
            .and_then(Value::as_str)
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.to_utc())
    };
    match v.get("items").and_then(Value::as_array) {
        Some(items) => items.iter().filter_map(at).max(),
        None => at(&v),
    }
}

fn has_key(body: &[u8], quoted: &[u8]) -> bool {
    body.iter().enumerate().any(|(i, b)| *b == quoted[0] && body[i..].starts_with(quoted))
}

/// An IMF-fixdate, e.g. `Thu, 26 Nov 2026 05:00:00 GMT`.
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(s.trim()).ok().map(|d| d.to_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let tag = "\"abc\"";
        assert!(matches("\"abc\"", tag));
        assert!(matches("\"x\", W/\"abc\"", tag));
        assert!(matches("*", tag));
        assert!(!matches("\"abd\"", tag));
    }

    #[test]
    fn last_modified_is_the_newest_updated_at() {
        let body = br#"{"items":[{"updated_at":"2026-11-26T05:00:00Z"},{"updated_at":"2026-11-27T05:00:00Z"}]}"#;
        let lm = last_modified(body).unwrap();
        assert_eq!(http_date(lm), "Fri, 27 Nov 2026 05:00:00 GMT");
        assert_eq!(parse_http_date("Fri, 27 Nov 2026 05:00:00 GMT"), Some(lm));
        assert_eq!(last_modified(br#"{"items":[]}"#), None);
        let quoted = br#"{"title":"\"updated_at\": 2026-11-27T05:00:00Z","id":1}"#;
        assert_eq!(last_modified(quoted), None, "a value that quotes the key is not the key");
        assert!(has_key(br#"{"a":{"updated_at":"x"}}"#, b"\"updated_at\""));
    }
}
