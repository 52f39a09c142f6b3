//! The pages of an agency officer: putting a draft or the annual report up for discussion with the
//! earliest closing date shown first, publishing a new version, deciding every comment, the
//! completion notice refused while a comment is undecided, measures on a conclusion within the
//! edit window, and the agency's own page as its officer sees it. Every action is hidden from those
//! who may not take it, and a forged post of it is refused by the service with nothing stored.
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{
    browser::{Browser, Page},
    helpers::TestApp,
};

const PASSWORD: &str = "correct horse battery";

/// Friday 27 November 2026 09:00 in Almaty, the day after the tests' clock starts.
fn opens() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap()
}

/// Friday 11 December 2026 18:00 in Almaty: the tenth working day after the opening.
fn closes() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap()
}

const DRAFT: &str = "## Жалпы ережелер\n\n1. Қызмет көрсету мерзімі бес жұмыс күні.\n2. Қызмет тегін көрсетіледі.\n3. Нәтиже электрондық түрде беріледі.\n";

async fn discussions_of(app: &TestApp, agency: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/discussions?agency={agency}")).await.ok(200)["items"].as_array().unwrap().clone()
}

async fn comments_of(app: &TestApp, id: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/discussions/{id}/comments")).await.ok(200).as_array().unwrap().clone()
}

/// A browser signed in as this account.
async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    b.sign_in(email, PASSWORD).await;
    b
}

/// Content seeded, an officer of MTSZN (officer@enbek.kz), one of MINJUST (officer@adilet.kz) and
/// a discussion of MTSZN's draft with two identified comments, one on clause 2 and one on the
/// whole draft; the clock left after the window closed. Returns (discussion id, comment ids).
async fn closed_discussion(app: &TestApp) -> (i64, Vec<i64>) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    app.officer("officer@adilet.kz", "MINJUST").await;
    let r = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қызмет көрсету қағидаларының жобасы", "title_ru": "Проект правил оказания услуги",
                   "text_md": DRAFT, "opens_at": opens(), "closes_at": closes()}),
        )
        .await;
    let id = r.ok(201)["id"].as_i64().unwrap();
    let (citizen, _) = app.citizen("a@example.kz").await;
    app.patch_as(&citizen, "/api/v1/me", json!({"full_name": "Айгерім Сәрсенова"})).await.ok(200);
    app.clock.set(opens() + Duration::hours(1));
    let mut ids = Vec::new();
    for (anchor, text) in
        [(json!("c2"), "Тегін екенін нақтылау керек."), (Value::Null, "Жоба тұтастай түсініксіз жазылған.")]
    {
        let r = app
            .post_as(
                &citizen,
                &format!("/api/v1/discussions/{id}/comments"),
                json!({"anchor": anchor, "proposal_md": text}),
            )
            .await;
        ids.push(r.ok(201)["id"].as_i64().unwrap());
    }
    app.clock.set(closes() + Duration::hours(1));
    (id, ids)
}

fn action(p: &Page, path: &str) -> bool {
    p.html.replace("&#x2f;", "/").contains(&format!("action=\"{path}\""))
}

