//! Information requests (Law Art. 29 p.2) over HTTP.
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Set the clock to 10:00 in Almaty on a date.
fn at(app: &TestApp, y: i32, m: u32, d: u32) {
    app.clock.set(Utc.with_ymd_and_hms(y, m, d, 5, 0, 0).single().unwrap());
}

async fn draft(app: &TestApp, token: &str, agency: i64, subject: &str, questions: &str) -> i64 {
    let r = app
        .post_as(
            token,
            "/api/v1/requests",
            json!({"agency_id": agency, "language": "ru", "subject": subject, "questions_md": questions}),
        )
        .await;
    r.ok(201)["id"].as_i64().unwrap()
}

/// Draft, check and submit: the request's view after submission.
async fn submitted(app: &TestApp, token: &str, agency: i64, subject: &str, questions: &str) -> Value {
    let id = draft(app, token, agency, subject, questions).await;
    app.post_as(token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    let r = app
        .post_as(
            token,
            &format!("/api/v1/requests/{id}/submit"),
            json!({"none_of_the_matches_answers": true, "no_secrets_sought": true}),
        )
        .await;
    r.ok(200).clone()
}

async fn only_the_bodies_the_law_names_can_be_asked(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let (admin, _) = app.admin("root@example.kz").await;
    let provider = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "SOME-LLP", "kind": "service_provider", "name_kk": "Серіктестік", "name_ru": "Товарищество", "name_en": "Partnership"}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let r = app.post_as(&token, "/api/v1/requests", json!({"agency_id": provider, "language": "ru", "subject": "Сведения об услугах", "questions_md": "Сколько услуг оказано?"})).await;
    r.problem(422, "addressee_not_allowed");
    for code in ["MTSZN", "AKIMAT-AKM-ZERENDI", "GOVCORP", "AKIM-AKM-ZERENDI-ZERENDI"] {
        let id = app.agency_id(code).await;
        draft(&app, &token, id, "Сведения об услугах", "Сколько услуг оказано в 2025 году?").await;
    }
}

