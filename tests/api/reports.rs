use poem::http::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn report(agency_id: i64, year: i32, lang: &str, title: &str, body: &str) -> Value {
    json!({"agency_id": agency_id, "year": year, "language": lang, "title": title, "body_md": body,
           "published_on": format!("{}-03-14", year + 1),
           "figures": {"services_paper_individuals": 10, "services_electronic_individuals": 90, "services_govcorp_legal": 5,
                       "complaints_received": 4, "complaints_satisfied": 1, "violations": {"deadline_breached": 3, "unjustified_refusal": 2}}})
}

async fn an_officer_publishes_and_revises_their_agencys_report(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let r = app
        .post_as(
            &officer,
            "/api/v1/reports",
            report(mtszn, 2016, "ru", "Отчёт за 2016 год", "## Итоги\n\nОказано **100** услуг."),
        )
        .await;
    let v = r.ok(201).clone();
    assert_eq!(v["revision"], 1);
    assert_eq!(v["figures"]["totals"]["services_total"], 105);
    assert_eq!(v["figures"]["totals"]["violations_total"], 5);
    assert_eq!(v["figures"]["violations"].as_array().unwrap().len(), 10);
    assert_eq!(v["figures"]["violations"][0]["form_row"], "3.1");
    assert!(v["body_html"].as_str().unwrap().contains("<strong>100</strong>"));
    let id = v["id"].as_i64().unwrap();
    // Sending the same content again changes nothing; different content makes revision 2.
    let again = app
        .post_as(
            &officer,
            "/api/v1/reports",
            report(mtszn, 2016, "ru", "Отчёт за 2016 год", "## Итоги\n\nОказано **100** услуг."),
        )
        .await;
    assert_eq!(again.ok(200)["revision"], 1);
    let r = app
        .patch_as(&officer, &format!("/api/v1/reports/{id}"), json!({"title": "Отчёт за 2016 год (уточнённый)"}))
        .await;
    assert_eq!(r.ok(200)["revision"], 2);
    let revs = app.get(&format!("/api/v1/reports/{id}/revisions")).await;
    let titles: Vec<&str> = revs.ok(200).as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Отчёт за 2016 год", "Отчёт за 2016 год (уточнённый)"]);
    assert_eq!(app.get(&format!("/api/v1/reports/{id}/revisions/1")).await.ok(200)["revision"], 1);
    app.get(&format!("/api/v1/reports/{id}/revisions/9")).await.problem(404, "resource_not_found");
    assert_eq!(app.get(&format!("/api/v1/reports/{id}")).await.ok(200)["title"], "Отчёт за 2016 год (уточнённый)");
    let listed = app.get(&format!("/api/v1/reports?agency={mtszn}&year=2016&language=ru")).await;
    assert_eq!(listed.ok(200)["items"].as_array().unwrap().len(), 1);
}

async fn only_the_agencys_officers_and_admins_publish(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let other = app.officer("officer@minjust.kz", "MINJUST").await;
    let (citizen, _) = app.citizen("c@example.kz").await;
    app.post_as(&other, "/api/v1/reports", report(mtszn, 2016, "ru", "Чужой отчёт", ""))
        .await
        .problem(403, "forbidden");
    app.post_as(&citizen, "/api/v1/reports", report(mtszn, 2016, "ru", "Отчёт", "")).await.problem(403, "forbidden");
    app.post("/api/v1/reports", report(mtszn, 2016, "ru", "Отчёт", "")).await.problem(401, "unauthorized");
    let (admin, _) = app.admin("root@example.kz").await;
    app.post_as(&admin, "/api/v1/reports", report(mtszn, 2016, "ru", "Отчёт", "")).await.ok(201);
}

