//! What the developer agency's officers may do on a discussion now, and the reads their pages
//! need: the earliest closing date a new window may have, the comments still without a decision,
//! and the discussions that wait for the agency. The rules are the parent's and the domain's;
//! these functions only ask them, so a page offers exactly what the commands would accept.
use chrono::{DateTime, NaiveDate, Utc};
use entity::{completion_notice, discussion};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{ShownComment, comments, require_developer};
use crate::{
    domain::{
        calendar::Calendar,
        discussions::{self as rules, may_decide},
    },
    error::{AppError, AppResult, Code},
    service::{Caller, Ctx},
};

/// The earliest date a discussion posted now and opening at `opens_at` (now when `None`) may close
/// on, in Kazakhstan's time zone: the rule `create` applies, asked before the form is sent.
#[tracing::instrument(skip_all)]
pub fn earliest_close(ctx: &Ctx, cal: &Calendar, opens_at: Option<DateTime<Utc>>) -> AppResult<NaiveDate> {
    let opens_at = opens_at.unwrap_or(ctx.now);
    rules::earliest_close(cal, ctx.now, opens_at, ctx.config.discussion_min_working_days).map_err(|_| {
        AppError::new(Code::DateOutOfRange).arg("min", 1992).arg("max", 2100).arg("value", opens_at.date_naive())
    })
}

/// Whether the caller may publish discussions at all (an officer bound to an agency).
#[tracing::instrument(skip_all)]
pub fn may_create(caller: Option<&Caller>) -> bool {
    caller.and_then(|c| c.account.agency_id.map(|a| require_developer(c, a).is_ok())).unwrap_or(false)
}

/// Whether the caller acts for this agency (its officer): the agency's own page shows them its work.
#[tracing::instrument(skip_all, fields(agency = agency_id))]
pub fn acts_for(caller: Option<&Caller>, agency_id: i64) -> bool {
    caller.is_some_and(|c| require_developer(c, agency_id).is_ok())
}

/// What the caller may do on a discussion now, by the same checks as `revise`, `dispose` and
/// `publish_notice`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeveloperActions {
    /// An officer of the developer agency.
    pub developer: bool,
    pub revise: bool,
    /// Decide comments and publish the completion notice: after the window, before the notice.
    pub decide: bool,
    pub notice_published: bool,
}

#[tracing::instrument(skip_all, fields(discussion = d.id))]
pub async fn developer_actions(
    ctx: &Ctx,
    caller: Option<&Caller>,
    d: &discussion::Model,
) -> AppResult<DeveloperActions> {
    let developer = caller.is_some_and(|c| require_developer(c, d.agency_id).is_ok());
    let notice_published = completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.eq(d.id))
        .one(&ctx.db)
        .await?
        .is_some();
    Ok(DeveloperActions {
        developer,
        revise: developer,
        decide: developer && may_decide(ctx.now, d.closes_at) && !notice_published,
        notice_published,
    })
}

/// The comments the completion notice still waits for: those `publish_notice` names when it
/// refuses.
#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn undecided(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<Vec<ShownComment>> {
    Ok(comments(ctx, caller, id).await?.into_iter().filter(|s| s.comment.disposition.is_none()).collect())
}

/// A discussion of the agency that waits for it: decisions on comments or the completion notice.
pub struct Awaiting {
    pub discussion: discussion::Model,
    pub comments: usize,
    pub undecided: usize,
}

/// The agency's closed discussions without a completion notice, oldest closing first, at most
/// `limit`; for its officers only.
#[tracing::instrument(skip_all, fields(agency = agency_id))]
pub async fn awaiting(ctx: &Ctx, caller: &Caller, agency_id: i64, limit: u64) -> AppResult<Vec<Awaiting>> {
    require_developer(caller, agency_id)?;
    let noticed = sea_orm::sea_query::Query::select()
        .column(completion_notice::Column::DiscussionId)
        .from(completion_notice::Entity)
        .to_owned();
    let rows = discussion::Entity::find()
        .filter(discussion::Column::AgencyId.eq(agency_id))
        .filter(discussion::Column::ClosesAt.lt(ctx.now))
        .filter(discussion::Column::Id.not_in_subquery(noticed))
        .order_by_asc(discussion::Column::ClosesAt)
        .limit(limit)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        let shown = comments(ctx, Some(caller), d.id).await?;
        out.push(Awaiting {
            comments: shown.len(),
            undecided: shown.iter().filter(|s| s.comment.disposition.is_none()).count(),
            discussion: d,
        });
    }
    Ok(out)
}
