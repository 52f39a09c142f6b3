//! Registration, one's own profile, and the administrators' view of accounts and roles.
use entity::{account, membership, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit,
    auth::hash_password,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::{Email, Password, Role, bounded_text},
        identity::Iin,
    },
    error::{AppError, AppResult, Code, FieldError},
};

/// What the audit log keeps of an account: never the password hash, and not the IIN itself.
#[tracing::instrument(skip_all)]
pub fn account_audit(a: &account::Model) -> serde_json::Value {
    json!({"id": a.id, "email": a.email, "display_name": a.display_name, "full_name": a.full_name,
           "has_iin": a.iin.is_some(), "role": a.role, "agency_id": a.agency_id,
           "show_name_publicly": a.show_name_publicly, "language": a.language})
}

/// The i18n key of how a person who keeps their name to themselves appears ("a citizen").
pub const HIDDEN_NAME: &str = "accounts.hidden_name";

/// How a person appears on everything the public reads (API reads and exports, pages, feeds,
/// search documents, the completion notice): the display name when they chose to show it, else
/// `None`, which readers see as [`HIDDEN_NAME`]. Never the full name, e-mail, phone or IIN. The one
/// place this is decided, so no read can publish a name against the person's choice.
pub fn public_name(a: &account::Model) -> Option<String> {
    a.show_name_publicly.then(|| a.display_name.clone())
}

/// [`public_name`] as a reader sees it, in `lang`.
pub fn shown_name(name: Option<String>, lang: crate::i18n::Lang) -> String {
    name.unwrap_or_else(|| crate::i18n::text(lang, HIDDEN_NAME))
}

pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub iin: Option<String>,
    pub show_name_publicly: bool,
    /// The language the person registered in (`kk`, `ru`, `en`); none leaves it unset.
    pub language: Option<String>,
}

/// A chosen language code, stored as its canonical `kk`/`ru`/`en`; blank is none.
fn parse_language(raw: Option<&str>, checks: &mut Checks) -> Option<String> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    checks.take(
        crate::i18n::Lang::parse(raw)
            .map(|l| l.code().to_string())
            .ok_or_else(|| FieldError::new("/language", "invalid_language").arg("value", raw)),
    )
}

fn parse_iin(raw: Option<&str>, checks: &mut Checks) -> Option<String> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    checks.take(Iin::parse(raw).map(|i| i.as_str().to_string()).map_err(|_| FieldError::new("/iin", "invalid_iin")))
}

fn parse_full_name(raw: Option<&str>, checks: &mut Checks) -> Option<String> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    checks.take(bounded_text("/full_name", raw, 3, 200))
}

#[tracing::instrument(skip_all)]
pub async fn register(ctx: &Ctx, input: NewAccount) -> AppResult<account::Model> {
    let mut checks = Checks::default();
    let email = checks.take(Email::parse(&input.email).map_err(|c| FieldError::new("/email", c)));
    let personal = [input.email.as_str(), input.display_name.as_str(), input.full_name.as_deref().unwrap_or("")];
    let password = checks.take(Password::parse(&input.password, &personal));
    let display_name = checks.take(bounded_text("/display_name", &input.display_name, 2, 120));
    let full_name = parse_full_name(input.full_name.as_deref(), &mut checks);
    let iin = parse_iin(input.iin.as_deref(), &mut checks);
    let language = parse_language(input.language.as_deref(), &mut checks);
    checks.finish()?;
    let (Some(email), Some(password), Some(display_name)) = (email, password, display_name) else {
        return Err(AppError::internal(anyhow::anyhow!("checked fields missing")));
    };
    let taken = account::Entity::find().filter(account::Column::Email.eq(email.as_str())).one(&ctx.db).await?;
    if taken.is_some() {
        return Err(AppError::new(Code::EmailTaken));
    }
    let hash = hash_password(password.expose().to_string()).await?;
    let txn = super::begin(&ctx.db).await?;
    let a = account::ActiveModel {
        email: Set(email.as_str().to_string()),
        display_name: Set(display_name),
        full_name: Set(full_name),
        iin: Set(iin),
        password_hash: Set(hash),
        role: Set(Role::Citizen.as_str().to_string()),
        agency_id: Set(None),
        show_name_publicly: Set(input.show_name_publicly),
        language: Set(language),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        // Two registrations racing for one e-mail: the unique index decides.
        e if e.code == Code::Conflict => AppError::new(Code::EmailTaken),
        e => e,
    })?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(a.id),
            action: "account.register",
            entity_type: "account",
            entity_id: a.id.to_string(),
            before: None,
            after: Some(account_audit(&a)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

/// Create a portal administrator from the command line (`baqylau admin create`).
#[tracing::instrument(skip_all)]
pub async fn create_admin(ctx: &Ctx, email: &str, display_name: &str, password: String) -> AppResult<account::Model> {
    let a = register(
        ctx,
        NewAccount {
            email: email.to_string(),
            password,
            display_name: display_name.to_string(),
            full_name: None,
            iin: None,
            show_name_publicly: false,
            language: None,
        },
    )
    .await?;
    let txn = super::begin(&ctx.db).await?;
    let before = account_audit(&a);
    let mut am = a.into_active_model();
    am.role = Set(Role::Admin.as_str().to_string());
    let a = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: None,
            action: "account.role",
            entity_type: "account",
            entity_id: a.id.to_string(),
            before: Some(before),
            after: Some(account_audit(&a)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

pub struct Membership {
    pub organization: organization::Model,
    pub role: String,
}

#[tracing::instrument(skip_all, fields(account = account_id))]
pub async fn memberships(ctx: &Ctx, account_id: i64) -> AppResult<Vec<Membership>> {
    let rows = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(account_id))
        .order_by_asc(membership::Column::Id)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.organization_id).collect();
    let orgs = organization::Entity::find().filter(organization::Column::Id.is_in(ids)).all(&ctx.db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            orgs.iter()
                .find(|o| o.id == m.organization_id)
                .map(|o| Membership { organization: o.clone(), role: m.role })
        })
        .collect())
}

