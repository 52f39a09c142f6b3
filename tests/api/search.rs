use crate::helpers::TestApp;

async fn search_answers_in_the_documented_shape_and_refuses_bad_parameters(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let r = app.get("/api/v1/search?q=мемлекеттик%20кызмет&language=kk&limit=5").await;
    let body = r.ok(200);
    assert!(body["total"].as_u64().unwrap() >= 1);
    for key in ["agency", "region", "year", "kind", "language"] {
        assert!(body["facets"][key].is_object(), "facet {key}");
    }
    assert!(body["processing_time_ms"].is_u64());
    let hit = &body["hits"][0];
    for key in ["id", "kind", "title", "agency_id", "year", "language", "snippet", "url"] {
        assert!(!hit[key].is_null(), "hit lacks {key}");
    }
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"));
    let url = hit["url"].as_str().unwrap();
    assert_eq!(app.get(url).await.ok(200)["language"], "kk");
    // The demo reports carry both phrases the content promises, each once.
    let r = app.get("/api/v1/search?q=%22нарушение%20сроков%20оказания%20услуг%20в%20сельских%20округах%22").await;
    assert_eq!(r.ok(200)["total"], 1);
    for bad in [
        "limit=0",
        "limit=101",
        "offset=990&limit=20",
        "sort=oldest",
        "kind=tweet",
        "language=de",
        "region=11",
        "agency_kind=king",
        "year_from=2025&year_to=2020",
    ] {
        app.get(&format!("/api/v1/search?{bad}")).await.problem(400, "invalid_parameter");
    }
    assert_eq!(app.get("/api/v1/search?offset=980&limit=20").await.status, 200);
}

crate::on_both_databases!(search_answers_in_the_documented_shape_and_refuses_bad_parameters);
