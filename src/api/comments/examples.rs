//! Examples of the comments schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::markdown::to_html;

impl Example for CommentView {
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

impl Example for CommentRevisionView {
    fn example() -> Self {
        Self {
            proposal_md: s("Укажите, сколько услуг оказано с нарушением срока."),
            replacement_text: Some(s(REPLACEMENT)),
            written_at: at("2026-04-03T07:20:00Z"),
        }
    }
}

impl Example for NewComment {
    fn example() -> Self {
        Self {
            anchor: Some(s("c3")),
            organization_id: Some(ORGANIZATION),
            proposal_md: s(PROPOSAL_MD),
            replacement_text: Some(s(REPLACEMENT)),
        }
    }
}

impl Example for CommentEdit {
    fn example() -> Self {
        Self { proposal_md: s(PROPOSAL_MD), replacement_text: Some(s(REPLACEMENT)) }
    }
}

impl Example for DecisionBody {
    fn example() -> Self {
        Self {
            decision: s("partially_accepted"),
            reason: Some(s("Данные о нарушениях сроков добавлены общей цифрой; по видам услуг — в приложении.")),
        }
    }
}
