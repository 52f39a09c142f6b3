//! The spec as it is served and committed: poem-openapi's document plus what the middlewares
//! around `/api/v1` add to every operation, which no operation declares itself. `http_cache`
//! answers a `GET` with `ETag`, `Last-Modified`, `Cache-Control` and `Vary`, and with `304` to a
//! matching `If-None-Match`; `rate_limit` puts `RateLimit-*` on answers and refuses with `429`
//! and `Retry-After`. Written here once rather than on 180 operations by hand, so a new
//! operation is described the same way without anyone remembering to.
use std::sync::LazyLock;

use serde_json::{Map, Value, json};

/// Response headers each answer may carry, as `components.headers`.
fn headers() -> Value {
    let h = |description: &str, schema: Value, required: bool| json!({"description": description, "required": required, "schema": schema});
    let text = json!({"type": "string"});
    let seconds = json!({"type": "integer", "format": "int64", "minimum": 0});
    json!({
        "ETag": h(
            "A strong validator of the body (a hash of it); send it back in `If-None-Match` to get `304` \
             while nothing changed. Absent on streamed exports (CSV, NDJSON).",
            text.clone(),
            false,
        ),
        "NotModifiedETag": h("The validator the client sent, still current.", text.clone(), true),
        "Last-Modified": h(
            "When the record, or the newest record of a list, changed (IMF-fixdate); only on JSON bodies \
             that carry `updated_at`. `If-Modified-Since` compares with it.",
            text.clone(),
            false,
        ),
        "Cache-Control": h(
            "`public, max-age=60` for a read without `Authorization`, `private, no-cache` for one with it.",
            text.clone(),
            true,
        ),
        "Vary": h("`Accept-Language, Authorization`: the body depends on both.", text.clone(), false),
        "RateLimit-Limit": h(
            "Requests allowed a minute to this client (per token, or per address without one). Absent \
             when limits are switched off.",
            seconds.clone(),
            false,
        ),
        "RateLimit-Remaining": h("Requests left in the current allowance.", seconds.clone(), false),
        "RateLimit-Reset": h(
            "Seconds until the allowance is whole again; on a `429`, until the next request is allowed.",
            seconds.clone(),
            false,
        ),
        "RateLimit-Policy": h("The limit and its window, e.g. `600;w=60`.", text, false),
        "Retry-After": h("Seconds to wait before trying again.", seconds, true),
    })
}

fn refs(names: &[&str]) -> Map<String, Value> {
    names
        .iter()
        .map(|n| {
            let target = if *n == "NotModifiedETag" { "ETag" } else { n };
            (target.to_string(), json!({"$ref": format!("#/components/headers/{n}")}))
        })
        .collect()
}

const RATE_LIMIT: &[&str] = &["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"];
const CONDITIONAL: &[&str] = &["ETag", "Last-Modified", "Cache-Control", "Vary"];

/// `components.responses`: the `304` of every read and the `429` of every operation.
fn responses(rate_limited: Option<Value>) -> Value {
    let mut not_modified = refs(&["NotModifiedETag", "Last-Modified", "Cache-Control", "Vary"]);
    not_modified.extend(refs(RATE_LIMIT));
    let mut too_many = refs(&["Retry-After"]);
    too_many.extend(refs(RATE_LIMIT));
    let problem = rate_limited
        .and_then(|r| r.get("content").cloned())
        .unwrap_or_else(|| json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}));
    json!({
        "NotModified": {
            "description": "Not modified: the `ETag` sent in `If-None-Match` is still current (or nothing \
                            changed since `If-Modified-Since`); no body.",
            "headers": not_modified,
        },
        "TooManyRequests": {
            "description": "Too many requests (`rate_limited`, over the per-minute allowance) or sign-in \
                            attempts (`too_many_login_attempts`); retry after `Retry-After` seconds.",
            "headers": too_many,
            "content": problem,
        },
    })
}

