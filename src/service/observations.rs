//! Observations of a campaign: one visit, check or case, its measured facts and the violations
//! found (form 1-мк categories). A respondent's personal data goes to its own table, read only by
//! the team, so no public read, export or index can carry it.
use chrono::NaiveDate;
use entity::{agency, campaign, observation, observation_violation, personal_data, public_service, region};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set, sea_query::Query,
};
use serde_json::json;

mod forms;
pub use forms::{FieldChoices, check_file, field_choices, may_record};

use super::{
    Caller, Checks, Ctx, campaigns, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::bounded_text,
        calendar::local_date,
        campaigns::CampaignState,
        directory::{is_kato_code, kato_prefix},
        identity::Iin,
        observations::{Channel, MAX_DAYS_TAKEN, MAX_WAITING_MINUTES, Outcome, SATISFACTION, term_exceeded},
        violations::ViolationCategory,
    },
    error::{AppError, AppResult, Code, FieldError},
};

#[derive(Clone, Debug, Default)]
pub struct ViolationInput {
    pub category: String,
    pub note: String,
}

/// Who answered, when the observer asked a person: kept apart and never published.
#[derive(Clone, Debug, Default)]
pub struct Respondent {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub iin: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ObservationInput {
    pub service_id: i64,
    pub agency_id: i64,
    pub region: Option<String>,
    pub address: Option<String>,
    pub online: bool,
    pub observed_on: NaiveDate,
    pub channel: String,
    pub waiting_minutes: Option<i32>,
    pub days_taken: Option<i32>,
    pub outcome: String,
    pub satisfaction: Option<i16>,
    pub note_md: Option<String>,
    pub violations: Vec<ViolationInput>,
    pub respondent: Option<Respondent>,
}

/// An observation with the violations found at it.
#[derive(Clone, Debug)]
pub struct ObservationView {
    pub observation: observation::Model,
    pub violations: Vec<observation_violation::Model>,
    pub evidence: Vec<entity::evidence::Model>,
}

pub const SUBJECT: &str = "observation";

fn observation_audit(o: &observation::Model, violations: &[ViolationInput]) -> serde_json::Value {
    json!({"id": o.id, "campaign_id": o.campaign_id, "service_id": o.service_id, "agency_id": o.agency_id,
           "region": o.region, "online": o.online, "observed_on": o.observed_on, "channel": o.channel,
           "waiting_minutes": o.waiting_minutes, "days_taken": o.days_taken, "outcome": o.outcome,
           "satisfaction": o.satisfaction,
           "violations": violations.iter().map(|v| v.category.as_str()).collect::<Vec<_>>()})
}

struct Checked {
    service: public_service::Model,
    channel: Channel,
    outcome: Outcome,
    region: Option<String>,
    address: Option<String>,
    note: String,
    violations: Vec<(ViolationCategory, String)>,
    respondent: Option<PersonalData>,
}

fn clean(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A respondent's details once checked: at least one of them is present.
#[derive(Clone, Debug)]
pub struct PersonalData {
    name: Option<String>,
    phone: Option<String>,
    iin: Option<String>,
}

/// The one check of a respondent's name, phone and IIN, for observations and survey responses
/// alike; blanks count as absent, and a respondent with nothing left is no respondent.
#[tracing::instrument(skip_all)]
pub fn check_respondent(k: &mut Checks, r: &Respondent) -> Option<PersonalData> {
    let name = clean(&r.name).and_then(|t| k.take(bounded_text("/respondent/name", t, 1, 200)));
    let phone = clean(&r.phone).and_then(|t| {
        let ok = (5..=32).contains(&t.len()) && t.chars().all(|ch| ch.is_ascii_digit() || " +-()".contains(ch));
        if ok {
            Some(t.to_string())
        } else {
            k.push(FieldError::new("/respondent/phone", "invalid_value").arg("value", "phone"));
            None
        }
    });
    let iin = clean(&r.iin).and_then(|t| {
        k.take(
            Iin::parse(t)
                .map(|i| i.as_str().to_string())
                .map_err(|_| FieldError::new("/respondent/iin", "invalid_iin")),
        )
    });
    (name.is_some() || phone.is_some() || iin.is_some()).then_some(PersonalData { name, phone, iin })
}

/// Keep a respondent's details apart from the record they belong to (`subject_type`, `subject_id`).
#[tracing::instrument(skip_all, fields(subject = subject_id))]
pub async fn store_respondent(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    subject_type: &str,
    subject_id: i64,
    p: &PersonalData,
) -> AppResult<()> {
    personal_data::ActiveModel {
        subject_type: Set(subject_type.to_string()),
        subject_id: Set(subject_id),
        name: Set(p.name.clone()),
        phone: Set(p.phone.clone()),
        iin: Set(p.iin.clone()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn check(
    ctx: &Ctx,
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    n: &ObservationInput,
) -> AppResult<Checked> {
    let mut k = Checks::default();
    let service = public_service::Entity::find_by_id(n.service_id).one(conn).await?;
    if service.is_none() {
        k.push(FieldError::new("/service_id", "unknown_service").arg("value", n.service_id));
    }
    if agency::Entity::find_by_id(n.agency_id).one(conn).await?.is_none() {
        k.push(FieldError::new("/agency_id", "unknown_agency").arg("value", n.agency_id));
    }
    let region = clean(&n.region).map(str::to_string);
    let address = clean(&n.address).map(str::to_string);
    if let Some(code) = &region
        && (!is_kato_code(code) || region::Entity::find_by_id(code.clone()).one(conn).await?.is_none())
    {
        k.push(FieldError::new("/region", "unknown_region").arg("value", code));
    }
    match (n.online, &region, &address) {
        (true, _, Some(_)) => k.push(FieldError::new("/address", "address_or_online")),
        (false, None, _) => k.push(FieldError::new("/region", "address_or_online")),
        (false, _, None) => k.push(FieldError::new("/address", "address_or_online")),
        _ => {}
    }
    if let Some(a) = &address {
        k.take(bounded_text("/address", a, 3, 500));
    }
    if n.observed_on < c.period_from || n.observed_on > c.period_to {
        k.push(FieldError::new("/observed_on", "outside_period").arg("from", c.period_from).arg("to", c.period_to));
    } else if n.observed_on > local_date(ctx.now) {
        k.push(FieldError::new("/observed_on", "in_the_future"));
    }
    let channel = Channel::parse(&n.channel);
    if channel.is_none() {
        k.push(FieldError::new("/channel", "invalid_value").arg("value", &n.channel));
    }
    let outcome = Outcome::parse(&n.outcome);
    if outcome.is_none() {
        k.push(FieldError::new("/outcome", "invalid_value").arg("value", &n.outcome));
    }
    for (pointer, value, max) in
        [("/waiting_minutes", n.waiting_minutes, MAX_WAITING_MINUTES), ("/days_taken", n.days_taken, MAX_DAYS_TAKEN)]
    {
        if value.is_some_and(|v| !(0..=max).contains(&v)) {
            k.push(FieldError::new(pointer, "out_of_range").arg("min", 0).arg("max", max));
        }
    }
    if n.satisfaction.is_some_and(|s| !SATISFACTION.contains(&s)) {
        k.push(
            FieldError::new("/satisfaction", "out_of_range")
                .arg("min", SATISFACTION.start())
                .arg("max", SATISFACTION.end()),
        );
    }
    let note = match clean(&n.note_md) {
        None => String::new(),
        Some(t) => k.take(bounded_text("/note_md", t, 1, 20_000)).unwrap_or_default(),
    };
    if n.violations.len() > ViolationCategory::ALL.len() {
        k.push(FieldError::new("/violations", "too_many").arg("max", ViolationCategory::ALL.len()));
    }
    let mut violations = Vec::new();
    for (i, v) in n.violations.iter().enumerate() {
        match ViolationCategory::parse(&v.category) {
            None => k.push(
                FieldError::new(format!("/violations/{i}/category"), "unknown_violation_category")
                    .arg("value", &v.category),
            ),
            Some(cat) if violations.iter().any(|(c, _)| *c == cat) => {
                k.push(FieldError::new(format!("/violations/{i}/category"), "duplicate_key").arg("value", &v.category))
            }
            Some(cat) => {
                let note = if v.note.trim().is_empty() {
                    String::new()
                } else {
                    k.take(bounded_text(&format!("/violations/{i}/note"), &v.note, 1, 2000)).unwrap_or_default()
                };
                violations.push((cat, note));
            }
        }
    }
    let respondent = n.respondent.as_ref().and_then(|r| check_respondent(&mut k, r));
    k.finish()?;
    Ok(Checked {
        service: service.ok_or_else(|| AppError::not_found("service", n.service_id))?,
        channel: channel.unwrap_or(Channel::ProviderOffice),
        outcome: outcome.unwrap_or(Outcome::Pending),
        region,
        address,
        note,
        violations,
        respondent,
    })
}

fn fill(a: &mut observation::ActiveModel, n: &ObservationInput, k: &Checked) {
    a.service_id = Set(n.service_id);
    a.agency_id = Set(n.agency_id);
    a.region = Set(k.region.clone());
    a.online = Set(n.online);
    a.address = Set(k.address.clone());
    a.observed_on = Set(n.observed_on);
    a.channel = Set(k.channel.as_str().to_string());
    a.waiting_minutes = Set(n.waiting_minutes);
    a.days_taken = Set(n.days_taken);
    // The term in force when the observation was made: a later change of the registry does not
    // rewrite what was found.
    a.term_value = Set(Some(k.service.term_value));
    a.term_unit = Set(Some(k.service.term_unit.clone()));
    a.term_exceeded = Set(term_exceeded(n.days_taken, k.service.term_value, &k.service.term_unit));
    a.outcome = Set(k.outcome.as_str().to_string());
    a.satisfaction = Set(n.satisfaction);
    a.note_md = Set(k.note.clone());
}

async fn write_details(conn: &impl ConnectionTrait, ctx: &Ctx, id: i64, k: &Checked) -> AppResult<()> {
    observation_violation::Entity::delete_many()
        .filter(observation_violation::Column::ObservationId.eq(id))
        .exec(conn)
        .await?;
    if !k.violations.is_empty() {
        observation_violation::Entity::insert_many(k.violations.iter().map(|(c, note)| {
            observation_violation::ActiveModel {
                observation_id: Set(id),
                category: Set(c.as_str().to_string()),
                note: Set(note.clone()),
                ..Default::default()
            }
        }))
        .exec(conn)
        .await?;
    }
    personal_data::Entity::delete_many()
        .filter(personal_data::Column::SubjectType.eq(SUBJECT))
        .filter(personal_data::Column::SubjectId.eq(id))
        .exec(conn)
        .await?;
    if let Some(p) = &k.respondent {
        store_respondent(conn, ctx, SUBJECT, id, p).await?;
    }
    Ok(())
}

/// The campaign, if `caller` may add to or change its observations.
async fn writable_campaign(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    campaign_id: i64,
) -> AppResult<campaign::Model> {
    let c = campaigns::for_team(conn, caller, campaign_id).await?;
    campaigns::require_writable(&c)?;
    Ok(c)
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn create(ctx: &Ctx, caller: &Caller, campaign_id: i64, n: ObservationInput) -> AppResult<ObservationView> {
    let txn = super::begin(&ctx.db).await?;
    let c = writable_campaign(&txn, caller, campaign_id).await?;
    let k = check(ctx, &txn, &c, &n).await?;
    let mut a = observation::ActiveModel {
        campaign_id: Set(campaign_id),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    };
    fill(&mut a, &n, &k);
    let o = a.insert(&txn).await?;
    write_details(&txn, ctx, o.id, &k).await?;
    campaigns::record(
        &txn,
        ctx,
        caller,
        "observation.create",
        SUBJECT,
        o.id,
        None,
        Some(observation_audit(&o, &n.violations)),
    )
    .await?;
    if campaigns::state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, SUBJECT, o.id, outbox::UPSERT).await?;
    }
    txn.commit().await?;
    get_view(&ctx.db, o, true).await
}

async fn find_in(conn: &impl ConnectionTrait, campaign_id: i64, id: i64) -> AppResult<observation::Model> {
    observation::Entity::find_by_id(id)
        .filter(observation::Column::CampaignId.eq(campaign_id))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("observation", id))
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = id))]
pub async fn replace(
    ctx: &Ctx,
    caller: &Caller,
    campaign_id: i64,
    id: i64,
    n: ObservationInput,
) -> AppResult<ObservationView> {
    let txn = super::begin(&ctx.db).await?;
    let c = writable_campaign(&txn, caller, campaign_id).await?;
    let o = find_in(&txn, campaign_id, id).await?;
    let k = check(ctx, &txn, &c, &n).await?;
    let before =
        json!({"id": o.id, "outcome": o.outcome, "satisfaction": o.satisfaction, "observed_on": o.observed_on});
    let mut a = o.into_active_model();
    fill(&mut a, &n, &k);
    a.updated_at = Set(ctx.now);
    let o = a.update(&txn).await?;
    write_details(&txn, ctx, o.id, &k).await?;
    campaigns::record(
        &txn,
        ctx,
        caller,
        "observation.update",
        SUBJECT,
        o.id,
        Some(before),
        Some(observation_audit(&o, &n.violations)),
    )
    .await?;
    if campaigns::state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, SUBJECT, o.id, outbox::UPSERT).await?;
    }
    txn.commit().await?;
    get_view(&ctx.db, o, true).await
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = id))]
pub async fn delete(ctx: &Ctx, caller: &Caller, campaign_id: i64, id: i64) -> AppResult<()> {
    let txn = super::begin(&ctx.db).await?;
    let c = writable_campaign(&txn, caller, campaign_id).await?;
    let o = find_in(&txn, campaign_id, id).await?;
    personal_data::Entity::delete_many()
        .filter(personal_data::Column::SubjectType.eq(SUBJECT))
        .filter(personal_data::Column::SubjectId.eq(id))
        .exec(&txn)
        .await?;
    observation::Entity::delete_by_id(id).exec(&txn).await?;
    campaigns::record(&txn, ctx, caller, "observation.delete", SUBJECT, id, Some(observation_audit(&o, &[])), None)
        .await?;
    if campaigns::state_of(&c).is_public() {
        outbox::enqueue(&txn, ctx, SUBJECT, id, outbox::DELETE).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// `insider`: the reader also sees what a moderator hid (the team, moderators).
async fn get_view(conn: &impl ConnectionTrait, o: observation::Model, insider: bool) -> AppResult<ObservationView> {
    let violations = observation_violation::Entity::find()
        .filter(observation_violation::Column::ObservationId.eq(o.id))
        .order_by_asc(observation_violation::Column::Id)
        .all(conn)
        .await?;
    let evidence = super::evidence::of_observations(conn, vec![o.id], insider).await?;
    Ok(ObservationView { observation: o, violations, evidence })
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id, observation = id))]
pub async fn get(ctx: &Ctx, caller: Option<&Caller>, campaign_id: i64, id: i64) -> AppResult<ObservationView> {
    let c = campaigns::get_visible(ctx, caller, campaign_id).await?;
    let insider = campaigns::reads_hidden(&ctx.db, &c, caller).await?;
    let o = find_in(&ctx.db, campaign_id, id).await?;
    if !insider && let Some(reason) = &o.hidden_reason {
        return Err(AppError::new(Code::Withdrawn).arg("reason", reason));
    }
    get_view(&ctx.db, o, insider).await
}

