//! Examples of the observations schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

const CON_ADDRESS: &str = "г. Астана, район Сарыарка, ул. Жубанова, 1 (ЦОН № 3)";

const OBSERVATION_NOTE_HTML: &str = "<p>Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с \
                                     места жительства, хотя сведения есть в ГБД ФЛ.</p>\n";

const OBSERVATION_NOTE_MD: &str = "Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с места \
                                   жительства, хотя сведения есть в ГБД ФЛ.";

const VIOLATION_NOTE: &str = "Свидетельство о рождении выдано на 4-й рабочий день при сроке 1 рабочий день.";

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
