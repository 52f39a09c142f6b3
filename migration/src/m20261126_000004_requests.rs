//! Information requests (Law Art. 29 p.2): the request, the published-check made before it went
//! out, and its timeline (submission, extension, answers, refusal, forwarding, withdrawal).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InfoRequest::Table)
                .col(big_pk_auto(InfoRequest::Id))
                .col(string_len_null(InfoRequest::Number, 32).unique_key())
                .col(big_integer(InfoRequest::RequesterId))
                .col(big_integer_null(InfoRequest::OrganizationId))
                .col(big_integer(InfoRequest::AgencyId))
                .col(string_len(InfoRequest::Language, 2))
                .col(string_len(InfoRequest::Subject, 300))
                .col(text(InfoRequest::QuestionsMd))
                .col(json(InfoRequest::ServiceIds))
                .col(boolean(InfoRequest::SecretsConfirmed))
                .col(string_len(InfoRequest::State, 32))
                .col(string_len(InfoRequest::TextHash, 64))
                .col(big_integer_null(InfoRequest::CheckId))
                .col(boolean(InfoRequest::NoneMatchStatement))
                .col(timestamp_with_time_zone_null(InfoRequest::RegisteredAt))
                .col(date_null(InfoRequest::RegistrationDate))
                .col(date_null(InfoRequest::DueDate))
                .col(json_null(InfoRequest::DeadlineRule))
                .col(boolean(InfoRequest::Extended))
                .col(big_integer_null(InfoRequest::ParentId))
                .col(timestamp_with_time_zone_null(InfoRequest::ClosedAt))
                .col(date_null(InfoRequest::ClosedDate))
                .col(string_len_null(InfoRequest::RefusalGround, 40))
                .col(timestamp_with_time_zone(InfoRequest::CreatedAt))
                .col(timestamp_with_time_zone(InfoRequest::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(InfoRequest::Table, InfoRequest::RequesterId)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(InfoRequest::Table, InfoRequest::OrganizationId)
                        .to(Organization::Table, Organization::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(InfoRequest::Table, InfoRequest::AgencyId).to(Agency::Table, Agency::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(InfoRequest::Table, InfoRequest::ParentId)
                        .to(InfoRequest::Table, InfoRequest::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_info_request_agency", InfoRequest::AgencyId),
            ("idx_info_request_requester", InfoRequest::RequesterId),
            ("idx_info_request_state", InfoRequest::State),
        ] {
            m.create_index(Index::create().name(name).table(InfoRequest::Table).col(col).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(RequestCheck::Table)
                .col(big_pk_auto(RequestCheck::Id))
                .col(big_integer(RequestCheck::RequestId))
                .col(string_len(RequestCheck::TextHash, 64))
                .col(json(RequestCheck::Matches))
                .col(string_len_null(RequestCheck::AgencyWebsite, 500))
                .col(timestamp_with_time_zone(RequestCheck::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RequestCheck::Table, RequestCheck::RequestId)
                        .to(InfoRequest::Table, InfoRequest::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RequestEvent::Table)
                .col(big_pk_auto(RequestEvent::Id))
                .col(big_integer(RequestEvent::RequestId))
                .col(string_len(RequestEvent::Kind, 32))
                .col(big_integer_null(RequestEvent::ActorId))
                .col(text_null(RequestEvent::BodyMd))
                .col(text_null(RequestEvent::Reason))
                .col(string_len_null(RequestEvent::Ground, 40))
                .col(string_len_null(RequestEvent::Url, 1000))
                .col(date_null(RequestEvent::DueDate))
                .col(big_integer_null(RequestEvent::LinkedRequestId))
                .col(json(RequestEvent::Attachments))
                .col(timestamp_with_time_zone(RequestEvent::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RequestEvent::Table, RequestEvent::RequestId)
                        .to(InfoRequest::Table, InfoRequest::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_request_event_request")
                .table(RequestEvent::Table)
                .col(RequestEvent::RequestId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [RequestEvent::Table.into_iden(), RequestCheck::Table.into_iden(), InfoRequest::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InfoRequest {
    Table,
    Id,
    Number,
    RequesterId,
    OrganizationId,
    AgencyId,
    Language,
    Subject,
    QuestionsMd,
    ServiceIds,
    SecretsConfirmed,
    State,
    TextHash,
    CheckId,
    NoneMatchStatement,
    RegisteredAt,
    RegistrationDate,
    DueDate,
    DeadlineRule,
    Extended,
    ParentId,
    ClosedAt,
    ClosedDate,
    RefusalGround,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RequestCheck {
    Table,
    Id,
    RequestId,
    TextHash,
    Matches,
    AgencyWebsite,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RequestEvent {
    Table,
    Id,
    RequestId,
    Kind,
    ActorId,
    BodyMd,
    Reason,
    Ground,
    Url,
    DueDate,
    LinkedRequestId,
    Attachments,
    CreatedAt,
}
