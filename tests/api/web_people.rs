//! The pages for people who take part (issue #10): commenting on a discussion through its page,
//! the refusals beside the form, a request's public page, my page and an officer's inbox.
use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::Method;
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

const PASSWORD: &str = "correct horse battery";

/// Opens Friday 27 November 2026 09:00 in Almaty, the day after the tests' clock starts.
fn opens() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap()
}

fn closes() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap()
}

const DRAFT: &str = "## Жалпы ережелер\n\n1. Қызмет көрсету мерзімі бес жұмыс күні.\n2. Қызмет тегін көрсетіледі.\n3. Нәтиже электрондық түрде беріледі.\n";

/// The content seeded, an officer of MTSZN and a discussion of its draft; the clock left before
/// the opening. Returns (officer token, discussion id).
async fn discussion(app: &TestApp) -> (String, i64) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let r = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қызмет көрсету қағидаларының жобасы", "title_ru": "Проект правил оказания услуги",
                   "text_md": DRAFT, "opens_at": opens(), "closes_at": closes()}),
        )
        .await;
    (officer, r.ok(201)["id"].as_i64().unwrap())
}

/// A citizen who gave a full name; returns the API token.
async fn identified(app: &TestApp, email: &str) -> String {
    let (token, _) = app.citizen(email).await;
    app.patch_as(&token, "/api/v1/me", json!({"full_name": "Айгерім Сәрсенова"})).await.ok(200);
    token
}

async fn stored_comments(app: &TestApp, id: i64) -> usize {
    app.get(&format!("/api/v1/discussions/{id}/comments")).await.ok(200).as_array().unwrap().len()
}

async fn a_signed_in_person_comments_on_a_clause_through_the_page(app: TestApp) {
    let (_, id) = discussion(&app).await;
    identified(&app, "a@example.kz").await;
    app.clock.set(opens() + Duration::hours(1));
    let page = format!("/discussions/{id}");
    // Signed out: the page, no form, a way to sign in that comes back.
    let mut anon = Browser::new(&app);
    let p = anon.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("Open for comments"), "{}", p.text());
    assert!(!p.html.contains("<textarea"), "no form for a signed-out reader");
    assert!(p.links("/sign-in?next=").iter().any(|l| l.contains("discussions")), "{:?}", p.links("/sign-in"));

    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    let p = b.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(
        p.html.contains(&format!("action=\"&#x2f;discussions&#x2f;{id}&#x2f;comments\""))
            || p.html.contains(&format!("action=\"/discussions/{id}/comments\"")),
        "{}",
        p.html
    );
    assert!(p.html.contains("<label for=\"clause\">") && p.html.contains("<select id=\"clause\" name=\"clause\">"));
    assert!(p.html.contains("<label for=\"text\">") && p.html.contains("name=\"text\""));
    assert!(p.text().contains("Clause 2"), "numbered clauses: {}", p.text());
    let r = b
        .post(&format!("/discussions/{id}/comments"), &[("clause", "c2"), ("text", "Тегін екенін нақтылау керек.")])
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.location().starts_with(&format!("/discussions/{id}#comment-")), "{}", r.location());
    let p = b.get(&page).await;
    assert!(p.text().contains("Тегін екенін нақтылау керек."), "the comment appears: {}", p.text());
    assert!(p.text().contains("User a"), "under the display name");
    assert!(!p.text().contains("a@example.kz"), "never an e-mail");
    let comments = app.get(&format!("/api/v1/discussions/{id}/comments")).await;
    assert_eq!(comments.ok(200)[0]["anchor"], "c2");
    // Beside its clause: after clause 2's text, before clause 3.
    let text = p.text();
    let (c2, c3) = (text.find("Clause 2").unwrap(), text.find("Clause 3").unwrap());
    let at = text.find("Тегін екенін нақтылау").unwrap();
    assert!(c2 < at && at < c3, "{text}");
}