#[derive(Clone, Debug, Default)]
pub struct ObservationFilter {
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub region: Option<String>,
    pub channel: Option<String>,
    pub outcome: Option<String>,
    pub violation: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A campaign's observations (public part), filtered and keyset-paged.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn list(
    ctx: &Ctx,
    caller: Option<&Caller>,
    campaign_id: i64,
    f: ObservationFilter,
    page: PageRequest,
) -> AppResult<(Vec<ObservationView>, Option<String>)> {
    let c = campaigns::get_visible(ctx, caller, campaign_id).await?;
    let insider = campaigns::reads_hidden(&ctx.db, &c, caller).await?;
    let mut q = observation::Entity::find().filter(observation::Column::CampaignId.eq(campaign_id));
    if !insider {
        q = q.filter(observation::Column::HiddenAt.is_null());
    }
    page_of(&ctx.db, filtered(q, f)?, page, insider).await
}

/// Observations of every campaign from activation on: a draft's are its team's alone, so they
/// appear in no public list, export or change event; nor does one a moderator hid.
fn public() -> Select<observation::Entity> {
    of_public_campaigns().filter(observation::Column::HiddenAt.is_null())
}

/// Observations of non-draft campaigns, hidden ones included.
fn of_public_campaigns() -> Select<observation::Entity> {
    let public_campaigns = Query::select()
        .column(campaign::Column::Id)
        .from(campaign::Entity)
        .and_where(campaign::Column::State.ne(CampaignState::Draft.as_str()))
        .to_owned();
    observation::Entity::find().filter(observation::Column::CampaignId.in_subquery(public_campaigns))
}

