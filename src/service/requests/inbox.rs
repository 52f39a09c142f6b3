//! An officer's inbox: the requests addressed to their agency, nearest due date first, filtered by
//! state, by a due-date horizon and by the date received, paged, with the counts an officer
//! watches (open, overdue, due soon).
use sea_orm::{Condition, PaginatorTrait, QuerySelect, sea_query::NullOrdering};

use super::*;
use crate::domain::requests::{DUE_SOON_DAYS, MAX_DUE_WITHIN_DAYS, due_horizon};

/// Which states an inbox shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxStates {
    /// Those waiting for the agency (submitted, extended, clarification requested).
    #[default]
    Open,
    /// Every request the agency received.
    All,
    One(RequestState),
}

#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    pub states: InboxStates,
    /// Open requests due within this many calendar days (overdue ones included).
    pub due_within_days: Option<u32>,
    /// Registered on or after this date.
    pub received_from: Option<NaiveDate>,
    /// Registered on or before this date.
    pub received_to: Option<NaiveDate>,
}

/// The agency's figures, whatever the filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub open: u64,
    pub overdue: u64,
    pub due_soon: u64,
}

pub struct InboxPage {
    pub agency_id: i64,
    pub rows: Vec<info_request::Model>,
    /// How many requests the filter matches in all.
    pub matching: u64,
    pub pages: u64,
    pub counts: InboxCounts,
}

fn open_states() -> Vec<&'static str> {
    RequestState::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect()
}

/// The inbox of the caller's agency (officers only), page `page` (from 1) of `per_page` rows.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn inbox(ctx: &Ctx, caller: &Caller, f: InboxFilter, page: u64, per_page: u64) -> AppResult<InboxPage> {
    let agency_id = match caller.account.agency_id {
        Some(a) if caller.role() == Role::AgencyOfficer => a,
        _ => return Err(AppError::forbidden("only officers of an agency have an inbox")),
    };
    let today = local_date(ctx.now);
    let mut cond = Condition::all()
        .add(info_request::Column::AgencyId.eq(agency_id))
        .add(info_request::Column::State.ne(RequestState::Draft.as_str()));
    cond = match f.states {
        InboxStates::Open => cond.add(info_request::Column::State.is_in(open_states())),
        InboxStates::All => cond,
        InboxStates::One(s) => cond.add(info_request::Column::State.eq(s.as_str())),
    };
    if let Some(days) = f.due_within_days {
        let horizon = due_horizon(today, days)
            .ok_or_else(|| AppError::invalid_parameter("due_within_days", &format!("at most {MAX_DUE_WITHIN_DAYS}")))?;
        cond =
            cond.add(info_request::Column::State.is_in(open_states())).add(info_request::Column::DueDate.lte(horizon));
    }
    if let Some(from) = f.received_from {
        cond = cond.add(info_request::Column::RegistrationDate.gte(from));
    }
    if let Some(to) = f.received_to {
        cond = cond.add(info_request::Column::RegistrationDate.lte(to));
    }
    let matching = info_request::Entity::find().filter(cond.clone()).count(&ctx.db).await?;
    let per_page = per_page.clamp(1, 100);
    let pages = matching.div_ceil(per_page).max(1);
    let page = page.clamp(1, pages);
    let rows = info_request::Entity::find()
        .filter(cond)
        .order_by_with_nulls(info_request::Column::DueDate, sea_orm::Order::Asc, NullOrdering::Last)
        .order_by_asc(info_request::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(&ctx.db)
        .await?;
    let open = || {
        info_request::Entity::find()
            .filter(info_request::Column::AgencyId.eq(agency_id))
            .filter(info_request::Column::State.is_in(open_states()))
    };
    let soon = due_horizon(today, DUE_SOON_DAYS).unwrap_or(today);
    let counts = InboxCounts {
        open: open().count(&ctx.db).await?,
        overdue: open().filter(info_request::Column::DueDate.lt(today)).count(&ctx.db).await?,
        due_soon: open()
            .filter(info_request::Column::DueDate.gte(today))
            .filter(info_request::Column::DueDate.lte(soon))
            .count(&ctx.db)
            .await?,
    };
    Ok(InboxPage { agency_id, rows, matching, pages, counts })
}