async fn a_request_goes_out_only_after_a_check_of_the_current_text(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let arshaly = app.agency_id("AKIMAT-AKM-ARSHALY").await;
    let id = draft(
        &app,
        &token,
        arshaly,
        "Сроки оказания услуг в сельских округах",
        "Сколько нарушений сроков оказания услуг выявлено в сельских округах района?",
    )
    .await;
    let submit = json!({"none_of_the_matches_answers": true, "no_secrets_sought": true});
    app.post_as(&token, &format!("/api/v1/requests/{id}/submit"), submit.clone())
        .await
        .problem(409, "published_check_required");
    let check = app.post_as(&token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await;
    let c = check.ok(201);
    // The district's own demo report speaks of exactly this; it must be shown.
    assert!(
        c["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "report" && d["snippet"].as_str().unwrap().contains("<mark>")),
        "{}",
        check.text
    );
    assert_eq!(c["stale"], false);
    app.patch_as(
        &token,
        &format!("/api/v1/requests/{id}"),
        json!({"questions_md": "Сколько нарушений сроков выявлено в 2025 году?"}),
    )
    .await
    .ok(200);
    app.post_as(&token, &format!("/api/v1/requests/{id}/submit"), submit.clone())
        .await
        .problem(409, "published_check_stale");
    app.post_as(&token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    let r = app
        .post_as(
            &token,
            &format!("/api/v1/requests/{id}/submit"),
            json!({"none_of_the_matches_answers": false, "no_secrets_sought": false}),
        )
        .await;
    let pointers: Vec<&str> = r.problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/none_of_the_matches_answers", "/no_secrets_sought"]);
    let r = app.post_as(&token, &format!("/api/v1/requests/{id}/submit"), submit).await;
    let v = r.ok(200);
    assert_eq!(v["state"], "submitted");
    assert_eq!(v["number"], format!("BQ-2026-{id:06}"));
    // Thursday 26 November 2026 + 15 calendar days: Friday 11 December, a working day.
    assert_eq!(v["registration_date"], "2026-11-26");
    assert_eq!(v["due_date"], "2026-12-11");
    assert_eq!(v["deadline_rule"]["unit"], "calendar_days");
    // The check and the statement are published with the request.
    let public = app.get(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(public.ok(200)["none_of_the_matches_answers"], true);
    assert!(public.body["published_check"]["documents"].is_array());
    app.patch_as(&token, &format!("/api/v1/requests/{id}"), json!({"subject": "Другое"}))
        .await
        .problem(409, "request_not_editable");
}

async fn deadlines_across_a_holiday_and_a_transfer(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    // Registered Tue 10 March 2026: day 15 is Wed 25 March, Nauryz; due Thu 26 March.
    at(&app, 2026, 3, 10);
    let v = submitted(&app, &token, mtszn, "Пособия в марте", "Сколько пособий назначено в марте?").await;
    assert_eq!(v["due_date"], "2026-03-26");
    // Registered Thu 19 December 2024: day 15 is Fri 3 January 2025, off by a transfer, and
    // Saturday; Sunday 5 January was worked in exchange, so the deadline is that Sunday.
    at(&app, 2024, 12, 19);
    let v = submitted(&app, &token, mtszn, "Пособия в декабре", "Сколько пособий назначено в декабре?").await;
    assert_eq!(v["due_date"], "2025-01-05");
}

async fn overdue_is_derived_from_the_date(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let v = submitted(&app, &token, mtszn, "Пособия", "Сколько пособий назначено?").await;
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["overdue"], false);
    at(&app, 2026, 12, 11);
    assert_eq!(app.get(&format!("/api/v1/requests/{id}")).await.ok(200)["overdue"], false, "the due day is in time");
    at(&app, 2026, 12, 12);
    assert_eq!(app.get(&format!("/api/v1/requests/{id}")).await.ok(200)["overdue"], true);
    let r = app.get(&format!("/api/v1/agencies/{mtszn}/requests?overdue=true")).await;
    assert_eq!(r.ok(200)["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get(&format!("/api/v1/agencies/{mtszn}/requests/table")).await.ok(200)["overdue_now"], 1);
}

async fn each_refusal_ground_and_its_conditions(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    for (i, ground) in [
        "state_secret",
        "commercial_secret",
        "other_protected_secret",
        "not_related_to_public_services",
        "already_published",
    ]
    .iter()
    .enumerate()
    {
        let v = submitted(&app, &token, mtszn, &format!("Запрос номер {i}"), "Прошу предоставить сведения об услугах.")
            .await;
        let id = v["id"].as_i64().unwrap();
        let path = format!("/api/v1/requests/{id}/refuse");
        if *ground == "already_published" {
            let r = app.post_as(&officer, &path, json!({"ground": ground, "reason": "Опубликовано на сайте"})).await;
            assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/url");
        }
        let r = app.post_as(&officer, &path, json!({"ground": ground, "reason": "Основание указано", "url": "https://www.gov.kz/memleket/entities/enbek"})).await;
        assert_eq!(r.ok(200)["state"], "refused");
        assert_eq!(r.body["refusal_ground"], *ground);
    }
    let v = submitted(&app, &token, mtszn, "Ещё запрос", "Прошу предоставить сведения об услугах.").await;
    let id = v["id"].as_i64().unwrap();
    let r = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{id}/refuse"),
            json!({"ground": "not_the_holder", "reason": "Не располагаем"}),
        )
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "use_forward");
    let r = app
        .post_as(&officer, &format!("/api/v1/requests/{id}/refuse"), json!({"ground": "bored", "reason": "Не хотим"}))
        .await;
    r.problem(422, "validation_failed");
    let t = app.get(&format!("/api/v1/agencies/{mtszn}/requests/table")).await;
    let refused = &t.ok(200)["refused_by_ground"];
    for g in [
        "state_secret",
        "commercial_secret",
        "other_protected_secret",
        "not_related_to_public_services",
        "already_published",
    ] {
        assert_eq!(refused[g], 1, "{g}");
    }
}

async fn the_forwarding_chain(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let minjust = app.agency_id("MINJUST").await;
    let govcorp = app.agency_id("GOVCORP").await;
    let labour = app.officer("officer@enbek.kz", "MTSZN").await;
    let justice = app.officer("officer@adilet.kz", "MINJUST").await;
    let v = submitted(&app, &token, mtszn, "Регистрация рождения", "Сколько свидетельств о рождении выдано?").await;
    let first = v["id"].as_i64().unwrap();
    app.post_as(
        &labour,
        &format!("/api/v1/requests/{first}/forward"),
        json!({"agency_id": mtszn, "reason": "Не наш вопрос"}),
    )
    .await
    .problem(422, "validation_failed");
    app.clock.advance(chrono::Duration::days(3));
    let r = app
        .post_as(
            &labour,
            &format!("/api/v1/requests/{first}/forward"),
            json!({"agency_id": minjust, "reason": "Регистрация актов гражданского состояния ведёт Минюст"}),
        )
        .await;
    let f = r.ok(200);
    assert_eq!(f["original"]["state"], "forwarded");
    assert_eq!(f["forwarded"]["state"], "submitted");
    assert_eq!(f["forwarded"]["forwarded_from"], first);
    // Its own registration and deadline, from the day it was forwarded (29 Nov 2026 + 15 = 14 Dec).
    assert_eq!(f["forwarded"]["registration_date"], "2026-11-29");
    assert_eq!(f["forwarded"]["due_date"], "2026-12-14");
    let second = f["forwarded"]["id"].as_i64().unwrap();
    // The labour ministry's officer no longer acts on it; the justice ministry's forwards it again.
    app.post_as(&labour, &format!("/api/v1/requests/{second}/answer"), json!({"body_md": "Ответ от чужого органа"}))
        .await
        .problem(403, "forbidden");
    let r = app
        .post_as(
            &justice,
            &format!("/api/v1/requests/{second}/forward"),
            json!({"agency_id": govcorp, "reason": "Выдачу ведёт Госкорпорация"}),
        )
        .await;
    let third = r.ok(200)["forwarded"]["id"].as_i64().unwrap();
    assert_eq!(app.get(&format!("/api/v1/requests/{third}")).await.ok(200)["forwarded_from"], second);
    let t = app.get(&format!("/api/v1/requests/{first}/timeline")).await;
    let kinds: Vec<&str> = t.ok(200).as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["submitted", "forwarded"]);
    assert_eq!(t.body[1]["linked_request_id"], second);
    assert_eq!(app.get(&format!("/api/v1/agencies/{mtszn}/requests/table")).await.ok(200)["forwarded"], 1);
}

async fn extension_once_then_answers_and_clarification(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let v = submitted(
        &app,
        &token,
        mtszn,
        "Назначение пособий на погребение",
        "Сколько пособий на погребение назначено в 2025 году?",
    )
    .await;
    let id = v["id"].as_i64().unwrap();
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{id}/extend"),
        json!({"days": 16, "reason": "Сбор сведений по регионам"}),
    )
    .await
    .problem(422, "validation_failed");
    let r = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{id}/extend"),
            json!({"days": 15, "reason": "Сбор сведений по регионам"}),
        )
        .await;
    assert_eq!(r.ok(200)["state"], "extended");
    // 11 December + 15 calendar days = 26 December 2026, a Saturday: moved to Monday 28.
    assert_eq!(r.body["due_date"], "2026-12-28");
    app.post_as(&officer, &format!("/api/v1/requests/{id}/extend"), json!({"reason": "Ещё раз"}))
        .await
        .problem(409, "illegal_transition");
    let r = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{id}/answer"),
            json!({"body_md": "Назначено 1 204 пособия на погребение.", "partial": true}),
        )
        .await;
    assert_eq!(r.ok(200)["state"], "partially_answered");
    let r = app
        .post_as(
            &token,
            &format!("/api/v1/requests/{id}/clarification"),
            json!({"questions_md": "А сколько отказов в назначении пособия?"}),
        )
        .await;
    assert_eq!(r.ok(200)["state"], "clarification_requested");
    app.post_as(&officer, &format!("/api/v1/requests/{id}/extend"), json!({"reason": "Снова"}))
        .await
        .problem(409, "already_extended");
    let r = app.post_as(&officer, &format!("/api/v1/requests/{id}/answer"), json!({"body_md": "Отказано в 17 случаях.", "attachments": [{"title": "Таблица", "url": "https://enbek.gov.kz/t.xlsx"}]})).await;
    assert_eq!(r.ok(200)["state"], "answered");
    app.post_as(&token, &format!("/api/v1/requests/{id}/withdraw"), json!({})).await.problem(409, "illegal_transition");
    let t = app.get(&format!("/api/v1/requests/{id}/timeline")).await;
    let kinds: Vec<&str> = t.ok(200).as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["submitted", "extended", "partially_answered", "clarification_requested", "answered"]);
    // The answer is published: searchable, and shown to the next person who asks the same.
    app.drain().await;
    let s = app.get("/api/v1/search?q=погребение&kind=answer").await;
    assert_eq!(s.ok(200)["total"], 1);
    let (other, _) = app.citizen("b@example.kz").await;
    let second =
        draft(&app, &other, mtszn, "Пособия на погребение", "Сколько пособий на погребение назначено в 2025 году?")
            .await;
    let c = app.post_as(&other, &format!("/api/v1/requests/{second}/published-check"), json!({})).await;
    let c = c.ok(201);
    assert!(c["documents"].as_array().unwrap().iter().any(|d| d["kind"] == "answer"), "{c}");
    assert!(
        c["similar_requests"].as_array().unwrap().iter().any(|d| d["url"] == format!("/api/v1/requests/{id}")),
        "{c}"
    );
}

