//! Conclusions of public monitoring (Law Art. 29 p.3-4): a conclusion of a campaign, the agencies
//! it is addressed to (and the authorized body that receives it on submission), every revision of
//! its text, and the agencies' answers on its recommendations and proposals.
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
                .table(Conclusion::Table)
                .col(big_pk_auto(Conclusion::Id))
                .col(big_integer(Conclusion::CampaignId))
                .col(string_len(Conclusion::Title, 500))
                .col(string_len(Conclusion::Language, 2))
                .col(string_len(Conclusion::State, 16))
                .col(integer(Conclusion::Revision))
                .col(big_integer(Conclusion::CreatedBy))
                .col(timestamp_with_time_zone(Conclusion::CreatedAt))
                .col(timestamp_with_time_zone(Conclusion::UpdatedAt))
                .col(timestamp_with_time_zone_null(Conclusion::SubmittedAt))
                .col(timestamp_with_time_zone_null(Conclusion::PublishedAt))
                .foreign_key(&mut fk((Conclusion::Table, Conclusion::CampaignId), (Campaign::Table, Campaign::Id)))
                .foreign_key(&mut fk((Conclusion::Table, Conclusion::CreatedBy), (Account::Table, Account::Id)))
                .to_owned(),
        )
        .await?;
        for (name, col) in
            [("idx_conclusion_campaign", Conclusion::CampaignId), ("idx_conclusion_state", Conclusion::State)]
        {
            m.create_index(Index::create().name(name).table(Conclusion::Table).col(col).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(ConclusionRecipient::Table)
                .col(big_pk_auto(ConclusionRecipient::Id))
                .col(big_integer(ConclusionRecipient::ConclusionId))
                .col(big_integer(ConclusionRecipient::AgencyId))
                .col(string_len(ConclusionRecipient::Role, 16))
                .foreign_key(&mut cascade(
                    (ConclusionRecipient::Table, ConclusionRecipient::ConclusionId),
                    (Conclusion::Table, Conclusion::Id),
                ))
                .foreign_key(&mut fk(
                    (ConclusionRecipient::Table, ConclusionRecipient::AgencyId),
                    (Agency::Table, Agency::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conclusion_recipient_unique")
                .table(ConclusionRecipient::Table)
                .col(ConclusionRecipient::ConclusionId)
                .col(ConclusionRecipient::AgencyId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conclusion_recipient_agency")
                .table(ConclusionRecipient::Table)
                .col(ConclusionRecipient::AgencyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ConclusionRevision::Table)
                .col(big_pk_auto(ConclusionRevision::Id))
                .col(big_integer(ConclusionRevision::ConclusionId))
                .col(integer(ConclusionRevision::Number))
                .col(string_len(ConclusionRevision::Kind, 16))
                .col(text_null(ConclusionRevision::Reason))
                .col(string_len(ConclusionRevision::Title, 500))
                .col(json(ConclusionRevision::Sections))
                .col(big_integer(ConclusionRevision::CreatedBy))
                .col(timestamp_with_time_zone(ConclusionRevision::CreatedAt))
                .foreign_key(&mut cascade(
                    (ConclusionRevision::Table, ConclusionRevision::ConclusionId),
                    (Conclusion::Table, Conclusion::Id),
                ))
                .foreign_key(&mut fk(
                    (ConclusionRevision::Table, ConclusionRevision::CreatedBy),
                    (Account::Table, Account::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conclusion_revision_unique")
                .table(ConclusionRevision::Table)
                .col(ConclusionRevision::ConclusionId)
                .col(ConclusionRevision::Number)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Measure::Table)
                .col(big_pk_auto(Measure::Id))
                .col(big_integer(Measure::ConclusionId))
                .col(big_integer(Measure::AgencyId))
                .col(string_len(Measure::ItemKey, 64))
                .col(string_len(Measure::Status, 16))
                .col(text_null(Measure::Reason))
                .col(text(Measure::TextMd))
                .col(json(Measure::Attachments))
                .col(big_integer(Measure::CreatedBy))
                .col(timestamp_with_time_zone(Measure::CreatedAt))
                .col(timestamp_with_time_zone(Measure::UpdatedAt))
                .foreign_key(&mut cascade((Measure::Table, Measure::ConclusionId), (Conclusion::Table, Conclusion::Id)))
                .foreign_key(&mut fk((Measure::Table, Measure::AgencyId), (Agency::Table, Agency::Id)))
                .foreign_key(&mut fk((Measure::Table, Measure::CreatedBy), (Account::Table, Account::Id)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_measure_conclusion_agency")
                .table(Measure::Table)
                .col(Measure::ConclusionId)
                .col(Measure::AgencyId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_measure_agency").table(Measure::Table).col(Measure::AgencyId).to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            [Measure::Table.into_iden(), ConclusionRevision::Table.into_iden(), ConclusionRecipient::Table.into_iden()]
        {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(Conclusion::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conclusion {
    Table,
    Id,
    CampaignId,
    Title,
    Language,
    State,
    Revision,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    PublishedAt,
}

/// `addressed` agencies answer it (p.4); the `authorized` body receives it on submission.
#[derive(DeriveIden)]
enum ConclusionRecipient {
    Table,
    Id,
    ConclusionId,
    AgencyId,
    Role,
}

/// `sections` is the JSON of the domain's `Sections` (preamble and the parts by key).
#[derive(DeriveIden)]
enum ConclusionRevision {
    Table,
    Id,
    ConclusionId,
    Number,
    Kind,
    Reason,
    Title,
    Sections,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Measure {
    Table,
    Id,
    ConclusionId,
    AgencyId,
    ItemKey,
    Status,
    Reason,
    TextMd,
    Attachments,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
