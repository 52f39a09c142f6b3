//! Examples of the audit schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;
use serde_json::json;

use super::*;
use crate::api::common::examples::*;

impl Example for AuditEntryView {
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
