//! Examples of the conclusions schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::{
    domain::conclusions::SectionKey, domain::conclusions::template, domain::conclusions::violations_table, i18n,
    i18n::Lang, markdown::to_html,
};

const CONCLUSION_TITLE: &str = "Заключение по итогам мониторинга регистрации рождения ребенка в Астане";

const COMPLIANCE_MD: &str = "В 7 из 20 наблюдений свидетельство выдано позже срока в 1 рабочий день [obs:153].";

const RECOMMENDATIONS_MD: &str =
    "1. Выдавать свидетельство о рождении в день обращения.\n2. Не требовать справку с места жительства.";

const QUALITY_MD: &str = "Перевести регистрацию рождения в проактивный формат для всех родильных домов Астаны.";

const BYLAW_MD: &str = "Дополнить Правила № 112 запретом истребовать сведения, имеющиеся в ГБД ФЛ.";

const PREAMBLE_MD: &str = "Мониторинг проведён ОФ «Адал қызмет» с 1 марта по 31 мая 2026 года.";

fn ru_section(key: SectionKey, md: &str) -> SectionView {
    SectionView { key: s(key.as_str()), title: key.title(Lang::Ru), markdown: s(md), html: to_html(md) }
}

fn ru_sections() -> Vec<SectionView> {
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

impl Example for TemplateView {
    fn example() -> Self {
        Self { language: s("ru"), markdown: template(Lang::Ru) }
    }
}

impl Example for SectionView {
    fn example() -> Self {
        ru_section(SectionKey::Recommendations, RECOMMENDATIONS_MD)
    }
}

impl Example for ObservationLink {
    fn example() -> Self {
        Self { id: OBSERVATION, url: api(&format!("/campaigns/{CAMPAIGN}/observations/{OBSERVATION}")) }
    }
}

impl Example for ItemView {
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

impl Example for ConclusionView {
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

impl Example for ConclusionSummary {
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

impl Example for ConclusionRevisionView {
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

impl Example for DiffLineView {
    fn example() -> Self {
        Self { tag: s("insert"), old_line: Some(4), new_line: Some(4), text: s(COMPLIANCE_MD) }
    }
}

impl Example for HunkView {
    fn example() -> Self {
        Self {
            old_start: 3,
            old_lines: 3,
            new_start: 3,
            new_lines: 3,
            lines: vec![
                DiffLineView {
                    tag: s("equal"),
                    old_line: Some(3),
                    new_line: Some(3),
                    text: s("## Соблюдение законодательства о государственных услугах"),
                },
                DiffLineView {
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

impl Example for DiffView {
    fn example() -> Self {
        Self { from: 1, to: 2, inserted: 1, deleted: 1, hunks: vec![Example::example()] }
    }
}

impl Example for ViolationsTableView {
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

impl Example for NewConclusionBody {
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

impl Example for ConclusionChangeBody {
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

impl Example for CorrectionBody {
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

impl Example for ScorecardView {
    fn example() -> Self {
        Self {
            conclusion_id: CONCLUSION,
            items: vec![s("recommendations.1"), s("recommendations.2")],
            agencies: vec![ScoreView {
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

impl Example for ConclusionScoreView {
    fn example() -> Self {
        Self { conclusion_id: CONCLUSION, title: s(CONCLUSION_TITLE), score: Example::example() }
    }
}

impl Example for AgencyMeasuresView {
    fn example() -> Self {
        Self { agency_id: AKIMAT_ASTANA, totals: Example::example(), conclusions: vec![Example::example()] }
    }
}

impl Example for ScoreView {
    fn example() -> Self {
        Self { agency_id: AKIMAT_ASTANA, accepted: 1, in_progress: 1, done: 1, rejected: 1, ignored: 1 }
    }
}
