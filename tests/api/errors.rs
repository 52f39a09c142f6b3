//! Every class of client mistake gets a problem document with a stable code, never a 500 and
//! never poem's plain-text default.
use poem::http::Method;
use serde_json::json;

use crate::helpers::{TestApp, test_config};

async fn an_unknown_route_is_a_problem_in_the_clients_language(app: TestApp) {
    let r = app.call(Method::GET, "/api/v1/nothing-here", None, None, &[("accept-language", "kk-KZ,kk;q=0.9")]).await;
    r.problem(404, "not_found");
    assert_eq!(r.body["title"], "Мұнда ештеңе жоқ");
    assert!(r.body["detail"].as_str().unwrap().contains("/api/v1/nothing-here"));
    assert_eq!(r.headers.get("content-language").unwrap(), "kk");
}

/// (Outside `/api/v1` the same miss is a page for people: see `web.rs`.)
async fn russian_and_english_fallback(app: TestApp) {
    let r = app.call(Method::GET, "/api/v1/x", None, None, &[("accept-language", "ru")]).await;
    assert_eq!(r.problem(404, "not_found")["title"], "Здесь ничего нет");
    let r = app.call(Method::GET, "/api/v1/x", None, None, &[("accept-language", "de-DE")]).await;
    assert_eq!(r.problem(404, "not_found")["title"], "Nothing here");
}

async fn a_wrong_method_is_405_with_the_allowed_ones(app: TestApp) {
    let r = app.call(Method::PUT, "/api/v1/accounts", None, None, &[]).await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.headers.get("allow").unwrap(), "GET, POST");
    // The router prefers the literal segment, and so does the header.
    let r = app.call(Method::DELETE, "/api/v1/campaigns/export.csv", None, None, &[]).await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.headers.get("allow").unwrap(), "GET");
    let r = app.call(Method::PUT, "/api/v1/campaigns/7", None, None, &[]).await;
    assert_eq!(r.headers.get("allow").unwrap(), "GET, PATCH");
}

async fn an_array_where_an_object_belongs_is_422(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    // serde would read it as the profile's first two fields, both absent: a 200 that changed nothing.
    let r = app.call(Method::PATCH, "/api/v1/me", Some(&token), Some(json!([null, null])), &[]).await;
    let p = r.problem(422, "invalid_body");
    assert_eq!((p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()), (Some(""), Some("wrong_type")));
    // Deeper down too: a report's figures sent as an array stored nothing and answered 200.
    app.seed_content().await;
    let (admin, _) = app.admin("admin@example.kz").await;
    let r =
        app.call(Method::PATCH, "/api/v1/reports/1", Some(&admin), Some(json!({"figures": [null, null]})), &[]).await;
    let p = r.problem(422, "invalid_body");
    assert_eq!(p["errors"][0]["pointer"], "/figures");
}

async fn a_text_over_the_length_the_spec_states_is_422_at_its_field(app: TestApp) {
    // The spec's number, not a copy of it: the spec and the service must agree.
    let spec: serde_json::Value = serde_json::from_str(&baqylau::spec_json()).unwrap();
    let name = &spec["components"]["schemas"]["NewOrganization"]["properties"]["name"];
    let max = name["maxLength"].as_u64().unwrap() as usize;
    let (token, _) = app.citizen("a@example.kz").await;
    let r =
        app.post_as(&token, "/api/v1/organizations", json!({"name": "я".repeat(max + 1), "bin": "040840001231"})).await;
    let p = r.problem(422, "validation_failed");
    assert_eq!(
        (p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("/name"), Some("too_long"))
    );
    app.post_as(&token, "/api/v1/organizations", json!({"name": "я".repeat(max), "bin": "040840001231"})).await.ok(201);
}

async fn malformed_json_is_400(app: TestApp) {
    let r = app.call(Method::POST, "/api/v1/accounts", None, None, &[("content-type", "application/json")]).await;
    r.problem(400, "malformed_json");
    let r = app.client.post("/api/v1/accounts").content_type("application/json").body("{\"email\": ").send().await;
    assert_eq!(r.0.status().as_u16(), 400);
}

