use serde_json::json;

use crate::helpers::TestApp;

async fn agencies_filter_by_kind_region_parent_and_text(app: TestApp) {
    app.seed_content().await;
    // Typed with Russian-keyboard letters: "кызмет" finds "қызмет" (the civil service agency).
    let r = app.get("/api/v1/agencies?q=мемлекеттик%20кызмет").await;
    assert!(r.ok(200)["items"].as_array().unwrap().iter().any(|a| a["code"] == "ASDGS"), "{}", r.text);
    let r = app.get("/api/v1/agencies?q=ГОСУДАРСТВЕННОЙ%20СЛУЖБЫ").await;
    assert!(r.ok(200)["items"].as_array().unwrap().iter().any(|a| a["code"] == "ASDGS"));
    // A region takes in what lies inside it.
    let akmola = app.agency_id("AKIMAT-AKM").await;
    let r = app.get("/api/v1/agencies?region=110000000&limit=100").await;
    let items = r.ok(200)["items"].as_array().unwrap();
    assert!(items.iter().any(|a| a["code"] == "AKIMAT-AKM-ZERENDI"));
    assert!(items.iter().all(|a| a["region"].as_str().unwrap().starts_with("11")));
    let r = app.get(&format!("/api/v1/agencies?parent={akmola}&kind=district_akimat&limit=100")).await;
    assert!(
        r.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["parent_id"] == akmola && a["kind"] == "district_akimat")
    );
    app.get("/api/v1/agencies?kind=ministry").await.problem(400, "invalid_parameter");
    app.get("/api/v1/agencies?region=11").await.problem(400, "invalid_parameter");
    app.get("/api/v1/agencies/999999").await.problem(404, "resource_not_found");
}

async fn children_and_ancestors(app: TestApp) {
    app.seed_content().await;
    let village = app.agency_id("AKIM-AKM-ZERENDI-ZERENDI").await;
    let r = app.get(&format!("/api/v1/agencies/{village}/ancestors")).await;
    let codes: Vec<&str> = r.ok(200).as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["AKIMAT-AKM-ZERENDI", "AKIMAT-AKM"]);
    let district = app.agency_id("AKIMAT-AKM-ZERENDI").await;
    let r = app.get(&format!("/api/v1/agencies/{district}/children")).await;
    assert!(r.ok(200).as_array().unwrap().iter().any(|a| a["id"] == village));
}

async fn only_admins_write_the_directory(app: TestApp) {
    let (citizen, _) = app.citizen("a@example.kz").await;
    let body = json!({"code": "MX", "kind": "central_state_body", "name_kk": "Министрлік", "name_ru": "Министерство", "name_en": "Ministry"});
    app.post_as(&citizen, "/api/v1/agencies", body).await.problem(403, "forbidden");
}

async fn an_admin_builds_a_hierarchy_and_bad_parents_are_refused(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let ministry = app.agency_id("MTSZN").await;
    let oblast = app.agency_id("AKIMAT-AKM").await;
    let r = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "AKIMAT-AKM-NEW", "kind": "district_akimat", "parent_id": oblast, "region": "119999999",
            "name_kk": "Жаңа ауданның әкімдігі", "name_ru": "Акимат нового района", "name_en": "Akimat of New District"}))
        .await;
    // 119999999 is no KATO unit we know: the region must be known.
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "unknown_region");
    let r = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "AKIMAT-AKM-NEW", "kind": "district_akimat", "parent_id": ministry, "region": "110000000",
            "name_kk": "Жаңа ауданның әкімдігі", "name_ru": "Акимат нового района", "name_en": "Akimat of New District"}))
        .await;
    let p = r.problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["pointer"], "/parent_id");
    assert_eq!(p["errors"][0]["code"], "wrong_parent_kind");
    let r = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "AKIMAT-AKM-NEW", "kind": "district_akimat", "region": "110000000",
            "name_kk": "Жаңа ауданның әкімдігі", "name_ru": "Акимат нового района", "name_en": "Akimat of New District"}))
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "parent_required");
    let r = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "akimat-akm-new", "kind": "district_akimat", "parent_id": oblast, "region": "110000000",
            "name_kk": "Жаңа ауданның әкімдігі", "name_ru": "Акимат нового района", "name_en": "Akimat of New District", "website": "https://akm.gov.kz"}))
        .await;
    let created = r.ok(201);
    assert_eq!(created["code"], "AKIMAT-AKM-NEW");
    let id = created["id"].as_i64().unwrap();
    let r = app
        .patch_as(
            &admin,
            &format!("/api/v1/agencies/{id}"),
            json!({"name_en": "Akimat of Newly Named District", "website": null}),
        )
        .await;
    assert_eq!(r.ok(200)["name_en"], "Akimat of Newly Named District");
    assert!(r.body["website"].is_null());
    let r = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "AKIMAT-AKM-NEW", "kind": "central_state_body", "name_kk": "Бір", "name_ru": "Один", "name_en": "One"}))
        .await;
    r.problem(409, "agency_code_taken");
}

async fn a_cycle_in_the_hierarchy_is_refused(app: TestApp) {
    let (admin, _) = app.admin("root@example.kz").await;
    let m = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "M1", "kind": "central_state_body", "name_kk": "Министрлік", "name_ru": "Министерство", "name_en": "Ministry"}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let d = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "D1", "kind": "central_department", "parent_id": m, "name_kk": "Комитет", "name_ru": "Комитет", "name_en": "Committee"}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    // The ministry would become a territorial unit of its own committee.
    let r = app
        .patch_as(&admin, &format!("/api/v1/agencies/{m}"), json!({"kind": "territorial_unit", "parent_id": d}))
        .await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "hierarchy_cycle");
    let r = app.patch_as(&admin, &format!("/api/v1/agencies/{m}"), json!({"parent_id": 424242})).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["code"], "unknown_agency");
    assert!(app.get(&format!("/api/v1/agencies/{m}")).await.ok(200)["parent_id"].is_null(), "nothing half-written");
}

async fn a_referenced_agency_is_deactivated_not_deleted(app: TestApp) {
    app.seed_content().await;
    let (admin, _) = app.admin("root@example.kz").await;
    let oblast = app.agency_id("AKIMAT-AKM").await;
    let r = app.delete_as(&admin, &format!("/api/v1/agencies/{oblast}")).await;
    let p = r.problem(409, "agency_referenced");
    assert!(p["detail"].as_str().unwrap().contains("child agencies"), "{}", r.text);
    let r = app.post_as(&admin, &format!("/api/v1/agencies/{oblast}/deactivate"), json!({})).await;
    assert_eq!(r.ok(200)["active"], false);
    assert_eq!(app.get(&format!("/api/v1/agencies/{oblast}")).await.ok(200)["active"], false);
    assert!(
        app.get("/api/v1/agencies?active=false").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == oblast)
    );
    // Something nothing points to can go.
    let lone = app
        .post_as(&admin, "/api/v1/agencies", json!({"code": "LONE", "kind": "service_provider", "name_kk": "Беруші", "name_ru": "Услугодатель", "name_en": "Provider"}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.delete_as(&admin, &format!("/api/v1/agencies/{lone}")).await.ok(204);
    app.get(&format!("/api/v1/agencies/{lone}")).await.problem(404, "resource_not_found");
}

crate::on_both_databases!(
    agencies_filter_by_kind_region_parent_and_text,
    children_and_ancestors,
    only_admins_write_the_directory,
    an_admin_builds_a_hierarchy_and_bad_parents_are_refused,
    a_cycle_in_the_hierarchy_is_refused,
    a_referenced_agency_is_deactivated_not_deleted,
);
