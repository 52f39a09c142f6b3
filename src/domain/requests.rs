//! Information requests to agencies during public monitoring (Law "On public services" Art. 29
//! p.2): who may be asked, the life of a request as a state machine, refusal grounds, and the
//! deadline rule (Law "On access to information" No. 401-V, Art. 11, by default).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    accounts::string_enum,
    calendar::{Calendar, CalendarError},
    directory::AgencyKind,
};

/// Art. 29 p.2 names central state bodies, local executive bodies and the State Corporation;
/// their departments, territorial units and branches are parts of them. Other providers are not.
pub fn may_receive_requests(kind: AgencyKind) -> bool {
    use AgencyKind::*;
    kind.is_local_executive_body()
        || matches!(
            kind,
            CentralStateBody
                | CentralDepartment
                | TerritorialUnit
                | AuthorizedBody
                | StateCorporation
                | StateCorporationBranch
        )
}

string_enum! {
    RequestState {
        Draft => "draft",
        Submitted => "submitted",
        Extended => "extended",
        Answered => "answered",
        PartiallyAnswered => "partially_answered",
        Refused => "refused",
        Forwarded => "forwarded",
        Withdrawn => "withdrawn",
        ClarificationRequested => "clarification_requested",
    }
}

string_enum! {
    /// Why an agency may decline to answer (Art. 29 p.2; secrets protected by law).
    RefusalGround {
        StateSecret => "state_secret",
        CommercialSecret => "commercial_secret",
        OtherProtectedSecret => "other_protected_secret",
        AlreadyPublished => "already_published",
        NotRelatedToPublicServices => "not_related_to_public_services",
        NotTheHolder => "not_the_holder",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The requester sends the draft; it is registered.
    Submit,
    /// The agency extends the deadline once, with a reason and notice to the requester.
    Extend,
    Answer,
    AnswerPartially,
    Refuse,
    /// The agency does not hold the information and sends the request on.
    Forward,
    /// The requester takes the request back before an answer.
    Withdraw,
    /// After a partial answer the requester asks for the rest.
    AskClarification,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submit => "submit",
            Event::Extend => "extend",
            Event::Answer => "answer",
            Event::AnswerPartially => "answer_partially",
            Event::Refuse => "refuse",
            Event::Forward => "forward",
            Event::Withdraw => "withdraw",
            Event::AskClarification => "ask_clarification",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The event does not apply in this state.
    Illegal { from: RequestState, event: Event },
    /// The deadline may be extended only once.
    AlreadyExtended,
}

impl RequestState {
    /// Open requests wait for the agency; only they can become overdue.
    pub fn is_open(self) -> bool {
        matches!(self, RequestState::Submitted | RequestState::Extended | RequestState::ClarificationRequested)
    }

    pub fn apply(self, event: Event, already_extended: bool) -> Result<RequestState, TransitionError> {
        use Event::*;
        use RequestState::*;
        let next = match (self, event) {
            (Draft, Submit) => Submitted,
            (Submitted | ClarificationRequested, Extend) if already_extended => {
                return Err(TransitionError::AlreadyExtended);
            }
            (Submitted | ClarificationRequested, Extend) => Extended,
            (s, Answer) if s.is_open() => Answered,
            (s, AnswerPartially) if s.is_open() => PartiallyAnswered,
            (s, Refuse) if s.is_open() => Refused,
            (s, Forward) if s.is_open() => Forwarded,
            (Draft, Withdraw) => Withdrawn,
            (s, Withdraw) if s.is_open() => Withdrawn,
            (PartiallyAnswered, AskClarification) => ClarificationRequested,
            (from, event) => return Err(TransitionError::Illegal { from, event }),
        };
        Ok(next)
    }
}

/// How the deadline of a request is counted. Stored with each request, so a later change of
/// configuration does not move the deadlines of requests already filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    /// `calendar_days` or `working_days`.
    pub unit: DayUnit,
    pub days: u32,
    /// The most one extension may add.
    pub max_extension_days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    CalendarDays,
    WorkingDays,
}

impl DeadlineRule {
    /// The Law "On access to information" Art. 11: 15 calendar days from registration, one
    /// extension of at most 15 calendar days; a deadline on a day off moves to the next working day.
    pub const ACCESS_TO_INFORMATION: DeadlineRule =
        DeadlineRule { unit: DayUnit::CalendarDays, days: 15, max_extension_days: 15 };

