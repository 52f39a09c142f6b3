use migration::{Migrator, MigratorTrait};
use sea_orm::Database;

use crate::helpers::TestApp;

async fn migrations_run_from_empty_and_again_as_a_no_op(app: TestApp) {
    // TestApp applied every migration to an empty database; nothing may be pending now.
    assert!(Migrator::get_pending_migrations(&app.db).await.unwrap().is_empty());
    let applied = Migrator::get_applied_migrations(&app.db).await.unwrap().len();
    assert_eq!(applied, Migrator::migrations().len());
}

crate::on_both_databases!(migrations_run_from_empty_and_again_as_a_no_op);

/// Several instances starting at once against one PostgreSQL: the advisory lock lets exactly one
/// migrate; the others wait and find nothing to do. Without the lock they race on CREATE TABLE.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_starts_migrate_once_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    // A second, empty database for the race.
    let admin_url = std::env::var(crate::helpers::POSTGRES_URL_VAR).unwrap();
    let name = format!("baqylau_race_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url).await.unwrap();
    use sea_orm::ConnectionTrait;
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let runs = (0..4).map(|_| {
        let url = url.clone();
        tokio::spawn(async move { baqylau::db::migrate(&url).await.map_err(|e| e.to_string()) })
    });
    for r in futures_join(runs).await {
        assert_eq!(r, Ok(()));
    }
    let db = Database::connect(&url).await.unwrap();
    assert_eq!(Migrator::get_applied_migrations(&db).await.unwrap().len(), Migrator::migrations().len());
    db.close().await.ok();
    admin.execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)")).await.unwrap();
    drop(app);
}

async fn futures_join(
    handles: impl Iterator<Item = tokio::task::JoinHandle<Result<(), String>>>,
) -> Vec<Result<(), String>> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
