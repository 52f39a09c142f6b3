//! Examples of the statistics schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for StatisticsRowView {
    fn example() -> Self {
        Self { by: s("region"), figures: Example::example() }
    }
}
