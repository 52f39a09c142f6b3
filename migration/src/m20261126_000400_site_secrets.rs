//! Secrets the portal makes for itself once and every instance shares (the key that seals web
//! forms' CSRF tokens), so forms survive restarts and any instance accepts another's forms.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SiteSecret::Table)
                .col(string_len(SiteSecret::Name, 40).primary_key())
                .col(string_len(SiteSecret::Value, 128))
                .col(timestamp_with_time_zone(SiteSecret::CreatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SiteSecret::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SiteSecret {
    Table,
    Name,
    Value,
    CreatedAt,
}
