//! Information requests grow three links: to the requester's monitoring campaign, to files the
//! agency attaches to its answer, and to the notices a requester receives in the portal.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite cannot add a constraint to an existing table; the service checks the campaign.
        m.alter_table(
            Table::alter().table(InfoRequest::Table).add_column(big_integer_null(InfoRequest::CampaignId)).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_info_request_campaign")
                .table(InfoRequest::Table)
                .col(InfoRequest::CampaignId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RequestFile::Table)
                .col(big_pk_auto(RequestFile::Id))
                .col(big_integer(RequestFile::RequestId))
                .col(big_integer_null(RequestFile::EventId))
                .col(string_len(RequestFile::StorageKey, 200))
                .col(string_len(RequestFile::Sha256, 64))
                .col(string_len(RequestFile::ContentType, 100))
                .col(big_integer(RequestFile::SizeBytes))
                .col(string_len_null(RequestFile::OriginalName, 255))
                .col(big_integer(RequestFile::UploadedBy))
                .col(timestamp_with_time_zone(RequestFile::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RequestFile::Table, RequestFile::RequestId)
                        .to(InfoRequest::Table, InfoRequest::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RequestFile::Table, RequestFile::EventId)
                        .to(RequestEvent::Table, RequestEvent::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_request_file_request")
                .table(RequestFile::Table)
                .col(RequestFile::RequestId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notification::Table)
                .col(big_pk_auto(Notification::Id))
                .col(big_integer(Notification::AccountId))
                .col(string_len(Notification::Kind, 40))
                .col(big_integer_null(Notification::RequestId))
                .col(json(Notification::Args))
                .col(timestamp_with_time_zone(Notification::CreatedAt))
                .col(timestamp_with_time_zone_null(Notification::ReadAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notification::Table, Notification::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notification_account")
                .table(Notification::Table)
                .col(Notification::AccountId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Notification::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(RequestFile::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_info_request_campaign").table(InfoRequest::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(InfoRequest::Table).drop_column(InfoRequest::CampaignId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InfoRequest {
    Table,
    Id,
    CampaignId,
}

#[derive(DeriveIden)]
enum RequestEvent {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RequestFile {
    Table,
    Id,
    RequestId,
    EventId,
    StorageKey,
    Sha256,
    ContentType,
    SizeBytes,
    OriginalName,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    AccountId,
    Kind,
    RequestId,
    Args,
    CreatedAt,
    ReadAt,
}
