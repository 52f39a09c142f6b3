//! Examples of the webhooks schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::{i18n, i18n::Lang};

impl Example for WebhookInput {
    fn example() -> Self {
        Self { url: s("https://opendata.example.org/baqylau-hook"), entity_types: vec![s("report"), s("info_request")] }
    }
}

impl Example for WebhookView {
    fn example() -> Self {
        Self {
            id: WEBHOOK,
            url: s("https://opendata.example.org/baqylau-hook"),
            entity_types: vec![s("report"), s("info_request")],
            active: true,
            cursor: EVENT,
            consecutive_failures: 1,
            next_attempt_at: at("2026-03-30T06:00:20Z"),
            last_error: Some(s("HTTP 503 from the receiver")),
            last_delivered_at: Some(at("2026-03-29T18:12:00Z")),
            disabled_at: Some(at("2026-02-01T00:00:00Z")),
            created_at: at("2026-01-25T10:00:00Z"),
        }
    }
}

impl Example for CreatedWebhookView {
    fn example() -> Self {
        Self { webhook: Example::example(), secret: s("whsec_5f0e9c2b7a4d8e1f3c6b9a0d2e5f8c1b") }
    }
}

impl Example for WebhookDeliveryView {
    fn example() -> Self {
        Self {
            id: 4102,
            event_id: EVENT,
            attempt: 2,
            attempted_at: at("2026-03-30T06:00:20Z"),
            outcome: s("failed"),
            status_code: Some(503),
            error: Some(s("HTTP 503 from the receiver")),
            duration_ms: 184,
            next_attempt_at: Some(at("2026-03-30T06:02:20Z")),
        }
    }
}

impl Example for EnabledWebhookView {
    fn example() -> Self {
        Self {
            webhook: Example::example(),
            message: i18n::format(Lang::En, "webhooks.enabled", &[("cursor", EVENT.to_string())]),
        }
    }
}