async fn a_missing_field_is_422_with_a_pointer(app: TestApp) {
    let r = app.post("/api/v1/accounts", json!({"email": "a@example.kz", "display_name": "A"})).await;
    let p = r.problem(422, "invalid_body");
    assert_eq!(p["errors"][0]["pointer"], "/password");
    assert_eq!(p["errors"][0]["code"], "required");
}

async fn a_wrong_type_is_422_with_a_pointer(app: TestApp) {
    let r =
        app.post("/api/v1/accounts", json!({"email": "a@example.kz", "password": 12345, "display_name": "A"})).await;
    let p = r.problem(422, "invalid_body");
    assert_eq!(p["errors"][0]["pointer"], "/password");
    assert_eq!(p["errors"][0]["code"], "wrong_type");
}

async fn invalid_values_are_all_listed_at_once(app: TestApp) {
    let r = app
        .post(
            "/api/v1/accounts",
            json!({"email": "nope", "password": "short", "display_name": "", "iin": "900101300127"}),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    let pointers: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/email", "/password", "/display_name", "/iin"]);
}

async fn a_body_over_the_limit_is_413(app: TestApp) {
    let big = "x".repeat(1024 * 1024 + 10);
    let r = app.post("/api/v1/accounts", json!({"email": big, "password": "p", "display_name": "d"})).await;
    r.problem(413, "body_too_large");
}

async fn an_unsupported_media_type_is_415(app: TestApp) {
    let r = app.call(Method::POST, "/api/v1/auth/login", None, None, &[("content-type", "text/plain")]).await;
    r.problem(415, "unsupported_media_type");
    let r = app.client.post("/api/v1/auth/login").body("email=a").send().await;
    assert_eq!(r.0.status().as_u16(), 415);
}

async fn bad_query_parameters_are_400(app: TestApp) {
    let r = app.get("/api/v1/organizations?limit=abc").await;
    let p = r.problem(400, "invalid_parameter");
    assert_eq!(p["errors"][0]["parameter"], "limit");
    // The spec states the range (a validator), and a value outside it is the same problem.
    let p = app.get("/api/v1/organizations?limit=0").await.problem(400, "invalid_parameter").clone();
    assert_eq!(p["errors"][0]["parameter"], "limit");
    app.get("/api/v1/organizations?limit=101").await.problem(400, "invalid_parameter");
    app.get("/api/v1/organizations?cursor=garbage").await.problem(400, "invalid_parameter");
    app.get("/api/v1/organizations/not-a-number").await.problem(400, "invalid_parameter");
}

async fn the_request_id_is_kept_or_made(app: TestApp) {
    let r = app.call(Method::GET, "/healthz", None, None, &[("x-request-id", "journalist-42")]).await;
    assert_eq!(r.headers.get("x-request-id").unwrap(), "journalist-42");
    let r = app.get("/api/v1/nowhere").await;
    let id = r.headers.get("x-request-id").unwrap().to_str().unwrap().to_string();
    assert_eq!(uuid::Uuid::parse_str(&id).map(|_| ()), Ok(()));
    assert_eq!(r.body["request_id"], id.as_str());
}

async fn the_catalogue_lists_every_code_in_each_language(app: TestApp) {
    let en = app.get("/api/v1/problems").await;
    let ru = app.call(Method::GET, "/api/v1/problems", None, None, &[("accept-language", "ru")]).await;
    let en = en.ok(200).as_array().unwrap().clone();
    let ru = ru.ok(200).as_array().unwrap().clone();
    assert_eq!(en.len(), baqylau::error::Code::ALL.len());
    for (e, r) in en.iter().zip(&ru) {
        assert_eq!(e["code"], r["code"]);
        assert_ne!(e["title"], r["title"], "{} is not translated", e["code"]);
    }
    app.get("/api/v1/problems/validation_failed").await.ok(200);
    app.get("/api/v1/problems/no_such_code").await.problem(404, "resource_not_found");
}

/// Every string leaf of a JSON value, as (pointer, value).
fn string_leaves(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(_) => out.push(at.to_string()),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, item)| string_leaves(item, &format!("{at}/{i}"), out))
        }
        serde_json::Value::Object(members) => members.iter().for_each(|(k, item)| {
            string_leaves(item, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)
        }),
        _ => {}
    }
}

