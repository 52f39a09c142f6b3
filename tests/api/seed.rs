//! The shipped directory: what `content/` must hold, and loading it twice changing nothing.
use crate::helpers::TestApp;

async fn the_shipped_directory_loads_once_and_reloads_unchanged(app: TestApp) {
    let first = app.seed_content().await;
    assert_eq!(first.agencies.updated + first.agencies.unchanged, 0);
    let second = app.seed_content().await;
    assert_eq!(second.agencies.inserted + second.agencies.updated, 0, "{second:?}");
    assert_eq!(second.services.inserted + second.services.updated, 0, "{second:?}");
    assert_eq!(second.regions.unchanged, first.regions.inserted);

    let count = |path: String| {
        let app = &app;
        async move {
            let mut n = 0;
            let mut cursor = String::new();
            loop {
                let r = app.get(&format!("{path}&limit=100{cursor}")).await;
                let body = r.ok(200);
                n += body["items"].as_array().unwrap().len();
                match body["next_cursor"].as_str() {
                    Some(c) => cursor = format!("&cursor={c}"),
                    None => return n,
                }
            }
        }
    };
    // The floor: every ministry, the authorized body, the State Corporation, all oblast and
    // city akimats, and the districts of at least one oblast; at least 60 services.
    assert!(count("/api/v1/agencies?kind=central_state_body".into()).await >= 19);
    assert_eq!(count("/api/v1/agencies?kind=authorized_body".into()).await, 1);
    assert_eq!(count("/api/v1/agencies?kind=state_corporation".into()).await, 1);
    assert_eq!(count("/api/v1/agencies?kind=oblast_akimat".into()).await, 17);
    assert_eq!(count("/api/v1/agencies?kind=city_republican_akimat".into()).await, 2);
    assert_eq!(count("/api/v1/agencies?kind=capital_akimat".into()).await, 1);
    assert!(count("/api/v1/agencies?kind=district_akimat&region=110000000".into()).await >= 10);
    assert!(count("/api/v1/services?active=true".into()).await >= 60);
    // Every service has Kazakh and Russian names and at least one provider.
    let all = app.get("/api/v1/services?limit=100").await;
    for s in all.ok(200)["items"].as_array().unwrap() {
        assert!(s["name_kk"].as_str().unwrap().chars().count() > 5, "{}", s["code"]);
        assert!(s["name_ru"].as_str().unwrap().chars().count() > 5, "{}", s["code"]);
        assert!(!s["providers"].as_array().unwrap().is_empty(), "{}", s["code"]);
    }
}

crate::on_both_databases!(
    the_shipped_directory_loads_once_and_reloads_unchanged,
    a_broken_content_file_changes_nothing
);

/// Instances starting together on an empty PostgreSQL: one seeds, the others find it done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_starts_seed_once_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let ctx = app.app.state.cli_ctx();
            let dir = dir.clone();
            tokio::spawn(async move {
                baqylau::service::seed::seed_if_empty(&ctx, &dir).await.map(|s| s.is_some()).map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut seeded = 0;
    for r in runs {
        if r.await.unwrap().unwrap() {
            seeded += 1;
        }
    }
    assert_eq!(seeded, 1);
}

async fn a_broken_content_file_changes_nothing(app: TestApp) {
    let dir = std::env::temp_dir().join(format!("baqylau-content-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    std::fs::copy(src.join("regions.toml"), dir.join("regions.toml")).unwrap();
    std::fs::copy(src.join("agencies.toml"), dir.join("agencies.toml")).unwrap();
    // A service whose provider does not exist, after 80 good ones: the whole load must roll back.
    let mut services = std::fs::read_to_string(src.join("services.toml")).unwrap();
    services.push_str("\n[[service]]\ncode = \"BROKEN-1\"\nname_kk = \"Қызмет\"\nname_ru = \"Услуга\"\nname_en = \"Service\"\nrecipients = \"individuals\"\napproving_body = \"NO-SUCH-BODY\"\nproviders = []\nchannels = [\"provider\"]\nforms = [\"paper\"]\npaid = false\nfee_basis = \"\"\nbylaw_title_ru = \"\"\nbylaw_number = \"\"\nbylaw_date = \"\"\nterm_value = 1\nterm_unit = \"working_days\"\n");
    std::fs::write(dir.join("services.toml"), services).unwrap();
    let err = baqylau::service::seed::seed(&app.app.state.cli_ctx(), &dir, None).await.unwrap_err();
    assert!(err.to_string().contains("BROKEN-1") && err.to_string().contains("NO-SUCH-BODY"), "{err}");
    assert_eq!(app.get("/api/v1/agencies").await.ok(200)["items"].as_array().unwrap().len(), 0);
    std::fs::remove_dir_all(dir).ok();
}
