//! "My account" pages (issue 21, flow 6): notifications with mark-as-read, sessions and API tokens,
//! organisations with invitations, and the profile's IIN and language. Each action goes through the
//! same service as the API; each refusal is shown beside its form with what was typed kept and
//! nothing stored; a forged or someone else's action changes nothing.
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp, web_requests::submitted};

const PASSWORD: &str = "correct horse battery";
const BIN: &str = "040840001231";

async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_as(token, "/api/v1/me/notifications").await.ok(200)["items"].as_array().unwrap().clone()
}

fn unread(items: &[Value]) -> usize {
    items.iter().filter(|n| n["read_at"].is_null()).count()
}

async fn my_notifications_are_listed_newest_first_and_marked_read_on_the_page(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let first = submitted(&app, &token, mtszn, "Пособия на погребение в 2025 году").await;
    let second = submitted(&app, &token, mtszn, "Сроки выплаты пособий по уходу").await;
    app.post_as(&officer, &format!("/api/v1/requests/{first}/extend"), json!({"days": 5, "reason": "Сбор сведений"}))
        .await
        .ok(200);
    app.post_as(&officer, &format!("/api/v1/requests/{second}/answer"), json!({"body_md": "Выплачено в срок."}))
        .await
        .ok(200);
    assert_eq!(unread(&notifications(&app, &token).await), 2);

    let mut out = Browser::new(&app);
    assert_eq!(out.get("/me/notifications").await.status, 303, "signed out: to the sign-in page");

    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    let me = b.get("/me").await;
    assert!(me.html.contains("href=\"/me/notifications\""), "my page links to the notifications");
    let page = b.get("/me/notifications").await;
    assert_eq!(page.status, 200);
    let html = page.html.replace("&#x2f;", "/");
    let text = page.text();
    assert!(text.contains("Unread: 2"), "{text}");
    assert_eq!(page.html.matches("/read\"").count(), 2, "{}", page.html);
    // Newest first: the answer (second) before the extension (first).
    let (answer, extension) = (
        html.find(&format!("/requests/{second}")).expect("the answer's notice"),
        html.find(&format!("/requests/{first}")).expect("the extension's notice"),
    );
    assert!(answer < extension, "newest first");
    assert!(!text.contains("2026-12"), "no ISO date in a sentence: {text}");
    assert!(text.contains("December 2026"), "{text}");

    // A forged mark (no valid CSRF token) changes nothing.
    let ids: Vec<i64> = notifications(&app, &token).await.iter().map(|n| n["id"].as_i64().unwrap()).collect();
    let r = b.post(&format!("/me/notifications/{}/read", ids[0]), &[("csrf_token", "forged")]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(unread(&notifications(&app, &token).await), 2);
    // Someone else's notice is not found, and stays unread.
    let (other, _) = app.citizen("b@example.kz").await;
    let mut ob = Browser::new(&app);
    ob.sign_in("b@example.kz", PASSWORD).await;
    ob.get("/me/notifications").await;
    let r = ob.post(&format!("/me/notifications/{}/read", ids[0]), &[("back", "/me/notifications")]).await;
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(unread(&notifications(&app, &token).await), 2);
    assert!(notifications(&app, &other).await.is_empty());

    b.get("/me/notifications").await;
    let r = b.post(&format!("/me/notifications/{}/read", ids[0]), &[("back", "/me/notifications?unread=1")]).await;
    assert_eq!((r.status, r.location()), (303, "/me/notifications?unread=1&done=read"));
    assert_eq!(unread(&notifications(&app, &token).await), 1);
    let page = b.get("/me/notifications?unread=1&done=read").await;
    assert!(page.html.contains("role=\"status\""));
    assert!(page.text().contains("Unread: 1"));
    assert_eq!(page.html.matches("/read\"").count(), 1, "only the unread notice is listed with its button");
    // A return address elsewhere is not followed.
    let r = b.post("/me/notifications/read-all", &[("back", "https://evil.example/")]).await;
    assert_eq!((r.status, r.location()), (303, "/me/notifications?done=all_read"));
    assert_eq!(unread(&notifications(&app, &token).await), 0);
    let page = b.get("/me/notifications?before=abc").await;
    assert_eq!(page.status, 400, "a page number that is not one is refused in words");
    assert!(!page.text().contains("invalid digit"), "{}", page.text());
}

async fn tokens_are_created_with_scopes_and_revoked_on_the_page(app: TestApp) {
    app.citizen("a@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    let page = b.get("/me/tokens").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("this browser"), "the current session is marked");
    let sessions = page.html.matches("/revoke\"").count();

    // Refusals: no scope, a lifetime out of range; the name typed is kept, nothing is created.
    let r = b.post("/me/tokens", &[("name", "Our monitoring app"), ("expires_in_days", "30")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\"") && r.html.contains("Our monitoring app"));
    let r =
        b.post("/me/tokens", &[("name", "Our monitoring app"), ("scope_read", "1"), ("expires_in_days", "9999")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("between 1 and 730"), "{}", r.text());
    let r =
        b.post("/me/tokens", &[("name", "Our monitoring app"), ("scope_read", "1"), ("expires_in_days", "x")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(b.get("/me/tokens").await.html.matches("/revoke\"").count(), sessions, "no token was made");

    let r =
        b.post("/me/tokens", &[("name", "Our monitoring app"), ("scope_read", "1"), ("expires_in_days", "30")]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let secret = r.attr_after("id=\"secret\"", "value").expect("the secret shown once");
    // The token works with its scope and only with it.
    assert_eq!(app.get_as(&secret, "/api/v1/me").await.ok(200)["email"], "a@example.kz");
    app.patch_as(&secret, "/api/v1/me", json!({"display_name": "Other"})).await.problem(403, "insufficient_scope");
    let page = b.get("/me/tokens").await;
    assert!(!page.html.contains(&secret), "the secret is never shown again");

    // Someone else cannot revoke it.
    let tokens = app.get_as(&secret, "/api/v1/auth/tokens").await.ok(200).as_array().unwrap().clone();
    let id = tokens.iter().find(|t| t["name"] == "Our monitoring app").unwrap()["id"].as_i64().unwrap();
    app.citizen("b@example.kz").await;
    let mut other = Browser::new(&app);
    other.sign_in("b@example.kz", PASSWORD).await;
    other.get("/me/tokens").await;
    assert_eq!(other.post(&format!("/me/tokens/{id}/revoke"), &[]).await.status, 404);
    app.get_as(&secret, "/api/v1/me").await.ok(200);

    b.get("/me/tokens").await;
    let r = b.post(&format!("/me/tokens/{id}/revoke"), &[]).await;
    assert_eq!((r.status, r.location()), (303, "/me/tokens?done=revoked"));
    assert_eq!(app.get_as(&secret, "/api/v1/me").await.status, 401, "a revoked token no longer works");

    // Revoking this browser's own session signs it out.
    let page = b.get("/me/tokens").await;
    let own = page.attr_after("this browser", "action").unwrap_or_default();
    assert!(own.ends_with("/revoke"), "{own}");
    let r = b.post(&own, &[]).await;
    assert_eq!((r.status, r.location()), (303, "/"));
    assert_eq!(b.get("/me").await.status, 303, "signed out");
}

async fn organisations_are_registered_joined_and_left_on_the_pages(app: TestApp) {
    let (founder, _) = app.citizen("founder@example.kz").await;
    let (member_token, member) = app.citizen("member@example.kz").await;
    let mut f = Browser::new(&app);
    f.sign_in("founder@example.kz", PASSWORD).await;
    let page = f.get("/me/organizations").await;
    assert_eq!(page.status, 200);

    // A wrong BIN: refused beside the form, the name kept, nothing stored.
    let r = f.post("/me/organizations", &[("name", "Адал азамат"), ("bin", "040840001232"), ("website", "")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("Адал азамат") && r.html.contains("role=\"alert\""));
    assert_eq!(app.get("/api/v1/organizations").await.ok(200)["items"].as_array().unwrap().len(), 0);

    let r = f.post("/me/organizations", &[("name", "Адал азамат"), ("bin", BIN), ("website", "")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let org_href = r.location().split('?').next().unwrap().to_string();
    let org: i64 = org_href.rsplit('/').next().unwrap().parse().unwrap();
    let page = f.get(r.location()).await;
    assert!(page.html.contains("role=\"status\""));
    assert!(page.html.contains(&format!("action=\"/organizations/{org}/invitations\"")), "the admin may invite");
    // The same BIN again: refused with what to do.
    f.get("/me/organizations").await;
    let r = f.post("/me/organizations", &[("name", "Екінші"), ("bin", BIN), ("website", "")]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Ask its administrators to invite you"), "{}", r.text());

    f.get(&org_href).await;
    let r =
        f.post(&format!("/organizations/{org}/invitations"), &[("email", "not an address"), ("role", "member")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("not an address"), "the address typed is kept");
    let r = f
        .post(&format!("/organizations/{org}/invitations"), &[("email", "member@example.kz"), ("role", "member")])
        .await;
    assert_eq!(r.status, 303, "{}", r.text());

    // The invitee accepts on their page.
    let mut m = Browser::new(&app);
    m.sign_in("member@example.kz", PASSWORD).await;
    let page = m.get("/me/organizations").await;
    assert!(page.text().contains("Адал азамат"), "{}", page.text());
    assert!(page.html.contains("/accept\""), "the invitation can be accepted here");
    let inv = app.get_as(&member_token, "/api/v1/me/invitations").await.ok(200)[0]["id"].as_i64().unwrap();
    let r = m.post(&format!("/invitations/{inv}/accept"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("/organizations/{org}?done=joined").as_str()));

    // A member sees no administrator's forms, and a forged one is refused with nothing stored.
    let page = m.get(&org_href).await;
    assert!(!page.html.contains("/invitations\""), "no invite form for a member");
    assert!(!page.html.contains("/role\""), "no role form for a member");
    let r = m.post(&format!("/organizations/{org}/invitations"), &[("email", "x@example.kz"), ("role", "admin")]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    let sent = app.get_as(&founder, &format!("/api/v1/organizations/{org}/invitations")).await.ok(200).clone();
    assert_eq!(sent.as_array().map(Vec::len), Some(1), "{sent}");

    // The last administrator cannot leave; making the member an administrator first lets them.
    let founder_id = app.get_as(&founder, "/api/v1/me").await.ok(200)["id"].as_i64().unwrap();
    f.get(&org_href).await;
    let r = f.post(&format!("/organizations/{org}/members/{founder_id}/remove"), &[]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Make another member an administrator first"), "{}", r.text());
    let r = f.post(&format!("/organizations/{org}/members/{member}/role"), &[("role", "admin")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let r = f.post(&format!("/organizations/{org}/members/{founder_id}/remove"), &[]).await;
    assert_eq!((r.status, r.location()), (303, "/me/organizations?done=left"));
    let members = app.get(&format!("/api/v1/organizations/{org}/members")).await.ok(200).clone();
    assert_eq!(members.as_array().map(Vec::len), Some(1), "{members}");
}

async fn the_language_and_iin_on_the_profile_follow_the_person(app: TestApp) {
    let (token, _) = app.citizen("a@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    b.get("/me/profile").await;
    // An invalid IIN: refused beside the form, everything kept, nothing stored.
    let r = b
        .post(
            "/me/profile",
            &[("display_name", "Әлия"), ("full_name", ""), ("iin", "123456789012"), ("language", "kk")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("123456789012"));
    let me = app.get_as(&token, "/api/v1/me").await.ok(200).clone();
    assert!(me["iin"].is_null() && me["language"].is_null(), "{me}");

    let r = b
        .post(
            "/me/profile",
            &[("display_name", "Әлия"), ("full_name", ""), ("iin", "900514401235"), ("language", "kk")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let me = app.get_as(&token, "/api/v1/me").await.ok(200).clone();
    assert_eq!((me["iin"].as_str(), me["language"].as_str()), (Some("900514401235"), Some("kk")), "{me}");
    assert!(b.get("/me/profile?saved=1").await.html.contains("<html lang=\"kk\""), "this browser follows at once");
    // Another device, in another language: after signing in, pages are in the chosen language.
    let mut other = Browser::new(&app);
    other.accept_language = Some("en".into());
    assert!(other.get("/").await.html.contains("<html lang=\"en\""));
    other.sign_in("a@example.kz", PASSWORD).await;
    assert!(other.get("/me").await.html.contains("<html lang=\"kk\""));
    // The API refuses a language the portal does not have.
    app.patch_as(&token, "/api/v1/me", json!({"language": "de"})).await.problem(422, "validation_failed");
    // A language chosen at registration is the page's.
    let mut r = Browser::new(&app);
    r.accept_language = Some("ru".into());
    r.get("/register").await;
    let reg = r
        .post(
            "/register",
            &[("email", "r@example.kz"), ("password", PASSWORD), ("display_name", "Руслан"), ("full_name", "")],
        )
        .await;
    assert_eq!(reg.status, 303, "{}", reg.text());
    let t = app.login("r@example.kz").await;
    assert_eq!(app.get_as(&t, "/api/v1/me").await.ok(200)["language"], "ru");
}

crate::on_both_databases!(
    my_notifications_are_listed_newest_first_and_marked_read_on_the_page,
    tokens_are_created_with_scopes_and_revoked_on_the_page,
    organisations_are_registered_joined_and_left_on_the_pages,
    the_language_and_iin_on_the_profile_follow_the_person,
);
