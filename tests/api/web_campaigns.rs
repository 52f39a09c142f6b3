//! A monitoring campaign's pages (Law Art. 29 p.1, Art. 26) and its survey: starting and editing
//! a campaign, the questionnaire builder, activation, completion and archiving behind their
//! confirm steps, the team, and recording survey answers; every refusal beside its form with the
//! typed text kept and nothing stored.
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

const PASSWORD: &str = "correct horse battery";
const BIN: &str = "040840001231";
const METHOD: &str = "Наблюдатели посещают отделы ЗАГС и ЦОН, **фиксируют** ожидание и нарушения.";

/// The form of a new campaign, on the person's own initiative.
fn new_campaign<'a>(title_ru: &'a str, methodology: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("basis", "own_initiative"),
        ("order_reference", ""),
        ("order_date", ""),
        ("order_customer_id", ""),
        ("title_kk", ""),
        ("title_ru", title_ru),
        ("summary_kk", ""),
        ("summary_ru", ""),
        ("period_from", "2026-12-01"),
        ("period_to", "2027-02-28"),
        ("regions", "110000000"),
        ("regions", "750000000"),
        ("methodology_md", methodology),
    ]
}

async fn my_campaigns(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_as(token, "/api/v1/me/campaigns").await.ok(200)["items"].as_array().unwrap().clone()
}

async fn questions(app: &TestApp, id: i64) -> Vec<Value> {
    let token = app.login("owner@example.kz").await;
    app.get_as(&token, &format!("/api/v1/campaigns/{id}/questionnaire")).await.ok(200)["questions"]
        .as_array()
        .unwrap()
        .clone()
}

