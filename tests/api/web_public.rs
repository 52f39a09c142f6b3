//! The public pages of issue #10 over the same services the API uses: an agency, a monitoring
//! campaign and a conclusion, in three languages, within 100 KB, with charts, and never with a
//! respondent's personal data or a draft shown to someone outside its team.
use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{
    browser::{Browser, Page},
    helpers::TestApp,
};

const SECRET_NAME: &str = "Айгерім Құпиябекова";
const SECRET_PHONE: &str = "+7 701 555 12 34";
const SECRET_IIN: &str = "900101300126";

struct Fx {
    owner: String,
    officer: String,
    mtszn: i64,
    campaign: i64,
    observation: i64,
    conclusion: i64,
}

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

fn campaign_body(mtszn: i64, service: i64, customer: i64) -> Value {
    json!({
        "basis": "state_social_order",
        "order_reference": "ГСЗ-17/2026",
        "order_date": "2026-08-20",
        "order_customer_id": customer,
        "title_ru": "Качество услуг ЗАГС в Акмолинской области",
        "title_kk": "Ақмола облысындағы АХАЖ қызметтерінің сапасы",
        "methodology_md": "Наблюдатели посещают отделы **ЗАГС** и ЦОН.\n\n<script>alert(1)</script>",
        "period_from": "2026-09-01",
        "period_to": "2026-11-30",
        "service_ids": [service],
        "agency_ids": [mtszn],
        "regions": ["110000000"],
    })
}

