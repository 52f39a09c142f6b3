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
    text_with_dates(n, lang, |d| d.to_string())
}

/// [`text`] with each date argument (`YYYY-MM-DD`) written by `date`, so a page can put a date in
/// a sentence the way its reader writes dates.
#[tracing::instrument(skip_all)]
pub fn text_with_dates(n: &notification::Model, lang: Lang, date: impl Fn(chrono::NaiveDate) -> String) -> String {
    let args: Vec<(&str, String)> = n
        .args
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let s = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                    let s = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map(&date).unwrap_or(s);
                    (k.as_str(), s)
                })
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

/// One page of the caller's notices, newest first: `before` is the smallest id of the page before.
/// The API pages oldest first (a client catches up from its last id); a person reads the latest.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn newest(
    ctx: &Ctx,
    caller: &Caller,
    unread_only: bool,
    before: Option<i64>,
    limit: u64,
) -> AppResult<(Vec<notification::Model>, Option<i64>)> {
    let mut q = notification::Entity::find().filter(notification::Column::AccountId.eq(caller.id()));
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(before) = before {
        q = q.filter(notification::Column::Id.lt(before));
    }
    let mut rows = q.order_by_desc(notification::Column::Id).limit(limit + 1).all(&ctx.db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|n| n.id) } else { None };
    Ok((rows, next))
}

/// How many of the caller's notices are unread.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn unread_count(ctx: &Ctx, caller: &Caller) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(notification::Entity::find()
        .filter(notification::Column::AccountId.eq(caller.id()))
        .filter(notification::Column::ReadAt.is_null())
        .count(&ctx.db)
        .await?)
}

/// Mark every unread notice of the caller read; how many were marked.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn mark_all_read(ctx: &Ctx, caller: &Caller) -> AppResult<u64> {
    caller.require_scope(Scope::Write)?;
    let r = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, sea_orm::sea_query::Expr::value(ctx.now))
        .filter(notification::Column::AccountId.eq(caller.id()))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&ctx.db)
        .await?;
    Ok(r.rows_affected)
}
