//! Examples for the OpenAPI spec: every schema and every parameter shows one, so a reader sees
//! real shapes before calling. They are invented but plausible records of one story: an NGO
//! monitors how the Akimat of Astana registers births, asks it for information, and publishes a
//! conclusion. Agencies, services and KATO codes are the real ones of `content/`; people and the
//! NGO are made up (their IIN and BIN pass the check digit but belong to nobody we know of).
//! A test checks each example against its own schema.
use std::collections::BTreeMap;

use poem_openapi::types::Example;
use serde_json::json;

use super::{
    agencies, audit, auth, calendar, campaigns, catalog, conclusions, discussions, events, notifications,
    organizations, problems, public_services, reports, requests, search, statistics, webhooks,
};
use crate::{
    domain::conclusions::{SectionKey, template, violations_table},
    error::{Problem, ProblemField},
    i18n::{self, Lang},
    markdown::to_html,
    service::catalog::LICENCE_URL,
};

pub use super::common::examples::*;

// Sign-in.

impl Example for auth::Credentials {
    fn example() -> Self {
        Self { email: s("asel.mysalova@example.kz"), password: s("correct-horse-battery-staple") }
    }
}

impl Example for auth::TokenView {
    fn example() -> Self {
        Self {
            id: TOKEN,
            kind: s("api"),
            name: s("Мониторинг ЦОН: мобильное приложение"),
            scopes: vec![s("read"), s("write")],
            created_at: at("2026-02-02T08:00:00Z"),
            expires_at: Some(at("2026-05-03T08:00:00Z")),
            last_used_at: Some(at("2026-03-16T10:24:51Z")),
            revoked_at: Some(at("2026-03-18T12:00:00Z")),
            current: false,
        }
    }
}

impl Example for auth::IssuedTokenView {
    fn example() -> Self {
        Self {
            token: s("bq_live_8f3c2a9e5d7b41f0a6c3e2d1b9f8a7c6"),
            token_id: TOKEN,
            expires_at: Some(at("2026-05-03T08:00:00Z")),
            scopes: vec![s("read"), s("write")],
        }
    }
}

impl Example for auth::NewApiToken {
    fn example() -> Self {
        Self {
            name: s("Мониторинг ЦОН: мобильное приложение"),
            scopes: vec![s("read"), s("write")],
            expires_in_days: Some(90),
        }
    }
}

impl Example for audit::AuditEntryView {
    fn example() -> Self {
        Self {
            id: 5120,
            actor_id: Some(ACCOUNT),
            action: s("organization.member_role_change"),
            entity_type: s("organization"),
            entity_id: ORGANIZATION.to_string(),
            before: Some(json!({ "account_id": 318, "role": "member" })),
            after: Some(json!({ "account_id": 318, "role": "admin" })),
            request_id: Some(s("01JNZ4K7Q8V2M3T5R6W7X8Y9ZA")),
            at: at("2026-02-10T11:05:33Z"),
        }
    }
}

impl Example for notifications::NotificationView {
    fn example() -> Self {
        Self {
            id: NOTIFICATION,
            kind: s("request_answered"),
            text: s("Госорган ответил на ваш запрос BQ-2026-000057."),
            request_id: Some(REQUEST),
            url: Some(api(&format!("/requests/{REQUEST}"))),
            created_at: at("2026-03-20T04:12:00Z"),
            read_at: Some(at("2026-03-20T05:01:17Z")),
        }
    }
}

// Organisations.

impl Example for organizations::OrganizationView {
    fn example() -> Self {
        Self {
            id: ORGANIZATION,
            name: s(NGO),
            bin: s(BIN),
            website: Some(s("https://adal-qyzmet.example.kz")),
            member_count: 6,
            created_at: at("2026-01-20T09:30:00Z"),
        }
    }
}

impl Example for organizations::NewOrganization {
    fn example() -> Self {
        Self { name: s(NGO), bin: s(BIN), website: Some(s("https://adal-qyzmet.example.kz")) }
    }
}

impl Example for organizations::MemberView {
    fn example() -> Self {
        Self {
            account_id: ACCOUNT, display_name: s("Асель М."), role: s("admin"), since: at("2026-01-20T09:30:00Z")
        }
    }
}

impl Example for organizations::NewInvitation {
    fn example() -> Self {
        Self { email: s("daniyar.mysalov@example.kz"), role: s("member") }
    }
}

impl Example for organizations::InvitationView {
    fn example() -> Self {
        Self {
            id: INVITATION,
            organization_id: ORGANIZATION,
            email: s("daniyar.mysalov@example.kz"),
            role: s("member"),
            status: s("accepted"),
            created_at: at("2026-01-21T07:00:00Z"),
            decided_at: Some(at("2026-01-22T13:45:00Z")),
        }
    }
}

impl Example for organizations::RoleChange {
    fn example() -> Self {
        Self { role: s("admin") }
    }
}

// Agencies and the registry of public services.

impl Example for agencies::AgencyView {
    fn example() -> Self {
        Self {
            id: 232,
            code: s("AKIM-AKM-BURABAY-SHCHUCHINSK"),
            kind: s("town_akimat"),
            parent_id: Some(AKIMAT_BURABAY),
            region: Some(s("117020000")),
            name_kk: s("Бурабай ауданы Щучинск қаласы әкімінің аппараты"),
            name_ru: s("Аппарат акима города Щучинска Бурабайского района"),
            name_en: s("Office of the Akim of Shchuchinsk town, Burabay District"),
            website: Some(s("https://www.gov.kz/memleket/entities/akmo")),
            email: Some(s("shchuchinsk.akimat@example.kz")),
            active: true,
            updated_at: at("2026-01-12T03:00:00Z"),
        }
    }
}

impl Example for agencies::AgencyInput {
    fn example() -> Self {
        Self {
            code: Some(s("AKIM-AKM-BURABAY-SHCHUCHINSK")),
            kind: Some(s("town_akimat")),
            parent_id: Some(Some(AKIMAT_BURABAY)),
            region: Some(Some(s("117020000"))),
            name_kk: Some(s("Бурабай ауданы Щучинск қаласы әкімінің аппараты")),
            name_ru: Some(s("Аппарат акима города Щучинска Бурабайского района")),
            name_en: Some(s("Office of the Akim of Shchuchinsk town, Burabay District")),
            website: Some(Some(s("https://www.gov.kz/memleket/entities/akmo"))),
            email: Some(Some(s("shchuchinsk.akimat@example.kz"))),
        }
    }
}

