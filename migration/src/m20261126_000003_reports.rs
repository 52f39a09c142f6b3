//! Annual reports (Law Art. 23 p.5) with every revision kept, and the outbox through which public
//! changes reach the search index and, later, the public change feed.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Report::Table)
                .col(big_pk_auto(Report::Id))
                .col(big_integer(Report::AgencyId))
                .col(integer(Report::Year))
                .col(string_len(Report::Language, 2))
                .col(integer(Report::Revision))
                .col(string_len(Report::Title, 500))
                .col(text(Report::BodyMd))
                .col(string_len_null(Report::SourceUrl, 1000))
                .col(date_null(Report::PublishedOn))
                .col(json(Report::Figures))
                .col(json(Report::Attachments))
                .col(boolean(Report::Demo))
                .col(string_len(Report::ContentHash, 64))
                .col(timestamp_with_time_zone(Report::CreatedAt))
                .col(timestamp_with_time_zone(Report::UpdatedAt))
                .foreign_key(ForeignKey::create().from(Report::Table, Report::AgencyId).to(Agency::Table, Agency::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_report_agency_year_language")
                .table(Report::Table)
                .col(Report::AgencyId)
                .col(Report::Year)
                .col(Report::Language)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReportRevision::Table)
                .col(big_pk_auto(ReportRevision::Id))
                .col(big_integer(ReportRevision::ReportId))
                .col(integer(ReportRevision::Revision))
                .col(string_len(ReportRevision::Title, 500))
                .col(text(ReportRevision::BodyMd))
                .col(string_len_null(ReportRevision::SourceUrl, 1000))
                .col(date_null(ReportRevision::PublishedOn))
                .col(json(ReportRevision::Figures))
                .col(json(ReportRevision::Attachments))
                .col(boolean(ReportRevision::Demo))
                .col(big_integer_null(ReportRevision::CreatedBy))
                .col(timestamp_with_time_zone(ReportRevision::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReportRevision::Table, ReportRevision::ReportId)
                        .to(Report::Table, Report::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_report_revision")
                .table(ReportRevision::Table)
                .col(ReportRevision::ReportId)
                .col(ReportRevision::Revision)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(string_len(Outbox::EntityType, 40))
                .col(big_integer(Outbox::EntityId))
                .col(string_len(Outbox::Action, 20))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(integer(Outbox::Attempts).default(0))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(string_len_null(Outbox::LeaseOwner, 64))
                .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                .col(timestamp_with_time_zone_null(Outbox::ProcessedAt))
                .col(text_null(Outbox::LastError))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_pending")
                .table(Outbox::Table)
                .col(Outbox::ProcessedAt)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [Outbox::Table.into_iden(), ReportRevision::Table.into_iden(), Report::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    AgencyId,
    Year,
    Language,
    Revision,
    Title,
    BodyMd,
    SourceUrl,
    PublishedOn,
    Figures,
    Attachments,
    Demo,
    ContentHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportRevision {
    Table,
    Id,
    ReportId,
    Revision,
    Title,
    BodyMd,
    SourceUrl,
    PublishedOn,
    Figures,
    Attachments,
    Demo,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    EntityType,
    EntityId,
    Action,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    ProcessedAt,
    LastError,
}