/// Issue 20 p.5: a NUL sent through every parameter and every string field of every documented
/// JSON body is refused as a 422 naming where it was, before it can reach the database (where
/// PostgreSQL fails the statement). The caller is an administrator, so nothing is refused earlier
/// for want of rights; each body is the operation's documented example with one string changed.
async fn a_control_character_never_reaches_the_database(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let spec = app.get("/api/v1/openapi.json").await.ok(200).clone();
    let fill = |path: &str, bad: Option<&str>| -> String {
        path.split('/')
            .map(|seg| match (seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')), bad) {
                (Some(name), Some(b)) if name == b => "x%00y".to_string(),
                (Some(_), _) => "1".to_string(),
                (None, _) => seg.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut tried = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let m: Method = method.to_uppercase().parse().unwrap();
            let example = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .map(|r| spec["components"]["schemas"][r.rsplit('/').next().unwrap()]["example"].clone());
            let body = || example.clone().or_else(|| (m != Method::GET && m != Method::DELETE).then(|| json!({})));
            for param in op["parameters"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap();
                let url = match param["in"].as_str().unwrap() {
                    "query" => format!("/api/v1{}?{name}=a%00b", fill(path, None)),
                    "path" => format!("/api/v1{}", fill(path, Some(name))),
                    _ => continue,
                };
                let r = app.call(m.clone(), &url, Some(&admin), body(), &[]).await;
                let p = r.problem(422, "validation_failed");
                assert_eq!(p["errors"][0]["code"], "control_character", "{method} {url}: {}", r.text);
                if param["in"] == "query" {
                    assert_eq!(p["errors"][0]["parameter"], name, "{method} {url}");
                }
                tried += 1;
            }
            let Some(example) = example else { continue };
            let mut leaves = Vec::new();
            string_leaves(&example, "", &mut leaves);
            for leaf in leaves {
                let mut b = example.clone();
                let s = b.pointer_mut(&leaf).unwrap();
                *s = json!(format!("{}\u{0}", s.as_str().unwrap()));
                let url = format!("/api/v1{}", fill(path, None));
                let r = app.call(m.clone(), &url, Some(&admin), Some(b), &[]).await;
                assert!(r.status < 500, "{method} {url} {leaf}: {}", r.text);
                let p = r.problem(422, "validation_failed");
                assert_eq!(p["errors"][0]["code"], "control_character", "{method} {url} {leaf}: {}", r.text);
                assert_eq!(p["errors"][0]["pointer"], leaf.as_str(), "{method} {url}");
                tried += 1;
            }
        }
    }
    assert!(tried > 400, "only {tried} inputs were tried");
    // Other C0 controls are refused alike; TAB, LF and CR are text.
    let r = app.get("/api/v1/agencies?q=a%1Bb").await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["parameter"], "q");
    app.get("/api/v1/agencies?q=a%09b%0Ac").await.ok(200);
    // A bulk import refuses the line that holds one and keeps the others.
    let year = |y: i64, title: &str| {
        json!({"agency": "MTSZN", "year": y, "language": "ru", "title": title, "body_md": "Текст отчёта."}).to_string()
    };
    let ndjson = format!("{}\n{}\n", year(2016, "Отчёт\u{0}"), year(2017, "Отчёт"));
    let r = app
        .client
        .post("/api/v1/reports/bulk")
        .header("authorization", format!("Bearer {admin}"))
        .content_type("application/x-ndjson")
        .body(ndjson)
        .send()
        .await;
    let text = r.0.into_body().into_string().await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
    assert_eq!(v["lines"][0]["status"], "refused", "{text}");
    assert_eq!(v["lines"][0]["errors"][0]["code"], "control_character", "{text}");
    assert_eq!(v["lines"][0]["errors"][0]["pointer"], "/title", "{text}");
    assert_eq!(v["lines"][1]["status"], "created", "{text}");
}