/// A draft through the API, on the person's own initiative: its id.
async fn draft(app: &TestApp, token: &str, extra: Value) -> i64 {
    let mut body = json!({
        "basis": "own_initiative",
        "title_ru": "Качество услуг ЗАГС в Акмолинской области",
        "methodology_md": METHOD,
        "period_from": "2026-09-01",
        "period_to": "2026-12-31",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap()
}

/// A draft with a two-question questionnaire, activated: its id.
async fn running(app: &TestApp, token: &str) -> i64 {
    let id = draft(app, token, json!({})).await;
    app.put_as(
        token,
        &format!("/api/v1/campaigns/{id}/questionnaire"),
        json!({"questions": [
            {"key": "sat", "kind": "scale", "required": true, "text_ru": "Насколько вы довольны?", "text_kk": "Қаншалықты ризасыз?"},
            {"key": "channel", "kind": "single_choice", "required": true, "text_ru": "Как вы обратились?",
             "options": [{"key": "office", "text_ru": "В офисе"}, {"key": "egov", "text_ru": "Через eGov"}]},
            {"key": "problems", "kind": "multiple_choice", "text_ru": "Какие были проблемы?",
             "options": [{"key": "queue", "text_ru": "Очередь"}, {"key": "fee", "text_ru": "Поборы"}]},
            {"key": "minutes", "kind": "number", "text_ru": "Сколько минут вы ждали?"},
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

async fn a_person_starts_edits_and_runs_a_campaign_through_the_pages(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let mut b = Browser::new(&app);
    let r = b.get("/campaigns/new").await;
    assert_eq!((r.status, r.location()), (303, "/sign-in?next=%2Fcampaigns%2Fnew"));
    b.sign_in("owner@example.kz", PASSWORD).await;
    let me = b.get("/me").await;
    assert!(me.links("/campaigns/new").contains(&"/campaigns/new".to_string()), "my page offers a campaign");
    let p = b.get("/campaigns/new").await;
    assert_eq!(p.status, 200, "{}", p.text());
    let customer = app.agency_id("ASDGS").await;
    assert!(p.html.contains(&format!("<option value=\"{customer}\"")), "the authorized body is offered");
    assert!(p.html.contains("value=\"110000000\""), "regions as checkboxes");
    // Preview renders the methodology on the server and stores nothing.
    let mut form = new_campaign("Качество услуг ЗАГС", METHOD);
    form.push(("preview", "1"));
    let r = b.post("/campaigns/new", &form).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.html.contains("<strong>фиксируют</strong>"), "the preview is rendered Markdown");
    assert!(r.html.contains("Качество услуг ЗАГС"), "the typed title is kept");
    assert!(my_campaigns(&app, &token).await.is_empty(), "a preview stores nothing");
    let r = b.post("/campaigns/new", &new_campaign("Качество услуг ЗАГС", METHOD)).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let mine = my_campaigns(&app, &token).await;
    assert_eq!(mine.len(), 1);
    let id = mine[0]["id"].as_i64().unwrap();
    assert_eq!(r.location(), format!("/campaigns/{id}/edit?done=created"));
    assert_eq!(mine[0]["state"], "draft");
    assert_eq!(mine[0]["regions"], json!(["110000000", "750000000"]));
    assert_eq!(mine[0]["methodology_md"], METHOD);
    let p = b.get(r.location()).await;
    assert_eq!(p.status, 200);
    assert!(p.html.contains("role=\"status\"") && p.text().contains("saved as a draft"), "{}", p.text());
    assert!(p.html.contains("Качество услуг ЗАГС"));
    let me = b.get("/me").await;
    assert!(me.links("/campaigns/").contains(&format!("/campaigns/{id}/edit")), "my draft opens for editing");

    // Edit: the title, the basis (a state social order with all it names), a service in scope.
    let service = app.get("/api/v1/services?q=ZAGS-01").await.ok(200)["items"][0]["id"].as_i64().unwrap();
    let (customer_s, service_s) = (customer.to_string(), service.to_string());
    let mut form = new_campaign("Качество услуг ЗАГС в Акмолинской области", METHOD);
    form.retain(|(k, _)| !k.starts_with("order") && *k != "basis");
    form.extend([
        ("basis", "state_social_order"),
        ("order_reference", "ГСЗ-17/2026"),
        ("order_date", "2026-11-20"),
        ("order_customer_id", customer_s.as_str()),
        ("service_ids", service_s.as_str()),
    ]);
    let r = b.post(&format!("/campaigns/{id}/edit"), &form).await;
    assert_eq!((r.status, r.location()), (303, format!("/campaigns/{id}/edit?done=saved").as_str()), "{}", r.text());
    let v = &my_campaigns(&app, &token).await[0];
    assert_eq!(v["title_ru"], "Качество услуг ЗАГС в Акмолинской области");
    assert_eq!(v["basis"], "state_social_order");
    assert_eq!(v["order"]["reference"], "ГСЗ-17/2026");
    assert_eq!(v["order"]["customer_id"], customer);
    assert_eq!(v["service_ids"], json!([service]));

    // The questionnaire: two questions, then reordered, then one removed and added again.
    let p = b.get(&format!("/campaigns/{id}/questionnaire")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    let builder = [
        ("count", "2"),
        ("q-0-text_kk", "Қаншалықты ризасыз?"),
        ("q-0-text_ru", "Насколько вы довольны?"),
        ("q-0-kind", "scale"),
        ("q-0-required", "1"),
        ("q-0-options", ""),
        ("q-0-key", "sat"),
        ("q-1-text_kk", ""),
        ("q-1-text_ru", "Как вы обратились?"),
        ("q-1-kind", "single_choice"),
        ("q-1-options", "Кеңсеге барып | В офисе\negov | eGov арқылы | Через eGov"),
        ("q-1-key", ""),
        ("action", "save"),
    ];
    let r = b.post(&format!("/campaigns/{id}/questionnaire"), &builder).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let qs = questions(&app, id).await;
    assert_eq!(qs.len(), 2);
    assert_eq!(
        (qs[0]["key"].as_str(), qs[0]["kind"].as_str(), qs[0]["required"].as_bool()),
        (Some("sat"), Some("scale"), Some(true))
    );
    assert_eq!(qs[1]["key"], "q2", "a blank key is numbered");
    assert_eq!(qs[1]["options"][0], json!({"key": "o1", "text_kk": "Кеңсеге барып", "text_ru": "В офисе"}));
    assert_eq!(qs[1]["options"][1], json!({"key": "egov", "text_kk": "eGov арқылы", "text_ru": "Через eGov"}));
    let p = b.get(&format!("/campaigns/{id}/questionnaire?done=questionnaire")).await;
    assert!(p.html.contains("role=\"status\""));
    assert!(p.html.contains("egov | eGov арқылы | Через eGov"), "the options, as typed back");
    let mut moved: Vec<(&str, &str)> = builder.to_vec();
    moved.retain(|(k, _)| *k != "action");
    moved.push(("action", "down-0"));
    b.post(&format!("/campaigns/{id}/questionnaire"), &moved).await;
    let keys: Vec<Value> = questions(&app, id).await.iter().map(|q| q["key"].clone()).collect();
    assert_eq!(keys, vec![json!("q1"), json!("sat")], "moved down, and numbered by the new order");
    b.get(&format!("/campaigns/{id}/questionnaire")).await;
    let r = b.post(&format!("/campaigns/{id}/questionnaire"), &builder).await;
    assert_eq!(r.status, 303);

    // Activate behind its confirm step, which says what it freezes.
    let edit = b.get(&format!("/campaigns/{id}/edit")).await;
    assert!(edit.links("/campaigns/").contains(&format!("/campaigns/{id}/state/activate")));
    assert!(!edit.links("/campaigns/").contains(&format!("/campaigns/{id}/state/complete")), "not from a draft");
    let p = b.get(&format!("/campaigns/{id}/state/activate")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.text().contains("the questionnaire is fixed"), "{}", p.text());
    let r = b.post(&format!("/campaigns/{id}/state/activate"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("/campaigns/{id}?done=activate").as_str()), "{}", r.text());
    assert_eq!(my_campaigns(&app, &token).await[0]["state"], "active");
    let p = b.get(r.location()).await;
    assert!(p.text().contains("The campaign is active"), "{}", p.text());
    assert!(p.links("/campaigns/").contains(&format!("/campaigns/{id}/survey")), "the survey, linked");
    let q = b.get(&format!("/campaigns/{id}/questionnaire")).await;
    assert!(!q.html.contains("name=\"action\""), "a fixed questionnaire offers no change");

    // Complete, then archive.
    let p = b.get(&format!("/campaigns/{id}/state/complete")).await;
    assert!(p.text().contains("no new answers are taken"), "{}", p.text());
    let r = b.post(&format!("/campaigns/{id}/state/complete"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let p = b.get(&format!("/campaigns/{id}")).await;
    assert!(!p.links("/campaigns/").contains(&format!("/campaigns/{id}/edit")), "a completed campaign is not edited");
    assert!(!p.links("/campaigns/").contains(&format!("/campaigns/{id}/survey")));
    b.get(&format!("/campaigns/{id}/state/archive")).await;
    let r = b.post(&format!("/campaigns/{id}/state/archive"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(my_campaigns(&app, &token).await[0]["state"], "archived");
    let r = b.get(&format!("/campaigns/{id}/edit")).await;
    assert_eq!(r.status, 409, "an archived campaign does not open for editing");
}

async fn refused_campaign_forms_keep_the_typed_text_and_store_nothing(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    b.get("/campaigns/new").await;
    // Required fields missing: no title, a methodology too short, no period.
    let mut form = new_campaign("", "Коротко");
    form.retain(|(k, _)| !k.starts_with("period") && *k != "summary_ru");
    form.extend([("period_from", ""), ("period_to", ""), ("summary_ru", "Сводка, которую я набрал")]);
    let r = b.post("/campaigns/new", &form).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    let text = r.text();
    assert!(text.contains("This field is required"), "{text}");
    assert!(r.html.contains("Сводка, которую я набрал") && r.html.contains("Коротко"), "typed text kept");
    let r = b
        .post("/campaigns/new", &{
            let mut f = new_campaign("", "Коротко");
            f.retain(|(k, _)| *k != "summary_ru");
            f.push(("summary_ru", "Сводка"));
            f
        })
        .await;
    assert_eq!(r.status, 422);
    let text = r.text();
    assert!(text.contains("Write it in Kazakh, in Russian or in both"), "{text}");
    assert!(text.contains("at least 20 characters"), "{text}");
    assert!(my_campaigns(&app, &token).await.is_empty(), "nothing stored");

    // A state social order without its reference (nor date, nor customer).
    let mut form = new_campaign("Мониторинг по заказу", METHOD);
    form.retain(|(k, _)| *k != "basis");
    form.push(("basis", "state_social_order"));
    let r = b.post("/campaigns/new", &form).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("give its reference, date and customer"), "{}", r.text());
    assert!(r.html.contains("id=\"order_reference-error\""), "beside the field");
    assert!(r.html.contains("Мониторинг по заказу"));
    assert!(r.html.contains("value=\"state_social_order\" checked"), "the chosen basis kept");
    assert!(my_campaigns(&app, &token).await.is_empty(), "nothing stored");

    // A stale form (no CSRF token) is refused and acts on nothing.
    let id = draft(&app, &token, json!({})).await;
    b.csrf = Some("forged".into());
    let r = b.post(&format!("/campaigns/{id}/edit"), &new_campaign("Подделка", METHOD)).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_ne!(my_campaigns(&app, &token).await[0]["title_ru"], "Подделка");

    // A questionnaire edited after activation: 409, nothing changed, the typed questions kept.
    app.put_as(
        &token,
        &format!("/api/v1/campaigns/{id}/questionnaire"),
        json!({"questions": [{"key": "sat", "kind": "scale", "text_ru": "Насколько вы довольны?"}]}),
    )
    .await
    .ok(200);
    let p = b.get(&format!("/campaigns/{id}/questionnaire")).await;
    assert_eq!(p.status, 200);
    app.post_as(&token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    let r = b
        .post(
            &format!("/campaigns/{id}/questionnaire"),
            &[
                ("count", "1"),
                ("q-0-text_ru", "Новый вопрос после запуска"),
                ("q-0-kind", "free_text"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("questionnaire is fixed"), "{}", r.text());
    let qs = questions(&app, id).await;
    assert_eq!((qs.len(), qs[0]["key"].as_str()), (1, Some("sat")), "nothing changed");

    // A question refused on its own: the message beside that question.
    let other = draft(&app, &token, json!({})).await;
    b.get(&format!("/campaigns/{other}/questionnaire")).await;
    let r = b
        .post(
            &format!("/campaigns/{other}/questionnaire"),
            &[
                ("count", "2"),
                ("q-0-text_ru", "Насколько вы довольны?"),
                ("q-0-kind", "scale"),
                ("q-1-text_ru", "Как вы обратились?"),
                ("q-1-kind", "single_choice"),
                ("q-1-options", "Только один вариант"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("id=\"q-1-error\"") && !r.html.contains("id=\"q-0-error\""), "beside question 2");
    assert!(r.text().contains("A choice question needs 2 to 50 options"), "{}", r.text());
    assert!(r.html.contains("Только один вариант"), "typed options kept");
    assert!(questions(&app, other).await.is_empty(), "nothing stored");
}

async fn a_non_member_s_forged_posts_change_nothing(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = draft(&app, &token, json!({})).await;
    let (_, _) = app.citizen("stranger@example.kz").await;
    let mut b = Browser::new(&app);
    b.sign_in("stranger@example.kz", PASSWORD).await;
    // A draft of another team does not exist for the stranger.
    assert_eq!(b.get(&format!("/campaigns/{id}/edit")).await.status, 404);
    assert_eq!(b.get(&format!("/campaigns/{id}/questionnaire")).await.status, 404);
    b.get("/campaigns/new").await;
    let r = b.post(&format!("/campaigns/{id}/edit"), &new_campaign("Захват", METHOD)).await;
    assert_eq!(r.status, 404, "{}", r.text());
    let r = b
        .post(
            &format!("/campaigns/{id}/questionnaire"),
            &[("count", "1"), ("q-0-text_ru", "Чужой вопрос"), ("q-0-kind", "free_text"), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = b.post(&format!("/campaigns/{id}/state/activate"), &[]).await;
    assert_eq!(r.status, 404);
    let v = &my_campaigns(&app, &token).await[0];
    assert_eq!(
        (v["title_ru"].as_str(), v["state"].as_str()),
        (Some("Качество услуг ЗАГС в Акмолинской области"), Some("draft"))
    );
    assert!(questions(&app, id).await.is_empty());
    // Once public, the campaign is readable, its working pages still not the stranger's.
    app.post_as(&token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    let p = b.get(&format!("/campaigns/{id}")).await;
    assert_eq!(p.status, 200);
    assert!(!p.links("/campaigns/").contains(&format!("/campaigns/{id}/edit")), "no action offered");
    assert!(!p.links("/campaigns/").iter().any(|l| l.contains("/state/")));
    let r = b.post(&format!("/campaigns/{id}/state/complete"), &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.text().contains("Only the campaign's owner can do this"), "{}", r.text());
    let r = b.post(&format!("/campaigns/{id}/edit"), &new_campaign("Захват", METHOD)).await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("Not on the campaign's team"), "{}", r.text());
    let v = &my_campaigns(&app, &token).await[0];
    assert_eq!(
        (v["title_ru"].as_str(), v["state"].as_str()),
        (Some("Качество услуг ЗАГС в Акмолинской области"), Some("active"))
    );
}

/// An NGO whose chair administers it, with `members` accepted: (chair, org, member tokens and ids).
async fn ngo(app: &TestApp, members: &[&str]) -> (String, i64, Vec<(String, i64)>) {
    let (chair, _) = app.citizen("owner@example.kz").await;
    let org = app.organization(&chair, "Адал азамат", BIN).await;
    let mut out = Vec::new();
    for email in members {
        let (token, id) = app.citizen(email).await;
        let inv = app
            .post_as(
                &chair,
                &format!("/api/v1/organizations/{org}/invitations"),
                json!({"email": email, "role": "member"}),
            )
            .await;
        let inv = inv.ok(201)["id"].as_i64().unwrap();
        app.post_as(&token, &format!("/api/v1/invitations/{inv}/accept"), json!({})).await.ok(200);
        out.push((token, id));
    }
    (chair, org, out)
}

async fn team_ids(app: &TestApp, id: i64) -> Vec<i64> {
    let chair = app.login("owner@example.kz").await;
    app.get_as(&chair, &format!("/api/v1/campaigns/{id}/team"))
        .await
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["account_id"].as_i64().unwrap())
        .collect()
}

async fn the_owner_of_an_ngo_campaign_manages_its_team(app: TestApp) {
    app.seed_content().await;
    let (chair, org, members) = ngo(&app, &["volunteer@example.kz", "second@example.kz"]).await;
    let (volunteer, second) = (members[0].1, members[1].1);
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    let p = b.get("/campaigns/new").await;
    assert!(p.html.contains(&format!("<option value=\"{org}\"")), "the NGO is offered");
    let org_s = org.to_string();
    let mut form = new_campaign("Мониторинг ЦОН силами НКО", METHOD);
    form.push(("organization_id", org_s.as_str()));
    let r = b.post("/campaigns/new", &form).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id = my_campaigns(&app, &chair).await[0]["id"].as_i64().unwrap();
    assert_eq!(my_campaigns(&app, &chair).await[0]["organization_id"], org);
    let p = b.get(&format!("/campaigns/{id}/team")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.html.contains(&format!("<option value=\"{volunteer}\"")), "the NGO's members offered");
    let r = b.post(&format!("/campaigns/{id}/team"), &[("account_id", &volunteer.to_string())]).await;
    assert_eq!(
        (r.status, r.location()),
        (303, format!("/campaigns/{id}/team?done=member_added").as_str()),
        "{}",
        r.text()
    );
    assert!(team_ids(&app, id).await.contains(&volunteer));
    let p = b.get(r.location()).await;
    assert!(p.html.contains("role=\"status\""));
    assert!(
        p.html.contains(&format!("/campaigns/{id}/team/{volunteer}/remove").replace('/', "&#x2f;"))
            || p.html.contains(&format!("/campaigns/{id}/team/{volunteer}/remove"))
    );
    // A stranger is refused beside the form (not a member of the NGO), nothing added.
    let (_, stranger) = app.citizen("stranger@example.kz").await;
    let r = b.post(&format!("/campaigns/{id}/team"), &[("account_id", &stranger.to_string())]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("invite them to the NGO first"), "{}", r.text());
    assert!(!team_ids(&app, id).await.contains(&stranger));

    // The member sees the team, without adding or removing, and a forged POST changes nothing.
    let mut m = Browser::new(&app);
    m.sign_in("volunteer@example.kz", PASSWORD).await;
    let p = m.get(&format!("/campaigns/{id}/team")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(
        !p.html.contains("name=\"account_id\"") && !p.html.contains("&#x2f;remove") && !p.html.contains("/remove\""),
        "no team management offered"
    );
    let edit = m.get(&format!("/campaigns/{id}/edit")).await;
    assert_eq!(edit.status, 200, "a team member edits the campaign");
    assert!(!edit.links("/campaigns/").iter().any(|l| l.contains("/state/")), "only the owner steers its state");
    let r = m.post(&format!("/campaigns/{id}/team"), &[("account_id", &second.to_string())]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    let r = m.post(&format!("/campaigns/{id}/state/activate"), &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(!team_ids(&app, id).await.contains(&second));
    assert_eq!(my_campaigns(&app, &chair).await[0]["state"], "draft");

    b.get(&format!("/campaigns/{id}/team")).await;
    let r = b.post(&format!("/campaigns/{id}/team/{volunteer}/remove"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(!team_ids(&app, id).await.contains(&volunteer));
}

async fn the_team_records_survey_answers_and_others_cannot(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = running(&app, &token).await;
    // Signed out: the questions are public, the form is not offered, a forged POST goes to sign in.
    let mut anon = Browser::new(&app);
    let p = anon.get(&format!("/campaigns/{id}")).await;
    assert!(p.links("/campaigns/").contains(&format!("/campaigns/{id}/survey")), "the survey, linked");
    let p = anon.get(&format!("/campaigns/{id}/survey")).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.text().contains("Насколько вы довольны?"));
    assert!(!p.html.contains("name=\"a-sat\""), "no form for someone who may not record answers");
    let r = anon.post(&format!("/campaigns/{id}/survey"), &[("a-sat", "5"), ("a-channel", "office")]).await;
    assert_eq!((r.status, r.location()), (303, format!("/sign-in?next=%2Fcampaigns%2F{id}%2Fsurvey").as_str()));
    assert!(responses(&app, id).await.is_empty());

    // A signed-in stranger is not a collector of this campaign: refused, nothing stored.
    app.citizen("stranger@example.kz").await;
    let mut s = Browser::new(&app);
    s.sign_in("stranger@example.kz", PASSWORD).await;
    let p = s.get(&format!("/campaigns/{id}/survey")).await;
    assert!(!p.html.contains("name=\"a-sat\""));
    let r = s.post(&format!("/campaigns/{id}/survey"), &[("a-sat", "5"), ("a-channel", "office")]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(responses(&app, id).await.is_empty());

    // The team records an anonymous respondent's answers.
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    let p = b.get(&format!("/campaigns/{id}/survey")).await;
    assert_eq!(p.status, 200);
    assert!(p.html.contains("name=\"a-sat\"") && p.html.contains("type=\"checkbox\""), "the form");
    // A required question missing: 422, its message beside it, the answers given kept.
    let r = b
        .post(
            &format!("/campaigns/{id}/survey"),
            &[("a-channel", "egov"), ("a-problems", "fee"), ("a-minutes", "40"), ("a-note", "Долго ждали справку")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("id=\"q-sat-error\"") && !r.html.contains("id=\"q-channel-error\""), "beside the question");
    assert!(r.html.contains("value=\"egov\" checked") && r.html.contains("value=\"fee\" checked"));
    assert!(r.html.contains("value=\"40\"") && r.html.contains("Долго ждали справку"), "typed answers kept");
    assert!(responses(&app, id).await.is_empty(), "nothing stored");
    let r = b
        .post(
            &format!("/campaigns/{id}/survey"),
            &[
                ("a-sat", "2"),
                ("a-channel", "egov"),
                ("a-problems", "fee"),
                ("a-problems", "queue"),
                ("a-minutes", "40,5"),
                ("a-note", "Долго ждали справку"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, format!("/campaigns/{id}/survey/thanks").as_str()), "{}", r.text());
    let stored = responses(&app, id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0]["answers"],
        json!({"sat": 2, "channel": "egov", "problems": ["fee", "queue"], "minutes": 40.5, "note": "Долго ждали справку"})
    );
    let p = b.get(r.location()).await;
    assert!(p.html.contains("role=\"status\"") && p.text().contains("The answers are recorded"));

    // A campaign not running takes no answers: a completed one refuses, a draft does not exist.
    app.post_as(&token, &format!("/api/v1/campaigns/{id}/complete"), json!({})).await.ok(200);
    let r = b.get(&format!("/campaigns/{id}/survey")).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("is not running") || r.text().contains("not running"), "{}", r.text());
    let r = b.post(&format!("/campaigns/{id}/survey"), &[("a-sat", "5"), ("a-channel", "office")]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(responses(&app, id).await.len(), 1);
    let other = draft(&app, &token, json!({})).await;
    assert_eq!(anon.get(&format!("/campaigns/{other}/survey")).await.status, 404);
    let r = b.get(&format!("/campaigns/{other}/survey")).await;
    assert_eq!(r.status, 409, "the team's own draft is not running either");
}

async fn the_campaign_pages_render_in_three_languages(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("owner@example.kz").await;
    let id = running(&app, &token).await;
    let other = draft(&app, &token, json!({})).await;
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    for lang in ["kk", "ru", "en"] {
        for path in [
            "/campaigns/new".to_string(),
            format!("/campaigns/{other}/edit"),
            format!("/campaigns/{other}/team"),
            format!("/campaigns/{other}/questionnaire"),
            format!("/campaigns/{id}/questionnaire"),
            format!("/campaigns/{other}/state/activate"),
            format!("/campaigns/{id}/state/complete"),
            format!("/campaigns/{id}/survey"),
            format!("/campaigns/{id}/survey/thanks"),
            format!("/campaigns/{id}"),
            "/me".to_string(),
        ] {
            let p = b.get_with(&path, &[("accept-language", lang)]).await;
            assert_eq!(p.status, 200, "{lang} {path}: {}", p.text());
            assert!(p.html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(!p.text().contains("web."), "an untranslated key on {path} in {lang}: {}", p.text());
            for prefix in ["monitoring.state", "monitoring.question", "monitoring.basis"] {
                assert!(!p.text().contains(prefix), "an untranslated key on {path} in {lang}: {}", p.text());
            }
            assert_eq!(p.html.matches("<h1").count(), 1, "{path}");
            assert!(!p.html.contains(" style="));
            assert!(p.html.len() < 100_000, "{path}: {} bytes", p.html.len());
        }
    }
}

crate::on_both_databases!(
    a_person_starts_edits_and_runs_a_campaign_through_the_pages,
    refused_campaign_forms_keep_the_typed_text_and_store_nothing,
    a_non_member_s_forged_posts_change_nothing,
    the_owner_of_an_ngo_campaign_manages_its_team,
    the_team_records_survey_answers_and_others_cannot,
    the_campaign_pages_render_in_three_languages,
);
