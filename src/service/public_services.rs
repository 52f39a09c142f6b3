//! The registry of public services (Law Art. 12): public reads with filters, a CSV export, and
//! administrators' writes.
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{agency, public_service, service_provider};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::{Scope, bounded_text},
        directory::{Channel, Recipients, ServiceForm, TermUnit},
        text::fold,
    },
    error::{AppError, AppResult, Code, FieldError},
};

/// The outbox entity type of registry services: every change is an event of the `services`
/// dataset.
pub const ENTITY: &str = "public_service";

/// A registry service with the agencies that provide it.
#[derive(Clone, Debug)]
pub struct RegistryService {
    pub service: public_service::Model,
    pub providers: Vec<agency::Model>,
    pub approving_body: Option<agency::Model>,
}

#[derive(Default, Clone)]
pub struct ServiceFilter {
    pub provider: Option<i64>,
    pub approving_body: Option<i64>,
    pub recipient: Option<String>,
    pub form: Option<String>,
    pub channel: Option<String>,
    pub paid: Option<bool>,
    pub q: Option<String>,
    pub active: Option<bool>,
}

fn query(f: ServiceFilter) -> AppResult<sea_orm::Select<public_service::Entity>> {
    let mut q = public_service::Entity::find();
    if let Some(p) = f.provider {
        q = q.filter(
            public_service::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(service_provider::Column::ServiceId)
                    .from(service_provider::Entity)
                    .and_where(service_provider::Column::AgencyId.eq(p))
                    .to_owned(),
            ),
        );
    }
    if let Some(a) = f.approving_body {
        q = q.filter(public_service::Column::ApprovingBodyId.eq(a));
    }
    if let Some(r) = f.recipient {
        let r = Recipients::parse(&r)
            .ok_or_else(|| AppError::invalid_parameter("recipient", "individuals, legal_entities or both"))?;
        // A service for both kinds of recipient serves either.
        q = match r {
            Recipients::Both => q.filter(public_service::Column::Recipients.eq(r.as_str())),
            _ => q.filter(
                Condition::any()
                    .add(public_service::Column::Recipients.eq(r.as_str()))
                    .add(public_service::Column::Recipients.eq(Recipients::Both.as_str())),
            ),
        };
    }
    if let Some(form) = f.form {
        let form = ServiceForm::parse(&form)
            .ok_or_else(|| AppError::invalid_parameter("form", "paper, electronic or proactive"))?;
        q = q.filter(public_service::Column::Forms.contains(form.as_str()));
    }
    if let Some(c) = f.channel {
        let c = Channel::parse(&c).ok_or_else(|| {
            AppError::invalid_parameter("channel", "provider, state_corporation, egov_portal or other_is")
        })?;
        q = q.filter(public_service::Column::Channels.contains(c.as_str()));
    }
    if let Some(p) = f.paid {
        q = q.filter(public_service::Column::Paid.eq(p));
    }
    if let Some(text) = f.q.map(|t| fold(t.trim())).filter(|t| !t.is_empty()) {
        for word in text.split_whitespace() {
            q = q.filter(public_service::Column::SearchText.contains(word));
        }
    }
    if let Some(a) = f.active {
        q = q.filter(public_service::Column::Active.eq(a));
    }
    Ok(q)
}

