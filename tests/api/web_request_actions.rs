//! The addressed agency's side of an information request on the web: the inbox with its filters,
//! counts and flags, and the actions on the request's page (answer with files, already published,
//! refuse on a ground, extend once after a confirm step, forward); each refusal beside the form
//! with the text kept, and a forged action refused with nothing changed.
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use crate::{
    browser::Browser,
    helpers::TestApp,
    web_requests::{PASSWORD, submitted},
};

const PDF: &[u8] = b"%PDF-1.4\n% answer table\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

async fn view(app: &TestApp, id: i64) -> Value {
    app.get(&format!("/api/v1/requests/{id}")).await.ok(200).clone()
}

async fn timeline_len(app: &TestApp, id: i64) -> usize {
    app.get(&format!("/api/v1/requests/{id}/timeline")).await.ok(200).as_array().unwrap().len()
}

/// The content seeded, a citizen's submitted request to MTSZN and an officer of MTSZN signed in.
async fn setup(app: &TestApp) -> (String, i64, i64) {
    app.seed_content().await;
    app.officer("officer@enbek.kz", "MTSZN").await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let id = submitted(app, &token, mtszn, "Пособия на погребение").await;
    (token, mtszn, id)
}

async fn an_officer_answers_with_a_file_through_the_page(app: TestApp) {
    let (_, _, id) = setup(&app).await;
    let page = format!("/requests/{id}");
    // The public and the requester see no action.
    let p = Browser::new(&app).get(&page).await;
    assert!(!p.text().contains("Your agency's actions"));
    let mut citizen = Browser::new(&app);
    citizen.sign_in("a@example.kz", PASSWORD).await;
    assert!(!citizen.get(&page).await.html.contains("name=\"body_md\""));
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    let p = officer.get(&page).await;
    let text = p.text();
    for expected in [
        "Your agency's actions",
        "Answer",
        "Already published, here:",
        "Refuse on a ground of law",
        "Extend the deadline",
        "Forward to another agency",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(p.html.contains("enctype=\"multipart/form-data\""));
    // Too short: refused, the text kept, nothing published.
    let r = officer
        .post_multipart(
            &format!("/requests/{id}/answer"),
            &[("body_md", "Коротко")],
            &[("files", "Таблица.pdf", "application/pdf", PDF)],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\"") && r.text().contains("Коротко"), "{}", r.text());
    assert_eq!(view(&app, id).await["state"], "submitted");
    let r = officer
        .post_multipart(
            &format!("/requests/{id}/answer"),
            &[("body_md", "Назначено 1 204 пособия на погребение, таблица приложена.")],
            &[("files", "Таблица.pdf", "application/pdf", PDF)],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, format!("/requests/{id}?done=answered").as_str()), "{}", r.text());
    assert_eq!(view(&app, id).await["state"], "answered");
    let p = officer.get(r.location()).await;
    assert!(p.html.contains("role=\"status\""));
    assert!(p.text().contains("Назначено 1 204 пособия на погребение"), "{}", p.text());
    assert!(!p.text().contains("Your agency's actions"), "nothing more to do on an answered request");
    let files = p.links(&format!("/api/v1/requests/{id}/files/"));
    assert_eq!(files.len(), 1, "{files:?}");
    let (status, _, bytes) = app.get_bytes(&files[0]).await;
    assert_eq!((status, bytes.as_slice()), (200, PDF), "the file is public once the answer names it");
}

