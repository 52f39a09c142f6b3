//! The administrators' pages (issue 22): finding accounts by e-mail and granting or revoking
//! roles (an agency officer bound to one agency), the audit log with filters, the health of the
//! outbox, webhooks and search index, and the working-day calendar of a year. Nobody else is
//! offered them, a forged post of theirs changes nothing, and every refusal is in words.
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

const PASSWORD: &str = "correct horse battery";

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    b.sign_in(email, PASSWORD).await;
    b
}

/// Content seeded, an administrator signed in and a citizen: (browser, citizen's id).
async fn admin_and_citizen(app: &TestApp) -> (Browser<'_>, i64) {
    app.seed_content().await;
    app.admin("root@baqylau.kz").await;
    let (_, id) = app.citizen("asel@example.kz").await;
    (signed_in(app, "root@baqylau.kz").await, id)
}

/// The account as stored: its role and agency.
async fn account(app: &TestApp, id: i64) -> Value {
    use sea_orm::EntityTrait;
    let a = entity::account::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    json!({"role": a.role, "agency_id": a.agency_id})
}

async fn role_changes(app: &TestApp) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("account.role"))
        .count(&app.db)
        .await
        .unwrap()
}

async fn an_admin_finds_an_account_by_email_grants_an_officer_role_and_revokes_it(app: TestApp) {
    let (mut b, id) = admin_and_citizen(&app).await;
    let before = role_changes(&app).await;
    let home = b.get("/").await;
    assert!(home.links("/admin").contains(&"/admin".to_string()), "the admin is offered the pages");
    let overview = b.get("/admin").await;
    assert_eq!(overview.status, 200);
    for part in ["/admin/accounts", "/admin/audit", "/admin/health", "/admin/calendar", "/moderation"] {
        assert!(overview.links(part).contains(&part.to_string()), "{part}");
    }
    let found = b.get("/admin/accounts?q=asel%40example").await;
    assert_eq!(found.status, 200);
    assert!(found.text().contains("asel@example.kz"), "the e-mail is shown to admins");
    assert!(!found.text().contains("root@baqylau.kz"), "only matching accounts");
    assert!(found.links("/admin/accounts/").contains(&format!("/admin/accounts/{id}")));

    let page = b.get(&format!("/admin/accounts/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains(&format!("action=\"&#x2f;admin&#x2f;accounts&#x2f;{id}&#x2f;role\""))
            || page.html.contains(&format!("/admin/accounts/{id}/role"))
    );
    let mtszn = app.agency_id("MTSZN").await;
    let p = b
        .post(&format!("/admin/accounts/{id}/role"), &[("role", "agency_officer"), ("agency_id", &mtszn.to_string())])
        .await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), format!("/admin/accounts/{id}?done=1"));
    let a = account(&app, id).await;
    assert_eq!(a["role"], "agency_officer");
    assert_eq!(a["agency_id"], mtszn);
    let page = b.get(&format!("/admin/accounts/{id}?done=1")).await;
    assert!(page.html.contains("role=\"status\""));
    assert!(page.text().contains("Agency officer"), "{}", page.text());

    // The officer now has the inbox; the admin takes the role back.
    let mut officer = signed_in(&app, "asel@example.kz").await;
    assert_eq!(officer.get("/inbox").await.status, 200);
    let p = b.post(&format!("/admin/accounts/{id}/role"), &[("role", "citizen")]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    let a = account(&app, id).await;
    assert_eq!(a["role"], "citizen");
    assert_eq!(a["agency_id"], Value::Null);
    // A moderator chosen with an agency left selected in the list: the page drops the agency.
    let p = b
        .post(&format!("/admin/accounts/{id}/role"), &[("role", "moderator"), ("agency_id", &mtszn.to_string())])
        .await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(account(&app, id).await["role"], "moderator");
    assert_eq!(role_changes(&app).await, before + 3, "each change in the audit log");
}

