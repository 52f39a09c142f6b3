//! Examples of the problems schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::{error::Problem, error::ProblemField, i18n, i18n::Lang};

impl Example for ProblemType {
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
