//! Evidence files as the API shows them. Their operations sit with the observations they back,
//! under `/campaigns/{id}/observations/{observation_id}/evidence`, in `campaigns.rs`.
use chrono::{DateTime, Utc};
use poem_openapi::{Object, types::Example};

use super::common::{
    self,
    examples::{ACCOUNT, CAMPAIGN, EVIDENCE, OBSERVATION, api, at, s},
};

/// A file backing an observation. Its type was decided from its content; a photo's location was
/// removed unless the uploader chose to publish it.
#[derive(Object)]
#[oai(example)]
pub struct EvidenceView {
    pub id: i64,
    pub observation_id: i64,
    /// `photo`, `document` or `audio`.
    pub media_kind: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the file as published.
    pub sha256: String,
    /// SHA-256 of the file as uploaded (differs when a location was removed): the uploader's
    /// original can be proven to be this evidence.
    pub original_sha256: String,
    pub location_removed: bool,
    #[oai(nullable)]
    pub file_name: Option<String>,
    #[oai(nullable)]
    pub caption: Option<String>,
    pub uploaded_by: i64,
    pub created_at: DateTime<Utc>,
    /// Where to download it.
    pub url: String,
    /// Why a moderator hid it: only for readers who still see it (authors, moderators).
    #[oai(skip_serializing_if_is_none)]
    pub hidden: Option<common::HiddenView>,
}

pub fn evidence_view(campaign_id: i64, e: entity::evidence::Model) -> EvidenceView {
    EvidenceView {
        hidden: crate::domain::moderation::Hidden::of(e.hidden_at, e.hidden_reason.as_deref()).map(Into::into),
        url: format!("/api/v1/campaigns/{campaign_id}/observations/{}/evidence/{}/file", e.observation_id, e.id),
        id: e.id,
        observation_id: e.observation_id,
        media_kind: e.media_kind,
        content_type: e.content_type,
        size_bytes: e.size_bytes,
        sha256: e.sha256,
        original_sha256: e.original_sha256,
        location_removed: e.location_stripped,
        file_name: e.original_name,
        caption: e.caption,
        uploaded_by: e.uploaded_by,
        created_at: e.created_at,
    }
}

impl Example for EvidenceView {
    fn example() -> Self {
        Self {
            hidden: None,
            id: EVIDENCE,
            observation_id: OBSERVATION,
            media_kind: s("photo"),
            content_type: s("image/jpeg"),
            size_bytes: 284_113,
            sha256: s("3f1c9a6e2b7d4c8e0f5a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f506"),
            original_sha256: s("9b2e4d6f8a0c1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f"),
            location_removed: true,
            file_name: Some(s("talon-con3.jpg")),
            caption: Some(s("Талон электронной очереди ЦОН № 3")),
            uploaded_by: ACCOUNT,
            created_at: at("2026-03-10T05:02:44Z"),
            url: api(&format!("/campaigns/{CAMPAIGN}/observations/{OBSERVATION}/evidence/{EVIDENCE}/file")),
        }
    }
}
