//! Examples of the events schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for EventView {
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

impl Example for EventPageView {
    fn example() -> Self {
        Self { items: vec![Example::example()], next_after: EVENT, more: false }
    }
}
