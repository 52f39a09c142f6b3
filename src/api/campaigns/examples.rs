//! Examples of the campaigns schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

const ORDER_REFERENCE: &str = "ГСЗ-2026/014";

const METHODOLOGY_HTML: &str = "<p>Наблюдатели подают заявления в ЦОНах Астаны и на <strong>egov.kz</strong>, \
                                фиксируют время ожидания, срок оказания услуги и истребованные документы.</p>\n";

const METHODOLOGY_MD: &str = "Наблюдатели подают заявления в ЦОНах Астаны и на **egov.kz**, фиксируют время \
                              ожидания, срок оказания услуги и истребованные документы.";

const CAMPAIGN_SUMMARY_RU: &str = "Проверяем сроки и качество регистрации рождения в ЦОНах и на egov.kz.";

const CAMPAIGN_SUMMARY_KK: &str = "ХҚКО мен egov.kz арқылы бала тууын тіркеу мерзімі мен сапасын тексереміз.";

const CAMPAIGN_TITLE_RU: &str = "Мониторинг регистрации рождения ребенка в Астане, 2026";

const CAMPAIGN_TITLE_KK: &str = "Астанадағы бала тууын тіркеу қызметінің мониторингі, 2026";

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
            open_survey: false,
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
            open_survey: false,
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
            open_survey: None,
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
