//! The working-day calendar every deadline is counted on: the shipped files (`content/calendar`)
//! plus the transfers of days off an administrator recorded from a government resolution after
//! those files were written. Read from the database on each use, so every instance counts on the
//! same calendar the moment a transfer is recorded.
use std::sync::Arc;

use chrono::NaiveDate;
use entity::calendar_transfer;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::{Caller, Checks, Ctx, audit};
use crate::{
    domain::{
        accounts::{Scope, bounded_text},
        calendar::Calendar,
    },
    error::{AppError, AppResult, FieldError},
};

fn transfer_audit(t: &calendar_transfer::Model) -> serde_json::Value {
    json!({"worked_on": t.worked_on, "rested_on": t.rested_on, "basis": t.basis})
}

/// The calendar as it stands: `base` with every recorded transfer applied.
#[tracing::instrument(skip_all)]
pub async fn current(ctx: &Ctx, base: &Arc<Calendar>) -> AppResult<Arc<Calendar>> {
    let rows = calendar_transfer::Entity::find().all(&ctx.db).await?;
    if rows.is_empty() {
        return Ok(base.clone());
    }
    let pairs: Vec<(NaiveDate, NaiveDate)> = rows.iter().map(|t| (t.worked_on, t.rested_on)).collect();
    Ok(Arc::new(base.with_transfers(&pairs)))
}

/// The recorded transfers, of one year or all, in date order.
#[tracing::instrument(skip_all)]
pub async fn transfers(ctx: &Ctx, year: Option<i32>) -> AppResult<Vec<calendar_transfer::Model>> {
    let mut q = calendar_transfer::Entity::find();
    if let Some(y) = year.and_then(|y| Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?))) {
        q = q.filter(calendar_transfer::Column::WorkedOn.between(y.0, y.1));
    }
    Ok(q.order_by_asc(calendar_transfer::Column::WorkedOn).all(&ctx.db).await?)
}

pub struct NewTransfer {
    pub worked_on: NaiveDate,
    pub rested_on: NaiveDate,
    /// The resolution it comes from (number and date).
    pub basis: String,
}

/// Record a transfer (administrators). Refused when the calendar as it stands cannot hold it: the
/// day to work must be a day off, the day to rest a working day of the same year.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn add_transfer(
    ctx: &Ctx,
    caller: &Caller,
    base: &Arc<Calendar>,
    input: NewTransfer,
) -> AppResult<calendar_transfer::Model> {
    caller.require_scope(Scope::Write)?;
    caller.require_admin()?;
    let mut checks = Checks::default();
    let basis = checks.take(bounded_text("/basis", &input.basis, 3, 300));
    let txn = super::begin(&ctx.db).await?;
    let rows = calendar_transfer::Entity::find().all(&txn).await?;
    let pairs: Vec<(NaiveDate, NaiveDate)> = rows.iter().map(|t| (t.worked_on, t.rested_on)).collect();
    let cal = base.with_transfers(&pairs);
    if let Err(e) = cal.check_transfer(input.worked_on, input.rested_on) {
        let (pointer, code) = e.code();
        checks.push(FieldError::new(pointer, code));
    }
    checks.finish()?;
    let t = calendar_transfer::ActiveModel {
        worked_on: Set(input.worked_on),
        rested_on: Set(input.rested_on),
        basis: Set(basis.unwrap_or_default()),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "calendar.transfer.create",
            entity_type: "calendar_transfer",
            entity_id: t.id.to_string(),
            before: None,
            after: Some(transfer_audit(&t)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}

/// Remove a recorded transfer (administrators); deadlines already set keep their dates.
#[tracing::instrument(skip_all, fields(account = caller.id(), transfer = id))]
pub async fn remove_transfer(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    caller.require_admin()?;
    let txn = super::begin(&ctx.db).await?;
    let t = calendar_transfer::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("calendar_transfer", id))?;
    calendar_transfer::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "calendar.transfer.delete",
            entity_type: "calendar_transfer",
            entity_id: id.to_string(),
            before: Some(transfer_audit(&t)),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
