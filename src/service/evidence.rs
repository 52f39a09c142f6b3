//! Evidence behind an observation (Law Art. 26: every finding traceable to its evidence): files
//! in the upload store, their hashes and captions on the record.
use entity::evidence;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::{Caller, Ctx, campaigns, outbox, uploads};
use crate::{
    domain::accounts::bounded_text,
    error::{AppError, AppResult, Code},
};

pub struct NewEvidence {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    pub keep_location: bool,
    pub caption: Option<String>,
}

async fn observation_in(
    conn: &impl sea_orm::ConnectionTrait,
    campaign_id: i64,
    id: i64,
) -> AppResult<entity::observation::Model> {
    entity::observation::Entity::find_by_id(id)
        .filter(entity::observation::Column::CampaignId.eq(campaign_id))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("observation", id))
}

/// Store the file, then record it. The store is content-addressed and idempotent, so a failed
/// insert leaves at most a file that the next identical upload reuses, never a half record.
#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = observation_id))]
pub async fn attach(
    ctx: &Ctx,
    caller: &Caller,
    campaign_id: i64,
    observation_id: i64,
    n: NewEvidence,
) -> AppResult<evidence::Model> {
    let c = campaigns::for_team(&ctx.db, caller, campaign_id).await?;
    campaigns::require_writable(&c)?;
    observation_in(&ctx.db, campaign_id, observation_id).await?;
    let caption = match n.caption.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(bounded_text("/caption", t, 1, 500).map_err(|e| AppError::validation(vec![e]))?),
    };
    let stored = uploads::store(&ctx.config, n.bytes, n.file_name.as_deref(), n.keep_location).await?;
    let txn = super::begin(&ctx.db).await?;
    // The campaign may have closed while the file was being written.
    let c = campaigns::find(&txn, campaign_id).await?;
    campaigns::require_writable(&c)?;
    let e = evidence::ActiveModel {
        observation_id: Set(observation_id),
        storage_key: Set(stored.storage_key.clone()),
        sha256: Set(stored.sha256.clone()),
        original_sha256: Set(stored.original_sha256.clone()),
        content_type: Set(stored.content_type.to_string()),
        media_kind: Set(stored.media_kind.as_str().to_string()),
        size_bytes: Set(stored.size_bytes as i64),
        original_name: Set(stored.original_name.clone()),
        caption: Set(caption),
        location_stripped: Set(stored.location_stripped),
        uploaded_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    campaigns::record(
        &txn,
        ctx,
        caller,
        "evidence.attach",
        "evidence",
        e.id,
        None,
        Some(json!({"observation_id": observation_id, "sha256": e.sha256, "original_sha256": e.original_sha256,
                    "content_type": e.content_type, "size_bytes": e.size_bytes})),
    )
    .await?;
    if campaigns::state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, "observation", observation_id, outbox::UPSERT).await?;
    }
    txn.commit().await?;
    Ok(e)
}

#[tracing::instrument(skip_all)]
/// The files of these observations; with `insider` (the team, moderators) also those a moderator
/// hid.
pub async fn of_observations(
    conn: &impl sea_orm::ConnectionTrait,
    observation_ids: Vec<i64>,
    insider: bool,
) -> AppResult<Vec<evidence::Model>> {
    let mut q = evidence::Entity::find().filter(evidence::Column::ObservationId.is_in(observation_ids));
    if !insider {
        q = q.filter(evidence::Column::HiddenAt.is_null());
    }
    Ok(q.order_by_asc(evidence::Column::Id).all(conn).await?)
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = observation_id))]
pub async fn list(
    ctx: &Ctx,
    caller: Option<&Caller>,
    campaign_id: i64,
    observation_id: i64,
) -> AppResult<Vec<evidence::Model>> {
    let c = campaigns::get_visible(ctx, caller, campaign_id).await?;
    let insider = campaigns::reads_hidden(&ctx.db, &c, caller).await?;
    let o = observation_in(&ctx.db, campaign_id, observation_id).await?;
    if !insider && let Some(reason) = &o.hidden_reason {
        return Err(AppError::new(Code::Withdrawn).arg("reason", reason));
    }
    of_observations(&ctx.db, vec![observation_id], insider).await
}

/// The record and its file, for a download.
#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = observation_id, evidence = id))]
pub async fn file(
    ctx: &Ctx,
    caller: Option<&Caller>,
    campaign_id: i64,
    observation_id: i64,
    id: i64,
) -> AppResult<(evidence::Model, tokio::fs::File)> {
    let c = campaigns::get_visible(ctx, caller, campaign_id).await?;
    let insider = campaigns::reads_hidden(&ctx.db, &c, caller).await?;
    let o = observation_in(&ctx.db, campaign_id, observation_id).await?;
    let e = evidence::Entity::find_by_id(id)
        .filter(evidence::Column::ObservationId.eq(observation_id))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("evidence", id))?;
    if !insider && let Some(reason) = e.hidden_reason.as_ref().or(o.hidden_reason.as_ref()) {
        return Err(AppError::new(Code::Withdrawn).arg("reason", reason));
    }
    let f = uploads::open(&ctx.config, &e.storage_key).await?;
    Ok((e, f))
}

/// Take a file off an observation while the campaign can still change. The stored bytes stay: the
/// store is shared by content, and the audit log keeps the hashes.
#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = campaign_id, observation = observation_id, evidence = id))]
pub async fn detach(ctx: &Ctx, caller: &Caller, campaign_id: i64, observation_id: i64, id: i64) -> AppResult<()> {
    let txn = super::begin(&ctx.db).await?;
    let c = campaigns::for_team(&txn, caller, campaign_id).await?;
    campaigns::require_writable(&c)?;
    observation_in(&txn, campaign_id, observation_id).await?;
    let e = evidence::Entity::find_by_id(id)
        .filter(evidence::Column::ObservationId.eq(observation_id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("evidence", id))?;
    evidence::Entity::delete_by_id(id).exec(&txn).await?;
    campaigns::record(
        &txn,
        ctx,
        caller,
        "evidence.detach",
        "evidence",
        id,
        Some(json!({"observation_id": observation_id, "sha256": e.sha256})),
        None,
    )
    .await?;
    if campaigns::state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, "observation", observation_id, outbox::UPSERT).await?;
    }
    txn.commit().await?;
    Ok(())
}
