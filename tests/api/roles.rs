use serde_json::json;

use crate::helpers::TestApp;

async fn an_admin_binds_an_officer_to_one_agency(app: TestApp) {
    app.seed_content().await;
    let (admin, admin_id) = app.admin("root@example.kz").await;
    let (officer, officer_id) = app.citizen("officer@enbek.gov.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let path = format!("/api/v1/accounts/{officer_id}/role");
    let r = app.call(poem::http::Method::PUT, &path, Some(&admin), Some(json!({"role": "agency_officer"})), &[]).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "agency_required");
    let r = app
        .call(
            poem::http::Method::PUT,
            &path,
            Some(&admin),
            Some(json!({"role": "agency_officer", "agency_id": 999999})),
            &[],
        )
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "unknown_agency");
    let r = app
        .call(poem::http::Method::PUT, &path, Some(&admin), Some(json!({"role": "moderator", "agency_id": mtszn})), &[])
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "agency_not_allowed");
    let r = app.call(poem::http::Method::PUT, &path, Some(&officer), Some(json!({"role": "admin"})), &[]).await;
    r.problem(403, "forbidden");
    let r = app
        .call(
            poem::http::Method::PUT,
            &path,
            Some(&admin),
            Some(json!({"role": "agency_officer", "agency_id": mtszn})),
            &[],
        )
        .await;
    assert_eq!(r.ok(200)["role"], "agency_officer");
    assert_eq!(app.get_as(&officer, "/api/v1/me").await.ok(200)["agency_id"], mtszn);
    // Making the officer a citizen again unbinds the agency.
    let r = app.call(poem::http::Method::PUT, &path, Some(&admin), Some(json!({"role": "citizen"})), &[]).await;
    assert!(r.ok(200)["agency_id"].is_null());
    // The last administrator cannot step down.
    let own = format!("/api/v1/accounts/{admin_id}/role");
    app.call(poem::http::Method::PUT, &own, Some(&admin), Some(json!({"role": "citizen"})), &[])
        .await
        .problem(409, "last_admin");
}

crate::on_both_databases!(an_admin_binds_an_officer_to_one_agency);
