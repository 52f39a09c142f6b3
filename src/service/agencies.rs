//! Agencies: the public directory and its hierarchy; administrators create, change and deactivate
//! them, and may delete only what nothing points to.
use entity::{account, agency, public_service, region, service_provider};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::Email,
        accounts::{Scope, bounded_text, web_url},
        directory::{AgencyKind, ParentError, check_parent, is_agency_code, is_kato_code, kato_prefix},
        text::fold,
    },
    error::{AppError, AppResult, Code, FieldError},
};

/// The outbox entity type of agencies: every change is an event of the `agencies` dataset, so a
/// mirror of the directory follows it through `GET /events`.
pub const ENTITY: &str = "agency";

#[tracing::instrument(skip_all)]
pub fn search_text(code: &str, kk: &str, ru: &str, en: &str) -> String {
    fold(&format!("{code} {kk} {ru} {en}"))
}

fn agency_audit(a: &agency::Model) -> serde_json::Value {
    json!({"id": a.id, "code": a.code, "kind": a.kind, "parent_id": a.parent_id, "region": a.region,
           "name_kk": a.name_kk, "name_ru": a.name_ru, "name_en": a.name_en, "website": a.website,
           "email": a.email, "active": a.active})
}

#[derive(Default, Clone)]
pub struct AgencyFilter {
    pub kind: Option<String>,
    pub region: Option<String>,
    pub parent: Option<i64>,
    pub code: Option<String>,
    pub q: Option<String>,
    pub active: Option<bool>,
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx, f: AgencyFilter, page: PageRequest) -> AppResult<(Vec<agency::Model>, Option<String>)> {
    let mut q = agency::Entity::find();
    if let Some(k) = f.kind {
        let k = AgencyKind::parse(&k).ok_or_else(|| AppError::invalid_parameter("kind", "not a known agency kind"))?;
        q = q.filter(agency::Column::Kind.eq(k.as_str()));
    }
    if let Some(r) = f.region {
        // A region filter takes in everything inside it: KATO codes nest by prefix, with trailing zeros.
        if !is_kato_code(&r) {
            return Err(AppError::invalid_parameter("region", "a KATO code has nine digits"));
        }
        q = q.filter(agency::Column::Region.starts_with(kato_prefix(&r)));
    }
    if let Some(p) = f.parent {
        q = q.filter(agency::Column::ParentId.eq(p));
    }
    if let Some(c) = f.code {
        q = q.filter(agency::Column::Code.eq(c.trim().to_uppercase()));
    }
    if let Some(text) = f.q.map(|t| fold(t.trim())).filter(|t| !t.is_empty()) {
        for word in text.split_whitespace() {
            q = q.filter(agency::Column::SearchText.contains(word));
        }
    }
    if let Some(a) = f.active {
        q = q.filter(agency::Column::Active.eq(a));
    }
    if let Some(after) = page.after {
        q = q.filter(agency::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(agency::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |a| a.id))
}

#[tracing::instrument(skip_all, fields(agency = id))]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<agency::Model> {
    agency::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("agency", id))
}

#[tracing::instrument(skip_all)]
pub async fn find_by_code(conn: &impl ConnectionTrait, code: &str) -> AppResult<Option<agency::Model>> {
    Ok(agency::Entity::find().filter(agency::Column::Code.eq(code)).one(conn).await?)
}

