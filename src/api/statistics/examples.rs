//! Examples of the statistics schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use std::collections::BTreeMap;

impl Example for StatisticsRowView {
    fn example() -> Self {
        Self { by: s("region"), figures: Example::example() }
    }
}

impl Example for ShareView {
    fn example() -> Self {
        Self { count: 9, share: 0.375 }
    }
}

impl Example for SatisfactionView {
    fn example() -> Self {
        Self {
            count: 22,
            mean: Some(3.1818),
            distribution: BTreeMap::from([(s("1"), 2), (s("2"), 5), (s("3"), 6), (s("4"), 5), (s("5"), 4)]),
        }
    }
}

impl Example for WaitingView {
    fn example() -> Self {
        Self { count: 21, median: Some(24.0), p90: Some(55.0) }
    }
}

impl Example for TermStatsView {
    fn example() -> Self {
        Self { count: 20, exceeded: 7, share: Some(0.35) }
    }
}

impl Example for ObservationStatsView {
    fn example() -> Self {
        Self {
            key: s(ASTANA_KATO),
            label: Some(s("город Астана")),
            observations: 24,
            outcomes: BTreeMap::from([
                (s("rendered"), ShareView { count: 20, share: 0.8333 }),
                (s("refused"), ShareView { count: 4, share: 0.1667 }),
            ]),
            satisfaction: Example::example(),
            waiting_minutes: Example::example(),
            term: Example::example(),
            violations: BTreeMap::from([(s("deadline_breached"), Example::example())]),
        }
    }
}

impl Example for ObservationStatistics {
    fn example() -> Self {
        Self { by: s("region"), groups: vec![Example::example()] }
    }
}

impl Example for QuestionStatsView {
    fn example() -> Self {
        Self {
            key: s("satisfaction"),
            kind: s("scale"),
            text_kk: Some(s("Қызмет сапасына қаншалықты ризасыз?")),
            text_ru: Some(s("Насколько вы довольны качеством услуги?")),
            answered: 40,
            distribution: BTreeMap::from([
                (s("1"), ShareView { count: 3, share: 0.075 }),
                (s("2"), ShareView { count: 6, share: 0.15 }),
                (s("3"), ShareView { count: 9, share: 0.225 }),
                (s("4"), ShareView { count: 14, share: 0.35 }),
                (s("5"), ShareView { count: 8, share: 0.2 }),
            ]),
            mean: Some(3.45),
            min: Some(1.0),
            max: Some(5.0),
        }
    }
}

impl Example for SurveyGroupView {
    fn example() -> Self {
        Self {
            key: s(ASTANA_KATO), label: Some(s("город Астана")), responses: 41, questions: vec![Example::example()]
        }
    }
}

impl Example for SurveyStatistics {
    fn example() -> Self {
        Self { by: s("region"), groups: vec![Example::example()] }
    }
}
