//! Examples of the campaigns schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;
use serde_json::json;

use super::*;
use crate::api::common::examples::*;

const CAMPAIGN_TITLE_KK: &str = "Астанадағы бала тууын тіркеу қызметінің мониторингі, 2026";

const CAMPAIGN_TITLE_RU: &str = "Мониторинг регистрации рождения ребенка в Астане, 2026";

const CAMPAIGN_SUMMARY_KK: &str = "ХҚКО мен egov.kz арқылы бала тууын тіркеу мерзімі мен сапасын тексереміз.";

const CAMPAIGN_SUMMARY_RU: &str = "Проверяем сроки и качество регистрации рождения в ЦОНах и на egov.kz.";

const METHODOLOGY_MD: &str = "Наблюдатели подают заявления в ЦОНах Астаны и на **egov.kz**, фиксируют время \
                              ожидания, срок оказания услуги и истребованные документы.";

const METHODOLOGY_HTML: &str = "<p>Наблюдатели подают заявления в ЦОНах Астаны и на <strong>egov.kz</strong>, \
                                фиксируют время ожидания, срок оказания услуги и истребованные документы.</p>\n";

const ORDER_REFERENCE: &str = "ГСЗ-2026/014";

impl Example for OrderView {
    fn example() -> Self {
        Self { reference: Some(s(ORDER_REFERENCE)), date: Some(day(2026, 2, 16)), customer_id: Some(ASDGS) }
    }
}

impl Example for CampaignView {
    fn example() -> Self {
        Self {
            id: CAMPAIGN,
            state: s("active"),
            state_label: s("Идёт"),
            basis: s("state_social_order"),
            basis_label: s("По государственному социальному заказу"),
            order: Some(Example::example()),
            organization_id: Some(ORGANIZATION),
            owner_account_id: ACCOUNT,
            title_kk: Some(s(CAMPAIGN_TITLE_KK)),
            title_ru: Some(s(CAMPAIGN_TITLE_RU)),
            summary_kk: Some(s(CAMPAIGN_SUMMARY_KK)),
            summary_ru: Some(s(CAMPAIGN_SUMMARY_RU)),
            methodology_md: s(METHODOLOGY_MD),
            methodology_html: s(METHODOLOGY_HTML),
            period_from: day(2026, 3, 1),
            period_to: day(2026, 5, 31),
            service_ids: vec![SERVICE],
            agency_ids: vec![AKIMAT_ASTANA, GOVCORP],
            regions: vec![s(ASTANA_KATO)],
            created_at: at("2026-02-18T10:00:00Z"),
            updated_at: at("2026-03-01T03:00:00Z"),
            activated_at: Some(at("2026-03-01T03:00:00Z")),
            completed_at: Some(at("2026-06-01T12:00:00Z")),
            archived_at: Some(at("2026-09-01T12:00:00Z")),
        }
    }
}

impl Example for NewCampaign {
    fn example() -> Self {
        Self {
            organization_id: Some(ORGANIZATION),
            basis: s("state_social_order"),
            order_reference: Some(s(ORDER_REFERENCE)),
            order_date: Some(day(2026, 2, 16)),
            order_customer_id: Some(ASDGS),
            title_kk: Some(s(CAMPAIGN_TITLE_KK)),
            title_ru: Some(s(CAMPAIGN_TITLE_RU)),
            summary_kk: Some(s(CAMPAIGN_SUMMARY_KK)),
            summary_ru: Some(s(CAMPAIGN_SUMMARY_RU)),
            methodology_md: s(METHODOLOGY_MD),
            period_from: day(2026, 3, 1),
            period_to: day(2026, 5, 31),
            service_ids: vec![SERVICE],
            agency_ids: vec![AKIMAT_ASTANA, GOVCORP],
            regions: vec![s(ASTANA_KATO)],
        }
    }
}

impl Example for CampaignChange {
    fn example() -> Self {
        Self {
            basis: Some(s("state_social_order")),
            order_reference: Some(Some(s(ORDER_REFERENCE))),
            order_date: Some(Some(day(2026, 2, 16))),
            order_customer_id: Some(Some(ASDGS)),
            title_kk: Some(Some(s(CAMPAIGN_TITLE_KK))),
            title_ru: Some(Some(s(CAMPAIGN_TITLE_RU))),
            summary_kk: Some(Some(s(CAMPAIGN_SUMMARY_KK))),
            summary_ru: Some(Some(s(CAMPAIGN_SUMMARY_RU))),
            methodology_md: Some(s(METHODOLOGY_MD)),
            period_from: Some(day(2026, 3, 1)),
            period_to: Some(day(2026, 6, 30)),
            service_ids: Some(vec![SERVICE]),
            agency_ids: Some(vec![AKIMAT_ASTANA, GOVCORP]),
            regions: Some(vec![s(ASTANA_KATO)]),
        }
    }
}

