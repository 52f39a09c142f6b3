//! Moderation: hiding a comment, an observation's public part, an evidence file or a conclusion
//! from public view with a stated reason, showing it again, and the moderation log. A hidden
//! record stays stored and unchanged: its authors (and the team, and for a comment the developer
//! agency, which must still decide on it under Law Art. 15) read it marked hidden with the reason;
//! the public reads, exports, feed and search leave it out, and the feed says it was withdrawn.
pub mod queue;

use chrono::{DateTime, Utc};
use entity::{audit_log, campaign, comment, conclusion, evidence, observation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};
use serde_json::json;

use super::{
    Caller, Ctx, audit, discussions, observations, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        campaigns::CampaignState,
        conclusions::ConclusionState,
        moderation::{self, Hidden, Subject},
    },
    error::{AppError, AppResult, Code},
};

/// A record as moderation sees it.
#[derive(Clone, Debug)]
pub struct Moderated {
    pub subject: Subject,
    pub id: i64,
    pub hidden: Option<Hidden>,
    /// Where the record is read in the API.
    pub url: String,
}

fn require_moderator(caller: &Caller) -> AppResult<()> {
    if moderation::may_moderate(caller.role()) {
        Ok(())
    } else {
        Err(AppError::forbidden("only moderators and administrators hide or show records"))
    }
}

