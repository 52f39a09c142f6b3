//! Public monitoring campaigns (Law Art. 29 p.1) over HTTP: access, the life of a campaign,
//! observations, surveys, personal data and open statistics.
use serde_json::{Value, json};

use crate::helpers::TestApp;

const BIN: &str = "040840001231";
const IIN: &str = "900101300126";
const SECRET_NAME: &str = "Айгерім Құпиябекова";
const SECRET_PHONE: &str = "+7 701 555 12 34";
const HIDDEN_DISPLAY: &str = "Жасырын Ержан";
const HIDDEN_FULL: &str = "Ержан Жасырынбеков";

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

fn campaign_body() -> Value {
    json!({
        "basis": "own_initiative",
        "title_ru": "Качество услуг ЗАГС в Акмолинской области",
        "title_kk": "Ақмола облысындағы АХАЖ қызметтерінің сапасы",
        "methodology_md": "Наблюдатели посещают отделы ЗАГС и ЦОН, фиксируют ожидание и нарушения.",
        "period_from": "2026-09-01",
        "period_to": "2026-11-30",
        "regions": ["110000000"],
    })
}

async fn campaign(app: &TestApp, token: &str, extra: Value) -> i64 {
    let mut body = campaign_body();
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap()
}

struct Obs {
    agency: i64,
    service: i64,
    region: Option<&'static str>,
    channel: &'static str,
    wait: Option<i32>,
    days: Option<i32>,
    outcome: &'static str,
    sat: Option<i32>,
    violations: &'static [&'static str],
}

fn obs_body(o: &Obs) -> Value {
    json!({
        "service_id": o.service, "agency_id": o.agency,
        "region": o.region, "address": o.region.map(|_| "ул. Абая, 10"), "online": o.region.is_none(),
        "observed_on": "2026-10-15", "channel": o.channel, "waiting_minutes": o.wait, "days_taken": o.days,
        "outcome": o.outcome, "satisfaction": o.sat,
        "violations": o.violations.iter().map(|v| json!({"category": v, "note": "Зафиксировано наблюдателем"})).collect::<Vec<_>>(),
    })
}

async fn observe(app: &TestApp, token: &str, campaign: i64, body: Value) -> i64 {
    app.post_as(token, &format!("/api/v1/campaigns/{campaign}/observations"), body).await.ok(201)["id"]
        .as_i64()
        .unwrap()
}

async fn simple_obs(app: &TestApp) -> Value {
    let agency = app.agency_id("MTSZN").await;
    let service = service_id(app, "ZAGS-01").await;
    obs_body(&Obs {
        agency,
        service,
        region: Some("110000000"),
        channel: "provider_office",
        wait: Some(15),
        days: Some(1),
        outcome: "rendered",
        sat: Some(4),
        violations: &[],
    })
}