async fn an_officer_puts_a_draft_up_for_discussion_seeing_the_earliest_closing_date_first(app: TestApp) {
    app.seed_content().await;
    app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get("/discussions/new").await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(action(&p, "/discussions/new"));
    // Opening now (Thursday 26 November), ten working days run to Thursday 10 December.
    assert!(p.text().contains("may close on 10 December 2026 or later (10 working days)"), "{}", p.text());
    // The officer checks another opening before sending: Friday 27 November gives 11 December.
    let typed = [
        ("subject", "draft_act"),
        ("title_kk", "Қызмет көрсету қағидаларының жобасы"),
        ("title_ru", "Проект правил оказания услуги"),
        ("text_md", DRAFT),
        ("opens_at", "2026-11-27T09:00"),
        ("closes_at", "2026-12-10T18:00"),
    ];
    let mut check = typed.to_vec();
    check.push(("intent", "check"));
    let p = b.post("/discussions/new", &check).await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("may close on 11 December 2026 or later"), "{}", p.text());
    assert!(p.text().contains("Қызмет көрсету мерзімі бес жұмыс күні."), "the draft is kept");
    assert!(discussions_of(&app, mtszn).await.is_empty(), "checking stores nothing");
    // Sent with a window one working day short: refused beside the form, everything kept.
    let mut send = typed.to_vec();
    send.push(("intent", "create"));
    let p = b.post("/discussions/new", &send).await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.text().contains("close it on 2026-12-11 or later"), "{}", p.text());
    assert!(p.html.contains("class=\"field-error\" id=\"closes_at-error\""), "the message beside its field");
    assert!(
        p.html.contains("value=\"Проект правил оказания услуги\"") && p.text().contains("Қызмет тегін"),
        "typed text kept"
    );
    assert!(p.html.contains("value=\"2026-11-27T09:00\""), "the dates kept");
    assert!(discussions_of(&app, mtszn).await.is_empty());
    // A valid window: created, then its page.
    let mut send: Vec<(&str, &str)> = send.into_iter().filter(|(k, _)| *k != "closes_at").collect();
    send.push(("closes_at", "2026-12-11T18:00"));
    let p = b.post("/discussions/new", &send).await;
    assert_eq!(p.status, 303, "{}", p.text());
    let stored = discussions_of(&app, mtszn).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["closes_at"], "2026-12-11T13:00:00+00:00");
    assert_eq!(stored[0]["opens_at"], "2026-11-27T04:00:00+00:00");
    assert_eq!(p.location(), format!("/discussions/{}", stored[0]["id"]));
    let page = b.get(p.location()).await;
    assert!(page.text().contains("Clause 3"), "{}", page.text());
    assert!(page.text().contains("For the developer agency"), "the officer's panel");
}

async fn an_officer_puts_the_annual_report_up_for_discussion(app: TestApp) {
    app.seed_content().await;
    app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let report = app.get(&format!("/api/v1/reports?agency={mtszn}")).await.ok(200)["items"][0]["id"].as_i64().unwrap();
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get("/discussions/new").await;
    assert!(p.html.contains(&format!("<option value=\"{report}\"")), "the agency's reports are offered");
    let rid = report.to_string();
    let form = [
        ("subject", "report"),
        ("report_id", rid.as_str()),
        ("title_kk", "Жылдық есепті талқылау"),
        ("title_ru", "Обсуждение годового отчёта"),
        ("text_md", ""),
        ("opens_at", "2026-11-27T09:00"),
        ("closes_at", "2026-12-11T18:00"),
    ];
    let p = b.post("/discussions/new", &form).await;
    assert_eq!(p.status, 303, "{}", p.text());
    let stored = discussions_of(&app, mtszn).await;
    assert_eq!(stored[0]["subject"], "report");
    assert_eq!(stored[0]["report_id"], report);
}

async fn only_officers_are_offered_the_new_discussion_form_and_a_forged_one_stores_nothing(app: TestApp) {
    app.seed_content().await;
    app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let mut b = signed_in(&app, "a@example.kz").await;
    let p = b.get(&format!("/agencies/{mtszn}")).await;
    assert!(
        !p.html.contains("/discussions/new") && !p.html.contains("&#x2f;discussions&#x2f;new"),
        "no link for a citizen"
    );
    let p = b.get("/discussions/new").await;
    assert_eq!(p.status, 403);
    assert!(!p.html.contains("name=\"title_kk\""));
    // Signed out: to the sign-in page.
    let mut anon = Browser::new(&app);
    assert_eq!(anon.get("/discussions/new").await.status, 303);
    // A forged post with a valid token of another page.
    b.get("/").await;
    let p = b
        .post(
            "/discussions/new",
            &[
                ("subject", "draft_act"),
                ("title_kk", "Қызмет көрсету қағидаларының жобасы"),
                ("title_ru", "Проект правил оказания услуги"),
                ("text_md", DRAFT),
                ("opens_at", "2026-11-27T09:00"),
                ("closes_at", "2026-12-11T18:00"),
            ],
        )
        .await;
    assert_eq!(p.status, 403, "{}", p.text());
    assert!(p.text().contains("Not allowed"), "{}", p.text());
    assert!(discussions_of(&app, mtszn).await.is_empty());
}

