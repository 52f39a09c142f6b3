//! Public discussions of draft acts (Law Art. 15) over HTTP.
use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Opens Friday 27 November 2026 09:00 in Almaty; the tenth working day after is Friday 11 December.
fn opens() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap()
}

fn closes() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap()
}

const DRAFT: &str = "## Жалпы ережелер\n\n1. Қызмет көрсету мерзімі бес жұмыс күні.\n2. Қызмет тегін көрсетіледі.\n3. Нәтиже электрондық түрде беріледі.\n";

async fn s_nosniff(app: &TestApp) -> String {
    let r = app.get("/api/v1/discussions").await;
    r.headers.get("x-content-type-options").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

async fn published(app: &TestApp, officer: &str) -> Value {
    let r = app
        .post_as(officer, "/api/v1/discussions", json!({"subject": "draft_act", "title_kk": "Қызмет көрсету қағидаларының жобасы", "title_ru": "Проект правил оказания услуги",
            "text_md": DRAFT, "opens_at": opens(), "closes_at": closes()}))
        .await;
    r.ok(201).clone()
}

/// A citizen who gave a full name.
async fn identified(app: &TestApp, email: &str, full_name: &str) -> String {
    let (token, _) = app.citizen(email).await;
    app.patch_as(&token, "/api/v1/me", json!({"full_name": full_name})).await.ok(200);
    token
}

async fn the_window_is_at_least_ten_working_days(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let mut body = json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы", "title_ru": "Проект правил", "text_md": DRAFT,
        "opens_at": opens(), "closes_at": closes() - Duration::days(1)});
    let r = app.post_as(&officer, "/api/v1/discussions", body.clone()).await;
    let e = &r.problem(422, "validation_failed")["errors"][0];
    assert_eq!(e["code"], "window_too_short");
    assert!(e["message"].as_str().unwrap().contains("2026-12-11"), "{e}");
    body["closes_at"] = json!(opens() - Duration::hours(1));
    assert_eq!(
        app.post_as(&officer, "/api/v1/discussions", body).await.problem(422, "validation_failed")["errors"][0]["code"],
        "closes_before_opening"
    );
    let (citizen, _) = app.citizen("c@example.kz").await;
    app.post_as(&citizen, "/api/v1/discussions", json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы", "title_ru": "Проект правил", "text_md": DRAFT, "opens_at": opens(), "closes_at": closes()}))
        .await
        .problem(403, "forbidden");
    let d = published(&app, &officer).await;
    assert_eq!(d["status"], "upcoming");
    assert_eq!(d["opens_at_local"], "2026-11-27T09:00:00+05:00");
    let anchors: Vec<&str> =
        d["current_version"]["clauses"].as_array().unwrap().iter().map(|c| c["anchor"].as_str().unwrap()).collect();
    assert_eq!(anchors, ["c1", "c2", "c3"]);
}

async fn a_discussion_cannot_be_back_dated(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let now = crate::helpers::start_time();
    // Opened thirty days ago, closing 25 seconds from now: ten working days "passed", yet nobody could comment.
    let body = |opens_at: DateTime<Utc>, closes_at: DateTime<Utc>| {
        json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы", "title_ru": "Проект правил", "text_md": DRAFT,
            "opens_at": opens_at, "closes_at": closes_at})
    };
    let r =
        app.post_as(&officer, "/api/v1/discussions", body(now - Duration::days(30), now + Duration::seconds(25))).await;
    let e = &r.problem(422, "validation_failed")["errors"][0];
    assert_eq!((e["code"].as_str(), e["pointer"].as_str()), (Some("opens_before_posting"), Some("/opens_at")), "{e}");
    assert_eq!(app.get("/api/v1/discussions").await.ok(200)["items"].as_array().unwrap().len(), 0, "nothing stored");
    // Opening now, the ten working days run from now: closing before the tenth is refused.
    let r = app.post_as(&officer, "/api/v1/discussions", body(now, now + Duration::days(3))).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "window_too_short");
    // A poster's clock a minute behind is no back-dating.
    app.post_as(&officer, "/api/v1/discussions", body(now - Duration::minutes(1), now + Duration::days(30)))
        .await
        .ok(201);
}

