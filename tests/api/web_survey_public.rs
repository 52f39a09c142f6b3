//! The public survey without an account (issue 21, flow 4): a campaign opens its survey to anyone
//! (`open_survey`), who then answers through `POST /api/v1/campaigns/{id}/survey` or the page
//! `/campaigns/{id}/survey`; refused on a survey not open to the public, beyond the per-address
//! daily limit, with a required answer missing or a forged CSRF token, and nothing stored then.
use chrono::Duration;
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

const PASSWORD: &str = "correct horse battery";
const METHOD: &str = "Наблюдатели посещают отделы ЗАГС и ЦОН, **фиксируют** ожидание и нарушения.";

/// An active campaign with a questionnaire; `extra` goes into the create body. Its id.
async fn running(app: &TestApp, token: &str, extra: Value) -> i64 {
    let mut body = json!({
        "basis": "own_initiative",
        "title_ru": "Качество услуг ЗАГС",
        "methodology_md": METHOD,
        "period_from": "2026-09-01",
        "period_to": "2026-12-31",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let id = app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    app.put_as(
        token,
        &format!("/api/v1/campaigns/{id}/questionnaire"),
        json!({"questions": [
            {"key": "sat", "kind": "scale", "required": true, "text_ru": "Насколько вы довольны?"},
            {"key": "channel", "kind": "single_choice", "required": true, "text_ru": "Как вы обратились?",
             "options": [{"key": "office", "text_ru": "В офисе"}, {"key": "egov", "text_ru": "Через eGov"}]},
            {"key": "note", "kind": "free_text", "text_ru": "Что ещё вы хотите сказать?"},
        ]}),
    )
    .await
    .ok(200);
    app.post_as(token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    id
}

async fn responses(app: &TestApp, id: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/campaigns/{id}/responses")).await.ok(200)["items"].as_array().unwrap().clone()
}

async fn anyone_answers_an_open_survey_within_the_daily_limit(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = running(&app, &token, json!({"open_survey": true})).await;
    let view = app.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(view.ok(200)["open_survey"], true);
    let api = format!("/api/v1/campaigns/{id}/survey");

    // The API without a token: a required answer missing is refused, nothing stored.
    let r = app.post(&api, json!({"answers": {"channel": "office"}})).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/answers/sat");
    assert!(responses(&app, id).await.is_empty());
    let r = app.post(&api, json!({"answers": {"sat": 4, "channel": "office"}})).await;
    assert_eq!(r.ok(201)["answers"], json!({"sat": 4, "channel": "office"}));
    assert_eq!(responses(&app, id).await.len(), 1);

    // The page, signed out: the form, with the word that answers are anonymous.
    let mut anon = Browser::new(&app);
    let p = anon.get(&format!("/campaigns/{id}/survey")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.html.contains("name=\"a-sat\""), "the form is offered to anyone");
    assert!(p.text().contains("you need no account"), "{}", p.text());
    // A required answer missing: 422, the message beside the question, the answers kept.
    let r = anon.post(&format!("/campaigns/{id}/survey"), &[("a-channel", "egov"), ("a-note", "Очередь на час")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("id=\"q-sat-error\"") && !r.html.contains("id=\"q-channel-error\""));
    assert!(r.html.contains("value=\"egov\" checked") && r.html.contains("Очередь на час"), "answers kept");
    assert_eq!(responses(&app, id).await.len(), 1, "nothing stored");
    // A forged CSRF token: refused, nothing stored.
    let r = anon
        .post(&format!("/campaigns/{id}/survey"), &[("csrf_token", "forged"), ("a-sat", "5"), ("a-channel", "egov")])
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(responses(&app, id).await.len(), 1, "nothing stored");
    let r = anon.post(&format!("/campaigns/{id}/survey"), &[("a-sat", "5"), ("a-channel", "egov")]).await;
    assert_eq!((r.status, r.location()), (303, format!("/campaigns/{id}/survey/thanks").as_str()), "{}", r.text());
    let p = anon.get(r.location()).await;
    assert!(p.html.contains("role=\"status\"") && p.text().contains("Your answers are recorded"), "{}", p.text());
    assert_eq!(responses(&app, id).await.len(), 2);

    // The third from this address today is taken, the fourth is refused (page and API).
    app.post(&api, json!({"answers": {"sat": 3, "channel": "egov"}})).await.ok(201);
    anon.get(&format!("/campaigns/{id}/survey")).await;
    let r = anon
        .post(&format!("/campaigns/{id}/survey"), &[("a-sat", "1"), ("a-channel", "office"), ("a-note", "Ещё раз")])
        .await;
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.html.contains("role=\"alert\"") && r.text().contains("At most 3 answers"), "{}", r.text());
    assert!(r.html.contains("value=\"office\" checked") && r.html.contains("Ещё раз"), "answers kept");
    let r = app.post(&api, json!({"answers": {"sat": 3, "channel": "egov"}})).await;
    r.problem(429, "survey_limit_reached");
    assert_eq!(responses(&app, id).await.len(), 3, "nothing stored beyond the limit");
    // The stored rows keep a hash of the address, never the address.
    let stored = responses(&app, id).await;
    assert!(stored.iter().all(|s| !s.to_string().contains("unknown") && s.get("client_hash").is_none()));
    // The next day the address may answer again.
    app.clock.set(crate::helpers::start_time() + Duration::days(1));
    app.post(&api, json!({"answers": {"sat": 5, "channel": "egov"}})).await.ok(201);
    assert_eq!(responses(&app, id).await.len(), 4);
}

async fn a_survey_not_open_to_the_public_takes_no_anonymous_answers(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = running(&app, &token, json!({})).await;
    assert_eq!(app.get(&format!("/api/v1/campaigns/{id}")).await.ok(200)["open_survey"], false);
    let api = format!("/api/v1/campaigns/{id}/survey");
    let answer = json!({"answers": {"sat": 4, "channel": "office"}});
    app.post(&api, answer.clone()).await.problem(403, "survey_not_open");
    let mut anon = Browser::new(&app);
    let p = anon.get(&format!("/campaigns/{id}/survey")).await;
    assert_eq!(p.status, 200);
    assert!(!p.html.contains("name=\"a-sat\""), "no form");
    let r = anon.post(&format!("/campaigns/{id}/survey"), &[("a-sat", "5"), ("a-channel", "office")]).await;
    assert_eq!((r.status, r.location()), (303, format!("/sign-in?next=%2Fcampaigns%2F{id}%2Fsurvey").as_str()));
    assert!(responses(&app, id).await.is_empty(), "nothing stored");

    // The owner opens it through the API; then anyone may answer.
    let r = app.patch_as(&token, &format!("/api/v1/campaigns/{id}"), json!({"open_survey": true})).await;
    assert_eq!(r.ok(200)["open_survey"], true);
    app.post(&api, answer.clone()).await.ok(201);
    assert_eq!(responses(&app, id).await.len(), 1);

    // A draft is not found, a completed campaign takes no answers.
    let draft = app
        .post_as(
            &token,
            "/api/v1/campaigns",
            json!({"basis": "own_initiative", "title_ru": "Черновик", "methodology_md": METHOD,
                   "period_from": "2026-09-01", "period_to": "2026-12-31", "open_survey": true}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.post(&format!("/api/v1/campaigns/{draft}/survey"), answer.clone()).await.problem(404, "resource_not_found");
    app.post_as(&token, &format!("/api/v1/campaigns/{id}/complete"), json!({})).await.ok(200);
    app.post(&api, answer.clone()).await.problem(409, "campaign_read_only");
    assert_eq!(responses(&app, id).await.len(), 1);
}

async fn the_campaign_form_opens_and_closes_the_survey(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = app
        .post_as(
            &token,
            "/api/v1/campaigns",
            json!({"basis": "own_initiative", "title_ru": "Качество услуг ЗАГС", "methodology_md": METHOD,
                   "period_from": "2026-09-01", "period_to": "2026-12-31"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    let p = b.get(&format!("/campaigns/{id}/edit")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(
        p.html.contains("name=\"open_survey\"") && !p.html.contains("aria-describedby=\"open-survey-hint\" checked")
    );
    assert!(p.text().contains("cannot be checked"), "the hint says what it means");
    let form = [
        ("basis", "own_initiative"),
        ("order_reference", ""),
        ("order_date", ""),
        ("order_customer_id", ""),
        ("title_kk", ""),
        ("title_ru", "Качество услуг ЗАГС"),
        ("summary_kk", ""),
        ("summary_ru", ""),
        ("period_from", "2026-09-01"),
        ("period_to", "2026-12-31"),
        ("methodology_md", METHOD),
        ("open_survey", "1"),
        ("save", "1"),
    ];
    let r = b.post(&format!("/campaigns/{id}/edit"), &form).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(app.get_as(&token, &format!("/api/v1/campaigns/{id}")).await.ok(200)["open_survey"], true);
    let p = b.get(&format!("/campaigns/{id}/edit")).await;
    assert!(p.html.contains("aria-describedby=\"open-survey-hint\" checked"), "shown as stored");
    // Unticked, it closes again.
    let unticked: Vec<(&str, &str)> = form.iter().copied().filter(|(k, _)| *k != "open_survey").collect();
    let r = b.post(&format!("/campaigns/{id}/edit"), &unticked).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(app.get_as(&token, &format!("/api/v1/campaigns/{id}")).await.ok(200)["open_survey"], false);
}

crate::on_both_databases!(
    anyone_answers_an_open_survey_within_the_daily_limit,
    a_survey_not_open_to_the_public_takes_no_anonymous_answers,
    the_campaign_form_opens_and_closes_the_survey,
);