/// Issue 19: a stored JSON column that does not decode is corruption, answered as an internal
/// error (and logged with the row), never shown as an empty value, and never written back blank
/// by an edit that did not touch it.
async fn a_corrupt_json_column_is_an_error_not_a_blank(app: TestApp) {
    use sea_orm::ConnectionTrait;
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let report = app.get("/api/v1/reports?limit=1").await.ok(200)["items"][0]["id"].as_i64().unwrap();
    let d = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы",
            "title_ru": "Проект правил", "text_md": "1. Бірінші тармақ.\n2. Екінші тармақ.\n",
            "opens_at": "2026-11-27T04:00:00Z", "closes_at": "2026-12-11T13:00:00Z"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.get(&format!("/api/v1/reports/{report}/revisions")).await.ok(200);
    app.get(&format!("/api/v1/discussions/{d}")).await.ok(200);
    app.get("/api/v1/discussions").await.ok(200);

    // A JSON string where an object or a list belongs.
    for sql in [
        format!("UPDATE report_revision SET figures = '\"broken\"' WHERE report_id = {report}"),
        format!("UPDATE report SET attachments = '\"broken\"' WHERE id = {report}"),
        format!("UPDATE discussion_version SET clauses = '\"broken\"' WHERE discussion_id = {d}"),
    ] {
        app.db.execute_unprepared(&sql).await.unwrap();
    }
    for path in [
        format!("/api/v1/reports/{report}/revisions"),
        format!("/api/v1/reports/{report}/revisions/1"),
        format!("/api/v1/reports/{report}"),
        format!("/api/v1/discussions/{d}"),
        format!("/api/v1/discussions/{d}/versions"),
        "/api/v1/discussions".to_string(),
        format!("/discussions/{d}"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, 500, "{path}: {}", r.text);
        assert!(!r.text.contains("broken"), "{path}: the stored value is not shown: {}", r.text);
    }
    // A comment on the damaged text is refused, not taken against an empty list of clauses.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-12-01T05:00:00Z").unwrap().to_utc());
    let (citizen, _) = app.citizen("c@example.kz").await;
    app.patch_as(&citizen, "/api/v1/me", json!({"full_name": "Әлия Серікқызы"})).await.ok(200);
    let r = app
        .post_as(
            &citizen,
            &format!("/api/v1/discussions/{d}/comments"),
            json!({"anchor": "c1", "proposal_md": "Мерзімді қысқарту керек."}),
        )
        .await;
    assert_eq!(r.status, 500, "{}", r.text);
    // An edit that leaves the figures alone does not write them back empty.
    let r = app.patch_as(&admin, &format!("/api/v1/reports/{report}"), json!({"title": "Жаңа атау"})).await;
    assert_eq!(r.status, 500, "{}", r.text);
    // Other records are unaffected.
    app.get("/api/v1/reports?limit=5").await.ok(200);
}

crate::on_both_databases!(
    a_control_character_never_reaches_the_database,
    a_corrupt_json_column_is_an_error_not_a_blank,
    an_unknown_route_is_a_problem_in_the_clients_language,
    russian_and_english_fallback,
    a_wrong_method_is_405_with_the_allowed_ones,
    an_array_where_an_object_belongs_is_422,
    a_text_over_the_length_the_spec_states_is_422_at_its_field,
    malformed_json_is_400,
    a_missing_field_is_422_with_a_pointer,
    a_wrong_type_is_422_with_a_pointer,
    invalid_values_are_all_listed_at_once,
    a_body_over_the_limit_is_413,
    an_unsupported_media_type_is_415,
    bad_query_parameters_are_400,
    the_request_id_is_kept_or_made,
    the_catalogue_lists_every_code_in_each_language,
);

#[tokio::test]
async fn the_body_limit_is_configurable() {
    let app = TestApp::sqlite_with(baqylau::config::Config { json_body_limit: 64, ..test_config() }).await;
    let r = app
        .post(
            "/api/v1/accounts",
            json!({"email": "a-rather-long-address@example.kz", "password": "0123456789abcdef", "display_name": "A"}),
        )
        .await;
    r.problem(413, "body_too_large");
    assert!(r.body["detail"].as_str().unwrap().contains("64"));
}