    fn add(&self, cal: &Calendar, from: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
        match self.unit {
            DayUnit::CalendarDays => cal.add_calendar_days(from, days),
            DayUnit::WorkingDays => cal.add_working_days(from, days),
        }
    }

    /// The due date of a request registered (or clarified) on `from`.
    pub fn due(&self, cal: &Calendar, from: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add(cal, from, self.days)
    }

    /// The due date after an extension of `days` from the current due date.
    pub fn extended(&self, cal: &Calendar, due: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
        self.add(cal, due, days)
    }
}

/// Overdue is derived from the due date and today, never stored: a stored flag would drift.
pub fn is_overdue(state: RequestState, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    state.is_open() && due.is_some_and(|d| today > d)
}

/// An answer is in time when it was given on or before the due date (the last working day).
pub fn answered_in_time(closed: Option<NaiveDate>, due: Option<NaiveDate>) -> bool {
    closed.zip(due).is_some_and(|(c, d)| c <= d)
}

/// The furthest look-ahead of "due within N days": a year, leap day included.
pub const MAX_DUE_WITHIN_DAYS: u32 = 366;

/// The last due date of requests "due within `days` calendar days" of `today` (an officer's
/// horizon); `None` when `days` is beyond `MAX_DUE_WITHIN_DAYS`.
pub fn due_horizon(today: NaiveDate, days: u32) -> Option<NaiveDate> {
    (days <= MAX_DUE_WITHIN_DAYS).then(|| today + chrono::Duration::days(i64::from(days)))
}

/// How many calendar days ahead an officer's inbox flags an open request as due soon.
pub const DUE_SOON_DAYS: u32 = 3;

