//! The open-data coverage of every public entity: the change feed follows the directory and
//! every change of state of a public information request.
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The feed after `after`, every page, as (entity, entity_id, action).
async fn feed_after(app: &TestApp, mut after: i64) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    loop {
        let r = app.get(&format!("/api/v1/events?after={after}&limit=1000")).await;
        let p = r.ok(200).clone();
        for e in p["items"].as_array().unwrap() {
            out.push((
                e["entity"].as_str().unwrap().to_string(),
                e["entity_id"].as_i64().unwrap(),
                e["action"].as_str().unwrap().to_string(),
            ));
        }
        after = p["next_after"].as_i64().unwrap();
        if !p["more"].as_bool().unwrap() {
            return out;
        }
    }
}

async fn feed_head(app: &TestApp) -> i64 {
    let mut after = 0;
    loop {
        let p = app.get(&format!("/api/v1/events?after={after}&limit=1000")).await.ok(200).clone();
        after = p["next_after"].as_i64().unwrap();
        if !p["more"].as_bool().unwrap() {
            return after;
        }
    }
}

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

/// A submitted request of `token` to MTSZN.
async fn submitted(app: &TestApp, token: &str, subject: &str) -> i64 {
    let mtszn = app.agency_id("MTSZN").await;
    let body = json!({"agency_id": mtszn, "language": "ru", "subject": subject,
                      "questions_md": "Сколько пособий на погребение назначено в 2025 году?"});
    let id = app.post_as(token, "/api/v1/requests", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    let statements = json!({"none_of_the_matches_answers": true, "no_secrets_sought": true});
    app.post_as(token, &format!("/api/v1/requests/{id}/submit"), statements).await.ok(200);
    id
}

fn ev(entity: &str, id: i64, action: &str) -> (String, i64, String) {
    (entity.to_string(), id, action.to_string())
}

async fn the_feed_follows_the_directory_and_every_state_of_a_public_request(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let head = feed_head(&app).await;
    let (admin, _) = app.admin("root@example.kz").await;
    let (citizen, _) = app.citizen("a@example.kz").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let minjust = app.agency_id("MINJUST").await;
    let zags = service_id(&app, "ZAGS-01").await;

    // The directory: an edit, a new agency deleted again, a service switched off.
    app.patch_as(&admin, &format!("/api/v1/agencies/{mtszn}"), json!({"website": "https://www.gov.kz/enbek"}))
        .await
        .ok(200);
    let lone = app
        .post_as(
            &admin,
            "/api/v1/agencies",
            json!({"code": "LONE", "kind": "service_provider", "name_kk": "Беруші",
                 "name_ru": "Услугодатель", "name_en": "Provider"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.delete_as(&admin, &format!("/api/v1/agencies/{lone}")).await.ok(204);
    app.post_as(&admin, &format!("/api/v1/services/{zags}/deactivate"), json!({})).await.ok(200);

    // A request through every state an agency or its requester moves it to; a draft never shows.
    let draft = app
        .post_as(
            &citizen,
            "/api/v1/requests",
            json!({"agency_id": mtszn, "language": "ru", "subject": "Черновик",
                 "questions_md": "Сколько пособий на погребение назначено в 2025 году?"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let a = submitted(&app, &citizen, "Сведения о пособиях").await;
    app.post_as(&officer, &format!("/api/v1/requests/{a}/extend"), json!({"reason": "Сбор сведений по регионам"}))
        .await
        .ok(200);
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{a}/answer"),
        json!({"body_md": "Назначено 1 204 пособия.", "partial": true}),
    )
    .await
    .ok(200);
    app.post_as(
        &citizen,
        &format!("/api/v1/requests/{a}/clarification"),
        json!({"questions_md": "А сколько отказов в назначении?"}),
    )
    .await
    .ok(200);
    app.post_as(&officer, &format!("/api/v1/requests/{a}/answer"), json!({"body_md": "Отказано в 17 случаях."}))
        .await
        .ok(200);
    let b = submitted(&app, &citizen, "Сведения о регистрации").await;
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{b}/refuse"),
        json!({"ground": "state_secret", "reason": "Сведения составляют государственные секреты"}),
    )
    .await
    .ok(200);
    let c = submitted(&app, &citizen, "Регистрация рождения").await;
    let f = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{c}/forward"),
            json!({"agency_id": minjust, "reason": "Ведёт Минюст"}),
        )
        .await;
    let child = f.ok(200)["forwarded"]["id"].as_i64().unwrap();
    app.post_as(&citizen, &format!("/api/v1/requests/{child}/withdraw"), json!({})).await.ok(200);

    let seen = feed_after(&app, head).await;
    let ir = "info_request";
    assert_eq!(
        seen,
        [
            ev("agency", mtszn, "upsert"),
            // Created and deleted before the feed was read: only the deletion is news.
            ev("agency", lone, "delete"),
            ev("public_service", zags, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, b, "upsert"),
            ev(ir, b, "upsert"),
            ev(ir, c, "upsert"),
            ev(ir, c, "upsert"),
            ev(ir, child, "upsert"),
            ev(ir, child, "upsert"),
        ]
    );
    assert!(!seen.iter().any(|(t, id, _)| t == ir && *id == draft), "a draft in the feed");
    // Each event's URL reads the record as it is now.
    let r = app.get(&format!("/api/v1/events?after={head}&entity=agency,public_service")).await;
    let items: Vec<Value> = r.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["url"], format!("/api/v1/agencies/{mtszn}"));
    assert_eq!(app.get(items[0]["url"].as_str().unwrap()).await.ok(200)["website"], "https://www.gov.kz/enbek");
    assert_eq!(items[2]["url"], format!("/api/v1/services/{zags}"));
    assert_eq!(app.get(items[2]["url"].as_str().unwrap()).await.ok(200)["active"], false);
    // The catalog names the entity types.
    let c = app.get("/api/v1/catalog").await.ok(200).clone();
    let of =
        |key: &str| c["datasets"].as_array().unwrap().iter().find(|d| d["key"] == key).unwrap()["entity_type"].clone();
    assert_eq!(of("agencies"), "agency");
    assert_eq!(of("services"), "public_service");
}

crate::on_both_databases!(the_feed_follows_the_directory_and_every_state_of_a_public_request,);
