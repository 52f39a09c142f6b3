//! Information requests (Law Art. 29 p.2): drafted by an individual or an NGO member, checked
//! against what is already published, registered with a deadline counted on the calendar, and
//! answered, extended, refused or forwarded by the addressed agency's officers, all on the record.
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use entity::{agency, info_request, public_service, request_check, request_event, request_file};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{
    Caller, Checks, Ctx, audit, notifications, organizations, outbox,
    pagination::{PageRequest, finish_page},
    reports::AttachmentLink,
    search as search_service,
};
mod drafts;
mod inbox;
mod officer;
mod published_check;
mod related;
pub use drafts::{FormChoices, delete_draft, form_choices, may_edit_draft};
pub use inbox::{InboxCounts, InboxFilter, InboxPage, InboxStates, inbox};
pub use officer::{agency_events, extension_preview};
pub use published_check::{CheckMatch, CheckResult, published_check};
pub use related::{Related, check_of, public_requester, related};

use crate::{
    domain::{
        accounts::{Role, Scope, bounded_text, web_url},
        calendar::{Calendar, local_date},
        directory::AgencyKind,
        reports::ReportLanguage,
        requests::{
            DeadlineRule, Event, RefusalGround, RequestState, TransitionError, answered_in_time, is_overdue,
            may_receive_requests,
        },
    },
    error::{AppError, AppResult, Code, FieldError},
};

pub struct RequestDraft {
    pub agency_id: i64,
    pub organization_id: Option<i64>,
    pub language: String,
    pub subject: String,
    pub questions_md: String,
    pub service_ids: Vec<i64>,
    pub campaign_id: Option<i64>,
}

#[derive(Default)]
pub struct DraftChange {
    pub agency_id: Option<i64>,
    pub language: Option<String>,
    pub subject: Option<String>,
    pub questions_md: Option<String>,
    pub service_ids: Option<Vec<i64>>,
    /// `Some(None)` unlinks the campaign.
    pub campaign_id: Option<Option<i64>>,
}

fn text_hash(agency_id: i64, subject: &str, questions: &str) -> String {
    hex::encode(Sha256::digest(format!("{agency_id}\n{subject}\n{questions}").as_bytes()))
}

fn request_audit(r: &info_request::Model) -> serde_json::Value {
    json!({"id": r.id, "number": r.number, "agency_id": r.agency_id, "organization_id": r.organization_id, "state": r.state,
           "subject": r.subject, "due_date": r.due_date, "extended": r.extended, "parent_id": r.parent_id,
           "refusal_ground": r.refusal_ground})
}

fn state_of(r: &info_request::Model) -> RequestState {
    RequestState::parse(&r.state).unwrap_or(RequestState::Draft)
}

fn transition_error(e: TransitionError) -> AppError {
    match e {
        TransitionError::AlreadyExtended => AppError::new(Code::AlreadyExtended),
        TransitionError::Illegal { from, event } => {
            AppError::new(Code::IllegalTransition).arg("state", from.as_str()).arg("action", event.as_str())
        }
    }
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<info_request::Model> {
    info_request::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("request", id))
}

/// Check the fields of a draft against the law and the directory.
async fn check_fields(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    agency_id: i64,
    organization_id: Option<i64>,
    language: &str,
    subject: &str,
    questions: &str,
    service_ids: &[i64],
) -> AppResult<(String, String)> {
    let mut c = Checks::default();
    match agency::Entity::find_by_id(agency_id).one(conn).await? {
        None => c.push(FieldError::new("/agency_id", "unknown_agency").arg("value", agency_id)),
        Some(a) => {
            if !AgencyKind::parse(&a.kind).is_some_and(may_receive_requests) {
                return Err(AppError::new(Code::AddresseeNotAllowed).arg("kind", &a.kind));
            }
        }
    }
    if let Some(org) = organization_id
        && organizations::role_in(conn, org, caller.id()).await?.is_none()
    {
        return Err(AppError::forbidden("only members of an organisation send requests in its name"));
    }
    if ReportLanguage::parse(language).is_none() {
        c.push(FieldError::new("/language", "invalid_value").arg("value", language));
    }
    let subject = c.take(bounded_text("/subject", subject, 5, 300));
    let questions = c.take(bounded_text("/questions_md", questions, 10, 20_000));
    if service_ids.len() > 20 {
        c.push(FieldError::new("/service_ids", "too_long").arg("max", 20));
    }
    let found: Vec<i64> = public_service::Entity::find()
        .filter(public_service::Column::Id.is_in(service_ids.to_vec()))
        .all(conn)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    for (i, id) in service_ids.iter().enumerate() {
        if !found.contains(id) {
            c.push(FieldError::new(format!("/service_ids/{i}"), "unknown_service").arg("value", id));
        }
    }
    c.finish()?;
    Ok((subject.unwrap_or_default(), questions.unwrap_or_default()))
}