async fn only_the_addressed_officers_act_and_only_the_requester_withdraws(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let (stranger, _) = app.citizen("s@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let other_officer = app.officer("officer@adilet.kz", "MINJUST").await;
    let v = submitted(&app, &token, mtszn, "Пособия", "Сколько пособий назначено?").await;
    let id = v["id"].as_i64().unwrap();
    for who in [&other_officer, &stranger, &token] {
        app.post_as(who, &format!("/api/v1/requests/{id}/answer"), json!({"body_md": "Ответ без права на ответ"}))
            .await
            .problem(403, "forbidden");
    }
    app.post_as(&stranger, &format!("/api/v1/requests/{id}/withdraw"), json!({})).await.problem(403, "forbidden");
    let r = app.post_as(&token, &format!("/api/v1/requests/{id}/withdraw"), json!({})).await;
    assert_eq!(r.ok(200)["state"], "withdrawn");
    // A draft is private: the public does not see it, its author does.
    let d = draft(&app, &token, mtszn, "Черновик", "Пока только черновик запроса.").await;
    app.get(&format!("/api/v1/requests/{d}")).await.problem(404, "resource_not_found");
    let mine = app.get_as(&token, "/api/v1/me/requests").await;
    assert!(mine.ok(200)["items"].as_array().unwrap().iter().any(|r| r["id"] == d && r["state"] == "draft"));
}

async fn the_public_record_hides_personal_data(app: TestApp) {
    app.seed_content().await;
    let mtszn = app.agency_id("MTSZN").await;
    app.post("/api/v1/accounts", json!({"email": "private@example.kz", "password": "correct horse battery", "display_name": "Айгүл", "iin": "900101300126"})).await.ok(201);
    let private = app.login("private@example.kz").await;
    let v = submitted(&app, &private, mtszn, "Пособия", "Сколько пособий назначено?").await;
    let id = v["id"].as_i64().unwrap();
    let r = app
        .call(poem::http::Method::GET, &format!("/api/v1/requests/{id}"), None, None, &[("accept-language", "kk")])
        .await;
    assert_eq!(r.ok(200)["requester"], "Азамат");
    for secret in ["private@example.kz", "900101300126", "Айгүл"] {
        assert!(!r.text.contains(secret), "{secret} leaked");
    }
    let (chair, _) = app.citizen("chair@ngo.kz").await;
    let org = app.organization(&chair, "Адал азамат", "040840001231").await;
    let r = app.post_as(&chair, "/api/v1/requests", json!({"agency_id": mtszn, "organization_id": org, "language": "kk", "subject": "Жәрдемақылар туралы", "questions_md": "Қанша жәрдемақы тағайындалды?"})).await;
    assert_eq!(r.ok(201)["requester"], "Адал азамат");
    let (outsider, _) = app.citizen("out@example.kz").await;
    let r = app.post_as(&outsider, "/api/v1/requests", json!({"agency_id": mtszn, "organization_id": org, "language": "kk", "subject": "Жәрдемақылар туралы", "questions_md": "Қанша жәрдемақы тағайындалды?"})).await;
    r.problem(403, "forbidden");
}

async fn the_agency_table_on_a_fixture(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    // Four requests registered on Thu 26 Nov 2026 (due Fri 11 Dec).
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(
            submitted(&app, &token, mtszn, &format!("Запрос {i} о пособиях"), "Сколько пособий назначено?").await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    // Answered after 4 days (in time), after 10 days (in time), after 20 days (late); one left open.
    for (id, days) in [(ids[0], 4), (ids[1], 10), (ids[2], 20)] {
        app.clock.set(crate::helpers::start_time() + chrono::Duration::days(days));
        app.post_as(
            &officer,
            &format!("/api/v1/requests/{id}/answer"),
            json!({"body_md": "Ответ по существу запроса."}),
        )
        .await
        .ok(200);
    }
    let t = app.get(&format!("/api/v1/agencies/{mtszn}/requests/table")).await;
    let t = t.ok(200);
    assert_eq!(t["received"], 4);
    assert_eq!(t["answered_on_time"], 2);
    assert_eq!(t["answered_late"], 1);
    assert_eq!(t["overdue_now"], 1, "the open one is past 11 December now");
    assert_eq!(t["median_days_to_answer"], 10.0);
}

async fn own_campaign(app: &TestApp, token: &str) -> i64 {
    let r = app
        .post_as(
            token,
            "/api/v1/campaigns",
            json!({"basis": "own_initiative", "title_ru": "Мониторинг назначения пособий",
                   "methodology_md": "Запросы и наблюдения в отделах занятости и соцпрограмм.",
                   "period_from": "2026-09-01", "period_to": "2026-12-31"}),
        )
        .await;
    r.ok(201)["id"].as_i64().unwrap()
}

async fn a_request_links_only_the_requesters_public_campaign(app: TestApp) {
    app.seed_content().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let (other, _) = app.citizen("b@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let campaign = own_campaign(&app, &token).await;
    let theirs = own_campaign(&app, &other).await;
    app.post_as(&other, &format!("/api/v1/campaigns/{theirs}/activate"), json!({})).await.ok(200);
    let body = |c: i64| {
        json!({"agency_id": mtszn, "language": "ru", "subject": "Сведения о пособиях",
                               "questions_md": "Сколько пособий назначено в 2025 году?", "campaign_id": c})
    };
    let code = |r: &crate::helpers::Resp| {
        r.problem(422, "validation_failed")["errors"][0]["code"].as_str().unwrap().to_string()
    };
    assert_eq!(code(&app.post_as(&token, "/api/v1/requests", body(campaign)).await), "campaign_not_public");
    assert_eq!(code(&app.post_as(&token, "/api/v1/requests", body(theirs)).await), "not_your_campaign");
    assert_eq!(code(&app.post_as(&token, "/api/v1/requests", body(999_999)).await), "unknown_campaign");
    app.post_as(&token, &format!("/api/v1/campaigns/{campaign}/activate"), json!({})).await.ok(200);
    let r = app.post_as(&token, "/api/v1/requests", body(campaign)).await;
    let id = r.ok(201)["id"].as_i64().unwrap();
    assert_eq!(r.ok(201)["campaign_id"], campaign);
    app.post_as(&token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    app.post_as(
        &token,
        &format!("/api/v1/requests/{id}/submit"),
        json!({"none_of_the_matches_answers": true, "no_secrets_sought": true}),
    )
    .await
    .ok(200);
    submitted(&app, &token, mtszn, "Другой запрос без кампании", "Сколько отказов было в 2025 году?").await;
    let list = app.get(&format!("/api/v1/requests?campaign={campaign}")).await;
    let items = list.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id);
}

async fn answer_files_stay_private_until_the_answer_publishes_them(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let stranger = app.officer("officer@akimat.kz", "GOVCORP").await;
    let v =
        submitted(&app, &token, mtszn, "Назначение пособий на погребение", "Сколько пособий назначено в 2025 году?")
            .await;
    let id = v["id"].as_i64().unwrap();
    let pdf = b"%PDF-1.4\n% answer table\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let url = format!("/api/v1/requests/{id}/files");
    app.upload_as(&stranger, &url, ("t.pdf", "application/pdf", &pdf), &[]).await.problem(403, "forbidden");
    app.upload_as(&token, &url, ("t.pdf", "application/pdf", &pdf), &[]).await.problem(403, "forbidden");
    let f = app.upload_as(&officer, &url, ("Таблица.pdf", "application/pdf", &pdf), &[]).await;
    let f = f.ok(201).clone();
    assert_eq!(f["published"], false);
    let file_url = f["url"].as_str().unwrap().to_string();
    assert_eq!(app.get_bytes(&file_url).await.0, 404, "not public before the answer");
    assert_eq!(app.get_as(&officer, &file_url).await.status, 200, "the agency sees its own upload");
    let fid = f["id"].as_i64().unwrap();
    let r = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{id}/answer"),
            json!({"body_md": "Ответ с таблицей во вложении.", "file_ids": [fid, 987654]}),
        )
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/file_ids/1");
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{id}/answer"),
        json!({"body_md": "Ответ с таблицей во вложении.", "file_ids": [fid]}),
    )
    .await
    .ok(200);
    let t = app.get(&format!("/api/v1/requests/{id}/timeline")).await;
    let answered = t.ok(200).as_array().unwrap().iter().find(|e| e["kind"] == "answered").unwrap().clone();
    assert_eq!(answered["files"][0]["id"], fid);
    assert_eq!(answered["files"][0]["published"], true);
    let (status, headers, bytes) = app.get_bytes(&file_url).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, pdf);
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    app.upload_as(&officer, &url, ("late.pdf", "application/pdf", &pdf), &[])
        .await
        .problem(409, "request_not_editable");
}