async fn a_closed_discussion_refuses_beside_the_form_and_stores_nothing(app: TestApp) {
    let (officer, id) = discussion(&app).await;
    let author = identified(&app, "a@example.kz").await;
    let page = format!("/discussions/{id}");
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    // Before opening: no form, the not-open refusal.
    let p = b.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.text().contains("The discussion has not opened yet"), "{}", p.text());
    assert!(!p.html.contains("<textarea id=\"text\""));
    // Open: one comment through the API; the form read while open.
    app.clock.set(opens() + Duration::hours(1));
    app.post_as(
        &author,
        &format!("/api/v1/discussions/{id}/comments"),
        json!({"anchor": "c1", "proposal_md": "Мерзімді үш күнге қысқарту керек."}),
    )
    .await
    .ok(201);
    b.get(&page).await;
    // The window closes while the person types.
    app.clock.set(closes() + Duration::seconds(1));
    let r =
        b.post(&format!("/discussions/{id}/comments"), &[("clause", "c1"), ("text", "Кешіккен ескерту мәтіні.")]).await;
    assert_eq!(r.status, 409);
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.text().contains("The discussion is closed"), "{}", r.text());
    assert!(r.text().contains("Кешіккен ескерту мәтіні."), "the typed text is kept");
    assert_eq!(stored_comments(&app, id).await, 1, "nothing stored");
    let p = b.get(&page).await;
    assert!(p.text().contains("Closed") && p.text().contains("The discussion is closed"));
    assert!(!p.html.contains("<textarea id=\"text\""), "no form after closing");
    // The decision and the completion notice appear on the page.
    let cid = app.get(&format!("/api/v1/discussions/{id}/comments")).await.ok(200)[0]["id"].as_i64().unwrap();
    app.call(
        Method::PUT,
        &format!("/api/v1/discussions/{id}/comments/{cid}/decision"),
        Some(&officer),
        Some(json!({"decision": "accepted"})),
        &[],
    )
    .await
    .ok(200);
    app.post_as(&officer, &format!("/api/v1/discussions/{id}/notice"), json!({})).await.ok(201);
    let p = b.get(&page).await;
    assert!(p.text().contains("Decision: accepted"), "{}", p.text());
    assert!(p.text().contains("Notice on the completion of the discussion"), "{}", p.text());
}

async fn a_comment_without_a_valid_csrf_token_is_refused(app: TestApp) {
    let (_, id) = discussion(&app).await;
    identified(&app, "a@example.kz").await;
    app.clock.set(opens() + Duration::hours(1));
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    b.get(&format!("/discussions/{id}")).await;
    let path = format!("/discussions/{id}/comments");
    for token in ["", "not-a-token"] {
        let r = b.post(&path, &[("csrf_token", token), ("clause", ""), ("text", "Ескерту мәтіні жеткілікті.")]).await;
        assert_eq!(r.status, 403, "token {token:?}");
        assert!(r.html.contains("role=\"alert\""));
    }
    assert_eq!(stored_comments(&app, id).await, 0);
}

async fn an_anonymous_author_is_refused_with_the_reason(app: TestApp) {
    let (_, id) = discussion(&app).await;
    app.citizen("anon@example.kz").await;
    app.clock.set(opens() + Duration::hours(1));
    let mut b = Browser::new(&app);
    b.sign_in("anon@example.kz", PASSWORD).await;
    b.get(&format!("/discussions/{id}")).await;
    let r =
        b.post(&format!("/discussions/{id}/comments"), &[("clause", ""), ("text", "Атымсыз ескерту мәтіні.")]).await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("Anonymous comments are not considered"), "{}", r.text());
    assert!(r.text().contains("Атымсыз ескерту мәтіні."), "the typed text is kept");
    assert_eq!(stored_comments(&app, id).await, 0);
    // Too short: the validation refusal, 422, beside the form.
    identified(&app, "a@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    b.get(&format!("/discussions/{id}")).await;
    let r = b.post(&format!("/discussions/{id}/comments"), &[("clause", "c1"), ("text", "Иә")]).await;
    assert_eq!(r.status, 422);
    assert!(r.html.contains("role=\"alert\""));
    assert_eq!(stored_comments(&app, id).await, 0);
}

