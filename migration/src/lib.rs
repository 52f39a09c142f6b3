//! Append-only schema history. A migration that has landed on main is never edited; change the
//! schema with a new file named `mYYYYMMDD_HHMMSS_what.rs`. Schema DSL only, so SQLite and
//! PostgreSQL run the same files.
pub use sea_orm_migration::prelude::*;

mod m20261126_000001_accounts;
mod m20261126_000002_directory;
mod m20261126_000003_reports;
mod m20261126_000004_requests;
mod m20261126_000005_discussions;
mod m20261126_000006_monitoring;
mod m20261126_000007_request_links;
mod m20261126_000100_open_data;
mod m20261126_000200_conclusions;
mod m20261126_000300_webhook_deliveries;
mod m20261126_000400_site_secrets;
mod m20261205_000500_moderation;
mod m20261206_000600_account_language;
mod m20261206_000700_calendar_transfers;
mod m20261206_000800_open_survey;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts::Migration),
            Box::new(m20261126_000002_directory::Migration),
            Box::new(m20261126_000003_reports::Migration),
            Box::new(m20261126_000004_requests::Migration),
            Box::new(m20261126_000005_discussions::Migration),
            Box::new(m20261126_000006_monitoring::Migration),
            Box::new(m20261126_000007_request_links::Migration),
            Box::new(m20261126_000100_open_data::Migration),
            Box::new(m20261126_000200_conclusions::Migration),
            Box::new(m20261126_000300_webhook_deliveries::Migration),
            Box::new(m20261126_000400_site_secrets::Migration),
            Box::new(m20261205_000500_moderation::Migration),
            Box::new(m20261206_000600_account_language::Migration),
            Box::new(m20261206_000700_calendar_transfers::Migration),
            Box::new(m20261206_000800_open_survey::Migration),
        ]
    }
}