async fn anonymous_and_late_comments_are_refused_to_the_second(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let id = published(&app, &officer).await["id"].as_i64().unwrap();
    let path = format!("/api/v1/discussions/{id}/comments");
    let author = identified(&app, "a@example.kz", "Айгерім Сәрсенова").await;
    let body = json!({"anchor": "c1", "proposal_md": "Мерзімді үш күнге қысқарту керек."});
    app.clock.set(opens() - Duration::seconds(1));
    app.post_as(&author, &path, body.clone()).await.problem(409, "discussion_not_open");
    app.clock.set(opens());
    app.post_as(&author, &path, body.clone()).await.ok(201);
    // No full name: anonymous, refused, and told why in the client's language.
    let (anonymous, _) = app.citizen("anon@example.kz").await;
    let r = app.call(Method::POST, &path, Some(&anonymous), Some(body.clone()), &[("accept-language", "kk")]).await;
    assert_eq!(r.problem(403, "anonymous_comment")["title"], "Жасырын ескертулер қаралмайды");
    app.post(&path, body.clone()).await.problem(401, "unauthorized");
    app.clock.set(closes());
    let last = app.post_as(&author, &path, body.clone()).await;
    let last_id = last.ok(201)["id"].as_i64().unwrap();
    app.clock.set(closes() + Duration::seconds(1));
    app.post_as(&author, &path, body).await.problem(409, "discussion_closed");
    app.patch_as(&author, &format!("{path}/{last_id}"), json!({"proposal_md": "Өзгертілген мәтін."}))
        .await
        .problem(409, "discussion_closed");
    // Anyone reads the comments: names, never e-mails.
    let r = app.get(&path).await;
    assert_eq!(r.ok(200).as_array().unwrap().len(), 2);
    assert_eq!(r.body[0]["source"], "A citizen", "readers see the name only as the author chose");
    assert!(!r.text.contains("a@example.kz"));
}

async fn edits_keep_revisions_and_clause_anchors_survive_a_revised_text(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let id = published(&app, &officer).await["id"].as_i64().unwrap();
    app.clock.set(opens() + Duration::hours(1));
    let author = identified(&app, "a@example.kz", "Айгерім Сәрсенова").await;
    let c = app
        .post_as(&author, &format!("/api/v1/discussions/{id}/comments"), json!({"anchor": "c2", "proposal_md": "Тегін екенін нақтылау керек.", "replacement_text": "Қызмет барлық алушыларға тегін көрсетіледі."}))
        .await;
    let cid = c.ok(201)["id"].as_i64().unwrap();
    let r = app
        .patch_as(
            &author,
            &format!("/api/v1/discussions/{id}/comments/{cid}"),
            json!({"proposal_md": "Тегін екенін анық жазу керек."}),
        )
        .await;
    assert_eq!(r.ok(200)["proposal_md"], "Тегін екенін анық жазу керек.");
    let revs = app.get(&format!("/api/v1/discussions/{id}/comments/{cid}/revisions")).await;
    assert_eq!(revs.ok(200)[0]["proposal_md"], "Тегін екенін нақтылау керек.");
    let (other, _) = app.citizen("o@example.kz").await;
    app.patch_as(&other, &format!("/api/v1/discussions/{id}/comments/{cid}"), json!({"proposal_md": "Бөтен түзету."}))
        .await
        .problem(403, "forbidden");
    app.post_as(
        &author,
        &format!("/api/v1/discussions/{id}/comments"),
        json!({"anchor": "c9", "proposal_md": "Жоқ тармаққа."}),
    )
    .await
    .problem(422, "validation_failed");
    // The revised text: a clause inserted first, clause 2 reworded, clause 3 unchanged.
    let revised = "## Жалпы ережелер\n\n1. Қызметті алушылар: жеке тұлғалар.\n2. Қызмет көрсету мерзімі бес жұмыс күні.\n3. Қызмет барлық алушыларға тегін көрсетіледі.\n4. Нәтиже электрондық түрде беріледі.\n";
    let r = app
        .post_as(
            &officer,
            &format!("/api/v1/discussions/{id}/versions"),
            json!({"text_md": revised, "note": "Ескертулер бойынша"}),
        )
        .await;
    let v = r.ok(201);
    let clauses: Vec<(&str, u64)> = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["anchor"].as_str().unwrap(), c["number"].as_u64().unwrap()))
        .collect();
    assert_eq!(clauses, [("c4", 1), ("c1", 2), ("c2", 3), ("c3", 4)]);
    let d = app.get(&format!("/api/v1/discussions/{id}/diff?from=1&to=2")).await;
    let statuses: Vec<(&str, &str)> = d
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["anchor"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("c4", "added"), ("c1", "unchanged"), ("c2", "changed"), ("c3", "unchanged")]);
    // The comment stays on version 1, clause c2, which is clause 3 of version 2.
    let comments = app.get(&format!("/api/v1/discussions/{id}/comments")).await;
    assert_eq!(comments.ok(200)[0]["version"], 1);
    assert_eq!(comments.body[0]["anchor"], "c2");
    assert_eq!(app.get(&format!("/api/v1/discussions/{id}")).await.ok(200)["current_version"]["number"], 2);
}

