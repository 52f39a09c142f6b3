//! The moderators' pages (issue 22): the queue of what was published lately, newest first and
//! filtered, hiding a record with a reason and showing it again, and the moderation log. A
//! refusal is shown beside the record with the typed reason kept; someone who does not moderate
//! is not offered the pages, and their forged post changes nothing.
use chrono::{Duration, TimeZone, Utc};
use serde_json::json;

use crate::{browser::Browser, helpers::TestApp};

const PASSWORD: &str = "correct horse battery";
const REASON: &str = "Публикует номер телефона заявителя; скрыто до исправления.";

/// A discussion of MTSZN open now with two comments, the second written an hour after the first:
/// (first comment, second comment).
async fn two_comments(app: &TestApp) -> (i64, i64) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let opens = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap();
    let closes = Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap();
    let d = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы", "title_ru": "Проект правил",
                   "text_md": "## Ережелер\n\n1. Мерзімі бес жұмыс күні.\n", "opens_at": opens, "closes_at": closes}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let (author, _) = app.citizen("author@example.kz").await;
    app.patch_as(&author, "/api/v1/me", json!({"full_name": "Айгерім Сәрсенова"})).await.ok(200);
    let mut ids = Vec::new();
    for (hours, words) in [(1, "Бірінші ұсыныс: мерзімді қысқарту."), (2, "Екінші ұсыныс: тегін ету.")]
    {
        app.clock.set(opens + Duration::hours(hours));
        let c = app
            .post_as(
                &author,
                &format!("/api/v1/discussions/{d}/comments"),
                json!({"anchor": "c1", "proposal_md": words}),
            )
            .await
            .ok(201)["id"]
            .as_i64()
            .unwrap();
        ids.push(c);
    }
    (ids[0], ids[1])
}

/// A signed-in account made moderator by an administrator.
async fn moderator<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let (_, id) = app.citizen(email).await;
    let (admin, _) = app.admin(&format!("granter-{email}")).await;
    app.put_as(&admin, &format!("/api/v1/accounts/{id}/role"), json!({"role": "moderator"})).await.ok(200);
    signed_in(app, email).await
}

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    b.sign_in(email, PASSWORD).await;
    b
}

async fn public_status(app: &TestApp, comment: i64) -> u16 {
    app.get(&format!("/api/v1/comments/{comment}")).await.status
}

async fn moderation_entries(app: &TestApp) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.starts_with("moderation."))
        .count(&app.db)
        .await
        .unwrap()
}

async fn a_moderator_hides_a_comment_from_the_queue_and_shows_it_again(app: TestApp) {
    let (first, second) = two_comments(&app).await;
    let mut b = moderator(&app, "moderator@baqylau.kz").await;
    let home = b.get("/").await;
    assert!(home.links("/moderation").contains(&"/moderation".to_string()), "the moderator is offered the queue");

    let q = b.get("/moderation").await;
    assert_eq!(q.status, 200, "{}", q.text());
    let text = q.text();
    let (a, z) = (text.find("Екінші ұсыныс").expect("second"), text.find("Бірінші ұсыныс").expect("first"));
    assert!(a < z, "newest first: {text}");
    assert!(q.html.contains(&format!("id=\"comment-{first}\"")));

    let p = b.post(&format!("/moderation/comment/{first}/hide"), &[("reason", REASON)]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), "/moderation?done=hidden");
    assert_eq!(public_status(&app, first).await, 410, "hidden from the public");
    assert_eq!(public_status(&app, second).await, 200);

    let q = b.get("/moderation?done=hidden").await;
    assert!(q.html.contains("role=\"status\""));
    assert!(q.text().contains(REASON), "the reason is shown on the queue");
    let hidden = b.get("/moderation?kind=comment&shown=hidden").await;
    assert!(hidden.html.contains(&format!("id=\"comment-{first}\"")));
    assert!(!hidden.html.contains(&format!("id=\"comment-{second}\"")), "only hidden ones");
    let visible = b.get("/moderation?shown=visible").await;
    assert!(!visible.html.contains(&format!("id=\"comment-{first}\"")));
    assert!(visible.html.contains(&format!("id=\"comment-{second}\"")));
    assert!(hidden.html.contains(&format!("/moderation/comment/{first}/unhide")), "a hidden record offers unhide");

    let log = b.get("/moderation/log").await;
    assert_eq!(log.status, 200);
    assert!(log.text().contains(REASON) && log.text().contains("Hidden"), "{}", log.text());

    let p = b.post(&format!("/moderation/comment/{first}/unhide?kind=comment&shown=hidden"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), "/moderation?kind=comment&shown=hidden&done=shown");
    assert_eq!(public_status(&app, first).await, 200, "public again");
    let log = b.get("/moderation/log?kind=comment").await;
    assert!(log.text().contains("Shown again"), "{}", log.text());
    let log = b.get("/moderation/log?kind=conclusion").await;
    assert!(!log.text().contains(REASON), "the log's filter by kind");
}

