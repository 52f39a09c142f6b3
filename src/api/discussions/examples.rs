//! Examples of the discussions schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use std::collections::BTreeMap;

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::markdown::to_html;

const REPORT_TITLE_KK: &str = "Астана қаласы әкімдігінің 2025 жылғы мемлекеттік қызметтер көрсету туралы есебі";

const CLAUSE_MD: &str = "В 2025 году акиматом оказано 412 380 государственных услуг, из них 91 % в электронной форме.";

impl Example for VersionView {
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

impl Example for DiscussionView {
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

impl Example for ClauseChangeView {
    fn example() -> Self {
        Self {
            anchor: s("c3"),
            status: s("changed"),
            old: Some(Example::example()),
            new: Some(ClauseView {
                anchor: s("c3"),
                number: 3,
                text_md: s(REPLACEMENT),
                text_html: to_html(REPLACEMENT),
            }),
        }
    }
}

impl Example for NoticeItemView {
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

impl Example for NoticeView {
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

impl Example for AgencyDiscussionFigures {
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

impl Example for NewDiscussion {
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

impl Example for NewVersion {
    fn example() -> Self {
        Self {
            text_md: s(REPLACEMENT), note: Some(s("Учтены замечания по итогам обсуждения."))
        }
    }
}

impl Example for ClauseView {
    fn example() -> Self {
        Self { anchor: s("c3"), number: 3, text_md: s(CLAUSE_MD), text_html: to_html(CLAUSE_MD) }
    }
}
