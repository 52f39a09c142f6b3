//! Questionnaires of monitoring campaigns: recipients' satisfaction is one of the things public
//! monitoring measures (Draft 2012 Art. 1 p.10). A response is checked against the questionnaire
//! so that every stored answer can be counted.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::accounts::string_enum;
use crate::error::FieldError;

string_enum! {
    /// Scale answers run from 1 (worst) to 5 (best).
    QuestionKind {
        Scale => "scale",
        SingleChoice => "single_choice",
        MultipleChoice => "multiple_choice",
        Number => "number",
        FreeText => "free_text",
    }
}

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }
}

pub const MAX_QUESTIONS: usize = 100;
pub const MAX_OPTIONS: usize = 50;
pub const MAX_TEXT_ANSWER: usize = 5000;
pub const SCALE: std::ops::RangeInclusive<i64> = 1..=5;
/// Numbers asked in surveys are counts, minutes or tenge; beyond this they are typos.
pub const MAX_NUMBER: f64 = 1e12;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub key: String,
    pub text_kk: Option<String>,
    pub text_ru: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuestionSpec {
    pub key: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub text_kk: Option<String>,
    pub text_ru: Option<String>,
    pub options: Vec<ChoiceOption>,
}

/// Keys are written by people and end up in JSON pointers and CSV headers: keep them plain.
fn valid_key(k: &str) -> bool {
    (1..=40).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn check_wording(pointer: &str, kk: Option<&str>, ru: Option<&str>, max: usize, out: &mut Vec<FieldError>) {
    let kk = kk.map(str::trim).filter(|t| !t.is_empty());
    let ru = ru.map(str::trim).filter(|t| !t.is_empty());
    if kk.is_none() && ru.is_none() {
        out.push(FieldError::new(pointer, "at_least_one_of").arg("fields", "text_kk, text_ru"));
    }
    for (lang, t) in [("text_kk", kk), ("text_ru", ru)] {
        if t.is_some_and(|t| t.chars().count() > max) {
            out.push(FieldError::new(format!("{pointer}/{lang}"), "too_long").arg("max", max));
        }
    }
}

/// Every problem of a questionnaire at once, pointing into `/questions/<index>`.
pub fn check_questionnaire(questions: &[QuestionSpec]) -> Vec<FieldError> {
    let mut out = Vec::new();
    if questions.len() > MAX_QUESTIONS {
        out.push(FieldError::new("/questions", "too_many").arg("max", MAX_QUESTIONS));
    }
    let mut seen = BTreeSet::new();
    for (i, q) in questions.iter().enumerate() {
        let p = format!("/questions/{i}");
        if !valid_key(&q.key) {
            out.push(FieldError::new(format!("{p}/key"), "invalid_key"));
        } else if !seen.insert(q.key.as_str()) {
            out.push(FieldError::new(format!("{p}/key"), "duplicate_key").arg("value", &q.key));
        }
        check_wording(&p, q.text_kk.as_deref(), q.text_ru.as_deref(), 1000, &mut out);
        if q.kind.has_options() {
            if !(2..=MAX_OPTIONS).contains(&q.options.len()) {
                out.push(FieldError::new(format!("{p}/options"), "options_required").arg("max", MAX_OPTIONS));
            }
            let mut keys = BTreeSet::new();
            for (j, o) in q.options.iter().enumerate() {
                let op = format!("{p}/options/{j}");
                if !valid_key(&o.key) {
                    out.push(FieldError::new(format!("{op}/key"), "invalid_key"));
                } else if !keys.insert(o.key.as_str()) {
                    out.push(FieldError::new(format!("{op}/key"), "duplicate_key").arg("value", &o.key));
                }
                check_wording(&op, o.text_kk.as_deref(), o.text_ru.as_deref(), 300, &mut out);
            }
        } else if !q.options.is_empty() {
            out.push(FieldError::new(format!("{p}/options"), "options_not_allowed").arg("kind", q.kind.as_str()));
        }
    }
    out
}

/// One stored value of an answer. A multiple choice gives one value per chosen option.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerValue {
    Choice(String),
    Number(f64),
    Text(String),
}