async fn the_requester_is_notified_of_each_step(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let (token, _) = app.citizen("a@example.kz").await;
    let (other, _) = app.citizen("b@example.kz").await;
    let mtszn = app.agency_id("MTSZN").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let v =
        submitted(&app, &token, mtszn, "Назначение пособий на погребение", "Сколько пособий назначено в 2025 году?")
            .await;
    let id = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_string();
    assert_eq!(app.get_as(&token, "/api/v1/me/notifications").await.ok(200)["items"].as_array().unwrap().len(), 0);
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{id}/extend"),
        json!({"days": 15, "reason": "Сбор сведений по регионам"}),
    )
    .await
    .ok(200);
    let n = app
        .call(poem::http::Method::GET, "/api/v1/me/notifications", Some(&token), None, &[("accept-language", "ru")])
        .await;
    let items = n.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "request_extended");
    let text = items[0]["text"].as_str().unwrap();
    assert!(text.contains(&number) && text.contains("2026-12-28") && text.contains("Сбор сведений"), "{text}");
    app.post_as(&officer, &format!("/api/v1/requests/{id}/answer"), json!({"body_md": "Ответ по существу запроса."}))
        .await
        .ok(200);
    let nid = items[0]["id"].as_i64().unwrap();
    app.post_as(&other, &format!("/api/v1/me/notifications/{nid}/read"), json!({}))
        .await
        .problem(404, "resource_not_found");
    assert!(
        app.post_as(&token, &format!("/api/v1/me/notifications/{nid}/read"), json!({})).await.ok(200)["read_at"]
            .is_string()
    );
    let unread = app.get_as(&token, "/api/v1/me/notifications?unread=true").await;
    let unread = unread.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0]["kind"], "request_answered");
    assert_eq!(app.get_as(&other, "/api/v1/me/notifications").await.ok(200)["items"].as_array().unwrap().len(), 0);
}

crate::on_both_databases!(
    only_the_bodies_the_law_names_can_be_asked,
    a_request_goes_out_only_after_a_check_of_the_current_text,
    deadlines_across_a_holiday_and_a_transfer,
    overdue_is_derived_from_the_date,
    each_refusal_ground_and_its_conditions,
    the_forwarding_chain,
    extension_once_then_answers_and_clarification,
    only_the_addressed_officers_act_and_only_the_requester_withdraws,
    the_public_record_hides_personal_data,
    the_agency_table_on_a_fixture,
    a_request_links_only_the_requesters_public_campaign,
    answer_files_stay_private_until_the_answer_publishes_them,
    the_requester_is_notified_of_each_step,
);
