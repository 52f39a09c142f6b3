//! Accounts, bearer tokens, organisations (NGOs) with members and invitations, and the audit log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(big_pk_auto(Account::Id))
                .col(string_len_uniq(Account::Email, 254))
                .col(string_len(Account::DisplayName, 120))
                .col(string_len_null(Account::FullName, 200))
                .col(string_len_null(Account::Iin, 12))
                .col(string(Account::PasswordHash))
                .col(string_len(Account::Role, 32).default("citizen"))
                .col(big_integer_null(Account::AgencyId))
                .col(boolean(Account::ShowNamePublicly).default(false))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Token::Table)
                .col(big_pk_auto(Token::Id))
                .col(big_integer(Token::AccountId))
                .col(string_len(Token::Kind, 16))
                .col(string_len(Token::Name, 120))
                .col(string_len_uniq(Token::TokenHash, 64))
                .col(string_len(Token::Scopes, 64))
                .col(timestamp_with_time_zone_null(Token::ExpiresAt))
                .col(timestamp_with_time_zone(Token::CreatedAt))
                .col(timestamp_with_time_zone_null(Token::LastUsedAt))
                .col(timestamp_with_time_zone_null(Token::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Token::Table, Token::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_token_account").table(Token::Table).col(Token::AccountId).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(Organization::Table)
                .col(big_pk_auto(Organization::Id))
                .col(string_len(Organization::Name, 300))
                .col(string_len_uniq(Organization::Bin, 12))
                .col(string_len_null(Organization::Website, 300))
                .col(big_integer(Organization::CreatedBy))
                .col(timestamp_with_time_zone(Organization::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Organization::Table, Organization::CreatedBy)
                        .to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Membership::Table)
                .col(big_pk_auto(Membership::Id))
                .col(big_integer(Membership::OrganizationId))
                .col(big_integer(Membership::AccountId))
                .col(string_len(Membership::Role, 16))
                .col(timestamp_with_time_zone(Membership::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Membership::Table, Membership::OrganizationId)
                        .to(Organization::Table, Organization::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(Membership::Table, Membership::AccountId).to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_membership_org_account")
                .table(Membership::Table)
                .col(Membership::OrganizationId)
                .col(Membership::AccountId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Invitation::Table)
                .col(big_pk_auto(Invitation::Id))
                .col(big_integer(Invitation::OrganizationId))
                .col(string_len(Invitation::Email, 254))
                .col(string_len(Invitation::Role, 16))
                .col(string_len(Invitation::Status, 16))
                .col(big_integer(Invitation::InvitedBy))
                .col(timestamp_with_time_zone(Invitation::CreatedAt))
                .col(timestamp_with_time_zone_null(Invitation::DecidedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Invitation::Table, Invitation::OrganizationId)
                        .to(Organization::Table, Organization::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(Invitation::Table, Invitation::InvitedBy).to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_invitation_email").table(Invitation::Table).col(Invitation::Email).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(big_integer_null(AuditLog::ActorId))
                .col(string_len(AuditLog::Action, 64))
                .col(string_len(AuditLog::EntityType, 64))
                .col(string_len(AuditLog::EntityId, 64))
                .col(json_null(AuditLog::Before))
                .col(json_null(AuditLog::After))
                .col(string_len_null(AuditLog::RequestId, 64))
                .col(timestamp_with_time_zone(AuditLog::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_entity")
                .table(AuditLog::Table)
                .col(AuditLog::EntityType)
                .col(AuditLog::EntityId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            Invitation::Table.into_iden(),
            Membership::Table.into_iden(),
            Organization::Table.into_iden(),
            Token::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Email,
    DisplayName,
    FullName,
    Iin,
    PasswordHash,
    Role,
    AgencyId,
    ShowNamePublicly,
    CreatedAt,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Token {
    Table,
    Id,
    AccountId,
    Kind,
    Name,
    TokenHash,
    Scopes,
    ExpiresAt,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
    Name,
    Bin,
    Website,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Membership {
    Table,
    Id,
    OrganizationId,
    AccountId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    Status,
    InvitedBy,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
    RequestId,
    At,
}