/// Check a response (`{"<question key>": value}`) against the questionnaire. Errors point at
/// `/answers/<key>`: a missing required answer, a value of the wrong shape, a choice not offered,
/// a question the questionnaire does not have.
pub fn check_response(
    questions: &[QuestionSpec],
    answers: &serde_json::Map<String, Value>,
) -> Result<BTreeMap<String, Vec<AnswerValue>>, Vec<FieldError>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for key in answers.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            errors.push(FieldError::new(format!("/answers/{key}"), "unknown_question").arg("value", key));
        }
    }
    for q in questions {
        let p = format!("/answers/{}", q.key);
        let value = answers.get(&q.key).filter(|v| !v.is_null());
        let Some(value) = value else {
            if q.required {
                errors.push(FieldError::new(p, "required"));
            }
            continue;
        };
        let offered = || q.options.iter().map(|o| o.key.as_str()).collect::<Vec<_>>().join(", ");
        let values = match q.kind {
            QuestionKind::Scale => match value.as_i64() {
                Some(n) if SCALE.contains(&n) => vec![AnswerValue::Number(n as f64)],
                _ => {
                    errors.push(FieldError::new(p, "out_of_range").arg("min", SCALE.start()).arg("max", SCALE.end()));
                    continue;
                }
            },
            QuestionKind::Number => match value.as_f64() {
                Some(n) if n.is_finite() && n.abs() <= MAX_NUMBER => vec![AnswerValue::Number(n)],
                _ => {
                    errors.push(FieldError::new(p, "out_of_range").arg("min", -MAX_NUMBER).arg("max", MAX_NUMBER));
                    continue;
                }
            },
            QuestionKind::FreeText => match value.as_str().map(str::trim) {
                Some("") if q.required => {
                    errors.push(FieldError::new(p, "required"));
                    continue;
                }
                Some("") => continue,
                Some(t) if t.chars().count() <= MAX_TEXT_ANSWER => vec![AnswerValue::Text(t.to_string())],
                Some(_) => {
                    errors.push(FieldError::new(p, "too_long").arg("max", MAX_TEXT_ANSWER));
                    continue;
                }
                None => {
                    errors.push(FieldError::new(p, "wrong_type").arg("reason", "expected a string"));
                    continue;
                }
            },
            QuestionKind::SingleChoice => match value.as_str() {
                Some(c) if q.options.iter().any(|o| o.key == c) => vec![AnswerValue::Choice(c.to_string())],
                Some(c) => {
                    errors.push(FieldError::new(p, "not_an_option").arg("value", c).arg("options", offered()));
                    continue;
                }
                None => {
                    errors.push(FieldError::new(p, "wrong_type").arg("reason", "expected one option key"));
                    continue;
                }
            },
            QuestionKind::MultipleChoice => {
                let Some(items) = value.as_array() else {
                    errors.push(FieldError::new(p, "wrong_type").arg("reason", "expected a list of option keys"));
                    continue;
                };
                let mut chosen = BTreeSet::new();
                let mut bad = false;
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(c) if q.options.iter().any(|o| o.key == c) => {
                            chosen.insert(c.to_string());
                        }
                        other => {
                            bad = true;
                            errors.push(
                                FieldError::new(format!("{p}/{i}"), "not_an_option")
                                    .arg("value", other.map(str::to_string).unwrap_or_else(|| item.to_string()))
                                    .arg("options", offered()),
                            );
                        }
                    }
                }
                if bad {
                    continue;
                }
                if chosen.is_empty() && q.required {
                    errors.push(FieldError::new(p, "required"));
                    continue;
                }
                chosen.into_iter().map(AnswerValue::Choice).collect()
            }
        };
        out.insert(q.key.clone(), values);
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The day (UTC) in which public responses from one client address to one campaign are counted
/// against ballot stuffing: from its midnight to the next.
pub fn public_response_day(
    now: chrono::DateTime<chrono::Utc>,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    let start = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    (start, start + chrono::Duration::days(1))
}