/// The open-data list: every public campaign's observations (public part), with a campaign's
/// filters plus the campaign, keyset-paged by id.
#[tracing::instrument(skip_all)]
pub async fn list_public(
    ctx: &Ctx,
    campaign_id: Option<i64>,
    f: ObservationFilter,
    page: PageRequest,
) -> AppResult<(Vec<ObservationView>, Option<String>)> {
    let mut q = public();
    if let Some(c) = campaign_id {
        q = q.filter(observation::Column::CampaignId.eq(c));
    }
    page_of(&ctx.db, filtered(q, f)?, page, false).await
}

/// One observation of a public campaign (public part).
#[tracing::instrument(skip_all, fields(observation = id))]
pub async fn get_public(ctx: &Ctx, id: i64) -> AppResult<ObservationView> {
    let o = of_public_campaigns()
        .filter(observation::Column::Id.eq(id))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("observation", id))?;
    if let Some(reason) = &o.hidden_reason {
        return Err(AppError::new(Code::Withdrawn).arg("reason", reason));
    }
    get_view(&ctx.db, o, false).await
}

/// The catalog's figures: observations of public campaigns.
#[tracing::instrument(skip_all)]
pub async fn catalog_stats(db: &DatabaseConnection) -> AppResult<super::datasets::Stats> {
    let records = public().count(db).await?;
    let newest = public().order_by_desc(observation::Column::UpdatedAt).one(db).await?;
    Ok(super::datasets::Stats { records, updated_at: newest.map(|o| o.updated_at) })
}