/// A published campaign under a state social order with two observations (one with a
/// respondent's personal data), a published conclusion citing one, an answer of the agency, and a
/// request to the agency.
async fn fixture(app: &TestApp) -> Fx {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let customer = app.agency_id("ASDGS").await;
    let service = service_id(app, "ZAGS-01").await;
    let campaign =
        app.post_as(&owner, "/api/v1/campaigns", campaign_body(mtszn, service, customer)).await.ok(201)["id"]
            .as_i64()
            .unwrap();
    app.post_as(&owner, &format!("/api/v1/campaigns/{campaign}/activate"), json!({})).await.ok(200);
    let obs = |violations: Vec<&str>, respondent: Value| {
        json!({
            "service_id": service, "agency_id": mtszn, "region": "110000000", "address": "ул. Абая, 10",
            "observed_on": "2026-10-15", "channel": "provider_office", "waiting_minutes": 40, "days_taken": 1,
            "outcome": "rendered", "satisfaction": 2,
            "violations": violations.iter().map(|v| json!({"category": v, "note": "Зафиксировано"})).collect::<Vec<_>>(),
            "respondent": respondent,
        })
    };
    let path = format!("/api/v1/campaigns/{campaign}/observations");
    let body = obs(vec!["deadline_breached"], json!({"name": SECRET_NAME, "phone": SECRET_PHONE, "iin": SECRET_IIN}));
    let observation = app.post_as(&owner, &path, body).await.ok(201)["id"].as_i64().unwrap();
    let mut second = obs(vec!["deadline_breached", "fee_for_free_service"], Value::Null);
    second["outcome"] = json!("refused");
    second["satisfaction"] = json!(1);
    app.post_as(&owner, &path, second).await.ok(201);

    let sections = json!({
        "compliance": format!("Сроки нарушены, см. [obs:{observation}]."),
        "recommendations": "1. Соблюдать сроки регистрации.\n2. Не требовать справок о составе семьи.",
        "quality_proposals": "1. Ввести электронную очередь.",
        "bylaw_proposals": "1. Сократить перечень документов в стандарте услуги.",
    });
    let body = json!({"campaign_id": campaign, "title": "Заключение по ЗАГС", "language": "ru",
                      "agency_ids": [mtszn], "sections": sections});
    let conclusion = app.post_as(&owner, "/api/v1/conclusions", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/submit"), json!({})).await.ok(200);
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/publish"), json!({})).await.ok(200);
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    app.post_as(
        &officer,
        &format!("/api/v1/conclusions/{conclusion}/measures"),
        json!({"item": "recommendations.1", "status": "accepted", "text_md": "Приказ о сроках регистрации издан."}),
    )
    .await
    .ok(201);

    let (citizen, _) = app.citizen("asker@example.kz").await;
    let r = app
        .post_as(
            &citizen,
            "/api/v1/requests",
            json!({"agency_id": mtszn, "language": "ru", "subject": "Сроки ЗАГС", "questions_md": "Сколько заявлений?"}),
        )
        .await;
    let rid = r.ok(201)["id"].as_i64().unwrap();
    app.post_as(&citizen, &format!("/api/v1/requests/{rid}/published-check"), json!({})).await.ok(201);
    app.post_as(
        &citizen,
        &format!("/api/v1/requests/{rid}/submit"),
        json!({"none_of_the_matches_answers": true, "no_secrets_sought": true}),
    )
    .await
    .ok(200);
    Fx { owner, officer, mtszn, campaign, observation, conclusion }
}

/// A page every reader can take: 200, HTML, one `h1`, within 100 KB, no inline style or script.
fn well_formed(p: &Page, what: &str) {
    assert_eq!(p.status, 200, "{what}: {}", p.text());
    assert!(p.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("text/html"));
    assert_eq!(p.html.matches("<h1").count(), 1, "{what}: one h1");
    assert!(p.html.len() < 100 * 1024, "{what} is {} bytes", p.html.len());
    assert!(!p.html.contains("style=\""), "{what}: no inline style attributes");
    assert!(!p.html.contains("<script"), "{what}: no script");
}

/// The page in Kazakh and Russian, by the language cookie.
async fn in_language(b: &mut Browser<'_>, lang: &str, path: &str) -> Page {
    b.cookies.insert("baqylau_lang".into(), lang.into());
    let p = b.get(path).await;
    assert!(p.html.contains(&format!("<html lang=\"{lang}\"")), "{path} in {lang}");
    p
}

async fn the_agency_page_shows_its_reports_requests_conclusions_and_discussions(app: TestApp) {
    let fx = fixture(&app).await;
    let mut b = Browser::new(&app);
    let path = format!("/agencies/{}", fx.mtszn);
    let p = b.get(&path).await;
    well_formed(&p, "agency page");
    let text = p.text();
    assert!(text.contains("Ministry of Labour and Social Protection"), "{text}");
    assert!(text.contains("Central state body"), "{text}");
    assert!(!p.links("/reports/").is_empty(), "its annual reports are linked");
    assert!(text.contains("Open, within the term 1"), "the request counts as open: {text}");
    assert!(text.contains("Requests received in all: 1."), "{text}");
    assert!(p.html.contains("<svg"), "the requests chart is drawn");
    assert!(p.links(&format!("/conclusions/{}", fx.conclusion)).len() == 1, "the conclusion is linked");
    // Scorecard: 1 accepted, 3 items not answered.
    assert!(text.contains("Accepted"), "{text}");
    assert!(p.links(&format!("/api/v1/agencies/{}/requests/table", fx.mtszn)).len() == 1);
    assert!(text.contains("Public discussions of its draft acts"), "{text}");
    let kk = in_language(&mut b, "kk", &path).await;
    well_formed(&kk, "agency page in kk");
    assert!(kk.text().contains("Еңбек және халықты әлеуметтік қорғау министрлігі"));
    assert!(kk.text().contains("Жылдық есептер"));
    let ru = in_language(&mut b, "ru", &path).await;
    well_formed(&ru, "agency page in ru");
    assert!(ru.text().contains("Министерство труда и социальной защиты населения"));
    assert!(ru.text().contains("Годовые отчёты"));
    // Its discussions, with whether the completion notice is out.
    let opens = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap();
    let closes = Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap();
    let body = json!({"subject": "draft_act", "title_kk": "Қызмет көрсету қағидаларының жобасы",
                      "title_ru": "Проект правил оказания услуги", "text_md": "## Жалпы ережелер\n\n1. Мерзімі бес жұмыс күні.\n",
                      "opens_at": opens, "closes_at": closes});
    let d = app.post_as(&fx.officer, "/api/v1/discussions", body).await.ok(201)["id"].as_i64().unwrap();
    let mut b = Browser::new(&app);
    let p = b.get(&path).await;
    assert_eq!(p.links(&format!("/discussions/{d}")).len(), 1, "the discussion is linked");
    assert!(p.text().contains("Проект правил оказания услуги Upcoming"), "{}", p.text());
    assert!(p.text().contains("Not published"), "{}", p.text());
    app.clock.set(closes + Duration::days(3));
    app.post_as(&fx.officer, &format!("/api/v1/discussions/{d}/notice"), json!({})).await.ok(201);
    let p = b.get(&path).await;
    assert!(p.text().contains("Проект правил оказания услуги Closed"), "{}", p.text());
    assert!(p.text().contains("Closed 27 November 2026"), "{}", p.text());
    assert!(p.text().contains("Published"), "{}", p.text());
    assert!(p.text().contains("Discussions held: 1"), "{}", p.text());
    // An unknown agency is the portal's 404 page.
    let missing = b.get("/agencies/999999").await;
    assert_eq!(missing.status, 404);
    assert!(missing.html.contains("<html"), "an HTML error page");
}

async fn the_campaign_page_shows_basis_scope_statistics_and_public_observations(app: TestApp) {
    let fx = fixture(&app).await;
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/tiny.png")).unwrap();
    let upload = format!("/api/v1/campaigns/{}/observations/{}/evidence", fx.campaign, fx.observation);
    let e = app.upload_as(&fx.owner, &upload, ("q.png", "image/png", &png), &[("caption", "Очередь у окна 3")]).await;
    let evidence = e.ok(201)["id"].as_i64().unwrap();
    let mut b = Browser::new(&app);
    let path = format!("/campaigns/{}", fx.campaign);
    let p = b.get(&path).await;
    well_formed(&p, "campaign page");
    let text = p.text();
    assert!(text.contains("Качество услуг ЗАГС в Акмолинской области"), "English readers get the Russian title");
    assert!(text.contains("Under a state social order"), "{text}");
    assert!(text.contains("ГСЗ-17/2026"), "{text}");
    assert!(p.html.contains("<strong>ЗАГС</strong>"), "the methodology is rendered Markdown");
    assert!(!p.html.contains("alert(1)</script>"), "and sanitized");
    assert!(p.html.contains("<svg"), "charts are drawn");
    assert!(text.contains("Deadline of the service breached"), "violation rates by category: {text}");
    assert!(text.contains("3.1 Deadline of the service breached 2 100.0%"), "both breached the deadline: {text}");
    assert!(text.contains("Rendered 1 50.0% Refused 1 50.0%"), "outcome shares in the forms' order: {text}");
    assert!(p.html.contains(&format!("id=\"obs-{}\"", fx.observation)), "the observation is listed");
    let file = format!("/campaigns/{}/observations/{}/evidence/{evidence}", fx.campaign, fx.observation);
    assert_eq!(p.links(&file).len(), 1, "its evidence is linked: {text}");
    // The page's download answers a reader as the API's does.
    let (api, _, _) = app.get_bytes(&format!("{upload}/{evidence}/file")).await;
    let page = Browser::new(&app).get(&file).await;
    assert_eq!((page.status, api), (200, 200));
    assert_eq!(page.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));
    assert!(text.contains("Evidence: Очередь у окна 3"), "by its caption: {text}");
    assert!(p.links(&format!("/conclusions/{}", fx.conclusion)).len() == 1, "its conclusion is linked");
    assert!(!p.links(&format!("/agencies/{}", fx.mtszn)).is_empty(), "the agencies in scope are linked");
    for secret in [SECRET_NAME, SECRET_PHONE, SECRET_IIN, "Құпиябекова"] {
        assert!(!p.html.contains(secret), "a respondent's personal data never appears: {secret}");
    }
    assert!(p.links(&format!("{path}?cursor=")).is_empty(), "two observations fit on one page");
    let kk = in_language(&mut b, "kk", &path).await;
    well_formed(&kk, "campaign page in kk");
    assert!(kk.text().contains("Ақмола облысындағы АХАЖ қызметтерінің сапасы"), "Kazakh readers get the Kazakh title");
    assert!(kk.text().contains("Әдістеме"));
    // Without the cookie, the browser's preferred language decides.
    let mut kazakh_browser = Browser::new(&app);
    let by_header = kazakh_browser.get_with(&path, &[("accept-language", "kk-KZ, ru;q=0.8")]).await;
    well_formed(&by_header, "campaign page by Accept-Language");
    assert!(by_header.html.contains("<html lang=\"kk\""));
    let ru = in_language(&mut b, "ru", &path).await;
    well_formed(&ru, "campaign page in ru");
    assert!(ru.text().contains("Методология"));
    for secret in [SECRET_NAME, SECRET_PHONE, SECRET_IIN] {
        assert!(!kk.html.contains(secret) && !ru.html.contains(secret));
    }
}

