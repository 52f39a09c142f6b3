//! Examples of the notifications schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for NotificationView {
    fn example() -> Self {
        Self {
            id: NOTIFICATION,
            kind: s("request_answered"),
            text: s("Госорган ответил на ваш запрос BQ-2026-000057."),
            request_id: Some(REQUEST),
            url: Some(api(&format!("/requests/{REQUEST}"))),
            created_at: at("2026-03-20T04:12:00Z"),
            read_at: Some(at("2026-03-20T05:01:17Z")),
        }
    }
}
