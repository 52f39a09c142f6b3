//! The administrators' directory pages (issue 22): agencies with their hierarchy and the registry
//! of public services, created, changed, deactivated and reactivated through the pages over the
//! services the API calls. Refusals stand beside the form with everything typed kept; nobody else
//! is offered the pages, and a forged post of theirs changes nothing.
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    browser::{Browser, Page},
    helpers::TestApp,
};

const PASSWORD: &str = "correct horse battery";

/// Content seeded and an administrator signed in.
async fn admin(app: &TestApp) -> Browser<'_> {
    app.seed_content().await;
    app.admin("root@baqylau.kz").await;
    let mut b = Browser::new(app);
    b.sign_in("root@baqylau.kz", PASSWORD).await;
    b
}

async fn agency(app: &TestApp, id: i64) -> Option<entity::agency::Model> {
    entity::agency::Entity::find_by_id(id).one(&app.db).await.unwrap()
}

async fn agency_count(app: &TestApp) -> u64 {
    entity::agency::Entity::find().count(&app.db).await.unwrap()
}

async fn service_by_code(app: &TestApp, code: &str) -> Option<entity::public_service::Model> {
    entity::public_service::Entity::find()
        .filter(entity::public_service::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
}

async fn service_count(app: &TestApp) -> u64 {
    entity::public_service::Entity::find().count(&app.db).await.unwrap()
}

/// The id at the end of a `/admin/<what>/{id}?done=..` redirect.
fn id_in(location: &str) -> i64 {
    location.rsplit('/').next().unwrap().split('?').next().unwrap().parse().unwrap()
}

fn offers(page: &Page, action: &str) -> bool {
    page.html.contains(&format!("action=\"{action}\""))
        || page.html.contains(&format!("action=\"{}\"", action.replace('/', "&#x2f;")))
}

async fn an_admin_creates_edits_deactivates_reactivates_and_deletes_an_agency(app: TestApp) {
    let mut b = admin(&app).await;
    let mtszn = app.agency_id("MTSZN").await;
    let overview = b.get("/admin").await;
    for part in ["/admin/agencies", "/admin/services"] {
        assert!(overview.links(part).contains(&part.to_string()), "{part} linked from /admin");
    }
    let list = b.get("/admin/agencies").await;
    assert_eq!(list.status, 200, "{}", list.text());
    assert!(list.html.len() < 100_000, "the page weighs {} bytes", list.html.len());
    // Filters: by kind and by text.
    let central = b.get("/admin/agencies?kind=central_state_body&q=MTSZN").await;
    assert_eq!(central.status, 200);
    assert!(central.links("/admin/agencies/").contains(&format!("/admin/agencies/{mtszn}")));
    let akimats = b.get("/admin/agencies?kind=oblast_akimat").await;
    assert!(!akimats.links("/admin/agencies/").contains(&format!("/admin/agencies/{mtszn}")));
    let bad = b.get("/admin/agencies?kind=ministry_of_magic").await;
    assert_eq!(bad.status, 422);
    assert!(bad.html.contains("role=\"alert\""));

    b.get("/admin/agencies").await;
    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "mtszn-dep"),
                ("kind", "central_department"),
                ("parent_id", &mtszn.to_string()),
                ("region", ""),
                ("name_kk", "Зейнетақы департаменті"),
                ("name_ru", "Департамент пенсионного обеспечения"),
                ("name_en", "Pensions Department"),
                ("website", ""),
                ("email", "pensions@enbek.kz"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.text());
    let id = id_in(p.location());
    assert_eq!(p.location(), format!("/admin/agencies/{id}?done=created"));
    let a = agency(&app, id).await.unwrap();
    assert_eq!((a.code.as_str(), a.parent_id, a.active), ("MTSZN-DEP", Some(mtszn), true));
    let page = b.get(p.location()).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.html.contains("role=\"status\"") && page.text().contains("Added."), "{}", page.text());
    assert!(page.links("/admin/agencies/").contains(&format!("/admin/agencies/{mtszn}")), "the parent is shown");
    // Only the action that applies is offered.
    assert!(offers(&page, &format!("/admin/agencies/{id}/deactivate")));
    assert!(!offers(&page, &format!("/admin/agencies/{id}/activate")));
    // The parent lists its new sub-agency, and cannot be deleted.
    let parent = b.get(&format!("/admin/agencies/{mtszn}")).await;
    assert!(parent.links("/admin/agencies/").contains(&format!("/admin/agencies/{id}")));
    assert!(!offers(&parent, &format!("/admin/agencies/{mtszn}/delete")));

    b.get(&format!("/admin/agencies/{id}")).await;
    let p = b
        .post(
            &format!("/admin/agencies/{id}"),
            &[
                ("code", "MTSZN-DEP"),
                ("kind", "central_department"),
                ("parent_id", &mtszn.to_string()),
                ("name_kk", "Зейнетақы департаменті"),
                ("name_ru", "Департамент пенсионного обеспечения"),
                ("name_en", "Department of Pensions"),
                ("website", "https://www.gov.kz/pensions"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), format!("/admin/agencies/{id}?done=saved"));
    let a = agency(&app, id).await.unwrap();
    assert_eq!(a.name_en, "Department of Pensions");
    assert_eq!(a.website.as_deref(), Some("https://www.gov.kz/pensions"));
    assert_eq!(a.email, None, "an emptied field is cleared");

    let p = b.post(&format!("/admin/agencies/{id}/deactivate"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert!(!agency(&app, id).await.unwrap().active);
    let page = b.get(p.location()).await;
    assert!(page.text().contains("Deactivated."));
    assert!(offers(&page, &format!("/admin/agencies/{id}/activate")));
    assert!(!offers(&page, &format!("/admin/agencies/{id}/deactivate")));
    let p = b.post(&format!("/admin/agencies/{id}/activate"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert!(agency(&app, id).await.unwrap().active);

    // Nothing refers to it: it may be deleted.
    let page = b.get(&format!("/admin/agencies/{id}")).await;
    assert!(offers(&page, &format!("/admin/agencies/{id}/delete")));
    let p = b.post(&format!("/admin/agencies/{id}/delete"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), "/admin/agencies?done=deleted");
    assert!(agency(&app, id).await.is_none());
    // A referenced agency is refused in words, and stays.
    b.get(&format!("/admin/agencies/{mtszn}")).await;
    let p = b.post(&format!("/admin/agencies/{mtszn}/delete"), &[]).await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.html.contains("role=\"alert\"") && p.text().contains("Deactivate it instead"), "{}", p.text());
    assert!(agency(&app, mtszn).await.is_some());
}

async fn agency_refusals_stand_beside_the_form_with_everything_typed_kept(app: TestApp) {
    let mut b = admin(&app).await;
    let mtszn = app.agency_id("MTSZN").await;
    let before = agency_count(&app).await;
    b.get("/admin/agencies").await;
    // A code another agency has.
    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "MTSZN"),
                ("kind", "central_state_body"),
                ("name_kk", "Қайталанған министрлік"),
                ("name_ru", "Повторное министерство"),
                ("name_en", "A twin ministry"),
            ],
        )
        .await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.text().contains("The code MTSZN belongs to another agency."), "{}", p.text());
    assert!(p.html.contains("value=\"A twin ministry\"") && p.html.contains("value=\"Повторное министерство\""));
    // A missing name and a department without its ministry.
    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "NEW-DEP"),
                ("kind", "central_department"),
                ("name_kk", "Жаңа департамент"),
                ("name_ru", "Новый департамент"),
                ("name_en", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.text());
    let text = p.text();
    assert!(text.contains("Name in English: fill this in."), "{text}");
    assert!(p.html.contains("value=\"NEW-DEP\"") && p.html.contains("value=\"Жаңа департамент\""));
    assert!(p.html.contains("value=\"central_department\" selected"), "the kind chosen is kept");
    assert_eq!(agency_count(&app).await, before, "nothing stored");
    // On edit: an emptied name is refused, the typed values stay, the agency is unchanged.
    b.get(&format!("/admin/agencies/{mtszn}")).await;
    let p = b
        .post(
            &format!("/admin/agencies/{mtszn}"),
            &[
                ("code", "MTSZN"),
                ("kind", "central_state_body"),
                ("name_kk", "Еңбек министрлігі"),
                ("name_ru", ""),
                ("name_en", "Labour"),
                ("region", "999999999"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.text().contains("Name in Russian:"), "{}", p.text());
    assert!(p.text().contains("no region has the KATO code 999999999"), "{}", p.text());
    assert!(p.html.contains("value=\"Еңбек министрлігі\"") && p.html.contains("value=\"999999999\""));
    let a = agency(&app, mtszn).await.unwrap();
    assert!(a.name_ru.starts_with("Министерство труда"), "unchanged: {}", a.name_ru);
}

/// The fields of a new service as the form sends them.
fn service_fields<'a>(
    code: &'a str,
    name_en: &'a str,
    approving: &'a str,
    provider: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("name_kk", "Жәрдемақы тағайындау"),
        ("name_ru", "Назначение пособия"),
        ("name_en", name_en),
        ("recipients", "individuals"),
        ("approving_body_id", approving),
        ("provider_ids", provider),
        ("channels", "provider"),
        ("channels", "egov_portal"),
        ("forms", "electronic"),
        ("fee_basis", ""),
        ("bylaw_title", "Rules of assigning the allowance"),
        ("bylaw_number", "№ 5"),
        ("bylaw_date", "2024-03-01"),
        ("term_value", "10"),
        ("term_unit", "working_days"),
    ]
}

