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
}
