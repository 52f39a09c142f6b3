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

/// Every parameter of every operation, with where it is: `get /agencies?region`.
fn parameters(spec: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                out.push((format!("{method} {path} {}={}", p["in"].as_str().unwrap(), p["name"].as_str().unwrap()), p));
            }
        }
    }
    out
}

/// A parameter's example: OpenAPI allows it on the parameter or on its schema (poem-openapi puts it
/// on the schema).
fn parameter_example(p: &Value) -> Option<&Value> {
    p.get("example").or_else(|| p["schema"].get("example"))
}

/// Every component schema and every parameter shows an example. None is exempt: the API has no
/// enum schemas (its enumerations are documented strings), and the problem document that every
/// error response refers to is a component like the others.
#[test]
fn every_schema_and_parameter_has_an_example() {
    let spec: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    assert!(schemas.len() > 100);
    let missing: Vec<&String> = schemas.iter().filter(|(_, s)| s.get("example").is_none()).map(|(n, _)| n).collect();
    assert!(missing.is_empty(), "schemas without an example: {missing:?}");
    let params = parameters(&spec);
    assert!(params.len() > 100);
    let missing: Vec<&String> =
        params.iter().filter(|(_, p)| parameter_example(p).is_none()).map(|(at, _)| at).collect();
    assert!(missing.is_empty(), "parameters without an example: {missing:?}");
}

/// An OpenAPI 3.0 schema as JSON Schema 2020-12: `nullable` becomes a `null` alternative, and the
/// integer formats become the bounds they mean, so an example out of an `int32` or `uint64` range
/// fails as it would in a client.
fn json_schema(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(json_schema).collect()),
        Value::Object(o) => {
            let mut out = serde_json::Map::new();
            for (k, v) in o {
                // `properties` maps names to schemas, `example` is data: neither is a keyword to convert.
                match k.as_str() {
                    "example" | "nullable" => {}
                    "properties" => {
                        let props = v.as_object().unwrap().iter().map(|(n, s)| (n.clone(), json_schema(s)));
                        out.insert(k.clone(), Value::Object(props.collect()));
                    }
                    _ => {
                        out.insert(k.clone(), json_schema(v));
                    }
                }
            }
            let bounds = match o.get("format").and_then(Value::as_str) {
                Some("int16") => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
                Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                Some("uint16") => Some((0, i64::from(u16::MAX))),
                Some("uint32") => Some((0, i64::from(u32::MAX))),
                Some("uint64") => Some((0, i64::MAX)),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                let all = out.entry("allOf").or_insert_with(|| Value::Array(vec![]));
                all.as_array_mut().unwrap().push(serde_json::json!({"minimum": min, "maximum": max}));
            }
            if o.get("nullable") == Some(&Value::Bool(true)) {
                return serde_json::json!({"anyOf": [Value::Object(out), {"type": "null"}]});
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Problems of `example` against `schema`, which may refer to `#/components/schemas/...`.
fn check(components: &Value, schema: &Value, example: &Value) -> Vec<String> {
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [json_schema(schema)],
        "components": {"schemas": components},
    });
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_format("naive-date", |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
        // Integer and number formats are bounds (see `json_schema`); file bodies are bytes.
        .with_format("int16", |_| true)
        .with_format("int32", |_| true)
        .with_format("int64", |_| true)
        .with_format("uint16", |_| true)
        .with_format("uint32", |_| true)
        .with_format("uint64", |_| true)
        .with_format("double", |_| true)
        .with_format("binary", |_| true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"));
    validator.iter_errors(example).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_example_is_valid_against_its_own_schema() {
    let spec: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let components: serde_json::Map<String, Value> = schemas.iter().map(|(n, s)| (n.clone(), json_schema(s))).collect();
    let components = Value::Object(components);
    let mut failures = Vec::new();
    for (name, schema) in schemas {
        let Some(example) = schema.get("example") else { continue };
        for problem in check(&components, schema, example) {
            failures.push(format!("schema {name}: {problem}"));
        }
    }
    for (at, p) in parameters(&spec) {
        let Some(example) = parameter_example(p) else { continue };
        for problem in check(&components, &p["schema"], example) {
            failures.push(format!("parameter {at}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "examples that break their schema:\n{}", failures.join("\n"));
}

/// The checker is not blind: a wrong type, a missing required field, a null where none is allowed,
/// an `int32` out of range and a malformed date are all caught.
#[test]
fn the_example_check_catches_what_is_wrong() {
    let components = serde_json::json!({
        "Day": {"type": "object", "required": ["date", "n"], "properties": {
            "date": {"type": "string", "format": "naive-date"},
            "n": {"type": "integer", "format": "int32"},
            "note": {"type": "string"},
            "maybe": {"type": "string", "nullable": true},
        }},
    });
    let converted =
        Value::Object(components.as_object().unwrap().iter().map(|(n, s)| (n.clone(), json_schema(s))).collect());
    let day = serde_json::json!({"$ref": "#/components/schemas/Day"});
    let ok = |e: Value| check(&converted, &day, &e).is_empty();
    assert!(ok(serde_json::json!({"date": "2026-03-23", "n": 1, "note": "x", "maybe": null})));
    assert!(!ok(serde_json::json!({"date": "2026-03-23", "n": "1"})));
    assert!(!ok(serde_json::json!({"date": "2026-03-23"})));
    assert!(!ok(serde_json::json!({"date": "2026-03-23", "n": 1, "note": null})));
    assert!(!ok(serde_json::json!({"date": "2026-03-23", "n": 3_000_000_000_i64})));
    assert!(!ok(serde_json::json!({"date": "23.03.2026", "n": 1})));
}

/// Identification numbers in examples pass the same checks as the API's input (and are made up).
#[test]
fn example_iins_and_bins_have_valid_check_digits() {
    use baqylau::domain::identity::{Bin, Iin};
    fn walk(v: &Value, found: &mut Vec<(String, String)>) {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    if let (Some(s), "iin" | "bin") = (v.as_str(), k.as_str()) {
                        found.push((k.clone(), s.to_string()));
                    }
                    walk(v, found);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let spec: Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    let mut found = Vec::new();
    for schema in spec["components"]["schemas"].as_object().unwrap().values() {
        walk(&schema["example"], &mut found);
    }
    assert!(found.iter().any(|(k, _)| k == "iin") && found.iter().any(|(k, _)| k == "bin"));
    for (kind, number) in found {
        let valid = if kind == "iin" { Iin::parse(&number).is_ok() } else { Bin::parse(&number).is_ok() };
        assert!(valid, "example {kind} {number} is not valid");
    }
}