/// Draft, check and submit through the API: the request's view.
async fn submitted(app: &TestApp, token: &str, agency: i64, subject: &str) -> Value {
    let id = draft(app, token, agency, subject).await;
    app.post_as(token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    app.post_as(
        token,
        &format!("/api/v1/requests/{id}/submit"),
        json!({"none_of_the_matches_answers": true, "no_secrets_sought": true}),
    )
    .await
    .ok(200)
    .clone()
}

async fn draft(app: &TestApp, token: &str, agency: i64, subject: &str) -> i64 {
    let r = app
        .post_as(
            token,
            "/api/v1/requests",
            json!({"agency_id": agency, "language": "ru", "subject": subject, "questions_md": "Сколько пособий на погребение назначено в 2025 году?"}),
        )
        .await;
    r.ok(201)["id"].as_i64().unwrap()
}

async fn a_request_page_shows_its_timeline_and_a_draft_only_to_its_author(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let v = submitted(&app, &token, mtszn, "Назначение пособий на погребение").await;
    let id = v["id"].as_i64().unwrap();
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{id}/extend"),
        json!({"days": 15, "reason": "Сбор сведений по регионам"}),
    )
    .await
    .ok(200);
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{id}/answer"),
        json!({"body_md": "Назначено 1 204 пособия на погребение."}),
    )
    .await
    .ok(200);
    let mut b = Browser::new(&app);
    let p = b.get(&format!("/requests/{id}")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    let text = p.text();
    for expected in [
        "Назначение пособий на погребение",
        "Submitted and registered",
        "Deadline extended",
        "Сбор сведений по регионам",
        "Answered",
        "Назначено 1 204 пособия на погребение.",
        "15 calendar days",
        "What was already published",
        "A citizen",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!text.contains("a@example.kz"));
    assert!(p.html.matches("<h1").count() == 1);
    // A draft: its author sees it, nobody else.
    let d = draft(&app, &token, mtszn, "Черновик запроса").await;
    assert_eq!(b.get(&format!("/requests/{d}")).await.status, 404);
    let mut author = Browser::new(&app);
    author.sign_in("a@example.kz", PASSWORD).await;
    let p = author.get(&format!("/requests/{d}")).await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("only you see it"), "{}", p.text());
}