/// A request may name the requester's monitoring campaign (it is asked during monitoring, Law
/// Art. 29 p.2): one whose team the requester is on, and which is public, so the link never
/// points the public at a private draft.
async fn check_campaign(conn: &impl ConnectionTrait, caller: &Caller, campaign_id: Option<i64>) -> AppResult<()> {
    let Some(id) = campaign_id else { return Ok(()) };
    let field = |code| AppError::validation(vec![FieldError::new("/campaign_id", code).arg("value", id)]);
    let Some(c) = entity::campaign::Entity::find_by_id(id).one(conn).await? else {
        return Err(field("unknown_campaign"));
    };
    if !super::campaigns::is_team(conn, &c, caller.id()).await? {
        return Err(field("not_your_campaign"));
    }
    if !super::campaigns::state_of(&c).is_public() {
        return Err(field("campaign_not_public"));
    }
    Ok(())
}

fn event_row(r: &info_request::Model, kind: &str, actor: Option<i64>, ctx: &Ctx) -> request_event::ActiveModel {
    request_event::ActiveModel {
        request_id: Set(r.id),
        kind: Set(kind.to_string()),
        actor_id: Set(actor),
        attachments: Set(json!([])),
        created_at: Set(ctx.now),
        ..Default::default()
    }
}

/// The audit entry of a change and, once the request is public (from submission on), its event
/// in the change feed, both in the caller's transaction: a mirror sees every change of state
/// (submitted, extended, answered, refused, forwarded, withdrawn, clarification asked).
async fn record(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    caller: &Caller,
    action: &'static str,
    before: Option<&info_request::Model>,
    after: &info_request::Model,
) -> AppResult<()> {
    if state_of(after) != RequestState::Draft {
        outbox::enqueue(conn, ctx, "info_request", after.id, outbox::UPSERT).await?;
    }
    audit::record(
        conn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action,
            entity_type: "info_request",
            entity_id: after.id.to_string(),
            before: before.map(request_audit),
            after: Some(request_audit(after)),
        },
    )
    .await
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create_draft(ctx: &Ctx, caller: &Caller, d: RequestDraft) -> AppResult<info_request::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let (subject, questions) = check_fields(
        &txn,
        caller,
        d.agency_id,
        d.organization_id,
        &d.language,
        &d.subject,
        &d.questions_md,
        &d.service_ids,
    )
    .await?;
    check_campaign(&txn, caller, d.campaign_id).await?;
    let r = info_request::ActiveModel {
        number: Set(None),
        campaign_id: Set(d.campaign_id),
        requester_id: Set(caller.id()),
        organization_id: Set(d.organization_id),
        agency_id: Set(d.agency_id),
        language: Set(d.language),
        text_hash: Set(text_hash(d.agency_id, &subject, &questions)),
        subject: Set(subject),
        questions_md: Set(questions),
        service_ids: Set(json!(d.service_ids)),
        secrets_confirmed: Set(false),
        state: Set(RequestState::Draft.as_str().into()),
        check_id: Set(None),
        none_match_statement: Set(false),
        extended: Set(false),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, ctx, caller, "info_request.create", None, &r).await?;
    txn.commit().await?;
    Ok(r)
}

fn require_requester(caller: &Caller, r: &info_request::Model) -> AppResult<()> {
    if r.requester_id == caller.id() { Ok(()) } else { Err(AppError::forbidden("only the requester may do this")) }
}