async fn hiding_without_a_reason_is_refused_beside_the_record_with_the_text_kept(app: TestApp) {
    let (first, second) = two_comments(&app).await;
    let mut b = moderator(&app, "moderator@baqylau.kz").await;
    b.get("/moderation").await;
    for (reason, says) in [("", "This field is required."), ("spam", "Must have at least 10 characters.")] {
        let p = b.post(&format!("/moderation/comment/{first}/hide"), &[("reason", reason)]).await;
        assert_eq!(p.status, 422, "{}", p.text());
        assert!(p.html.contains("role=\"alert\""));
        assert!(p.text().contains(says) && p.text().contains("nothing was changed"), "{}", p.text());
        if !reason.is_empty() {
            assert!(p.html.contains(&format!(">{reason}</textarea>")), "the typed reason is kept");
        }
    }
    assert_eq!(public_status(&app, first).await, 200, "nothing hidden");
    assert_eq!(moderation_entries(&app).await, 0, "nothing logged");

    // Hiding twice: the second is refused with the first reason.
    b.post(&format!("/moderation/comment/{first}/hide"), &[("reason", REASON)]).await;
    let p = b.post(&format!("/moderation/comment/{first}/hide"), &[("reason", "Ещё одна причина скрыть.")]).await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.text().contains(REASON), "{}", p.text());
    // Showing a public record again is refused in words.
    let p = b.post(&format!("/moderation/comment/{second}/unhide"), &[]).await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    assert_eq!(moderation_entries(&app).await, 1);
}

async fn a_bad_filter_is_refused_in_words(app: TestApp) {
    two_comments(&app).await;
    let mut b = moderator(&app, "moderator@baqylau.kz").await;
    let p = b.get("/moderation?kind=letters").await;
    assert_eq!(p.status, 422);
    assert!(p.text().contains("choose a comment, an observation"), "{}", p.text());
    let p = b.get("/moderation?kind=conclusion").await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("Nothing matches these filters."), "{}", p.text());
    let p = b.get("/moderation/log?moderator=someone").await;
    assert_eq!(p.status, 422);
    assert!(p.text().contains("number of their account"), "{}", p.text());
}

async fn others_are_not_offered_moderation_and_a_forged_hide_changes_nothing(app: TestApp) {
    let (first, _) = two_comments(&app).await;
    for email in ["citizen@example.kz", "officer2@enbek.kz"] {
        if email.starts_with("officer") {
            app.officer(email, "MTSZN").await;
        } else {
            app.citizen(email).await;
        }
        let mut b = signed_in(&app, email).await;
        let home = b.get("/").await;
        assert!(home.links("/moderation").is_empty(), "{email} is not offered moderation");
        for path in ["/moderation", "/moderation/log"] {
            let p = b.get(path).await;
            assert_eq!(p.status, 403, "{email} {path}");
            assert!(p.text().contains("only moderators and administrators moderate records"), "{}", p.text());
        }
        let p = b.post(&format!("/moderation/comment/{first}/hide"), &[("reason", REASON)]).await;
        assert_eq!(p.status, 403, "{email}: {}", p.text());
        assert_eq!(public_status(&app, first).await, 200, "nothing hidden");
    }
    // Signed out: to the sign-in page; a forged post without a session changes nothing either.
    let mut anon = Browser::new(&app);
    let p = anon.get("/moderation").await;
    assert_eq!(p.status, 303);
    assert!(p.location().starts_with("/sign-in?next="));
    anon.get("/sign-in").await;
    let p = anon.post(&format!("/moderation/comment/{first}/hide"), &[("reason", REASON)]).await;
    assert!(p.status == 303 || p.status == 401 || p.status == 403, "{}", p.status);
    assert_eq!(public_status(&app, first).await, 200);
    assert_eq!(moderation_entries(&app).await, 0);
}

crate::on_both_databases!(
    a_moderator_hides_a_comment_from_the_queue_and_shows_it_again,
    hiding_without_a_reason_is_refused_beside_the_record_with_the_text_kept,
    a_bad_filter_is_refused_in_words,
    others_are_not_offered_moderation_and_a_forged_hide_changes_nothing,
);
