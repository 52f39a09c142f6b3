use chrono::{DateTime, Datelike, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::ApiTags;
use super::common::{self, BearerAuth, Body, NoContent, examples as ex};
use crate::{
    domain::{
        accounts::Scope,
        calendar::{Calendar, CalendarError, MAX_YEAR, MIN_YEAR, Source},
    },
    error::{AppError, Code, FieldError},
    http,
    i18n::Lang,
    service::calendar as transfers,
    state::AppState,
};

/// A transfer of a day off recorded from a government resolution: `worked_on` (a weekend day or
/// day off) is worked and `rested_on` (a working day of the same year) is rested.
#[derive(Object)]
#[oai(example)]
pub struct TransferView {
    pub id: i64,
    pub worked_on: NaiveDate,
    pub rested_on: NaiveDate,
    /// The resolution it comes from.
    pub basis: String,
    pub created_at: DateTime<Utc>,
}

impl From<entity::calendar_transfer::Model> for TransferView {
    fn from(t: entity::calendar_transfer::Model) -> Self {
        Self { id: t.id, worked_on: t.worked_on, rested_on: t.rested_on, basis: t.basis, created_at: t.created_at }
    }
}

/// A transfer to record (administrators).
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct NewTransfer {
    /// The weekend day (or day off) to be worked, `YYYY-MM-DD`.
    pub worked_on: NaiveDate,
    /// The working day of the same year to be rested instead, `YYYY-MM-DD`.
    pub rested_on: NaiveDate,
    /// The government resolution, e.g. its number and date.
    #[oai(validator(max_length = 300, min_length = 3))]
    pub basis: String,
}

#[derive(ApiResponse)]
pub enum CreateTransferResponse {
    /// Recorded; deadlines counted from now on follow it.
    #[oai(status = 201)]
    Created(Json<TransferView>),
}

#[derive(Default)]
pub struct CalendarApi;

/// A day off that is not a plain Saturday or Sunday.
#[derive(Object)]
#[oai(example)]
pub struct DayOffView {
    pub date: NaiveDate,
    /// `holiday`, `moved_holiday` (a holiday that fell on a day off) or `transfer`.
    pub reason: String,
    /// The holiday's key, e.g. `nauryz`, `kurban_ait`; absent for a transfer.
    #[oai(nullable)]
    pub holiday: Option<String>,
    /// The holiday's name in the client's language.
    #[oai(nullable)]
    pub name: Option<String>,
    /// For a moved holiday: its own date.
    #[oai(nullable)]
    pub moved_from: Option<NaiveDate>,
    /// For a transfer: the weekend day worked instead.
    #[oai(nullable)]
    pub instead_of: Option<NaiveDate>,
}

/// A weekend day made a working day by a transfer.
#[derive(Object)]
#[oai(example)]
pub struct WorkingWeekendDayView {
    pub date: NaiveDate,
    /// The weekday given off in exchange.
    #[oai(nullable)]
    pub instead_of: Option<NaiveDate>,
}

/// Kazakhstan's working calendar for one year.
#[derive(Object)]
#[oai(example)]
pub struct CalendarYearView {
    pub year: i32,
    /// `published` (this year's days off as announced) or `rules` (no calendar is published for
    /// this year: weekends, fixed holidays and the moving rule only).
    pub source: String,
    /// What the source means for this year, in the client's language.
    #[oai(nullable)]
    pub note: Option<String>,
    /// Weekly days off, e.g. `sat`, `sun`.
    pub weekend: Vec<String>,
    pub days_off: Vec<DayOffView>,
    pub working_weekend_days: Vec<WorkingWeekendDayView>,
    /// Working days in the year.
    pub working_days: u32,
    /// Kurban Ait's date is set each year; true while it is still expected rather than announced.
    pub kurban_ait_provisional: bool,
}

/// When a term ends.
#[derive(Object)]
#[oai(example)]
pub struct DeadlineView {
    pub from: NaiveDate,
    /// `working_days` (counting starts the next day, days off skipped) or `calendar_days` (a term
    /// ending on a day off moves to the next working day).
    pub rule: String,
    pub days: u32,
    pub deadline: NaiveDate,
    /// Whether every year the count crossed has a published calendar.
    pub published_calendar: bool,
}

/// Working days between two dates.
#[derive(Object)]
#[oai(example)]
pub struct WorkingDaysView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Working days after `from` up to and including `to`; negative when `to` is earlier.
    pub working_days: i64,
}

fn out_of_range(value: impl ToString) -> AppError {
    AppError::new(Code::DateOutOfRange).arg("min", MIN_YEAR).arg("max", MAX_YEAR).arg("value", value)
}

fn calendar_error(e: CalendarError, value: impl ToString) -> AppError {
    match e {
        CalendarError::OutOfRange => out_of_range(value),
        e => AppError::internal(e),
    }
}

const MAX_TERM_DAYS: u32 = 3660;

