//! Conclusions of public monitoring (Law Art. 29 p.3-4): the campaign's team drafts a conclusion
//! addressed to agencies, every save a revision; it is submitted (to the addressed agencies and
//! the authorized body) once all four parts are written, then published, and afterwards changes
//! only by corrections with a reason. Officers of the addressed agencies answer each item (p.4);
//! the scorecard counts their answers and their silence.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeDelta, Utc};
use entity::{
    agency, campaign, conclusion, conclusion_recipient, conclusion_revision, measure, observation,
    observation_violation,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
    sea_query::{Alias, Expr, ExprTrait, Func, Query},
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, campaigns, outbox,
    pagination::{PageRequest, finish_page},
    reports::AttachmentLink,
};
mod credits;
mod forms;
pub use credits::{Credits, credits};
pub use forms::{Allowed, allowed, drafting_campaign, may_draft};

use crate::{
    domain::{
        accounts::{Role, Scope, bounded_text, web_url},
        conclusions::{
            ANSWER_EDIT_WINDOW_DAYS, AgencyScore, AnswerRow, Complete, ConclusionState, CorrectionReason, Event,
            MeasureStatus, RevisionKind, SectionKey, Sections, TransitionError, editable, items, missing_field_errors,
            observation_refs, parse_document, scorecard, violations_table,
        },
        directory::AgencyKind,
    },
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
};

/// The longest conclusion text, in characters, all parts together.
const TEXT_MAX: usize = 200_000;
const AGENCIES_MAX: usize = 50;
const ATTACHMENTS_MAX: usize = 20;
const ANSWER_TEXT_MAX: usize = 20_000;

/// An agency the conclusion is addressed to: it answers (p.4).
pub const ADDRESSED: &str = "addressed";
/// The authorized body, which receives every conclusion on submission.
pub const AUTHORIZED: &str = "authorized";

/// A conclusion's text as a client sends it: one Markdown document, or the parts as fields (with
/// an optional preamble). Neither keeps the stored text.
#[derive(Clone, Debug, Default)]
pub struct TextInput {
    pub document_md: Option<String>,
    pub preamble: Option<String>,
    pub sections: Option<BTreeMap<String, String>>,
    /// Append the generated table of the campaign's violations to the compliance part.
    pub insert_violations_table: bool,
}

impl TextInput {
    fn is_empty(&self) -> bool {
        self.document_md.is_none() && self.preamble.is_none() && self.sections.is_none()
    }
}

#[derive(Clone, Debug, Default)]
pub struct NewConclusion {
    pub campaign_id: i64,
    pub title: String,
    pub language: Option<String>,
    pub agency_ids: Vec<i64>,
    pub text: TextInput,
}

/// A draft edit: `None` keeps the stored value.
#[derive(Clone, Debug, Default)]
pub struct ConclusionPatch {
    pub title: Option<String>,
    pub agency_ids: Option<Vec<i64>>,
    pub text: TextInput,
}

pub struct Correction {
    pub reason: String,
    pub title: Option<String>,
    pub text: TextInput,
}

/// A conclusion with its latest text and the agencies it goes to.
#[derive(Clone, Debug)]
pub struct Full {
    pub conclusion: conclusion::Model,
    pub campaign: campaign::Model,
    pub revision: conclusion_revision::Model,
    pub sections: Sections,
    /// Agencies that answer it, in the order given.
    pub addressed: Vec<i64>,
    /// The authorized body, from submission on.
    pub authorized: Vec<i64>,
}

#[tracing::instrument(skip_all)]
pub fn state_of(c: &conclusion::Model) -> ConclusionState {
    ConclusionState::parse(&c.state).unwrap_or(ConclusionState::Draft)
}

#[tracing::instrument(skip_all)]
pub fn sections_of(r: &conclusion_revision::Model) -> AppResult<Sections> {
    super::json_column("conclusion_revision", r.id, "sections", &r.sections)
}

fn transition_error(e: TransitionError) -> AppError {
    let code = match e {
        TransitionError::NotDraft { .. } => Code::ConclusionNotDraft,
        TransitionError::NotSubmitted { .. } => Code::ConclusionNotSubmitted,
        TransitionError::NotPublished { .. } => Code::ConclusionNotPublished,
    };
    debug_assert_eq!(code.as_str(), e.code());
    AppError::new(code).arg("state", e.from().as_str())
}

fn audit_of(f: &Full) -> serde_json::Value {
    json!({"id": f.conclusion.id, "campaign_id": f.conclusion.campaign_id, "title": f.conclusion.title,
           "language": f.conclusion.language, "state": f.conclusion.state, "revision": f.conclusion.revision,
           "addressed": f.addressed, "authorized": f.authorized, "sections": f.revision.sections})
}

