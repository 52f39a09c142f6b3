//! What a monitor records about one visit, check or case: the channel the service went through,
//! the measured facts, and the violations found against the ten categories of form 1-мк.
use super::accounts::string_enum;

string_enum! {
    /// Where the service was asked for (Law Art. 1: provider, State Corporation, e-government).
    Channel {
        ProviderOffice => "provider_office",
        StateCorporation => "state_corporation",
        EgovPortal => "egov_portal",
        Mobile => "mobile",
        OtherSystem => "other_system",
    }
}

string_enum! {
    Outcome {
        Rendered => "rendered",
        Refused => "refused",
        NotReceived => "not_received",
        Pending => "pending",
    }
}

pub const SATISFACTION: std::ops::RangeInclusive<i16> = 1..=5;
/// A day; a wait longer than that is a typing mistake, not a queue.
pub const MAX_WAITING_MINUTES: i32 = 24 * 60;
/// Two years; normative terms are counted in days or weeks.
pub const MAX_DAYS_TAKEN: i32 = 730;

/// Whether the days the service took exceed its normative term. Only terms counted in days can be
/// compared with days (the observer counts in the term's own unit: working or calendar days);
/// services rendered in hours or minutes are judged by waiting time instead.
pub fn term_exceeded(days_taken: Option<i32>, term_value: i32, term_unit: &str) -> Option<bool> {
    match term_unit {
        "working_days" | "calendar_days" => days_taken.map(|d| d > term_value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_compared_only_with_terms_in_days() {
        assert_eq!(term_exceeded(Some(6), 5, "working_days"), Some(true));
        assert_eq!(term_exceeded(Some(5), 5, "working_days"), Some(false));
        assert_eq!(term_exceeded(Some(31), 30, "calendar_days"), Some(true));
        assert_eq!(term_exceeded(Some(1), 30, "minutes"), None);
        assert_eq!(term_exceeded(None, 5, "working_days"), None);
    }

    #[test]
    fn vocabularies_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(*o));
        }
        assert_eq!(Outcome::parse("bribed"), None);
    }
}