async fn strangers_citizens_and_other_agencies_cannot_act(app: TestApp) {
    let (_, _, id) = setup(&app).await;
    app.officer("officer@moh.kz", "MZ").await;
    let before = view(&app, id).await;
    let events = timeline_len(&app, id).await;
    // Signed out (no session, so no valid form either): refused, nothing done.
    let mut anon = Browser::new(&app);
    anon.get(&format!("/requests/{id}")).await;
    let r = anon
        .post(&format!("/requests/{id}/refuse"), &[("ground", "state_secret"), ("reason", "Государственная тайна")])
        .await;
    assert!(matches!(r.status, 303 | 403), "{}", r.status);
    for email in ["a@example.kz", "officer@moh.kz"] {
        let mut b = Browser::new(&app);
        b.sign_in(email, PASSWORD).await;
        let p = b.get(&format!("/requests/{id}")).await;
        assert!(!p.text().contains("Your agency's actions"), "{email} is offered nothing");
        let r = b
            .post_multipart(
                &format!("/requests/{id}/answer"),
                &[("body_md", "Подделанный ответ на запрос.")],
                &[("files", "x.pdf", "application/pdf", PDF)],
            )
            .await;
        assert_eq!(r.status, 403, "{email}: {}", r.text());
        assert!(r.html.contains("role=\"alert\"") && r.text().contains("Nothing was changed"), "{}", r.text());
        for (path, fields) in [
            ("refuse", vec![("ground", "state_secret"), ("reason", "Государственная тайна")]),
            ("extend", vec![("days", "10"), ("reason", "Сбор сведений"), ("confirm", "yes")]),
            ("extend", vec![("days", "10"), ("reason", "Сбор сведений")]),
            ("forward", vec![("agency_id", "1"), ("reason", "Сведения у другого органа")]),
        ] {
            let r = b.post(&format!("/requests/{id}/{path}"), &fields).await;
            assert_eq!(r.status, 403, "{email} {path}: {}", r.text());
        }
    }
    assert_eq!(view(&app, id).await, before, "nothing changed");
    assert_eq!(timeline_len(&app, id).await, events);
    let files: i64 = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        entity::request_file::Entity::find().count(&app.db).await.unwrap() as i64
    };
    assert_eq!(files, 0, "no file stored by a forged answer");
}

async fn an_officer_extends_once_after_confirming_the_new_date(app: TestApp) {
    let (token, _, id) = setup(&app).await;
    let due = view(&app, id).await["due_date"].as_str().unwrap().to_string();
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    officer.get(&format!("/requests/{id}")).await;
    // More than the rule allows: refused, the reason kept.
    let r = officer
        .post(&format!("/requests/{id}/extend"), &[("days", "40"), ("reason", "Сбор сведений по регионам")])
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("Must be between 1 and 15") && r.text().contains("Сбор сведений по регионам"),
        "{}",
        r.text()
    );
    // The confirm step: the new due date, that the requester is notified; nothing stored yet.
    let r = officer
        .post(&format!("/requests/{id}/extend"), &[("days", "10"), ("reason", "Сбор сведений по регионам")])
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let text = r.text();
    assert!(text.contains("Confirm the extension") && text.contains("The requester is notified"), "{text}");
    assert!(text.contains("New due date"), "{text}");
    assert_eq!(view(&app, id).await["due_date"], due.as_str());
    assert_eq!(view(&app, id).await["extended"], false);
    let r = officer
        .post(
            &format!("/requests/{id}/extend"),
            &[("days", "10"), ("reason", "Сбор сведений по регионам"), ("confirm", "yes")],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, format!("/requests/{id}?done=extended").as_str()), "{}", r.text());
    let v = view(&app, id).await;
    assert_eq!((v["state"].as_str(), v["extended"].as_bool()), (Some("extended"), Some(true)));
    assert_ne!(v["due_date"], due.as_str());
    let notes = app.get_as(&token, "/api/v1/me/notifications").await;
    assert!(notes.text.contains("request_extended"), "{}", notes.text);
    // Once only: not offered again, and a forged second extension is refused.
    let p = officer.get(&format!("/requests/{id}")).await;
    assert!(!p.text().contains("Extend the deadline") && p.text().contains("Answer"), "{}", p.text());
    let r = officer
        .post(&format!("/requests/{id}/extend"), &[("days", "5"), ("reason", "Ещё раз продлить"), ("confirm", "yes")])
        .await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Not possible in this state"), "{}", r.text());
    assert!(r.text().contains("Nothing was changed"), "{}", r.text());
    assert_eq!(view(&app, id).await["due_date"], v["due_date"], "unchanged");
}