pub struct ProfileChange {
    pub display_name: Option<String>,
    pub full_name: Option<String>,
    pub iin: Option<String>,
    pub show_name_publicly: Option<bool>,
    /// `kk`, `ru` or `en`; none keeps the stored choice.
    pub language: Option<String>,
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn update_profile(ctx: &Ctx, caller: &Caller, change: ProfileChange) -> AppResult<account::Model> {
    caller.require_scope(crate::domain::accounts::Scope::Write)?;
    let mut checks = Checks::default();
    let display_name =
        change.display_name.as_deref().and_then(|d| checks.take(bounded_text("/display_name", d, 2, 120)));
    let full_name = parse_full_name(change.full_name.as_deref(), &mut checks);
    let iin = parse_iin(change.iin.as_deref(), &mut checks);
    let language = parse_language(change.language.as_deref(), &mut checks);
    checks.finish()?;
    let txn = super::begin(&ctx.db).await?;
    let a = account::Entity::find_by_id(caller.id())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("account", caller.id()))?;
    let before = account_audit(&a);
    let mut am = a.into_active_model();
    if let Some(d) = display_name {
        am.display_name = Set(d);
    }
    if let Some(f) = full_name {
        am.full_name = Set(Some(f));
    }
    if let Some(i) = iin {
        am.iin = Set(Some(i));
    }
    if let Some(s) = change.show_name_publicly {
        am.show_name_publicly = Set(s);
    }
    if let Some(l) = language {
        am.language = Set(Some(l));
    }
    let a = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "account.update",
            entity_type: "account",
            entity_id: a.id.to_string(),
            before: Some(before),
            after: Some(account_audit(&a)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn list(
    ctx: &Ctx,
    caller: &Caller,
    q: Option<String>,
    role: Option<String>,
    page: PageRequest,
) -> AppResult<(Vec<account::Model>, Option<String>)> {
    caller.require_admin()?;
    let mut query = account::Entity::find();
    if let Some(q) = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty()) {
        query = query.filter(
            Condition::any().add(account::Column::Email.contains(&q)).add(account::Column::DisplayName.contains(&q)),
        );
    }
    if let Some(r) = role {
        let r = Role::parse(&r).ok_or_else(|| AppError::invalid_parameter("role", "not a known role"))?;
        query = query.filter(account::Column::Role.eq(r.as_str()));
    }
    if let Some(after) = page.after {
        query = query.filter(account::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(account::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |a| a.id))
}

#[tracing::instrument(skip_all, fields(account_id = id))]
pub async fn get(ctx: &Ctx, id: i64) -> AppResult<account::Model> {
    account::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("account", id))
}

/// An administrator sets an account's portal role. An agency officer acts for exactly one existing
/// agency; no other role is bound to one. The last administrator keeps the role.
#[tracing::instrument(skip_all, fields(account = caller.id(), account_id = id))]
pub async fn set_role(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    role: &str,
    agency_id: Option<i64>,
) -> AppResult<account::Model> {
    caller.require_scope(crate::domain::accounts::Scope::Write)?;
    caller.require_admin()?;
    let mut checks = Checks::default();
    let role =
        checks.take(Role::parse(role).ok_or_else(|| FieldError::new("/role", "invalid_role").arg("value", role)));
    let txn = super::begin(&ctx.db).await?;
    let agency_exists = match agency_id {
        Some(aid) => entity::agency::Entity::find_by_id(aid).one(&txn).await?.is_some(),
        None => false,
    };
    match (role, agency_id) {
        (Some(Role::AgencyOfficer), None) => checks.push(FieldError::new("/agency_id", "agency_required")),
        (Some(Role::AgencyOfficer), Some(aid)) if !agency_exists => {
            checks.push(FieldError::new("/agency_id", "unknown_agency").arg("value", aid))
        }
        (Some(r), Some(_)) if r != Role::AgencyOfficer => {
            checks.push(FieldError::new("/agency_id", "agency_not_allowed"))
        }
        _ => {}
    }
    checks.finish()?;
    let role = role.unwrap_or(Role::Citizen);
    let a = account::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("account", id))?;
    if a.role == Role::Admin.as_str() && role != Role::Admin {
        let admins = account::Entity::find().filter(account::Column::Role.eq(Role::Admin.as_str())).count(&txn).await?;
        if admins <= 1 {
            return Err(AppError::new(Code::LastAdmin));
        }
    }
    let before = account_audit(&a);
    let mut am = a.into_active_model();
    am.role = Set(role.as_str().to_string());
    am.agency_id = Set(if role == Role::AgencyOfficer { agency_id } else { None });
    let a = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "account.role",
            entity_type: "account",
            entity_id: a.id.to_string(),
            before: Some(before),
            after: Some(account_audit(&a)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}