#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn update_draft(ctx: &Ctx, caller: &Caller, id: i64, ch: DraftChange) -> AppResult<info_request::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let r = find(&txn, id).await?;
    require_requester(caller, &r)?;
    if state_of(&r) != RequestState::Draft {
        return Err(AppError::new(Code::RequestNotEditable).arg("state", &r.state));
    }
    let before = r.clone();
    let agency_id = ch.agency_id.unwrap_or(r.agency_id);
    let language = ch.language.unwrap_or_else(|| r.language.clone());
    let services = match ch.service_ids {
        Some(s) => s,
        None => super::json_column("info_request", r.id, "service_ids", &r.service_ids)?,
    };
    let campaign_id = ch.campaign_id.unwrap_or(r.campaign_id);
    check_campaign(&txn, caller, campaign_id).await?;
    let (subject, questions) = check_fields(
        &txn,
        caller,
        agency_id,
        r.organization_id,
        &language,
        &ch.subject.unwrap_or_else(|| r.subject.clone()),
        &ch.questions_md.unwrap_or_else(|| r.questions_md.clone()),
        &services,
    )
    .await?;
    let mut am = r.into_active_model();
    // A changed text or addressee makes an earlier published-check stale.
    am.text_hash = Set(text_hash(agency_id, &subject, &questions));
    am.agency_id = Set(agency_id);
    am.language = Set(language);
    am.subject = Set(subject);
    am.questions_md = Set(questions);
    am.service_ids = Set(json!(services));
    am.campaign_id = Set(campaign_id);
    am.updated_at = Set(ctx.now);
    let r = am.update(&txn).await?;
    record(&txn, ctx, caller, "info_request.update", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

fn number(year: i32, id: i64) -> String {
    format!("BQ-{year}-{id:06}")
}

/// Register a submitted (or forwarded) request: number, date, the rule in force and the due date.
fn register(am: &mut info_request::ActiveModel, id: i64, ctx: &Ctx, cal: &Calendar) -> AppResult<NaiveDate> {
    use chrono::Datelike;
    let today = local_date(ctx.now);
    let rule = ctx.config.request_deadline;
    let due = rule.due(cal, today).map_err(AppError::internal)?;
    am.number = Set(Some(number(today.year(), id)));
    am.registered_at = Set(Some(ctx.now));
    am.registration_date = Set(Some(today));
    am.due_date = Set(Some(due));
    am.deadline_rule = Set(Some(json!(rule)));
    Ok(due)
}

#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn submit(
    ctx: &Ctx,
    caller: &Caller,
    cal: &Calendar,
    id: i64,
    none_answers: bool,
    secrets_confirmed: bool,
) -> AppResult<info_request::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let r = find(&txn, id).await?;
    require_requester(caller, &r)?;
    let next = state_of(&r).apply(Event::Submit, r.extended).map_err(transition_error)?;
    let check = match r.check_id {
        Some(cid) => request_check::Entity::find_by_id(cid).one(&txn).await?,
        None => None,
    };
    let Some(check) = check else { return Err(AppError::new(Code::PublishedCheckRequired)) };
    if check.text_hash != r.text_hash {
        return Err(AppError::new(Code::PublishedCheckStale));
    }
    let mut c = Checks::default();
    if !none_answers {
        c.push(FieldError::new("/none_of_the_matches_answers", "must_confirm"));
    }
    if !secrets_confirmed {
        c.push(FieldError::new("/no_secrets_sought", "must_confirm"));
    }
    c.finish()?;
    let before = r.clone();
    let rid = r.id;
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    am.none_match_statement = Set(true);
    am.secrets_confirmed = Set(true);
    am.updated_at = Set(ctx.now);
    let due = register(&mut am, rid, ctx, cal)?;
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, "submitted", Some(caller.id()), ctx);
    ev.due_date = Set(Some(due));
    ev.insert(&txn).await?;
    record(&txn, ctx, caller, "info_request.submit", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

/// Only officers of the addressed agency act for it.
fn require_addressee_officer(caller: &Caller, r: &info_request::Model) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    if caller.role() == Role::AgencyOfficer && caller.account.agency_id == Some(r.agency_id) {
        Ok(())
    } else {
        Err(AppError::forbidden("only officers of the addressed agency act on a request"))
    }
}

/// The deadline rule stored with the request when it was registered; `None` for a draft.
#[tracing::instrument(skip_all, fields(request = r.id))]
pub fn stored_rule(r: &info_request::Model) -> AppResult<Option<DeadlineRule>> {
    match &r.deadline_rule {
        None => Ok(None),
        Some(v) => super::json_column::<Option<DeadlineRule>>("info_request", r.id, "deadline_rule", v),
    }
}

