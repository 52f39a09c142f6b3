//! Open statistics of public monitoring: per campaign, service, agency, region or channel, the
//! number of observations, outcome shares, satisfaction, waiting time (median and 90th
//! percentile), terms exceeded, violation rates per form 1-мк category, and survey answer
//! distributions. Every figure is computed by the database, never by loading rows into memory,
//! with SQL that SQLite and PostgreSQL read the same way.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
use serde::Serialize;

use super::{Caller, Ctx, campaigns, surveys};
use crate::{
    domain::{
        campaigns::CampaignState,
        directory::{is_kato_code, kato_prefix},
        observations::{Channel, Outcome},
        surveys::QuestionKind,
        violations::ViolationCategory,
    },
    error::{AppError, AppResult},
    i18n::Lang,
};

/// What observations are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    All,
    Campaign,
    Service,
    Agency,
    Region,
    Channel,
}

impl GroupBy {
    pub const NAMES: &'static str = "none, campaign, service, agency, region, channel";

    #[tracing::instrument(skip_all)]
    pub fn parse(s: Option<&str>) -> AppResult<Self> {
        Ok(match s.unwrap_or("none") {
            "none" | "" => GroupBy::All,
            "campaign" => GroupBy::Campaign,
            "service" => GroupBy::Service,
            "agency" => GroupBy::Agency,
            "region" => GroupBy::Region,
            "channel" => GroupBy::Channel,
            _ => return Err(AppError::invalid_parameter("by", &format!("one of {}", Self::NAMES))),
        })
    }

