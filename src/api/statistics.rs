use std::sync::LazyLock;

use crate::http;
use chrono::NaiveDate;
use poem::{Request, web::Data};
use poem_openapi::{Object, OpenApi, param::Query, payload::Json};

use super::common::examples as ex;
use super::{
    ApiTags,
    campaigns::{CsvResponse, ObservationStatistics, ObservationStatsView, csv_attachment, observation_stats_view},
    common::{
        export::{CsvExport, NdjsonExport, csv as csv_export, json, ndjson as ndjson_export},
        lang_of,
    },
    views::Page,
};
use crate::{
    domain::{observations::Outcome, violations::ViolationCategory},
    error::AppError,
    i18n::Lang,
    service::{
        Ctx,
        exports::{Column, PageFuture},
        statistics::{self, GroupBy, StatsFilter},
    },
    state::AppState,
};

/// One row of the statistics dataset: the figures of one group of one grouping.
#[derive(Object)]
#[oai(example)]
pub struct StatisticsRowView {
    /// The grouping this row belongs to: `none` (one row of everything), `campaign`, `service`,
    /// `agency`, `region` or `channel`.
    pub by: String,
    #[oai(flatten)]
    pub figures: ObservationStatsView,
}

fn rows(table: Vec<(GroupBy, Vec<statistics::ObservationGroup>)>) -> Vec<StatisticsRowView> {
    table
        .into_iter()
        .flat_map(|(by, groups)| {
            observation_stats_view(by, groups)
                .groups
                .into_iter()
                .map(move |figures| StatisticsRowView { by: by.as_str().into(), figures })
        })
        .collect()
}

/// `?by=` of the dataset: absent for every grouping.
fn grouping(by: Option<String>) -> Result<Option<GroupBy>, AppError> {
    by.map(|b| GroupBy::parse(Some(&b))).transpose()
}

/// The CSV columns of the dataset: the headers of `/statistics/observations.csv` after `by`, each
/// a path into the row's JSON, so CSV and NDJSON hold the same figures.
static COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    // Built once per process; the strings live as long as the column list itself.
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut c: Vec<Column> = vec![("by", "by"), ("key", "key"), ("label", "label"), ("observations", "observations")];
    for o in Outcome::ALL {
        let o = o.as_str();
        c.push((leak(format!("outcome_{o}")), leak(format!("outcomes.{o}.count"))));
        c.push((leak(format!("outcome_{o}_share")), leak(format!("outcomes.{o}.share"))));
    }
    c.extend([("satisfaction_count", "satisfaction.count"), ("satisfaction_mean", "satisfaction.mean")]);
    for s in 1..=5 {
        c.push((leak(format!("satisfaction_{s}")), leak(format!("satisfaction.distribution.{s}"))));
    }
    c.extend([
        ("waiting_count", "waiting_minutes.count"),
        ("waiting_median", "waiting_minutes.median"),
        ("waiting_p90", "waiting_minutes.p90"),
        ("term_count", "term.count"),
        ("term_exceeded", "term.exceeded"),
        ("term_exceeded_share", "term.share"),
    ]);
    for v in ViolationCategory::ALL {
        let v = v.as_str();
        c.push((leak(format!("violation_{v}")), leak(format!("violations.{v}.count"))));
        c.push((leak(format!("violation_{v}_rate")), leak(format!("violations.{v}.share"))));
    }
    c
});

/// The whole table as one page: it has a row per campaign, service, agency, region and channel
/// with observations, a few thousand at most.
fn table_pages(ctx: Ctx, lang: Lang, by: Option<GroupBy>) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |_| {
        let ctx = ctx.clone();
        Box::pin(async move {
            let table = statistics::dataset(&ctx.db, lang, by).await?;
            Ok((rows(table).into_iter().filter_map(json).collect(), None))
        })
    }
}

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
    /// `channel`, filtered by the same. Every grouping at once, as an open dataset with CSV and
    /// NDJSON exports, is `GET /observation-statistics`.
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
        let ctx = http::ctx(&state, req);
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = filter(campaign.0, service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::observations(&ctx.db, lang_of(req), by, &f, true).await?;
        Ok(Json(observation_stats_view(by, groups)))
    }

    /// Monitoring figures across campaigns, as CSV
    ///
    /// The figures of one grouping with filters. Every grouping at once, as an open dataset with
    /// an NDJSON form too, is `GET /observation-statistics`.
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
        let ctx = http::ctx(&state, req);
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = filter(campaign.0, service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::observations(&ctx.db, lang_of(req), by, &f, true).await?;
        let (header, rows) = statistics::observation_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, "monitoring-statistics.csv"))
    }

    /// The statistics dataset
    ///
    /// The figures of every public campaign's observations (drafts never count, respondents are
    /// never read) for every grouping at once: one row per group, the overall row (`by` = `none`)
    /// first, then per campaign, service, agency, region and channel, each ordered by key. The
    /// table is small (a row per group with observations), so it comes whole in one page and
    /// `next_cursor` is always `null`; `by` keeps one grouping. Labels are in the client's
    /// language. The same rows as `export.csv` and `export.ndjson`.
    #[oai(path = "/observation-statistics", method = "get")]
    async fn table(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Only this grouping: `none`, `campaign`, `service`, `agency`, `region` or `channel`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
    ) -> Result<Json<Page<StatisticsRowView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let table = statistics::dataset(&ctx.db, lang_of(req), grouping(by.0)?).await?;
        Ok(Json(Page { items: rows(table), next_cursor: None }))
    }

    /// Export the statistics dataset as CSV
    ///
    /// One row per group, with the columns of `/statistics/observations.csv` after `by`.
    #[oai(path = "/observation-statistics/export.csv", method = "get")]
    async fn table_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Only this grouping.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
    ) -> Result<CsvExport, AppError> {
        let by = grouping(by.0)?;
        Ok(csv_export("observation-statistics", &COLUMNS, table_pages(http::ctx(&state, req), lang_of(req), by)))
    }

    /// Export the statistics dataset as NDJSON
    ///
    /// One row per line, exactly as the JSON list shows it.
    #[oai(path = "/observation-statistics/export.ndjson", method = "get")]
    async fn table_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Only this grouping.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
    ) -> Result<NdjsonExport, AppError> {
        let by = grouping(by.0)?;
        Ok(ndjson_export("observation-statistics", &COLUMNS, table_pages(http::ctx(&state, req), lang_of(req), by)))
    }
}

mod examples;
