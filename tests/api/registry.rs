use serde_json::json;

use crate::helpers::TestApp;

async fn the_registry_filters_by_provider_recipient_form_and_text(app: TestApp) {
    app.seed_content().await;
    let govcorp = app.agency_id("GOVCORP").await;
    let r = app.get(&format!("/api/v1/services?provider={govcorp}&limit=100")).await;
    let items = r.ok(200)["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|s| s["providers"].as_array().unwrap().iter().any(|p| p["id"] == govcorp)));
    // A service for both kinds of recipient is listed for legal entities too.
    let r = app.get("/api/v1/services?recipient=legal_entities&limit=100").await;
    let items = r.ok(200)["items"].as_array().unwrap();
    assert!(items.iter().all(|s| s["recipients"] == "legal_entities" || s["recipients"] == "both"));
    assert!(items.iter().any(|s| s["recipients"] == "both"));
    let r = app.get("/api/v1/services?form=proactive&limit=100").await;
    assert!(
        r.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["forms"].as_array().unwrap().contains(&json!("proactive")))
    );
    let r = app.get("/api/v1/services?paid=true&limit=100").await;
    assert!(r.ok(200)["items"].as_array().unwrap().iter().all(|s| s["paid"] == true && s["fee_basis"].is_string()));
    // Kazakh text typed with stand-ins, and Russian in capitals.
    let r = app.get("/api/v1/services?q=тууын").await;
    assert!(r.ok(200)["items"].as_array().unwrap().iter().any(|s| s["code"] == "ZAGS-01"));
    let r = app.get("/api/v1/services?q=РОЖДЕНИЯ%20ребенка").await;
    assert!(r.ok(200)["items"].as_array().unwrap().iter().any(|s| s["code"] == "ZAGS-01"));
    app.get("/api/v1/services?form=fax").await.problem(400, "invalid_parameter");
    app.get("/api/v1/services?paid=maybe").await.problem(400, "invalid_parameter");
}

async fn the_registry_exports_as_csv(app: TestApp) {
    app.seed_content().await;
    let r = app.get("/api/v1/services/export.csv").await;
    assert_eq!(r.status, 200);
    assert!(r.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(r.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[1], "code");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 60);
    let zags = rows.iter().find(|r| &r[1] == "ZAGS-01").unwrap();
    // Names with commas survive quoting.
    assert!(zags[3].contains(", в том числе"));
    let r = app.get("/api/v1/services/export.csv?paid=true").await;
    let paid = csv::Reader::from_reader(r.text.as_bytes()).records().count();
    assert!(paid > 0 && paid < rows.len());
}

async fn an_admin_adds_a_service_and_mistakes_are_named(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let govcorp = app.agency_id("GOVCORP").await;
    let mut body = json!({"code": "TEST-01", "name_kk": "Сынақ қызметі", "name_ru": "Тестовая услуга", "name_en": "Test service",
        "recipients": "individuals", "approving_body_id": mtszn, "provider_ids": [govcorp, 999999], "channels": ["state_corporation", "fax"],
        "forms": ["paper"], "paid": true, "term_value": 5, "term_unit": "working_days"});
    let r = app.post_as(&admin, "/api/v1/services", body.clone()).await;
    let p = r.problem(422, "validation_failed");
    let pointers: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/provider_ids/1", "/channels/1", "/fee_basis"]);
    body["provider_ids"] = json!([govcorp]);
    body["channels"] = json!(["state_corporation"]);
    body["fee_basis"] = json!("state duty");
    let r = app.post_as(&admin, "/api/v1/services", body.clone()).await;
    let s = r.ok(201);
    assert_eq!(s["providers"][0]["code"], "GOVCORP");
    assert_eq!(s["term"]["unit"], "working_days");
    app.post_as(&admin, "/api/v1/services", body).await.problem(409, "service_code_taken");
    let id = s["id"].as_i64().unwrap();
    // Longer than the columns hold: refused with the fields named, on PostgreSQL as on SQLite.
    let r = app
        .patch_as(
            &admin,
            &format!("/api/v1/services/{id}"),
            json!({"fee_basis": "x".repeat(501), "bylaw_title": "y".repeat(1001), "bylaw_number": "z".repeat(101)}),
        )
        .await;
    let pointers: Vec<&str> = r.problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/fee_basis", "/bylaw_title", "/bylaw_number"]);
    let r = app
        .patch_as(
            &admin,
            &format!("/api/v1/services/{id}"),
            json!({"paid": false, "fee_basis": null, "forms": ["paper", "electronic"]}),
        )
        .await;
    assert_eq!(r.ok(200)["forms"], json!(["paper", "electronic"]));
    let r = app.post_as(&admin, &format!("/api/v1/services/{id}/deactivate"), json!({})).await;
    assert_eq!(r.ok(200)["active"], false);
    // The approving body is now referenced by the new service as well.
    app.delete_as(&admin, &format!("/api/v1/agencies/{mtszn}")).await.problem(409, "agency_referenced");
}

crate::on_both_databases!(
    the_registry_filters_by_provider_recipient_form_and_text,
    the_registry_exports_as_csv,
    an_admin_adds_a_service_and_mistakes_are_named,
);
