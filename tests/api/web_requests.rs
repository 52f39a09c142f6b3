//! The requester's pages of an information request (Law Art. 29 p.2): writing a draft, the
//! already-published check as a step of its own, sending, editing and deleting drafts; every
//! refusal beside the form with the typed text kept, and nothing stored.
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

pub const PASSWORD: &str = "correct horse battery";

const QUESTIONS: &str = "1. Сколько пособий на погребение назначено в 2025 году?\n2. В какие сроки они выплачены?";

/// A draft through the API; its id.
pub async fn draft(app: &TestApp, token: &str, agency: i64, subject: &str) -> i64 {
    let r = app
        .post_as(
            token,
            "/api/v1/requests",
            json!({"agency_id": agency, "language": "ru", "subject": subject, "questions_md": QUESTIONS}),
        )
        .await;
    r.ok(201)["id"].as_i64().unwrap()
}

/// Draft, check and submit through the API; its id.
pub async fn submitted(app: &TestApp, token: &str, agency: i64, subject: &str) -> i64 {
    let id = draft(app, token, agency, subject).await;
    app.post_as(token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    app.post_as(
        token,
        &format!("/api/v1/requests/{id}/submit"),
        json!({"none_of_the_matches_answers": true, "no_secrets_sought": true}),
    )
    .await
    .ok(200);
    id
}

async fn my_requests(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_as(token, "/api/v1/me/requests").await.ok(200)["items"].as_array().unwrap().clone()
}

async fn stored(app: &TestApp, token: &str, id: i64) -> Value {
    my_requests(app, token).await.into_iter().find(|r| r["id"] == id).unwrap_or(Value::Null)
}

async fn a_citizen_writes_checks_and_sends_a_request_through_the_pages(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    // An earlier request to the same agency on the same subject: the check must show it.
    let (other, _) = app.citizen("earlier@example.kz").await;
    let earlier = submitted(&app, &other, mtszn, "Пособия на погребение в 2025 году").await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mut b = Browser::new(&app);
    // Signed out: to the sign-in page and back.
    let r = b.get("/requests/new").await;
    assert_eq!((r.status, r.location()), (303, "/sign-in?next=%2Frequests%2Fnew"));
    b.sign_in("a@example.kz", PASSWORD).await;
    let me = b.get("/me").await;
    assert!(me.links("/requests/new").contains(&"/requests/new".to_string()), "my page offers a new request");
    let p = b.get("/requests/new").await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.html.contains(&format!("<option value=\"{mtszn}\"")), "the agency is offered");
    assert!(p.html.contains("<optgroup label=\"Central state body\">"), "grouped by kind");
    let provider = app.agency_id("GFSS").await;
    assert!(!p.html.contains(&format!("<option value=\"{provider}\"")), "a service provider cannot be asked");
    assert!(p.html.contains("<label for=\"subject\">") && p.html.contains("<label for=\"questions_md\">"));
    let r = b
        .post(
            "/requests/new",
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Пособия на погребение в 2025 году"),
                ("questions_md", QUESTIONS),
                ("campaign_id", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let mine = my_requests(&app, &token).await;
    assert_eq!(mine.len(), 1);
    let id = mine[0]["id"].as_i64().unwrap();
    assert_eq!(mine[0]["state"], "draft");
    assert_eq!(r.location(), format!("/requests/{id}/check"));
    // The check was run on the saved text and recorded as the API records it.
    assert!(mine[0]["published_check"]["id"].is_i64(), "{}", mine[0]);
    let p = b.get(&format!("/requests/{id}/check")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    let text = p.text();
    assert!(text.contains("What the portal found") && text.contains("Similar earlier requests"), "{text}");
    assert!(p.links("/requests/").contains(&format!("/requests/{earlier}")), "the earlier request, linked");
    assert!(text.contains("It is already published: stop"), "{text}");
    let r = b.post(&format!("/requests/{id}/submit"), &[("none_answers", "yes"), ("no_secrets", "yes")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.location(), format!("/requests/{id}?done=submitted"));
    let v = stored(&app, &token, id).await;
    assert_eq!(v["state"], "submitted");
    assert_eq!(v["none_of_the_matches_answers"], true);
    let number = v["number"].as_str().unwrap().to_string();
    let p = b.get(r.location()).await;
    assert_eq!(p.status, 200);
    assert!(p.html.contains("role=\"status\""));
    let text = p.text();
    for expected in [
        "Your request was sent and registered",
        number.as_str(),
        "Registered",
        "Due",
        "15 calendar days",
        "Submitted and registered",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!p.links("/requests/").contains(&format!("/requests/{id}/edit")), "a sent request is not editable");
}

async fn a_refused_draft_keeps_the_typed_text_and_stores_nothing(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let provider = app.agency_id("GFSS").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    b.get("/requests/new").await;
    // No subject to speak of.
    let r = b
        .post(
            "/requests/new",
            &[("agency_id", &mtszn.to_string()), ("language", "ru"), ("subject", "Ой"), ("questions_md", QUESTIONS)],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.text().contains("Must have at least 5 characters"), "{}", r.text());
    assert!(r.text().contains("Сколько пособий на погребение назначено"), "the questions are kept");
    assert!(r.html.contains(&format!("<option value=\"{mtszn}\" selected>")), "the agency is kept");
    // No agency chosen.
    let r = b
        .post(
            "/requests/new",
            &[("agency_id", ""), ("language", "ru"), ("subject", "Пособия"), ("questions_md", QUESTIONS)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("This field is required"), "{}", r.text());
    assert!(r.html.contains("value=\"Пособия\""), "the subject is kept");
    // A body the law does not let monitoring ask (not offered; a forged choice).
    let r = b
        .post(
            "/requests/new",
            &[
                ("agency_id", &provider.to_string()),
                ("language", "ru"),
                ("subject", "Пособия"),
                ("questions_md", QUESTIONS),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("This body cannot be asked"), "{}", r.text());
    assert!(r.text().contains("Сколько пособий"), "kept");
    // An organisation the person is not a member of.
    let (founder, _) = app.citizen("ngo@example.kz").await;
    let org = app.organization(&founder, "Адал Қоғам", "040840001231").await;
    let r = b
        .post(
            "/requests/new",
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Пособия на погребение"),
                ("questions_md", QUESTIONS),
                ("organization_id", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.html.contains("role=\"alert\"") && r.text().contains("Сколько пособий"), "{}", r.text());
    // A stale form: the CSRF token does not match.
    let r = b
        .post(
            "/requests/new",
            &[
                ("csrf_token", "forged"),
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Пособия на погребение"),
                ("questions_md", QUESTIONS),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("Сколько пособий"), "kept");
    assert!(my_requests(&app, &token).await.is_empty(), "nothing stored");
}

async fn an_ngo_member_files_in_the_name_of_their_organisation_for_their_campaign(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let org = app.organization(&token, "Адал Қоғам", "040840001231").await;
    let campaign = app
        .post_as(
            &token,
            "/api/v1/campaigns",
            json!({"basis": "own_initiative", "title_ru": "Мониторинг пособий", "organization_id": org,
                   "methodology_md": "Запросы и наблюдения в отделах занятости и соцпрограмм.",
                   "period_from": "2026-09-01", "period_to": "2026-12-31"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    // A draft campaign is not public: it is not offered.
    let p = b.get("/requests/new").await;
    assert!(p.html.contains(&format!("<option value=\"{org}\">")), "my organisation is offered");
    assert!(!p.html.contains(&format!("<option value=\"{campaign}\">Мониторинг")), "a draft campaign is not");
    app.post_as(&token, &format!("/api/v1/campaigns/{campaign}/activate"), json!({})).await.ok(200);
    let p = b.get("/requests/new").await;
    assert!(p.html.contains(&format!("<option value=\"{campaign}\">Мониторинг пособий</option>")), "{}", p.html);
    let r = b
        .post(
            "/requests/new",
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Пособия на погребение"),
                ("questions_md", QUESTIONS),
                ("organization_id", &org.to_string()),
                ("campaign_id", &campaign.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let v = &my_requests(&app, &token).await[0];
    assert_eq!(v["organization_id"], org);
    assert_eq!(v["requester"], "Адал Қоғам");
    assert_eq!(v["campaign_id"], campaign);
}

async fn sending_needs_the_check_and_both_statements(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let id = draft(&app, &token, mtszn, "Пособия на погребение").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    let page = format!("/requests/{id}/check");
    let p = b.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("No check has been run on this text yet"), "{}", p.text());
    assert!(!p.html.contains("name=\"none_answers\""), "no send form before the check");
    // A forged send without the check.
    let r = b.post(&format!("/requests/{id}/submit"), &[("none_answers", "yes"), ("no_secrets", "yes")]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.text().contains("Check what is published first"), "{}", r.text());
    assert!(r.text().contains("run the check on this page"), "what to do on the page: {}", r.text());
    assert!(!r.text().contains("/api/v1"), "never an API path: {}", r.text());
    assert_eq!(stored(&app, &token, id).await["state"], "draft");
    // The check, then a send without the statements.
    let r = b.post(&page, &[]).await;
    assert_eq!((r.status, r.location()), (303, page.as_str()));
    let p = b.get(&page).await;
    assert!(p.html.contains("name=\"none_answers\""), "{}", p.text());
    let r = b.post(&format!("/requests/{id}/submit"), &[("no_secrets", "yes")]).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Tick this statement to send the request"), "{}", r.text());
    assert!(r.html.contains("id=\"no_secrets\" name=\"no_secrets\" value=\"yes\" checked"), "the tick is kept");
    assert_eq!(stored(&app, &token, id).await["state"], "draft");
    // The text changes after the check: the check is stale.
    app.patch_as(&token, &format!("/api/v1/requests/{id}"), json!({"subject": "Пособия на погребение, 2025"}))
        .await
        .ok(200);
    let p = b.get(&page).await;
    assert!(p.text().contains("The request changed after the last check"), "{}", p.text());
    let r = b.post(&format!("/requests/{id}/submit"), &[("none_answers", "yes"), ("no_secrets", "yes")]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("The check is out of date"), "{}", r.text());
    assert_eq!(stored(&app, &token, id).await["state"], "draft");
}

async fn drafts_are_edited_and_deleted_by_their_author_only(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let id = draft(&app, &token, mtszn, "Пособия на погребение").await;
    let kept = draft(&app, &token, mtszn, "Второй черновик").await;
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    let p = b.get(&format!("/requests/{id}")).await;
    assert!(p.links("/requests/").contains(&format!("/requests/{id}/edit")), "the author may edit");
    let p = b.get(&format!("/requests/{id}/edit")).await;
    assert_eq!(p.status, 200);
    assert!(p.html.contains("value=\"Пособия на погребение\""));
    let r = b
        .post(
            &format!("/requests/{id}/edit"),
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "kk"),
                ("subject", "Жерлеу жәрдемақысы"),
                ("questions_md", QUESTIONS),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, format!("/requests/{id}/check").as_str()), "{}", r.text());
    let v = stored(&app, &token, id).await;
    assert_eq!((v["subject"].as_str(), v["language"].as_str()), (Some("Жерлеу жәрдемақысы"), Some("kk")));
    assert_eq!(v["published_check"]["stale"], false, "checked again on the new text");
    // A refused edit keeps the text and changes nothing.
    let r = b
        .post(
            &format!("/requests/{id}/edit"),
            &[("agency_id", &mtszn.to_string()), ("language", "kk"), ("subject", "Жерлеу"), ("questions_md", "Қысқа")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.html.contains("value=\"Жерлеу\"") && r.text().contains("Қысқа"), "{}", r.text());
    assert_eq!(stored(&app, &token, id).await["subject"], "Жерлеу жәрдемақысы");
    // Somebody else: neither reads, edits nor deletes it.
    app.citizen("b@example.kz").await;
    let mut other = Browser::new(&app);
    other.sign_in("b@example.kz", PASSWORD).await;
    assert_eq!(other.get(&format!("/requests/{id}/edit")).await.status, 404);
    other.get("/me").await;
    let r = other
        .post(
            &format!("/requests/{id}/edit"),
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Чужая правка"),
                ("questions_md", QUESTIONS),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    let r = other.post(&format!("/requests/{id}/delete"), &[]).await;
    assert_eq!(r.status, 403);
    let v = stored(&app, &token, id).await;
    assert_eq!(v["subject"], "Жерлеу жәрдемақысы", "unchanged");
    // The author deletes it; the other draft stays.
    b.get(&format!("/requests/{id}")).await;
    let r = b.post(&format!("/requests/{id}/delete"), &[]).await;
    assert_eq!((r.status, r.location()), (303, "/me"));
    let ids: Vec<i64> = my_requests(&app, &token).await.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![kept]);
    assert_eq!(b.get(&format!("/requests/{id}")).await.status, 404);
    // A sent request is neither editable nor deletable.
    let sent = submitted(&app, &token, mtszn, "Отправленный запрос").await;
    let p = b.get(&format!("/requests/{sent}")).await;
    assert!(!p.links("/requests/").contains(&format!("/requests/{sent}/edit")));
    assert!(
        !p.html.contains(&format!("/requests/{sent}/delete"))
            && !p.html.contains(&format!("&#x2f;requests&#x2f;{sent}&#x2f;delete"))
    );
    let r = b.get(&format!("/requests/{sent}/edit")).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("The request can no longer be edited"), "{}", r.text());
    b.get("/me").await;
    let r = b
        .post(
            &format!("/requests/{sent}/edit"),
            &[
                ("agency_id", &mtszn.to_string()),
                ("language", "ru"),
                ("subject", "Правка после отправки"),
                ("questions_md", QUESTIONS),
            ],
        )
        .await;
    assert_eq!(r.status, 409);
    let r = b.post(&format!("/requests/{sent}/delete"), &[]).await;
    assert_eq!(r.status, 409);
    let v = stored(&app, &token, sent).await;
    assert_eq!((v["subject"].as_str(), v["state"].as_str()), (Some("Отправленный запрос"), Some("submitted")));
}

async fn the_request_pages_render_in_three_languages(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let id = draft(&app, &token, mtszn, "Пособия на погребение").await;
    app.post_as(&token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    let mut b = Browser::new(&app);
    b.sign_in("a@example.kz", PASSWORD).await;
    for lang in ["kk", "ru", "en"] {
        for path in ["/requests/new".to_string(), format!("/requests/{id}/edit"), format!("/requests/{id}/check")] {
            let p = b.get_with(&path, &[("accept-language", lang)]).await;
            assert_eq!(p.status, 200, "{lang} {path}: {}", p.text());
            assert!(p.html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(!p.text().contains("web."), "an untranslated key on {path} in {lang}: {}", p.text());
            assert_eq!(p.html.matches("<h1").count(), 1);
            assert!(!p.html.contains(" style="));
            assert!(p.html.len() < 100_000, "{path}: {} bytes", p.html.len());
        }
    }
}

crate::on_both_databases!(
    a_citizen_writes_checks_and_sends_a_request_through_the_pages,
    a_refused_draft_keeps_the_typed_text_and_stores_nothing,
    an_ngo_member_files_in_the_name_of_their_organisation_for_their_campaign,
    sending_needs_the_check_and_both_statements,
    drafts_are_edited_and_deleted_by_their_author_only,
    the_request_pages_render_in_three_languages,
);