/// An NGO whose chair is its administrator, with `members` accepted as members: (chair, org, tokens).
async fn ngo(app: &TestApp, members: &[&str]) -> (String, i64, Vec<(String, i64)>) {
    let (chair, _) = app.citizen("chair@ngo.kz").await;
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

async fn a_draft_is_the_teams_alone_until_activated(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let (other, _) = app.citizen("other@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    let path = format!("/api/v1/campaigns/{id}");
    app.get(&path).await.problem(404, "resource_not_found");
    app.get_as(&other, &path).await.problem(404, "resource_not_found");
    app.get(&format!("{path}/observations")).await.problem(404, "resource_not_found");
    app.get(&format!("{path}/statistics")).await.problem(404, "resource_not_found");
    assert_eq!(app.get_as(&owner, &path).await.ok(200)["state"], "draft");
    assert_eq!(app.get("/api/v1/campaigns").await.ok(200)["items"].as_array().unwrap().len(), 0);
    assert_eq!(app.get_as(&owner, "/api/v1/me/campaigns").await.ok(200)["items"][0]["id"], id);
    assert_eq!(app.get_as(&other, "/api/v1/me/campaigns").await.ok(200)["items"].as_array().unwrap().len(), 0);
    // Someone else's edits and transitions look like a missing campaign too.
    app.patch_as(&other, &path, json!({"title_ru": "Чужое название кампании"}))
        .await
        .problem(404, "resource_not_found");
    app.post_as(&other, &format!("{path}/activate"), json!({})).await.problem(404, "resource_not_found");
    let body = simple_obs(&app).await;
    let oid = observe(&app, &owner, id, body).await;

    let r = app.post_as(&owner, &format!("{path}/activate"), json!({})).await;
    assert_eq!(r.ok(200)["state"], "active");
    let c = app.get(&path).await;
    assert_eq!(c.ok(200)["basis"], "own_initiative");
    assert_eq!(app.get("/api/v1/campaigns").await.ok(200)["items"][0]["id"], id);
    assert_eq!(app.get(&format!("{path}/observations/{oid}")).await.ok(200)["outcome"], "rendered");
    // The audit log holds every step.
    let (admin, _) = app.admin("root@example.kz").await;
    let log = app.get_as(&admin, &format!("/api/v1/audit?entity_type=campaign&entity_id={id}")).await;
    let actions: Vec<String> =
        log.ok(200)["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert!(
        actions.contains(&"campaign.create".into()) && actions.contains(&"campaign.activate".into()),
        "{actions:?}"
    );
}

async fn only_the_team_records_and_a_finished_campaign_is_read_only(app: TestApp) {
    app.seed_content().await;
    let (chair, org, members) = ngo(&app, &["volunteer@example.kz", "bystander@example.kz"]).await;
    let (volunteer, volunteer_id) = members[0].clone();
    let (bystander, _) = members[1].clone();
    let (outsider, outsider_id) = app.citizen("outsider@example.kz").await;
    // Only the NGO's administrator starts a campaign in its name.
    let mut body = campaign_body();
    body["organization_id"] = json!(org);
    app.post_as(&volunteer, "/api/v1/campaigns", body.clone()).await.problem(403, "not_organization_admin");
    let id = app.post_as(&chair, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    let path = format!("/api/v1/campaigns/{id}");
    app.post_as(&chair, &format!("{path}/activate"), json!({})).await.ok(200);

    let obs = simple_obs(&app).await;
    let url = format!("{path}/observations");
    app.post_as(&outsider, &url, obs.clone()).await.problem(403, "not_campaign_member");
    app.post_as(&volunteer, &url, obs.clone()).await.problem(403, "not_campaign_member");
    // The team is made of the NGO's members, chosen by its administrator.
    let r = app.post_as(&chair, &format!("{path}/team"), json!({"account_id": outsider_id})).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "not_organization_member");
    app.post_as(&bystander, &format!("{path}/team"), json!({"account_id": volunteer_id}))
        .await
        .problem(403, "not_campaign_owner");
    app.post_as(&chair, &format!("{path}/team"), json!({"account_id": volunteer_id})).await.ok(204);
    let team = app.get(&format!("{path}/team")).await;
    assert_eq!(team.ok(200).as_array().unwrap().len(), 2);
    assert!(!team.text.contains("@example.kz"), "contacts are never published: {}", team.text);
    let oid = observe(&app, &volunteer, id, obs.clone()).await;
    app.post_as(&bystander, &url, obs.clone()).await.problem(403, "not_campaign_member");
    // Members work; the owner steers.
    app.post_as(&volunteer, &format!("{path}/complete"), json!({})).await.problem(403, "not_campaign_owner");
    app.post_as(&chair, &format!("{path}/archive"), json!({})).await.problem(409, "campaign_transition_not_allowed");
    app.post_as(&chair, &format!("{path}/activate"), json!({})).await.problem(409, "campaign_transition_not_allowed");
    app.put_as(&chair, &format!("{path}/questionnaire"), json!({"questions": []}))
        .await
        .problem(409, "questionnaire_frozen");

    let done = app.post_as(&chair, &format!("{path}/complete"), json!({})).await;
    assert_eq!(done.ok(200)["state"], "completed");
    app.post_as(&volunteer, &url, obs.clone()).await.problem(409, "campaign_read_only");
    app.put_as(&volunteer, &format!("{url}/{oid}"), obs.clone()).await.problem(409, "campaign_read_only");
    app.delete_as(&volunteer, &format!("{url}/{oid}")).await.problem(409, "campaign_read_only");
    app.patch_as(&chair, &path, json!({"title_ru": "Новое название кампании"}))
        .await
        .problem(409, "campaign_read_only");
    app.post_as(&chair, &format!("{path}/team"), json!({"account_id": volunteer_id}))
        .await
        .problem(409, "campaign_read_only");
    assert_eq!(app.get(&format!("{url}/{oid}")).await.ok(200)["id"], oid, "nothing was lost");
    assert_eq!(app.post_as(&chair, &format!("{path}/archive"), json!({})).await.ok(200)["state"], "archived");
    app.post_as(&chair, &format!("{path}/complete"), json!({})).await.problem(409, "campaign_transition_not_allowed");
}

async fn basis_and_scope_are_checked_whole(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let errors = |r: &crate::helpers::Resp| -> Vec<(String, String)> {
        r.problem(422, "validation_failed")["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["pointer"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
            .collect()
    };
    let mut body = campaign_body();
    body["basis"] = json!("state_social_order");
    body["order_reference"] = json!("ГСЗ-17/2026");
    body["title_ru"] = json!(null);
    body["title_kk"] = json!(null);
    body["period_to"] = json!("2026-08-01");
    body["service_ids"] = json!([999999]);
    body["regions"] = json!(["999999999"]);
    let r = app.post_as(&owner, "/api/v1/campaigns", body).await;
    let e = errors(&r);
    for expected in [
        ("/order_date", "order_details_missing"),
        ("/order_customer_id", "order_details_missing"),
        ("/title_ru", "at_least_one_of"),
        ("/period_to", "period_reversed"),
        ("/service_ids/0", "unknown_service"),
        ("/regions/0", "unknown_region"),
    ] {
        assert!(e.contains(&(expected.0.to_string(), expected.1.to_string())), "{expected:?} missing in {e:?}");
    }
    let mut body = campaign_body();
    body["order_date"] = json!("2026-08-20");
    let e = errors(&app.post_as(&owner, "/api/v1/campaigns", body).await);
    assert_eq!(e, vec![("/order_date".to_string(), "order_details_not_allowed".to_string())]);
    let mut body = campaign_body();
    body["basis"] = json!("state_social_order");
    body["order_reference"] = json!("ГСЗ-17/2026");
    body["order_date"] = json!("2026-08-20");
    body["order_customer_id"] = json!(app.agency_id("MTSZN").await);
    let e = errors(&app.post_as(&owner, "/api/v1/campaigns", body.clone()).await);
    assert_eq!(e, vec![("/order_customer_id".to_string(), "not_authorized_body".to_string())]);
    body["order_customer_id"] = json!(app.agency_id("ASDGS").await);
    let c = app.post_as(&owner, "/api/v1/campaigns", body).await;
    let c = c.ok(201);
    assert_eq!(c["order"]["reference"], "ГСЗ-17/2026");
    assert_eq!(c["basis_label"], "Under a state social order");
    assert_eq!(app.get("/api/v1/campaigns").await.ok(200)["items"].as_array().unwrap().len(), 0, "nothing half-made");
}

async fn an_observation_is_checked_whole_and_stores_nothing_when_refused(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    let mut body = simple_obs(&app).await;
    body["violations"] = json!([{"category": "bribe", "note": ""}, {"category": "deadline_breached"}]);
    body["satisfaction"] = json!(6);
    body["channel"] = json!("pigeon");
    body["observed_on"] = json!("2026-12-01");
    body["address"] = json!(null);
    body["respondent"] = json!({"name": SECRET_NAME, "iin": "900101300127"});
    let r = app.post_as(&owner, &format!("/api/v1/campaigns/{id}/observations"), body).await;
    let errors: Vec<String> = r.problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["pointer"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    for expected in [
        "/violations/0/category unknown_violation_category",
        "/satisfaction out_of_range",
        "/channel invalid_value",
        "/observed_on outside_period",
        "/address address_or_online",
        "/respondent/iin invalid_iin",
    ] {
        assert!(errors.contains(&expected.to_string()), "{expected} missing in {errors:?}");
    }
    let list = app.get_as(&owner, &format!("/api/v1/campaigns/{id}/observations")).await;
    assert_eq!(list.ok(200)["items"].as_array().unwrap().len(), 0);
    // The categories have names in the client's language.
    let mut body = simple_obs(&app).await;
    body["violations"] = json!([{"category": "fee_for_free_service", "note": "Взяли плату"}]);
    let r = app
        .call(
            poem::http::Method::POST,
            &format!("/api/v1/campaigns/{id}/observations"),
            Some(&owner),
            Some(body),
            &[("accept-language", "ru")],
        )
        .await;
    let v = &r.ok(201)["violations"][0];
    assert_eq!(v["form_row"], "3.9");
    let cats = app.get("/api/v1/violation-categories").await;
    let cats = cats.ok(200).as_array().unwrap().clone();
    assert_eq!(cats.len(), 10);
    assert_eq!(cats[8]["category"], "fee_for_free_service");
    assert!(cats.iter().all(|c| c["name_kk"] != c["name_en"] && !c["name_ru"].as_str().unwrap().is_empty()));
    assert!(v["category_name"].as_str().unwrap().to_lowercase().contains("плат"), "{v}");
}

async fn survey_responses_follow_the_questionnaire(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    let path = format!("/api/v1/campaigns/{id}");
    let r = app
        .put_as(
            &owner,
            &format!("{path}/questionnaire"),
            json!({"questions": [
                {"key": "sat", "kind": "scale", "required": true, "text_ru": "Насколько вы довольны?"},
                {"key": "channel", "kind": "single_choice", "required": true, "text_kk": "Қалай жүгіндіңіз?",
                 "options": [{"key": "office", "text_ru": "В офисе"}, {"key": "egov", "text_ru": "Через eGov"}]},
                {"key": "problems", "kind": "pigeon", "text_ru": "Какие проблемы?"},
            ]}),
        )
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/questions/2/kind");
    app.put_as(&owner, &format!("{path}/questionnaire"), questionnaire()).await.ok(200);
    let answer = json!({"answers": {"sat": 4, "channel": "office"}});
    app.post_as(&owner, &format!("{path}/responses"), answer.clone()).await.problem(409, "campaign_not_active");
    app.post_as(&owner, &format!("{path}/activate"), json!({})).await.ok(200);

    let r = app
        .post_as(
            &owner,
            &format!("{path}/responses"),
            json!({"answers": {"channel": "fax", "problems": ["queue", "bribe"]}}),
        )
        .await;
    let errors: Vec<String> = r.problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["pointer"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        vec!["/answers/sat required", "/answers/channel not_an_option", "/answers/problems/1 not_an_option"]
    );
    assert!(r.text.contains("office, egov"), "the refusal lists the options: {}", r.text);
    let (stranger, _) = app.citizen("stranger@example.kz").await;
    app.post_as(&stranger, &format!("{path}/responses"), answer.clone()).await.problem(403, "not_campaign_member");
    let r = app
        .post_as(
            &owner,
            &format!("{path}/responses"),
            json!({"answers": {"sat": 4, "channel": "office", "problems": ["fee", "queue"]}}),
        )
        .await;
    assert_eq!(r.ok(201)["answers"]["problems"], json!(["fee", "queue"]));
    assert_eq!(app.get(&format!("{path}/responses")).await.ok(200)["items"].as_array().unwrap().len(), 1);
    let q = app.get(&format!("{path}/questionnaire")).await;
    assert_eq!(q.ok(200)["editable"], false);
    app.put_as(&owner, &format!("{path}/questionnaire"), questionnaire()).await.problem(409, "questionnaire_frozen");
}

fn questionnaire() -> Value {
    json!({"questions": [
        {"key": "sat", "kind": "scale", "required": true, "text_ru": "Насколько вы довольны?", "text_kk": "Қаншалықты ризасыз?"},
        {"key": "channel", "kind": "single_choice", "required": true, "text_ru": "Как вы обратились?",
         "options": [{"key": "office", "text_ru": "В офисе"}, {"key": "egov", "text_ru": "Через eGov"}]},
        {"key": "problems", "kind": "multiple_choice", "text_ru": "Какие были проблемы?",
         "options": [{"key": "queue", "text_ru": "Очередь"}, {"key": "rude", "text_ru": "Грубость"}, {"key": "fee", "text_ru": "Поборы"}]},
        {"key": "minutes", "kind": "number", "text_ru": "Сколько минут вы ждали?"},
    ]})
}

/// Every GET operation of the spec, its path parameters filled in with the ids given.
async fn every_public_read(app: &TestApp, ids: &[(&str, i64)]) -> Vec<(String, String)> {
    let spec = app.get("/api/v1/openapi.json").await;
    let spec = spec.ok(200);
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let mut url = format!("/api/v1{path}");
        for (name, value) in ids {
            url = url.replace(&format!("{{{name}}}"), &value.to_string());
        }
        if url.contains('{') {
            url = url.split('/').map(|seg| if seg.starts_with('{') { "1" } else { seg }).collect::<Vec<_>>().join("/");
        }
        for suffix in ["", "?by=agency", "?by=region", "?q=Құпиябекова"] {
            let r = app.get(&format!("{url}{suffix}")).await;
            out.push((format!("{url}{suffix} -> {}", r.status), r.text.clone()));
        }
    }
    out
}

async fn personal_data_never_reaches_a_public_read(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    // Issue 20 p.3: the owner keeps their name private (the default), so neither name may show.
    app.patch_as(&owner, "/api/v1/me", json!({"display_name": HIDDEN_DISPLAY, "full_name": HIDDEN_FULL})).await.ok(200);
    let (other, _) = app.citizen("other@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    app.put_as(&owner, &format!("/api/v1/campaigns/{id}/questionnaire"), questionnaire()).await.ok(200);
    let mut body = simple_obs(&app).await;
    body["respondent"] = json!({"name": SECRET_NAME, "phone": SECRET_PHONE, "iin": IIN});
    let oid = observe(&app, &owner, id, body).await;
    app.post_as(&owner, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    let r = app
        .post_as(
            &owner,
            &format!("/api/v1/campaigns/{id}/responses"),
            json!({"answers": {"sat": 2, "channel": "egov"}, "respondent": {"name": SECRET_NAME, "phone": SECRET_PHONE, "iin": IIN}}),
        )
        .await;
    assert!(!r.ok(201).to_string().contains(IIN));
    app.drain().await;

    let reads = every_public_read(&app, &[("id", id), ("observation_id", oid)]).await;
    assert!(reads.iter().any(|(u, _)| u.contains("/observations/") && u.ends_with("200")), "the observation was read");
    assert!(reads.iter().any(|(u, _)| u.contains("statistics.csv") && u.ends_with("200")), "the CSV was read");
    for (url, text) in &reads {
        assert!(!url.ends_with("-> 500"), "{url}: {text}");
        for secret in [SECRET_NAME, SECRET_PHONE, IIN, "Құпиябекова", HIDDEN_DISPLAY, HIDDEN_FULL] {
            if url.contains("?q=") && secret == "Құпиябекова" {
                // The query itself may be echoed back; the record's data may not.
                continue;
            }
            assert!(!text.contains(secret), "{url} leaks {secret}: {text}");
        }
    }
    let page = app.get(&format!("/campaigns/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains(HIDDEN_DISPLAY) && !page.text.contains(HIDDEN_FULL), "{}", page.text);
    // Shown once the owner chooses so: the display name, never the legal name.
    app.patch_as(&owner, "/api/v1/me", json!({"show_name_publicly": true})).await.ok(200);
    let team = app.get(&format!("/api/v1/campaigns/{id}/team")).await;
    assert_eq!(team.ok(200)[0]["name"], HIDDEN_DISPLAY);
    assert!(!team.text.contains(HIDDEN_FULL), "{}", team.text);
    assert!(app.get(&format!("/campaigns/{id}")).await.text.contains(HIDDEN_DISPLAY));

    // The team reads it; no one else does.
    let p = app.get_as(&owner, &format!("/api/v1/campaigns/{id}/observations/{oid}/respondent")).await;
    assert_eq!(p.ok(200)["iin"], IIN);
    app.get_as(&other, &format!("/api/v1/campaigns/{id}/observations/{oid}/respondent"))
        .await
        .problem(403, "not_campaign_member");
    app.get(&format!("/api/v1/campaigns/{id}/observations/{oid}/respondent")).await.problem(401, "unauthorized");
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-4)
}

async fn statistics_match_figures_computed_by_hand(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let a = app.agency_id("MTSZN").await;
    let b = app.agency_id("GOVCORP").await;
    let zags = service_id(&app, "ZAGS-01").await; // 1 working day
    let mj = service_id(&app, "MJ-01").await; // 5 working days
    let id = campaign(&app, &owner, json!({})).await;
    app.put_as(&owner, &format!("/api/v1/campaigns/{id}/questionnaire"), questionnaire()).await.ok(200);
    let fixture = [
        Obs {
            agency: a,
            service: zags,
            region: Some("110000000"),
            channel: "provider_office",
            wait: Some(10),
            days: Some(1),
            outcome: "rendered",
            sat: Some(5),
            violations: &[],
        },
        Obs {
            agency: a,
            service: zags,
            region: Some("110000000"),
            channel: "state_corporation",
            wait: Some(30),
            days: Some(3),
            outcome: "rendered",
            sat: Some(3),
            violations: &["deadline_breached"],
        },
        Obs {
            agency: a,
            service: mj,
            region: None,
            channel: "egov_portal",
            wait: None,
            days: Some(7),
            outcome: "refused",
            sat: Some(1),
            violations: &["unjustified_refusal", "deadline_breached"],
        },
        Obs {
            agency: a,
            service: mj,
            region: Some("100000000"),
            channel: "provider_office",
            wait: Some(50),
            days: None,
            outcome: "pending",
            sat: None,
            violations: &[],
        },
        Obs {
            agency: b,
            service: zags,
            region: Some("100000000"),
            channel: "state_corporation",
            wait: Some(20),
            days: Some(1),
            outcome: "rendered",
            sat: Some(4),
            violations: &["fee_for_free_service"],
        },
        Obs {
            agency: b,
            service: zags,
            region: Some("100000000"),
            channel: "state_corporation",
            wait: Some(40),
            days: Some(2),
            outcome: "not_received",
            sat: Some(2),
            violations: &["deadline_breached"],
        },
    ];
    for o in &fixture {
        observe(&app, &owner, id, obs_body(o)).await;
    }
    app.post_as(&owner, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    for answers in [
        json!({"sat": 5, "channel": "office", "problems": ["queue"], "minutes": 10}),
        json!({"sat": 4, "channel": "egov", "problems": ["queue", "rude"], "minutes": 20}),
        json!({"sat": 2, "channel": "office"}),
    ] {
        app.post_as(&owner, &format!("/api/v1/campaigns/{id}/responses"), json!({"answers": answers})).await.ok(201);
    }
    // A draft's observations never count in public figures.
    let draft = campaign(&app, &owner, json!({})).await;
    observe(&app, &owner, draft, obs_body(&fixture[0])).await;

    let s = app.get(&format!("/api/v1/campaigns/{id}/statistics")).await;
    let g = &s.ok(200)["groups"][0];
    assert_eq!(g["observations"], 6);
    assert_eq!(g["outcomes"]["rendered"]["count"], 3);
    assert!(close(&g["outcomes"]["rendered"]["share"], 0.5));
    assert!(close(&g["outcomes"]["refused"]["share"], 0.1667));
    assert_eq!(g["satisfaction"]["count"], 5);
    assert!(close(&g["satisfaction"]["mean"], 3.0));
    assert_eq!(g["satisfaction"]["distribution"], json!({"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}));
    assert_eq!(g["waiting_minutes"]["count"], 5);
    assert!(close(&g["waiting_minutes"]["median"], 30.0));
    assert!(close(&g["waiting_minutes"]["p90"], 50.0));
    assert_eq!(g["term"]["count"], 5);
    assert_eq!(g["term"]["exceeded"], 3);
    assert!(close(&g["term"]["share"], 0.6));
    assert_eq!(g["violations"]["deadline_breached"]["count"], 3);
    assert!(close(&g["violations"]["deadline_breached"]["share"], 0.5));
    assert!(close(&g["violations"]["unjustified_refusal"]["share"], 0.1667));
    assert_eq!(g["violations"]["procedure_breached"]["count"], 0);

    let s = app.get(&format!("/api/v1/campaigns/{id}/statistics?by=agency")).await;
    let groups = s.ok(200)["groups"].as_array().unwrap().clone();
    let ga = groups.iter().find(|g| g["key"] == a.to_string().as_str()).unwrap();
    let gb = groups.iter().find(|g| g["key"] == b.to_string().as_str()).unwrap();
    assert_eq!(ga["observations"], 4);
    assert!(close(&ga["outcomes"]["pending"]["share"], 0.25));
    assert!(close(&ga["waiting_minutes"]["median"], 30.0));
    assert!(close(&ga["waiting_minutes"]["p90"], 50.0));
    assert!(close(&ga["term"]["share"], 0.6667));
    assert!(close(&ga["violations"]["deadline_breached"]["share"], 0.5));
    assert_eq!(gb["observations"], 2);
    assert!(close(&gb["waiting_minutes"]["median"], 30.0), "the mean of the two middle waits");
    assert!(close(&gb["waiting_minutes"]["p90"], 40.0));
    assert!(close(&gb["violations"]["fee_for_free_service"]["share"], 0.5));
    assert!(gb["label"].as_str().is_some_and(|l| !l.is_empty()));

    let s = app.get(&format!("/api/v1/campaigns/{id}/statistics?by=region")).await;
    let counts: Vec<(String, i64)> = s.ok(200)["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_string(), g["observations"].as_i64().unwrap()))
        .collect();
    assert_eq!(counts, vec![("100000000".into(), 3), ("110000000".into(), 2), ("online".into(), 1)]);

    let csv = app.get(&format!("/api/v1/campaigns/{id}/statistics.csv?by=agency")).await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row_a = rows.iter().find(|r| r[0] == a.to_string()).unwrap();
    assert_eq!(&row_a[col("observations")], "4");
    assert_eq!(&row_a[col("waiting_p90")], "50");
    assert_eq!(&row_a[col("violation_deadline_breached")], "2");

    let export = app.get(&format!("/api/v1/campaigns/{id}/observations/export.csv?agency={a}")).await;
    assert_eq!(export.status, 200);
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(export.text.as_bytes()).records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    let nd = app.get(&format!("/api/v1/campaigns/{id}/observations/export.ndjson?violation=deadline_breached")).await;
    assert_eq!(nd.text.lines().count(), 3);
    app.get(&format!("/api/v1/campaigns/{draft}/observations/export.csv")).await.problem(404, "resource_not_found");
    let all = app.get("/api/v1/statistics/observations").await;
    assert_eq!(all.ok(200)["groups"][0]["observations"], 6, "the draft's observation does not count");
    let by_campaign = app.get("/api/v1/statistics/observations?by=campaign").await;
    assert_eq!(by_campaign.ok(200)["groups"].as_array().unwrap().len(), 1);
    let filtered = app.get(&format!("/api/v1/statistics/observations?agency={b}&channel=state_corporation")).await;
    assert_eq!(filtered.ok(200)["groups"][0]["observations"], 2);
    app.get("/api/v1/statistics/observations?by=mood").await.problem(400, "invalid_parameter");

    let s = app.get(&format!("/api/v1/campaigns/{id}/statistics/survey")).await;
    let g = &s.ok(200)["groups"][0];
    assert_eq!(g["responses"], 3);
    let q = |key: &str| g["questions"].as_array().unwrap().iter().find(|q| q["key"] == key).unwrap().clone();
    let sat = q("sat");
    assert_eq!(sat["answered"], 3);
    assert!(close(&sat["mean"], 3.6667));
    assert_eq!(sat["distribution"]["5"]["count"], 1);
    assert_eq!(sat["distribution"]["3"]["count"], 0);
    let ch = q("channel");
    assert_eq!(ch["distribution"]["office"]["count"], 2);
    assert!(close(&ch["distribution"]["office"]["share"], 0.6667));
    let pr = q("problems");
    assert_eq!(pr["answered"], 2);
    assert!(close(&pr["distribution"]["queue"]["share"], 1.0));
    assert!(close(&pr["distribution"]["rude"]["share"], 0.5));
    assert_eq!(pr["distribution"]["fee"]["count"], 0);
    let mi = q("minutes");
    assert!(close(&mi["mean"], 15.0));
    assert!(close(&mi["min"], 10.0) && close(&mi["max"], 20.0));
    let csv = app.get(&format!("/api/v1/campaigns/{id}/statistics/survey.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.text.lines().any(|l| l.contains(",problems,multiple_choice,2,queue,2,1,")), "{}", csv.text);
}

async fn lists_filter_by_scope_and_state(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let zags = service_id(&app, "ZAGS-01").await;
    let one = campaign(&app, &owner, json!({"service_ids": [zags], "regions": ["110000000"]})).await;
    let two = campaign(
        &app,
        &owner,
        json!({"regions": ["100000000"], "period_from": "2025-01-01", "period_to": "2025-06-30"}),
    )
    .await;
    for id in [one, two] {
        app.post_as(&owner, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    }
    app.post_as(&owner, &format!("/api/v1/campaigns/{two}/complete"), json!({})).await.ok(200);
    let ids = |r: crate::helpers::Resp| -> Vec<i64> {
        r.ok(200)["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
    };
    assert_eq!(ids(app.get(&format!("/api/v1/campaigns?service={zags}")).await), vec![one]);
    assert_eq!(ids(app.get("/api/v1/campaigns?state=completed").await), vec![two]);
    assert_eq!(ids(app.get("/api/v1/campaigns?from=2026-01-01").await), vec![one]);
    assert_eq!(ids(app.get("/api/v1/campaigns?region=110000000").await), vec![one]);
    assert_eq!(ids(app.get("/api/v1/campaigns?limit=1").await), vec![one]);
    // A page reads every campaign's scope at once; each item must still carry only its own.
    let page = app.get("/api/v1/campaigns").await;
    let page = page.ok(200);
    let items = page["items"].as_array().unwrap();
    let scope_of = |id: i64| items.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(scope_of(one)["service_ids"], json!([zags]));
    assert_eq!(scope_of(one)["regions"], json!(["110000000"]));
    assert_eq!(scope_of(two)["service_ids"], json!([]));
    assert_eq!(scope_of(two)["regions"], json!(["100000000"]));
    app.get("/api/v1/campaigns?state=paused").await.problem(400, "invalid_parameter");
    let csv = app.get("/api/v1/campaigns/export.csv?state=active").await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], one.to_string().as_str());
    let nd = app.get("/api/v1/campaigns/export.ndjson").await;
    let lines: Vec<Value> = nd.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "the draft-free list, whole");
    assert_eq!(lines[1]["id"], two);
    assert_eq!(lines[1]["regions"], json!(["100000000"]));
    assert_eq!(lines[0]["service_ids"], json!([zags]));
    app.get("/api/v1/campaigns/export.csv?state=paused").await.problem(400, "invalid_parameter");
}

fn jpeg_with_gps() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let dms =
        |d: u32, m: u32| Value::Rational(vec![Rational::from((d, 1)), Rational::from((m, 1)), Rational::from((0, 1))]);
    let fields = [
        Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![6]) },
        Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"N".to_vec()]) },
        Field { tag: Tag::GPSLatitude, ifd_num: In::PRIMARY, value: dms(51, 10) },
        Field { tag: Tag::GPSLongitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"E".to_vec()]) },
        Field { tag: Tag::GPSLongitude, ifd_num: In::PRIMARY, value: dms(71, 26) },
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    let base = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/tiny.jpg")).unwrap();
    let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(base.into()).unwrap();
    img_parts::ImageEXIF::set_exif(&mut jpeg, Some(out.into_inner().into()));
    jpeg.encoder().bytes().to_vec()
}

async fn evidence_is_sniffed_hashed_and_stripped_of_location(app: TestApp) {
    use sha2::{Digest, Sha256};
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let (stranger, _) = app.citizen("stranger@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    let body = simple_obs(&app).await;
    let oid = observe(&app, &owner, id, body).await;
    let url = format!("/api/v1/campaigns/{id}/observations/{oid}/evidence");
    let photo = jpeg_with_gps();
    assert!(baqylau::domain::evidence::has_gps(&photo), "the fixture carries a location");

    // The client's word on the type is not taken.
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/tiny.png")).unwrap();
    let r =
        app.upload_as(&owner, &url, ("report.pdf", "application/pdf", &png), &[("caption", "Очередь у окна 3")]).await;
    let e = r.ok(201).clone();
    assert_eq!(e["content_type"], "image/png");
    assert_eq!(e["media_kind"], "photo");
    assert_eq!(e["sha256"], hex::encode(Sha256::digest(&png)));
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    app.upload_as(&owner, &url, ("x.jpg", "image/jpeg", svg), &[]).await.problem(415, "unsupported_file_type");
    app.upload_as(&stranger, &url, ("a.png", "image/png", &png), &[]).await.problem(404, "resource_not_found");

    // A photo's location is removed unless kept on purpose; the original's hash stays on record.
    let r = app.upload_as(&owner, &url, ("street.jpg", "image/jpeg", &photo), &[]).await;
    let stripped = r.ok(201).clone();
    assert_eq!(stripped["location_removed"], true);
    assert_eq!(stripped["original_sha256"], hex::encode(Sha256::digest(&photo)));
    assert_ne!(stripped["sha256"], stripped["original_sha256"]);
    app.post_as(&owner, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    app.upload_as(&stranger, &url, ("a.png", "image/png", &png), &[]).await.problem(403, "not_campaign_member");
    let (status, headers, bytes) = app.get_bytes(stripped["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(!baqylau::domain::evidence::has_gps(&bytes), "the published photo has no location");
    assert_eq!(hex::encode(Sha256::digest(&bytes)), stripped["sha256"].as_str().unwrap());
    let kept = app.upload_as(&owner, &url, ("street.jpg", "image/jpeg", &photo), &[("keep_location", "true")]).await;
    let kept = kept.ok(201).clone();
    assert_eq!(kept["location_removed"], false);
    let (_, _, bytes) = app.get_bytes(kept["url"].as_str().unwrap()).await;
    assert!(baqylau::domain::evidence::has_gps(&bytes), "kept on purpose");

    let o = app.get(&format!("/api/v1/campaigns/{id}/observations/{oid}")).await;
    assert_eq!(o.ok(200)["evidence"].as_array().unwrap().len(), 3);
    app.post_as(&owner, &format!("/api/v1/campaigns/{id}/complete"), json!({})).await.ok(200);
    app.upload_as(&owner, &url, ("a.png", "image/png", &png), &[]).await.problem(409, "campaign_read_only");
}

async fn an_evidence_file_over_the_limit_is_refused_with_its_size(_app: TestApp) {
    // The limit comes from configuration; a small one here.
    let mut config = crate::helpers::test_config();
    config.upload_max_bytes = 1024;
    let app = match _app.backend_kind() {
        crate::helpers::Kind::Sqlite => TestApp::sqlite_with(config).await,
        crate::helpers::Kind::Postgres => match TestApp::postgres_with(config).await {
            Some(a) => a,
            None => return,
        },
    };
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let id = campaign(&app, &owner, json!({})).await;
    let body = simple_obs(&app).await;
    let oid = observe(&app, &owner, id, body).await;
    let url = format!("/api/v1/campaigns/{id}/observations/{oid}/evidence");
    let mut big = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    big.resize(1025, b' ');
    let r = app.upload_as(&owner, &url, ("big.pdf", "application/pdf", &big), &[]).await;
    assert!(r.problem(413, "file_too_large")["detail"].as_str().unwrap().contains("MiB"), "{}", r.text);
    big.truncate(1024);
    app.upload_as(&owner, &url, ("ok.pdf", "application/pdf", &big), &[]).await.ok(201);
    let o = app.get_as(&owner, &format!("/api/v1/campaigns/{id}/observations/{oid}")).await;
    assert_eq!(o.ok(200)["evidence"].as_array().unwrap().len(), 1, "the refused file left nothing behind");
}

crate::on_both_databases!(
    a_draft_is_the_teams_alone_until_activated,
    only_the_team_records_and_a_finished_campaign_is_read_only,
    basis_and_scope_are_checked_whole,
    an_observation_is_checked_whole_and_stores_nothing_when_refused,
    survey_responses_follow_the_questionnaire,
    personal_data_never_reaches_a_public_read,
    statistics_match_figures_computed_by_hand,
    lists_filter_by_scope_and_state,
    evidence_is_sniffed_hashed_and_stripped_of_location,
    an_evidence_file_over_the_limit_is_refused_with_its_size,
);
