//! Examples of the auth schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for Credentials {
    fn example() -> Self {
        Self { email: s("asel.mysalova@example.kz"), password: s("correct-horse-battery-staple") }
    }
}

impl Example for TokenView {
    fn example() -> Self {
        Self {
            id: TOKEN,
            kind: s("api"),
            name: s("Мониторинг ЦОН: мобильное приложение"),
            scopes: vec![s("read"), s("write")],
            created_at: at("2026-02-02T08:00:00Z"),
            expires_at: Some(at("2026-05-03T08:00:00Z")),
            last_used_at: Some(at("2026-03-16T10:24:51Z")),
            revoked_at: Some(at("2026-03-18T12:00:00Z")),
            current: false,
        }
    }
}

impl Example for IssuedTokenView {
    fn example() -> Self {
        Self {
            token: s("bq_live_8f3c2a9e5d7b41f0a6c3e2d1b9f8a7c6"),
            token_id: TOKEN,
            expires_at: Some(at("2026-05-03T08:00:00Z")),
            scopes: vec![s("read"), s("write")],
        }
    }
}

impl Example for NewApiToken {
    fn example() -> Self {
        Self {
            name: s("Мониторинг ЦОН: мобильное приложение"),
            scopes: vec![s("read"), s("write")],
            expires_in_days: Some(90),
        }
    }
}