/// Of these ids, the observations the public may read (those of non-draft campaigns).
#[tracing::instrument(skip_all)]
pub async fn public_ids(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public()
        .select_only()
        .column(observation::Column::Id)
        .filter(observation::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

fn filtered(mut q: Select<observation::Entity>, f: ObservationFilter) -> AppResult<Select<observation::Entity>> {
    if let Some(s) = f.service_id {
        q = q.filter(observation::Column::ServiceId.eq(s));
    }
    if let Some(a) = f.agency_id {
        q = q.filter(observation::Column::AgencyId.eq(a));
    }
    if let Some(r) = f.region {
        if !is_kato_code(&r) {
            return Err(AppError::invalid_parameter("region", "a KATO code has nine digits"));
        }
        q = q.filter(observation::Column::Region.starts_with(kato_prefix(&r)));
    }
    if let Some(ch) = f.channel {
        let ch = Channel::parse(&ch).ok_or_else(|| AppError::invalid_parameter("channel", "not a known channel"))?;
        q = q.filter(observation::Column::Channel.eq(ch.as_str()));
    }
    if let Some(o) = f.outcome {
        let o = Outcome::parse(&o).ok_or_else(|| AppError::invalid_parameter("outcome", "not a known outcome"))?;
        q = q.filter(observation::Column::Outcome.eq(o.as_str()));
    }
    if let Some(v) = f.violation {
        let v = ViolationCategory::parse(&v)
            .ok_or_else(|| AppError::invalid_parameter("violation", "not one of the ten categories"))?;
        q = q.filter(
            observation::Column::Id.in_subquery(
                Query::select()
                    .column(observation_violation::Column::ObservationId)
                    .from(observation_violation::Entity)
                    .and_where(observation_violation::Column::Category.eq(v.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(d) = f.from {
        q = q.filter(observation::Column::ObservedOn.gte(d));
    }
    if let Some(d) = f.to {
        q = q.filter(observation::Column::ObservedOn.lte(d));
    }
    Ok(q)
}

/// One keyset page of `q` by id, with each observation's violations and evidence.
async fn page_of(
    conn: &impl ConnectionTrait,
    mut q: Select<observation::Entity>,
    page: PageRequest,
    insider: bool,
) -> AppResult<(Vec<ObservationView>, Option<String>)> {
    if let Some(after) = page.after {
        q = q.filter(observation::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(observation::Column::Id).limit(page.limit + 1).all(conn).await?;
    let (rows, next) = finish_page(rows, page, |o| o.id);
    let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
    let violations = observation_violation::Entity::find()
        .filter(observation_violation::Column::ObservationId.is_in(ids.clone()))
        .order_by_asc(observation_violation::Column::Id)
        .all(conn)
        .await?;
    let files = super::evidence::of_observations(conn, ids, insider).await?;
    let views = rows
        .into_iter()
        .map(|o| {
            let v = violations.iter().filter(|v| v.observation_id == o.id).cloned().collect();
            let e = files.iter().filter(|e| e.observation_id == o.id).cloned().collect();
            ObservationView { observation: o, violations: v, evidence: e }
        })
        .collect();
    Ok((views, next))
}

/// The respondent behind an observation: for the team only.
#[tracing::instrument(skip_all, fields(account = caller.id(), campaign = campaign_id, observation = id))]
pub async fn personal(
    ctx: &Ctx,
    caller: &Caller,
    campaign_id: i64,
    id: i64,
) -> AppResult<Option<personal_data::Model>> {
    let c = campaigns::get_visible(ctx, Some(caller), campaign_id).await?;
    campaigns::require_team(&ctx.db, &c, caller).await?;
    find_in(&ctx.db, campaign_id, id).await?;
    Ok(personal_data::Entity::find()
        .filter(personal_data::Column::SubjectType.eq(SUBJECT))
        .filter(personal_data::Column::SubjectId.eq(id))
        .one(&ctx.db)
        .await?)
}
