//! Transfers of days off recorded by an administrator from a government resolution after the
//! calendar's files were written: the weekend day worked and the working day rested. The calendar
//! every deadline is counted on is the files plus these rows, so all instances agree at once.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CalendarTransfer {
    Table,
    Id,
    WorkedOn,
    RestedOn,
    Basis,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CalendarTransfer::Table)
                .col(big_pk_auto(CalendarTransfer::Id))
                // A day is worked, or rested, by one transfer at most.
                .col(date(CalendarTransfer::WorkedOn).unique_key())
                .col(date(CalendarTransfer::RestedOn).unique_key())
                .col(text(CalendarTransfer::Basis))
                .col(big_integer(CalendarTransfer::CreatedBy))
                .col(timestamp_with_time_zone(CalendarTransfer::CreatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CalendarTransfer::Table).to_owned()).await
    }
}