impl Example for agencies::RegionView {
    fn example() -> Self {
        Self {
            code: s("111000000"),
            parent: Some(s("110000000")),
            kind: s("city_oblast"),
            name_kk: s("Көкшетау қаласы"),
            name_ru: s("город Кокшетау"),
            name_en: s("Kokshetau"),
        }
    }
}

impl Example for public_services::AgencyRef {
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

fn minjust() -> public_services::AgencyRef {
    public_services::AgencyRef {
        id: MINJUST,
        code: s("MINJUST"),
        name_kk: s("Қазақстан Республикасы Әділет министрлігі"),
        name_ru: s("Министерство юстиции Республики Казахстан"),
        name_en: s("Ministry of Justice of the Republic of Kazakhstan"),
    }
}

impl Example for public_services::Term {
    fn example() -> Self {
        Self { value: 1, unit: s("working_days") }
    }
}

impl Example for public_services::Bylaw {
    fn example() -> Self {
        Self { title: Some(s(BYLAW_TITLE)), number: Some(s("№ 112")), date: Some(day(2015, 2, 25)) }
    }
}

const BYLAW_TITLE: &str = "Правила организации государственной регистрации актов гражданского состояния, внесения в \
                           них изменений, исправлений, дополнений, аннулирования и восстановления актов гражданского \
                           состояния";

impl Example for public_services::PublicServiceView {
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
            term: public_services::Term { value: 30, unit: s("calendar_days") },
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

impl Example for public_services::PublicServiceInput {
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

// The working-day calendar.

impl Example for calendar::DayOffView {
    fn example() -> Self {
        Self {
            date: day(2026, 3, 23),
            reason: s("moved_holiday"),
            holiday: Some(s("nauryz")),
            name: Some(s("Наурыз мейрамы")),
            moved_from: Some(day(2026, 3, 21)),
            instead_of: Some(day(2026, 3, 21)),
        }
    }
}

impl Example for calendar::WorkingWeekendDayView {
    fn example() -> Self {
        Self { date: day(2026, 1, 3), instead_of: Some(day(2026, 1, 2)) }
    }
}

impl Example for calendar::CalendarYearView {
    fn example() -> Self {
        Self {
            year: 2026,
            source: s("published"),
            note: Some(s("Календарь на 2026 год утверждён постановлением Правительства.")),
            weekend: vec![s("sat"), s("sun")],
            days_off: vec![Example::example()],
            working_weekend_days: vec![Example::example()],
            working_days: 247,
            kurban_ait_provisional: false,
        }
    }
}

impl Example for calendar::DeadlineView {
    fn example() -> Self {
        Self {
            from: day(2026, 3, 2),
            rule: s("working_days"),
            days: 15,
            deadline: day(2026, 3, 25),
            published_calendar: true,
        }
    }
}

impl Example for calendar::WorkingDaysView {
    fn example() -> Self {
        Self { from: day(2026, 3, 2), to: day(2026, 3, 31), working_days: 18 }
    }
}

// Monitoring campaigns, observations, evidence, questionnaires and their statistics.

const CAMPAIGN_TITLE_KK: &str = "Астанадағы бала тууын тіркеу қызметінің мониторингі, 2026";
const CAMPAIGN_TITLE_RU: &str = "Мониторинг регистрации рождения ребенка в Астане, 2026";
const CAMPAIGN_SUMMARY_KK: &str = "ХҚКО мен egov.kz арқылы бала тууын тіркеу мерзімі мен сапасын тексереміз.";
const CAMPAIGN_SUMMARY_RU: &str = "Проверяем сроки и качество регистрации рождения в ЦОНах и на egov.kz.";
const METHODOLOGY_MD: &str = "Наблюдатели подают заявления в ЦОНах Астаны и на **egov.kz**, фиксируют время \
                              ожидания, срок оказания услуги и истребованные документы.";
const METHODOLOGY_HTML: &str = "<p>Наблюдатели подают заявления в ЦОНах Астаны и на <strong>egov.kz</strong>, \
                                фиксируют время ожидания, срок оказания услуги и истребованные документы.</p>\n";
const ORDER_REFERENCE: &str = "ГСЗ-2026/014";

impl Example for campaigns::OrderView {
    fn example() -> Self {
        Self { reference: Some(s(ORDER_REFERENCE)), date: Some(day(2026, 2, 16)), customer_id: Some(ASDGS) }
    }
}

impl Example for campaigns::CampaignView {
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

impl Example for campaigns::NewCampaign {
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

impl Example for campaigns::CampaignChange {
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

impl Example for campaigns::TeamMemberView {
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

impl Example for campaigns::NewTeamMember {
    fn example() -> Self {
        Self { account_id: 318 }
    }
}

impl Example for campaigns::CategoryView {
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

impl Example for campaigns::ViolationBody {
    fn example() -> Self {
        Self { category: s("deadline_breached"), note: s(VIOLATION_NOTE) }
    }
}

impl Example for campaigns::ViolationView {
    fn example() -> Self {
        Self {
            category: s("deadline_breached"),
            category_name: s("Нарушение срока оказания услуги"),
            form_row: s("3.1"),
            note: s(VIOLATION_NOTE),
        }
    }
}

impl Example for campaigns::RespondentBody {
    fn example() -> Self {
        Self { name: Some(s("Жанар Үлгіқызы")), phone: Some(s("+7 700 000 00 00")), iin: Some(s(IIN)) }
    }
}

impl Example for campaigns::RespondentView {
    fn example() -> Self {
        Self { name: Some(s("Жанар Үлгіқызы")), phone: Some(s("+7 700 000 00 00")), iin: Some(s(IIN)) }
    }
}

const OBSERVATION_NOTE_MD: &str = "Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с места \
                                   жительства, хотя сведения есть в ГБД ФЛ.";
const OBSERVATION_NOTE_HTML: &str = "<p>Очередь в ЦОН № 3, талон выдан в 09:12, приём в 09:50. Запросили справку с \
                                     места жительства, хотя сведения есть в ГБД ФЛ.</p>\n";
const CON_ADDRESS: &str = "г. Астана, район Сарыарка, ул. Жубанова, 1 (ЦОН № 3)";

impl Example for campaigns::ObservationBody {
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

impl Example for campaigns::TermView {
    fn example() -> Self {
        Self { value: 1, unit: s("working_days") }
    }
}

impl Example for campaigns::ObservationView {
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

impl Example for campaigns::OptionBody {
    fn example() -> Self {
        Self { key: s("con"), text_kk: Some(s("ХҚКО арқылы")), text_ru: Some(s("Через ЦОН")) }
    }
}

impl Example for campaigns::OptionView {
    fn example() -> Self {
        Self { key: s("con"), text_kk: Some(s("ХҚКО арқылы")), text_ru: Some(s("Через ЦОН")) }
    }
}

impl Example for campaigns::QuestionBody {
    fn example() -> Self {
        Self {
            key: s("channel_used"),
            kind: s("single_choice"),
            required: true,
            text_kk: Some(s("Қызметті қалай алдыңыз?")),
            text_ru: Some(s("Как вы получали услугу?")),
            options: vec![
                Example::example(),
                campaigns::OptionBody {
                    key: s("egov"),
                    text_kk: Some(s("egov.kz арқылы")),
                    text_ru: Some(s("Через egov.kz")),
                },
            ],
        }
    }
}

impl Example for campaigns::QuestionnaireBody {
    fn example() -> Self {
        Self { questions: vec![Example::example()] }
    }
}

impl Example for campaigns::QuestionView {
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
                campaigns::OptionView {
                    key: s("egov"),
                    text_kk: Some(s("egov.kz арқылы")),
                    text_ru: Some(s("Через egov.kz")),
                },
            ],
        }
    }
}

impl Example for campaigns::QuestionnaireView {
    fn example() -> Self {
        Self { campaign_id: CAMPAIGN, editable: false, questions: vec![Example::example()] }
    }
}

fn survey_answers() -> BTreeMap<String, serde_json::Value> {
    BTreeMap::from([(s("channel_used"), json!("con")), (s("satisfaction"), json!(4))])
}

impl Example for campaigns::ResponseBody {
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

impl Example for campaigns::ResponseView {
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

impl Example for campaigns::ShareView {
    fn example() -> Self {
        Self { count: 9, share: 0.375 }
    }
}

impl Example for campaigns::SatisfactionView {
    fn example() -> Self {
        Self {
            count: 22,
            mean: Some(3.1818),
            distribution: BTreeMap::from([(s("1"), 2), (s("2"), 5), (s("3"), 6), (s("4"), 5), (s("5"), 4)]),
        }
    }
}

impl Example for campaigns::WaitingView {
    fn example() -> Self {
        Self { count: 21, median: Some(24.0), p90: Some(55.0) }
    }
}

impl Example for campaigns::TermStatsView {
    fn example() -> Self {
        Self { count: 20, exceeded: 7, share: Some(0.35) }
    }
}

impl Example for campaigns::ObservationStatsView {
    fn example() -> Self {
        Self {
            key: s(ASTANA_KATO),
            label: Some(s("город Астана")),
            observations: 24,
            outcomes: BTreeMap::from([
                (s("rendered"), campaigns::ShareView { count: 20, share: 0.8333 }),
                (s("refused"), campaigns::ShareView { count: 4, share: 0.1667 }),
            ]),
            satisfaction: Example::example(),
            waiting_minutes: Example::example(),
            term: Example::example(),
            violations: BTreeMap::from([(s("deadline_breached"), Example::example())]),
        }
    }
}

impl Example for campaigns::ObservationStatistics {
    fn example() -> Self {
        Self { by: s("region"), groups: vec![Example::example()] }
    }
}

impl Example for campaigns::QuestionStatsView {
    fn example() -> Self {
        Self {
            key: s("satisfaction"),
            kind: s("scale"),
            text_kk: Some(s("Қызмет сапасына қаншалықты ризасыз?")),
            text_ru: Some(s("Насколько вы довольны качеством услуги?")),
            answered: 40,
            distribution: BTreeMap::from([
                (s("1"), campaigns::ShareView { count: 3, share: 0.075 }),
                (s("2"), campaigns::ShareView { count: 6, share: 0.15 }),
                (s("3"), campaigns::ShareView { count: 9, share: 0.225 }),
                (s("4"), campaigns::ShareView { count: 14, share: 0.35 }),
                (s("5"), campaigns::ShareView { count: 8, share: 0.2 }),
            ]),
            mean: Some(3.45),
            min: Some(1.0),
            max: Some(5.0),
        }
    }
}

impl Example for campaigns::SurveyGroupView {
    fn example() -> Self {
        Self {
            key: s(ASTANA_KATO), label: Some(s("город Астана")), responses: 41, questions: vec![Example::example()]
        }
    }
}

impl Example for campaigns::SurveyStatistics {
    fn example() -> Self {
        Self { by: s("region"), groups: vec![Example::example()] }
    }
}

// Conclusions and the agencies' measures on them.

const CONCLUSION_TITLE: &str = "Заключение по итогам мониторинга регистрации рождения ребенка в Астане";
const COMPLIANCE_MD: &str = "В 7 из 20 наблюдений свидетельство выдано позже срока в 1 рабочий день [obs:153].";
const RECOMMENDATIONS_MD: &str =
    "1. Выдавать свидетельство о рождении в день обращения.\n2. Не требовать справку с места жительства.";
const QUALITY_MD: &str = "Перевести регистрацию рождения в проактивный формат для всех родильных домов Астаны.";
const BYLAW_MD: &str = "Дополнить Правила № 112 запретом истребовать сведения, имеющиеся в ГБД ФЛ.";
const PREAMBLE_MD: &str = "Мониторинг проведён ОФ «Адал қызмет» с 1 марта по 31 мая 2026 года.";

fn ru_section(key: SectionKey, md: &str) -> conclusions::SectionView {
    conclusions::SectionView { key: s(key.as_str()), title: key.title(Lang::Ru), markdown: s(md), html: to_html(md) }
}

fn ru_sections() -> Vec<conclusions::SectionView> {
    vec![
        ru_section(SectionKey::Compliance, COMPLIANCE_MD),
        ru_section(SectionKey::Recommendations, RECOMMENDATIONS_MD),
        ru_section(SectionKey::QualityProposals, QUALITY_MD),
        ru_section(SectionKey::BylawProposals, BYLAW_MD),
    ]
}

fn ru_document() -> String {
    let mut doc = format!("{PREAMBLE_MD}\n\n");
    for section in ru_sections() {
        doc.push_str(&format!("## {}\n\n{}\n\n", section.title, section.markdown));
    }
    doc
}

fn section_fields() -> BTreeMap<String, String> {
    BTreeMap::from([
        (s("compliance"), s(COMPLIANCE_MD)),
        (s("recommendations"), s(RECOMMENDATIONS_MD)),
        (s("quality_proposals"), s(QUALITY_MD)),
        (s("bylaw_proposals"), s(BYLAW_MD)),
    ])
}

impl Example for conclusions::TemplateView {
    fn example() -> Self {
        Self { language: s("ru"), markdown: template(Lang::Ru) }
    }
}

impl Example for conclusions::SectionView {
    fn example() -> Self {
        ru_section(SectionKey::Recommendations, RECOMMENDATIONS_MD)
    }
}

impl Example for conclusions::ObservationLink {
    fn example() -> Self {
        Self { id: OBSERVATION, url: api(&format!("/campaigns/{CAMPAIGN}/observations/{OBSERVATION}")) }
    }
}

impl Example for conclusions::ItemView {
    fn example() -> Self {
        let text = "Не требовать справку с места жительства.";
        Self {
            key: s("recommendations.2"),
            section: s("recommendations"),
            number: 2,
            text_md: s(text),
            text_html: to_html(text),
        }
    }
}

impl Example for conclusions::ConclusionView {
    fn example() -> Self {
        Self {
            hidden: None,
            id: CONCLUSION,
            campaign_id: CAMPAIGN,
            title: s(CONCLUSION_TITLE),
            language: s("ru"),
            state: s("published"),
            state_label: s("Опубликовано"),
            agency_ids: vec![AKIMAT_ASTANA, GOVCORP],
            authorized_body_ids: vec![ASDGS],
            revision: 2,
            revision_kind: s("correction"),
            correction_reason: Some(s("Исправлено число наблюдений с нарушением срока: 7, а не 8.")),
            preamble_md: Some(s(PREAMBLE_MD)),
            preamble_html: Some(to_html(PREAMBLE_MD)),
            sections: ru_sections(),
            missing_sections: vec![],
            document_md: ru_document(),
            observations: vec![Example::example()],
            items: vec![Example::example()],
            created_by: ACCOUNT,
            created_at: at("2026-06-02T04:00:00Z"),
            updated_at: at("2026-06-20T09:30:00Z"),
            submitted_at: Some(at("2026-06-10T06:00:00Z")),
            published_at: Some(at("2026-06-15T06:00:00Z")),
        }
    }
}

impl Example for conclusions::ConclusionSummary {
    fn example() -> Self {
        Self {
            id: CONCLUSION,
            campaign_id: CAMPAIGN,
            title: s(CONCLUSION_TITLE),
            language: s("ru"),
            state: s("published"),
            agency_ids: vec![AKIMAT_ASTANA, GOVCORP],
            revision: 2,
            created_at: at("2026-06-02T04:00:00Z"),
            updated_at: at("2026-06-20T09:30:00Z"),
            submitted_at: Some(at("2026-06-10T06:00:00Z")),
            published_at: Some(at("2026-06-15T06:00:00Z")),
        }
    }
}

impl Example for conclusions::ConclusionRevisionView {
    fn example() -> Self {
        Self {
            number: 2,
            kind: s("correction"),
            kind_label: s("Исправление"),
            reason: Some(s("Исправлено число наблюдений с нарушением срока: 7, а не 8.")),
            title: s(CONCLUSION_TITLE),
            preamble_md: Some(s(PREAMBLE_MD)),
            preamble_html: Some(to_html(PREAMBLE_MD)),
            sections: ru_sections(),
            document_md: ru_document(),
            created_by: ACCOUNT,
            created_at: at("2026-06-20T09:30:00Z"),
        }
    }
}

impl Example for conclusions::DiffLineView {
    fn example() -> Self {
        Self { tag: s("insert"), old_line: Some(4), new_line: Some(4), text: s(COMPLIANCE_MD) }
    }
}

impl Example for conclusions::HunkView {
    fn example() -> Self {
        Self {
            old_start: 3,
            old_lines: 3,
            new_start: 3,
            new_lines: 3,
            lines: vec![
                conclusions::DiffLineView {
                    tag: s("equal"),
                    old_line: Some(3),
                    new_line: Some(3),
                    text: s("## Соблюдение законодательства о государственных услугах"),
                },
                conclusions::DiffLineView {
                    tag: s("delete"),
                    old_line: Some(4),
                    new_line: Some(4),
                    text: s("В 8 из 20 наблюдений свидетельство выдано позже срока в 1 рабочий день [obs:153]."),
                },
                Example::example(),
            ],
        }
    }
}

impl Example for conclusions::DiffView {
    fn example() -> Self {
        Self { from: 1, to: 2, inserted: 1, deleted: 1, hunks: vec![Example::example()] }
    }
}

impl Example for conclusions::ViolationsTableView {
    fn example() -> Self {
        let markdown = violations_table(
            Lang::Ru,
            [
                ("Акимат города Астаны", "deadline_breached", 7),
                ("Акимат города Астаны", "documents_from_information_systems", 3),
            ],
            |c| i18n::text(Lang::Ru, &format!("violations.{c}")),
        );
        Self { html: to_html(&markdown), markdown }
    }
}

impl Example for conclusions::NewConclusionBody {
    fn example() -> Self {
        Self {
            campaign_id: CAMPAIGN,
            title: s(CONCLUSION_TITLE),
            language: Some(s("ru")),
            agency_ids: vec![AKIMAT_ASTANA, GOVCORP],
            document_md: Some(ru_document()),
            preamble: Some(s(PREAMBLE_MD)),
            sections: Some(section_fields()),
            insert_violations_table: true,
        }
    }
}

impl Example for conclusions::ConclusionChangeBody {
    fn example() -> Self {
        Self {
            title: Some(s(CONCLUSION_TITLE)),
            agency_ids: Some(vec![AKIMAT_ASTANA, GOVCORP]),
            document_md: Some(ru_document()),
            preamble: Some(s(PREAMBLE_MD)),
            sections: Some(section_fields()),
            insert_violations_table: false,
        }
    }
}

impl Example for conclusions::CorrectionBody {
    fn example() -> Self {
        Self {
            reason: s("Исправлено число наблюдений с нарушением срока: 7, а не 8."),
            title: Some(s(CONCLUSION_TITLE)),
            document_md: Some(ru_document()),
            preamble: Some(s(PREAMBLE_MD)),
            sections: Some(section_fields()),
            insert_violations_table: false,
        }
    }
}

const MEASURE_MD: &str = "Приказом руководителя управления от 1 июля 2026 года № 45 отменено истребование справки с \
                          места жительства; сведения запрашиваются из ГБД ФЛ.";

impl Example for conclusions::MeasureAttachmentBody {
    fn example() -> Self {
        Self {
            title: s("Приказ № 45 от 1 июля 2026 года"),
            url: s("https://www.gov.kz/memleket/entities/astana/documents"),
        }
    }
}

impl Example for conclusions::MeasureAttachmentView {
    fn example() -> Self {
        Self {
            title: s("Приказ № 45 от 1 июля 2026 года"),
            url: s("https://www.gov.kz/memleket/entities/astana/documents"),
        }
    }
}

impl Example for conclusions::MeasureBody {
    fn example() -> Self {
        Self {
            item: s("recommendations.2"),
            status: s("done"),
            reason: Some(s("Исполнено до истечения срока рассмотрения заключения.")),
            text_md: Some(s(MEASURE_MD)),
            attachments: vec![Example::example()],
        }
    }
}

impl Example for conclusions::MeasureChangeBody {
    fn example() -> Self {
        Self {
            status: Some(s("rejected")),
            reason: Some(Some(s("Срок выдачи свидетельства установлен Правилами № 112; акимат его не меняет."))),
            text_md: Some(s("Рекомендация направлена в Министерство юстиции Республики Казахстан.")),
            attachments: Some(vec![Example::example()]),
        }
    }
}

impl Example for conclusions::MeasureView {
    fn example() -> Self {
        Self {
            id: MEASURE,
            conclusion_id: CONCLUSION,
            agency_id: AKIMAT_ASTANA,
            item: s("recommendations.2"),
            status: s("done"),
            status_label: s("Исполнено"),
            reason: Some(s("Исполнено до истечения срока рассмотрения заключения.")),
            text_md: s(MEASURE_MD),
            text_html: to_html(MEASURE_MD),
            attachments: vec![Example::example()],
            created_by: OFFICER,
            created_at: at("2026-07-02T05:00:00Z"),
            updated_at: at("2026-07-02T05:00:00Z"),
            editable_until: at("2026-07-09T05:00:00Z"),
        }
    }
}

impl Example for conclusions::ScoreView {
    fn example() -> Self {
        Self { agency_id: AKIMAT_ASTANA, accepted: 1, in_progress: 1, done: 1, rejected: 1, ignored: 1 }
    }
}

impl Example for conclusions::ScorecardView {
    fn example() -> Self {
        Self {
            conclusion_id: CONCLUSION,
            items: vec![s("recommendations.1"), s("recommendations.2")],
            agencies: vec![conclusions::ScoreView {
                agency_id: AKIMAT_ASTANA,
                accepted: 0,
                in_progress: 1,
                done: 1,
                rejected: 0,
                ignored: 0,
            }],
        }
    }
}

impl Example for conclusions::ConclusionScoreView {
    fn example() -> Self {
        Self { conclusion_id: CONCLUSION, title: s(CONCLUSION_TITLE), score: Example::example() }
    }
}

impl Example for conclusions::AgencyMeasuresView {
    fn example() -> Self {
        Self { agency_id: AKIMAT_ASTANA, totals: Example::example(), conclusions: vec![Example::example()] }
    }
}

// Public discussions of draft acts and annual reports.

const REPORT_TITLE_KK: &str = "Астана қаласы әкімдігінің 2025 жылғы мемлекеттік қызметтер көрсету туралы есебі";
const REPORT_TITLE_RU: &str = "Отчет акимата города Астаны об оказании государственных услуг за 2025 год";
const CLAUSE_MD: &str = "В 2025 году акиматом оказано 412 380 государственных услуг, из них 91 % в электронной форме.";
const PROPOSAL_MD: &str = "Укажите, сколько из 412 380 услуг оказано с нарушением срока, по видам услуг.";
const REPLACEMENT: &str = "В 2025 году акиматом оказано 412 380 государственных услуг, из них 91 % в электронной \
                           форме; с нарушением срока — 1 204 (0,3 %).";

impl Example for discussions::ClauseView {
    fn example() -> Self {
        Self { anchor: s("c3"), number: 3, text_md: s(CLAUSE_MD), text_html: to_html(CLAUSE_MD) }
    }
}

impl Example for discussions::VersionView {
    fn example() -> Self {
        Self {
            number: 1,
            text_md: s(CLAUSE_MD),
            clauses: vec![Example::example()],
            note: Some(s("Первоначальная редакция отчета.")),
            created_at: at("2026-04-01T04:00:00Z"),
        }
    }
}

impl Example for discussions::DiscussionView {
    fn example() -> Self {
        Self {
            id: DISCUSSION,
            agency: Example::example(),
            subject: s("report"),
            report_id: Some(REPORT),
            title_kk: s(REPORT_TITLE_KK),
            title_ru: s(REPORT_TITLE_RU),
            service_ids: vec![SERVICE],
            opens_at: at("2026-04-01T04:00:00Z"),
            closes_at: at("2026-04-15T13:00:00Z"),
            opens_at_local: s("2026-04-01T09:00:00+05:00"),
            closes_at_local: s("2026-04-15T18:00:00+05:00"),
            status: s("closed"),
            current_version: Example::example(),
            notice_published: true,
        }
    }
}

impl Example for discussions::CommentView {
    fn example() -> Self {
        Self {
            hidden: None,
            id: COMMENT,
            discussion_id: DISCUSSION,
            version: 1,
            anchor: Some(s("c3")),
            source: s(NGO),
            organization_id: Some(ORGANIZATION),
            proposal_md: s(PROPOSAL_MD),
            proposal_html: to_html(PROPOSAL_MD),
            replacement_text: Some(s(REPLACEMENT)),
            decision: Some(s("partially_accepted")),
            decision_reason: Some(s(
                "Данные о нарушениях сроков добавлены общей цифрой; по видам услуг — в приложении.",
            )),
            created_at: at("2026-04-03T07:20:00Z"),
            updated_at: at("2026-04-16T05:00:00Z"),
        }
    }
}

impl Example for discussions::CommentRevisionView {
    fn example() -> Self {
        Self {
            proposal_md: s("Укажите, сколько услуг оказано с нарушением срока."),
            replacement_text: Some(s(REPLACEMENT)),
            written_at: at("2026-04-03T07:20:00Z"),
        }
    }
}

impl Example for discussions::ClauseChangeView {
    fn example() -> Self {
        Self {
            anchor: s("c3"),
            status: s("changed"),
            old: Some(Example::example()),
            new: Some(discussions::ClauseView {
                anchor: s("c3"),
                number: 3,
                text_md: s(REPLACEMENT),
                text_html: to_html(REPLACEMENT),
            }),
        }
    }
}

impl Example for discussions::NoticeItemView {
    fn example() -> Self {
        Self {
            comment_id: COMMENT,
            clause_anchor: Some(s("c3")),
            clause_number: Some(3),
            brief: s(PROPOSAL_MD),
            source: s(NGO),
            decision: s("partially_accepted"),
            reason: Some(s("Данные о нарушениях сроков добавлены общей цифрой; по видам услуг — в приложении.")),
        }
    }
}

impl Example for discussions::NoticeView {
    fn example() -> Self {
        Self {
            discussion_id: DISCUSSION,
            agency: s("Акимат города Астаны"),
            title_kk: s(REPORT_TITLE_KK),
            title_ru: s(REPORT_TITLE_RU),
            opened_at: at("2026-04-01T04:00:00Z"),
            closed_at: at("2026-04-15T13:00:00Z"),
            items: vec![Example::example()],
            totals: BTreeMap::from([
                (s("accepted"), 3),
                (s("partially_accepted"), 1),
                (s("rejected"), 1),
                (s("not_considered"), 0),
            ]),
            revised_version: 2,
            revised_text_url: api(&format!("/discussions/{DISCUSSION}/versions/2")),
            published_at: at("2026-04-20T06:00:00Z"),
        }
    }
}

impl Example for discussions::AgencyDiscussionFigures {
    fn example() -> Self {
        Self {
            agency_id: AKIMAT_ASTANA,
            discussions_held: 4,
            comments_received: 37,
            comments_accepted: 12,
            comments_partially_accepted: 6,
            share_accepted: Some(0.4865),
            median_days_close_to_notice: Some(5.0),
        }
    }
}

impl Example for discussions::NewDiscussion {
    fn example() -> Self {
        Self {
            subject: s("report"),
            report_id: Some(REPORT),
            title_kk: s(REPORT_TITLE_KK),
            title_ru: s(REPORT_TITLE_RU),
            service_ids: vec![SERVICE],
            text_md: Some(s(CLAUSE_MD)),
            opens_at: at("2026-04-01T04:00:00Z"),
            closes_at: at("2026-04-15T13:00:00Z"),
        }
    }
}

impl Example for discussions::NewVersion {
    fn example() -> Self {
        Self {
            text_md: s(REPLACEMENT), note: Some(s("Учтены замечания по итогам обсуждения."))
        }
    }
}

impl Example for discussions::NewComment {
    fn example() -> Self {
        Self {
            anchor: Some(s("c3")),
            organization_id: Some(ORGANIZATION),
            proposal_md: s(PROPOSAL_MD),
            replacement_text: Some(s(REPLACEMENT)),
        }
    }
}

impl Example for discussions::CommentEdit {
    fn example() -> Self {
        Self { proposal_md: s(PROPOSAL_MD), replacement_text: Some(s(REPLACEMENT)) }
    }
}

impl Example for discussions::DecisionBody {
    fn example() -> Self {
        Self {
            decision: s("partially_accepted"),
            reason: Some(s("Данные о нарушениях сроков добавлены общей цифрой; по видам услуг — в приложении.")),
        }
    }
}

// Annual reports.

const REPORT_MD: &str = "## Общие сведения\n\nВ 2025 году акиматом оказано 412 380 государственных услуг.";

impl Example for reports::ViolationCount {
    fn example() -> Self {
        Self {
            category: s("deadline_breached"),
            form_row: s("3.1"),
            name: s("Нарушение срока оказания услуги"),
            count: 1204,
        }
    }
}

impl Example for reports::FigureTotals {
    fn example() -> Self {
        Self {
            services_total: 412_380,
            services_individuals: 389_015,
            services_legal: 23_365,
            services_paper: 37_114,
            services_electronic: 375_266,
            services_govcorp: 120_540,
            violations_total: 1_291,
        }
    }
}

impl Example for reports::FiguresView {
    fn example() -> Self {
        Self {
            services_paper_individuals: 35_020,
            services_paper_legal: 2_094,
            services_electronic_individuals: 353_995,
            services_electronic_legal: 21_271,
            services_govcorp_individuals: 118_730,
            services_govcorp_legal: 1_810,
            refusals: 2_407,
            complaints_received: 164,
            complaints_satisfied: 41,
            disciplinary_measures: 9,
            recommendations_issued: 12,
            recommendations_fulfilled: 10,
            violations: vec![
                Example::example(),
                reports::ViolationCount {
                    category: s("documents_from_information_systems"),
                    form_row: s("3.5"),
                    name: s("Истребованы документы, которые можно получить из информационных систем"),
                    count: 87,
                },
            ],
            totals: Example::example(),
        }
    }
}

impl Example for reports::AttachmentView {
    fn example() -> Self {
        Self {
            title: s("Форма 1-мк за 2025 год"), url: s("https://www.gov.kz/memleket/entities/astana/documents")
        }
    }
}

impl Example for reports::ReportSummary {
    fn example() -> Self {
        Self {
            id: REPORT,
            agency_id: AKIMAT_ASTANA,
            year: 2025,
            language: s("ru"),
            title: s(REPORT_TITLE_RU),
            revision: 1,
            published_on: Some(day(2026, 3, 30)),
            demo: false,
            updated_at: at("2026-03-30T06:00:00Z"),
        }
    }
}

impl Example for reports::ReportView {
    fn example() -> Self {
        Self {
            id: REPORT,
            agency: Example::example(),
            year: 2025,
            language: s("ru"),
            title: s(REPORT_TITLE_RU),
            revision: 1,
            body_md: s(REPORT_MD),
            body_html: to_html(REPORT_MD),
            source_url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
            published_on: Some(day(2026, 3, 30)),
            demo: false,
            figures: Example::example(),
            attachments: vec![Example::example()],
            created_at: at("2026-03-30T06:00:00Z"),
            updated_at: at("2026-03-30T06:00:00Z"),
        }
    }
}

impl Example for reports::RevisionView {
    fn example() -> Self {
        Self {
            revision: 1,
            title: s(REPORT_TITLE_RU),
            body_md: s(REPORT_MD),
            body_html: to_html(REPORT_MD),
            source_url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
            published_on: Some(day(2026, 3, 30)),
            demo: false,
            figures: Example::example(),
            attachments: vec![Example::example()],
            created_at: at("2026-03-30T06:00:00Z"),
        }
    }
}

impl Example for reports::FiguresInput {
    fn example() -> Self {
        Self {
            services_paper_individuals: Some(35_020),
            services_paper_legal: Some(2_094),
            services_electronic_individuals: Some(353_995),
            services_electronic_legal: Some(21_271),
            services_govcorp_individuals: Some(118_730),
            services_govcorp_legal: Some(1_810),
            refusals: Some(2_407),
            complaints_received: Some(164),
            complaints_satisfied: Some(41),
            disciplinary_measures: Some(9),
            recommendations_issued: Some(12),
            recommendations_fulfilled: Some(10),
            violations: Some(BTreeMap::from([
                (s("deadline_breached"), 1204),
                (s("documents_from_information_systems"), 87),
            ])),
        }
    }
}

impl Example for reports::NewReport {
    fn example() -> Self {
        Self {
            agency_id: AKIMAT_ASTANA,
            year: 2025,
            language: s("ru"),
            title: s(REPORT_TITLE_RU),
            body_md: Some(s(REPORT_MD)),
            source_url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
            published_on: Some(day(2026, 3, 30)),
            demo: Some(false),
            figures: Some(Example::example()),
            attachments: Some(vec![Example::example()]),
        }
    }
}

impl Example for reports::ReportUpdate {
    fn example() -> Self {
        Self {
            title: Some(s(REPORT_TITLE_RU)),
            body_md: Some(s(REPORT_MD)),
            source_url: Some(Some(s("https://www.gov.kz/memleket/entities/astana/documents"))),
            published_on: Some(Some(day(2026, 3, 31))),
            demo: Some(false),
            figures: Some(Example::example()),
            attachments: Some(vec![Example::example()]),
        }
    }
}

impl Example for reports::ImportLine {
    fn example() -> Self {
        Self { line: 3, status: s("updated"), id: Some(REPORT), errors: vec![] }
    }
}

impl Example for reports::ImportTotals {
    fn example() -> Self {
        Self { created: 18, updated: 2, unchanged: 40, refused: 1 }
    }
}

impl Example for reports::ImportResult {
    fn example() -> Self {
        Self { totals: Example::example(), lines: vec![Example::example()] }
    }
}

// Information requests.

const REQUEST_NUMBER: &str = "BQ-2026-000057";
const REQUEST_SUBJECT: &str = "Сроки регистрации рождения в ЦОНах Астаны в 2025 году";
const QUESTIONS_MD: &str = "1. Сколько заявлений о регистрации рождения принято в 2025 году?\n2. В скольких случаях \
                            свидетельство выдано позже срока?";
const ANSWER_MD: &str = "1. Принято 31 402 заявления.\n2. С нарушением срока выдано 212 свидетельств.";

impl Example for requests::CheckMatchView {
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

impl Example for requests::PublishedCheckView {
    fn example() -> Self {
        Self {
            id: 301,
            checked_at: at("2026-03-02T05:10:00Z"),
            documents: vec![Example::example()],
            services: vec![requests::CheckMatchView {
                kind: s("service"),
                title: s("ZAGS-01"),
                snippet: s("Баланың тууын мемлекеттік тіркеу"),
                url: api(&format!("/services/{SERVICE}")),
            }],
            similar_requests: vec![requests::CheckMatchView {
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

impl Example for requests::DeadlineRuleView {
    fn example() -> Self {
        Self { unit: s("calendar_days"), days: 15, max_extension_days: 15 }
    }
}

impl Example for requests::RequestView {
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

impl Example for requests::RequestFileView {
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

impl Example for requests::TimelineEntry {
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

impl Example for requests::NewRequest {
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

impl Example for requests::RequestChange {
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

impl Example for requests::Submission {
    fn example() -> Self {
        Self { none_of_the_matches_answers: true, no_secrets_sought: true }
    }
}

impl Example for requests::Clarification {
    fn example() -> Self {
        Self {
            questions_md: s("Уточняем: речь о заявлениях, поданных через ЦОНы, без портала egov.kz.")
        }
    }
}

impl Example for requests::Extension {
    fn example() -> Self {
        Self {
            days: Some(10), reason: s("Сведения собираются из пяти районных отделов ЗАГС.")
        }
    }
}

impl Example for requests::AnswerBody {
    fn example() -> Self {
        Self {
            body_md: s(ANSWER_MD),
            partial: false,
            attachments: vec![Example::example()],
            file_ids: vec![REQUEST_FILE],
        }
    }
}

impl Example for requests::Refusal {
    fn example() -> Self {
        Self {
            ground: s("already_published"),
            reason: s("Сведения опубликованы в отчете акимата об оказании государственных услуг за 2025 год."),
            url: Some(s("https://www.gov.kz/memleket/entities/astana/documents")),
        }
    }
}

impl Example for requests::Forwarding {
    fn example() -> Self {
        Self {
            agency_id: MINJUST,
            reason: s("Сведения о регистрации актов гражданского состояния ведет Министерство юстиции."),
        }
    }
}

impl Example for requests::ForwardResult {
    fn example() -> Self {
        let original = requests::RequestView {
            state: s("forwarded"),
            closed_date: Some(day(2026, 3, 4)),
            refusal_ground: Some(s("not_the_holder")),
            ..Example::example()
        };
        let forwarded = requests::RequestView {
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

impl Example for requests::AgencyRequestTable {
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

// Search, the open-data catalog, the change feed and webhooks.

impl Example for search::SearchHit {
    fn example() -> Self {
        Self {
            id: format!("report-{REPORT}"),
            kind: s("report"),
            title: s(REPORT_TITLE_RU),
            agency_id: AKIMAT_ASTANA,
            year: 2025,
            language: s("ru"),
            snippet: s("…из них 91 % в <mark>электронной</mark> форме…"),
            url: api(&format!("/reports/{REPORT}")),
        }
    }
}

impl Example for search::SearchFacets {
    fn example() -> Self {
        Self {
            agency: BTreeMap::from([(AKIMAT_ASTANA.to_string(), 12), (AKIMAT_AKMOLA.to_string(), 5)]),
            region: BTreeMap::from([(s(ASTANA_KATO), 12), (s("110000000"), 5)]),
            year: BTreeMap::from([(s("2024"), 7), (s("2025"), 10)]),
            kind: BTreeMap::from([(s("report"), 14), (s("conclusion"), 3)]),
            language: BTreeMap::from([(s("kk"), 8), (s("ru"), 9)]),
        }
    }
}

impl Example for search::SearchResponse {
    fn example() -> Self {
        Self { hits: vec![Example::example()], total: 17, facets: Example::example(), processing_time_ms: 4 }
    }
}

fn texts(key: &str) -> catalog::Texts {
    catalog::Texts { kk: i18n::text(Lang::Kk, key), ru: i18n::text(Lang::Ru, key), en: i18n::text(Lang::En, key) }
}

impl Example for catalog::Texts {
    fn example() -> Self {
        texts("catalog.reports.title")
    }
}

impl Example for catalog::DatasetLinks {
    fn example() -> Self {
        Self { json: api("/reports"), csv: api("/reports/export.csv"), ndjson: api("/reports/export.ndjson") }
    }
}

impl Example for catalog::DatasetView {
    fn example() -> Self {
        Self {
            key: s("reports"),
            title: texts("catalog.reports.title"),
            description: texts("catalog.reports.description"),
            licence: s(LICENCE_URL),
            updated_at: Some(at("2026-03-30T06:00:00Z")),
            record_count: 120,
            entity_type: Some(s("report")),
            links: Example::example(),
        }
    }
}

impl Example for catalog::CatalogView {
    fn example() -> Self {
        Self {
            title: texts("catalog.title"),
            description: texts("catalog.description"),
            licence: s(LICENCE_URL),
            updated_at: Some(at("2026-03-30T06:00:00Z")),
            datasets: vec![Example::example()],
        }
    }
}

impl Example for events::EventView {
    fn example() -> Self {
        Self {
            id: EVENT,
            entity: s("report"),
            entity_id: REPORT,
            action: s("upsert"),
            at: at("2026-03-30T06:00:00Z"),
            url: api(&format!("/reports/{REPORT}")),
        }
    }
}

impl Example for events::EventPageView {
    fn example() -> Self {
        Self { items: vec![Example::example()], next_after: EVENT, more: false }
    }
}

impl Example for webhooks::WebhookInput {
    fn example() -> Self {
        Self { url: s("https://opendata.example.org/baqylau-hook"), entity_types: vec![s("report"), s("info_request")] }
    }
}

impl Example for webhooks::WebhookView {
    fn example() -> Self {
        Self {
            id: WEBHOOK,
            url: s("https://opendata.example.org/baqylau-hook"),
            entity_types: vec![s("report"), s("info_request")],
            active: true,
            cursor: EVENT,
            consecutive_failures: 1,
            next_attempt_at: at("2026-03-30T06:00:20Z"),
            last_error: Some(s("HTTP 503 from the receiver")),
            last_delivered_at: Some(at("2026-03-29T18:12:00Z")),
            disabled_at: Some(at("2026-02-01T00:00:00Z")),
            created_at: at("2026-01-25T10:00:00Z"),
        }
    }
}

impl Example for webhooks::CreatedWebhookView {
    fn example() -> Self {
        Self { webhook: Example::example(), secret: s("whsec_5f0e9c2b7a4d8e1f3c6b9a0d2e5f8c1b") }
    }
}

impl Example for webhooks::WebhookDeliveryView {
    fn example() -> Self {
        Self {
            id: 4102,
            event_id: EVENT,
            attempt: 2,
            attempted_at: at("2026-03-30T06:00:20Z"),
            outcome: s("failed"),
            status_code: Some(503),
            error: Some(s("HTTP 503 from the receiver")),
            duration_ms: 184,
            next_attempt_at: Some(at("2026-03-30T06:02:20Z")),
        }
    }
}

impl Example for webhooks::EnabledWebhookView {
    fn example() -> Self {
        Self {
            webhook: Example::example(),
            message: i18n::format(Lang::En, "webhooks.enabled", &[("cursor", EVENT.to_string())]),
        }
    }
}

impl Example for statistics::StatisticsRowView {
    fn example() -> Self {
        Self { by: s("region"), figures: Example::example() }
    }
}

// Errors: a 422 naming the field, as every operation may answer.

impl Example for problems::ProblemType {
    fn example() -> Self {
        Self {
            code: s("validation_failed"),
            status: 422,
            title: i18n::text(Lang::Ru, "errors.validation_failed.title"),
            detail: i18n::text(Lang::Ru, "errors.validation_failed.detail"),
        }
    }
}

impl Example for ProblemField {
    fn example() -> Self {
        Self {
            pointer: Some(s("/iin")),
            parameter: None,
            code: s("invalid_iin"),
            message: i18n::text(Lang::Ru, "fields.invalid_iin"),
        }
    }
}

impl Example for Problem {
    fn example() -> Self {
        Self {
            type_: api("/problems/validation_failed"),
            title: i18n::text(Lang::Ru, "errors.validation_failed.title"),
            status: 422,
            detail: i18n::text(Lang::Ru, "errors.validation_failed.detail"),
            code: s("validation_failed"),
            request_id: Some(s("01JNZ4K7Q8V2M3T5R6W7X8Y9ZA")),
            errors: vec![Example::example()],
        }
    }
}
