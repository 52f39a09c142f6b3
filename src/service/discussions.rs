//! Public discussions (Law Art. 15; Art. 23 p.6): the developer agency's officers publish a draft
//! (or an annual report) for a window of at least ten working days; identified people comment on
//! the whole text or a clause, within the window only; after it closes the agency decides on every
//! comment and publishes a generated, immutable completion notice.
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entity::{
    account, agency, comment, comment_revision, completion_notice, discussion, discussion_version, organization, report,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Query,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub mod developer;

use super::{
    Caller, Checks, Ctx, audit, organizations, outbox,
    pagination::{PageRequest, finish_page},
};
mod related;
pub use related::{Related, related};

use crate::{
    domain::{
        accounts::{Role, Scope, bounded_text},
        calendar::Calendar,
        discussions::{
            CLOCK_SKEW, Clause, ClauseChange, CommentRefusal, Disposition, Status, WindowError, anchor_clauses,
            check_window, diff, may_comment, may_decide, split_clauses,
        },
    },
    error::{AppError, AppResult, Code, FieldError},
};

pub struct NewDiscussion {
    pub subject: String,
    pub report_id: Option<i64>,
    pub title_kk: String,
    pub title_ru: String,
    pub service_ids: Vec<i64>,
    pub text_md: Option<String>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

fn discussion_audit(d: &discussion::Model) -> serde_json::Value {
    json!({"id": d.id, "agency_id": d.agency_id, "subject": d.subject, "report_id": d.report_id, "title_ru": d.title_ru,
           "opens_at": d.opens_at, "closes_at": d.closes_at, "current_version": d.current_version})
}

fn comment_audit(c: &comment::Model) -> serde_json::Value {
    json!({"id": c.id, "discussion_id": c.discussion_id, "anchor": c.anchor, "organization_id": c.organization_id,
           "proposal_md": c.proposal_md, "disposition": c.disposition, "disposition_reason": c.disposition_reason})
}

async fn entry(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    caller: &Caller,
    action: &'static str,
    entity_type: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> AppResult<()> {
    audit::record(
        conn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action,
            entity_type,
            entity_id: id.to_string(),
            before,
            after: Some(after),
        },
    )
    .await
}

/// Only officers of the developer agency act for it.
fn require_developer(caller: &Caller, agency_id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    if caller.role() == Role::AgencyOfficer && caller.account.agency_id == Some(agency_id) {
        Ok(())
    } else {
        Err(AppError::forbidden("only officers of the developer agency do this"))
    }
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<discussion::Model> {
    discussion::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("discussion", id))
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn version(conn: &impl ConnectionTrait, id: i64, number: i32) -> AppResult<discussion_version::Model> {
    discussion_version::Entity::find()
        .filter(discussion_version::Column::DiscussionId.eq(id))
        .filter(discussion_version::Column::Number.eq(number))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("discussion version", number))
}

#[tracing::instrument(skip_all)]
pub fn clauses_of(v: &discussion_version::Model) -> AppResult<Vec<Clause>> {
    super::json_column("discussion_version", v.id, "clauses", &v.clauses)
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, cal: &Calendar, n: NewDiscussion) -> AppResult<discussion::Model> {
    caller.require_scope(Scope::Write)?;
    let agency_id = caller
        .account
        .agency_id
        .filter(|_| caller.role() == Role::AgencyOfficer)
        .ok_or_else(|| AppError::forbidden("only agency officers publish drafts for discussion"))?;
    let mut c = Checks::default();
    let title_kk = c.take(bounded_text("/title_kk", &n.title_kk, 5, 500));
    let title_ru = c.take(bounded_text("/title_ru", &n.title_ru, 5, 500));
    let text = match n.subject.as_str() {
        "draft_act" => c.take(bounded_text("/text_md", n.text_md.as_deref().unwrap_or(""), 20, 500_000)),
        "report" => match n.report_id {
            None => {
                c.push(FieldError::new("/report_id", "required"));
                None
            }
            Some(rid) => match report::Entity::find_by_id(rid).one(&ctx.db).await? {
                Some(r) if r.agency_id == agency_id => Some(r.body_md),
                Some(_) => return Err(AppError::forbidden("an agency discusses only its own annual report")),
                None => {
                    c.push(FieldError::new("/report_id", "unknown_report").arg("value", rid));
                    None
                }
            },
        },
        other => {
            c.push(FieldError::new("/subject", "invalid_value").arg("value", other));
            None
        }
    };
    match check_window(cal, ctx.now, n.opens_at, n.closes_at, ctx.config.discussion_min_working_days).map_err(|_| {
        AppError::new(Code::DateOutOfRange).arg("min", 1992).arg("max", 2100).arg("value", n.closes_at.date_naive())
    })? {
        Ok(()) => {}
        Err(WindowError::OpensBeforePosting) => {
            c.push(FieldError::new("/opens_at", "opens_before_posting").arg("minutes", CLOCK_SKEW.num_minutes()))
        }
        Err(WindowError::ClosesBeforeOpening) => c.push(FieldError::new("/closes_at", "closes_before_opening")),
        Err(WindowError::TooShort { earliest_close }) => c.push(
            FieldError::new("/closes_at", "window_too_short")
                .arg("days", ctx.config.discussion_min_working_days)
                .arg("earliest", earliest_close),
        ),
    }
    let texts = text.as_deref().map(split_clauses).unwrap_or_default();
    if text.is_some() && texts.is_empty() {
        c.push(FieldError::new("/text_md", "no_clauses"));
    }
    let known: Vec<i64> = entity::public_service::Entity::find()
        .filter(entity::public_service::Column::Id.is_in(n.service_ids.clone()))
        .all(&ctx.db)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    for (i, id) in n.service_ids.iter().enumerate() {
        if !known.contains(id) {
            c.push(FieldError::new(format!("/service_ids/{i}"), "unknown_service").arg("value", id));
        }
    }
    c.finish()?;
    let mut next_anchor = 0u32;
    let clauses = anchor_clauses(&[], texts, &mut next_anchor);
    let txn = super::begin(&ctx.db).await?;
    let d = discussion::ActiveModel {
        agency_id: Set(agency_id),
        subject: Set(n.subject),
        report_id: Set(n.report_id),
        title_kk: Set(title_kk.unwrap_or_default()),
        title_ru: Set(title_ru.unwrap_or_default()),
        service_ids: Set(json!(n.service_ids)),
        opens_at: Set(n.opens_at),
        closes_at: Set(n.closes_at),
        current_version: Set(1),
        next_anchor: Set(next_anchor as i32),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    discussion_version::ActiveModel {
        discussion_id: Set(d.id),
        number: Set(1),
        text_md: Set(text.unwrap_or_default()),
        clauses: Set(json!(clauses)),
        note: Set(None),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    entry(&txn, ctx, caller, "discussion.create", "discussion", d.id, None, discussion_audit(&d)).await?;
    txn.commit().await?;
    Ok(d)
}

/// A revised text: a new version whose clauses keep the anchors of the clauses they continue.
#[tracing::instrument(skip_all, fields(account = caller.id(), discussion = id))]
pub async fn revise(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    text_md: &str,
    note: Option<String>,
) -> AppResult<discussion_version::Model> {
    let txn = super::begin(&ctx.db).await?;
    let d = find(&txn, id).await?;
    require_developer(caller, d.agency_id)?;
    let mut c = Checks::default();
    let text = c.take(bounded_text("/text_md", text_md, 20, 500_000));
    let texts = text.as_deref().map(split_clauses).unwrap_or_default();
    if text.is_some() && texts.is_empty() {
        c.push(FieldError::new("/text_md", "no_clauses"));
    }
    c.finish()?;
    let current = version(&txn, id, d.current_version).await?;
    let mut next_anchor = d.next_anchor as u32;
    let clauses = anchor_clauses(&clauses_of(&current)?, texts, &mut next_anchor);
    let number = d.current_version + 1;
    let v = discussion_version::ActiveModel {
        discussion_id: Set(id),
        number: Set(number),
        text_md: Set(text.unwrap_or_default()),
        clauses: Set(json!(clauses)),
        note: Set(note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let before = discussion_audit(&d);
    let mut am = d.into_active_model();
    am.current_version = Set(number);
    am.next_anchor = Set(next_anchor as i32);
    let d = am.update(&txn).await?;
    entry(&txn, ctx, caller, "discussion.revise", "discussion", id, Some(before), discussion_audit(&d)).await?;
    txn.commit().await?;
    Ok(v)
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn versions(ctx: &Ctx, id: i64) -> AppResult<Vec<discussion_version::Model>> {
    find(&ctx.db, id).await?;
    Ok(discussion_version::Entity::find()
        .filter(discussion_version::Column::DiscussionId.eq(id))
        .order_by_asc(discussion_version::Column::Number)
        .all(&ctx.db)
        .await?)
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn clause_diff(ctx: &Ctx, id: i64, from: i32, to: i32) -> AppResult<Vec<ClauseChange>> {
    let a = version(&ctx.db, id, from).await?;
    let b = version(&ctx.db, id, to).await?;
    Ok(diff(&clauses_of(&a)?, &clauses_of(&b)?))
}

fn refusal(r: CommentRefusal) -> AppError {
    match r {
        CommentRefusal::NotOpen => AppError::new(Code::DiscussionNotOpen),
        CommentRefusal::Closed => AppError::new(Code::DiscussionClosed),
    }
}

pub struct NewComment {
    pub anchor: Option<String>,
    pub organization_id: Option<i64>,
    pub proposal_md: String,
    pub replacement_text: Option<String>,
}

/// Law Art. 15: anonymous comments and late ones are not considered, so neither is accepted.
#[tracing::instrument(skip_all, fields(account = caller.id(), discussion = id))]
pub async fn comment(ctx: &Ctx, caller: &Caller, id: i64, n: NewComment) -> AppResult<comment::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let d = find(&txn, id).await?;
    may_comment(ctx.now, d.opens_at, d.closes_at).map_err(refusal)?;
    if caller.account.full_name.as_deref().is_none_or(|f| f.trim().is_empty()) {
        return Err(AppError::new(Code::AnonymousComment));
    }
    if let Some(org) = n.organization_id
        && organizations::role_in(&txn, org, caller.id()).await?.is_none()
    {
        return Err(AppError::forbidden("only members comment in an organisation's name"));
    }
    let current = version(&txn, id, d.current_version).await?;
    let mut c = Checks::default();
    let proposal = c.take(bounded_text("/proposal_md", &n.proposal_md, 5, 20_000));
    if let Some(a) = &n.anchor
        && !clauses_of(&current)?.iter().any(|cl| &cl.anchor == a)
    {
        c.push(FieldError::new("/anchor", "unknown_clause").arg("value", a));
    }
    let replacement = n.replacement_text.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if replacement.is_some() && n.anchor.is_none() {
        c.push(FieldError::new("/replacement_text", "needs_clause"));
    }
    c.finish()?;
    let cm = comment::ActiveModel {
        discussion_id: Set(id),
        version_number: Set(d.current_version),
        anchor: Set(n.anchor),
        author_id: Set(caller.id()),
        organization_id: Set(n.organization_id),
        proposal_md: Set(proposal.unwrap_or_default()),
        replacement_text: Set(replacement),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    entry(&txn, ctx, caller, "comment.create", "comment", cm.id, None, comment_audit(&cm)).await?;
    outbox::enqueue(&txn, ctx, COMMENT, cm.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(cm)
}

/// Authors edit until the window closes, never after; every earlier text is kept.
#[tracing::instrument(skip_all, fields(account = caller.id(), discussion = id))]
pub async fn edit_comment(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    cid: i64,
    proposal_md: &str,
    replacement_text: Option<String>,
) -> AppResult<comment::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let d = find(&txn, id).await?;
    let cm = comment::Entity::find_by_id(cid)
        .filter(comment::Column::DiscussionId.eq(id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("comment", cid))?;
    if cm.author_id != caller.id() {
        return Err(AppError::forbidden("only the author edits a comment"));
    }
    may_comment(ctx.now, d.opens_at, d.closes_at).map_err(refusal)?;
    let mut c = Checks::default();
    let proposal = c.take(bounded_text("/proposal_md", proposal_md, 5, 20_000));
    c.finish()?;
    comment_revision::ActiveModel {
        comment_id: Set(cm.id),
        proposal_md: Set(cm.proposal_md.clone()),
        replacement_text: Set(cm.replacement_text.clone()),
        created_at: Set(cm.updated_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let before = comment_audit(&cm);
    let mut am = cm.into_active_model();
    am.proposal_md = Set(proposal.unwrap_or_default());
    if let Some(r) = replacement_text {
        am.replacement_text = Set(Some(r).filter(|r| !r.trim().is_empty()));
    }
    am.updated_at = Set(ctx.now);
    let cm = am.update(&txn).await?;
    entry(&txn, ctx, caller, "comment.edit", "comment", cm.id, Some(before), comment_audit(&cm)).await?;
    outbox::enqueue(&txn, ctx, COMMENT, cm.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(cm)
}

#[tracing::instrument(skip_all)]
pub async fn comment_revisions(ctx: &Ctx, cid: i64) -> AppResult<Vec<comment_revision::Model>> {
    Ok(comment_revision::Entity::find()
        .filter(comment_revision::Column::CommentId.eq(cid))
        .order_by_asc(comment_revision::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// The outbox entity types of comments and completion notices (a notice by its discussion's id):
/// each change is an event of its open-data dataset.
pub const COMMENT: &str = "comment";
pub const NOTICE: &str = "completion_notice";

/// A comment with the names it is published under; never an e-mail, phone or IIN.
pub struct ShownComment {
    pub comment: comment::Model,
    /// Who the comment is published under, for readers of the discussion and in the completion
    /// notice alike (DOMAIN: "the completion notice names the author as the author chose to be
    /// shown"): the organisation's name, else the author's `accounts::public_name`; `None` for a
    /// person who keeps their name private.
    pub source: Option<String>,
    /// Set when a moderator hid the comment; only its author, moderators and the developer
    /// agency's officers (who must still decide on it) are given hidden comments.
    pub hidden: Option<crate::domain::moderation::Hidden>,
}

impl ShownComment {
    /// The source as a reader in `lang` sees it.
    pub fn source_in(&self, lang: crate::i18n::Lang) -> String {
        super::accounts::shown_name(self.source.clone(), lang)
    }
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn comments(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<Vec<ShownComment>> {
    let d = find(&ctx.db, id).await?;
    let rows = comment::Entity::find()
        .filter(comment::Column::DiscussionId.eq(id))
        .order_by_asc(comment::Column::Id)
        .all(&ctx.db)
        .await?;
    let moderator = caller.is_some_and(Caller::moderates);
    let developer = caller.is_some_and(|c| c.role() == Role::AgencyOfficer && c.account.agency_id == Some(d.agency_id));
    let reads = |c: &comment::Model| {
        c.hidden_at.is_none() || moderator || developer || caller.is_some_and(|x| x.id() == c.author_id)
    };
    shown(&ctx.db, rows.into_iter().filter(reads).collect()).await
}

/// The names each comment is published under.
async fn shown(conn: &impl ConnectionTrait, rows: Vec<comment::Model>) -> AppResult<Vec<ShownComment>> {
    let authors: BTreeMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(rows.iter().map(|c| c.author_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let orgs: BTreeMap<i64, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(rows.iter().filter_map(|c| c.organization_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| {
            let source = match c.organization_id.and_then(|o| orgs.get(&o)) {
                Some(o) => Some(o.name.clone()),
                None => authors.get(&c.author_id).and_then(super::accounts::public_name),
            };
            let hidden = crate::domain::moderation::Hidden::of(c.hidden_at, c.hidden_reason.as_deref());
            ShownComment { comment: c, source, hidden }
        })
        .collect())
}

/// After the window closes the developer agency decides on each comment.
#[tracing::instrument(skip_all, fields(account = caller.id(), discussion = id))]
pub async fn dispose(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    cid: i64,
    decision: &str,
    reason: Option<String>,
) -> AppResult<comment::Model> {
    let txn = super::begin(&ctx.db).await?;
    let d = find(&txn, id).await?;
    require_developer(caller, d.agency_id)?;
    if !may_decide(ctx.now, d.closes_at) {
        return Err(AppError::new(Code::DiscussionStillOpen).arg("closes_at", d.closes_at.to_rfc3339()));
    }
    if completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.eq(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::new(Code::NoticeAlreadyPublished));
    }
    let cm = comment::Entity::find_by_id(cid)
        .filter(comment::Column::DiscussionId.eq(id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("comment", cid))?;
    let mut c = Checks::default();
    let decision = c.take(
        Disposition::parse(decision)
            .ok_or_else(|| FieldError::new("/decision", "invalid_value").arg("value", decision)),
    );
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if decision.is_some_and(Disposition::needs_reason) && reason.is_none() {
        c.push(FieldError::new("/reason", "required"));
    }
    c.finish()?;
    let before = comment_audit(&cm);
    let mut am = cm.into_active_model();
    am.disposition = Set(decision.map(|d| d.as_str().to_string()));
    am.disposition_reason = Set(reason);
    am.disposed_by = Set(Some(caller.id()));
    am.disposed_at = Set(Some(ctx.now));
    let cm = am.update(&txn).await?;
    entry(&txn, ctx, caller, "comment.dispose", "comment", cm.id, Some(before), comment_audit(&cm)).await?;
    outbox::enqueue(&txn, ctx, COMMENT, cm.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(cm)
}

/// One line of the completion notice.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeItem {
    pub comment_id: i64,
    /// `null` for the whole draft.
    pub clause_anchor: Option<String>,
    pub clause_number: Option<u32>,
    /// The comment in brief.
    pub brief: String,
    /// Who made it: a person's full name or an organisation's name.
    pub source: String,
    pub decision: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeContent {
    pub discussion_id: i64,
    pub agency: String,
    pub title_kk: String,
    pub title_ru: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub items: Vec<NoticeItem>,
    /// Per decision, and `total`.
    pub totals: BTreeMap<String, u64>,
    /// The version of the text as revised, and where to read it.
    pub revised_version: i32,
    pub revised_text_url: String,
}

fn brief(md: &str) -> String {
    let text = crate::markdown::to_text(md).replace('\n', " ");
    let mut out: String = text.chars().take(280).collect();
    if text.chars().count() > 280 {
        out.push('…');
    }
    out
}

/// The notice in Markdown, with headings in Kazakh and Russian.
#[tracing::instrument(skip_all)]
pub fn notice_markdown(n: &NoticeContent) -> String {
    let mut md = format!(
        "# Жария талқылаудың қорытындысы туралы хабарлама / Уведомление о завершении публичного обсуждения\n\n**{}** / **{}**\n\n{}\n\nТалқылау / Обсуждение: {} — {} (UTC)\n\n",
        n.title_kk.replace('*', "\\*"),
        n.title_ru.replace('*', "\\*"),
        n.agency,
        n.opened_at.format("%Y-%m-%d %H:%M"),
        n.closed_at.format("%Y-%m-%d %H:%M"),
    );
    md.push_str("| № | Тармақ / Пункт | Ескерту / Замечание | Дереккөз / Источник | Шешім / Решение | Негіздеме / Обоснование |\n|---|---|---|---|---|---|\n");
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for (i, it) in n.items.iter().enumerate() {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            it.clause_number.map_or_else(|| "—".to_string(), |c| c.to_string()),
            cell(&it.brief),
            cell(&it.source),
            it.decision,
            cell(it.reason.as_deref().unwrap_or("")),
        ));
    }
    md.push_str("\n**Барлығы / Итого:** ");
    md.push_str(&n.totals.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "));
    md.push_str(&format!(
        "\n\nӨңделген жоба / Доработанный проект: версия {} — {}\n",
        n.revised_version, n.revised_text_url
    ));
    md
}

#[tracing::instrument(skip_all, fields(account = caller.id(), discussion = id))]
pub async fn publish_notice(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<completion_notice::Model> {
    let txn = super::begin(&ctx.db).await?;
    let d = find(&txn, id).await?;
    require_developer(caller, d.agency_id)?;
    if !may_decide(ctx.now, d.closes_at) {
        return Err(AppError::new(Code::DiscussionStillOpen).arg("closes_at", d.closes_at.to_rfc3339()));
    }
    if completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.eq(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::new(Code::NoticeAlreadyPublished));
    }
    let shown = comments(ctx, Some(caller), id).await?;
    let missing: Vec<String> =
        shown.iter().filter(|s| s.comment.disposition.is_none()).map(|s| s.comment.id.to_string()).collect();
    if !missing.is_empty() {
        return Err(AppError::new(Code::DispositionsMissing).arg("comments", missing.join(", ")));
    }
    let versions = discussion_version::Entity::find()
        .filter(discussion_version::Column::DiscussionId.eq(id))
        .all(&txn)
        .await?
        .iter()
        .map(|v| Ok((v.number, clauses_of(v)?)))
        .collect::<AppResult<Vec<_>>>()?;
    let clause_number = |version: i32, anchor: &str| {
        versions
            .iter()
            .find(|(number, _)| *number == version)
            .and_then(|(_, clauses)| clauses.iter().find(|c| c.anchor == anchor))
            .map(|c| c.number)
    };
    let agency = agency::Entity::find_by_id(d.agency_id).one(&txn).await?.map(|a| a.name_ru).unwrap_or_default();
    let mut totals: BTreeMap<String, u64> = Disposition::ALL.iter().map(|d| (d.as_str().to_string(), 0)).collect();
    let items: Vec<NoticeItem> = shown
        .iter()
        .map(|s| {
            let decision = s.comment.disposition.clone().unwrap_or_default();
            *totals.entry(decision.clone()).or_insert(0) += 1;
            NoticeItem {
                comment_id: s.comment.id,
                clause_number: s.comment.anchor.as_deref().and_then(|a| clause_number(s.comment.version_number, a)),
                clause_anchor: s.comment.anchor.clone(),
                // A hidden comment is still decided (the law counts every identified comment), but
                // the public notice does not repeat its words.
                brief: match &s.hidden {
                    None => brief(&s.comment.proposal_md),
                    Some(_) => {
                        use crate::i18n::{Lang, text};
                        let w = "moderation.withdrawn_text";
                        format!("{} / {}", text(Lang::Kk, w), text(Lang::Ru, w))
                    }
                },
                // The notice is bilingual, so is "a citizen".
                source: s.source.clone().unwrap_or_else(|| {
                    use crate::i18n::{Lang, text};
                    let hidden = super::accounts::HIDDEN_NAME;
                    format!("{} / {}", text(Lang::Kk, hidden), text(Lang::Ru, hidden))
                }),
                decision,
                reason: s.comment.disposition_reason.clone(),
            }
        })
        .collect();
    totals.insert("total".into(), items.len() as u64);
    let content = NoticeContent {
        discussion_id: id,
        agency,
        title_kk: d.title_kk.clone(),
        title_ru: d.title_ru.clone(),
        opened_at: d.opens_at,
        closed_at: d.closes_at,
        items,
        totals,
        revised_version: d.current_version,
        revised_text_url: format!("/api/v1/discussions/{id}/versions/{}", d.current_version),
    };
    let notice = completion_notice::ActiveModel {
        discussion_id: Set(id),
        markdown: Set(notice_markdown(&content)),
        content: Set(json!(content)),
        published_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    entry(&txn, ctx, caller, "discussion.notice", "discussion", id, None, json!({"notice_id": notice.id})).await?;
    // The notice is a published document: it enters the search index (kind `draft_act`).
    outbox::enqueue(&txn, ctx, "discussion", id, outbox::UPSERT).await?;
    outbox::enqueue(&txn, ctx, NOTICE, id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(notice)
}

#[tracing::instrument(skip_all, fields(discussion = id))]
pub async fn notice(ctx: &Ctx, id: i64) -> AppResult<completion_notice::Model> {
    find(&ctx.db, id).await?;
    completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.eq(id))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("completion notice", id))
}

#[derive(Default, Clone)]
pub struct DiscussionFilter {
    pub agency_id: Option<i64>,
    /// `upcoming`, `open` or `closed`.
    pub status: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Ctx,
    f: DiscussionFilter,
    page: PageRequest,
) -> AppResult<(Vec<discussion::Model>, Option<String>)> {
    let mut q = discussion::Entity::find();
    if let Some(a) = f.agency_id {
        q = q.filter(discussion::Column::AgencyId.eq(a));
    }
    if let Some(s) = f.status.as_deref() {
        let status =
            Status::parse(s).ok_or_else(|| AppError::invalid_parameter("status", "upcoming, open or closed"))?;
        // `domain::discussions::status` as a query: the same inclusive window.
        q = match status {
            Status::Upcoming => q.filter(discussion::Column::OpensAt.gt(ctx.now)),
            Status::Open => {
                q.filter(discussion::Column::OpensAt.lte(ctx.now)).filter(discussion::Column::ClosesAt.gte(ctx.now))
            }
            Status::Closed => q.filter(discussion::Column::ClosesAt.lt(ctx.now)),
        };
    }
    if let Some(after) = page.after {
        q = q.filter(discussion::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(discussion::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |d| d.id))
}

/// Per-agency figures (open data).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct AgencyFigures {
    pub discussions_held: u64,
    pub comments_received: u64,
    pub comments_accepted: u64,
    pub comments_partially_accepted: u64,
    /// (accepted + partially accepted) / decided comments.
    pub share_accepted: Option<f64>,
    pub median_days_close_to_notice: Option<f64>,
}

#[tracing::instrument(skip_all, fields(agency = agency_id))]
pub async fn agency_figures(ctx: &Ctx, agency_id: i64) -> AppResult<AgencyFigures> {
    agency::Entity::find_by_id(agency_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("agency", agency_id))?;
    let held = discussion::Entity::find()
        .filter(discussion::Column::AgencyId.eq(agency_id))
        .filter(discussion::Column::ClosesAt.lt(ctx.now))
        .all(&ctx.db)
        .await?;
    let ids: Vec<i64> = held.iter().map(|d| d.id).collect();
    let decisions: Vec<Option<String>> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Disposition)
        .filter(comment::Column::DiscussionId.is_in(ids.clone()))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let notices = completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.is_in(ids))
        .all(&ctx.db)
        .await?;
    let mut f = AgencyFigures {
        discussions_held: held.len() as u64,
        comments_received: decisions.len() as u64,
        ..Default::default()
    };
    let decided = decisions.iter().filter(|d| d.is_some()).count() as u64;
    f.comments_accepted = decisions.iter().filter(|d| d.as_deref() == Some("accepted")).count() as u64;
    f.comments_partially_accepted =
        decisions.iter().filter(|d| d.as_deref() == Some("partially_accepted")).count() as u64;
    f.share_accepted =
        (decided > 0).then(|| (f.comments_accepted + f.comments_partially_accepted) as f64 / decided as f64);
    let mut days: Vec<f64> = notices
        .iter()
        .filter_map(|n| {
            held.iter()
                .find(|d| d.id == n.discussion_id)
                .map(|d| (n.published_at - d.closes_at).num_seconds() as f64 / 86_400.0)
        })
        .collect();
    days.sort_by(|a, b| a.total_cmp(b));
    f.median_days_close_to_notice = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2.0),
    };
    Ok(f)
}

#[derive(Default, Clone)]
pub struct CommentFilter {
    pub discussion_id: Option<i64>,
    /// The developer agency of the discussion.
    pub agency_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// `accepted`, `partially_accepted`, `rejected`, `not_considered`, or `none` for undecided.
    pub decision: Option<String>,
}

/// Every discussion's comments, as the public reads them (public from creation), keyset-paged
/// by id.
#[tracing::instrument(skip_all)]
pub async fn list_comments(
    ctx: &Ctx,
    f: CommentFilter,
    page: PageRequest,
) -> AppResult<(Vec<ShownComment>, Option<String>)> {
    let mut q = comment::Entity::find().filter(comment::Column::HiddenAt.is_null());
    if let Some(d) = f.discussion_id {
        q = q.filter(comment::Column::DiscussionId.eq(d));
    }
    if let Some(a) = f.agency_id {
        let of_agency = Query::select()
            .column(discussion::Column::Id)
            .from(discussion::Entity)
            .and_where(discussion::Column::AgencyId.eq(a))
            .to_owned();
        q = q.filter(comment::Column::DiscussionId.in_subquery(of_agency));
    }
    if let Some(o) = f.organization_id {
        q = q.filter(comment::Column::OrganizationId.eq(o));
    }
    match f.decision.as_deref() {
        None => {}
        Some("none") => q = q.filter(comment::Column::Disposition.is_null()),
        Some(d) => {
            let d = Disposition::parse(d).ok_or_else(|| {
                AppError::invalid_parameter(
                    "decision",
                    "accepted, partially_accepted, rejected, not_considered or none",
                )
            })?;
            q = q.filter(comment::Column::Disposition.eq(d.as_str()));
        }
    }
    if let Some(after) = page.after {
        q = q.filter(comment::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(comment::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    let (rows, next) = finish_page(rows, page, |c| c.id);
    Ok((shown(&ctx.db, rows).await?, next))
}

#[tracing::instrument(skip_all)]
pub async fn comment_public(ctx: &Ctx, cid: i64) -> AppResult<ShownComment> {
    let c = comment::Entity::find_by_id(cid).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("comment", cid))?;
    if let Some(reason) = &c.hidden_reason {
        return Err(AppError::new(Code::Withdrawn).arg("reason", reason));
    }
    shown(&ctx.db, vec![c]).await?.pop().ok_or_else(|| AppError::not_found("comment", cid))
}

#[derive(Default, Clone)]
pub struct NoticeFilter {
    /// The developer agency of the discussion.
    pub agency_id: Option<i64>,
}

/// Published completion notices, keyset-paged by their discussion's id (one notice each).
#[tracing::instrument(skip_all)]
pub async fn list_notices(
    ctx: &Ctx,
    f: NoticeFilter,
    page: PageRequest,
) -> AppResult<(Vec<completion_notice::Model>, Option<String>)> {
    let mut q = completion_notice::Entity::find();
    if let Some(a) = f.agency_id {
        let of_agency = Query::select()
            .column(discussion::Column::Id)
            .from(discussion::Entity)
            .and_where(discussion::Column::AgencyId.eq(a))
            .to_owned();
        q = q.filter(completion_notice::Column::DiscussionId.in_subquery(of_agency));
    }
    if let Some(after) = page.after {
        q = q.filter(completion_notice::Column::DiscussionId.gt(after));
    }
    let rows = q.order_by_asc(completion_notice::Column::DiscussionId).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |n| n.discussion_id))
}

/// The catalog's figures of comments: all of them, changed when written, edited or decided.
#[tracing::instrument(skip_all)]
pub async fn comment_stats(db: &DatabaseConnection) -> AppResult<super::datasets::Stats> {
    let public = || comment::Entity::find().filter(comment::Column::HiddenAt.is_null());
    let records = public().count(db).await?;
    let newest = public().order_by_desc(comment::Column::UpdatedAt).one(db).await?;
    let decided = public().order_by_desc(comment::Column::DisposedAt).one(db).await?;
    let updated_at = [newest.map(|c| c.updated_at), decided.and_then(|c| c.disposed_at)].into_iter().flatten().max();
    Ok(super::datasets::Stats { records, updated_at })
}

#[tracing::instrument(skip_all)]
pub async fn comment_ids(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::Id.is_in(ids))
        .filter(comment::Column::HiddenAt.is_null())
        .into_tuple()
        .all(db)
        .await?)
}

#[tracing::instrument(skip_all)]
pub async fn notice_stats(db: &DatabaseConnection) -> AppResult<super::datasets::Stats> {
    let records = completion_notice::Entity::find().count(db).await?;
    let newest =
        completion_notice::Entity::find().order_by_desc(completion_notice::Column::PublishedAt).one(db).await?;
    Ok(super::datasets::Stats { records, updated_at: newest.map(|n| n.published_at) })
}

/// Of these discussion ids, those with a published notice.
#[tracing::instrument(skip_all)]
pub async fn notice_ids(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(completion_notice::Entity::find()
        .select_only()
        .column(completion_notice::Column::DiscussionId)
        .filter(completion_notice::Column::DiscussionId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}
