//! Open data: webhooks third-party apps register to hear of public changes. Each hook keeps its
//! own position in the change feed (the outbox), so delivery is in order and survives restarts;
//! retries wait until `next_attempt_at`, and a hook that keeps failing is switched off.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Webhook::Table)
                .col(big_pk_auto(Webhook::Id))
                .col(big_integer(Webhook::AccountId))
                .col(string_len(Webhook::Url, 2000))
                .col(string_len(Webhook::Secret, 100))
                .col(string_len(Webhook::EntityTypes, 500))
                .col(boolean(Webhook::Active))
                .col(big_integer(Webhook::Cursor))
                .col(integer(Webhook::ConsecutiveFailures))
                .col(timestamp_with_time_zone(Webhook::NextAttemptAt))
                .col(text_null(Webhook::LastError))
                .col(timestamp_with_time_zone_null(Webhook::LastDeliveredAt))
                .col(timestamp_with_time_zone_null(Webhook::DisabledAt))
                .col(string_len_null(Webhook::LeaseOwner, 100))
                .col(timestamp_with_time_zone_null(Webhook::LeaseUntil))
                .col(timestamp_with_time_zone(Webhook::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Webhook::Table, Webhook::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_webhook_account").table(Webhook::Table).col(Webhook::AccountId).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_due")
                .table(Webhook::Table)
                .col(Webhook::Active)
                .col(Webhook::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        // The change feed reads the outbox by type after an id.
        m.create_index(
            Index::create()
                .name("ix_outbox_type_id")
                .table(Outbox::Table)
                .col(Outbox::EntityType)
                .col(Outbox::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_outbox_type_id").table(Outbox::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Webhook::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Webhook {
    Table,
    Id,
    AccountId,
    Url,
    Secret,
    EntityTypes,
    Active,
    Cursor,
    ConsecutiveFailures,
    NextAttemptAt,
    LastError,
    LastDeliveredAt,
    DisabledAt,
    LeaseOwner,
    LeaseUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    EntityType,
}