/// The record's hidden mark, its API address, and the feed entry a change of it makes: a record
/// the public could read, or 404 (a draft is nobody's to moderate).
struct Target {
    hidden_at: Option<DateTime<Utc>>,
    hidden_reason: Option<String>,
    url: String,
    /// The outbox entity type and id that carry the change into the feed and the search index.
    feed: (&'static str, i64),
    /// Whether the feed shows the change as a withdrawal of that entity (or as its update, when
    /// a part of it is hidden: an evidence file of an observation).
    withdraws_entity: bool,
}

async fn campaign_is_public(conn: &impl ConnectionTrait, campaign_id: i64) -> AppResult<bool> {
    Ok(campaign::Entity::find_by_id(campaign_id)
        .one(conn)
        .await?
        .is_some_and(|c| CampaignState::parse(&c.state).is_some_and(|s| s != CampaignState::Draft)))
}

async fn target(conn: &impl ConnectionTrait, subject: Subject, id: i64) -> AppResult<Target> {
    let missing = || AppError::not_found(subject.as_str(), id);
    match subject {
        Subject::Comment => {
            let c = comment::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            Ok(Target {
                hidden_at: c.hidden_at,
                hidden_reason: c.hidden_reason,
                url: format!("/api/v1/comments/{id}"),
                feed: (discussions::COMMENT, id),
                withdraws_entity: true,
            })
        }
        Subject::Observation => {
            let o = observation::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            if !campaign_is_public(conn, o.campaign_id).await? {
                return Err(missing());
            }
            Ok(Target {
                hidden_at: o.hidden_at,
                hidden_reason: o.hidden_reason,
                url: format!("/api/v1/observations/{id}"),
                feed: (observations::SUBJECT, id),
                withdraws_entity: true,
            })
        }
        Subject::Evidence => {
            let e = evidence::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            let o = observation::Entity::find_by_id(e.observation_id).one(conn).await?.ok_or_else(missing)?;
            if !campaign_is_public(conn, o.campaign_id).await? {
                return Err(missing());
            }
            Ok(Target {
                hidden_at: e.hidden_at,
                hidden_reason: e.hidden_reason,
                url: format!("/api/v1/campaigns/{}/observations/{}/evidence/{id}", o.campaign_id, o.id),
                feed: (observations::SUBJECT, o.id),
                withdraws_entity: false,
            })
        }
        Subject::Conclusion => {
            let c = conclusion::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            if ConclusionState::parse(&c.state).is_none_or(|s| s == ConclusionState::Draft) {
                return Err(missing());
            }
            Ok(Target {
                hidden_at: c.hidden_at,
                hidden_reason: c.hidden_reason,
                url: format!("/api/v1/conclusions/{id}"),
                feed: ("conclusion", id),
                withdraws_entity: true,
            })
        }
    }
}

/// Write the hidden mark (or clear it) on one record.
async fn mark(
    conn: &impl ConnectionTrait,
    subject: Subject,
    id: i64,
    hidden: Option<(DateTime<Utc>, String, i64)>,
) -> AppResult<()> {
    let (at, reason, by) = match hidden {
        Some((at, reason, by)) => (Some(at), Some(reason), Some(by)),
        None => (None, None, None),
    };
    macro_rules! update {
        ($e:ident) => {
            $e::Entity::update_many()
                .col_expr($e::Column::HiddenAt, Expr::value(at))
                .col_expr($e::Column::HiddenReason, Expr::value(reason))
                .col_expr($e::Column::HiddenBy, Expr::value(by))
                .filter($e::Column::Id.eq(id))
                .exec(conn)
                .await?
        };
    }
    match subject {
        Subject::Comment => update!(comment),
        Subject::Observation => update!(observation),
        Subject::Evidence => update!(evidence),
        Subject::Conclusion => update!(conclusion),
    };
    Ok(())
}

/// Hide a record from public view with a stated reason.
#[tracing::instrument(skip(ctx, caller, reason), fields(account = caller.id(), subject = subject.as_str(), id))]
pub async fn hide(ctx: &Ctx, caller: &Caller, subject: Subject, id: i64, reason: &str) -> AppResult<Moderated> {
    caller.require_scope(crate::domain::accounts::Scope::Write)?;
    require_moderator(caller)?;
    let reason = moderation::reason("/reason", reason).map_err(|e| AppError::validation(vec![e]))?;
    let txn = super::begin(&ctx.db).await?;
    let t = target(&txn, subject, id).await?;
    if t.hidden_at.is_some() {
        return Err(AppError::new(Code::AlreadyHidden).arg("reason", t.hidden_reason.unwrap_or_default()));
    }
    mark(&txn, subject, id, Some((ctx.now, reason.clone(), caller.id()))).await?;
    let action = if t.withdraws_entity { outbox::WITHDRAW } else { outbox::UPSERT };
    outbox::enqueue(&txn, ctx, t.feed.0, t.feed.1, action).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: HIDE,
            entity_type: subject.as_str(),
            entity_id: id.to_string(),
            before: Some(json!({"hidden": false})),
            after: Some(json!({"hidden": true, "reason": reason})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Moderated { subject, id, hidden: Some(Hidden { at: ctx.now, reason }), url: t.url })
}

/// Show a hidden record again.
#[tracing::instrument(skip(ctx, caller), fields(account = caller.id(), subject = subject.as_str(), id))]
pub async fn unhide(ctx: &Ctx, caller: &Caller, subject: Subject, id: i64) -> AppResult<Moderated> {
    caller.require_scope(crate::domain::accounts::Scope::Write)?;
    require_moderator(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let t = target(&txn, subject, id).await?;
    let Some(before) = Hidden::of(t.hidden_at, t.hidden_reason.as_deref()) else {
        return Err(AppError::new(Code::NotHidden));
    };
    mark(&txn, subject, id, None).await?;
    outbox::enqueue(&txn, ctx, t.feed.0, t.feed.1, outbox::UPSERT).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: UNHIDE,
            entity_type: subject.as_str(),
            entity_id: id.to_string(),
            before: Some(json!({"hidden": true, "reason": before.reason})),
            after: Some(json!({"hidden": false})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Moderated { subject, id, hidden: None, url: t.url })
}

/// The audit actions moderation writes: the moderation log is the audit log's entries of these.
pub const HIDE: &str = "moderation.hide";
pub const UNHIDE: &str = "moderation.unhide";

#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    pub subject: Option<Subject>,
    pub moderator_id: Option<i64>,
}

/// The moderation log, oldest first, for moderators and administrators.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn log(
    ctx: &Ctx,
    caller: &Caller,
    f: LogFilter,
    page: PageRequest,
) -> AppResult<(Vec<audit_log::Model>, Option<String>)> {
    require_moderator(caller)?;
    let mut q = audit_log::Entity::find().filter(audit_log::Column::Action.is_in([HIDE, UNHIDE]));
    if let Some(s) = f.subject {
        q = q.filter(audit_log::Column::EntityType.eq(s.as_str()));
    }
    if let Some(m) = f.moderator_id {
        q = q.filter(audit_log::Column::ActorId.eq(m));
    }
    if let Some(after) = page.after {
        q = q.filter(audit_log::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(audit_log::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |r| r.id))
}