impl CalendarApi {
    fn published(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> bool {
        let years = cal.published_years();
        (from.year().min(to.year())..=from.year().max(to.year())).all(|y| years.contains(&y))
    }
}

#[OpenApi(tag = "ApiTags::Calendar")]
impl CalendarApi {
    /// Days off of a year
    ///
    /// Holidays, holidays moved off a weekend, and the government's transfers. A year without a
    /// published calendar falls back to the standing rules and says so in `source` and `note`.
    #[oai(path = "/calendar/:year", method = "get")]
    async fn year(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::calendar_year")] year: Path<i32>,
    ) -> Result<Json<CalendarYearView>, AppError> {
        let lang = req.data::<Lang>().copied().unwrap_or(Lang::En);
        let cal = &state.calendar(&http::ctx(&state, req)).await?;
        let y = cal.year(year.0).map_err(|e| calendar_error(e, year.0))?;
        let note = match y.source {
            Source::Published => None,
            Source::Rules => Some(crate::i18n::format(lang, "calendar.rules_only", &[("year", year.0.to_string())])),
        };
        Ok(Json(CalendarYearView {
            year: y.year,
            source: match y.source {
                Source::Published => "published",
                Source::Rules => "rules",
            }
            .into(),
            note,
            weekend: y.weekend.iter().map(|w| w.to_string().to_lowercase()).collect(),
            working_days: y.working_day_count(),
            days_off: y
                .days_off
                .iter()
                .map(|d| {
                    let holiday = (d.why != "transfer").then(|| d.why.clone());
                    DayOffView {
                        date: d.date,
                        reason: if d.why == "transfer" {
                            "transfer"
                        } else if d.moved_from.is_some() {
                            "moved_holiday"
                        } else {
                            "holiday"
                        }
                        .into(),
                        name: holiday.as_deref().and_then(|k| cal.holiday_name(k, lang.code())),
                        holiday,
                        moved_from: d.moved_from,
                        instead_of: d.instead_of,
                    }
                })
                .collect(),
            working_weekend_days: y
                .working_days
                .iter()
                .map(|w| WorkingWeekendDayView { date: w.date, instead_of: w.instead_of })
                .collect(),
            kurban_ait_provisional: y.kurban_ait_provisional,
        }))
    }

    /// When a term ends
    ///
    /// Give `from` and exactly one of `working_days` (e.g. 5 for a complaint under Law Art. 25) or
    /// `calendar_days` (e.g. 15 for an information request under the Law "On access to information").
    #[oai(path = "/calendar/deadline", method = "get")]
    async fn deadline(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// The day the term starts (registration date), `YYYY-MM-DD`.
        #[oai(example = "ex::day_from")]
        from: Query<NaiveDate>,
        #[oai(example = "ex::working_days")] working_days: Query<Option<u32>>,
        #[oai(example = "ex::calendar_days")] calendar_days: Query<Option<u32>>,
    ) -> Result<Json<DeadlineView>, AppError> {
        let (rule, days) = match (working_days.0, calendar_days.0) {
            (Some(n), None) => ("working_days", n),
            (None, Some(n)) => ("calendar_days", n),
            _ => {
                return Err(AppError::validation(vec![
                    FieldError::new("", "one_of")
                        .arg("parameter", "working_days")
                        .arg("fields", "working_days, calendar_days"),
                ]));
            }
        };
        if days > MAX_TERM_DAYS {
            return Err(AppError::invalid_parameter(rule, "at most 3660 days"));
        }
        let cal = &state.calendar(&http::ctx(&state, req)).await?;
        let deadline = if rule == "working_days" {
            cal.add_working_days(from.0, days)
        } else {
            cal.add_calendar_days(from.0, days)
        }
        .map_err(|e| calendar_error(e, from.0))?;
        Ok(Json(DeadlineView {
            from: from.0,
            rule: rule.into(),
            days,
            deadline,
            published_calendar: Self::published(cal, from.0, deadline),
        }))
    }

    /// Working days between two dates
    #[oai(path = "/calendar/working-days", method = "get")]
    async fn working_days(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::day_from")] from: Query<NaiveDate>,
        #[oai(example = "ex::day_to")] to: Query<NaiveDate>,
    ) -> Result<Json<WorkingDaysView>, AppError> {
        if (to.0 - from.0).num_days().abs() > i64::from(MAX_TERM_DAYS) {
            return Err(AppError::invalid_parameter("to", "at most 3660 days after from"));
        }
        let cal = state.calendar(&http::ctx(&state, req)).await?;
        let n = cal.working_days_between(from.0, to.0).map_err(|e| calendar_error(e, from.0.min(to.0)))?;
        Ok(Json(WorkingDaysView { from: from.0, to: to.0, working_days: n }))
    }

    /// Transfers of days off recorded after the calendar's files
    ///
    /// The government moves days off by resolution during a year; administrators record each here
    /// and every deadline counted afterwards follows it. Date order; `year` keeps one year.
    #[oai(path = "/calendar-transfers", method = "get")]
    async fn list_transfers(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Only the transfers of this year.
        #[oai(example = "ex::transfers_year")]
        year: Query<Option<i32>>,
    ) -> Result<Json<Vec<TransferView>>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(transfers::transfers(&ctx, year.0).await?.into_iter().map(Into::into).collect()))
    }

    /// Record a transfer of a day off (administrators)
    ///
    /// Refused with `validation_failed` when the day to work is already a working day
    /// (`transfer_worked_is_working_day`), the day to rest is not a working day
    /// (`transfer_rested_is_day_off`) or the two are in different years (`transfer_other_year`).
    #[oai(path = "/calendar-transfers", method = "post")]
    async fn create_transfer(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewTransfer>,
    ) -> Result<CreateTransferResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let t = transfers::add_transfer(
            &ctx,
            &caller,
            &state.calendar_files,
            transfers::NewTransfer { worked_on: b.worked_on, rested_on: b.rested_on, basis: b.basis },
        )
        .await?;
        Ok(CreateTransferResponse::Created(Json(t.into())))
    }

    /// Remove a recorded transfer (administrators)
    ///
    /// Deadlines already set keep their dates.
    #[oai(path = "/calendar-transfers/:id", method = "delete")]
    async fn delete_transfer(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::transfer_id")] id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        transfers::remove_transfer(&ctx, &caller, id.0).await?;
        Ok(NoContent::Done)
    }
}

mod examples;