async fn an_officer_decides_every_comment_and_publishes_the_notice(app: TestApp) {
    let (id, cids) = closed_discussion(&app).await;
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get(&format!("/discussions/{id}")).await;
    assert!(p.links(&format!("/discussions/{id}/decide")).len() == 1, "the way to the decisions");
    let page = format!("/discussions/{id}/decide");
    let p = b.get(&page).await;
    assert_eq!(p.status, 200, "{}", p.text());
    // Grouped by clause: the comment on clause 2 under it, the one on the whole draft apart.
    let text = p.text();
    let (c2, general) = (text.find("Clause 2").unwrap(), text.find("Comments on the whole draft").unwrap());
    let first = text.find("Тегін екенін нақтылау").unwrap();
    let second = text.find("Жоба тұтастай түсініксіз").unwrap();
    assert!(c2 < first && first < general && general < second, "{text}");
    for c in &cids {
        assert!(action(&p, &format!("/discussions/{id}/comments/{c}/decision")));
    }
    // Rejected without the reason the law requires: refused beside the comment, the choice kept.
    let decide = |c: i64| format!("/discussions/{id}/comments/{c}/decision");
    let r = b.post(&decide(cids[0]), &[("decision", "rejected"), ("reason", "  ")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.text().contains("This field is required."), "{}", r.text());
    assert!(r.html.contains(&format!("id=\"reason-{}-error\"", cids[0])), "beside the reason");
    assert!(r.html.contains("value=\"rejected\" checked"), "the decision kept");
    assert!(comments_of(&app, id).await[0]["decision"].is_null(), "nothing stored");
    // The notice is refused while a comment is undecided, naming it with a link to it.
    let r = b.post(&decide(cids[0]), &[("decision", "accepted"), ("reason", "")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    b.get(&page).await;
    let r = b.post(&format!("/discussions/{id}/notice"), &[]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Some comments have no decision"), "{}", r.text());
    assert!(r.text().contains(&format!("these have none: {}", cids[1])), "{}", r.text());
    assert!(r.links(&format!("#comment-{}", cids[1])).len() == 1, "a link to the undecided comment");
    assert!(r.links(&format!("#comment-{}", cids[0])).is_empty(), "the decided one is not named");
    assert!(app.get(&format!("/api/v1/discussions/{id}/notice")).await.status == 404);
    // Decide the last one with its reason; the notice goes out and the decisions are on the page.
    let r = b.post(&decide(cids[1]), &[("decision", "not_considered"), ("reason", "Жоба мәтініне қатысы жоқ.")]).await;
    assert_eq!(r.status, 303);
    b.get(&page).await;
    let r = b.post(&format!("/discussions/{id}/notice"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let notice = app.get(&format!("/api/v1/discussions/{id}/notice")).await;
    assert_eq!(notice.ok(200)["totals"]["total"], 2);
    let p = b.get(&format!("/discussions/{id}")).await;
    assert!(p.text().contains("Notice on the completion of the discussion"), "{}", p.text());
    assert!(p.text().contains("Жоба мәтініне қатысы жоқ."));
    // Afterwards: no forms, and a late decision is refused with nothing changed.
    let p = b.get(&page).await;
    assert!(!p.html.contains("name=\"decision\""), "no decision form after the notice");
    assert!(p.text().contains("The notice is published"), "{}", p.text());
    b.get(&format!("/discussions/{id}")).await;
    let r = b.post(&decide(cids[0]), &[("decision", "rejected"), ("reason", "Кешіккен шешім.")]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(comments_of(&app, id).await[0]["decision"], "accepted");
}

async fn decisions_wait_for_the_window_to_close(app: TestApp) {
    let (id, cids) = closed_discussion(&app).await;
    app.clock.set(closes() - Duration::hours(1));
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get(&format!("/discussions/{id}")).await;
    assert!(p.links(&format!("/discussions/{id}/decide")).is_empty(), "no way to decide while open");
    assert!(p.text().contains("Comments are decided once the discussion closes"), "{}", p.text());
    let p = b.get(&format!("/discussions/{id}/decide")).await;
    assert!(!p.html.contains("name=\"decision\"") && !p.html.contains("&#x2f;notice\""));
    assert!(p.text().contains("The discussion is still open"), "{}", p.text());
    let r = b.post(&format!("/discussions/{id}/comments/{}/decision", cids[0]), &[("decision", "accepted")]).await;
    assert_eq!(r.status, 409);
    assert!(comments_of(&app, id).await[0]["decision"].is_null());
}

async fn a_citizen_or_another_agency_cannot_decide_and_a_forged_post_changes_nothing(app: TestApp) {
    let (id, cids) = closed_discussion(&app).await;
    for email in ["a@example.kz", "officer@adilet.kz"] {
        let mut b = signed_in(&app, email).await;
        let p = b.get(&format!("/discussions/{id}")).await;
        assert_eq!(p.status, 200);
        assert!(!p.text().contains("For the developer agency"), "{email}: no officer's panel");
        assert!(p.links(&format!("/discussions/{id}/decide")).is_empty());
        assert!(!action(&p, &format!("/discussions/{id}/versions")));
        let p = b.get(&format!("/discussions/{id}/decide")).await;
        assert_eq!(p.status, 403, "{email}");
        assert!(!p.html.contains("name=\"decision\""));
        b.get(&format!("/discussions/{id}")).await;
        let r = b.post(&format!("/discussions/{id}/comments/{}/decision", cids[0]), &[("decision", "accepted")]).await;
        assert_eq!(r.status, 403, "{email}: {}", r.text());
        let r = b.post(&format!("/discussions/{id}/notice"), &[]).await;
        assert_eq!(r.status, 403, "{email}");
        let r = b
            .post(
                &format!("/discussions/{id}/versions"),
                &[("text_md", "1. Жаңа мәтін мұнда жазылған.\n2. Екінші тармақ.")],
            )
            .await;
        assert_eq!(r.status, 403, "{email}: {}", r.text());
        assert!(r.text().contains("Not allowed"), "{}", r.text());
    }
    assert!(comments_of(&app, id).await.iter().all(|c| c["decision"].is_null()));
    assert_eq!(app.get(&format!("/api/v1/discussions/{id}/notice")).await.status, 404);
    assert_eq!(app.get(&format!("/api/v1/discussions/{id}")).await.ok(200)["current_version"]["number"], 1);
}

async fn an_officer_publishes_a_new_version_from_the_discussion_page(app: TestApp) {
    let (id, _) = closed_discussion(&app).await;
    app.clock.set(opens() + Duration::hours(2));
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get(&format!("/discussions/{id}")).await;
    assert!(action(&p, &format!("/discussions/{id}/versions")));
    assert!(p.text().contains("Publish version 2 of the text"));
    assert!(p.html.contains("Қызмет тегін көрсетіледі."), "the current text to start from");
    // Too short: refused beside the form, the text kept, no version stored.
    let r = b.post(&format!("/discussions/{id}/versions"), &[("text_md", "Қысқа"), ("note", "Түзету")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("id=\"revise-text-error\""));
    assert!(r.html.contains(">Қысқа</textarea>"), "kept");
    assert_eq!(app.get(&format!("/api/v1/discussions/{id}")).await.ok(200)["current_version"]["number"], 1);
    let revised = "1. Қызмет көрсету мерзімі үш жұмыс күні.\n2. Қызмет тегін көрсетіледі.\n3. Нәтиже электрондық түрде беріледі.\n";
    let r =
        b.post(&format!("/discussions/{id}/versions"), &[("text_md", revised), ("note", "Мерзім қысқартылды")]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let d = app.get(&format!("/api/v1/discussions/{id}")).await;
    assert_eq!(d.ok(200)["current_version"]["number"], 2);
    let p = b.get(&format!("/discussions/{id}")).await;
    assert!(p.text().contains("version 2") && p.text().contains("үш жұмыс күні"), "{}", p.text());
}

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

/// A published conclusion addressed to MTSZN with three items, officers of MTSZN and MINJUST.
async fn published_conclusion(app: &TestApp) -> i64 {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let customer = app.agency_id("ASDGS").await;
    let service = service_id(app, "ZAGS-01").await;
    let body = json!({
        "basis": "state_social_order", "order_reference": "ГСЗ-17/2026", "order_date": "2026-08-20",
        "order_customer_id": customer, "title_ru": "Качество услуг ЗАГС", "title_kk": "АХАЖ қызметтерінің сапасы",
        "methodology_md": "Наблюдатели посещают отделы ЗАГС.", "period_from": "2026-09-01", "period_to": "2026-11-30",
        "service_ids": [service], "agency_ids": [mtszn], "regions": ["110000000"],
    });
    let campaign = app.post_as(&owner, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(&owner, &format!("/api/v1/campaigns/{campaign}/activate"), json!({})).await.ok(200);
    let sections = json!({
        "compliance": "Сроки нарушены.",
        "recommendations": "1. Соблюдать сроки регистрации.\n2. Не требовать справок о составе семьи.",
        "quality_proposals": "1. Ввести электронную очередь.",
        "bylaw_proposals": "1. Сократить перечень документов в стандарте услуги.",
    });
    let body = json!({"campaign_id": campaign, "title": "Заключение по ЗАГС", "language": "ru",
                      "agency_ids": [mtszn], "sections": sections});
    let conclusion = app.post_as(&owner, "/api/v1/conclusions", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/submit"), json!({})).await.ok(200);
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/publish"), json!({})).await.ok(200);
    app.officer("officer@enbek.kz", "MTSZN").await;
    app.officer("officer@adilet.kz", "MINJUST").await;
    conclusion
}

async fn measures_of(app: &TestApp, id: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/conclusions/{id}/measures")).await.ok(200).as_array().unwrap().clone()
}

async fn an_officer_records_measures_on_a_conclusion_within_the_edit_window(app: TestApp) {
    let id = published_conclusion(&app).await;
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let page = format!("/conclusions/{id}");
    let p = b.get(&page).await;
    assert_eq!(p.status, 200);
    assert_eq!(
        p.html.matches("&#x2f;measures\"").count() + p.html.matches("/measures\" class").count(),
        4,
        "a form per item"
    );
    assert!(p.text().contains("You answer for"), "{}", p.text());
    // Declined without a reason: refused beside the item, the text kept, nothing stored.
    let r = b
        .post(
            &format!("/conclusions/{id}/measures"),
            &[
                ("item", "recommendations.2"),
                ("status", "rejected"),
                ("reason", ""),
                ("text_md", "Справка нужна по закону."),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("id=\"reason-recommendations-2-error\""), "beside the item's reason");
    assert!(r.html.contains(">Справка нужна по закону.</textarea>"), "kept");
    assert!(measures_of(&app, id).await.is_empty());
    // Taken: recorded, and the scorecard shows it as the public sees it.
    let r = b
        .post(
            &format!("/conclusions/{id}/measures"),
            &[("item", "recommendations.1"), ("status", "done"), ("reason", ""), ("text_md", "Приказ о сроках издан.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.location(), format!("/conclusions/{id}#item-recommendations.1"));
    let stored = measures_of(&app, id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["status"], "done");
    let mid = stored[0]["id"].as_i64().unwrap();
    let mut anon = Browser::new(&app);
    let public = anon.get(&page).await;
    assert!(public.text().contains("Приказ о сроках издан."));
    assert!(!public.html.contains("name=\"status\""), "no form for the public");
    // Within the window the answer is edited in place.
    let p = b.get(&page).await;
    assert!(action(&p, &format!("/conclusions/{id}/measures/{mid}")), "the edit form");
    let r = b
        .post(
            &format!("/conclusions/{id}/measures/{mid}"),
            &[
                ("item", "recommendations.1"),
                ("status", "in_progress"),
                ("reason", ""),
                ("text_md", "Приказ готовится."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(measures_of(&app, id).await[0]["status"], "in_progress");
    // Eight days later the edit is refused, the text kept, and a new answer is offered instead.
    app.clock.advance(Duration::days(8));
    let r = b
        .post(
            &format!("/conclusions/{id}/measures/{mid}"),
            &[("item", "recommendations.1"), ("status", "done"), ("reason", ""), ("text_md", "Приказ издан поздно.")],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    assert!(r.html.contains(">Приказ издан поздно.</textarea>"), "kept");
    assert!(action(&r, &format!("/conclusions/{id}/measures")), "a new answer offered");
    let stored = measures_of(&app, id).await;
    assert_eq!((stored.len(), stored[0]["status"].as_str()), (1, Some("in_progress")), "nothing changed");
}

async fn only_an_addressed_agency_is_offered_the_measures_and_a_forged_one_stores_nothing(app: TestApp) {
    let id = published_conclusion(&app).await;
    app.citizen("a@example.kz").await;
    for email in ["a@example.kz", "officer@adilet.kz"] {
        let mut b = signed_in(&app, email).await;
        let p = b.get(&format!("/conclusions/{id}")).await;
        assert_eq!(p.status, 200);
        assert!(!p.html.contains("name=\"status\""), "{email}: no form");
        let r = b
            .post(
                &format!("/conclusions/{id}/measures"),
                &[("item", "recommendations.1"), ("status", "done"), ("reason", ""), ("text_md", "Подделка.")],
            )
            .await;
        assert_eq!(r.status, 403, "{email}: {}", r.text());
        assert!(r.html.contains("role=\"alert\""));
    }
    assert!(measures_of(&app, id).await.is_empty());
}

async fn the_agency_page_shows_its_officer_the_work_waiting(app: TestApp) {
    let (id, cids) = closed_discussion(&app).await;
    let mtszn = app.agency_id("MTSZN").await;
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get(&format!("/agencies/{mtszn}")).await;
    assert_eq!(p.status, 200);
    assert!(p.text().contains("Your agency's work"), "{}", p.text());
    assert!(p.text().contains("2 of 2 comments without a decision"), "{}", p.text());
    assert!(p.links(&format!("/discussions/{id}/decide")).len() == 1);
    assert!(p.links("/discussions/new").len() == 1);
    for c in &cids {
        b.get(&format!("/discussions/{id}/decide")).await;
        b.post(&format!("/discussions/{id}/comments/{c}/decision"), &[("decision", "accepted")]).await;
    }
    let p = b.get(&format!("/agencies/{mtszn}")).await;
    assert!(p.text().contains("publish the completion notice"), "{}", p.text());
    // Other readers never see it, nor does an officer of another agency.
    for email in ["a@example.kz", "officer@adilet.kz"] {
        let mut o = signed_in(&app, email).await;
        let p = o.get(&format!("/agencies/{mtszn}")).await;
        assert!(!p.text().contains("Your agency's work"), "{email}");
    }
}

async fn the_agency_page_lists_conclusions_waiting_for_measures(app: TestApp) {
    let id = published_conclusion(&app).await;
    let mtszn = app.agency_id("MTSZN").await;
    let mut b = signed_in(&app, "officer@enbek.kz").await;
    let p = b.get(&format!("/agencies/{mtszn}")).await;
    assert!(p.text().contains("Заключение по ЗАГС : 4 items not answered"), "{}", p.text());
    assert!(p.links(&format!("/conclusions/{id}#measures-h")).len() == 1);
}

crate::on_both_databases!(
    an_officer_puts_a_draft_up_for_discussion_seeing_the_earliest_closing_date_first,
    an_officer_puts_the_annual_report_up_for_discussion,
    only_officers_are_offered_the_new_discussion_form_and_a_forged_one_stores_nothing,
    an_officer_decides_every_comment_and_publishes_the_notice,
    decisions_wait_for_the_window_to_close,
    a_citizen_or_another_agency_cannot_decide_and_a_forged_post_changes_nothing,
    an_officer_publishes_a_new_version_from_the_discussion_page,
    an_officer_records_measures_on_a_conclusion_within_the_edit_window,
    only_an_addressed_agency_is_offered_the_measures_and_a_forged_one_stores_nothing,
    the_agency_page_shows_its_officer_the_work_waiting,
    the_agency_page_lists_conclusions_waiting_for_measures,
);