/// The rule a request's deadline runs under: the stored one, or the law's general term for a
/// request registered before rules were stored.
fn rule_of(r: &info_request::Model) -> AppResult<DeadlineRule> {
    Ok(stored_rule(r)?.unwrap_or(DeadlineRule::ACCESS_TO_INFORMATION))
}

pub struct AgencyAction {
    pub body_md: Option<String>,
    pub reason: Option<String>,
    pub ground: Option<String>,
    pub url: Option<String>,
    pub days: Option<u32>,
    pub forward_to: Option<i64>,
    pub attachments: Vec<AttachmentLink>,
    /// Files uploaded for this request (`POST /requests/{id}/files`) that the answer publishes.
    pub file_ids: Vec<i64>,
}

async fn load_for_officer(txn: &impl ConnectionTrait, caller: &Caller, id: i64) -> AppResult<info_request::Model> {
    let r = find(txn, id).await?;
    require_addressee_officer(caller, &r)?;
    Ok(r)
}

fn check_attachments(c: &mut Checks, attachments: &[AttachmentLink]) {
    for (i, a) in attachments.iter().enumerate() {
        c.take(bounded_text(&format!("/attachments/{i}/title"), &a.title, 1, 300));
        c.take(web_url(&format!("/attachments/{i}/url"), &a.url));
    }
}

/// What an extension would do: the next state, the new due date and the checked reason; refused
/// as `extend` refuses.
fn plan_extension(
    cal: &Calendar,
    r: &info_request::Model,
    a: &AgencyAction,
) -> AppResult<(RequestState, NaiveDate, Option<String>)> {
    let next = state_of(r).apply(Event::Extend, r.extended).map_err(transition_error)?;
    let rule = rule_of(r)?;
    let mut c = Checks::default();
    let reason = c.take(bounded_text("/reason", a.reason.as_deref().unwrap_or(""), 5, 2000));
    let days = a.days.unwrap_or(rule.max_extension_days);
    if !(1..=rule.max_extension_days).contains(&days) {
        c.push(FieldError::new("/days", "out_of_range").arg("min", 1).arg("max", rule.max_extension_days));
    }
    c.finish()?;
    let due = r.due_date.ok_or_else(|| AppError::internal(anyhow::anyhow!("submitted request without due date")))?;
    let new_due = rule.extended(cal, due, days).map_err(AppError::internal)?;
    Ok((next, new_due, reason))
}

