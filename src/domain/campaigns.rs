//! Public monitoring campaigns (Law Art. 29 p.1; Art. 26). Individuals and NGOs monitor service
//! quality on their own initiative or under a state social order of the authorized body; the basis
//! is part of the public record. A campaign is drafted in private, then runs in public, then is
//! completed (read-only) and finally archived.
use super::accounts::string_enum;

string_enum! {
    /// On whose initiative the monitoring runs (Law Art. 29 p.1).
    Basis {
        OwnInitiative => "own_initiative",
        StateSocialOrder => "state_social_order",
    }
}

string_enum! {
    CampaignState {
        Draft => "draft",
        Active => "active",
        Completed => "completed",
        Archived => "archived",
    }
}

string_enum! {
    CampaignEvent {
        Activate => "activate",
        Complete => "complete",
        Archive => "archive",
    }
}

string_enum! {
    /// What a campaign's scope lists.
    ScopeDimension {
        Service => "service",
        Agency => "agency",
        Region => "region",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: CampaignState,
    pub event: CampaignEvent,
}

impl CampaignState {
    pub fn apply(self, event: CampaignEvent) -> Result<CampaignState, IllegalTransition> {
        use CampaignEvent::*;
        use CampaignState::*;
        match (self, event) {
            (Draft, Activate) => Ok(Active),
            (Active, Complete) => Ok(Completed),
            (Completed, Archive) => Ok(Archived),
            (from, event) => Err(IllegalTransition { from, event }),
        }
    }

    /// Principle of transparency (Art. 26): once a campaign runs, everything but personal data is
    /// public; a draft is its team's working space.
    pub fn is_public(self) -> bool {
        self != CampaignState::Draft
    }

    /// A completed or archived campaign is the record of what was found: nothing may change it.
    pub fn is_read_only(self) -> bool {
        matches!(self, CampaignState::Completed | CampaignState::Archived)
    }

    /// Observations are collected while preparing and while running.
    pub fn accepts_observations(self) -> bool {
        matches!(self, CampaignState::Draft | CampaignState::Active)
    }

    /// The questionnaire may change only before anyone answers it: once a campaign runs, answers
    /// to a changed question would no longer be comparable.
    pub fn questionnaire_editable(self) -> bool {
        self == CampaignState::Draft
    }

    /// Survey responses count only while the campaign runs.
    pub fn accepts_responses(self) -> bool {
        self == CampaignState::Active
    }
}

/// What a state social order must name so the public can trace it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasisProblem {
    /// A state social order needs its reference, date and customer.
    OrderDetailsMissing(&'static str),
    /// Monitoring on one's own initiative has no order to cite.
    OrderDetailsNotAllowed(&'static str),
}

pub fn check_basis(
    basis: Basis,
    reference: Option<&str>,
    date: Option<chrono::NaiveDate>,
    customer: Option<i64>,
) -> Vec<BasisProblem> {
    let given = [
        ("order_reference", reference.is_some_and(|r| !r.trim().is_empty())),
        ("order_date", date.is_some()),
        ("order_customer_id", customer.is_some()),
    ];
    given
        .into_iter()
        .filter_map(|(field, present)| match (basis, present) {
            (Basis::StateSocialOrder, false) => Some(BasisProblem::OrderDetailsMissing(field)),
            (Basis::OwnInitiative, true) => Some(BasisProblem::OrderDetailsNotAllowed(field)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_and_event_pair_is_decided() {
        use CampaignEvent::*;
        use CampaignState::*;
        for &s in CampaignState::ALL {
            for &e in CampaignEvent::ALL {
                let expected = match (s, e) {
                    (Draft, Activate) => Some(Active),
                    (Active, Complete) => Some(Completed),
                    (Completed, Archive) => Some(Archived),
                    _ => None,
                };
                match expected {
                    Some(next) => assert_eq!(s.apply(e), Ok(next)),
                    None => assert_eq!(s.apply(e), Err(IllegalTransition { from: s, event: e })),
                }
            }
        }
    }

    #[test]
    fn only_drafts_are_private_and_only_finished_campaigns_are_frozen() {
        use CampaignState::*;
        assert!(!Draft.is_public() && Active.is_public() && Completed.is_public() && Archived.is_public());
        assert!(!Draft.is_read_only() && !Active.is_read_only() && Completed.is_read_only() && Archived.is_read_only());
        assert!(Draft.accepts_observations() && Active.accepts_observations());
        assert!(!Completed.accepts_observations() && !Archived.accepts_observations());
        assert!(Draft.questionnaire_editable() && !Active.questionnaire_editable());
        assert!(Active.accepts_responses() && !Draft.accepts_responses() && !Completed.accepts_responses());
    }

    #[test]
    fn a_social_order_names_its_reference_date_and_customer() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
        assert!(check_basis(Basis::StateSocialOrder, Some("ГСЗ-12/2026"), d, Some(4)).is_empty());
        assert_eq!(
            check_basis(Basis::StateSocialOrder, Some("  "), d, None),
            vec![
                BasisProblem::OrderDetailsMissing("order_reference"),
                BasisProblem::OrderDetailsMissing("order_customer_id")
            ]
        );
        assert!(check_basis(Basis::OwnInitiative, None, None, None).is_empty());
        assert_eq!(
            check_basis(Basis::OwnInitiative, None, d, None),
            vec![BasisProblem::OrderDetailsNotAllowed("order_date")]
        );
    }
}