async fn an_admin_adds_edits_deactivates_and_reactivates_a_service(app: TestApp) {
    let mut b = admin(&app).await;
    let mtszn = app.agency_id("MTSZN").await.to_string();
    let list = b.get("/admin/services").await;
    assert_eq!(list.status, 200, "{}", list.text());
    assert!(list.html.len() < 100_000, "the page weighs {} bytes", list.html.len());
    let zags = service_by_code(&app, "ZAGS-01").await.unwrap();
    let found = b.get("/admin/services?q=ZAGS-01").await;
    assert!(found.links("/admin/services/").contains(&format!("/admin/services/{}", zags.id)));
    let p = b.post("/admin/services", &service_fields("mtszn-01", "Assigning an allowance", &mtszn, &mtszn)).await;
    assert_eq!(p.status, 303, "{}", p.text());
    let id = id_in(p.location());
    assert_eq!(p.location(), format!("/admin/services/{id}?done=created"));
    let s = service_by_code(&app, "MTSZN-01").await.unwrap();
    assert_eq!(
        (s.id, s.channels.as_str(), s.forms.as_str(), s.term_value, s.paid),
        (id, "provider egov_portal", "electronic", 10, false)
    );
    let page = b.get(p.location()).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.html.contains("role=\"status\"") && page.text().contains("Added."));
    assert!(page.html.contains("value=\"egov_portal\" checked"), "the form shows the stored channels");
    assert!(offers(&page, &format!("/admin/services/{id}/deactivate")));
    assert!(!offers(&page, &format!("/admin/services/{id}/activate")));

    // Edit: paid now, with the fee's basis, and another unit.
    let mut fields = service_fields("MTSZN-01", "Assignment of an allowance", &mtszn, &mtszn);
    fields.retain(|(k, _)| !matches!(*k, "fee_basis" | "term_unit"));
    fields.extend([("paid", "true"), ("fee_basis", "Tax Code, Art. 610"), ("term_unit", "calendar_days")]);
    let p = b.post(&format!("/admin/services/{id}"), &fields).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert_eq!(p.location(), format!("/admin/services/{id}?done=saved"));
    let s = service_by_code(&app, "MTSZN-01").await.unwrap();
    assert_eq!(
        (s.name_en.as_str(), s.paid, s.fee_basis.as_deref(), s.term_unit.as_str()),
        ("Assignment of an allowance", true, Some("Tax Code, Art. 610"), "calendar_days")
    );

    let p = b.post(&format!("/admin/services/{id}/deactivate"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert!(!service_by_code(&app, "MTSZN-01").await.unwrap().active);
    let page = b.get(p.location()).await;
    assert!(page.text().contains("Deactivated."));
    assert!(offers(&page, &format!("/admin/services/{id}/activate")));
    assert!(!offers(&page, &format!("/admin/services/{id}/deactivate")));
    let p = b.post(&format!("/admin/services/{id}/activate"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.text());
    assert!(service_by_code(&app, "MTSZN-01").await.unwrap().active);
}

async fn service_refusals_stand_beside_the_form_with_everything_typed_kept(app: TestApp) {
    let mut b = admin(&app).await;
    let mtszn = app.agency_id("MTSZN").await.to_string();
    let before = service_count(&app).await;
    b.get("/admin/services").await;
    let p = b.post("/admin/services", &service_fields("ZAGS-01", "A twin service", &mtszn, &mtszn)).await;
    assert_eq!(p.status, 409, "{}", p.text());
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.text().contains("The code ZAGS-01 belongs to another registry service."), "{}", p.text());
    assert!(
        p.html.contains("value=\"A twin service\"") && p.html.contains("value=\"Rules of assigning the allowance\"")
    );
    // A missing name, no provider, and paid without the fee's basis.
    let mut fields = service_fields("MTSZN-02", "", &mtszn, "");
    fields.push(("paid", "true"));
    let p = b.post("/admin/services", &fields).await;
    assert_eq!(p.status, 422, "{}", p.text());
    let text = p.text();
    assert!(text.contains("Name in English: fill this in."), "{text}");
    assert!(
        p.html.contains("value=\"MTSZN-02\"") && p.html.contains("value=\"Назначение пособия\""),
        "typed text kept"
    );
    assert!(p.html.contains("value=\"egov_portal\" checked"), "the channels chosen are kept");
    assert_eq!(service_count(&app).await, before, "nothing stored");
    // On edit: paid without the basis of the fee.
    let zags = service_by_code(&app, "ZAGS-01").await.unwrap();
    b.get(&format!("/admin/services/{}", zags.id)).await;
    let mut fields = service_fields("ZAGS-01", "Birth registration", &mtszn, &mtszn);
    fields.push(("paid", "true"));
    let p = b.post(&format!("/admin/services/{}", zags.id), &fields).await;
    assert_eq!(p.status, 422, "{}", p.text());
    assert!(p.text().contains("Basis of the fee"), "{}", p.text());
    assert!(p.html.contains("value=\"Birth registration\""));
    let after = service_by_code(&app, "ZAGS-01").await.unwrap();
    assert_eq!((after.name_en, after.paid), (zags.name_en, zags.paid), "unchanged");
}

async fn others_are_refused_the_directory_pages_and_a_forged_post_changes_nothing(app: TestApp) {
    app.seed_content().await;
    app.citizen("asel@example.kz").await;
    app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let m = mtszn.to_string();
    let zags = service_by_code(&app, "ZAGS-01").await.unwrap();
    let (agencies, services) = (agency_count(&app).await, service_count(&app).await);
    for email in ["asel@example.kz", "officer@enbek.kz"] {
        let mut b = Browser::new(&app);
        b.sign_in(email, PASSWORD).await;
        let home = b.get("/").await;
        assert!(home.links("/admin").is_empty(), "{email} is not offered the admin pages");
        for path in [
            "/admin/agencies",
            &format!("/admin/agencies/{mtszn}"),
            "/admin/services",
            &format!("/admin/services/{}", zags.id),
        ] {
            let p = b.get(path).await;
            assert_eq!(p.status, 403, "{email} {path}");
            assert!(p.text().contains("only portal administrators open these pages"), "{}", p.text());
        }
        b.get("/").await;
        let forged = [
            (
                "/admin/agencies".to_string(),
                vec![
                    ("code", "FORGED"),
                    ("kind", "central_state_body"),
                    ("name_kk", "Жалған"),
                    ("name_ru", "Поддельный"),
                    ("name_en", "Forged"),
                ],
            ),
            (
                format!("/admin/agencies/{mtszn}"),
                vec![
                    ("code", "MTSZN"),
                    ("kind", "central_state_body"),
                    ("name_kk", "Жалған"),
                    ("name_ru", "Поддельный"),
                    ("name_en", "Forged"),
                ],
            ),
            (format!("/admin/agencies/{mtszn}/deactivate"), vec![]),
            (format!("/admin/agencies/{mtszn}/delete"), vec![]),
            ("/admin/services".to_string(), service_fields("FORGED-01", "Forged", &m, &m)),
            (format!("/admin/services/{}", zags.id), service_fields("ZAGS-01", "Forged", &m, &m)),
            (format!("/admin/services/{}/deactivate", zags.id), vec![]),
        ];
        for (path, fields) in forged {
            let p = b.post(&path, &fields).await;
            assert_eq!(p.status, 403, "{email} {path}: {}", p.text());
        }
    }
    let a = agency(&app, mtszn).await.unwrap();
    assert!(a.active && a.name_en != "Forged", "the agency is unchanged");
    let s = service_by_code(&app, "ZAGS-01").await.unwrap();
    assert!(s.active && s.name_en == zags.name_en, "the service is unchanged");
    assert_eq!((agency_count(&app).await, service_count(&app).await), (agencies, services), "nothing created");
    let mut anon = Browser::new(&app);
    let p = anon.get("/admin/agencies").await;
    assert_eq!(p.status, 303);
    assert!(p.location().starts_with("/sign-in?next="));
}

crate::on_both_databases!(
    an_admin_creates_edits_deactivates_reactivates_and_deletes_an_agency,
    agency_refusals_stand_beside_the_form_with_everything_typed_kept,
    an_admin_adds_edits_deactivates_and_reactivates_a_service,
    service_refusals_stand_beside_the_form_with_everything_typed_kept,
    others_are_refused_the_directory_pages_and_a_forged_post_changes_nothing,
);
