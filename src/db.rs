//! Opening the database and bringing its schema up to date.
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr, Statement};

use crate::config::Config;

/// An arbitrary constant naming the advisory lock that serialises migrations on PostgreSQL.
const MIGRATION_LOCK_KEY: i64 = 0x6261_7179_6c61_7531;

fn options(url: &str, max_connections: u32) -> ConnectOptions {
    let mut o = ConnectOptions::new(url.to_string());
    o.max_connections(max_connections)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    o
}

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    let db = Database::connect(options(url, if is_sqlite { 8 } else { 16 })).await?;
    if is_sqlite {
        // WAL lets readers go on while one writer writes; the setting is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Open the configured database, creating the data directory for SQLite, and migrate it.
pub async fn open(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = config.effective_database_url();
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    migrate(&url).await?;
    Ok(connect(&url).await?)
}

/// Apply pending migrations. On PostgreSQL several instances may start at once: each takes a
/// session advisory lock on a single connection, so one migrates and the others wait, then find
/// nothing pending.
pub async fn migrate(url: &str) -> anyhow::Result<()> {
    let conn = Database::connect(options(url, 1)).await?;
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        let lock =
            |sql: &str| Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, [MIGRATION_LOCK_KEY.into()]);
        conn.execute_raw(lock("SELECT pg_advisory_lock($1)")).await?;
        let result = Migrator::up(&conn, None).await;
        conn.execute_raw(lock("SELECT pg_advisory_unlock($1)")).await?;
        result?;
    } else {
        Migrator::up(&conn, None).await?;
    }
    conn.close().await?;
    Ok(())
}