async fn record(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    caller: &Caller,
    action: &'static str,
    before: Option<&Full>,
    after: &Full,
) -> AppResult<()> {
    campaigns::record(
        conn,
        ctx,
        caller,
        action,
        "conclusion",
        after.conclusion.id,
        before.map(audit_of),
        Some(audit_of(after)),
    )
    .await
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<conclusion::Model> {
    conclusion::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("conclusion", id))
}

/// The conclusion with its latest revision and recipients.
#[tracing::instrument(skip_all)]
pub async fn load(conn: &impl ConnectionTrait, c: conclusion::Model) -> AppResult<Full> {
    let campaign = campaigns::find(conn, c.campaign_id).await?;
    let revision = conclusion_revision::Entity::find()
        .filter(conclusion_revision::Column::ConclusionId.eq(c.id))
        .filter(conclusion_revision::Column::Number.eq(c.revision))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("conclusion {} has no revision {}", c.id, c.revision)))?;
    let recipients = conclusion_recipient::Entity::find()
        .filter(conclusion_recipient::Column::ConclusionId.eq(c.id))
        .order_by_asc(conclusion_recipient::Column::Id)
        .all(conn)
        .await?;
    let of = |role: &str| recipients.iter().filter(|r| r.role == role).map(|r| r.agency_id).collect();
    Ok(Full {
        sections: sections_of(&revision)?,
        addressed: of(ADDRESSED),
        authorized: of(AUTHORIZED),
        conclusion: c,
        campaign,
        revision,
    })
}