async fn impossible_figures_and_fields_are_refused_with_pointers(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (admin, _) = app.admin("root@example.kz").await;
    let mut body = report(mtszn, 2031, "de", "Отчёт", "");
    body["figures"]["complaints_satisfied"] = json!(9);
    body["figures"]["violations"]["bribe"] = json!(1);
    let r = app.post_as(&admin, "/api/v1/reports", body).await;
    let p = r.problem(422, "validation_failed");
    let pointers: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/year", "/language", "/figures/violations/bribe", "/figures/complaints_satisfied"]);
    let mut body = report(mtszn, 2016, "ru", "Отчёт", "");
    body["figures"]["refusals"] = json!(-1);
    app.post_as(&admin, "/api/v1/reports", body).await.problem(422, "invalid_body");
    let mut body = report(mtszn, 2016, "ru", "Отчёт", "");
    body["figures"]["complaintz"] = json!(1);
    assert_eq!(
        app.post_as(&admin, "/api/v1/reports", body).await.problem(422, "invalid_body")["errors"][0]["pointer"],
        "/figures/complaintz"
    );
    assert!(
        app.get("/api/v1/reports?year=2016").await.ok(200)["items"].as_array().unwrap().is_empty(),
        "nothing stored"
    );
}

async fn script_in_a_report_never_reaches_a_client_unescaped(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (admin, _) = app.admin("root@example.kz").await;
    let evil = "Пособие <script>alert('x')</script> <img src=x onerror=alert(1)> [клик](javascript:alert(1))";
    let r = app
        .post_as(&admin, "/api/v1/reports", report(mtszn, 2016, "ru", "<b>Пособие</b> <script>alert(2)</script>", evil))
        .await;
    let html = r.ok(201)["body_html"].as_str().unwrap().to_lowercase();
    assert!(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"), "{html}");
    app.drain().await;
    let s = app.get("/api/v1/search?q=пособие").await;
    let hit = &s.ok(200)["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>Пособие</mark>"), "{snippet}");
    assert!(!snippet.contains("<script") && !snippet.contains("<img"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;") || !snippet.contains("script"), "{snippet}");
    // The title is returned as text for the client to escape; the API never marks it up.
    assert_eq!(hit["title"], "<b>Пособие</b> <script>alert(2)</script>");
}

async fn bulk_import_reports_per_line_and_stores_nothing_of_a_bad_line(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let lines = [
        json!({"agency": "MTSZN", "year": 2015, "language": "kk", "title": "2015 жылғы есеп", "body_md": "Мемлекеттік қызмет"}).to_string(),
        "{not json".to_string(),
        json!({"agency": "NO-SUCH", "year": 2015, "language": "ru", "title": "Отчёт"}).to_string(),
        json!({"agency": "MTSZN", "year": 2015, "language": "ru", "title": "Отчёт", "figures": {"complaints_received": 1, "complaints_satisfied": 2}}).to_string(),
        String::new(),
        json!({"agency": "MTSZN", "year": 2015, "language": "kk", "title": "Қайталау"}).to_string(),
        json!({"agency": "AKIMAT-AKM", "year": 2014, "language": "ru", "title": "Отчёт акимата"}).to_string(),
    ];
    let body = lines.join("\n");
    let send = |b: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let r = app
                .client
                .post("/api/v1/reports/bulk")
                .header("authorization", format!("Bearer {admin}"))
                .content_type("application/x-ndjson")
                .body(b)
                .send()
                .await;
            let status = r.0.status().as_u16();
            let text = r.0.into_body().into_string().await.unwrap();
            (status, serde_json::from_str::<Value>(&text).unwrap_or(Value::Null))
        }
    };
    let (status, v) = send(body.clone()).await;
    assert_eq!(status, 200, "{v}");
    let statuses: Vec<(u64, &str)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [(1, "created"), (2, "refused"), (3, "refused"), (4, "refused"), (6, "refused"), (7, "created")]
    );
    assert_eq!(v["lines"][2]["errors"][0]["code"], "unknown_agency");
    assert_eq!(v["lines"][3]["errors"][0]["pointer"], "/figures/complaints_satisfied");
    assert_eq!(v["lines"][4]["errors"][0]["code"], "duplicate_line");
    assert_eq!(v["totals"]["created"], 2);
    assert_eq!(v["totals"]["refused"], 4);
    // Run again: idempotent.
    let (_, v) = send(body).await;
    assert_eq!(v["totals"]["created"], 0);
    assert_eq!(v["totals"]["unchanged"], 2);
    let all = app.get("/api/v1/reports?year=2015").await;
    assert_eq!(all.ok(200)["items"].as_array().unwrap().len(), 1, "the bad ru line stored nothing");
    let r = app.call(Method::POST, "/api/v1/reports/bulk", Some(&admin), Some(json!({})), &[]).await;
    r.problem(415, "unsupported_media_type");
}

