//! Notices to people in the portal: the requester learns here that the agency extended the
//! deadline (Law "On access to information" Art. 11: with notice to the requester), answered,
//! refused or forwarded the request. Each notice is written in the same transaction as the step
//! it reports, so a step never happens unannounced.
use entity::notification;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use super::{
    Caller, Ctx,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::accounts::Scope,
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

#[tracing::instrument(skip_all, fields(account = account_id))]
pub async fn notify(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    account_id: i64,
    kind: &str,
    request_id: Option<i64>,
    args: serde_json::Value,
) -> AppResult<()> {
    notification::ActiveModel {
        account_id: Set(account_id),
        kind: Set(kind.to_string()),
        request_id: Set(request_id),
        args: Set(args),
        created_at: Set(ctx.now),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The notice's text in `lang`, its `{placeholders}` filled from its arguments.
#[tracing::instrument(skip_all)]
pub fn text(n: &notification::Model, lang: Lang) -> String {
    let args: Vec<(&str, String)> = n
        .args
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.as_str(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect()
        })
        .unwrap_or_default();
    i18n::format(lang, &format!("notifications.{}", n.kind), &args)
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn list(
    ctx: &Ctx,
    caller: &Caller,
    unread_only: bool,
    page: PageRequest,
) -> AppResult<(Vec<notification::Model>, Option<String>)> {
    let mut q = notification::Entity::find().filter(notification::Column::AccountId.eq(caller.id()));
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(after) = page.after {
        q = q.filter(notification::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(notification::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |n| n.id))
}

#[tracing::instrument(skip_all, fields(account = caller.id(), notification = id))]
pub async fn mark_read(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<notification::Model> {
    caller.require_scope(Scope::Write)?;
    let n = notification::Entity::find_by_id(id)
        .filter(notification::Column::AccountId.eq(caller.id()))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("notification", id))?;
    if n.read_at.is_some() {
        return Ok(n);
    }
    let mut a = n.into_active_model();
    a.read_at = Set(Some(ctx.now));
    Ok(a.update(&ctx.db).await?)
}