/// The agency extends the deadline once, with a reason; the requester sees it on the timeline.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn extend(
    ctx: &Ctx,
    caller: &Caller,
    cal: &Calendar,
    id: i64,
    a: AgencyAction,
) -> AppResult<info_request::Model> {
    let txn = super::begin(&ctx.db).await?;
    let r = load_for_officer(&txn, caller, id).await?;
    let (next, new_due, reason) = plan_extension(cal, &r, &a)?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    am.extended = Set(true);
    am.due_date = Set(Some(new_due));
    am.updated_at = Set(ctx.now);
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, "extended", Some(caller.id()), ctx);
    ev.reason = Set(reason.clone());
    ev.due_date = Set(Some(new_due));
    ev.insert(&txn).await?;
    notifications::notify(
        &txn,
        ctx,
        r.requester_id,
        "request_extended",
        Some(r.id),
        json!({"number": r.number, "due_date": new_due.to_string(), "reason": reason}),
    )
    .await?;
    record(&txn, ctx, caller, "info_request.extend", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

/// Every file an answer names must be one uploaded for this request and not yet published.
async fn check_files(conn: &impl ConnectionTrait, c: &mut Checks, request_id: i64, ids: &[i64]) -> AppResult<()> {
    if ids.len() > 20 {
        c.push(FieldError::new("/file_ids", "too_many").arg("max", 20));
        return Ok(());
    }
    let pending: Vec<i64> = request_file::Entity::find()
        .filter(request_file::Column::RequestId.eq(request_id))
        .filter(request_file::Column::EventId.is_null())
        .filter(request_file::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await?
        .iter()
        .map(|f| f.id)
        .collect();
    for (i, id) in ids.iter().enumerate() {
        if !pending.contains(id) {
            c.push(FieldError::new(format!("/file_ids/{i}"), "unknown_file").arg("value", id));
        }
    }
    Ok(())
}

async fn bind_files(conn: &impl ConnectionTrait, request_id: i64, event_id: i64, ids: &[i64]) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    request_file::Entity::update_many()
        .col_expr(request_file::Column::EventId, sea_orm::sea_query::Expr::value(event_id))
        .filter(request_file::Column::RequestId.eq(request_id))
        .filter(request_file::Column::Id.is_in(ids.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}

/// An officer of the addressed agency uploads a file for the answer while the request is open. It
/// stays private to the agency until an answer names it.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn upload_file(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    bytes: Vec<u8>,
    file_name: Option<String>,
) -> AppResult<request_file::Model> {
    let r = find(&ctx.db, id).await?;
    require_addressee_officer(caller, &r)?;
    if !state_of(&r).is_open() {
        return Err(AppError::new(Code::RequestNotEditable).arg("state", &r.state));
    }
    // Answers are official documents: a photo's location is removed like any evidence's.
    let stored = super::uploads::store(&ctx.config, bytes, file_name.as_deref(), false).await?;
    let txn = super::begin(&ctx.db).await?;
    let f = request_file::ActiveModel {
        request_id: Set(id),
        event_id: Set(None),
        storage_key: Set(stored.storage_key.clone()),
        sha256: Set(stored.sha256.clone()),
        content_type: Set(stored.content_type.to_string()),
        size_bytes: Set(stored.size_bytes as i64),
        original_name: Set(stored.original_name.clone()),
        uploaded_by: Set(caller.id()),
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
            action: "info_request.file_upload",
            entity_type: "info_request",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({"file_id": f.id, "sha256": f.sha256, "content_type": f.content_type})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(f)
}

/// The files published with a request's answers.
#[tracing::instrument(skip_all, fields(request = id))]
pub async fn published_files(ctx: &Ctx, id: i64) -> AppResult<Vec<request_file::Model>> {
    Ok(request_file::Entity::find()
        .filter(request_file::Column::RequestId.eq(id))
        .filter(request_file::Column::EventId.is_not_null())
        .order_by_asc(request_file::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// A file for download: public once an answer published it; before that only the agency's
/// officers see it.
#[tracing::instrument(skip_all, fields(request = id, file = file_id))]
pub async fn file(
    ctx: &Ctx,
    caller: Option<&Caller>,
    id: i64,
    file_id: i64,
) -> AppResult<(request_file::Model, tokio::fs::File)> {
    let r = find(&ctx.db, id).await?;
    let f = request_file::Entity::find_by_id(file_id)
        .filter(request_file::Column::RequestId.eq(id))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("file", file_id))?;
    let officer = caller.is_some_and(|c| c.role() == Role::AgencyOfficer && c.account.agency_id == Some(r.agency_id));
    if f.event_id.is_none() && !officer {
        return Err(AppError::not_found("file", file_id));
    }
    let handle = super::uploads::open(&ctx.config, &f.storage_key).await?;
    Ok((f, handle))
}

fn close(am: &mut info_request::ActiveModel, ctx: &Ctx) {
    am.closed_at = Set(Some(ctx.now));
    am.closed_date = Set(Some(local_date(ctx.now)));
    am.updated_at = Set(ctx.now);
}

#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn answer(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    partial: bool,
    a: AgencyAction,
) -> AppResult<info_request::Model> {
    let txn = super::begin(&ctx.db).await?;
    let r = load_for_officer(&txn, caller, id).await?;
    let event = if partial { Event::AnswerPartially } else { Event::Answer };
    let next = state_of(&r).apply(event, r.extended).map_err(transition_error)?;
    let mut c = Checks::default();
    let body = c.take(bounded_text("/body_md", a.body_md.as_deref().unwrap_or(""), 10, 100_000));
    check_attachments(&mut c, &a.attachments);
    check_files(&txn, &mut c, r.id, &a.file_ids).await?;
    c.finish()?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    close(&mut am, ctx);
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, next.as_str(), Some(caller.id()), ctx);
    ev.body_md = Set(body);
    ev.attachments = Set(json!(a.attachments));
    let ev = ev.insert(&txn).await?;
    bind_files(&txn, r.id, ev.id, &a.file_ids).await?;
    notifications::notify(&txn, ctx, r.requester_id, "request_answered", Some(r.id), json!({"number": r.number}))
        .await?;
    // Answers are published documents: the outbox row `record` writes also puts them into the
    // search index (kind `answer`).
    record(&txn, ctx, caller, "info_request.answer", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn refuse(ctx: &Ctx, caller: &Caller, id: i64, a: AgencyAction) -> AppResult<info_request::Model> {
    let txn = super::begin(&ctx.db).await?;
    let r = load_for_officer(&txn, caller, id).await?;
    let next = state_of(&r).apply(Event::Refuse, r.extended).map_err(transition_error)?;
    let mut c = Checks::default();
    let ground = a.ground.as_deref().unwrap_or("");
    let ground = match RefusalGround::parse(ground) {
        Some(RefusalGround::NotTheHolder) => {
            c.push(FieldError::new("/ground", "use_forward"));
            None
        }
        Some(g) => Some(g),
        None => {
            c.push(FieldError::new("/ground", "invalid_value").arg("value", ground));
            None
        }
    };
    let reason = c.take(bounded_text("/reason", a.reason.as_deref().unwrap_or(""), 5, 5000));
    let url = match (ground, a.url.as_deref().map(str::trim).filter(|u| !u.is_empty())) {
        (Some(RefusalGround::AlreadyPublished), None) => {
            c.push(FieldError::new("/url", "required"));
            None
        }
        (_, Some(u)) => c.take(web_url("/url", u)),
        (_, None) => None,
    };
    c.finish()?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    am.refusal_ground = Set(ground.map(|g| g.as_str().to_string()));
    close(&mut am, ctx);
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, "refused", Some(caller.id()), ctx);
    ev.ground = Set(ground.map(|g| g.as_str().to_string()));
    ev.reason = Set(reason);
    ev.url = Set(url);
    ev.insert(&txn).await?;
    notifications::notify(
        &txn,
        ctx,
        r.requester_id,
        "request_refused",
        Some(r.id),
        json!({"number": r.number, "ground": r.refusal_ground}),
    )
    .await?;
    record(&txn, ctx, caller, "info_request.refuse", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

/// The agency does not hold the information: a linked request to the right agency, registered
/// now with its own deadline; this one closes as forwarded.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn forward(
    ctx: &Ctx,
    caller: &Caller,
    cal: &Calendar,
    id: i64,
    a: AgencyAction,
) -> AppResult<(info_request::Model, info_request::Model)> {
    let txn = super::begin(&ctx.db).await?;
    let r = load_for_officer(&txn, caller, id).await?;
    let next = state_of(&r).apply(Event::Forward, r.extended).map_err(transition_error)?;
    let mut c = Checks::default();
    let reason = c.take(bounded_text("/reason", a.reason.as_deref().unwrap_or(""), 5, 2000));
    let target = match a.forward_to {
        None => {
            c.push(FieldError::new("/agency_id", "required"));
            None
        }
        Some(t) if t == r.agency_id => {
            c.push(FieldError::new("/agency_id", "same_agency"));
            None
        }
        Some(t) => match agency::Entity::find_by_id(t).one(&txn).await? {
            None => {
                c.push(FieldError::new("/agency_id", "unknown_agency").arg("value", t));
                None
            }
            Some(ag) if !AgencyKind::parse(&ag.kind).is_some_and(may_receive_requests) => {
                return Err(AppError::new(Code::AddresseeNotAllowed).arg("kind", &ag.kind));
            }
            Some(ag) => Some(ag),
        },
    };
    c.finish()?;
    let Some(target) = target else { return Err(AppError::internal(anyhow::anyhow!("checked target missing"))) };
    let child = info_request::ActiveModel {
        requester_id: Set(r.requester_id),
        organization_id: Set(r.organization_id),
        agency_id: Set(target.id),
        language: Set(r.language.clone()),
        subject: Set(r.subject.clone()),
        questions_md: Set(r.questions_md.clone()),
        service_ids: Set(r.service_ids.clone()),
        secrets_confirmed: Set(r.secrets_confirmed),
        state: Set(RequestState::Submitted.as_str().into()),
        text_hash: Set(text_hash(target.id, &r.subject, &r.questions_md)),
        check_id: Set(r.check_id),
        none_match_statement: Set(r.none_match_statement),
        extended: Set(false),
        parent_id: Set(Some(r.id)),
        campaign_id: Set(r.campaign_id),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let child_id = child.id;
    let mut cam = child.into_active_model();
    let due = register(&mut cam, child_id, ctx, cal)?;
    let child = cam.update(&txn).await?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    am.refusal_ground = Set(Some(RefusalGround::NotTheHolder.as_str().into()));
    close(&mut am, ctx);
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, "forwarded", Some(caller.id()), ctx);
    ev.ground = Set(Some(RefusalGround::NotTheHolder.as_str().into()));
    ev.reason = Set(reason.clone());
    ev.linked_request_id = Set(Some(child.id));
    ev.insert(&txn).await?;
    let mut ev = event_row(&child, "submitted", Some(caller.id()), ctx);
    ev.reason = Set(reason);
    ev.due_date = Set(Some(due));
    ev.linked_request_id = Set(Some(r.id));
    ev.insert(&txn).await?;
    notifications::notify(
        &txn,
        ctx,
        r.requester_id,
        "request_forwarded",
        Some(r.id),
        json!({"number": r.number, "new_number": child.number, "due_date": due.to_string()}),
    )
    .await?;
    record(&txn, ctx, caller, "info_request.forward", Some(&before), &r).await?;
    record(&txn, ctx, caller, "info_request.create", None, &child).await?;
    txn.commit().await?;
    Ok((r, child))
}

#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn withdraw(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<info_request::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let r = find(&txn, id).await?;
    require_requester(caller, &r)?;
    let next = state_of(&r).apply(Event::Withdraw, r.extended).map_err(transition_error)?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    close(&mut am, ctx);
    let r = am.update(&txn).await?;
    event_row(&r, "withdrawn", Some(caller.id()), ctx).insert(&txn).await?;
    record(&txn, ctx, caller, "info_request.withdraw", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

/// After a partial answer the requester asks for the rest; a new due date runs from today.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn ask_clarification(
    ctx: &Ctx,
    caller: &Caller,
    cal: &Calendar,
    id: i64,
    questions: &str,
) -> AppResult<info_request::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let r = find(&txn, id).await?;
    require_requester(caller, &r)?;
    let next = state_of(&r).apply(Event::AskClarification, r.extended).map_err(transition_error)?;
    let mut c = Checks::default();
    let questions = c.take(bounded_text("/questions_md", questions, 10, 20_000));
    c.finish()?;
    let due = rule_of(&r)?.due(cal, local_date(ctx.now)).map_err(AppError::internal)?;
    let before = r.clone();
    let mut am = r.into_active_model();
    am.state = Set(next.as_str().into());
    am.due_date = Set(Some(due));
    am.closed_at = Set(None);
    am.closed_date = Set(None);
    am.updated_at = Set(ctx.now);
    let r = am.update(&txn).await?;
    let mut ev = event_row(&r, "clarification_requested", Some(caller.id()), ctx);
    ev.body_md = Set(questions);
    ev.due_date = Set(Some(due));
    ev.insert(&txn).await?;
    record(&txn, ctx, caller, "info_request.clarification", Some(&before), &r).await?;
    txn.commit().await?;
    Ok(r)
}

/// A request as the public may see it: drafts only by their author.
#[tracing::instrument(skip_all, fields(request = id))]
pub async fn get_visible(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<info_request::Model> {
    let r = find(&ctx.db, id).await?;
    if state_of(&r) == RequestState::Draft && caller.is_none_or(|c| c.id() != r.requester_id && !c.is_admin()) {
        return Err(AppError::not_found("request", id));
    }
    Ok(r)
}

#[tracing::instrument(skip_all, fields(request = id))]
pub async fn events(ctx: &Ctx, id: i64) -> AppResult<Vec<request_event::Model>> {
    Ok(request_event::Entity::find()
        .filter(request_event::Column::RequestId.eq(id))
        .order_by_asc(request_event::Column::Id)
        .all(&ctx.db)
        .await?)
}

#[derive(Default, Clone)]
pub struct RequestFilter {
    pub agency_id: Option<i64>,
    pub state: Option<String>,
    pub overdue: Option<bool>,
    pub due_before: Option<NaiveDate>,
    pub mine: Option<i64>,
    pub campaign_id: Option<i64>,
}

/// Public requests (and the caller's own drafts with `mine`), keyset-paged. `overdue` is derived
/// from the date here as everywhere.
#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Ctx,
    f: RequestFilter,
    page: PageRequest,
) -> AppResult<(Vec<info_request::Model>, Option<String>)> {
    let mut q = info_request::Entity::find();
    match f.mine {
        Some(account) => q = q.filter(info_request::Column::RequesterId.eq(account)),
        None => q = q.filter(info_request::Column::State.ne(RequestState::Draft.as_str())),
    }
    if let Some(a) = f.agency_id {
        q = q.filter(info_request::Column::AgencyId.eq(a));
    }
    if let Some(c) = f.campaign_id {
        q = q.filter(info_request::Column::CampaignId.eq(c));
    }
    if let Some(s) = f.state {
        let s = RequestState::parse(&s).ok_or_else(|| AppError::invalid_parameter("state", "not a request state"))?;
        q = q.filter(info_request::Column::State.eq(s.as_str()));
    }
    let open: Vec<&str> = RequestState::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect();
    let today = local_date(ctx.now);
    match f.overdue {
        Some(true) => {
            q = q
                .filter(info_request::Column::State.is_in(open.clone()))
                .filter(info_request::Column::DueDate.lt(today))
        }
        Some(false) => {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(info_request::Column::State.is_not_in(open.clone()))
                    .add(info_request::Column::DueDate.gte(today)),
            )
        }
        None => {}
    }
    if let Some(d) = f.due_before {
        q = q.filter(info_request::Column::State.is_in(open)).filter(info_request::Column::DueDate.lte(d));
    }
    if let Some(after) = page.after {
        q = q.filter(info_request::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(info_request::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |r| r.id))
}

#[tracing::instrument(skip_all)]
pub fn overdue(ctx: &Ctx, r: &info_request::Model) -> bool {
    is_overdue(state_of(r), r.due_date, local_date(ctx.now))
}

/// The per-agency table (open data): received, answered in time and late, overdue now, refused by
/// ground, and the median days from registration to answer.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct AgencyTable {
    pub received: u64,
    pub answered_on_time: u64,
    pub answered_late: u64,
    pub open_in_time: u64,
    pub overdue_now: u64,
    pub refused_by_ground: BTreeMap<String, u64>,
    pub forwarded: u64,
    pub withdrawn: u64,
    pub median_days_to_answer: Option<f64>,
}

/// State, registration date, due date, closing date, refusal ground.
type TableRow = (String, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, Option<String>);

#[tracing::instrument(skip_all, fields(agency = agency_id))]
pub async fn agency_table(ctx: &Ctx, agency_id: i64) -> AppResult<AgencyTable> {
    agency::Entity::find_by_id(agency_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("agency", agency_id))?;
    let rows: Vec<TableRow> = info_request::Entity::find()
        .select_only()
        .column(info_request::Column::State)
        .column(info_request::Column::RegistrationDate)
        .column(info_request::Column::DueDate)
        .column(info_request::Column::ClosedDate)
        .column(info_request::Column::RefusalGround)
        .filter(info_request::Column::AgencyId.eq(agency_id))
        .filter(info_request::Column::State.ne(RequestState::Draft.as_str()))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let today = local_date(ctx.now);
    let mut t = AgencyTable::default();
    let mut days: Vec<i64> = Vec::new();
    for (state, registered, due, closed, ground) in rows {
        let state = RequestState::parse(&state).unwrap_or(RequestState::Draft);
        t.received += 1;
        match state {
            RequestState::Answered | RequestState::PartiallyAnswered => {
                if answered_in_time(closed, due) {
                    t.answered_on_time += 1;
                } else {
                    t.answered_late += 1;
                }
                if let (Some(c), Some(r)) = (closed, registered) {
                    days.push((c - r).num_days());
                }
            }
            RequestState::Refused => *t.refused_by_ground.entry(ground.unwrap_or_default()).or_insert(0) += 1,
            RequestState::Forwarded => t.forwarded += 1,
            RequestState::Withdrawn => t.withdrawn += 1,
            s if is_overdue(s, due, today) => t.overdue_now += 1,
            _ => t.open_in_time += 1,
        }
    }
    days.sort_unstable();
    t.median_days_to_answer = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2] as f64),
        n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    Ok(t)
}

/// Agencies by id, for views that name them.
#[tracing::instrument(skip_all)]
pub async fn agencies_by_id(ctx: &Ctx, ids: &[i64]) -> AppResult<HashMap<i64, agency::Model>> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Id.is_in(ids.to_vec()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}
