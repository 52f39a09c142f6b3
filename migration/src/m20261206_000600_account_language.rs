//! The language a person chose for the portal (kk, ru or en), so that pages after signing in on
//! another device, and messages sent to them, are in that language; empty until they choose.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Language,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Account::Table).add_column(string_len_null(Account::Language, 2)).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Account::Table).drop_column(Account::Language).to_owned()).await
    }
}
