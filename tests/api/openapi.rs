//! The committed spec is the contract: it must be what the code serves.
use serde_json::Value;

#[test]
fn the_committed_spec_matches_the_code() {
    let root = env!("CARGO_MANIFEST_DIR");
    let json = std::fs::read_to_string(format!("{root}/openapi/openapi.json")).expect("openapi/openapi.json exists");
    let yaml = std::fs::read_to_string(format!("{root}/openapi/openapi.yaml")).expect("openapi/openapi.yaml exists");
    assert!(json == baqylau::spec_json(), "openapi/openapi.json is stale: run `cargo run -- openapi` and commit it");
    assert!(yaml == baqylau::spec_yaml(), "openapi/openapi.yaml is stale: run `cargo run -- openapi` and commit it");
}

#[test]
fn every_operation_has_a_summary_a_tag_and_problem_responses() {
    let spec: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() > 10);
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let at = format!("{method} {path}");
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{at} has no summary");
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{at} has no tag");
            let responses = op["responses"].as_object().unwrap();
            let problem = responses
                .get("400")
                .or_else(|| responses.get("404"))
                .unwrap_or_else(|| panic!("{at} documents no error"));
            assert!(problem["content"]["application/problem+json"].is_object(), "{at}: errors are not problem+json");
        }
    }
}

#[tokio::test]
async fn the_served_spec_is_the_committed_one() {
    let app = crate::helpers::TestApp::sqlite().await;
    let r = app.get("/api/v1/openapi.json").await;
    let served: Value = serde_json::from_str(&r.text).unwrap();
    let code: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    assert_eq!(served, code);
    // Swagger UI shows the same document, with what `api::spec` adds.
    let docs = app.get("/docs").await;
    assert_eq!(docs.status, 200);
    assert!(docs.text.contains("#/components/responses/NotModified"));
}

/// Follows a local `$ref` (`#/components/...`) to what it names.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => v,
    }
}

#[test]
fn every_read_documents_304_and_etag_and_every_operation_429() {
    let spec: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    let mut gets = 0;
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let at = format!("{method} {path}");
            let responses = &op["responses"];
            let too_many = resolve(&spec, &responses["429"]);
            assert!(too_many["content"]["application/problem+json"].is_object(), "{at}: 429 is not problem+json");
            let headers = &too_many["headers"];
            assert_eq!(resolve(&spec, &headers["Retry-After"])["required"], true, "{at}: 429 without Retry-After");
            for h in ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"] {
                assert!(resolve(&spec, &headers[h])["schema"].is_object(), "{at}: 429 without {h}");
            }
            if method != "get" {
                assert!(responses.get("304").is_none(), "{at}: only reads answer 304");
                continue;
            }
            gets += 1;
            let ok = resolve(&spec, &responses["200"]);
            for h in ["ETag", "Last-Modified", "Cache-Control", "RateLimit-Limit"] {
                assert!(resolve(&spec, &ok["headers"][h])["schema"].is_object(), "{at}: 200 without {h}");
            }
            let not_modified = resolve(&spec, &responses["304"]);
            assert!(not_modified.get("content").is_none(), "{at}: a 304 has no body");
            assert_eq!(resolve(&spec, &not_modified["headers"]["ETag"])["required"], true, "{at}: 304 without ETag");
            assert!(resolve(&spec, &not_modified["headers"]["Cache-Control"])["schema"].is_object());
        }
    }
    assert!(gets > 100, "{gets} reads");
}