async fn attach(conn: &impl ConnectionTrait, rows: Vec<public_service::Model>) -> AppResult<Vec<RegistryService>> {
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let links =
        service_provider::Entity::find().filter(service_provider::Column::ServiceId.is_in(ids)).all(conn).await?;
    let mut agency_ids: Vec<i64> =
        links.iter().map(|l| l.agency_id).chain(rows.iter().map(|s| s.approving_body_id)).collect();
    agency_ids.sort_unstable();
    agency_ids.dedup();
    let agencies: HashMap<i64, agency::Model> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| RegistryService {
            providers: links
                .iter()
                .filter(|l| l.service_id == s.id)
                .filter_map(|l| agencies.get(&l.agency_id).cloned())
                .collect(),
            approving_body: agencies.get(&s.approving_body_id).cloned(),
            service: s,
        })
        .collect())
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx, f: ServiceFilter, page: PageRequest) -> AppResult<(Vec<RegistryService>, Option<String>)> {
    let mut q = query(f)?;
    if let Some(after) = page.after {
        q = q.filter(public_service::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(public_service::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    let (rows, next) = finish_page(rows, page, |s| s.id);
    Ok((attach(&ctx.db, rows).await?, next))
}

/// Services by id, in one query, for views that name several.
#[tracing::instrument(skip_all)]
pub async fn by_id(ctx: &Ctx, ids: &[i64]) -> AppResult<HashMap<i64, public_service::Model>> {
    Ok(public_service::Entity::find()
        .filter(public_service::Column::Id.is_in(ids.to_vec()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect())
}

#[tracing::instrument(skip_all, fields(public_service = id))]
pub async fn get(ctx: &Ctx, id: i64) -> AppResult<RegistryService> {
    let s = public_service::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("public service", id))?;
    Ok(attach(&ctx.db, vec![s]).await?.remove(0))
}

#[tracing::instrument(skip_all)]
pub fn search_text(s: &public_service::Model) -> String {
    fold(&format!("{} {} {} {}", s.code, s.name_kk, s.name_ru, s.name_en))
}

fn service_audit(r: &public_service::Model, providers: &[i64]) -> serde_json::Value {
    json!({"id": r.id, "code": r.code, "name_kk": r.name_kk, "name_ru": r.name_ru, "name_en": r.name_en,
           "recipients": r.recipients, "approving_body_id": r.approving_body_id, "providers": providers,
           "channels": r.channels, "forms": r.forms, "paid": r.paid, "fee_basis": r.fee_basis,
           "bylaw_title": r.bylaw_title, "bylaw_number": r.bylaw_number, "bylaw_date": r.bylaw_date,
           "term_value": r.term_value, "term_unit": r.term_unit, "active": r.active})
}

/// The fields of a registry service; on update, absent fields stay as they are.
#[derive(Default)]
pub struct ServiceInput {
    pub code: Option<String>,
    pub name_kk: Option<String>,
    pub name_ru: Option<String>,
    pub name_en: Option<String>,
    pub recipients: Option<String>,
    pub approving_body_id: Option<i64>,
    pub provider_ids: Option<Vec<i64>>,
    pub channels: Option<Vec<String>>,
    pub forms: Option<Vec<String>>,
    pub paid: Option<bool>,
    pub fee_basis: Option<Option<String>>,
    pub bylaw_title: Option<Option<String>>,
    pub bylaw_number: Option<Option<String>>,
    pub bylaw_date: Option<Option<NaiveDate>>,
    pub term_value: Option<i32>,
    pub term_unit: Option<String>,
}

fn words<T: Copy + PartialEq>(
    pointer: &str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
    name: fn(T) -> &'static str,
    checks: &mut Checks,
) -> String {
    let mut out: Vec<T> = Vec::new();
    if values.is_empty() {
        checks.push(FieldError::new(pointer, "required"));
    }
    for (i, v) in values.iter().enumerate() {
        match parse(v) {
            Some(x) if !out.contains(&x) => out.push(x),
            Some(_) => {}
            None => checks.push(FieldError::new(format!("{pointer}/{i}"), "invalid_value").arg("value", v)),
        }
    }
    out.into_iter().map(name).collect::<Vec<_>>().join(" ")
}

async fn apply(
    conn: &impl ConnectionTrait,
    mut s: public_service::Model,
    input: ServiceInput,
) -> AppResult<(public_service::Model, Option<Vec<i64>>)> {
    let mut checks = Checks::default();
    if let Some(code) = input.code {
        let code = code.trim().to_uppercase();
        if crate::domain::directory::is_agency_code(&code) {
            s.code = code;
        } else {
            checks.push(FieldError::new("/code", "invalid_code"));
        }
    }
    for (pointer, value, slot) in [
        ("/name_kk", input.name_kk, &mut s.name_kk),
        ("/name_ru", input.name_ru, &mut s.name_ru),
        ("/name_en", input.name_en, &mut s.name_en),
    ] {
        if let Some(v) = value
            && let Some(v) = checks.take(bounded_text(pointer, &v, 3, 600))
        {
            *slot = v;
        }
    }
    if let Some(r) = input.recipients {
        match Recipients::parse(&r) {
            Some(r) => s.recipients = r.as_str().into(),
            None => checks.push(FieldError::new("/recipients", "invalid_value").arg("value", &r)),
        }
    }
    if let Some(a) = input.approving_body_id {
        if agency::Entity::find_by_id(a).one(conn).await?.is_some() {
            s.approving_body_id = a;
        } else {
            checks.push(FieldError::new("/approving_body_id", "unknown_agency").arg("value", a));
        }
    }
    let mut providers = None;
    if let Some(ids) = input.provider_ids {
        if ids.is_empty() {
            checks.push(FieldError::new("/provider_ids", "required"));
        }
        let found: Vec<i64> = agency::Entity::find()
            .filter(agency::Column::Id.is_in(ids.clone()))
            .all(conn)
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        let mut unique = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            if !found.contains(id) {
                checks.push(FieldError::new(format!("/provider_ids/{i}"), "unknown_agency").arg("value", id));
            } else if !unique.contains(id) {
                unique.push(*id);
            }
        }
        providers = Some(unique);
    }
    if let Some(c) = input.channels {
        s.channels = words("/channels", &c, Channel::parse, Channel::as_str, &mut checks);
    }
    if let Some(f) = input.forms {
        s.forms = words("/forms", &f, ServiceForm::parse, ServiceForm::as_str, &mut checks);
    }
    if let Some(p) = input.paid {
        s.paid = p;
    }
    // Optional texts, within the widths their columns hold (PostgreSQL enforces them).
    let mut text = |pointer: &str, v: Option<String>, max: usize| match v
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
    {
        Some(x) => checks.take(bounded_text(pointer, &x, 1, max)),
        None => None,
    };
    if let Some(f) = input.fee_basis {
        s.fee_basis = text("/fee_basis", f, 500);
    }
    if let Some(t) = input.bylaw_title {
        s.bylaw_title = text("/bylaw_title", t, 1000);
    }
    if let Some(n) = input.bylaw_number {
        s.bylaw_number = text("/bylaw_number", n, 100);
    }
    if let Some(d) = input.bylaw_date {
        s.bylaw_date = d;
    }
    if let Some(v) = input.term_value {
        if (1..=10_000).contains(&v) {
            s.term_value = v;
        } else {
            checks.push(FieldError::new("/term_value", "out_of_range").arg("min", 1).arg("max", 10_000));
        }
    }
    if let Some(u) = input.term_unit {
        match TermUnit::parse(&u) {
            Some(u) => s.term_unit = u.as_str().into(),
            None => checks.push(FieldError::new("/term_unit", "invalid_value").arg("value", &u)),
        }
    }
    if s.paid && s.fee_basis.is_none() && !checks.has("/fee_basis") {
        checks.push(FieldError::new("/fee_basis", "required"));
    }
    checks.finish()?;
    s.search_text = search_text(&s);
    Ok((s, providers))
}

async fn set_providers(conn: &impl ConnectionTrait, service_id: i64, ids: &[i64]) -> AppResult<()> {
    service_provider::Entity::delete_many()
        .filter(service_provider::Column::ServiceId.eq(service_id))
        .exec(conn)
        .await?;
    for id in ids {
        service_provider::ActiveModel { service_id: Set(service_id), agency_id: Set(*id) }.insert(conn).await?;
    }
    Ok(())
}

async fn provider_ids(conn: &impl ConnectionTrait, service_id: i64) -> AppResult<Vec<i64>> {
    Ok(service_provider::Entity::find()
        .filter(service_provider::Column::ServiceId.eq(service_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.agency_id)
        .collect())
}

fn require_write_admin(caller: &Caller) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    caller.require_admin()
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, input: ServiceInput) -> AppResult<RegistryService> {
    require_write_admin(caller)?;
    let mut missing = Checks::default();
    for (pointer, present) in [
        ("/code", input.code.is_some()),
        ("/name_kk", input.name_kk.is_some()),
        ("/name_ru", input.name_ru.is_some()),
        ("/name_en", input.name_en.is_some()),
        ("/recipients", input.recipients.is_some()),
        ("/approving_body_id", input.approving_body_id.is_some()),
        ("/provider_ids", input.provider_ids.is_some()),
        ("/channels", input.channels.is_some()),
        ("/forms", input.forms.is_some()),
        ("/term_value", input.term_value.is_some()),
        ("/term_unit", input.term_unit.is_some()),
    ] {
        if !present {
            missing.push(FieldError::new(pointer, "required"));
        }
    }
    missing.finish()?;
    let txn = super::begin(&ctx.db).await?;
    let blank = public_service::Model {
        id: 0,
        code: String::new(),
        name_kk: String::new(),
        name_ru: String::new(),
        name_en: String::new(),
        recipients: String::new(),
        approving_body_id: 0,
        channels: String::new(),
        forms: String::new(),
        paid: false,
        fee_basis: None,
        bylaw_title: None,
        bylaw_number: None,
        bylaw_date: None,
        term_value: 0,
        term_unit: String::new(),
        search_text: String::new(),
        active: true,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    let (s, providers) = apply(&txn, blank, input).await?;
    if public_service::Entity::find().filter(public_service::Column::Code.eq(&s.code)).one(&txn).await?.is_some() {
        return Err(AppError::new(Code::ServiceCodeTaken).arg("code", &s.code));
    }
    let mut am = s.into_active_model();
    am.id = sea_orm::ActiveValue::NotSet;
    let s = am.insert(&txn).await?;
    let providers = providers.unwrap_or_default();
    set_providers(&txn, s.id, &providers).await?;
    audit::record(&txn, ctx, entry(caller, "public_service.create", s.id, None, Some(service_audit(&s, &providers))))
        .await?;
    outbox::enqueue(&txn, ctx, ENTITY, s.id, outbox::UPSERT).await?;
    txn.commit().await?;
    get(ctx, s.id).await
}

fn entry(
    caller: &Caller,
    action: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> audit::Entry<'static> {
    audit::Entry {
        actor: Some(caller.id()),
        action,
        entity_type: "public_service",
        entity_id: id.to_string(),
        before,
        after,
    }
}

#[tracing::instrument(skip_all, fields(account = caller.id(), public_service = id))]
pub async fn update(ctx: &Ctx, caller: &Caller, id: i64, input: ServiceInput) -> AppResult<RegistryService> {
    require_write_admin(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let current = public_service::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("public service", id))?;
    let before = service_audit(&current, &provider_ids(&txn, id).await?);
    let old_code = current.code.clone();
    let (mut s, providers) = apply(&txn, current, input).await?;
    if s.code != old_code
        && public_service::Entity::find().filter(public_service::Column::Code.eq(&s.code)).one(&txn).await?.is_some()
    {
        return Err(AppError::new(Code::ServiceCodeTaken).arg("code", &s.code));
    }
    s.updated_at = ctx.now;
    let s = s.into_active_model().reset_all().update(&txn).await?;
    if let Some(p) = &providers {
        set_providers(&txn, id, p).await?;
    }
    let after = service_audit(&s, &provider_ids(&txn, id).await?);
    audit::record(&txn, ctx, entry(caller, "public_service.update", id, Some(before), Some(after))).await?;
    outbox::enqueue(&txn, ctx, ENTITY, id, outbox::UPSERT).await?;
    txn.commit().await?;
    get(ctx, id).await
}

#[tracing::instrument(skip_all, fields(account = caller.id(), public_service = id))]
pub async fn set_active(ctx: &Ctx, caller: &Caller, id: i64, active: bool) -> AppResult<RegistryService> {
    require_write_admin(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let mut s = public_service::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("public service", id))?;
    let providers = provider_ids(&txn, id).await?;
    let before = service_audit(&s, &providers);
    s.active = active;
    s.updated_at = ctx.now;
    let s = s.into_active_model().reset_all().update(&txn).await?;
    let action = if active { "public_service.activate" } else { "public_service.deactivate" };
    audit::record(&txn, ctx, entry(caller, action, id, Some(before), Some(service_audit(&s, &providers)))).await?;
    outbox::enqueue(&txn, ctx, ENTITY, id, outbox::UPSERT).await?;
    txn.commit().await?;
    get(ctx, id).await
}
