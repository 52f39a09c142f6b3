//! The directory: KATO regions, agencies with their hierarchy, and the registry of public services
//! (Law Art. 12) with the agencies that provide each service.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Region::Table)
                .col(string_len(Region::Code, 9).primary_key())
                .col(string_len_null(Region::Parent, 9))
                .col(string_len(Region::Kind, 32))
                .col(string_len(Region::NameKk, 200))
                .col(string_len(Region::NameRu, 200))
                .col(string_len(Region::NameEn, 200))
                .foreign_key(ForeignKey::create().from(Region::Table, Region::Parent).to(Region::Table, Region::Code))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Agency::Table)
                .col(big_pk_auto(Agency::Id))
                .col(string_len_uniq(Agency::Code, 40))
                .col(string_len(Agency::Kind, 40))
                .col(big_integer_null(Agency::ParentId))
                .col(string_len_null(Agency::Region, 9))
                .col(string_len(Agency::NameKk, 400))
                .col(string_len(Agency::NameRu, 400))
                .col(string_len(Agency::NameEn, 400))
                .col(string_len_null(Agency::Website, 500))
                .col(string_len_null(Agency::Email, 254))
                .col(text(Agency::SearchText))
                .col(boolean(Agency::Active).default(true))
                .col(timestamp_with_time_zone(Agency::CreatedAt))
                .col(timestamp_with_time_zone(Agency::UpdatedAt))
                .foreign_key(ForeignKey::create().from(Agency::Table, Agency::ParentId).to(Agency::Table, Agency::Id))
                .foreign_key(ForeignKey::create().from(Agency::Table, Agency::Region).to(Region::Table, Region::Code))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_agency_parent", Agency::ParentId),
            ("idx_agency_kind", Agency::Kind),
            ("idx_agency_region", Agency::Region),
        ] {
            m.create_index(Index::create().name(name).table(Agency::Table).col(col).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(PublicService::Table)
                .col(big_pk_auto(PublicService::Id))
                .col(string_len_uniq(PublicService::Code, 40))
                .col(string_len(PublicService::NameKk, 600))
                .col(string_len(PublicService::NameRu, 600))
                .col(string_len(PublicService::NameEn, 600))
                .col(string_len(PublicService::Recipients, 20))
                .col(big_integer(PublicService::ApprovingBodyId))
                .col(string_len(PublicService::Channels, 100))
                .col(string_len(PublicService::Forms, 60))
                .col(boolean(PublicService::Paid))
                .col(string_len_null(PublicService::FeeBasis, 500))
                .col(string_len_null(PublicService::BylawTitle, 1000))
                .col(string_len_null(PublicService::BylawNumber, 100))
                .col(date_null(PublicService::BylawDate))
                .col(integer(PublicService::TermValue))
                .col(string_len(PublicService::TermUnit, 20))
                .col(text(PublicService::SearchText))
                .col(boolean(PublicService::Active).default(true))
                .col(timestamp_with_time_zone(PublicService::CreatedAt))
                .col(timestamp_with_time_zone(PublicService::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PublicService::Table, PublicService::ApprovingBodyId)
                        .to(Agency::Table, Agency::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ServiceProvider::Table)
                .col(big_integer(ServiceProvider::ServiceId))
                .col(big_integer(ServiceProvider::AgencyId))
                .primary_key(Index::create().col(ServiceProvider::ServiceId).col(ServiceProvider::AgencyId))
                .foreign_key(
                    ForeignKey::create()
                        .from(ServiceProvider::Table, ServiceProvider::ServiceId)
                        .to(PublicService::Table, PublicService::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ServiceProvider::Table, ServiceProvider::AgencyId)
                        .to(Agency::Table, Agency::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_service_provider_agency")
                .table(ServiceProvider::Table)
                .col(ServiceProvider::AgencyId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_account_agency").table(Account::Table).col(Account::AgencyId).to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_account_agency").table(Account::Table).to_owned()).await?;
        for t in [
            ServiceProvider::Table.into_iden(),
            PublicService::Table.into_iden(),
            Agency::Table.into_iden(),
            Region::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
    Parent,
    Kind,
    NameKk,
    NameRu,
    NameEn,
}

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
    Code,
    Kind,
    ParentId,
    Region,
    NameKk,
    NameRu,
    NameEn,
    Website,
    Email,
    SearchText,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PublicService {
    Table,
    Id,
    Code,
    NameKk,
    NameRu,
    NameEn,
    Recipients,
    ApprovingBodyId,
    Channels,
    Forms,
    Paid,
    FeeBasis,
    BylawTitle,
    BylawNumber,
    BylawDate,
    TermValue,
    TermUnit,
    SearchText,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServiceProvider {
    Table,
    ServiceId,
    AgencyId,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    AgencyId,
}
