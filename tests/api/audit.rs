use serde_json::json;

use crate::helpers::TestApp;

async fn writes_are_audited_and_only_admins_read_the_log(app: TestApp) {
    let (citizen, citizen_id) = app.citizen("a@example.kz").await;
    let org = app.organization(&citizen, "Адал азамат", "040840001231").await;
    app.get_as(&citizen, "/api/v1/audit").await.problem(403, "forbidden");
    let (admin, _) = app.admin("root@example.kz").await;
    let r = app.get_as(&admin, &format!("/api/v1/audit?actor_id={citizen_id}&limit=100")).await;
    let actions: Vec<&str> =
        r.ok(200)["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["account.register", "token.create", "organization.create", "membership.create"]);
    assert!(!r.text.contains("argon2") && !r.text.contains("token_hash"), "secrets in the audit log: {}", r.text);
    let r = app.get_as(&admin, &format!("/api/v1/audit?entity_type=organization&entity_id={org}")).await;
    let entry = &r.ok(200)["items"][0];
    assert_eq!(entry["after"]["bin"], "040840001231");
    assert!(entry["before"].is_null());
    assert!(entry["request_id"].is_string());
}

async fn a_refused_write_leaves_nothing_behind(app: TestApp) {
    let (admin, _) = app.admin("root@example.kz").await;
    let before = app.get_as(&admin, "/api/v1/audit?limit=100").await.ok(200)["items"].as_array().unwrap().len();
    app.post("/api/v1/accounts", json!({"email": "bad", "password": "x", "display_name": "y"}))
        .await
        .problem(422, "validation_failed");
    app.post_as(&admin, "/api/v1/organizations", json!({"name": "X", "bin": "1"}))
        .await
        .problem(422, "validation_failed");
    let after = app.get_as(&admin, "/api/v1/audit?limit=100").await.ok(200)["items"].as_array().unwrap().len();
    assert_eq!(before, after);
}

crate::on_both_databases!(writes_are_audited_and_only_admins_read_the_log, a_refused_write_leaves_nothing_behind);
