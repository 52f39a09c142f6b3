//! Evidence files over HTTP: attached to an observation by its campaign's team, read with the
//! observation's public part, downloaded, and taken off while the campaign can still change.
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::Path,
    payload::{Attachment, AttachmentType, Json},
    types::Example,
};

use super::{
    ApiTags,
    common::{
        self, BearerAuth, MaybeAuth, NoContent,
        examples::{self as ex, ACCOUNT, CAMPAIGN, EVIDENCE, OBSERVATION, api, at, s},
        multipart::{EvidenceUpload, UploadForm},
    },
};
use crate::{domain::accounts::Scope, error::AppError, service::evidence, state::AppState};

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

#[derive(ApiResponse)]
pub enum CreatedEvidence {
    /// Stored and recorded.
    #[oai(status = 201)]
    Created(Json<EvidenceView>),
}

#[derive(ApiResponse)]
pub enum EvidenceFileResponse {
    /// The file as published, as a download.
    #[oai(status = 200)]
    File(
        Attachment<poem::Body>,
        /// Always `nosniff`: the file is never to be read as anything but its type.
        #[oai(header = "x-content-type-options")]
        String,
    ),
}

#[derive(Default)]
pub struct EvidenceApi;

#[OpenApi(tag = "ApiTags::Monitoring")]
impl EvidenceApi {
    /// Attach evidence to an observation
    ///
    /// A photo (JPEG, PNG, WebP), document (PDF) or recording (MP3, OGG/Opus, M4A/AAC, WAV), at
    /// most `BAQYLAU_UPLOAD_MAX_BYTES` (20 MiB by default; `413 file_too_large` above). The type is
    /// decided from the content (`415 unsupported_file_type` otherwise), the SHA-256 is recorded,
    /// and a photo's location is removed unless `keep_location` is true.
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence", method = "post")]
    async fn attach_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        form: UploadForm<EvidenceUpload>,
    ) -> Result<CreatedEvidence, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let file = form.0.read(ctx.config.upload_max_bytes).await?;
        let e = evidence::attach(
            &ctx,
            &caller,
            id.0,
            observation_id.0,
            evidence::NewEvidence {
                bytes: file.bytes,
                file_name: file.file_name,
                keep_location: file.keep_location,
                caption: file.caption,
            },
        )
        .await?;
        Ok(CreatedEvidence::Created(Json(evidence_view(id.0, e))))
    }

    /// An observation's evidence
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence", method = "get")]
    async fn list_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<Vec<EvidenceView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let list = evidence::list(&ctx, caller.as_ref(), id.0, observation_id.0).await?;
        Ok(Json(list.into_iter().map(|e| evidence_view(id.0, e)).collect()))
    }

    /// Download an evidence file
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence/:evidence_id/file", method = "get")]
    async fn evidence_file(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        #[oai(example = "ex::evidence_id")] evidence_id: Path<i64>,
    ) -> Result<EvidenceFileResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let (e, f) = evidence::file(&ctx, caller.as_ref(), id.0, observation_id.0, evidence_id.0).await?;
        let ext = crate::domain::evidence::extension_of(&e.content_type);
        Ok(EvidenceFileResponse::File(
            Attachment::new(poem::Body::from_async_read(f))
                .attachment_type(AttachmentType::Attachment)
                .filename(format!("evidence-{}.{ext}", e.id)),
            "nosniff".into(),
        ))
    }

    /// Take evidence off an observation
    ///
    /// While the campaign is a draft or active; the audit log keeps the file's hashes.
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence/:evidence_id", method = "delete")]
    async fn detach_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        #[oai(example = "ex::evidence_id")] evidence_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        evidence::detach(&ctx, &caller, id.0, observation_id.0, evidence_id.0).await?;
        Ok(NoContent::Done)
    }
}