async fn a_role_for_an_unknown_agency_or_without_one_is_refused_in_words(app: TestApp) {
    let (mut b, id) = admin_and_citizen(&app).await;
    b.get(&format!("/admin/accounts/{id}")).await;
    let before = role_changes(&app).await;
    let p = b.post(&format!("/admin/accounts/{id}/role"), &[("role", "agency_officer"), ("agency_id", "999999")]).await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.text().contains("No agency has the number 999999"), "{}", p.text());
    let p = b.post(&format!("/admin/accounts/{id}/role"), &[("role", "agency_officer"), ("agency_id", "")]).await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.text().contains("choose it in the list"), "{}", p.text());
    assert!(p.html.contains("value=\"agency_officer\" checked"), "the chosen role is kept");
    let p = b.post(&format!("/admin/accounts/{id}/role"), &[("role", "overlord")]).await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.text().contains("Choose one of the roles."), "{}", p.text());
    assert_eq!(account(&app, id).await["role"], "citizen", "nothing changed");
    assert_eq!(role_changes(&app).await, before);
    // The last administrator keeps the role.
    let me = app.login("root@baqylau.kz").await;
    let my_id = app.get_as(&me, "/api/v1/me").await.ok(200)["id"].as_i64().unwrap();
    let p = b.post(&format!("/admin/accounts/{my_id}/role"), &[("role", "citizen")]).await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
}

async fn others_are_refused_every_admin_page_and_a_forged_grant_changes_nothing(app: TestApp) {
    app.seed_content().await;
    let (_, citizen) = app.citizen("asel@example.kz").await;
    app.officer("officer@enbek.kz", "MTSZN").await;
    let (_, m) = app.citizen("moderator@baqylau.kz").await;
    let (admin, _) = app.admin("root@baqylau.kz").await;
    app.put_as(&admin, &format!("/api/v1/accounts/{m}/role"), json!({"role": "moderator"})).await.ok(200);
    let before = role_changes(&app).await;
    for email in ["asel@example.kz", "officer@enbek.kz", "moderator@baqylau.kz"] {
        let mut b = signed_in(&app, email).await;
        let home = b.get("/").await;
        assert!(home.links("/admin").is_empty(), "{email} is not offered the admin pages");
        for path in [
            "/admin",
            "/admin/accounts?q=a",
            &format!("/admin/accounts/{citizen}"),
            "/admin/audit",
            "/admin/health",
            "/admin/calendar",
        ] {
            let p = b.get(path).await;
            assert_eq!(p.status, 403, "{email} {path}");
            assert!(p.text().contains("only portal administrators open these pages"), "{}", p.text());
        }
        let p = b.post(&format!("/admin/accounts/{citizen}/role"), &[("role", "admin")]).await;
        assert_eq!(p.status, 403, "{email}: {}", p.text());
    }
    assert_eq!(account(&app, citizen).await["role"], "citizen");
    assert_eq!(role_changes(&app).await, before, "nothing changed");
    let mut anon = Browser::new(&app);
    let p = anon.get("/admin").await;
    assert_eq!(p.status, 303);
    assert!(p.location().starts_with("/sign-in?next="));
}

async fn the_audit_log_filters_by_actor_action_subject_and_dates(app: TestApp) {
    let (mut b, id) = admin_and_citizen(&app).await;
    b.get(&format!("/admin/accounts/{id}")).await;
    b.post(&format!("/admin/accounts/{id}/role"), &[("role", "moderator")]).await;
    let all = b.get("/admin/audit").await;
    assert_eq!(all.status, 200);
    assert!(all.text().contains("account.register"), "{}", all.text());
    let roles = b.get("/admin/audit?action=account.role").await;
    assert!(roles.text().contains("role: moderator"), "{}", roles.text());
    assert!(!roles.text().contains("account.register"));
    let subject = b.get(&format!("/admin/audit?entity_type=account&entity_id={id}")).await;
    assert!(subject.text().contains("account.role") && subject.text().contains("account.register"));
    let today = b.get("/admin/audit?action=account.role&from=2026-11-26&to=2026-11-26").await;
    assert!(today.text().contains("account.role"), "{}", today.text());
    let later = b.get("/admin/audit?action=account.role&from=2026-11-27").await;
    assert!(later.text().contains("No change matches these filters."), "{}", later.text());
    let earlier = b.get("/admin/audit?to=2026-11-25").await;
    assert!(earlier.text().contains("No change matches these filters."));
    let bad = b.get("/admin/audit?from=yesterday").await;
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("a date is expected"), "{}", bad.text());
    let bad = b.get("/admin/audit?actor=root").await;
    assert_eq!(bad.status, 422);
    // Paging: one entry per page is not offered, but `before` reads older entries than an id.
    let older = b.get("/admin/audit?before=1").await;
    assert!(older.text().contains("No change matches these filters."));
}

