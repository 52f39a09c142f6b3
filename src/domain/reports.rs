//! Agencies' annual reports on their public-service activity (Law Art. 23 p.5) and the figures of
//! the state's own statistics they carry (Rules, forms 1-мк to 4; DOMAIN.md section 5).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{accounts::string_enum, violations::ViolationCategory};
use crate::error::FieldError;

string_enum! {
    /// Languages a report may be written in.
    ReportLanguage {
        Kk => "kk",
        Ru => "ru",
        En => "en",
    }
}

/// The earliest year the Law on public services (2013) had an annual report for.
pub const FIRST_YEAR: i32 = 2013;

/// The structured figures of a report. Every field is a count; the categories of violation are
/// the ten of form 1-мк.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    #[serde(default)]
    pub services_paper_individuals: u64,
    #[serde(default)]
    pub services_paper_legal: u64,
    #[serde(default)]
    pub services_electronic_individuals: u64,
    #[serde(default)]
    pub services_electronic_legal: u64,
    #[serde(default)]
    pub services_govcorp_individuals: u64,
    #[serde(default)]
    pub services_govcorp_legal: u64,
    #[serde(default)]
    pub refusals: u64,
    #[serde(default)]
    pub complaints_received: u64,
    #[serde(default)]
    pub complaints_satisfied: u64,
    #[serde(default)]
    pub disciplinary_measures: u64,
    #[serde(default)]
    pub recommendations_issued: u64,
    #[serde(default)]
    pub recommendations_fulfilled: u64,
    /// Keyed by violation category.
    #[serde(default)]
    pub violations: BTreeMap<String, u64>,
}

impl Figures {
    pub fn services_total(&self) -> u64 {
        self.services_individuals() + self.services_legal()
    }

    pub fn services_individuals(&self) -> u64 {
        self.services_paper_individuals + self.services_electronic_individuals + self.services_govcorp_individuals
    }

    pub fn services_legal(&self) -> u64 {
        self.services_paper_legal + self.services_electronic_legal + self.services_govcorp_legal
    }

    pub fn violations_total(&self) -> u64 {
        self.violations.values().sum()
    }

    /// Consistency the statistics themselves imply; every problem, with a pointer under `prefix`.
    pub fn check(&self, prefix: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for key in self.violations.keys() {
            if ViolationCategory::parse(key).is_none() {
                errors.push(
                    FieldError::new(format!("{prefix}/violations/{key}"), "unknown_violation_category")
                        .arg("value", key),
                );
            }
        }
        if self.complaints_satisfied > self.complaints_received {
            errors.push(
                FieldError::new(format!("{prefix}/complaints_satisfied"), "more_than")
                    .arg("other", "complaints_received")
                    .arg("value", self.complaints_received),
            );
        }
        if self.recommendations_fulfilled > self.recommendations_issued {
            errors.push(
                FieldError::new(format!("{prefix}/recommendations_fulfilled"), "more_than")
                    .arg("other", "recommendations_issued")
                    .arg("value", self.recommendations_issued),
            );
        }
        errors
    }

    /// Every category present, absent ones as zero, in form order.
    pub fn normalized(mut self) -> Self {
        for c in ViolationCategory::ALL {
            self.violations.entry(c.as_str().to_string()).or_insert(0);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_up_by_channel_and_recipient() {
        let f = Figures {
            services_paper_individuals: 1,
            services_paper_legal: 2,
            services_electronic_individuals: 10,
            services_electronic_legal: 20,
            services_govcorp_individuals: 100,
            services_govcorp_legal: 200,
            ..Default::default()
        };
        assert_eq!(f.services_total(), 333);
        assert_eq!(f.services_individuals(), 111);
        assert_eq!(f.services_legal(), 222);
    }

    #[test]
    fn impossible_figures_are_named() {
        let mut f = Figures {
            complaints_received: 3,
            complaints_satisfied: 4,
            recommendations_issued: 1,
            ..Default::default()
        };
        f.violations.insert("bribe".into(), 1);
        let codes: Vec<(String, &str)> = f.check("/figures").into_iter().map(|e| (e.pointer, e.code)).collect();
        assert_eq!(
            codes,
            [
                ("/figures/violations/bribe".to_string(), "unknown_violation_category"),
                ("/figures/complaints_satisfied".to_string(), "more_than")
            ]
        );
        assert_eq!(f.normalized().violations.len(), 11);
    }
}
