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