async fn my_page_redirects_when_signed_out_and_lists_my_things(app: TestApp) {
    app.seed_content().await;
    let mut b = Browser::new(&app);
    let r = b.get("/me").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/sign-in?next=%2Fme");
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let sent = submitted(&app, &token, mtszn, "Отправленный запрос").await["id"].as_i64().unwrap();
    let drafted = draft(&app, &token, mtszn, "Черновой запрос").await;
    app.post_as(&officer, &format!("/api/v1/requests/{sent}/extend"), json!({"days": 10, "reason": "Сбор сведений"}))
        .await
        .ok(200);
    let campaign = app
        .post_as(
            &token,
            "/api/v1/campaigns",
            json!({"basis": "own_initiative", "title_ru": "Мониторинг назначения пособий",
                   "methodology_md": "Запросы и наблюдения в отделах занятости и соцпрограмм.",
                   "period_from": "2026-09-01", "period_to": "2026-12-31"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    b.sign_in("a@example.kz", PASSWORD).await;
    let p = b.get("/me").await;
    assert_eq!(p.status, 200);
    let text = p.text();
    assert!(text.contains("Отправленный запрос") && text.contains("Черновой запрос"), "{text}");
    assert!(text.contains("Мониторинг назначения пособий"), "{text}");
    assert!(text.contains("The agency extended the deadline"), "the notification: {text}");
    let links = p.links("/requests/");
    assert!(
        links.contains(&format!("/requests/{sent}")) && links.contains(&format!("/requests/{drafted}")),
        "{links:?}"
    );
    assert!(p.links("/campaigns/").contains(&format!("/campaigns/{campaign}")));
    // Somebody else's page does not show them.
    app.citizen("b@example.kz").await;
    let mut other = Browser::new(&app);
    other.sign_in("b@example.kz", PASSWORD).await;
    assert!(!other.get("/me").await.text().contains("Черновой запрос"));
}

async fn the_inbox_lists_requests_for_officers_and_refuses_others(app: TestApp) {
    let (_, discussion_id) = discussion(&app).await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let id = submitted(&app, &token, mtszn, "Запрос во входящие").await["id"].as_i64().unwrap();
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    app.clock.set(opens() + Duration::hours(1));
    let p = officer.get("/inbox").await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.text().contains("Запрос во входящие"), "{}", p.text());
    assert!(p.links("/requests/").contains(&format!("/requests/{id}")));
    assert!(p.links("/discussions/").contains(&format!("/discussions/{discussion_id}")), "the open discussion");
    assert!(p.html.contains("<caption>") && p.html.contains("scope=\"col\""));
    // Past the due date it is flagged.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 14, 5, 0, 0).single().unwrap());
    assert!(officer.get("/inbox").await.text().contains("overdue"));
    let mut citizen = Browser::new(&app);
    citizen.sign_in("a@example.kz", PASSWORD).await;
    let r = citizen.get("/inbox").await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("only officers of an agency have an inbox"), "{}", r.text());
    assert_eq!(Browser::new(&app).get("/inbox").await.status, 303);
}

async fn each_page_renders_in_kazakh_russian_and_english(app: TestApp) {
    let (_, id) = discussion(&app).await;
    let author = identified(&app, "a@example.kz").await;
    app.clock.set(opens() + Duration::hours(1));
    app.post_as(
        &author,
        &format!("/api/v1/discussions/{id}/comments"),
        json!({"anchor": "c1", "proposal_md": "Мерзімді үш күнге қысқарту керек."}),
    )
    .await
    .ok(201);
    let mtszn = app.agency_id("MTSZN").await;
    let request = submitted(&app, &author, mtszn, "Запрос на трёх языках").await["id"].as_i64().unwrap();
    let mut citizen = Browser::new(&app);
    citizen.sign_in("a@example.kz", PASSWORD).await;
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    for (lang, word) in [("kk", "Сұрақтар"), ("ru", "Вопросы"), ("en", "Questions")] {
        for (officer_page, path) in [
            (false, format!("/discussions/{id}")),
            (false, format!("/requests/{request}")),
            (false, "/me".to_string()),
            (true, "/inbox".to_string()),
        ] {
            let b = if officer_page { &mut officer } else { &mut citizen };
            let p = b.get_with(&path, &[("accept-language", lang)]).await;
            assert_eq!(p.status, 200, "{lang} {path}: {}", p.text());
            assert!(p.html.contains(&format!("<html lang=\"{lang}\">")), "{lang} {path}");
            assert!(!p.text().contains("web."), "an untranslated key on {path} in {lang}: {}", p.text());
            assert_eq!(p.html.matches("<h1").count(), 1, "one h1 on {path}");
            assert!(!p.html.contains(" style="), "no inline style on {path}");
            assert!(p.html.len() < 100_000);
        }
        let p = citizen.get_with(&format!("/requests/{request}"), &[("accept-language", lang)]).await;
        assert!(p.text().contains(word), "{lang}");
    }
}

/// Law Art. 15 on the pages: a person refused as anonymous is sent to their profile page (never to
/// an API operation), gives their full name there and comments; the profile form keeps what was
/// typed when refused, refuses a forged post, and never shows the full name publicly.
async fn a_person_gives_a_full_name_on_the_profile_page_and_then_comments(app: TestApp) {
    let (_, id) = discussion(&app).await;
    let (token, _) = app.citizen("anon@example.kz").await;
    app.clock.set(opens() + Duration::hours(1));
    let mut b = Browser::new(&app);
    b.sign_in("anon@example.kz", PASSWORD).await;
    b.get(&format!("/discussions/{id}")).await;
    let r =
        b.post(&format!("/discussions/{id}/comments"), &[("clause", ""), ("text", "Мерзімді қысқарту керек.")]).await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("Edit my profile"), "{}", r.text());
    assert!(!r.text().contains("/api/v1"), "no API operation is shown to a person: {}", r.text());

    // Signed out, the profile page leads to sign-in and back.
    let mut out = Browser::new(&app);
    let r = out.get("/me/profile").await;
    assert_eq!(r.status, 303);

    let page = b.get("/me").await;
    assert!(page.html.contains("href=\"/me/profile\""));
    let page = b.get("/me/profile").await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("name=\"full_name\""));
    // A name too short is refused beside the form, with what was typed kept and nothing stored.
    let r = b.post("/me/profile", &[("display_name", "A"), ("full_name", "Әлия Серікқызы Нұрланова")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.html.contains("Әлия Серікқызы Нұрланова"), "the typed text is kept");
    assert!(app.get_as(&token, "/api/v1/me").await.ok(200)["full_name"].is_null());
    // A forged post (no CSRF token) changes nothing.
    let r = b
        .post("/me/profile", &[("csrf_token", "forged"), ("display_name", "Әлия"), ("full_name", "Әлия Серікқызы")])
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(app.get_as(&token, "/api/v1/me").await.ok(200)["full_name"].is_null());

    b.get("/me/profile").await;
    let r = b
        .post(
            "/me/profile",
            &[("display_name", "Әлия"), ("full_name", "Әлия Серікқызы Нұрланова"), ("show_name_publicly", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let me = app.get_as(&token, "/api/v1/me").await.ok(200).clone();
    assert_eq!(me["full_name"], "Әлия Серікқызы Нұрланова");
    assert_eq!(me["display_name"], "Әлия");
    assert_eq!(me["show_name_publicly"], true);
    let page = b.get("/me/profile?saved=1").await;
    assert!(page.html.contains("role=\"status\""));

    b.get(&format!("/discussions/{id}")).await;
    let r =
        b.post(&format!("/discussions/{id}/comments"), &[("clause", ""), ("text", "Мерзімді қысқарту керек.")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(stored_comments(&app, id).await, 1);
    // The public page names the author by the name they chose to show, never the full name.
    let public = Browser::new(&app).get(&format!("/discussions/{id}")).await;
    assert!(public.text().contains("Әлия"));
    assert!(!public.text().contains("Нұрланова"), "the full name is never public");
}

/// A wrong password on the sign-in page says what to do on the pages, not which API to call.
async fn a_wrong_password_is_refused_in_words_for_a_person(app: TestApp) {
    app.citizen("a@example.kz").await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let r = b.post("/sign-in", &[("email", "a@example.kz"), ("password", "wrong horse battery")]).await;
    assert_eq!(r.status, 401, "{}", r.text());
    assert!(r.text().contains("register with the link below"), "{}", r.text());
    assert!(!r.text().contains("/api/v1"), "{}", r.text());
    assert!(r.html.contains("a@example.kz"), "the e-mail typed is kept");
}

crate::on_both_databases!(
    a_person_gives_a_full_name_on_the_profile_page_and_then_comments,
    a_wrong_password_is_refused_in_words_for_a_person,
    a_signed_in_person_comments_on_a_clause_through_the_page,
    a_closed_discussion_refuses_beside_the_form_and_stores_nothing,
    a_comment_without_a_valid_csrf_token_is_refused,
    an_anonymous_author_is_refused_with_the_reason,
    a_request_page_shows_its_timeline_and_a_draft_only_to_its_author,
    my_page_redirects_when_signed_out_and_lists_my_things,
    the_inbox_lists_requests_for_officers_and_refuses_others,
    each_page_renders_in_kazakh_russian_and_english,
);
