//! Examples of the public services schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for AgencyRef {
    fn example() -> Self {
        Self {
            id: AKIMAT_ASTANA,
            code: s("AKIMAT-ASTANA"),
            name_kk: s("Астана қаласының әкімдігі"),
            name_ru: s("Акимат города Астаны"),
            name_en: s("Akimat of Astana city"),
        }
    }
}

pub(crate) fn minjust() -> AgencyRef {
    AgencyRef {
        id: MINJUST,
        code: s("MINJUST"),
        name_kk: s("Қазақстан Республикасы Әділет министрлігі"),
        name_ru: s("Министерство юстиции Республики Казахстан"),
        name_en: s("Ministry of Justice of the Republic of Kazakhstan"),
    }
}

impl Example for Term {
    fn example() -> Self {
        Self { value: 1, unit: s("working_days") }
    }
}

impl Example for Bylaw {
    fn example() -> Self {
        Self { title: Some(s(BYLAW_TITLE)), number: Some(s("№ 112")), date: Some(day(2015, 2, 25)) }
    }
}

const BYLAW_TITLE: &str = "Правила организации государственной регистрации актов гражданского состояния, внесения в \
                           них изменений, исправлений, дополнений, аннулирования и восстановления актов гражданского \
                           состояния";

impl Example for PublicServiceView {
    fn example() -> Self {
        Self {
            id: SERVICE + 1,
            code: s("ZAGS-02"),
            name_kk: s(MARRIAGE_KK),
            name_ru: s(MARRIAGE_RU),
            name_en: s(MARRIAGE_EN),
            recipients: s("individuals"),
            approving_body: Some(minjust()),
            providers: vec![Example::example()],
            channels: vec![s("provider"), s("egov_portal")],
            forms: vec![s("paper"), s("electronic")],
            paid: true,
            fee_basis: Some(s(STATE_DUTY)),
            bylaw: Example::example(),
            term: Term { value: 30, unit: s("calendar_days") },
            active: true,
            updated_at: at("2026-01-12T03:00:00Z"),
        }
    }
}

const MARRIAGE_KK: &str = "Неке (ерлі-зайыптылық) қиюды мемлекеттік тіркеу, оның ішінде азаматтық хал актілерінің \
                           жазбаларына өзгерістер, толықтырулар мен түзетулер енгізу";

const MARRIAGE_RU: &str = "Государственная регистрация заключения брака (супружества), в том числе внесение изменений, \
                           дополнений и исправлений в записи актов гражданского состояния";

const MARRIAGE_EN: &str = "State registration of marriage, including changes, additions and corrections to civil \
                           status records";

const STATE_DUTY: &str = "state duty under the Tax Code";

impl Example for PublicServiceInput {
    fn example() -> Self {
        Self {
            code: Some(s("ZAGS-02")),
            name_kk: Some(s(MARRIAGE_KK)),
            name_ru: Some(s(MARRIAGE_RU)),
            name_en: Some(s(MARRIAGE_EN)),
            recipients: Some(s("individuals")),
            approving_body_id: Some(MINJUST),
            provider_ids: Some(vec![AKIMAT_ASTANA]),
            channels: Some(vec![s("provider"), s("egov_portal")]),
            forms: Some(vec![s("paper"), s("electronic")]),
            paid: Some(true),
            fee_basis: Some(Some(s(STATE_DUTY))),
            bylaw_title: Some(Some(s(BYLAW_TITLE))),
            bylaw_number: Some(Some(s("№ 112"))),
            bylaw_date: Some(Some(day(2015, 2, 25))),
            term_value: Some(30),
            term_unit: Some(s("calendar_days")),
        }
    }
}