/// Whether `caller` may read the conclusion: a draft is its campaign team's alone (to others it
/// does not exist); from submission on it is public, unless a moderator hid it, when its team and
/// moderators still read it.
async fn visible(conn: &impl ConnectionTrait, caller: Option<&Caller>, c: &conclusion::Model) -> AppResult<bool> {
    let draft = state_of(c) == ConclusionState::Draft;
    if !draft && (c.hidden_at.is_none() || caller.is_some_and(Caller::moderates)) {
        return Ok(true);
    }
    let Some(caller) = caller else { return Ok(false) };
    let campaign = campaigns::find(conn, c.campaign_id).await?;
    campaigns::is_team(conn, &campaign, caller.id()).await
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn get_visible(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<Full> {
    let c = find(&ctx.db, id).await?;
    if !visible(&ctx.db, caller, &c).await? {
        return Err(match (&c.hidden_reason, state_of(&c)) {
            (Some(reason), s) if s != ConclusionState::Draft => AppError::new(Code::Withdrawn).arg("reason", reason),
            _ => AppError::not_found("conclusion", id),
        });
    }
    load(&ctx.db, c).await
}

/// A command on a conclusion: it must be visible to the caller, who must be on the team.
async fn for_team(conn: &impl ConnectionTrait, caller: &Caller, id: i64) -> AppResult<Full> {
    caller.require_scope(Scope::Write)?;
    let c = find(conn, id).await?;
    if !visible(conn, Some(caller), &c).await? {
        return Err(AppError::not_found("conclusion", id));
    }
    let full = load(conn, c).await?;
    campaigns::require_team(conn, &full.campaign, caller).await?;
    Ok(full)
}

/// The text a client sent, as parts: parsed from one document or taken field by field. Problems
/// point at `/document_md`, `/preamble` or `/sections/<key>`.
fn parse_text(t: &TextInput) -> AppResult<Sections> {
    if t.document_md.is_some() && (t.sections.is_some() || t.preamble.is_some()) {
        return Err(AppError::validation(vec![
            FieldError::new("/document_md", "one_of").arg("fields", "document_md, sections"),
        ]));
    }
    let total: usize = t.document_md.iter().chain(t.preamble.iter()).map(|s| s.chars().count()).sum::<usize>()
        + t.sections.iter().flat_map(|m| m.values()).map(|s| s.chars().count()).sum::<usize>();
    if total > TEXT_MAX {
        let pointer = if t.document_md.is_some() { "/document_md" } else { "/sections" };
        return Err(AppError::validation(vec![FieldError::new(pointer, "too_long").arg("max", TEXT_MAX)]));
    }
    if let Some(doc) = &t.document_md {
        return parse_document(doc).map_err(|problems| {
            AppError::validation(
                problems
                    .iter()
                    .map(|p| {
                        let mut e = p.field_error();
                        e.pointer = "/document_md".into();
                        e
                    })
                    .collect(),
            )
        });
    }
    let parts = t.sections.clone().unwrap_or_default();
    Sections::from_fields(t.preamble.as_deref(), parts).map_err(AppError::validation)
}

/// Every `[obs:N]` of the text must be an observation of the conclusion's own campaign. One of
/// another campaign is named as such only when that campaign is public, so a draft's records do
/// not leak.
async fn check_refs(conn: &impl ConnectionTrait, campaign_id: i64, s: &Sections, as_document: bool) -> AppResult<()> {
    let mut cited: Vec<(String, i64)> = Vec::new();
    let pointer = |p: String| if as_document { "/document_md".to_string() } else { p };
    if let Some(p) = &s.preamble {
        cited.extend(observation_refs(p).into_iter().map(|n| (pointer("/preamble".into()), n)));
    }
    for (key, md) in &s.parts {
        cited.extend(observation_refs(md).into_iter().map(|n| (pointer(key.pointer()), n)));
    }
    if cited.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = cited.iter().map(|(_, n)| *n).collect();
    let found: HashMap<i64, i64> = observation::Entity::find()
        .select_only()
        .column(observation::Column::Id)
        .column(observation::Column::CampaignId)
        .filter(observation::Column::Id.is_in(ids))
        .into_tuple::<(i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let mut c = Checks::default();
    for (pointer, n) in cited {
        match found.get(&n) {
            Some(owner) if *owner == campaign_id => {}
            Some(owner) if campaigns::state_of(&campaigns::find(conn, *owner).await?).is_public() => {
                c.push(FieldError::new(pointer, "observation_of_other_campaign").arg("value", n).arg("campaign", owner))
            }
            _ => c.push(FieldError::new(pointer, "unknown_observation").arg("value", n)),
        }
    }
    c.finish()
}

/// The campaign's violations by agency and category, counted by the database, as the domain's
/// Markdown table in `lang`.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn violations_markdown(conn: &impl ConnectionTrait, lang: Lang, campaign_id: i64) -> AppResult<String> {
    let rows = violation_counts(conn, lang, campaign_id).await?;
    Ok(violations_table(lang, rows, |c| i18n::text(lang, &format!("violations.{c}"))))
}

/// Violations the campaign's observations found: (agency name in `lang`, category, count).
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn violation_counts(
    conn: &impl ConnectionTrait,
    lang: Lang,
    campaign_id: i64,
) -> AppResult<Vec<(String, String, u64)>> {
    let name = match lang {
        Lang::Kk => agency::Column::NameKk,
        Lang::Ru => agency::Column::NameRu,
        Lang::En => agency::Column::NameEn,
    };
    let v = observation_violation::Entity;
    let o = observation::Entity;
    let stmt = Query::select()
        .expr_as(Expr::col((agency::Entity, name)), Alias::new("agency"))
        .expr_as(Expr::col((v, observation_violation::Column::Category)), Alias::new("category"))
        .expr_as(Func::count(Expr::col((v, observation_violation::Column::Id))), Alias::new("n"))
        .from(v)
        .inner_join(
            o,
            Expr::col((o, observation::Column::Id)).equals((v, observation_violation::Column::ObservationId)),
        )
        .inner_join(
            agency::Entity,
            Expr::col((agency::Entity, agency::Column::Id)).equals((o, observation::Column::AgencyId)),
        )
        .and_where(Expr::col((o, observation::Column::CampaignId)).eq(campaign_id))
        .group_by_col((agency::Entity, name))
        .group_by_col((v, observation_violation::Column::Category))
        .to_owned();
    let backend = conn.get_database_backend();
    let mut rows: Vec<(String, String, u64)> = Vec::new();
    for row in conn.query_all_raw(backend.build(&stmt)).await? {
        let n: i64 = row.try_get("", "n")?;
        rows.push((row.try_get("", "agency")?, row.try_get("", "category")?, u64::try_from(n).unwrap_or(0)));
    }
    Ok(rows)
}

/// The text to store: parsed, with the violations table appended when asked, and its citations
/// checked.
async fn text_to_store(
    conn: &impl ConnectionTrait,
    campaign_id: i64,
    lang: Lang,
    t: &TextInput,
    current: Option<Sections>,
) -> AppResult<Sections> {
    let mut s = match current {
        Some(s) if t.is_empty() => s,
        _ => parse_text(t)?,
    };
    if t.insert_violations_table {
        let table = violations_markdown(conn, lang, campaign_id).await?;
        let part = s.parts.entry(SectionKey::Compliance).or_default();
        if !part.trim().is_empty() {
            part.push_str("\n\n");
        }
        part.push_str(table.trim_end());
    }
    check_refs(conn, campaign_id, &s, t.document_md.is_some()).await?;
    Ok(s)
}

async fn check_agencies(conn: &impl ConnectionTrait, c: &mut Checks, ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut out: Vec<i64> = Vec::new();
    if ids.is_empty() {
        c.push(FieldError::new("/agency_ids", "required"));
    }
    if ids.len() > AGENCIES_MAX {
        c.push(FieldError::new("/agency_ids", "too_many").arg("max", AGENCIES_MAX));
    }
    let known: Vec<i64> = agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .filter(agency::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            c.push(FieldError::new(format!("/agency_ids/{i}"), "unknown_agency").arg("value", id));
        } else if !out.contains(id) {
            out.push(*id);
        }
    }
    Ok(out)
}

async fn write_addressed(conn: &impl ConnectionTrait, id: i64, agencies: &[i64]) -> AppResult<()> {
    conclusion_recipient::Entity::delete_many()
        .filter(conclusion_recipient::Column::ConclusionId.eq(id))
        .exec(conn)
        .await?;
    for a in agencies {
        conclusion_recipient::ActiveModel {
            conclusion_id: Set(id),
            agency_id: Set(*a),
            role: Set(ADDRESSED.into()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

async fn add_revision(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    caller: &Caller,
    c: &conclusion::Model,
    kind: RevisionKind,
    reason: Option<&str>,
    sections: &Sections,
) -> AppResult<()> {
    conclusion_revision::ActiveModel {
        conclusion_id: Set(c.id),
        number: Set(c.revision),
        kind: Set(kind.as_str().into()),
        reason: Set(reason.map(str::to_string)),
        title: Set(c.title.clone()),
        sections: Set(serde_json::to_value(sections).map_err(AppError::internal)?),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Draft a conclusion of an active or completed campaign; the campaign's team does this.
#[tracing::instrument(skip_all, fields(campaign = input.campaign_id))]
pub async fn create(ctx: &Ctx, caller: &Caller, lang: Lang, input: NewConclusion) -> AppResult<Full> {
    let txn = super::begin(&ctx.db).await?;
    let campaign = drafting_campaign(&txn, caller, input.campaign_id).await?;
    let mut c = Checks::default();
    let title = c.take(bounded_text("/title", &input.title, 5, 500));
    let language = match input.language.as_deref() {
        None => Some(lang),
        Some(l) => {
            let parsed = Lang::parse(l);
            if parsed.is_none() {
                c.push(FieldError::new("/language", "invalid_value").arg("value", l));
            }
            parsed
        }
    };
    let agencies = check_agencies(&txn, &mut c, &input.agency_ids).await?;
    c.finish()?;
    let language = language.unwrap_or(lang);
    let sections = text_to_store(&txn, campaign.id, language, &input.text, None).await?;
    let row = conclusion::ActiveModel {
        campaign_id: Set(campaign.id),
        title: Set(title.unwrap_or_default()),
        language: Set(language.code().into()),
        state: Set(ConclusionState::Draft.as_str().into()),
        revision: Set(1),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_addressed(&txn, row.id, &agencies).await?;
    add_revision(&txn, ctx, caller, &row, RevisionKind::Draft, None, &sections).await?;
    let full = load(&txn, row).await?;
    record(&txn, ctx, caller, "conclusion.create", None, &full).await?;
    txn.commit().await?;
    Ok(full)
}

/// Save a new revision of a draft.
#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn update(ctx: &Ctx, caller: &Caller, id: i64, p: ConclusionPatch) -> AppResult<Full> {
    let txn = super::begin(&ctx.db).await?;
    let before = for_team(&txn, caller, id).await?;
    let next = state_of(&before.conclusion).apply(Event::Edit).map_err(transition_error)?;
    let mut c = Checks::default();
    let title = p.title.as_deref().and_then(|t| c.take(bounded_text("/title", t, 5, 500)));
    let agencies = match &p.agency_ids {
        Some(ids) => Some(check_agencies(&txn, &mut c, ids).await?),
        None => None,
    };
    c.finish()?;
    let lang = Lang::parse(&before.conclusion.language).unwrap_or(Lang::Ru);
    let sections = text_to_store(&txn, before.campaign.id, lang, &p.text, Some(before.sections.clone())).await?;
    let mut a = before.conclusion.clone().into_active_model();
    if let Some(t) = title {
        a.title = Set(t);
    }
    a.state = Set(next.as_str().into());
    a.revision = Set(before.conclusion.revision + 1);
    a.updated_at = Set(ctx.now);
    let row = a.update(&txn).await?;
    if let Some(agencies) = agencies {
        write_addressed(&txn, row.id, &agencies).await?;
    }
    add_revision(&txn, ctx, caller, &row, RevisionKind::Draft, None, &sections).await?;
    let full = load(&txn, row).await?;
    record(&txn, ctx, caller, "conclusion.update", Some(&before), &full).await?;
    txn.commit().await?;
    Ok(full)
}

/// Submit a draft: all four parts must be written (`422` listing each missing one). It freezes
/// and goes to the addressed agencies and the authorized body.
#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn submit(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<Full> {
    let txn = super::begin(&ctx.db).await?;
    let before = for_team(&txn, caller, id).await?;
    // The state goes first: a frozen conclusion is a 409 whatever its text.
    let from = state_of(&before.conclusion);
    if from != ConclusionState::Draft {
        return Err(transition_error(TransitionError::NotDraft { from, event: "submit" }));
    }
    let complete =
        Complete::check(&before.sections).map_err(|missing| AppError::validation(missing_field_errors(&missing)))?;
    if before.addressed.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("/agency_ids", "required")]));
    }
    let next = state_of(&before.conclusion).apply(Event::Submit(complete)).map_err(transition_error)?;
    let mut a = before.conclusion.clone().into_active_model();
    a.state = Set(next.as_str().into());
    a.submitted_at = Set(Some(ctx.now));
    a.updated_at = Set(ctx.now);
    let row = a.update(&txn).await?;
    let authorized: Vec<i64> = agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .filter(agency::Column::Kind.eq(AgencyKind::AuthorizedBody.as_str()))
        .order_by_asc(agency::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for body in authorized.into_iter().filter(|b| !before.addressed.contains(b)) {
        conclusion_recipient::ActiveModel {
            conclusion_id: Set(row.id),
            agency_id: Set(body),
            role: Set(AUTHORIZED.into()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let full = load(&txn, row).await?;
    record(&txn, ctx, caller, "conclusion.submit", Some(&before), &full).await?;
    outbox::enqueue(&txn, ctx, "conclusion", id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(full)
}

/// Publish a submitted conclusion: agencies answer it from now on and it enters search.
#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn publish(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<Full> {
    let txn = super::begin(&ctx.db).await?;
    let before = for_team(&txn, caller, id).await?;
    let next = state_of(&before.conclusion).apply(Event::Publish).map_err(transition_error)?;
    let mut a = before.conclusion.clone().into_active_model();
    a.state = Set(next.as_str().into());
    a.published_at = Set(Some(ctx.now));
    a.updated_at = Set(ctx.now);
    let row = a.update(&txn).await?;
    let full = load(&txn, row).await?;
    record(&txn, ctx, caller, "conclusion.publish", Some(&before), &full).await?;
    outbox::enqueue(&txn, ctx, "conclusion", id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(full)
}

/// Correct a published conclusion: a new revision marked as a correction with its reason; the
/// earlier revisions stay readable. The corrected text must still have all four parts.
#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn correct(ctx: &Ctx, caller: &Caller, id: i64, input: Correction) -> AppResult<Full> {
    let txn = super::begin(&ctx.db).await?;
    let before = for_team(&txn, caller, id).await?;
    let mut c = Checks::default();
    let reason = c.take(CorrectionReason::parse(&input.reason));
    let title = input.title.as_deref().and_then(|t| c.take(bounded_text("/title", t, 5, 500)));
    let from = state_of(&before.conclusion);
    if from != ConclusionState::Published {
        return Err(transition_error(TransitionError::NotPublished { from, event: "correct" }));
    }
    c.finish()?;
    let reason = reason.ok_or_else(|| AppError::validation(vec![FieldError::new("/reason", "required")]))?;
    let lang = Lang::parse(&before.conclusion.language).unwrap_or(Lang::Ru);
    let sections = text_to_store(&txn, before.campaign.id, lang, &input.text, Some(before.sections.clone())).await?;
    Complete::check(&sections).map_err(|missing| AppError::validation(missing_field_errors(&missing)))?;
    let reason_text = reason.as_str().to_string();
    let next = state_of(&before.conclusion).apply(Event::Correct(reason)).map_err(transition_error)?;
    let mut a = before.conclusion.clone().into_active_model();
    if let Some(t) = title {
        a.title = Set(t);
    }
    a.state = Set(next.as_str().into());
    a.revision = Set(before.conclusion.revision + 1);
    a.updated_at = Set(ctx.now);
    let row = a.update(&txn).await?;
    add_revision(&txn, ctx, caller, &row, RevisionKind::Correction, Some(&reason_text), &sections).await?;
    let full = load(&txn, row).await?;
    record(&txn, ctx, caller, "conclusion.correct", Some(&before), &full).await?;
    outbox::enqueue(&txn, ctx, "conclusion", id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(full)
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn revisions(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<Vec<conclusion_revision::Model>> {
    get_visible(ctx, caller, id).await?;
    Ok(conclusion_revision::Entity::find()
        .filter(conclusion_revision::Column::ConclusionId.eq(id))
        .order_by_asc(conclusion_revision::Column::Number)
        .all(&ctx.db)
        .await?)
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn revision(
    ctx: &Ctx,
    caller: Option<&Caller>,
    id: i64,
    number: i32,
) -> AppResult<(Full, conclusion_revision::Model)> {
    let full = get_visible(ctx, caller, id).await?;
    let r = conclusion_revision::Entity::find()
        .filter(conclusion_revision::Column::ConclusionId.eq(id))
        .filter(conclusion_revision::Column::Number.eq(number))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("conclusion revision", number))?;
    Ok((full, r))
}

#[derive(Clone, Debug, Default)]
pub struct ConclusionFilter {
    pub campaign_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub state: Option<String>,
    /// Only the conclusions of campaigns this account is on the team of, drafts included.
    pub mine: Option<i64>,
}

/// Submitted and published conclusions, filtered and keyset-paged. Drafts never appear.
#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Ctx,
    f: ConclusionFilter,
    page: PageRequest,
) -> AppResult<(Vec<conclusion::Model>, Option<String>)> {
    let mut q = conclusion::Entity::find();
    match f.mine {
        Some(account) => {
            q = q.filter(conclusion::Column::CampaignId.in_subquery(super::campaigns::team_campaigns(account)))
        }
        None => {
            q = q
                .filter(conclusion::Column::State.ne(ConclusionState::Draft.as_str()))
                .filter(conclusion::Column::HiddenAt.is_null())
        }
    }
    if let Some(s) = f.state {
        let s = ConclusionState::parse(&s).filter(|s| f.mine.is_some() || *s != ConclusionState::Draft).ok_or_else(
            || AppError::invalid_parameter("state", "submitted or published (draft too in /me/conclusions)"),
        )?;
        q = q.filter(conclusion::Column::State.eq(s.as_str()));
    }
    if let Some(c) = f.campaign_id {
        q = q.filter(conclusion::Column::CampaignId.eq(c));
    }
    if let Some(a) = f.agency_id {
        let of_agency = Query::select()
            .column(conclusion_recipient::Column::ConclusionId)
            .from(conclusion_recipient::Entity)
            .and_where(conclusion_recipient::Column::AgencyId.eq(a))
            .to_owned();
        q = q.filter(conclusion::Column::Id.in_subquery(of_agency));
    }
    if let Some(after) = page.after {
        q = q.filter(conclusion::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(conclusion::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |c| c.id))
}

/// Addressed agencies of each conclusion, for lists.
#[tracing::instrument(skip_all)]
pub async fn addressed_of(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in conclusion_recipient::Entity::find()
        .filter(conclusion_recipient::Column::ConclusionId.is_in(ids.to_vec()))
        .filter(conclusion_recipient::Column::Role.eq(ADDRESSED))
        .order_by_asc(conclusion_recipient::Column::Id)
        .all(conn)
        .await?
    {
        out.entry(r.conclusion_id).or_default().push(r.agency_id);
    }
    Ok(out)
}

/// An agency's answer as a client sends it.
#[derive(Clone, Debug, Default)]
pub struct AnswerInput {
    pub item: String,
    pub status: String,
    pub reason: Option<String>,
    pub text_md: Option<String>,
    pub attachments: Vec<AttachmentLink>,
}

/// An edit of an answer: `None` keeps the stored value.
#[derive(Clone, Debug, Default)]
pub struct AnswerPatch {
    pub status: Option<String>,
    pub reason: Option<Option<String>>,
    pub text_md: Option<String>,
    pub attachments: Option<Vec<AttachmentLink>>,
}

fn measure_audit(m: &measure::Model) -> serde_json::Value {
    json!({"id": m.id, "conclusion_id": m.conclusion_id, "agency_id": m.agency_id, "item_key": m.item_key,
           "status": m.status, "reason": m.reason, "text_md": m.text_md, "attachments": m.attachments})
}

/// The officer's agency, when it is one the conclusion is addressed to.
fn require_addressed_officer(caller: &Caller, addressed: &[i64]) -> AppResult<i64> {
    caller.require_scope(Scope::Write)?;
    match caller.account.agency_id {
        Some(a) if caller.role() == Role::AgencyOfficer && addressed.contains(&a) => Ok(a),
        _ => Err(AppError::new(Code::NotAddressedAgency)),
    }
}

/// The agency the caller answers for on this conclusion, when `answer` would take an answer from
/// the caller now: an officer of an addressed agency, on a published conclusion.
#[tracing::instrument(skip_all, fields(conclusion = full.conclusion.id))]
pub fn answering_agency(caller: Option<&Caller>, full: &Full) -> Option<i64> {
    let caller = caller?;
    if state_of(&full.conclusion) != ConclusionState::Published {
        return None;
    }
    require_addressed_officer(caller, &full.addressed).ok()
}

fn check_answer(
    c: &mut Checks,
    status: &str,
    reason: Option<&str>,
    text: &str,
    attachments: &[AttachmentLink],
) -> (Option<MeasureStatus>, Option<String>, Option<String>) {
    let parsed = MeasureStatus::parse(status);
    if parsed.is_none() {
        c.push(FieldError::new("/status", "invalid_value").arg("value", status));
    }
    let status = parsed;
    let reason = status.and_then(|s| c.take(s.check_reason(reason))).flatten();
    let text = c.take(bounded_text("/text_md", text, 0, ANSWER_TEXT_MAX));
    if attachments.len() > ATTACHMENTS_MAX {
        c.push(FieldError::new("/attachments", "too_many").arg("max", ATTACHMENTS_MAX));
    }
    for (i, a) in attachments.iter().enumerate() {
        c.take(bounded_text(&format!("/attachments/{i}/title"), &a.title, 1, 300));
        c.take(web_url(&format!("/attachments/{i}/url"), &a.url));
    }
    (status, reason, text)
}

/// An officer of an addressed agency answers one item of a published conclusion (p.4).
#[tracing::instrument(skip_all, fields(conclusion = id, account = caller.id()))]
pub async fn answer(ctx: &Ctx, caller: &Caller, id: i64, input: AnswerInput) -> AppResult<measure::Model> {
    let txn = super::begin(&ctx.db).await?;
    let c = find(&txn, id).await?;
    if !visible(&txn, Some(caller), &c).await? {
        return Err(AppError::not_found("conclusion", id));
    }
    let full = load(&txn, c).await?;
    let agency_id = require_addressed_officer(caller, &full.addressed)?;
    let from = state_of(&full.conclusion);
    if from != ConclusionState::Published {
        return Err(transition_error(TransitionError::NotPublished { from, event: "answer" }));
    }
    let mut ch = Checks::default();
    if !items(&full.sections).iter().any(|i| i.key == input.item) {
        ch.push(FieldError::new("/item", "unknown_item").arg("value", &input.item));
    }
    let text = input.text_md.clone().unwrap_or_default();
    let (status, reason, text) =
        check_answer(&mut ch, &input.status, input.reason.as_deref(), &text, &input.attachments);
    ch.finish()?;
    let m = measure::ActiveModel {
        conclusion_id: Set(id),
        agency_id: Set(agency_id),
        item_key: Set(input.item),
        status: Set(status.map(|s| s.as_str()).unwrap_or_default().into()),
        reason: Set(reason),
        text_md: Set(text.unwrap_or_default()),
        attachments: Set(json!(input.attachments)),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    campaigns::record(&txn, ctx, caller, "measure.create", "measure", m.id, None, Some(measure_audit(&m))).await?;
    outbox::enqueue(&txn, ctx, super::measures::MEASURE, m.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(m)
}

/// The end of an answer's edit window.
#[tracing::instrument(skip_all)]
pub fn editable_until(m: &measure::Model) -> DateTime<Utc> {
    m.created_at + TimeDelta::days(ANSWER_EDIT_WINDOW_DAYS)
}

/// Officers of the answering agency edit an answer for seven days; after that it stands and a
/// new answer follows it.
#[tracing::instrument(skip_all, fields(conclusion = id, measure = measure_id))]
pub async fn edit_answer(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    measure_id: i64,
    p: AnswerPatch,
) -> AppResult<measure::Model> {
    let txn = super::begin(&ctx.db).await?;
    let m = measure::Entity::find_by_id(measure_id)
        .one(&txn)
        .await?
        .filter(|m| m.conclusion_id == id)
        .ok_or_else(|| AppError::not_found("measure", measure_id))?;
    require_addressed_officer(caller, &[m.agency_id])?;
    if !editable(m.created_at, ctx.now) {
        return Err(AppError::new(Code::AnswerNotEditable)
            .arg("days", ANSWER_EDIT_WINDOW_DAYS)
            .arg("until", editable_until(&m).to_rfc3339()));
    }
    let status = p.status.clone().unwrap_or_else(|| m.status.clone());
    let reason = p.reason.clone().unwrap_or_else(|| m.reason.clone());
    let text = p.text_md.clone().unwrap_or_else(|| m.text_md.clone());
    let attachments = match p.attachments {
        Some(a) => a,
        None => super::json_column("measure", m.id, "attachments", &m.attachments)?,
    };
    let mut ch = Checks::default();
    let (status, reason, text) = check_answer(&mut ch, &status, reason.as_deref(), &text, &attachments);
    ch.finish()?;
    let before = measure_audit(&m);
    let mut a = m.into_active_model();
    a.status = Set(status.map(|s| s.as_str()).unwrap_or_default().into());
    a.reason = Set(reason);
    a.text_md = Set(text.unwrap_or_default());
    a.attachments = Set(json!(attachments));
    a.updated_at = Set(ctx.now);
    let m = a.update(&txn).await?;
    campaigns::record(&txn, ctx, caller, "measure.update", "measure", m.id, Some(before), Some(measure_audit(&m)))
        .await?;
    outbox::enqueue(&txn, ctx, super::measures::MEASURE, m.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(m)
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn answers(ctx: &Ctx, caller: Option<&Caller>, id: i64) -> AppResult<Vec<measure::Model>> {
    get_visible(ctx, caller, id).await?;
    answers_of(&ctx.db, id).await
}

async fn answers_of(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<measure::Model>> {
    Ok(measure::Entity::find()
        .filter(measure::Column::ConclusionId.eq(id))
        .order_by_asc(measure::Column::Id)
        .all(conn)
        .await?)
}

fn rows(answers: &[measure::Model]) -> Vec<AnswerRow> {
    answers
        .iter()
        .filter_map(|m| {
            Some(AnswerRow {
                id: m.id,
                agency_id: m.agency_id,
                item_key: m.item_key.clone(),
                status: MeasureStatus::parse(&m.status)?,
                created_at: m.created_at,
            })
        })
        .collect()
}

/// Per addressed agency, how it answered the conclusion's items.
#[tracing::instrument(skip_all)]
pub async fn scorecard_of(conn: &impl ConnectionTrait, full: &Full) -> AppResult<(Vec<String>, Vec<AgencyScore>)> {
    let keys: Vec<String> = items(&full.sections).into_iter().map(|i| i.key).collect();
    let answers = answers_of(conn, full.conclusion.id).await?;
    let card = scorecard(&full.addressed, &keys, &rows(&answers));
    Ok((keys, card))
}

/// An agency's record across every published conclusion addressed to it: per conclusion and in
/// total.
#[tracing::instrument(skip_all, fields(agency = agency_id))]
pub async fn agency_measures(
    ctx: &Ctx,
    agency_id: i64,
) -> AppResult<(AgencyScore, Vec<(conclusion::Model, AgencyScore)>)> {
    agency::Entity::find_by_id(agency_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("agency", agency_id))?;
    let ids: Vec<i64> = conclusion_recipient::Entity::find()
        .select_only()
        .column(conclusion_recipient::Column::ConclusionId)
        .filter(conclusion_recipient::Column::AgencyId.eq(agency_id))
        .filter(conclusion_recipient::Column::Role.eq(ADDRESSED))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let published = conclusion::Entity::find()
        .filter(conclusion::Column::Id.is_in(ids))
        .filter(conclusion::Column::State.eq(ConclusionState::Published.as_str()))
        .filter(conclusion::Column::HiddenAt.is_null())
        .order_by_asc(conclusion::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut total = AgencyScore { agency_id, ..Default::default() };
    let mut out = Vec::with_capacity(published.len());
    for c in published {
        let full = load(&ctx.db, c).await?;
        let keys: Vec<String> = items(&full.sections).into_iter().map(|i| i.key).collect();
        let answers = answers_of(&ctx.db, full.conclusion.id).await?;
        let score = scorecard(&[agency_id], &keys, &rows(&answers)).pop().unwrap_or_default();
        total.accepted += score.accepted;
        total.in_progress += score.in_progress;
        total.done += score.done;
        total.rejected += score.rejected;
        total.ignored += score.ignored;
        out.push((full.conclusion, score));
    }
    Ok((total, out))
}

fn public_conclusions() -> sea_orm::Select<conclusion::Entity> {
    conclusion::Entity::find()
        .filter(conclusion::Column::State.ne(ConclusionState::Draft.as_str()))
        .filter(conclusion::Column::HiddenAt.is_null())
}

/// The catalog's figures: conclusions from submission on.
#[tracing::instrument(skip_all)]
pub async fn catalog_stats(db: &sea_orm::DatabaseConnection) -> AppResult<super::datasets::Stats> {
    use sea_orm::PaginatorTrait;
    let records = public_conclusions().count(db).await?;
    let newest = public_conclusions().order_by_desc(conclusion::Column::UpdatedAt).one(db).await?;
    Ok(super::datasets::Stats { records, updated_at: newest.map(|c| c.updated_at) })
}

/// Of these ids, the conclusions the public may read (submitted or published).
#[tracing::instrument(skip_all)]
pub async fn public_ids(db: &sea_orm::DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public_conclusions()
        .select_only()
        .column(conclusion::Column::Id)
        .filter(conclusion::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}
