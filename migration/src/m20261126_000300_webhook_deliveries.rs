//! Webhook delivery log: one row per attempt to post an event to a hook, so its owner can see
//! what was sent, what the receiver answered and when the next try is. Pruned to the newest rows
//! per hook by the delivery worker.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(WebhookDelivery::Table)
                .col(big_pk_auto(WebhookDelivery::Id))
                .col(big_integer(WebhookDelivery::WebhookId))
                .col(big_integer(WebhookDelivery::EventId))
                .col(integer(WebhookDelivery::Attempt))
                .col(timestamp_with_time_zone(WebhookDelivery::AttemptedAt))
                .col(string_len(WebhookDelivery::Outcome, 20))
                .col(integer_null(WebhookDelivery::StatusCode))
                .col(string_len_null(WebhookDelivery::Error, 500))
                .col(big_integer(WebhookDelivery::DurationMs))
                .col(timestamp_with_time_zone_null(WebhookDelivery::NextAttemptAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(WebhookDelivery::Table, WebhookDelivery::WebhookId)
                        .to(Webhook::Table, Webhook::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The log is read and pruned per hook in id order.
        m.create_index(
            Index::create()
                .name("ix_webhook_delivery_hook_id")
                .table(WebhookDelivery::Table)
                .col(WebhookDelivery::WebhookId)
                .col(WebhookDelivery::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WebhookDelivery::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum WebhookDelivery {
    Table,
    Id,
    WebhookId,
    EventId,
    Attempt,
    AttemptedAt,
    Outcome,
    StatusCode,
    Error,
    DurationMs,
    NextAttemptAt,
}

#[derive(DeriveIden)]
enum Webhook {
    Table,
    Id,
}