async fn the_demo_reports_load_with_the_content(app: TestApp) {
    let summary = app.seed_content().await;
    assert!(summary.reports.created >= 40, "{summary:?}");
    let r = app.get("/api/v1/reports?demo=true&limit=100").await;
    let items = r.ok(200)["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, summary.reports.created);
    assert!(items.iter().any(|r| r["language"] == "kk") && items.iter().any(|r| r["language"] == "ru"));
    let again = app.seed_content().await;
    assert_eq!(again.reports.unchanged, summary.reports.created);
}

/// The floor: ten thousand reports in one request, every one stored once.
async fn ten_thousand_reports_in_one_bulk_request(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    // One report per agency, year and language: 8 years x 3 languages needs 417 agencies.
    let ctx = app.app.state.cli_ctx();
    let admin_caller =
        baqylau::service::auth::authenticate(&ctx, &admin, baqylau::domain::accounts::Scope::Write).await.unwrap();
    let mut codes = Vec::new();
    for i in 0..420 {
        let a = baqylau::service::agencies::create(
            &ctx,
            &admin_caller,
            baqylau::service::agencies::AgencyInput {
                code: Some(format!("BULK-{i:04}")),
                kind: Some("service_provider".into()),
                parent_id: None,
                region: None,
                name_kk: Some(format!("Беруші {i}")),
                name_ru: Some(format!("Услугодатель {i}")),
                name_en: Some(format!("Provider {i}")),
                website: None,
                email: None,
            },
        )
        .await
        .unwrap();
        codes.push(a.code);
    }
    let mut body = String::new();
    let mut n = 0;
    'outer: for code in &codes {
        for year in 2013..=2020 {
            for lang in ["kk", "ru", "en"] {
                // Bodies of a realistic size: about 3 KB each, 30 MB in all.
                body.push_str(&json!({"agency": code, "year": year, "language": lang, "title": format!("Есеп {code} {year}"), "body_md": "Мемлекеттік қызметтер туралы. ".repeat(100)}).to_string());
                body.push('\n');
                n += 1;
                if n == 10_000 {
                    break 'outer;
                }
            }
        }
    }
    assert_eq!(n, 10_000, "enough distinct keys");
    let r = app
        .client
        .post("/api/v1/reports/bulk")
        .header("authorization", format!("Bearer {admin}"))
        .content_type("application/x-ndjson")
        .body(body)
        .send()
        .await;
    assert_eq!(r.0.status().as_u16(), 200);
    let v: Value = serde_json::from_str(&r.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(v["totals"]["created"], 10_000, "{}", v["totals"]);
    assert_eq!(v["lines"].as_array().unwrap().len(), 10_000);
    let d = app.drain().await;
    assert!(d.applied >= 10_000);
    let found = app.get("/api/v1/search?q=есеп&year_to=2020").await;
    assert_eq!(found.ok(200)["total"], 10_000);
}

crate::on_both_databases!(
    an_officer_publishes_and_revises_their_agencys_report,
    only_the_agencys_officers_and_admins_publish,
    impossible_figures_and_fields_are_refused_with_pointers,
    script_in_a_report_never_reaches_a_client_unescaped,
    bulk_import_reports_per_line_and_stores_nothing_of_a_bad_line,
    the_demo_reports_load_with_the_content,
    ten_thousand_reports_in_one_bulk_request,
);
