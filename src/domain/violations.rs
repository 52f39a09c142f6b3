//! The ten kinds of violation the state itself counts in its quarterly quality-control report
//! (Rules of state control over the quality of public services, form 1-мк, rows 3.1-3.10). They
//! are the checklist for monitoring observations and the breakdown of reports' figures.
use super::accounts::string_enum;

string_enum! {
    ViolationCategory {
        DeadlineBreached => "deadline_breached",
        RefusalDeadlineBreached => "refusal_deadline_breached",
        IncompleteDocumentSet => "incomplete_document_set",
        DocumentsNotInStandard => "documents_not_in_standard",
        DocumentsFromInformationSystems => "documents_from_information_systems",
        ProcedureBreached => "procedure_breached",
        UnjustifiedRefusal => "unjustified_refusal",
        WorkingScheduleNotKept => "working_schedule_not_kept",
        FeeForFreeService => "fee_for_free_service",
        Other => "other",
    }
}

impl ViolationCategory {
    /// The row of form 1-мк it is counted in.
    pub fn form_row(self) -> &'static str {
        use ViolationCategory::*;
        match self {
            DeadlineBreached => "3.1",
            RefusalDeadlineBreached => "3.2",
            IncompleteDocumentSet => "3.3",
            DocumentsNotInStandard => "3.4",
            DocumentsFromInformationSystems => "3.5",
            ProcedureBreached => "3.6",
            UnjustifiedRefusal => "3.7",
            WorkingScheduleNotKept => "3.8",
            FeeForFreeService => "3.9",
            Other => "3.10",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_categories_in_form_order_each_named_in_three_languages() {
        assert_eq!(ViolationCategory::ALL.len(), 10);
        for (i, c) in ViolationCategory::ALL.iter().enumerate() {
            assert_eq!(c.form_row(), format!("3.{}", i + 1));
            for lang in crate::i18n::Lang::ALL {
                let name = crate::i18n::text(lang, &format!("violations.{}", c.as_str()));
                assert!(!name.starts_with("violations."), "{} has no {} name", c.as_str(), lang.code());
            }
        }
        assert_eq!(ViolationCategory::parse("bribe"), None);
    }
}