impl Example for TeamMemberView {
    fn example() -> Self {
        Self {
            account_id: ACCOUNT,
            name: Some(s("Асель М.")),
            full_name: None,
            role: s("owner"),
            since: at("2026-02-18T10:00:00Z"),
        }
    }
}

impl Example for NewTeamMember {
    fn example() -> Self {
        Self { account_id: 318 }
    }
}

impl Example for CategoryView {
    fn example() -> Self {
        Self {
            category: s("deadline_breached"),
            form_row: s("3.1"),
            name_kk: s("Мемлекеттік қызмет көрсету мерзімін бұзу"),
            name_ru: s("Нарушение срока оказания услуги"),
            name_en: s("Breach of the service delivery term"),
        }
    }
}

const VIOLATION_NOTE: &str = "Свидетельство о рождении выдано на 4-й рабочий день при сроке 1 рабочий день.";

impl Example for ViolationBody {
    fn example() -> Self {
        Self { category: s("deadline_breached"), note: s(VIOLATION_NOTE) }
    }
}

impl Example for ViolationView {
    fn example() -> Self {
        Self {
            category: s("deadline_breached"),
            category_name: s("Нарушение срока оказания услуги"),
            form_row: s("3.1"),
            note: s(VIOLATION_NOTE),
        }
    }
}

impl Example for RespondentBody {
    fn example() -> Self {
        Self { name: Some(s("Жанар Үлгіқызы")), phone: Some(s("+7 700 000 00 00")), iin: Some(s(IIN)) }
    }
}

impl Example for RespondentView {
    fn example() -> Self {
        Self { name: Some(s("Жанар Үлгіқызы")), phone: Some(s("+7 700 000 00 00")), iin: Some(s(IIN)) }
    }
}

const OBSERVATION_NOTE_MD: &str = "Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с места \
                                   жительства, хотя сведения есть в ГБД ФЛ.";

const OBSERVATION_NOTE_HTML: &str = "<p>Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с \
                                     места жительства, хотя сведения есть в ГБД ФЛ.</p>\n";

const CON_ADDRESS: &str = "г. Астана, район Сарыарка, ул. Жубанова, 1 (ЦОН № 3)";

impl Example for ObservationBody {
    fn example() -> Self {
        Self {
            service_id: SERVICE,
            agency_id: GOVCORP,
            region: Some(s(ASTANA_KATO)),
            address: Some(s(CON_ADDRESS)),
            online: false,
            observed_on: day(2026, 3, 10),
            channel: s("state_corporation"),
            waiting_minutes: Some(38),
            days_taken: Some(4),
            outcome: s("rendered"),
            satisfaction: Some(2),
            note_md: Some(s(OBSERVATION_NOTE_MD)),
            violations: vec![Example::example()],
            respondent: Some(Example::example()),
        }
    }
}

impl Example for TermView {
    fn example() -> Self {
        Self { value: 1, unit: s("working_days") }
    }
}

impl Example for ObservationView {
    fn example() -> Self {
        Self {
            hidden: None,
            id: OBSERVATION,
            campaign_id: CAMPAIGN,
            service_id: SERVICE,
            agency_id: GOVCORP,
            region: Some(s(ASTANA_KATO)),
            online: false,
            address: Some(s(CON_ADDRESS)),
            observed_on: day(2026, 3, 10),
            channel: s("state_corporation"),
            channel_label: s("Госкорпорация (ЦОН)"),
            waiting_minutes: Some(38),
            days_taken: Some(4),
            normative_term: Some(Example::example()),
            term_exceeded: Some(true),
            outcome: s("rendered"),
            outcome_label: s("Оказана"),
            satisfaction: Some(2),
            note_md: s(OBSERVATION_NOTE_MD),
            note_html: s(OBSERVATION_NOTE_HTML),
            violations: vec![Example::example()],
            evidence: vec![Example::example()],
            recorded_by: ACCOUNT,
            created_at: at("2026-03-10T05:01:02Z"),
            updated_at: at("2026-03-10T05:02:44Z"),
        }
    }
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

fn survey_answers() -> BTreeMap<String, serde_json::Value> {
    BTreeMap::from([(s("channel_used"), json!("con")), (s("satisfaction"), json!(4))])
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
