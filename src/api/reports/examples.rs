//! Examples of the reports schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::markdown::to_html;

const REPORT_MD: &str = "## Общие сведения\n\nВ 2025 году акиматом оказано 412 380 государственных услуг.";

impl Example for ViolationCount {
    fn example() -> Self {
        Self {
            category: s("deadline_breached"),
            form_row: s("3.1"),
            name: s("Нарушение срока оказания услуги"),
            count: 1204,
        }
    }
}

impl Example for FigureTotals {
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

impl Example for FiguresView {
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
                ViolationCount {
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

impl Example for AttachmentView {
    fn example() -> Self {
        Self {
            title: s("Форма 1-мк за 2025 год"), url: s("https://www.gov.kz/memleket/entities/astana/documents")
        }
    }
}

impl Example for ReportSummary {
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

impl Example for ReportView {
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

impl Example for RevisionView {
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

impl Example for FiguresInput {
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

impl Example for NewReport {
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

impl Example for ReportUpdate {
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

impl Example for ImportLine {
    fn example() -> Self {
        Self { line: 3, status: s("updated"), id: Some(REPORT), errors: vec![] }
    }
}

impl Example for ImportTotals {
    fn example() -> Self {
        Self { created: 18, updated: 2, unchanged: 40, refused: 1 }
    }
}

impl Example for ImportResult {
    fn example() -> Self {
        Self { totals: Example::example(), lines: vec![Example::example()] }
    }
}
