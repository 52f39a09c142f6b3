//! Examples of the requests schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::{api::public_services::examples::minjust, markdown::to_html};

const REQUEST_NUMBER: &str = "BQ-2026-000057";

const REQUEST_SUBJECT: &str = "Сроки регистрации рождения в ЦОНах Астаны в 2025 году";

const QUESTIONS_MD: &str = "1. Сколько заявлений о регистрации рождения принято в 2025 году?\n2. В скольких случаях \
                            свидетельство выдано позже срока?";

const ANSWER_MD: &str = "1. Принято 31 402 заявления.\n2. С нарушением срока выдано 212 свидетельств.";

impl Example for CheckMatchView {
    fn example() -> Self {
        Self {
            kind: s("report"),
            title: s(REPORT_TITLE_RU),
            snippet: s(
                "…оказано 412 380 государственных услуг, из них <mark>регистрация</mark> <mark>рождения</mark>…",
            ),
            url: api(&format!("/reports/{REPORT}")),
        }
    }
}

impl Example for PublishedCheckView {
    fn example() -> Self {
        Self {
            id: 301,
            checked_at: at("2026-03-02T05:10:00Z"),
            documents: vec![Example::example()],
            services: vec![CheckMatchView {
                kind: s("service"),
                title: s("ZAGS-01"),
                snippet: s("Баланың тууын мемлекеттік тіркеу"),
                url: api(&format!("/services/{SERVICE}")),
            }],
            similar_requests: vec![CheckMatchView {
                kind: s("request"),
                title: s("Количество зарегистрированных рождений в Астане за 2024 год"),
                snippet: s("Сколько рождений зарегистрировано в 2024 году?"),
                url: api("/requests/21"),
            }],
            agency_website: Some(s("https://www.gov.kz/memleket/entities/astana")),
            stale: false,
        }
    }
}

impl Example for DeadlineRuleView {
    fn example() -> Self {
        Self { unit: s("calendar_days"), days: 15, max_extension_days: 15 }
    }
}

impl Example for RequestView {
    fn example() -> Self {
        Self {
            id: REQUEST,
            number: Some(s(REQUEST_NUMBER)),
            state: s("answered"),
            overdue: false,
            agency: Example::example(),
            requester: s(NGO),
            organization_id: Some(ORGANIZATION),
            language: s("ru"),
            subject: s(REQUEST_SUBJECT),
            questions_md: s(QUESTIONS_MD),
            questions_html: to_html(QUESTIONS_MD),
            service_ids: vec![SERVICE],
            registration_date: Some(day(2026, 3, 2)),
            due_date: Some(day(2026, 3, 17)),
            deadline_rule: Some(Example::example()),
            extended: false,
            forwarded_from: Some(52),
            closed_date: Some(day(2026, 3, 16)),
            refusal_ground: Some(s("not_the_holder")),
            none_of_the_matches_answers: true,
            published_check: Some(Example::example()),
            campaign_id: Some(CAMPAIGN),
            created_at: at("2026-03-02T05:00:00Z"),
        }
    }
}

impl Example for RequestFileView {
    fn example() -> Self {
        Self {
            id: REQUEST_FILE,
            content_type: s("application/pdf"),
            size_bytes: 418_226,
            sha256: s("c4a1e6f0b3d2958a7e1c0b9d8f7a6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5"),
            file_name: Some(s("otvet-BQ-2026-000057.pdf")),
            published: true,
            url: api(&format!("/requests/{REQUEST}/files/{REQUEST_FILE}")),
        }
    }
}

impl Example for TimelineEntry {
    fn example() -> Self {
        Self {
            kind: s("answered"),
            at: at("2026-03-16T09:40:00Z"),
            body_md: Some(s(ANSWER_MD)),
            body_html: Some(to_html(ANSWER_MD)),
            reason: Some(s("Ответ дан в срок.")),
            ground: Some(s("not_the_holder")),
            url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
            due_date: Some(day(2026, 3, 17)),
            linked_request_id: Some(52),
            attachments: vec![Example::example()],
            files: vec![Example::example()],
        }
    }
}

impl Example for NewRequest {
    fn example() -> Self {
        Self {
            agency_id: AKIMAT_ASTANA,
            organization_id: Some(ORGANIZATION),
            language: s("ru"),
            subject: s(REQUEST_SUBJECT),
            questions_md: s(QUESTIONS_MD),
            service_ids: vec![SERVICE],
            campaign_id: Some(CAMPAIGN),
        }
    }
}

impl Example for RequestChange {
    fn example() -> Self {
        Self {
            agency_id: Some(AKIMAT_ASTANA),
            language: Some(s("kk")),
            subject: Some(s("2025 жылы Астананың ХҚКО-да бала тууын тіркеу мерзімдері")),
            questions_md: Some(s(QUESTIONS_MD)),
            service_ids: Some(vec![SERVICE]),
            campaign_id: Some(Some(CAMPAIGN)),
        }
    }
}

impl Example for Submission {
    fn example() -> Self {
        Self { none_of_the_matches_answers: true, no_secrets_sought: true }
    }
}

impl Example for Clarification {
    fn example() -> Self {
        Self {
            questions_md: s("Уточняем: речь о заявлениях, поданных через ЦОНы, без портала egov.kz.")
        }
    }
}

impl Example for Extension {
    fn example() -> Self {
        Self {
            days: Some(10), reason: s("Сведения собираются из пяти районных отделов ЗАГС.")
        }
    }
}

impl Example for AnswerBody {
    fn example() -> Self {
        Self {
            body_md: s(ANSWER_MD),
            partial: false,
            attachments: vec![Example::example()],
            file_ids: vec![REQUEST_FILE],
        }
    }
}

impl Example for Refusal {
    fn example() -> Self {
        Self {
            ground: s("already_published"),
            reason: s("Сведения опубликованы в отчете акимата об оказании государственных услуг за 2025 год."),
            url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
        }
    }
}

impl Example for Forwarding {
    fn example() -> Self {
        Self {
            agency_id: MINJUST,
            reason: s("Сведения о регистрации актов гражданского состояния ведет Министерство юстиции."),
        }
    }
}

impl Example for ForwardResult {
    fn example() -> Self {
        let original = RequestView {
            state: s("forwarded"),
            closed_date: Some(day(2026, 3, 4)),
            refusal_ground: Some(s("not_the_holder")),
            ..Example::example()
        };
        let forwarded = RequestView {
            id: REQUEST + 1,
            number: Some(s("BQ-2026-000058")),
            state: s("submitted"),
            agency: minjust(),
            registration_date: Some(day(2026, 3, 4)),
            due_date: Some(day(2026, 3, 19)),
            forwarded_from: Some(REQUEST),
            closed_date: Some(day(2026, 3, 19)),
            ..Example::example()
        };
        Self { original, forwarded }
    }
}

impl Example for AgencyRequestTable {
    fn example() -> Self {
        Self {
            agency_id: AKIMAT_ASTANA,
            received: 146,
            answered_on_time: 118,
            answered_late: 9,
            open_in_time: 7,
            overdue_now: 2,
            refused_by_ground: BTreeMap::from([(s("already_published"), 4), (s("not_related_to_public_services"), 1)]),
            forwarded: 3,
            withdrawn: 2,
            median_days_to_answer: Some(11.0),
        }
    }
}
