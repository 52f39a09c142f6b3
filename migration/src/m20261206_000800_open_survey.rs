//! The public survey (issue 21, flow 4): a campaign may open its questionnaire to anyone without an
//! account (`campaign.open_survey`, off by default), and a response given that way keeps a salted
//! hash of the client address (`survey_response.client_hash`, never the address itself), so the
//! responses from one address to one campaign in a day can be counted against ballot stuffing.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Campaign {
    Table,
    OpenSurvey,
}

#[derive(DeriveIden)]
enum SurveyResponse {
    Table,
    ClientHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Campaign::Table).add_column(boolean(Campaign::OpenSurvey).default(false)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SurveyResponse::Table)
                .add_column(string_len_null(SurveyResponse::ClientHash, 64))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(SurveyResponse::Table).drop_column(SurveyResponse::ClientHash).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Campaign::Table).drop_column(Campaign::OpenSurvey).to_owned()).await
    }
}
