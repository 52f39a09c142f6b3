//! Public monitoring (Law Art. 29 p.1, Art. 26): campaigns and their scope and team,
//! observations with the violations found and their evidence, questionnaires and survey
//! responses. Personal data of respondents lives in its own table so no public read can reach it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).to_owned()
}

fn cascade(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Campaign::Table)
                .col(big_pk_auto(Campaign::Id))
                .col(big_integer(Campaign::OwnerAccountId))
                .col(big_integer_null(Campaign::OrganizationId))
                .col(string_len(Campaign::Basis, 32))
                .col(string_len_null(Campaign::OrderReference, 100))
                .col(date_null(Campaign::OrderDate))
                .col(big_integer_null(Campaign::OrderCustomerId))
                .col(string_len_null(Campaign::TitleKk, 500))
                .col(string_len_null(Campaign::TitleRu, 500))
                .col(text_null(Campaign::SummaryKk))
                .col(text_null(Campaign::SummaryRu))
                .col(text(Campaign::MethodologyMd))
                .col(date(Campaign::PeriodFrom))
                .col(date(Campaign::PeriodTo))
                .col(string_len(Campaign::State, 16))
                .col(timestamp_with_time_zone(Campaign::CreatedAt))
                .col(timestamp_with_time_zone(Campaign::UpdatedAt))
                .col(timestamp_with_time_zone_null(Campaign::ActivatedAt))
                .col(timestamp_with_time_zone_null(Campaign::CompletedAt))
                .col(timestamp_with_time_zone_null(Campaign::ArchivedAt))
                .foreign_key(&mut fk((Campaign::Table, Campaign::OwnerAccountId), (Account::Table, Account::Id)))
                .foreign_key(&mut fk(
                    (Campaign::Table, Campaign::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk((Campaign::Table, Campaign::OrderCustomerId), (Agency::Table, Agency::Id)))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_campaign_state", Campaign::State),
            ("idx_campaign_owner", Campaign::OwnerAccountId),
            ("idx_campaign_org", Campaign::OrganizationId),
        ] {
            m.create_index(Index::create().name(name).table(Campaign::Table).col(col).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(CampaignScope::Table)
                .col(big_pk_auto(CampaignScope::Id))
                .col(big_integer(CampaignScope::CampaignId))
                .col(string_len(CampaignScope::Dimension, 16))
                .col(string_len(CampaignScope::RefKey, 32))
                .foreign_key(&mut cascade(
                    (CampaignScope::Table, CampaignScope::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_scope_unique")
                .table(CampaignScope::Table)
                .col(CampaignScope::CampaignId)
                .col(CampaignScope::Dimension)
                .col(CampaignScope::RefKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_scope_ref")
                .table(CampaignScope::Table)
                .col(CampaignScope::Dimension)
                .col(CampaignScope::RefKey)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CampaignMember::Table)
                .col(big_pk_auto(CampaignMember::Id))
                .col(big_integer(CampaignMember::CampaignId))
                .col(big_integer(CampaignMember::AccountId))
                .col(big_integer(CampaignMember::AddedBy))
                .col(timestamp_with_time_zone(CampaignMember::CreatedAt))
                .foreign_key(&mut cascade(
                    (CampaignMember::Table, CampaignMember::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk((CampaignMember::Table, CampaignMember::AccountId), (Account::Table, Account::Id)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_member_unique")
                .table(CampaignMember::Table)
                .col(CampaignMember::CampaignId)
                .col(CampaignMember::AccountId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Observation::Table)
                .col(big_pk_auto(Observation::Id))
                .col(big_integer(Observation::CampaignId))
                .col(big_integer(Observation::ServiceId))
                .col(big_integer(Observation::AgencyId))
                .col(string_len_null(Observation::Region, 9))
                .col(boolean(Observation::Online))
                .col(string_len_null(Observation::Address, 500))
                .col(date(Observation::ObservedOn))
                .col(string_len(Observation::Channel, 32))
                .col(integer_null(Observation::WaitingMinutes))
                .col(integer_null(Observation::DaysTaken))
                .col(integer_null(Observation::TermValue))
                .col(string_len_null(Observation::TermUnit, 16))
                .col(boolean_null(Observation::TermExceeded))
                .col(string_len(Observation::Outcome, 16))
                .col(small_integer_null(Observation::Satisfaction))
                .col(text(Observation::NoteMd))
                .col(big_integer(Observation::CreatedBy))
                .col(timestamp_with_time_zone(Observation::CreatedAt))
                .col(timestamp_with_time_zone(Observation::UpdatedAt))
                .foreign_key(&mut cascade(
                    (Observation::Table, Observation::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk(
                    (Observation::Table, Observation::ServiceId),
                    (PublicService::Table, PublicService::Id),
                ))
                .foreign_key(&mut fk((Observation::Table, Observation::AgencyId), (Agency::Table, Agency::Id)))
                .foreign_key(&mut fk((Observation::Table, Observation::Region), (Region::Table, Region::Code)))
                .foreign_key(&mut fk((Observation::Table, Observation::CreatedBy), (Account::Table, Account::Id)))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_observation_campaign", Observation::CampaignId),
            ("idx_observation_service", Observation::ServiceId),
            ("idx_observation_agency", Observation::AgencyId),
            ("idx_observation_region", Observation::Region),
        ] {
            m.create_index(Index::create().name(name).table(Observation::Table).col(col).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(ObservationViolation::Table)
                .col(big_pk_auto(ObservationViolation::Id))
                .col(big_integer(ObservationViolation::ObservationId))
                .col(string_len(ObservationViolation::Category, 40))
                .col(text(ObservationViolation::Note))
                .foreign_key(&mut cascade(
                    (ObservationViolation::Table, ObservationViolation::ObservationId),
                    (Observation::Table, Observation::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_observation_violation_obs")
                .table(ObservationViolation::Table)
                .col(ObservationViolation::ObservationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Evidence::Table)
                .col(big_pk_auto(Evidence::Id))
                .col(big_integer(Evidence::ObservationId))
                .col(string_len(Evidence::StorageKey, 200))
                .col(string_len(Evidence::Sha256, 64))
                .col(string_len(Evidence::OriginalSha256, 64))
                .col(string_len(Evidence::ContentType, 100))
                .col(string_len(Evidence::MediaKind, 16))
                .col(big_integer(Evidence::SizeBytes))
                .col(string_len_null(Evidence::OriginalName, 255))
                .col(string_len_null(Evidence::Caption, 500))
                .col(boolean(Evidence::LocationStripped))
                .col(big_integer(Evidence::UploadedBy))
                .col(timestamp_with_time_zone(Evidence::CreatedAt))
                .foreign_key(&mut cascade(
                    (Evidence::Table, Evidence::ObservationId),
                    (Observation::Table, Observation::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_evidence_observation")
                .table(Evidence::Table)
                .col(Evidence::ObservationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PersonalData::Table)
                .col(big_pk_auto(PersonalData::Id))
                .col(string_len(PersonalData::SubjectType, 32))
                .col(big_integer(PersonalData::SubjectId))
                .col(string_len_null(PersonalData::Name, 200))
                .col(string_len_null(PersonalData::Phone, 32))
                .col(string_len_null(PersonalData::Iin, 12))
                .col(timestamp_with_time_zone(PersonalData::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_personal_data_subject")
                .table(PersonalData::Table)
                .col(PersonalData::SubjectType)
                .col(PersonalData::SubjectId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Question::Table)
                .col(big_pk_auto(Question::Id))
                .col(big_integer(Question::CampaignId))
                .col(string_len(Question::Key, 40))
                .col(integer(Question::Position))
                .col(string_len(Question::Kind, 16))
                .col(boolean(Question::Required))
                .col(string_len_null(Question::TextKk, 1000))
                .col(string_len_null(Question::TextRu, 1000))
                .col(json(Question::Options))
                .foreign_key(&mut cascade((Question::Table, Question::CampaignId), (Campaign::Table, Campaign::Id)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_unique")
                .table(Question::Table)
                .col(Question::CampaignId)
                .col(Question::Key)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SurveyResponse::Table)
                .col(big_pk_auto(SurveyResponse::Id))
                .col(big_integer(SurveyResponse::CampaignId))
                .col(big_integer(SurveyResponse::CollectorId))
                .col(big_integer_null(SurveyResponse::ServiceId))
                .col(big_integer_null(SurveyResponse::AgencyId))
                .col(string_len_null(SurveyResponse::Region, 9))
                .col(timestamp_with_time_zone(SurveyResponse::CreatedAt))
                .foreign_key(&mut cascade(
                    (SurveyResponse::Table, SurveyResponse::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk(
                    (SurveyResponse::Table, SurveyResponse::CollectorId),
                    (Account::Table, Account::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_response_campaign")
                .table(SurveyResponse::Table)
                .col(SurveyResponse::CampaignId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SurveyAnswer::Table)
                .col(big_pk_auto(SurveyAnswer::Id))
                .col(big_integer(SurveyAnswer::ResponseId))
                .col(big_integer(SurveyAnswer::QuestionId))
                .col(string_len_null(SurveyAnswer::Choice, 40))
                .col(double_null(SurveyAnswer::Number))
                .col(text_null(SurveyAnswer::Text))
                .foreign_key(&mut cascade(
                    (SurveyAnswer::Table, SurveyAnswer::ResponseId),
                    (SurveyResponse::Table, SurveyResponse::Id),
                ))
                .foreign_key(&mut cascade(
                    (SurveyAnswer::Table, SurveyAnswer::QuestionId),
                    (Question::Table, Question::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_survey_answer_response", SurveyAnswer::ResponseId),
            ("idx_survey_answer_question", SurveyAnswer::QuestionId),
        ] {
            m.create_index(Index::create().name(name).table(SurveyAnswer::Table).col(col).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SurveyAnswer::Table.into_iden(),
            SurveyResponse::Table.into_iden(),
            Question::Table.into_iden(),
            PersonalData::Table.into_iden(),
            Evidence::Table.into_iden(),
            ObservationViolation::Table.into_iden(),
            Observation::Table.into_iden(),
            CampaignMember::Table.into_iden(),
            CampaignScope::Table.into_iden(),
            Campaign::Table.into_iden(),
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
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum PublicService {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    OwnerAccountId,
    OrganizationId,
    Basis,
    OrderReference,
    OrderDate,
    OrderCustomerId,
    TitleKk,
    TitleRu,
    SummaryKk,
    SummaryRu,
    MethodologyMd,
    PeriodFrom,
    PeriodTo,
    State,
    CreatedAt,
    UpdatedAt,
    ActivatedAt,
    CompletedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum CampaignScope {
    Table,
    Id,
    CampaignId,
    Dimension,
    RefKey,
}

#[derive(DeriveIden)]
enum CampaignMember {
    Table,
    Id,
    CampaignId,
    AccountId,
    AddedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Observation {
    Table,
    Id,
    CampaignId,
    ServiceId,
    AgencyId,
    Region,
    Online,
    Address,
    ObservedOn,
    Channel,
    WaitingMinutes,
    DaysTaken,
    TermValue,
    TermUnit,
    TermExceeded,
    Outcome,
    Satisfaction,
    NoteMd,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ObservationViolation {
    Table,
    Id,
    ObservationId,
    Category,
    Note,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    ObservationId,
    StorageKey,
    Sha256,
    OriginalSha256,
    ContentType,
    MediaKind,
    SizeBytes,
    OriginalName,
    Caption,
    LocationStripped,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PersonalData {
    Table,
    Id,
    SubjectType,
    SubjectId,
    Name,
    Phone,
    Iin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Question {
    Table,
    Id,
    CampaignId,
    Key,
    Position,
    Kind,
    Required,
    TextKk,
    TextRu,
    Options,
}

#[derive(DeriveIden)]
enum SurveyResponse {
    Table,
    Id,
    CampaignId,
    CollectorId,
    ServiceId,
    AgencyId,
    Region,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyAnswer {
    Table,
    Id,
    ResponseId,
    QuestionId,
    Choice,
    Number,
    Text,
}