fn add_headers(response: &mut Value, names: &[&str]) {
    if response.get("$ref").is_some() {
        return;
    }
    let Some(obj) = response.as_object_mut() else { return };
    let headers = obj.entry("headers").or_insert_with(|| json!({}));
    if let Some(h) = headers.as_object_mut() {
        for (k, v) in refs(names) {
            h.entry(k).or_insert(v);
        }
    }
}

/// Adds the middlewares' headers and responses to a generated document.
pub fn describe_middlewares(doc: &mut Value) {
    let mut problem_429 = None;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for ops in paths.values_mut().filter_map(Value::as_object_mut) {
            for (method, op) in ops.iter_mut() {
                let Some(resp) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
                for (status, r) in resp.iter_mut() {
                    if status.starts_with('2') {
                        add_headers(r, RATE_LIMIT);
                        if method == "get" && status == "200" {
                            add_headers(r, CONDITIONAL);
                        }
                    }
                }
                if let Some(old) = resp.insert("429".into(), json!({"$ref": "#/components/responses/TooManyRequests"}))
                    && old.get("$ref").is_none()
                {
                    problem_429.get_or_insert(old);
                }
                if method == "get" {
                    resp.insert("304".into(), json!({"$ref": "#/components/responses/NotModified"}));
                }
            }
        }
    }
    let components = doc.as_object_mut().map(|d| d.entry("components").or_insert_with(|| json!({})));
    if let Some(c) = components.and_then(Value::as_object_mut) {
        c.insert("headers".into(), headers());
        c.insert("responses".into(), responses(problem_429));
    }
}

/// The served and committed document, built once: every app the process assembles (each test
/// builds several) and every reader of it (the `Allow` header of a 405) share the same one.
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let mut doc: Value = serde_json::from_str(&super::service().spec()).unwrap_or(Value::Null);
    describe_middlewares(&mut doc);
    doc
});
static JSON: LazyLock<String> = LazyLock::new(|| serde_json::to_string_pretty(document()).unwrap_or_default());
static YAML: LazyLock<String> = LazyLock::new(|| serde_yaml::to_string(document()).unwrap_or_default());

pub fn document() -> &'static Value {
    &DOCUMENT
}

pub fn json() -> String {
    JSON.clone()
}

pub fn yaml() -> String {
    YAML.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_gains_304_and_cache_headers_and_every_operation_429() {
        let mut doc = json!({"paths": {"/x": {
            "get": {"responses": {"200": {"description": ""}, "429": {"description": "old",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}},
            "post": {"responses": {"201": {"description": "", "headers": {"Location": {}}}}},
        }}});
        describe_middlewares(&mut doc);
        let get = &doc["paths"]["/x"]["get"]["responses"];
        assert_eq!(get["304"]["$ref"], "#/components/responses/NotModified");
        assert_eq!(get["429"]["$ref"], "#/components/responses/TooManyRequests");
        assert_eq!(get["200"]["headers"]["ETag"]["$ref"], "#/components/headers/ETag");
        assert_eq!(get["200"]["headers"]["RateLimit-Limit"]["$ref"], "#/components/headers/RateLimit-Limit");
        let post = &doc["paths"]["/x"]["post"]["responses"];
        assert!(post.get("304").is_none());
        assert!(post["201"]["headers"].get("ETag").is_none());
        assert!(post["201"]["headers"].get("Location").is_some());
        assert_eq!(post["429"]["$ref"], "#/components/responses/TooManyRequests");
        let too_many = &doc["components"]["responses"]["TooManyRequests"];
        assert!(too_many["content"]["application/problem+json"].is_object());
        assert_eq!(too_many["headers"]["Retry-After"]["$ref"], "#/components/headers/Retry-After");
        assert_eq!(doc["components"]["headers"]["Retry-After"]["required"], true);
        assert_eq!(
            doc["components"]["responses"]["NotModified"]["headers"]["ETag"]["$ref"],
            "#/components/headers/NotModifiedETag"
        );
    }
}