async fn a_draft_campaign_is_not_found_except_by_its_team(app: TestApp) {
    let fx = fixture(&app).await;
    let mtszn = fx.mtszn;
    let service = service_id(&app, "ZAGS-01").await;
    let mut body = campaign_body(mtszn, service, app.agency_id("ASDGS").await);
    body["title_ru"] = json!("Черновик кампании");
    let draft = app.post_as(&fx.owner, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    let path = format!("/campaigns/{draft}");
    let mut anonymous = Browser::new(&app);
    let p = anonymous.get(&path).await;
    assert_eq!(p.status, 404);
    assert!(p.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("text/html"));
    assert!(!p.html.contains("Черновик кампании"));
    let mut stranger = Browser::new(&app);
    app.citizen("stranger@example.kz").await;
    stranger.sign_in("stranger@example.kz", "correct horse battery").await;
    assert_eq!(stranger.get(&path).await.status, 404);
    let mut owner = Browser::new(&app);
    owner.sign_in("owner@example.kz", "correct horse battery").await;
    let p = owner.get(&path).await;
    well_formed(&p, "the draft to its team");
    assert!(p.text().contains("Черновик кампании"));
    assert!(p.text().contains("Draft"));
}

async fn the_conclusion_page_shows_its_parts_evidence_measures_and_scorecard(app: TestApp) {
    let fx = fixture(&app).await;
    let mut b = Browser::new(&app);
    let path = format!("/conclusions/{}", fx.conclusion);
    let p = b.get(&path).await;
    well_formed(&p, "conclusion page");
    let text = p.text();
    assert!(text.contains("Заключение по ЗАГС"), "{text}");
    assert!(!p.links(&format!("/campaigns/{}", fx.campaign)).is_empty(), "the campaign is linked");
    assert!(!p.links(&format!("/agencies/{}", fx.mtszn)).is_empty(), "the addressed agency is linked");
    // The parts in the conclusion's language, whatever the reader's.
    assert!(text.contains("Рекомендации по устранению выявленных нарушений"), "{text}");
    assert!(text.contains("Соблюдать сроки регистрации."), "{text}");
    assert_eq!(
        p.links(&format!("/campaigns/{}#obs-{}", fx.campaign, fx.observation)).len(),
        2,
        "the cited observation is linked, in the text and in the list of evidence"
    );
    assert!(text.contains("Приказ о сроках регистрации издан."), "the measure is shown: {text}");
    assert!(text.contains("No agency has answered this item yet."), "{text}");
    assert!(p.html.contains("<svg"), "the scorecard chart is drawn");
    assert!(p.html.contains("<table"), "tables: violations and scorecard");
    // The violations table, in the reader's language, by agency and form 1-мк row.
    assert!(text.contains("by agency and category"), "{text}");
    assert!(text.contains("3.1 Deadline of the service breached 2"), "both observations breached the deadline: {text}");
    let kk = in_language(&mut b, "kk", &path).await;
    well_formed(&kk, "conclusion page in kk");
    assert!(kk.text().contains("Орындалу жиынтығы"));
    let ru = in_language(&mut b, "ru", &path).await;
    well_formed(&ru, "conclusion page in ru");
    assert!(ru.text().contains("Сводка исполнения"));
    // A draft conclusion is its team's alone.
    let body =
        json!({"campaign_id": fx.campaign, "title": "Черновик заключения", "language": "ru", "agency_ids": [fx.mtszn]});
    let draft = app.post_as(&fx.owner, "/api/v1/conclusions", body).await.ok(201)["id"].as_i64().unwrap();
    let mut anonymous = Browser::new(&app);
    let p = anonymous.get(&format!("/conclusions/{draft}")).await;
    assert_eq!(p.status, 404);
    assert!(!p.html.contains("Черновик заключения"));
    let mut owner = Browser::new(&app);
    owner.sign_in("owner@example.kz", "correct horse battery").await;
    let p = owner.get(&format!("/conclusions/{draft}")).await;
    well_formed(&p, "a draft conclusion to its team");
}

async fn a_long_list_of_observations_is_paged(app: TestApp) {
    let fx = fixture(&app).await;
    let service = service_id(&app, "ZAGS-01").await;
    let org = app.organization(&fx.owner, "Адал қоғам", "040840001231").await;
    let mut body = campaign_body(fx.mtszn, service, app.agency_id("ASDGS").await);
    body["organization_id"] = json!(org);
    let campaign = app.post_as(&fx.owner, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    for _ in 0..21 {
        let o = json!({"service_id": service, "agency_id": fx.mtszn, "online": true, "observed_on": "2026-10-15",
                       "channel": "egov_portal", "outcome": "rendered"});
        app.post_as(&fx.owner, &format!("/api/v1/campaigns/{campaign}/observations"), o).await.ok(201);
    }
    app.post_as(&fx.owner, &format!("/api/v1/campaigns/{campaign}/activate"), json!({})).await.ok(200);
    let mut b = Browser::new(&app);
    let first = b.get(&format!("/campaigns/{campaign}")).await;
    well_formed(&first, "a campaign with many observations");
    assert!(first.text().contains("Run by Адал қоғам"), "the NGO is named: {}", first.text());
    assert_eq!(first.html.matches("<tr id=\"obs-").count(), 20, "twenty to a page");
    let next = first.links(&format!("/campaigns/{campaign}?cursor="));
    assert_eq!(next.len(), 1, "a link to the next page");
    let second = b.get(&next[0]).await;
    well_formed(&second, "the second page of observations");
    assert_eq!(second.html.matches("<tr id=\"obs-").count(), 1);
    assert!(second.links(&format!("/campaigns/{campaign}#observations-h")).len() == 1, "back to the first page");
    assert_eq!(b.get(&format!("/campaigns/{campaign}?cursor=bogus")).await.status, 400, "a bad cursor is refused");
}

crate::on_both_databases!(
    a_long_list_of_observations_is_paged,
    the_agency_page_shows_its_reports_requests_conclusions_and_discussions,
    the_campaign_page_shows_basis_scope_statistics_and_public_observations,
    a_draft_campaign_is_not_found_except_by_its_team,
    the_conclusion_page_shows_its_parts_evidence_measures_and_scorecard,
);