async fn an_officer_refuses_on_a_ground_or_points_to_what_is_published(app: TestApp) {
    let (token, mtszn, id) = setup(&app).await;
    let other = submitted(&app, &token, mtszn, "Сведения о зарплатах сотрудников").await;
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    officer.get(&format!("/requests/{id}")).await;
    // "Already published" without the link: refused, the reason kept.
    let r = officer
        .post(
            &format!("/requests/{id}/refuse"),
            &[("ground", "already_published"), ("url", ""), ("reason", "Опубликовано в годовом отчёте")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Опубликовано в годовом отчёте"), "{}", r.text());
    assert_eq!(view(&app, id).await["state"], "submitted");
    let r = officer
        .post(
            &format!("/requests/{id}/refuse"),
            &[
                ("ground", "already_published"),
                ("url", "https://www.gov.kz/memleket/entities/enbek/documents"),
                ("reason", "Опубликовано в годовом отчёте"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let v = view(&app, id).await;
    assert_eq!((v["state"].as_str(), v["refusal_ground"].as_str()), (Some("refused"), Some("already_published")));
    let p = officer.get(&format!("/requests/{id}")).await;
    assert!(p.links("https://www.gov.kz/").iter().any(|l| l.contains("enbek/documents")), "the link on the timeline");
    // A ground: none chosen is refused; a secret is recorded.
    officer.get(&format!("/requests/{other}")).await;
    let r = officer
        .post(&format!("/requests/{other}/refuse"), &[("ground", ""), ("reason", "Персональные данные сотрудников")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Персональные данные сотрудников"), "kept");
    let r = officer
        .post(
            &format!("/requests/{other}/refuse"),
            &[("ground", "other_protected_secret"), ("reason", "Персональные данные сотрудников")],
        )
        .await;
    assert_eq!(r.status, 303);
    let v = view(&app, other).await;
    assert_eq!((v["state"].as_str(), v["refusal_ground"].as_str()), (Some("refused"), Some("other_protected_secret")));
    assert!(officer.get(&format!("/requests/{other}")).await.text().contains("another secret protected by law"));
}

async fn an_officer_forwards_to_the_agency_that_holds_the_information(app: TestApp) {
    let (_, mtszn, id) = setup(&app).await;
    let mz = app.agency_id("MZ").await;
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    let p = officer.get(&format!("/requests/{id}")).await;
    let select = &p.html[p.html.find("id=\"forward_agency\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains(&format!("value=\"{mz}\"")) && !select.contains(&format!("value=\"{mtszn}\"")));
    // To itself (forged): refused, the reason kept.
    let r = officer
        .post(
            &format!("/requests/{id}/forward"),
            &[("agency_id", &mtszn.to_string()), ("reason", "Сведения у Минздрава")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Сведения у Минздрава"), "{}", r.text());
    let r = officer
        .post(&format!("/requests/{id}/forward"), &[("agency_id", &mz.to_string()), ("reason", "Сведения у Минздрава")])
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(view(&app, id).await["state"], "forwarded");
    let forwarded = app.get(&format!("/api/v1/requests?agency={mz}")).await;
    assert_eq!(forwarded.ok(200)["items"][0]["forwarded_from"], id);
}

async fn the_inbox_filters_counts_flags_and_pages(app: TestApp) {
    let (token, mtszn, first) = setup(&app).await;
    // 26 more requests a week later: the first is due soonest, then overdue.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 3, 5, 0, 0).single().unwrap());
    let mut later = Vec::new();
    for i in 0..26 {
        later.push(submitted(&app, &token, mtszn, &format!("Запрос номер {i} о пособиях")).await);
    }
    let officer_token = app.login("officer@enbek.kz").await;
    app.post_as(
        &officer_token,
        &format!("/api/v1/requests/{}/answer", later[0]),
        json!({"body_md": "Ответ на запрос о пособиях."}),
    )
    .await
    .ok(200);
    // 11 December: the first (due 11 Dec) is due today, so due soon; none overdue yet.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 11, 5, 0, 0).single().unwrap());
    let mut b = Browser::new(&app);
    b.sign_in("officer@enbek.kz", PASSWORD).await;
    let p = b.get("/inbox").await;
    assert_eq!(p.status, 200, "{}", p.text());
    let text = p.text();
    assert!(text.contains("26 open") && text.contains("0 overdue") && text.contains("1 due within 3 days"), "{text}");
    assert!(text.contains("26 requests match") && text.contains("Page 1 of 2"), "{text}");
    let links = p.links("/requests/");
    assert_eq!(links.first(), Some(&format!("/requests/{first}")), "nearest due date first");
    assert!(p.html.contains("due soon"));
    assert!(p.links("/inbox?").iter().any(|l| l.contains("page=2")), "{:?}", p.links("/inbox"));
    let p2 = b.get("/inbox?page=2").await;
    assert_eq!(p2.links("/requests/").len(), 1);
    // Filters: a state, a horizon, the dates received; they stay in the form.
    let p = b.get("/inbox?state=answered").await;
    assert_eq!(p.links("/requests/"), vec![format!("/requests/{}", later[0])]);
    let p = b.get("/inbox?due_within=2").await;
    assert_eq!(p.links("/requests/"), vec![format!("/requests/{first}")]);
    assert!(p.html.contains("name=\"due_within\" min=\"0\" max=\"366\" value=\"2\""));
    let p = b.get("/inbox?state=all&from=2026-12-01&to=2026-12-31").await;
    assert!(p.text().contains("26 requests match"), "{}", p.text());
    let p = b.get("/inbox?state=all&to=2026-11-30").await;
    assert!(p.text().contains("1 requests match"), "{}", p.text());
    // Past the first's due date: flagged overdue and counted.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 14, 5, 0, 0).single().unwrap());
    let p = b.get("/inbox").await;
    assert!(p.text().contains("1 overdue"), "{}", p.text());
    assert!(p.html.contains("<strong class=\"badge\">overdue</strong>"));
    // A filter that cannot be read: refused beside the form, the value kept.
    let p = b.get("/inbox?from=yesterday").await;
    assert_eq!(p.status, 400, "{}", p.text());
    assert!(p.html.contains("role=\"alert\"") && p.html.contains("value=\"yesterday\""), "{}", p.text());
    assert!(!p.text().contains("/docs"), "no API text: {}", p.text());
}

/// A NUL or another control character in the multipart answer (its text or a file's name) is a
/// 422 beside the form, never a failed statement on PostgreSQL; nothing is stored.
async fn a_control_character_in_the_answer_form_is_refused(app: TestApp) {
    let (_, _, id) = setup(&app).await;
    let mut officer = Browser::new(&app);
    officer.sign_in("officer@enbek.kz", PASSWORD).await;
    officer.get(&format!("/requests/{id}")).await;
    for (text, file) in [
        ("Назначено 1 204 пособия\u{0}, таблица приложена.", "Таблица.pdf"),
        ("Назначено 1 204 пособия, таблица приложена.", "Табл\u{0}ица.pdf"),
    ] {
        let r = officer
            .post_multipart(
                &format!("/requests/{id}/answer"),
                &[("body_md", text)],
                &[("files", file, "application/pdf", PDF)],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert!(r.html.contains("role=\"alert\""), "{}", r.text());
        assert_eq!(view(&app, id).await["state"], "submitted");
    }
}

crate::on_both_databases!(
    a_control_character_in_the_answer_form_is_refused,
    an_officer_answers_with_a_file_through_the_page,
    strangers_citizens_and_other_agencies_cannot_act,
    an_officer_extends_once_after_confirming_the_new_date,
    an_officer_refuses_on_a_ground_or_points_to_what_is_published,
    an_officer_forwards_to_the_agency_that_holds_the_information,
    the_inbox_filters_counts_flags_and_pages,
);
