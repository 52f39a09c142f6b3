use chrono::Duration;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::helpers::TestApp;

async fn a_sign_in_token_is_256_random_bits_stored_only_as_a_hash(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    let secret = token.strip_prefix("bq_").unwrap();
    assert_eq!(secret.len(), 64);
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all_raw(Statement::from_string(backend, "SELECT token_hash FROM token")).await.unwrap();
    assert_eq!(rows.len(), 1);
    let stored: String = rows[0].try_get("", "token_hash").unwrap();
    assert_ne!(stored, token);
    assert!(!stored.contains(secret));
    // and the listing never shows it
    let r = app.get_as(&token, "/api/v1/auth/tokens").await;
    assert!(!r.text.contains(secret) && !r.text.contains(&stored));
    assert_eq!(r.ok(200)[0]["current"], true);
}

async fn logout_revokes_the_token(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    app.post_as(&token, "/api/v1/auth/logout", json!({})).await.ok(204);
    app.get_as(&token, "/api/v1/me").await.problem(401, "token_revoked");
}

async fn an_expired_token_is_refused(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    app.get_as(&token, "/api/v1/me").await.ok(200);
    app.clock.advance(Duration::days(30) + Duration::seconds(1));
    app.get_as(&token, "/api/v1/me").await.problem(401, "token_expired");
}

async fn a_read_only_api_token_cannot_write(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    let r = app
        .post_as(
            &token,
            "/api/v1/auth/tokens",
            json!({"name": "newsroom bot", "scopes": ["read"], "expires_in_days": 30}),
        )
        .await;
    let api_token = r.ok(201)["token"].as_str().unwrap().to_string();
    assert_eq!(r.body["scopes"], json!(["read"]));
    app.get_as(&api_token, "/api/v1/me").await.ok(200);
    let r =
        app.post_as(&api_token, "/api/v1/organizations", json!({"name": "Ашық қоғам", "bin": "040840001231"})).await;
    r.problem(403, "insufficient_scope");
    // it expires when it said it would
    app.clock.advance(Duration::days(31));
    app.get_as(&api_token, "/api/v1/me").await.problem(401, "token_expired");
}

async fn token_requests_are_checked(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    let r = app
        .post_as(
            &token,
            "/api/v1/auth/tokens",
            json!({"name": "", "scopes": ["read", "admin"], "expires_in_days": 9999}),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    let pointers: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/name", "/scopes/1", "/expires_in_days"]);
}

async fn one_user_cannot_see_or_revoke_anothers_tokens(app: TestApp) {
    let (alice, _) = app.citizen("alice@example.kz").await;
    let (bob, _) = app.citizen("bob@example.kz").await;
    let alice_tokens = app.get_as(&alice, "/api/v1/auth/tokens").await;
    let alice_token_id = alice_tokens.ok(200)[0]["id"].as_i64().unwrap();
    let bobs_view = app.get_as(&bob, "/api/v1/auth/tokens").await;
    assert!(bobs_view.ok(200).as_array().unwrap().iter().all(|t| t["id"].as_i64() != Some(alice_token_id)));
    app.delete_as(&bob, &format!("/api/v1/auth/tokens/{alice_token_id}")).await.problem(404, "resource_not_found");
    app.get_as(&alice, "/api/v1/me").await.ok(200);
    app.delete_as(&alice, &format!("/api/v1/auth/tokens/{alice_token_id}")).await.ok(204);
    app.get_as(&alice, "/api/v1/me").await.problem(401, "token_revoked");
}

crate::on_both_databases!(
    a_sign_in_token_is_256_random_bits_stored_only_as_a_hash,
    logout_revokes_the_token,
    an_expired_token_is_refused,
    a_read_only_api_token_cannot_write,
    token_requests_are_checked,
    one_user_cannot_see_or_revoke_anothers_tokens,
);
