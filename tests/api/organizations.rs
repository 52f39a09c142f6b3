use serde_json::json;

use crate::helpers::TestApp;

const BIN: &str = "040840001231";

async fn the_creator_of_an_organisation_is_its_admin(app: TestApp) {
    let (token, id) = app.citizen("chair@ngo.kz").await;
    let org = app.organization(&token, "Адал азамат", BIN).await;
    let members = app.get(&format!("/api/v1/organizations/{org}/members")).await;
    assert_eq!(members.ok(200)[0]["account_id"], id);
    assert_eq!(members.body[0]["role"], "admin");
    assert!(!members.text.contains("chair@ngo.kz"), "member e-mails are not public");
    // Issue 20 p.3: the chair keeps their name private (the default): the public reads "a citizen",
    // the organisation's own members read the name.
    assert_eq!(members.body[0]["display_name"], "A citizen", "{}", members.text);
    assert!(!members.text.contains("User chair"), "{}", members.text);
    let inside = app.get_as(&token, &format!("/api/v1/organizations/{org}/members")).await;
    assert_eq!(inside.ok(200)[0]["display_name"], "User chair");
    let (stranger, _) = app.citizen("stranger@example.kz").await;
    let outside = app.get_as(&stranger, &format!("/api/v1/organizations/{org}/members")).await;
    assert!(!outside.text.contains("User chair"), "{}", outside.text);
    app.patch_as(&token, "/api/v1/me", json!({"show_name_publicly": true})).await.ok(200);
    let members = app.get(&format!("/api/v1/organizations/{org}/members")).await;
    assert_eq!(members.ok(200)[0]["display_name"], "User chair");
    let me = app.get_as(&token, "/api/v1/me").await;
    assert_eq!(me.ok(200)["organizations"][0]["organization_id"], org);
    let listed = app.get("/api/v1/organizations?q=Адал").await;
    assert_eq!(listed.ok(200)["items"][0]["member_count"], 1);
}

async fn a_bin_is_checked_and_registered_once(app: TestApp) {
    let (token, _) = app.citizen("chair@ngo.kz").await;
    let r = app.post_as(&token, "/api/v1/organizations", json!({"name": "Бір", "bin": "040840001232"})).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/bin");
    app.organization(&token, "Бір", BIN).await;
    let r = app.post_as(&token, "/api/v1/organizations", json!({"name": "Екі", "bin": BIN})).await;
    r.problem(409, "bin_taken");
}

async fn a_non_member_cannot_act_for_an_ngo(app: TestApp) {
    let (chair, _) = app.citizen("chair@ngo.kz").await;
    let (outsider, outsider_id) = app.citizen("outsider@example.kz").await;
    let org = app.organization(&chair, "Адал азамат", BIN).await;
    let r = app
        .post_as(
            &outsider,
            &format!("/api/v1/organizations/{org}/invitations"),
            json!({"email": "friend@example.kz", "role": "member"}),
        )
        .await;
    r.problem(403, "not_organization_admin");
    app.get_as(&outsider, &format!("/api/v1/organizations/{org}/invitations"))
        .await
        .problem(403, "not_organization_admin");
    let r = app
        .patch_as(&outsider, &format!("/api/v1/organizations/{org}/members/{outsider_id}"), json!({"role": "admin"}))
        .await;
    r.problem(403, "not_organization_admin");
}

async fn an_invitation_is_accepted_by_the_invitee_only(app: TestApp) {
    let (chair, _) = app.citizen("chair@ngo.kz").await;
    let (volunteer, volunteer_id) = app.citizen("volunteer@example.kz").await;
    let (other, _) = app.citizen("other@example.kz").await;
    let org = app.organization(&chair, "Адал азамат", BIN).await;
    let inv = app
        .post_as(
            &chair,
            &format!("/api/v1/organizations/{org}/invitations"),
            json!({"email": "Volunteer@example.kz", "role": "member"}),
        )
        .await;
    let inv_id = inv.ok(201)["id"].as_i64().unwrap();
    assert_eq!(app.get_as(&volunteer, "/api/v1/me/invitations").await.ok(200)[0]["id"], inv_id);
    app.post_as(&other, &format!("/api/v1/invitations/{inv_id}/accept"), json!({}))
        .await
        .problem(403, "invitation_not_for_you");
    let r = app.post_as(&volunteer, &format!("/api/v1/invitations/{inv_id}/accept"), json!({})).await;
    assert_eq!(r.ok(200)["status"], "accepted");
    app.post_as(&volunteer, &format!("/api/v1/invitations/{inv_id}/accept"), json!({}))
        .await
        .problem(409, "invitation_not_pending");
    let members = app.get(&format!("/api/v1/organizations/{org}/members")).await;
    assert!(
        members.ok(200).as_array().unwrap().iter().any(|m| m["account_id"] == volunteer_id && m["role"] == "member")
    );
    let again = app
        .post_as(
            &chair,
            &format!("/api/v1/organizations/{org}/invitations"),
            json!({"email": "volunteer@example.kz", "role": "admin"}),
        )
        .await;
    again.problem(409, "already_member");
}

async fn the_last_admin_cannot_leave_but_a_member_can(app: TestApp) {
    let (chair, chair_id) = app.citizen("chair@ngo.kz").await;
    let (volunteer, volunteer_id) = app.citizen("volunteer@example.kz").await;
    let org = app.organization(&chair, "Адал азамат", BIN).await;
    let inv = app
        .post_as(
            &chair,
            &format!("/api/v1/organizations/{org}/invitations"),
            json!({"email": "volunteer@example.kz", "role": "member"}),
        )
        .await;
    let inv_id = inv.ok(201)["id"].as_i64().unwrap();
    app.post_as(&volunteer, &format!("/api/v1/invitations/{inv_id}/accept"), json!({})).await.ok(200);
    app.delete_as(&chair, &format!("/api/v1/organizations/{org}/members/{chair_id}"))
        .await
        .problem(409, "last_organization_admin");
    app.patch_as(&chair, &format!("/api/v1/organizations/{org}/members/{chair_id}"), json!({"role": "member"}))
        .await
        .problem(409, "last_organization_admin");
    // a member cannot remove the admin
    app.delete_as(&volunteer, &format!("/api/v1/organizations/{org}/members/{chair_id}"))
        .await
        .problem(403, "not_organization_admin");
    app.delete_as(&volunteer, &format!("/api/v1/organizations/{org}/members/{volunteer_id}")).await.ok(204);
    assert_eq!(app.get(&format!("/api/v1/organizations/{org}/members")).await.ok(200).as_array().unwrap().len(), 1);
}

/// PostgreSQL enforces column widths that SQLite ignores: a value too long is the client's
/// mistake (422 naming the field), never a 500 from the database.
async fn an_overlong_website_is_refused_not_a_500(app: TestApp) {
    let (token, _) = app.citizen("chair@ngo.kz").await;
    let long = format!("https://ngo.kz/{}", "a".repeat(400));
    let r =
        app.post_as(&token, "/api/v1/organizations", json!({"name": "Адал азамат", "bin": BIN, "website": long})).await;
    let p = r.problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["pointer"], "/website");
}

crate::on_both_databases!(
    the_creator_of_an_organisation_is_its_admin,
    a_bin_is_checked_and_registered_once,
    a_non_member_cannot_act_for_an_ngo,
    an_invitation_is_accepted_by_the_invitee_only,
    the_last_admin_cannot_leave_but_a_member_can,
    an_overlong_website_is_refused_not_a_500,
);
