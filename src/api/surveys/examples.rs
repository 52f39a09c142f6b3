//! Examples of the surveys schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;
use serde_json::json;

use super::*;
use crate::api::common::examples::*;

fn survey_answers() -> BTreeMap<String, serde_json::Value> {
    BTreeMap::from([(s("channel_used"), json!("con")), (s("satisfaction"), json!(4))])
}

impl Example for OptionBody {
    fn example() -> Self {
        Self { key: s("con"), text_kk: Some(s("ХҚКО арқылы")), text_ru: Some(s("Через ЦОН")) }
    }
}

impl Example for OptionView {
    fn example() -> Self {
        Self { key: s("con"), text_kk: Some(s("ХҚКО арқылы")), text_ru: Some(s("Через ЦОН")) }
    }
}

impl Example for QuestionBody {
    fn example() -> Self {
        Self {
            key: s("channel_used"),
            kind: s("single_choice"),
            required: true,
            text_kk: Some(s("Қызметті қалай алдыңыз?")),
            text_ru: Some(s("Как вы получали услугу?")),
            options: vec![
                Example::example(),
                OptionBody {
                    key: s("egov"), text_kk: Some(s("egov.kz арқылы")), text_ru: Some(s("Через egov.kz"))
                },
            ],
        }
    }
}

impl Example for QuestionnaireBody {
    fn example() -> Self {
        Self { questions: vec![Example::example()] }
    }
}

impl Example for QuestionView {
    fn example() -> Self {
        Self {
            key: s("channel_used"),
            kind: s("single_choice"),
            kind_label: s("Один вариант"),
            required: true,
            text_kk: Some(s("Қызметті қалай алдыңыз?")),
            text_ru: Some(s("Как вы получали услугу?")),
            options: vec![
                Example::example(),
                OptionView {
                    key: s("egov"), text_kk: Some(s("egov.kz арқылы")), text_ru: Some(s("Через egov.kz"))
                },
            ],
        }
    }
}

impl Example for QuestionnaireView {
    fn example() -> Self {
        Self { campaign_id: CAMPAIGN, editable: false, questions: vec![Example::example()] }
    }
}

impl Example for ResponseBody {
    fn example() -> Self {
        Self {
            service_id: Some(SERVICE),
            agency_id: Some(GOVCORP),
            region: Some(s(ASTANA_KATO)),
            answers: survey_answers(),
            respondent: Some(Example::example()),
        }
    }
}

impl Example for PublicResponseBody {
    fn example() -> Self {
        Self {
            service_id: Some(SERVICE),
            agency_id: Some(GOVCORP),
            region: Some(s(ASTANA_KATO)),
            answers: survey_answers(),
        }
    }
}

impl Example for ResponseView {
    fn example() -> Self {
        Self {
            id: SURVEY_RESPONSE,
            campaign_id: CAMPAIGN,
            service_id: Some(SERVICE),
            agency_id: Some(GOVCORP),
            region: Some(s(ASTANA_KATO)),
            answers: survey_answers(),
            collector_id: ACCOUNT,
            created_at: at("2026-03-12T08:30:00Z"),
        }
    }
}
