//! The calendar over HTTP, for third-party apps. The rules themselves are unit-tested in
//! `domain::calendar`.
use poem::http::Method;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_published_year_lists_its_days_off_in_the_clients_language() {
    let app = TestApp::sqlite().await;
    let r = app.call(Method::GET, "/api/v1/calendar/2026", None, None, &[("accept-language", "kk")]).await;
    let y = r.ok(200);
    assert_eq!(y["source"], "published");
    assert_eq!(y["working_days"], 246);
    let nauryz_moved = y["days_off"].as_array().unwrap().iter().find(|d| d["date"] == "2026-03-24").unwrap();
    assert_eq!(nauryz_moved["reason"], "moved_holiday");
    assert_eq!(nauryz_moved["moved_from"], "2026-03-21");
    assert_eq!(nauryz_moved["name"], "Наурыз мейрамы");
    let r = app.get("/api/v1/calendar/2025").await;
    let y = r.ok(200);
    assert_eq!(y["working_weekend_days"][0]["date"], "2025-01-05");
    assert!(y["days_off"].as_array().unwrap().iter().any(|d| d["date"] == "2025-01-03" && d["reason"] == "transfer"));
}

#[tokio::test]
async fn an_unpublished_year_says_it_follows_the_rules() {
    let app = TestApp::sqlite().await;
    let r = app.call(Method::GET, "/api/v1/calendar/2031", None, None, &[("accept-language", "ru")]).await;
    let y = r.ok(200);
    assert_eq!(y["source"], "rules");
    assert!(y["note"].as_str().unwrap().contains("2031"));
    app.get("/api/v1/calendar/1800").await.problem(422, "date_out_of_range");
    app.get("/api/v1/calendar/twenty").await.problem(400, "invalid_parameter");
}

#[tokio::test]
async fn deadlines_for_third_party_apps() {
    let app = TestApp::sqlite().await;
    // A complaint filed on Friday 20 March 2026, before Nauryz: 5 working days (Law Art. 25).
    let r = app.get("/api/v1/calendar/deadline?from=2026-03-20&working_days=5").await;
    assert_eq!(r.ok(200)["deadline"], "2026-04-01");
    assert_eq!(r.body["published_calendar"], true);
    // An information request: 15 calendar days, moved off Nauryz to Thursday 26 March.
    let r = app.get("/api/v1/calendar/deadline?from=2026-03-10&calendar_days=15").await;
    assert_eq!(r.ok(200)["deadline"], "2026-03-26");
    let r = app.get("/api/v1/calendar/working-days?from=2026-03-20&to=2026-04-01").await;
    assert_eq!(r.ok(200)["working_days"], 5);
    app.get("/api/v1/calendar/deadline?from=2026-03-20").await.problem(422, "validation_failed");
    app.get("/api/v1/calendar/deadline?from=2026-03-20&working_days=5&calendar_days=5")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/calendar/deadline?from=2026-02-30&working_days=5").await.problem(400, "invalid_parameter");
    app.get("/api/v1/calendar/deadline?from=2100-12-30&working_days=5").await.problem(422, "date_out_of_range");
    app.get("/api/v1/calendar/deadline?from=2026-01-01&working_days=99999").await.problem(400, "invalid_parameter");
}

/// A transfer of a day off recorded by an administrator (a government resolution after the
/// calendar's files): the year lists it, every deadline counted afterwards follows it (Law "On
/// access to information" Art. 11: a term ending on a day off moves to the next working day), and
/// what the calendar cannot hold is refused with nothing stored.
async fn an_administrator_records_a_transfer_and_deadlines_follow_it(app: TestApp) {
    use serde_json::json;
    let (admin, _) = app.admin("admin@example.kz").await;
    let (citizen, _) = app.citizen("a@example.kz").await;
    let transfer = json!({"worked_on": "2026-12-19", "rested_on": "2026-12-28", "basis": "Постановление № 1027"});
    let deadline = "/api/v1/calendar/deadline?from=2026-12-11&calendar_days=15";
    assert_eq!(app.get(deadline).await.ok(200)["deadline"], "2026-12-28");

    // Only administrators; nothing is stored.
    app.post_as(&citizen, "/api/v1/calendar-transfers", transfer.clone()).await.problem(403, "forbidden");
    // What the calendar cannot hold: each refusal names its field.
    for (body, pointer, code) in [
        (
            json!({"worked_on": "2026-12-21", "rested_on": "2026-12-28", "basis": "№ 1"}),
            "/worked_on",
            "transfer_worked_is_working_day",
        ),
        (
            json!({"worked_on": "2026-12-19", "rested_on": "2026-12-16", "basis": "№ 1"}),
            "/rested_on",
            "transfer_rested_is_day_off",
        ),
        (
            json!({"worked_on": "2026-12-26", "rested_on": "2027-01-05", "basis": "№ 1"}),
            "/rested_on",
            "transfer_other_year",
        ),
    ] {
        let r = app.post_as(&admin, "/api/v1/calendar-transfers", body).await;
        let p = r.problem(422, "validation_failed");
        assert_eq!((p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()), (Some(pointer), Some(code)));
    }
    assert_eq!(app.get("/api/v1/calendar-transfers").await.ok(200).as_array().map(Vec::len), Some(0));

    let r = app.post_as(&admin, "/api/v1/calendar-transfers", transfer.clone()).await;
    let id = r.ok(201)["id"].as_i64().unwrap();
    let y = app.get("/api/v1/calendar/2026").await.ok(200).clone();
    assert!(y["days_off"].as_array().unwrap().iter().any(|d| d["date"] == "2026-12-28" && d["reason"] == "transfer"));
    assert!(y["working_weekend_days"].as_array().unwrap().iter().any(|d| d["date"] == "2026-12-19"));
    assert_eq!(y["source"], "published");
    assert_eq!(app.get(deadline).await.ok(200)["deadline"], "2026-12-29", "the term now ends on Tuesday");
    // The same days again: refused, since the calendar already holds the transfer.
    app.post_as(&admin, "/api/v1/calendar-transfers", transfer).await.problem(422, "validation_failed");
    assert_eq!(app.get("/api/v1/calendar-transfers?year=2026").await.ok(200).as_array().map(Vec::len), Some(1));
    assert_eq!(app.get("/api/v1/calendar-transfers?year=2027").await.ok(200).as_array().map(Vec::len), Some(0));
    let audit = app.get_as(&admin, "/api/v1/audit?action=calendar.transfer.create").await.ok(200).clone();
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(1), "{audit}");

    app.delete_as(&citizen, &format!("/api/v1/calendar-transfers/{id}")).await.problem(403, "forbidden");
    assert_eq!(app.delete_as(&admin, &format!("/api/v1/calendar-transfers/{id}")).await.status, 204);
    assert_eq!(app.get(deadline).await.ok(200)["deadline"], "2026-12-28");
}

crate::on_both_databases!(an_administrator_records_a_transfer_and_deadlines_follow_it);
