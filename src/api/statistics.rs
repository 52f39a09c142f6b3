use chrono::NaiveDate;
use poem::{Request, web::Data};
use poem_openapi::{OpenApi, param::Query, payload::Json};

use super::examples as ex;
use super::{
    ApiTags,
    campaigns::{CsvResponse, ObservationStatistics, csv_attachment, lang_of, observation_stats_view},
};
use crate::{
    AppState,
    error::AppError,
    service::statistics::{self, GroupBy, StatsFilter},
};

#[derive(Default)]
pub struct StatisticsApi;

#[allow(clippy::too_many_arguments)]
fn filter(
    campaign: Option<i64>,
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    channel: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> StatsFilter {
    StatsFilter { campaign_id: campaign, service_id: service, agency_id: agency, region, channel, from, to }
}

#[OpenApi(tag = "ApiTags::Statistics")]
impl StatisticsApi {
    /// Monitoring figures across campaigns
    ///
    /// Every public campaign's observations (drafts never count): number, outcome shares,
    /// satisfaction, waiting-time median and 90th percentile, terms exceeded and violation rates
    /// per category; overall (`by=none`) or per `campaign`, `service`, `agency`, `region` or
    /// `channel`, filtered by the same.
    #[oai(path = "/statistics/observations", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// `none` (default), `campaign`, `service`, `agency`, `region` or `channel`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// A KATO code; takes in the places inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<Json<ObservationStatistics>, AppError> {
        let ctx = state.ctx(req);
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = filter(campaign.0, service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::observations(&ctx.db, lang_of(req), by, &f, true).await?;
        Ok(Json(observation_stats_view(by, groups)))
    }

    /// Monitoring figures across campaigns, as CSV
    #[oai(path = "/statistics/observations.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::statistics_by")] by: Query<Option<String>>,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvResponse, AppError> {
        let ctx = state.ctx(req);
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = filter(campaign.0, service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::observations(&ctx.db, lang_of(req), by, &f, true).await?;
        let (header, rows) = statistics::observation_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, "monitoring-statistics.csv"))
    }
}