async fn the_health_page_shows_the_outbox_webhooks_and_search_index(app: TestApp) {
    let (mut b, _) = admin_and_citizen(&app).await;
    let pending = app.get("/readyz").await.ok(200)["checks"]["search_backlog"].as_u64().unwrap();
    assert!(pending > 0, "seeding left changes for the index");
    let p = b.get("/admin/health").await;
    assert_eq!(p.status, 200, "{}", p.text());
    let text = p.text();
    assert!(
        text.contains(&format!("Backlog {pending}"))
            || text.contains(&format!("Backlog {}", pending.to_string().chars().collect::<String>())),
        "{text}"
    );
    assert!(text.contains("Answers") && text.contains("Every webhook delivers."), "{text}");
    app.drain().await;
    let p = b.get("/admin/health").await;
    assert!(p.text().contains("Backlog 0"), "{}", p.text());
}

async fn the_calendar_page_lists_a_years_transfers_and_refuses_a_year_out_of_range(app: TestApp) {
    let (mut b, _) = admin_and_citizen(&app).await;
    let p = b.get("/admin/calendar?year=2025").await;
    assert_eq!(p.status, 200, "{}", p.text());
    let text = p.text();
    assert!(text.contains("5 January 2025") && text.contains("3 January 2025"), "{text}");
    let p = b.get("/admin/calendar").await;
    assert!(p.text().contains("Working-day calendar 2026"), "this year by default");
    let p = b.get("/admin/calendar?year=1700").await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    let p = b.get("/admin/calendar?year=soon").await;
    assert_eq!(p.status, 422);
}

/// An administrator records a government transfer of a day off on the calendar page: a refusal
/// the calendar cannot hold is shown beside the form with what was typed; the recorded one moves
/// the deadlines counted afterwards; a citizen's forged post changes nothing; removing restores.
async fn an_admin_records_and_removes_a_calendar_transfer_on_the_page(app: TestApp) {
    let (mut b, _) = admin_and_citizen(&app).await;
    let deadline = "/api/v1/calendar/deadline?from=2026-12-11&calendar_days=15";
    b.get("/admin/calendar?year=2026").await;
    let r = b
        .post(
            "/admin/calendar/transfers",
            &[("worked_on", "2026-12-21"), ("rested_on", "2026-12-28"), ("basis", "№ 1027")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("already a working day"), "{}", r.text());
    assert!(r.html.contains("№ 1027"), "the basis typed is kept");
    let r = b.post("/admin/calendar/transfers", &[("worked_on", "soon"), ("rested_on", ""), ("basis", "№ 1027")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("Choose a date"), "{}", r.text());
    assert_eq!(app.get("/api/v1/calendar-transfers").await.ok(200).as_array().map(Vec::len), Some(0));

    // A citizen's forged post is refused by the service; nothing is stored.
    let mut c = signed_in(&app, "asel@example.kz").await;
    c.get("/me").await;
    let r = c
        .post(
            "/admin/calendar/transfers",
            &[("worked_on", "2026-12-19"), ("rested_on", "2026-12-28"), ("basis", "№ 1027")],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(app.get("/api/v1/calendar-transfers").await.ok(200).as_array().map(Vec::len), Some(0));

    let r = b
        .post(
            "/admin/calendar/transfers",
            &[("worked_on", "2026-12-19"), ("rested_on", "2026-12-28"), ("basis", "№ 1027")],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, "/admin/calendar?year=2026&done=added"), "{}", r.text());
    assert_eq!(app.get(deadline).await.ok(200)["deadline"], "2026-12-29");
    let p = b.get(r.location()).await;
    assert!(p.html.contains("role=\"status\"") && p.text().contains("№ 1027"), "{}", p.text());
    let remove = p.attr_after("№ 1027", "action").expect("a remove button beside the recorded transfer");
    let r = b.post(&remove, &[]).await;
    assert_eq!((r.status, r.location()), (303, "/admin/calendar?year=2026&done=removed"));
    assert_eq!(app.get(deadline).await.ok(200)["deadline"], "2026-12-28");
}

crate::on_both_databases!(
    an_admin_records_and_removes_a_calendar_transfer_on_the_page,
    an_admin_finds_an_account_by_email_grants_an_officer_role_and_revokes_it,
    a_role_for_an_unknown_agency_or_without_one_is_refused_in_words,
    others_are_refused_every_admin_page_and_a_forged_grant_changes_nothing,
    the_audit_log_filters_by_actor_action_subject_and_dates,
    the_health_page_shows_the_outbox_webhooks_and_search_index,
    the_calendar_page_lists_a_years_transfers_and_refuses_a_year_out_of_range,
);