/// One more public response is refused once an address has given `max` to a campaign that day.
pub fn public_limit_reached(given_today: u64, max: u32) -> bool {
    given_today >= u64::from(max)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn opt(k: &str) -> ChoiceOption {
        ChoiceOption { key: k.into(), text_kk: None, text_ru: Some(format!("Вариант {k}")) }
    }

    fn q(key: &str, kind: QuestionKind, required: bool, options: &[&str]) -> QuestionSpec {
        QuestionSpec {
            key: key.into(),
            kind,
            required,
            text_kk: Some("Сұрақ".into()),
            text_ru: None,
            options: options.iter().map(|o| opt(o)).collect(),
        }
    }

    fn form() -> Vec<QuestionSpec> {
        use QuestionKind::*;
        vec![
            q("satisfaction", Scale, true, &[]),
            q("channel", SingleChoice, true, &["office", "egov"]),
            q("problems", MultipleChoice, false, &["queue", "rude", "fee"]),
            q("minutes", Number, false, &[]),
            q("comment", FreeText, false, &[]),
        ]
    }

    fn pointers(e: Vec<FieldError>) -> Vec<(String, &'static str)> {
        e.into_iter().map(|e| (e.pointer, e.code)).collect()
    }

    #[test]
    fn a_complete_response_is_turned_into_countable_values() {
        let a = json!({"satisfaction": 4, "channel": "egov", "problems": ["queue", "fee", "queue"], "minutes": 35.5,
                       "comment": "  долго ждали "});
        let v = check_response(&form(), a.as_object().unwrap()).unwrap();
        assert_eq!(v["satisfaction"], vec![AnswerValue::Number(4.0)]);
        assert_eq!(v["channel"], vec![AnswerValue::Choice("egov".into())]);
        assert_eq!(v["problems"], vec![AnswerValue::Choice("fee".into()), AnswerValue::Choice("queue".into())]);
        assert_eq!(v["minutes"], vec![AnswerValue::Number(35.5)]);
        assert_eq!(v["comment"], vec![AnswerValue::Text("долго ждали".into())]);
    }

    #[test]
    fn every_problem_points_at_its_question() {
        let a = json!({"satisfaction": 6, "problems": ["queue", "bribe"], "minutes": "many", "extra": 1});
        let e = pointers(check_response(&form(), a.as_object().unwrap()).unwrap_err());
        assert_eq!(
            e,
            vec![
                ("/answers/extra".to_string(), "unknown_question"),
                ("/answers/satisfaction".to_string(), "out_of_range"),
                ("/answers/channel".to_string(), "required"),
                ("/answers/problems/1".to_string(), "not_an_option"),
                ("/answers/minutes".to_string(), "out_of_range"),
            ]
        );
        let e = pointers(
            check_response(&form(), json!({"satisfaction": 3, "channel": "fax"}).as_object().unwrap()).unwrap_err(),
        );
        assert_eq!(e, vec![("/answers/channel".to_string(), "not_an_option")]);
    }

    #[test]
    fn optional_questions_may_be_skipped_or_null() {
        let a = json!({"satisfaction": 1, "channel": "office", "problems": null, "comment": "   "});
        let v = check_response(&form(), a.as_object().unwrap()).unwrap();
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn a_questionnaire_is_checked_whole() {
        use QuestionKind::*;
        let mut bad = vec![
            q("ok", SingleChoice, true, &["a"]),
            q("ok", Scale, false, &["x", "y"]),
            q("Bad Key", FreeText, false, &[]),
            q("multi", MultipleChoice, false, &["a", "a"]),
        ];
        bad[2].text_kk = None;
        let e = pointers(check_questionnaire(&bad));
        assert_eq!(
            e,
            vec![
                ("/questions/0/options".to_string(), "options_required"),
                ("/questions/1/key".to_string(), "duplicate_key"),
                ("/questions/1/options".to_string(), "options_not_allowed"),
                ("/questions/2/key".to_string(), "invalid_key"),
                ("/questions/2".to_string(), "at_least_one_of"),
                ("/questions/3/options/1/key".to_string(), "duplicate_key"),
            ]
        );
        assert!(check_questionnaire(&form()).is_empty());
    }

    #[test]
    fn the_public_limit_counts_one_utc_day() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T23:59:59Z").unwrap().to_utc();
        let (from, to) = public_response_day(now);
        assert_eq!(from.to_rfc3339(), "2026-11-26T00:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-27T00:00:00+00:00");
        assert!(!public_limit_reached(2, 3));
        assert!(public_limit_reached(3, 3));
        assert!(public_limit_reached(0, 0), "0 closes the public survey to every address");
    }
}