#[tracing::instrument(skip_all, fields(agency = id))]
pub async fn children(ctx: &Ctx, id: i64) -> AppResult<Vec<agency::Model>> {
    find(&ctx.db, id).await?;
    Ok(agency::Entity::find()
        .filter(agency::Column::ParentId.eq(id))
        .order_by_asc(agency::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// The agency's parent, its parent's parent, and so on to the top.
#[tracing::instrument(skip_all, fields(agency = id))]
pub async fn ancestors(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<agency::Model>> {
    let mut chain = Vec::new();
    let mut next = find(conn, id).await?.parent_id;
    while let Some(pid) = next {
        // A cycle cannot be stored (updates check it), but a bound keeps a corrupted row harmless.
        if chain.len() > 32 || chain.iter().any(|a: &agency::Model| a.id == pid) {
            break;
        }
        let p = find(conn, pid).await?;
        next = p.parent_id;
        chain.push(p);
    }
    Ok(chain)
}

pub struct AgencyInput {
    pub code: Option<String>,
    pub kind: Option<String>,
    /// `Some(None)` clears the parent.
    pub parent_id: Option<Option<i64>>,
    pub region: Option<Option<String>>,
    pub name_kk: Option<String>,
    pub name_ru: Option<String>,
    pub name_en: Option<String>,
    pub website: Option<Option<String>>,
    pub email: Option<Option<String>>,
}

fn opt_text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Validate the fields of a new or changed agency against the stored directory; returns the model
/// with the changes applied.
async fn apply(
    conn: &impl ConnectionTrait,
    mut a: agency::Model,
    input: AgencyInput,
    is_new: bool,
) -> AppResult<agency::Model> {
    let mut checks = Checks::default();
    if let Some(code) = input.code {
        let code = code.trim().to_uppercase();
        if is_agency_code(&code) {
            a.code = code;
        } else {
            checks.push(FieldError::new("/code", "invalid_code"));
        }
    }
    let mut kind = AgencyKind::parse(&a.kind);
    if let Some(k) = input.kind {
        kind = AgencyKind::parse(&k);
        match kind {
            Some(k) => a.kind = k.as_str().to_string(),
            None => checks.push(FieldError::new("/kind", "invalid_value").arg("value", &k)),
        }
    }
    for (pointer, value, slot) in [
        ("/name_kk", input.name_kk, &mut a.name_kk),
        ("/name_ru", input.name_ru, &mut a.name_ru),
        ("/name_en", input.name_en, &mut a.name_en),
    ] {
        if let Some(v) = value
            && let Some(v) = checks.take(bounded_text(pointer, &v, 2, 400))
        {
            *slot = v;
        }
    }
    if let Some(w) = input.website {
        a.website = match opt_text(w) {
            Some(w) => checks.take(web_url("/website", &w)),
            None => None,
        };
    }
    if let Some(e) = input.email {
        a.email = match opt_text(e) {
            Some(e) => {
                checks.take(Email::parse(&e).map(|e| e.as_str().to_string()).map_err(|c| FieldError::new("/email", c)))
            }
            None => None,
        };
    }
    if let Some(r) = input.region {
        a.region = opt_text(r);
    }
    if let Some(code) = &a.region
        && (!is_kato_code(code) || region::Entity::find_by_id(code.clone()).one(conn).await?.is_none())
    {
        checks.push(FieldError::new("/region", "unknown_region").arg("value", code));
    }
    if let Some(p) = input.parent_id {
        a.parent_id = p;
    }
    if let Some(kind) = kind {
        let parent = match a.parent_id {
            Some(pid) => match agency::Entity::find_by_id(pid).one(conn).await? {
                Some(p) => Some(p),
                None => {
                    checks.push(FieldError::new("/parent_id", "unknown_agency").arg("value", pid));
                    None
                }
            },
            None => None,
        };
        if a.parent_id.is_none() || parent.is_some() {
            let chain: Vec<i64> = match &parent {
                Some(p) => std::iter::once(p.id).chain(ancestors(conn, p.id).await?.iter().map(|x| x.id)).collect(),
                None => Vec::new(),
            };
            let parent_kind = parent.as_ref().and_then(|p| AgencyKind::parse(&p.kind).map(|k| (p.id, k)));
            let self_id = if is_new { None } else { Some(a.id) };
            match check_parent(kind, self_id, parent_kind, &chain) {
                Ok(()) => {}
                Err(ParentError::Missing) => checks.push(FieldError::new("/parent_id", "parent_required")),
                Err(ParentError::WrongKind) => {
                    checks.push(FieldError::new("/parent_id", "wrong_parent_kind").arg("kind", kind.as_str()).arg(
                        "allowed",
                        kind.allowed_parents().iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "),
                    ))
                }
                Err(ParentError::Cycle) => checks.push(FieldError::new("/parent_id", "hierarchy_cycle")),
            }
        }
    }
    checks.finish()?;
    a.search_text = search_text(&a.code, &a.name_kk, &a.name_ru, &a.name_en);
    Ok(a)
}

fn require_write_admin(caller: &Caller) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    caller.require_admin()
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, input: AgencyInput) -> AppResult<agency::Model> {
    require_write_admin(caller)?;
    let mut missing = Checks::default();
    for (pointer, present) in [
        ("/code", input.code.is_some()),
        ("/kind", input.kind.is_some()),
        ("/name_kk", input.name_kk.is_some()),
        ("/name_ru", input.name_ru.is_some()),
        ("/name_en", input.name_en.is_some()),
    ] {
        if !present {
            missing.push(FieldError::new(pointer, "required"));
        }
    }
    missing.finish()?;
    let txn = super::begin(&ctx.db).await?;
    let blank = agency::Model {
        id: 0,
        code: String::new(),
        kind: String::new(),
        parent_id: None,
        region: None,
        name_kk: String::new(),
        name_ru: String::new(),
        name_en: String::new(),
        website: None,
        email: None,
        search_text: String::new(),
        active: true,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    let a = apply(&txn, blank, input, true).await?;
    if find_by_code(&txn, &a.code).await?.is_some() {
        return Err(AppError::new(Code::AgencyCodeTaken).arg("code", &a.code));
    }
    let mut am = a.into_active_model();
    am.id = sea_orm::ActiveValue::NotSet;
    let a = am.insert(&txn).await.map_err(|e| match AppError::from(e) {
        e if e.code == Code::Conflict => AppError::new(Code::AgencyCodeTaken).arg("code", "?"),
        e => e,
    })?;
    audit::record(&txn, ctx, entry(caller, "agency.create", a.id, None, Some(agency_audit(&a)))).await?;
    outbox::enqueue(&txn, ctx, ENTITY, a.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(a)
}

fn entry(
    caller: &Caller,
    action: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> audit::Entry<'static> {
    audit::Entry { actor: Some(caller.id()), action, entity_type: "agency", entity_id: id.to_string(), before, after }
}

#[tracing::instrument(skip_all, fields(account = caller.id(), agency = id))]
pub async fn update(ctx: &Ctx, caller: &Caller, id: i64, input: AgencyInput) -> AppResult<agency::Model> {
    require_write_admin(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let current = find(&txn, id).await?;
    let before = agency_audit(&current);
    let old_code = current.code.clone();
    let mut a = apply(&txn, current, input, false).await?;
    if a.code != old_code && find_by_code(&txn, &a.code).await?.is_some() {
        return Err(AppError::new(Code::AgencyCodeTaken).arg("code", &a.code));
    }
    a.updated_at = ctx.now;
    let a = save(&txn, a).await?;
    audit::record(&txn, ctx, entry(caller, "agency.update", a.id, Some(before), Some(agency_audit(&a)))).await?;
    outbox::enqueue(&txn, ctx, ENTITY, a.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(a)
}

async fn save(conn: &impl ConnectionTrait, a: agency::Model) -> AppResult<agency::Model> {
    Ok(a.into_active_model().reset_all().update(conn).await?)
}

/// Deactivate or reactivate: an inactive agency stays readable and linked, but is marked so.
#[tracing::instrument(skip_all, fields(account = caller.id(), agency = id))]
pub async fn set_active(ctx: &Ctx, caller: &Caller, id: i64, active: bool) -> AppResult<agency::Model> {
    require_write_admin(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let mut a = find(&txn, id).await?;
    let before = agency_audit(&a);
    a.active = active;
    a.updated_at = ctx.now;
    let a = save(&txn, a).await?;
    let action = if active { "agency.activate" } else { "agency.deactivate" };
    audit::record(&txn, ctx, entry(caller, action, a.id, Some(before), Some(agency_audit(&a)))).await?;
    outbox::enqueue(&txn, ctx, ENTITY, a.id, outbox::UPSERT).await?;
    txn.commit().await?;
    Ok(a)
}

/// What points to an agency, by kind of reference; empty when it can be deleted.
#[tracing::instrument(skip_all, fields(agency = id))]
pub async fn references(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<(&'static str, u64)>> {
    let counts = [
        ("child agencies", agency::Entity::find().filter(agency::Column::ParentId.eq(id)).count(conn).await?),
        (
            "services it approves",
            public_service::Entity::find().filter(public_service::Column::ApprovingBodyId.eq(id)).count(conn).await?,
        ),
        (
            "services it provides",
            service_provider::Entity::find().filter(service_provider::Column::AgencyId.eq(id)).count(conn).await?,
        ),
        ("officers", account::Entity::find().filter(account::Column::AgencyId.eq(id)).count(conn).await?),
    ];
    Ok(counts.into_iter().filter(|(_, n)| *n > 0).collect())
}

/// Delete an agency nothing points to; otherwise `agency_referenced`, naming what does.
#[tracing::instrument(skip_all, fields(account = caller.id(), agency = id))]
pub async fn delete(ctx: &Ctx, caller: &Caller, id: i64) -> AppResult<()> {
    require_write_admin(caller)?;
    let txn = super::begin(&ctx.db).await?;
    let a = find(&txn, id).await?;
    let refs = references(&txn, id).await?;
    if !refs.is_empty() {
        let what = refs.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ");
        return Err(AppError::new(Code::AgencyReferenced).arg("references", what));
    }
    let before = agency_audit(&a);
    agency::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(&txn, ctx, entry(caller, "agency.delete", id, Some(before), None)).await?;
    outbox::enqueue(&txn, ctx, ENTITY, id, outbox::DELETE).await?;
    txn.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn regions(ctx: &Ctx) -> AppResult<Vec<region::Model>> {
    Ok(region::Entity::find().order_by_asc(region::Column::Code).all(&ctx.db).await?)
}