async fn the_notice_waits_for_every_decision_and_then_never_changes(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let stranger_officer = app.officer("officer@adilet.kz", "MINJUST").await;
    let id = published(&app, &officer).await["id"].as_i64().unwrap();
    app.clock.set(opens() + Duration::hours(1));
    let person = identified(&app, "a@example.kz", "Айгерім Сәрсенова").await;
    let (chair, _) = app.citizen("chair@ngo.kz").await;
    app.patch_as(&chair, "/api/v1/me", json!({"full_name": "Ерлан Нұрланов"})).await.ok(200);
    let org = app.organization(&chair, "Адал азамат", "040840001231").await;
    let first = app
        .post_as(
            &person,
            &format!("/api/v1/discussions/{id}/comments"),
            json!({"anchor": "c1", "proposal_md": "Мерзімді үш жұмыс күніне қысқарту."}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let second = app
        .post_as(
            &chair,
            &format!("/api/v1/discussions/{id}/comments"),
            json!({"organization_id": org, "proposal_md": "Жобаға мемлекеттік баждың мөлшерін қосу."}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let decide = |cid: i64| format!("/api/v1/discussions/{id}/comments/{cid}/decision");
    app.call(Method::PUT, &decide(first), Some(&officer), Some(json!({"decision": "accepted"})), &[])
        .await
        .problem(409, "discussion_still_open");
    app.clock.set(closes() + Duration::days(2));
    app.call(Method::PUT, &decide(first), Some(&stranger_officer), Some(json!({"decision": "accepted"})), &[])
        .await
        .problem(403, "forbidden");
    app.call(Method::PUT, &decide(first), Some(&person), Some(json!({"decision": "accepted"})), &[])
        .await
        .problem(403, "forbidden");
    let r = app.call(Method::PUT, &decide(first), Some(&officer), Some(json!({"decision": "rejected"})), &[]).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/reason");
    app.call(
        Method::PUT,
        &decide(first),
        Some(&officer),
        Some(json!({"decision": "partially_accepted", "reason": "Төрт жұмыс күні белгіленді"})),
        &[],
    )
    .await
    .ok(200);
    let r = app.post_as(&officer, &format!("/api/v1/discussions/{id}/notice"), json!({})).await;
    let p = r.problem(409, "dispositions_missing");
    assert!(p["detail"].as_str().unwrap().contains(&second.to_string()), "{}", r.text);
    app.call(Method::PUT, &decide(second), Some(&officer), Some(json!({"decision": "not_considered", "reason": "Баж мөлшері Салық кодексімен белгіленеді, жобаның нысанасы емес"})), &[]).await.ok(200);
    let r = app.post_as(&officer, &format!("/api/v1/discussions/{id}/notice"), json!({})).await;
    let n = r.ok(201).clone();
    assert_eq!(n["items"].as_array().unwrap().len(), 2);
    // Issue 20 p.3: the author keeps their name private (the default), so the notice names them
    // as they chose to be shown: neither their full name nor their display name.
    assert_eq!(n["items"][0]["source"], "Азамат / Гражданин");
    assert_eq!(n["items"][0]["clause_number"], 1);
    assert_eq!(n["items"][0]["decision"], "partially_accepted");
    assert_eq!(n["items"][1]["source"], "Адал азамат");
    assert!(n["items"][1]["clause_number"].is_null());
    assert_eq!(n["items"][1]["reason"], "Баж мөлшері Салық кодексімен белгіленеді, жобаның нысанасы емес");
    assert_eq!(n["totals"]["partially_accepted"], 1);
    assert_eq!(n["totals"]["not_considered"], 1);
    assert_eq!(n["totals"]["total"], 2);
    assert_eq!(n["revised_text_url"], format!("/api/v1/discussions/{id}/versions/1"));
    // Published once, then frozen.
    app.post_as(&officer, &format!("/api/v1/discussions/{id}/notice"), json!({}))
        .await
        .problem(409, "notice_already_published");
    app.call(Method::PUT, &decide(first), Some(&officer), Some(json!({"decision": "accepted"})), &[])
        .await
        .problem(409, "notice_already_published");
    let md = app.get(&format!("/api/v1/discussions/{id}/notice.md")).await;
    assert!(
        md.text.contains("| 1 | 1 | Мерзімді үш жұмыс күніне қысқарту. | Азамат / Гражданин | partially_accepted |"),
        "{}",
        md.text
    );
    let html = app.get(&format!("/api/v1/discussions/{id}/notice.html")).await;
    assert!(html.text.contains("<table>") && html.text.contains("Адал азамат"));
    let csp = html.headers.get("content-security-policy").expect("a CSP").to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe"), "{csp}");
    assert_eq!(html.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(s_nosniff(&app).await, "nosniff", "JSON answers too");
    let public = [
        app.get(&format!("/api/v1/discussions/{id}/comments")).await.text,
        app.get(&format!("/api/v1/comments/{first}")).await.text,
        app.get(&format!("/api/v1/comments/export.csv?discussion={id}")).await.text,
        app.get(&format!("/api/v1/comments/export.ndjson?discussion={id}")).await.text,
        app.get(&format!("/api/v1/discussions/{id}/notice")).await.text,
        md.text.clone(),
        html.text.clone(),
        app.get(&format!("/discussions/{id}")).await.text,
        app.get("/api/v1/events?limit=100").await.text,
    ];
    for text in &public {
        assert!(!text.contains("Айгерім Сәрсенова") && !text.contains("User a"), "{text}");
    }
    let c = app.call(Method::GET, &format!("/api/v1/comments/{first}"), None, None, &[("accept-language", "en")]).await;
    assert_eq!(c.ok(200)["source"], "A citizen");
    // Once the author chooses to be shown, readers see the display name, never the legal name.
    app.patch_as(&person, "/api/v1/me", json!({"show_name_publicly": true})).await.ok(200);
    let c = app.get(&format!("/api/v1/comments/{first}")).await;
    assert_eq!(c.ok(200)["source"], "User a");
    assert!(app.get(&format!("/discussions/{id}")).await.text.contains("User a"));
    app.drain().await;
    let s = app.get("/api/v1/search?kind=draft_act&q=правил").await;
    assert_eq!(s.ok(200)["total"], 1);
    let f = app.get(&format!("/api/v1/agencies/{}/discussions/figures", app.agency_id("MTSZN").await)).await;
    let f = f.ok(200);
    assert_eq!(f["discussions_held"], 1);
    assert_eq!(f["comments_received"], 2);
    assert_eq!(f["share_accepted"], 0.5);
    assert_eq!(f["median_days_close_to_notice"], 2.0);
}

async fn an_annual_report_is_discussed_the_same_way(app: TestApp) {
    app.seed_content().await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let reports = app.get(&format!("/api/v1/reports?agency={mtszn}")).await;
    let report = reports.ok(200)["items"][0]["id"].as_i64().unwrap();
    let r = app
        .post_as(&officer, "/api/v1/discussions", json!({"subject": "report", "report_id": report, "title_kk": "Жылдық есепті талқылау", "title_ru": "Обсуждение годового отчёта", "opens_at": opens(), "closes_at": closes()}))
        .await;
    let d = r.ok(201);
    assert_eq!(d["subject"], "report");
    assert!(d["current_version"]["clauses"].as_array().unwrap().len() > 3);
    let minjust = app.agency_id("MINJUST").await;
    let theirs =
        app.get(&format!("/api/v1/reports?agency={minjust}")).await.ok(200)["items"][0]["id"].as_i64().unwrap();
    app.post_as(&officer, "/api/v1/discussions", json!({"subject": "report", "report_id": theirs, "title_kk": "Жылдық есепті талқылау", "title_ru": "Обсуждение отчёта", "opens_at": opens(), "closes_at": closes()}))
        .await
        .problem(403, "forbidden");
}

crate::on_both_databases!(
    the_window_is_at_least_ten_working_days,
    a_discussion_cannot_be_back_dated,
    anonymous_and_late_comments_are_refused_to_the_second,
    edits_keep_revisions_and_clause_anchors_survive_a_revised_text,
    the_notice_waits_for_every_decision_and_then_never_changes,
    an_annual_report_is_discussed_the_same_way,
);
