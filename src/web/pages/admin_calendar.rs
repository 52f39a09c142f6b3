//! `/admin/calendar?year=`: the working-day calendar of a year as deadlines are counted on it (the
//! shipped files plus the transfers administrators recorded), recording a transfer from a
//! government resolution and removing one; over `service::calendar`, as `/api/v1/calendar-transfers`.
use chrono::{Datelike, NaiveDate};
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::admin::{admin_of, page_refusal};
use crate::{
    domain::calendar::{MAX_YEAR, MIN_YEAR, local_date},
    error::{AppError, AppResult, Code, FieldError},
    i18n,
    service::calendar::{self, NewTransfer},
    web::session::{Page, check_csrf},
};

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<String>,
    done: Option<String>,
}

/// The add form as typed, kept when a refusal sends it back.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct TransferForm {
    #[serde(default)]
    worked_on: String,
    #[serde(default)]
    rested_on: String,
    #[serde(default)]
    basis: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

impl TransferForm {
    /// The dates as the API reads them (`YYYY-MM-DD`, as a date input sends them).
    fn input(&self) -> AppResult<NewTransfer> {
        let date = |pointer: &str, v: &str| {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                .map_err(|_| FieldError::new(pointer, "invalid_date").arg("value", v.trim()))
        };
        match (date("/worked_on", &self.worked_on), date("/rested_on", &self.rested_on)) {
            (Ok(worked_on), Ok(rested_on)) => Ok(NewTransfer { worked_on, rested_on, basis: self.basis.clone() }),
            (a, b) => Err(AppError::validation([a.err(), b.err()].into_iter().flatten().collect())),
        }
    }
}

async fn render(
    p: &Page,
    year: i32,
    status: StatusCode,
    form: &TransferForm,
    refusal: Option<Value>,
    done: Option<&str>,
) -> AppResult<Response> {
    let state = p.state()?;
    let ctx = p.ctx()?;
    let lang = p.lang;
    let cal = state.calendar(&ctx).await?;
    let y = cal.year(year).map_err(|_| out_of_range(&year.to_string()))?;
    let recorded = calendar::transfers(&ctx, Some(year)).await?;
    let days_off: Vec<Value> = y
        .days_off
        .iter()
        .map(|d| {
            let name = if d.why == "transfer" {
                i18n::text(lang, "web.admin.calendar.transfer")
            } else {
                cal.holiday_name(&d.why, lang.code()).unwrap_or_else(|| d.why.clone())
            };
            context! { date => d.date.to_string(), name => name, moved_from => d.moved_from.map(|m| m.to_string()) }
        })
        .collect();
    let transfers: Vec<Value> = y
        .working_days
        .iter()
        .map(|w| {
            let own = recorded.iter().find(|t| t.worked_on == w.date);
            context! {
                worked => w.date.to_string(),
                rested => w.instead_of.map(|r| r.to_string()),
                basis => own.map(|t| t.basis.clone()),
                id => own.map(|t| t.id),
            }
        })
        .collect();
    p.render_status(
        status,
        "admin_calendar.html",
        context! {
            year => year.to_string(),
            prev => year - 1,
            next => year + 1,
            published => cal.published_years().contains(&year),
            days_off => days_off,
            transfers => transfers,
            form => form,
            refusal => refusal,
            done => done,
        },
    )
}

fn out_of_range(asked: &str) -> AppError {
    AppError::new(Code::DateOutOfRange).arg("min", MIN_YEAR).arg("max", MAX_YEAR).arg("value", asked)
}

#[handler]
pub async fn page(p: Page, Query(q): Query<YearQuery>) -> AppResult<Response> {
    if let Err(r) = admin_of(&p) {
        return *r;
    }
    let this_year = local_date(p.state()?.clock.now()).year();
    let asked = q.year.as_deref().map(str::trim).filter(|y| !y.is_empty());
    let year = match asked.map(str::parse::<i32>) {
        None => this_year,
        Some(Ok(y)) if (MIN_YEAR..=MAX_YEAR).contains(&y) => y,
        Some(_) => {
            let e = out_of_range(asked.unwrap_or_default());
            return p.render_status(
                e.status(),
                "admin_calendar.html",
                context! { year => asked.unwrap_or_default(), refusal => page_refusal(&p, &e), days_off => Vec::<Value>::new(), transfers => Vec::<Value>::new(), published => false, form => TransferForm::default() },
            );
        }
    };
    let done = q.done.as_deref().filter(|d| matches!(*d, "added" | "removed"));
    render(&p, year, StatusCode::OK, &TransferForm::default(), None, done).await
}

#[handler]
pub async fn add(req: &Request, p: Page, Form(f): Form<TransferForm>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let year = NaiveDate::parse_from_str(f.worked_on.trim(), "%Y-%m-%d")
        .map(|d| d.year())
        .unwrap_or_else(|_| local_date(p.state().map(|s| s.clock.now()).unwrap_or_default()).year());
    let result = match (check_csrf(req, &f.csrf_token), f.input()) {
        (Err(e), _) | (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(input)) => calendar::add_transfer(&p.ctx()?, &caller, &p.state()?.calendar_files, input).await,
    };
    match result {
        Ok(t) => {
            Ok(Redirect::see_other(format!("/admin/calendar?year={}&done=added", t.worked_on.year())).into_response())
        }
        Err(e) if e.code == Code::Internal => Err(e),
        // Someone who is not an administrator sees a 403 page, not the form.
        Err(e) if e.code == Code::Forbidden => Err(e),
        Err(e) => render(&p, year, e.status(), &f, Some(page_refusal(&p, &e)), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

#[handler]
pub async fn remove(req: &Request, p: Page, Path(id): Path<i64>, Form(f): Form<CsrfOnly>) -> AppResult<Response> {
    check_csrf(req, &f.csrf_token)?;
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let year = calendar::transfers(&ctx, None).await?.iter().find(|t| t.id == id).map(|t| t.worked_on.year());
    calendar::remove_transfer(&ctx, &caller, id).await?;
    let year = year.map(|y| format!("year={y}&")).unwrap_or_default();
    Ok(Redirect::see_other(format!("/admin/calendar?{year}done=removed")).into_response())
}