    #[tracing::instrument(skip_all)]
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::All => "none",
            GroupBy::Campaign => "campaign",
            GroupBy::Service => "service",
            GroupBy::Agency => "agency",
            GroupBy::Region => "region",
            GroupBy::Channel => "channel",
        }
    }

    /// The grouping expression over `o` (observations) or `r` (survey responses), as text so
    /// every key reads the same whatever its column type. `None` means one group of everything.
    fn expr(self, table: &str) -> Option<String> {
        match self {
            GroupBy::All => None,
            GroupBy::Campaign => Some(format!("CAST({table}.campaign_id AS TEXT)")),
            GroupBy::Service => Some(format!("CAST({table}.service_id AS TEXT)")),
            GroupBy::Agency => Some(format!("CAST({table}.agency_id AS TEXT)")),
            // An online observation has no place; its group is `online`.
            GroupBy::Region => Some(format!("COALESCE({table}.region, 'online')")),
            GroupBy::Channel => Some(format!("{table}.channel")),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct StatsFilter {
    pub campaign_id: Option<i64>,
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub region: Option<String>,
    pub channel: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Share {
    pub count: i64,
    /// Of the group's observations, 0 to 1, rounded to four places.
    pub share: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Satisfaction {
    pub count: i64,
    pub mean: Option<f64>,
    /// Answers per score, "1" to "5".
    pub distribution: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Waiting {
    pub count: i64,
    pub median: Option<f64>,
    /// Nearest-rank 90th percentile: the smallest wait that 90% of the waits do not exceed.
    pub p90: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Term {
    /// Observations whose days taken can be compared with a normative term in days.
    pub count: i64,
    pub exceeded: i64,
    pub share: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ObservationGroup {
    pub key: String,
    pub label: Option<String>,
    pub observations: i64,
    pub outcomes: BTreeMap<String, Share>,
    pub satisfaction: Satisfaction,
    pub waiting_minutes: Waiting,
    pub term: Term,
    /// Observations with at least one violation of the category, and their share.
    pub violations: BTreeMap<String, Share>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn share(count: i64, of: i64) -> Share {
    Share { count, share: if of == 0 { 0.0 } else { round4(count as f64 / of as f64) } }
}

/// SQL written with `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The WHERE clause shared by every observation query.
fn observation_where(f: &StatsFilter, public_only: bool) -> AppResult<(String, Vec<Value>)> {
    let mut parts = vec!["1 = 1".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if public_only {
        parts.push("c.state <> ?".into());
        values.push(CampaignState::Draft.as_str().into());
    }
    if let Some(c) = f.campaign_id {
        parts.push("o.campaign_id = ?".into());
        values.push(c.into());
    }
    if let Some(s) = f.service_id {
        parts.push("o.service_id = ?".into());
        values.push(s.into());
    }
    if let Some(a) = f.agency_id {
        parts.push("o.agency_id = ?".into());
        values.push(a.into());
    }
    if let Some(r) = &f.region {
        if !is_kato_code(r) {
            return Err(AppError::invalid_parameter("region", "a KATO code has nine digits"));
        }
        parts.push("o.region LIKE ?".into());
        values.push(format!("{}%", kato_prefix(r)).into());
    }
    if let Some(ch) = &f.channel {
        let ch = Channel::parse(ch).ok_or_else(|| AppError::invalid_parameter("channel", "not a known channel"))?;
        parts.push("o.channel = ?".into());
        values.push(ch.as_str().into());
    }
    if let Some(d) = f.from {
        parts.push("o.observed_on >= ?".into());
        values.push(d.into());
    }
    if let Some(d) = f.to {
        parts.push("o.observed_on <= ?".into());
        values.push(d.into());
    }
    Ok((parts.join(" AND "), values))
}

fn key_of(row: &QueryResult) -> AppResult<String> {
    Ok(row.try_get::<Option<String>>("", "k")?.unwrap_or_else(|| "all".into()))
}

fn int(row: &QueryResult, col: &str) -> AppResult<i64> {
    Ok(row.try_get::<Option<i64>>("", col)?.unwrap_or(0))
}

/// Observation figures, grouped. `public_only` leaves out drafts (every read but the team's own).
#[tracing::instrument(skip_all)]
pub async fn observations(
    conn: &impl ConnectionTrait,
    lang: Lang,
    by: GroupBy,
    f: &StatsFilter,
    public_only: bool,
) -> AppResult<Vec<ObservationGroup>> {
    let backend = conn.get_database_backend();
    let (cond, values) = observation_where(f, public_only)?;
    let from = "FROM observation o JOIN campaign c ON c.id = o.campaign_id";
    let g = by.expr("o");
    let (key, group) = match &g {
        Some(e) => (e.clone(), format!("GROUP BY {e}")),
        None => ("'all'".to_string(), String::new()),
    };
    let outcome_sums: String = Outcome::ALL
        .iter()
        .map(|o| format!(", SUM(CASE WHEN o.outcome = '{0}' THEN 1 ELSE 0 END) AS o_{0}", o.as_str()))
        .collect();
    let sql = format!(
        "SELECT {key} AS k, COUNT(*) AS n{outcome_sums}, COUNT(o.satisfaction) AS sat_n, \
         SUM(o.satisfaction) AS sat_sum, COUNT(o.waiting_minutes) AS wait_n, COUNT(o.term_exceeded) AS term_n, \
         SUM(CASE WHEN o.term_exceeded THEN 1 ELSE 0 END) AS term_x {from} WHERE {cond} {group}"
    );
    let rows = conn.query_all_raw(statement(backend, &sql, values.clone())).await?;
    let mut groups: BTreeMap<String, ObservationGroup> = BTreeMap::new();
    for row in &rows {
        let n = int(row, "n")?;
        if n == 0 {
            continue;
        }
        let k = key_of(row)?;
        let sat_n = int(row, "sat_n")?;
        let sat_sum = int(row, "sat_sum")?;
        let term_n = int(row, "term_n")?;
        let term_x = int(row, "term_x")?;
        let mut outcomes = BTreeMap::new();
        for o in Outcome::ALL {
            outcomes.insert(o.as_str().to_string(), share(int(row, &format!("o_{}", o.as_str()))?, n));
        }
        groups.insert(
            k.clone(),
            ObservationGroup {
                key: k,
                label: None,
                observations: n,
                outcomes,
                satisfaction: Satisfaction {
                    count: sat_n,
                    mean: (sat_n > 0).then(|| round4(sat_sum as f64 / sat_n as f64)),
                    distribution: (1..=5).map(|s| (s.to_string(), 0)).collect(),
                },
                waiting_minutes: Waiting { count: int(row, "wait_n")?, median: None, p90: None },
                term: Term {
                    count: term_n,
                    exceeded: term_x,
                    share: (term_n > 0).then(|| round4(term_x as f64 / term_n as f64)),
                },
                violations: ViolationCategory::ALL.iter().map(|c| (c.as_str().to_string(), share(0, n))).collect(),
            },
        );
    }
    if groups.is_empty() {
        return Ok(Vec::new());
    }

    let group_sat = match &g {
        Some(e) => format!("GROUP BY {e}, o.satisfaction"),
        None => "GROUP BY o.satisfaction".into(),
    };
    let sql = format!(
        "SELECT {key} AS k, o.satisfaction AS s, COUNT(*) AS n {from} WHERE {cond} AND o.satisfaction IS NOT NULL \
         {group_sat}"
    );
    for row in conn.query_all_raw(statement(backend, &sql, values.clone())).await? {
        let k = key_of(&row)?;
        let s: i16 = row.try_get("", "s")?;
        if let Some(grp) = groups.get_mut(&k) {
            grp.satisfaction.distribution.insert(s.to_string(), int(&row, "n")?);
        }
    }

    // Median and nearest-rank 90th percentile by row numbers: each group sends back at most three
    // rows, whatever its size.
    let partition = g.as_ref().map(|e| format!("PARTITION BY {e}")).unwrap_or_default();
    let sql = format!(
        "SELECT k, w, rn, cnt FROM (SELECT {key} AS k, o.waiting_minutes AS w, \
         ROW_NUMBER() OVER ({partition} ORDER BY o.waiting_minutes) AS rn, COUNT(*) OVER ({partition}) AS cnt \
         {from} WHERE {cond} AND o.waiting_minutes IS NOT NULL) t \
         WHERE rn = (cnt + 1) / 2 OR rn = (cnt + 2) / 2 OR rn = (9 * cnt + 9) / 10"
    );
    let mut medians: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for row in conn.query_all_raw(statement(backend, &sql, values.clone())).await? {
        let k = key_of(&row)?;
        let w: i32 = row.try_get("", "w")?;
        let rn = int(&row, "rn")?;
        let cnt = int(&row, "cnt")?;
        let Some(grp) = groups.get_mut(&k) else { continue };
        if rn == (cnt + 1) / 2 || rn == (cnt + 2) / 2 {
            medians.entry(k.clone()).or_default().push(w as f64);
        }
        if rn == (9 * cnt + 9) / 10 {
            grp.waiting_minutes.p90 = Some(w as f64);
        }
    }
    for (k, vals) in medians {
        if let Some(grp) = groups.get_mut(&k) {
            grp.waiting_minutes.median = Some(round4(vals.iter().sum::<f64>() / vals.len() as f64));
        }
    }

    let group_v = match &g {
        Some(e) => format!("GROUP BY {e}, v.category"),
        None => "GROUP BY v.category".into(),
    };
    let sql = format!(
        "SELECT {key} AS k, v.category AS cat, COUNT(DISTINCT o.id) AS n {from} \
         JOIN observation_violation v ON v.observation_id = o.id WHERE {cond} {group_v}"
    );
    for row in conn.query_all_raw(statement(backend, &sql, values)).await? {
        let k = key_of(&row)?;
        let cat: String = row.try_get("", "cat")?;
        if let Some(grp) = groups.get_mut(&k) {
            let total = grp.observations;
            grp.violations.insert(cat, share(int(&row, "n")?, total));
        }
    }

    let mut out: Vec<ObservationGroup> = groups.into_values().collect();
    label(conn, lang, by, &mut out).await?;
    Ok(out)
}

/// The groupings of the statistics dataset, in the order its table lists them.
pub const DATASET_GROUPINGS: [GroupBy; 6] =
    [GroupBy::All, GroupBy::Campaign, GroupBy::Service, GroupBy::Agency, GroupBy::Region, GroupBy::Channel];

/// The statistics dataset: the figures of every public campaign's observations for each grouping
/// (or only `by`), one row per group, ordered by grouping and then key. It is computed on each
/// read from the observations, so it is never stale and holds nothing the observations dataset
/// does not (no respondent, no draft campaign).
#[tracing::instrument(skip_all)]
pub async fn dataset(
    conn: &impl ConnectionTrait,
    lang: Lang,
    by: Option<GroupBy>,
) -> AppResult<Vec<(GroupBy, Vec<ObservationGroup>)>> {
    let mut out = Vec::new();
    for g in DATASET_GROUPINGS.into_iter().filter(|g| by.is_none_or(|b| b == *g)) {
        out.push((g, observations(conn, lang, g, &StatsFilter::default(), true).await?));
    }
    Ok(out)
}

/// The dataset's rows (one per group of each grouping, as `dataset` lists them) and the time of
/// the newest change of a public observation.
#[tracing::instrument(skip_all)]
pub async fn catalog_stats(db: &sea_orm::DatabaseConnection) -> AppResult<super::datasets::Stats> {
    let backend = db.get_database_backend();
    let (cond, values) = observation_where(&StatsFilter::default(), true)?;
    let from = "FROM observation o JOIN campaign c ON c.id = o.campaign_id";
    let mut records = 0u64;
    for g in DATASET_GROUPINGS {
        let expr = g.expr("o");
        let sql = match &expr {
            Some(e) => format!("SELECT COUNT(*) AS n FROM (SELECT {e} AS k {from} WHERE {cond} GROUP BY {e}) t"),
            None => format!("SELECT COUNT(*) AS n {from} WHERE {cond}"),
        };
        if let Some(row) = db.query_one_raw(statement(backend, &sql, values.clone())).await? {
            let n = u64::try_from(int(&row, "n")?).unwrap_or(0);
            // Without a grouping the table has one row of everything, when there is anything.
            records += if expr.is_none() { n.min(1) } else { n };
        }
    }
    let updated_at = super::observations::catalog_stats(db).await?.updated_at;
    Ok(super::datasets::Stats { records, updated_at })
}

/// Names for the keys, so a table reads without a second lookup.
async fn label(conn: &impl ConnectionTrait, lang: Lang, by: GroupBy, groups: &mut [ObservationGroup]) -> AppResult<()> {
    let labels = labels(conn, lang, by, groups.iter().map(|g| g.key.clone()).collect()).await?;
    for g in groups {
        g.label = labels.get(&g.key).cloned();
    }
    Ok(())
}

async fn labels(
    conn: &impl ConnectionTrait,
    lang: Lang,
    by: GroupBy,
    keys: Vec<String>,
) -> AppResult<BTreeMap<String, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let ids: Vec<i64> = keys.iter().filter_map(|k| k.parse().ok()).collect();
    let pick = |kk: &str, ru: &str, en: &str| -> String {
        match lang {
            Lang::Kk => kk,
            Lang::Ru => ru,
            Lang::En => en,
        }
        .to_string()
    };
    let mut out = BTreeMap::new();
    match by {
        GroupBy::All => {}
        GroupBy::Campaign => {
            for c in entity::campaign::Entity::find().filter(entity::campaign::Column::Id.is_in(ids)).all(conn).await? {
                let title = match lang {
                    Lang::Kk => c.title_kk.clone().or(c.title_ru.clone()),
                    _ => c.title_ru.clone().or(c.title_kk.clone()),
                };
                out.insert(c.id.to_string(), title.unwrap_or_default());
            }
        }
        GroupBy::Service => {
            for s in entity::public_service::Entity::find()
                .filter(entity::public_service::Column::Id.is_in(ids))
                .all(conn)
                .await?
            {
                out.insert(s.id.to_string(), pick(&s.name_kk, &s.name_ru, &s.name_en));
            }
        }
        GroupBy::Agency => {
            for a in entity::agency::Entity::find().filter(entity::agency::Column::Id.is_in(ids)).all(conn).await? {
                out.insert(a.id.to_string(), pick(&a.name_kk, &a.name_ru, &a.name_en));
            }
        }
        GroupBy::Region => {
            for r in entity::region::Entity::find()
                .filter(entity::region::Column::Code.is_in(keys.clone()))
                .all(conn)
                .await?
            {
                out.insert(r.code.clone(), pick(&r.name_kk, &r.name_ru, &r.name_en));
            }
            if keys.iter().any(|k| k == "online") {
                out.insert("online".into(), crate::i18n::text(lang, "monitoring.online"));
            }
        }
        GroupBy::Channel => {
            for k in keys {
                out.insert(k.clone(), crate::i18n::text(lang, &format!("monitoring.channel.{k}")));
            }
        }
    }
    Ok(out)
}

/// A campaign's observation figures; a draft's only for its team.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn campaign_observations(
    ctx: &Ctx,
    caller: Option<&Caller>,
    lang: Lang,
    campaign_id: i64,
    by: GroupBy,
    mut f: StatsFilter,
) -> AppResult<Vec<ObservationGroup>> {
    campaigns::get_visible(ctx, caller, campaign_id).await?;
    f.campaign_id = Some(campaign_id);
    observations(&ctx.db, lang, by, &f, false).await
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuestionStats {
    pub key: String,
    pub kind: String,
    pub text_kk: Option<String>,
    pub text_ru: Option<String>,
    /// Responses that answered this question.
    pub answered: i64,
    /// For choices: responses choosing each option (a multiple choice counts each chosen option);
    /// for a scale: responses per score.
    pub distribution: BTreeMap<String, Share>,
    /// For scales and numbers.
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SurveyGroup {
    pub key: String,
    pub label: Option<String>,
    pub responses: i64,
    pub questions: Vec<QuestionStats>,
}

/// Survey answer distributions of a campaign, grouped by the responses' service, agency or region.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn survey(
    ctx: &Ctx,
    caller: Option<&Caller>,
    lang: Lang,
    campaign_id: i64,
    by: GroupBy,
) -> AppResult<Vec<SurveyGroup>> {
    campaigns::get_visible(ctx, caller, campaign_id).await?;
    if matches!(by, GroupBy::Campaign | GroupBy::Channel) {
        return Err(AppError::invalid_parameter("by", "survey figures group by none, service, agency or region"));
    }
    let conn = &ctx.db;
    let backend = conn.get_database_backend();
    let qs = surveys::questions(conn, campaign_id).await?;
    let g = by.expr("r");
    let (key, group) = match &g {
        Some(e) => (e.clone(), format!("GROUP BY {e}")),
        None => ("'all'".to_string(), String::new()),
    };
    let sql = format!("SELECT {key} AS k, COUNT(*) AS n FROM survey_response r WHERE r.campaign_id = ? {group}");
    let mut groups: BTreeMap<String, SurveyGroup> = BTreeMap::new();
    for row in conn.query_all_raw(statement(backend, &sql, vec![campaign_id.into()])).await? {
        let n = int(&row, "n")?;
        if n == 0 {
            continue;
        }
        let k = key_of(&row)?;
        let questions = qs
            .iter()
            .map(|q| {
                let spec = surveys::spec_of(q)?;
                let distribution = match spec.kind {
                    QuestionKind::Scale => (1..=5).map(|s| (s.to_string(), share(0, 0))).collect(),
                    k if k.has_options() => spec.options.iter().map(|o| (o.key.clone(), share(0, 0))).collect(),
                    _ => BTreeMap::new(),
                };
                Ok(QuestionStats {
                    key: q.key.clone(),
                    kind: q.kind.clone(),
                    text_kk: q.text_kk.clone(),
                    text_ru: q.text_ru.clone(),
                    answered: 0,
                    distribution,
                    mean: None,
                    min: None,
                    max: None,
                })
            })
            .collect::<AppResult<_>>()?;
        groups.insert(k.clone(), SurveyGroup { key: k, label: None, responses: n, questions });
    }
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let by_q = |grp: &mut SurveyGroup, qid: i64| -> Option<usize> {
        let key = &qs.iter().find(|q| q.id == qid)?.key;
        grp.questions.iter().position(|q| &q.key == key)
    };
    let from = "FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.campaign_id = ?";
    let grp_cols = g.as_ref().map(|e| format!("{e}, ")).unwrap_or_default();
    let sql = format!(
        "SELECT {key} AS k, a.question_id AS q, COUNT(DISTINCT a.response_id) AS answered, COUNT(a.number) AS num_n, \
         SUM(a.number) AS num_sum, MIN(a.number) AS num_min, MAX(a.number) AS num_max {from} \
         GROUP BY {grp_cols}a.question_id"
    );
    for row in conn.query_all_raw(statement(backend, &sql, vec![campaign_id.into()])).await? {
        let k = key_of(&row)?;
        let qid: i64 = row.try_get("", "q")?;
        let Some(grp) = groups.get_mut(&k) else { continue };
        let Some(i) = by_q(grp, qid) else { continue };
        let qs = &mut grp.questions[i];
        qs.answered = int(&row, "answered")?;
        let num_n = int(&row, "num_n")?;
        if num_n > 0 {
            let sum: Option<f64> = row.try_get("", "num_sum")?;
            qs.mean = sum.map(|s| round4(s / num_n as f64));
            qs.min = row.try_get("", "num_min")?;
            qs.max = row.try_get("", "num_max")?;
        }
    }
    let sql = format!(
        "SELECT {key} AS k, a.question_id AS q, a.choice AS c, COUNT(*) AS n {from} AND a.choice IS NOT NULL \
         GROUP BY {grp_cols}a.question_id, a.choice"
    );
    for row in conn.query_all_raw(statement(backend, &sql, vec![campaign_id.into()])).await? {
        let k = key_of(&row)?;
        let qid: i64 = row.try_get("", "q")?;
        let c: String = row.try_get("", "c")?;
        let Some(grp) = groups.get_mut(&k) else { continue };
        let responses = grp.responses;
        let Some(i) = by_q(grp, qid) else { continue };
        grp.questions[i].distribution.insert(c, share(int(&row, "n")?, responses));
    }
    let scale_ids: Vec<i64> = qs.iter().filter(|q| q.kind == QuestionKind::Scale.as_str()).map(|q| q.id).collect();
    if !scale_ids.is_empty() {
        let marks = vec!["?"; scale_ids.len()].join(", ");
        let sql = format!(
            "SELECT {key} AS k, a.question_id AS q, CAST(a.number AS BIGINT) AS s, COUNT(*) AS n {from} \
             AND a.question_id IN ({marks}) GROUP BY {grp_cols}a.question_id, CAST(a.number AS BIGINT)"
        );
        let mut values: Vec<Value> = vec![campaign_id.into()];
        values.extend(scale_ids.iter().map(|id| Value::from(*id)));
        for row in conn.query_all_raw(statement(backend, &sql, values)).await? {
            let k = key_of(&row)?;
            let qid: i64 = row.try_get("", "q")?;
            let s = int(&row, "s")?;
            let Some(grp) = groups.get_mut(&k) else { continue };
            let responses = grp.responses;
            let Some(i) = by_q(grp, qid) else { continue };
            grp.questions[i].distribution.insert(s.to_string(), share(int(&row, "n")?, responses));
        }
    }
    // Shares of a choice are of the responses that answered the question, not of all responses.
    let mut out: Vec<SurveyGroup> = groups.into_values().collect();
    for grp in &mut out {
        for q in &mut grp.questions {
            let of = q.answered;
            for s in q.distribution.values_mut() {
                *s = share(s.count, of);
            }
        }
    }
    let labels = labels(conn, lang, by, out.iter().map(|g| g.key.clone()).collect()).await?;
    for g in &mut out {
        g.label = labels.get(&g.key).cloned();
    }
    Ok(out)
}

/// The header and rows of the observation figures as one flat table, for CSV.
#[tracing::instrument(skip_all)]
pub fn observation_table(groups: &[ObservationGroup]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = vec!["key".into(), "label".into(), "observations".into()];
    for o in Outcome::ALL {
        header.push(format!("outcome_{}", o.as_str()));
        header.push(format!("outcome_{}_share", o.as_str()));
    }
    header.extend(["satisfaction_count", "satisfaction_mean"].map(String::from));
    header.extend((1..=5).map(|s| format!("satisfaction_{s}")));
    header.extend(
        ["waiting_count", "waiting_median", "waiting_p90", "term_count", "term_exceeded", "term_exceeded_share"]
            .map(String::from),
    );
    for c in ViolationCategory::ALL {
        header.push(format!("violation_{}", c.as_str()));
        header.push(format!("violation_{}_rate", c.as_str()));
    }
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let rows = groups
        .iter()
        .map(|g| {
            let mut r = vec![g.key.clone(), g.label.clone().unwrap_or_default(), g.observations.to_string()];
            for o in Outcome::ALL {
                let s = &g.outcomes[o.as_str()];
                r.push(s.count.to_string());
                r.push(s.share.to_string());
            }
            r.push(g.satisfaction.count.to_string());
            r.push(opt(g.satisfaction.mean));
            r.extend(
                (1..=5).map(|s| g.satisfaction.distribution.get(&s.to_string()).copied().unwrap_or(0).to_string()),
            );
            r.push(g.waiting_minutes.count.to_string());
            r.push(opt(g.waiting_minutes.median));
            r.push(opt(g.waiting_minutes.p90));
            r.push(g.term.count.to_string());
            r.push(g.term.exceeded.to_string());
            r.push(opt(g.term.share));
            for c in ViolationCategory::ALL {
                let s = &g.violations[c.as_str()];
                r.push(s.count.to_string());
                r.push(s.share.to_string());
            }
            r
        })
        .collect();
    (header, rows)
}

/// Survey figures as one long table: one row per group, question and answer value.
#[tracing::instrument(skip_all)]
pub fn survey_table(groups: &[SurveyGroup]) -> (Vec<String>, Vec<Vec<String>>) {
    let header = ["key", "label", "responses", "question", "kind", "answered", "value", "count", "share", "mean"]
        .map(String::from)
        .to_vec();
    let mut rows = Vec::new();
    for g in groups {
        for q in &g.questions {
            let base = |value: &str, count: String, share: String| {
                vec![
                    g.key.clone(),
                    g.label.clone().unwrap_or_default(),
                    g.responses.to_string(),
                    q.key.clone(),
                    q.kind.clone(),
                    q.answered.to_string(),
                    value.to_string(),
                    count,
                    share,
                    q.mean.map(|m| m.to_string()).unwrap_or_default(),
                ]
            };
            if q.distribution.is_empty() {
                rows.push(base("", String::new(), String::new()));
            }
            for (value, s) in &q.distribution {
                rows.push(base(value, s.count.to_string(), s.share.to_string()));
            }
        }
    }
    (header, rows)
}

#[tracing::instrument(skip_all)]
pub fn to_csv(header: &[String], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    super::exports::csv_bytes(header, rows)
}
