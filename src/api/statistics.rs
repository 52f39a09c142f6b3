//! Statistics of public monitoring over HTTP: the open statistics dataset across campaigns, and a
//! campaign's own statistics and survey figures under the campaign.
use std::{collections::BTreeMap, sync::LazyLock};

use chrono::NaiveDate;
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::{Attachment, AttachmentType, Json},
};

use super::{
    ApiTags,
    common::{
        self, MaybeAuth, examples as ex,
        export::{CsvExport, NdjsonExport, csv as csv_export, json, ndjson as ndjson_export},
        lang_of,
    },
    views::Page,
};
use crate::{
    domain::{observations::Outcome, violations::ViolationCategory},
    error::AppError,
    http,
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

#[derive(ApiResponse)]
pub enum CsvResponse {
    /// RFC 4180 CSV, UTF-8, with a header row.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(Attachment<Vec<u8>>),
}

/// Observation figures of one group.
#[derive(Object)]
#[oai(example)]
pub struct ObservationStatsView {
    /// The group: an id, a KATO code (`online` for online observations), a channel, or `all`.
    pub key: String,
    #[oai(nullable)]
    pub label: Option<String>,
    pub observations: i64,
    /// Per outcome: count and share of the group's observations.
    pub outcomes: BTreeMap<String, ShareView>,
    pub satisfaction: SatisfactionView,
    pub waiting_minutes: WaitingView,
    pub term: TermStatsView,
    /// Per violation category: observations with it, and their share (the violation rate).
    pub violations: BTreeMap<String, ShareView>,
}

#[derive(Object)]
#[oai(example)]
pub struct ShareView {
    pub count: i64,
    /// 0 to 1, four decimal places.
    pub share: f64,
}

#[derive(Object)]
#[oai(example)]
pub struct SatisfactionView {
    pub count: i64,
    #[oai(nullable)]
    pub mean: Option<f64>,
    /// Answers per score "1" to "5".
    pub distribution: BTreeMap<String, i64>,
}

#[derive(Object)]
#[oai(example)]
pub struct WaitingView {
    pub count: i64,
    /// The middle wait (the mean of the two middle ones for an even count).
    #[oai(nullable)]
    pub median: Option<f64>,
    /// Nearest-rank 90th percentile.
    #[oai(nullable)]
    pub p90: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct TermStatsView {
    pub count: i64,
    pub exceeded: i64,
    #[oai(nullable)]
    pub share: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct ObservationStatistics {
    /// `none`, `campaign`, `service`, `agency`, `region` or `channel`.
    pub by: String,
    pub groups: Vec<ObservationStatsView>,
}

fn share_view(s: statistics::Share) -> ShareView {
    ShareView { count: s.count, share: s.share }
}

pub fn observation_stats_view(by: GroupBy, groups: Vec<statistics::ObservationGroup>) -> ObservationStatistics {
    ObservationStatistics {
        by: by.as_str().into(),
        groups: groups
            .into_iter()
            .map(|g| ObservationStatsView {
                key: g.key,
                label: g.label,
                observations: g.observations,
                outcomes: g.outcomes.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
                satisfaction: SatisfactionView {
                    count: g.satisfaction.count,
                    mean: g.satisfaction.mean,
                    distribution: g.satisfaction.distribution,
                },
                waiting_minutes: WaitingView {
                    count: g.waiting_minutes.count,
                    median: g.waiting_minutes.median,
                    p90: g.waiting_minutes.p90,
                },
                term: TermStatsView { count: g.term.count, exceeded: g.term.exceeded, share: g.term.share },
                violations: g.violations.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
            })
            .collect(),
    }
}

#[derive(Object)]
#[oai(example)]
pub struct QuestionStatsView {
    pub key: String,
    pub kind: String,
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[oai(nullable)]
    pub text_ru: Option<String>,
    /// Responses that answered the question.
    pub answered: i64,
    /// Per option (choices) or score (scales): count and share of those who answered.
    pub distribution: BTreeMap<String, ShareView>,
    #[oai(nullable)]
    pub mean: Option<f64>,
    #[oai(nullable)]
    pub min: Option<f64>,
    #[oai(nullable)]
    pub max: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct SurveyGroupView {
    pub key: String,
    #[oai(nullable)]
    pub label: Option<String>,
    pub responses: i64,
    pub questions: Vec<QuestionStatsView>,
}

#[derive(Object)]
#[oai(example)]
pub struct SurveyStatistics {
    /// `none`, `service`, `agency` or `region`.
    pub by: String,
    pub groups: Vec<SurveyGroupView>,
}

fn survey_view(by: GroupBy, groups: Vec<statistics::SurveyGroup>) -> SurveyStatistics {
    SurveyStatistics {
        by: by.as_str().into(),
        groups: groups
            .into_iter()
            .map(|g| SurveyGroupView {
                key: g.key,
                label: g.label,
                responses: g.responses,
                questions: g
                    .questions
                    .into_iter()
                    .map(|q| QuestionStatsView {
                        key: q.key,
                        kind: q.kind,
                        text_kk: q.text_kk,
                        text_ru: q.text_ru,
                        answered: q.answered,
                        distribution: q.distribution.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
                        mean: q.mean,
                        min: q.min,
                        max: q.max,
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn csv_attachment(bytes: Vec<u8>, name: &str) -> CsvResponse {
    CsvResponse::Csv(Attachment::new(bytes).attachment_type(AttachmentType::Attachment).filename(name))
}

#[allow(clippy::too_many_arguments)]
fn stats_filter(
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    channel: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> StatsFilter {
    StatsFilter { campaign_id: None, service_id: service, agency_id: agency, region, channel, from, to }
}

/// A campaign's own statistics, under the campaign.
#[derive(Default)]
pub struct CampaignStatisticsApi;

#[OpenApi(tag = "ApiTags::Monitoring")]
impl CampaignStatisticsApi {
    /// Campaign statistics
    ///
    /// Observations, outcome shares, satisfaction mean and distribution, waiting-time median and
    /// 90th percentile, terms exceeded and violation rates per category, for the whole campaign
    /// (`by=none`) or per `service`, `agency`, `region` or `channel`.
    #[oai(path = "/campaigns/:id/statistics", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn statistics(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        /// `none` (default), `service`, `agency`, `region` or `channel`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<Json<ObservationStatistics>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = stats_filter(service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::campaign_observations(&ctx, caller.as_ref(), lang_of(req), id.0, by, f).await?;
        Ok(Json(observation_stats_view(by, groups)))
    }

    /// Campaign statistics as CSV
    ///
    /// The same figures, one row per group.
    #[oai(path = "/campaigns/:id/statistics.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn statistics_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::statistics_by")] by: Query<Option<String>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = stats_filter(service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::campaign_observations(&ctx, caller.as_ref(), lang_of(req), id.0, by, f).await?;
        let (header, rows) = statistics::observation_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, &format!("campaign-{}-statistics.csv", id.0)))
    }

    /// Survey statistics
    ///
    /// Per question: how many answered, the distribution of choices or scores, and mean, min and
    /// max of numbers; for the whole campaign or per `service`, `agency` or `region`.
    #[oai(path = "/campaigns/:id/statistics/survey", method = "get")]
    async fn survey_statistics(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        /// `none` (default), `service`, `agency` or `region`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
    ) -> Result<Json<SurveyStatistics>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let groups = statistics::survey(&ctx, caller.as_ref(), lang_of(req), id.0, by).await?;
        Ok(Json(survey_view(by, groups)))
    }

    /// Survey statistics as CSV
    ///
    /// One row per group, question and answer value.
    #[oai(path = "/campaigns/:id/statistics/survey.csv", method = "get")]
    async fn survey_statistics_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::statistics_by")] by: Query<Option<String>>,
    ) -> Result<CsvResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let groups = statistics::survey(&ctx, caller.as_ref(), lang_of(req), id.0, by).await?;
        let (header, rows) = statistics::survey_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, &format!("campaign-{}-survey.csv", id.0)))
    }
}
