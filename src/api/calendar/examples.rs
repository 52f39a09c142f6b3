//! Examples of the calendar schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for DayOffView {
    fn example() -> Self {
        Self {
            date: day(2026, 3, 23),
            reason: s("moved_holiday"),
            holiday: Some(s("nauryz")),
            name: Some(s("Наурыз мейрамы")),
            moved_from: Some(day(2026, 3, 21)),
            instead_of: Some(day(2026, 3, 21)),
        }
    }
}

impl Example for WorkingWeekendDayView {
    fn example() -> Self {
        Self { date: day(2026, 1, 3), instead_of: Some(day(2026, 1, 2)) }
    }
}

impl Example for CalendarYearView {
    fn example() -> Self {
        Self {
            year: 2026,
            source: s("published"),
            note: Some(s("Календарь на 2026 год утверждён постановлением Правительства.")),
            weekend: vec![s("sat"), s("sun")],
            days_off: vec![Example::example()],
            working_weekend_days: vec![Example::example()],
            working_days: 247,
            kurban_ait_provisional: false,
        }
    }
}

impl Example for DeadlineView {
    fn example() -> Self {
        Self {
            from: day(2026, 3, 2),
            rule: s("working_days"),
            days: 15,
            deadline: day(2026, 3, 25),
            published_calendar: true,
        }
    }
}

impl Example for WorkingDaysView {
    fn example() -> Self {
        Self { from: day(2026, 3, 2), to: day(2026, 3, 31), working_days: 18 }
    }
}

impl Example for TransferView {
    fn example() -> Self {
        Self {
            id: 1,
            worked_on: day(2026, 12, 19),
            rested_on: day(2026, 12, 28),
            basis: s("Постановление Правительства РК № 1027 от 4 декабря 2026 года"),
            created_at: at("2026-12-05T09:30:00Z"),
        }
    }
}

impl Example for NewTransfer {
    fn example() -> Self {
        Self {
            worked_on: day(2026, 12, 19),
            rested_on: day(2026, 12, 28),
            basis: s("Постановление Правительства РК № 1027 от 4 декабря 2026 года"),
        }
    }
}