/// Open, not yet overdue, and due within `DUE_SOON_DAYS` of `today`.
pub fn is_due_soon(state: RequestState, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    let horizon = due_horizon(today, DUE_SOON_DAYS);
    state.is_open() && due.zip(horizon).is_some_and(|(d, h)| d >= today && d <= h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event::*;
    use RequestState::*;

    const EVENTS: [Event; 8] = [Submit, Extend, Answer, AnswerPartially, Refuse, Forward, Withdraw, AskClarification];

    #[test]
    fn the_due_horizon_counts_calendar_days_up_to_a_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 30).unwrap();
        assert_eq!(due_horizon(today, 0), Some(today));
        assert_eq!(due_horizon(today, 3), NaiveDate::from_ymd_opt(2027, 1, 2));
        assert_eq!(due_horizon(today, 366), NaiveDate::from_ymd_opt(2027, 12, 31));
        assert_eq!(due_horizon(today, 367), None);
    }

    /// Every state against every event: exactly the legal moves succeed.
    #[test]
    fn the_state_machine_exhaustively() {
        let legal: &[(RequestState, Event, RequestState)] = &[
            (Draft, Submit, Submitted),
            (Draft, Withdraw, Withdrawn),
            (Submitted, Extend, Extended),
            (Submitted, Answer, Answered),
            (Submitted, AnswerPartially, PartiallyAnswered),
            (Submitted, Refuse, Refused),
            (Submitted, Forward, Forwarded),
            (Submitted, Withdraw, Withdrawn),
            (Extended, Answer, Answered),
            (Extended, AnswerPartially, PartiallyAnswered),
            (Extended, Refuse, Refused),
            (Extended, Forward, Forwarded),
            (Extended, Withdraw, Withdrawn),
            (PartiallyAnswered, AskClarification, ClarificationRequested),
            (ClarificationRequested, Extend, Extended),
            (ClarificationRequested, Answer, Answered),
            (ClarificationRequested, AnswerPartially, PartiallyAnswered),
            (ClarificationRequested, Refuse, Refused),
            (ClarificationRequested, Forward, Forwarded),
            (ClarificationRequested, Withdraw, Withdrawn),
        ];
        for state in RequestState::ALL {
            for event in EVENTS {
                let expected = legal.iter().find(|(s, e, _)| s == state && *e == event).map(|(_, _, n)| *n);
                match (state.apply(event, false), expected) {
                    (Ok(next), Some(n)) => assert_eq!(next, n, "{state:?} + {event:?}"),
                    (Err(TransitionError::Illegal { from, event: e }), None) => assert_eq!((from, e), (*state, event)),
                    (got, want) => panic!("{state:?} + {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_deadline_is_extended_once_only() {
        assert_eq!(Submitted.apply(Extend, true), Err(TransitionError::AlreadyExtended));
        assert_eq!(ClarificationRequested.apply(Extend, true), Err(TransitionError::AlreadyExtended));
        assert!(matches!(Extended.apply(Extend, false), Err(TransitionError::Illegal { .. })));
    }

    #[test]
    fn finished_requests_stay_finished() {
        for s in [Answered, Refused, Forwarded, Withdrawn] {
            for e in EVENTS {
                assert!(s.apply(e, false).is_err(), "{s:?} + {e:?}");
            }
        }
    }

    #[test]
    fn who_may_be_asked() {
        assert!(may_receive_requests(AgencyKind::CentralStateBody));
        assert!(may_receive_requests(AgencyKind::RuralDistrictAkimat));
        assert!(may_receive_requests(AgencyKind::StateCorporation));
        assert!(may_receive_requests(AgencyKind::StateCorporationBranch));
        assert!(!may_receive_requests(AgencyKind::ServiceProvider));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_deadline_across_a_holiday_and_a_transfer() {
        let cal = Calendar::embedded();
        let rule = DeadlineRule::ACCESS_TO_INFORMATION;
        // Registered Tue 10 March 2026: +15 calendar days is Wed 25 March (Nauryz), moved to Thu 26.
        assert_eq!(rule.due(&cal, d("2026-03-10")).unwrap(), d("2026-03-26"));
        // The 2025 transfer: Fri 3 January off, Sun 5 January worked instead.
        // Registered Thu 19 Dec 2024: +15 is Fri 3 Jan (off by transfer), Sat 4 off, so Sun 5 Jan.
        assert_eq!(rule.due(&cal, d("2024-12-19")).unwrap(), d("2025-01-05"));
        // Registered Tue 17 Dec: +15 is 1 Jan; 1-2 Jan holidays, 3 Jan transfer, 4 Jan Saturday.
        assert_eq!(rule.due(&cal, d("2024-12-17")).unwrap(), d("2025-01-05"));
        // Registered Sat 21 Dec: +15 lands on the worked Sunday and stays there.
        assert_eq!(rule.due(&cal, d("2024-12-21")).unwrap(), d("2025-01-05"));
        // Registered Sun 22 Dec: +15 is Mon 6 Jan, an ordinary working day.
        assert_eq!(rule.due(&cal, d("2024-12-22")).unwrap(), d("2025-01-06"));
        // Extension: at most 15 more calendar days from the current due date.
        assert_eq!(rule.extended(&cal, d("2026-03-26"), 15).unwrap(), d("2026-04-10"));
        let working = DeadlineRule { unit: DayUnit::WorkingDays, days: 5, max_extension_days: 10 };
        assert_eq!(working.due(&cal, d("2026-03-20")).unwrap(), d("2026-04-01"));
    }

    #[test]
    fn due_soon_is_the_next_days_of_an_open_request() {
        let today = d("2026-03-23");
        assert!(is_due_soon(Submitted, Some(today), today), "due today");
        assert!(is_due_soon(Extended, Some(d("2026-03-26")), today), "three days ahead");
        assert!(!is_due_soon(Submitted, Some(d("2026-03-27")), today), "four days ahead");
        assert!(!is_due_soon(Submitted, Some(d("2026-03-22")), today), "overdue is not due soon");
        assert!(!is_due_soon(Answered, Some(today), today), "a closed request is never due");
    }

    #[test]
    fn overdue_is_derived_from_the_date() {
        let due = Some(d("2026-03-26"));
        assert!(!is_overdue(Submitted, due, d("2026-03-26")), "the due day itself is in time");
        assert!(is_overdue(Submitted, due, d("2026-03-27")));
        assert!(!is_overdue(Answered, due, d("2026-04-30")), "an answered request is never overdue");
        assert!(!is_overdue(Draft, None, d("2030-01-01")));
    }
}
