//! NGOs: a BIN-identified organisation, its members with roles, and invitations the invitee accepts.
use entity::{account, invitation, membership, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, audit,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::{Email, OrgRole, Scope, bounded_text, web_url},
        identity::Bin,
    },
    error::{AppError, AppResult, Code, FieldError},
};

fn org_audit(o: &organization::Model) -> serde_json::Value {
    json!({"id": o.id, "name": o.name, "bin": o.bin, "website": o.website})
}

fn membership_audit(m: &membership::Model) -> serde_json::Value {
    json!({"organization_id": m.organization_id, "account_id": m.account_id, "role": m.role})
}

fn invitation_audit(i: &invitation::Model) -> serde_json::Value {
    json!({"organization_id": i.organization_id, "email": i.email, "role": i.role, "status": i.status})
}

pub struct NewOrganization {
    pub name: String,
    pub bin: String,
    pub website: Option<String>,
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create(ctx: &Ctx, caller: &Caller, input: NewOrganization) -> AppResult<organization::Model> {
    caller.require_scope(Scope::Write)?;
    let mut checks = Checks::default();
    let name = checks.take(bounded_text("/name", &input.name, 2, 300));
    let bin = checks.take(Bin::parse(&input.bin).map_err(|_| FieldError::new("/bin", "invalid_bin")));
    let website = input
        .website
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .and_then(|w| checks.take(web_url("/website", w).and_then(|w| bounded_text("/website", &w, 1, 300))));
    checks.finish()?;
    let (Some(name), Some(bin)) = (name, bin) else {
        return Err(AppError::internal(anyhow::anyhow!("checked fields missing")));
    };
    let txn = super::begin(&ctx.db).await?;
    if organization::Entity::find().filter(organization::Column::Bin.eq(bin.as_str())).one(&txn).await?.is_some() {
        return Err(AppError::new(Code::BinTaken));
    }
    let org = organization::ActiveModel {
        name: Set(name),
        bin: Set(bin.as_str().to_string()),
        website: Set(website),
        created_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        e if e.code == Code::Conflict => AppError::new(Code::BinTaken),
        e => e,
    })?;
    let m = membership::ActiveModel {
        organization_id: Set(org.id),
        account_id: Set(caller.id()),
        role: Set(OrgRole::Admin.as_str().to_string()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, ctx, entry(caller, "organization.create", "organization", org.id, None, Some(org_audit(&org))))
        .await?;
    audit::record(&txn, ctx, entry(caller, "membership.create", "membership", m.id, None, Some(membership_audit(&m))))
        .await?;
    txn.commit().await?;
    Ok(org)
}

fn entry<'a>(
    caller: &Caller,
    action: &'a str,
    entity_type: &'a str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> audit::Entry<'a> {
    audit::Entry { actor: Some(caller.id()), action, entity_type, entity_id: id.to_string(), before, after }
}

#[tracing::instrument(skip_all, fields(organization = id))]
pub async fn get(ctx: &Ctx, id: i64) -> AppResult<organization::Model> {
    organization::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("organization", id))
}

#[tracing::instrument(skip_all, fields(organization = id))]
pub async fn member_count(ctx: &Ctx, id: i64) -> AppResult<u64> {
    Ok(membership::Entity::find().filter(membership::Column::OrganizationId.eq(id)).count(&ctx.db).await?)
}

#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Ctx,
    q: Option<String>,
    page: PageRequest,
) -> AppResult<(Vec<organization::Model>, Option<String>)> {
    let mut query = organization::Entity::find();
    if let Some(q) = q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty()) {
        query = query.filter(
            sea_orm::Condition::any()
                .add(organization::Column::Name.contains(&q))
                .add(organization::Column::Bin.eq(&q)),
        );
    }
    if let Some(after) = page.after {
        query = query.filter(organization::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(organization::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |o| o.id))
}

/// The caller's role in the organisation, if a member.
#[tracing::instrument(skip_all, fields(org = org_id, account = account_id))]
pub async fn role_in(conn: &impl ConnectionTrait, org_id: i64, account_id: i64) -> AppResult<Option<OrgRole>> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(org_id))
        .filter(membership::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .and_then(|m| OrgRole::parse(&m.role)))
}

async fn require_org_admin(conn: &impl ConnectionTrait, org_id: i64, caller: &Caller) -> AppResult<()> {
    match role_in(conn, org_id, caller.id()).await? {
        Some(OrgRole::Admin) => Ok(()),
        _ => Err(AppError::new(Code::NotOrganizationAdmin)),
    }
}

pub struct Member {
    pub account_id: i64,
    /// The display name for the organisation's own members; for everyone else as
    /// `accounts::public_name` decides (`None` for a member who keeps their name private).
    pub name: Option<String>,
    pub role: String,
    pub since: chrono::DateTime<chrono::Utc>,
}

#[tracing::instrument(skip_all, fields(org = org_id))]
pub async fn members(ctx: &Ctx, caller: Option<&Caller>, org_id: i64) -> AppResult<Vec<Member>> {
    get(ctx, org_id).await?;
    // The members work together and see one another's names; the public sees what each chose.
    let insider = match caller {
        Some(c) => role_in(&ctx.db, org_id, c.id()).await?.is_some(),
        None => false,
    };
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(org_id))
        .order_by_asc(membership::Column::Id)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(&ctx.db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            accounts.iter().find(|a| a.id == m.account_id).map(|a| Member {
                account_id: a.id,
                name: if insider { Some(a.display_name.clone()) } else { super::accounts::public_name(a) },
                role: m.role,
                since: m.created_at,
            })
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(account = caller.id(), org = org_id))]
pub async fn invite(ctx: &Ctx, caller: &Caller, org_id: i64, email: &str, role: &str) -> AppResult<invitation::Model> {
    caller.require_scope(Scope::Write)?;
    let mut checks = Checks::default();
    let email = checks.take(Email::parse(email).map_err(|c| FieldError::new("/email", c)));
    let role =
        checks.take(OrgRole::parse(role).ok_or_else(|| FieldError::new("/role", "invalid_role").arg("value", role)));
    checks.finish()?;
    let (Some(email), Some(role)) = (email, role) else {
        return Err(AppError::internal(anyhow::anyhow!("checked fields missing")));
    };
    let txn = super::begin(&ctx.db).await?;
    organization::Entity::find_by_id(org_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("organization", org_id))?;
    require_org_admin(&txn, org_id, caller).await?;
    if let Some(existing) = account::Entity::find().filter(account::Column::Email.eq(email.as_str())).one(&txn).await?
        && role_in(&txn, org_id, existing.id).await?.is_some()
    {
        return Err(AppError::new(Code::AlreadyMember));
    }
    let inv = invitation::ActiveModel {
        organization_id: Set(org_id),
        email: Set(email.as_str().to_string()),
        role: Set(role.as_str().to_string()),
        status: Set("pending".into()),
        invited_by: Set(caller.id()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        entry(caller, "invitation.create", "invitation", inv.id, None, Some(invitation_audit(&inv))),
    )
    .await?;
    txn.commit().await?;
    Ok(inv)
}

#[tracing::instrument(skip_all, fields(account = caller.id(), org = org_id))]
pub async fn organization_invitations(ctx: &Ctx, caller: &Caller, org_id: i64) -> AppResult<Vec<invitation::Model>> {
    get(ctx, org_id).await?;
    require_org_admin(&ctx.db, org_id, caller).await?;
    Ok(invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(org_id))
        .order_by_desc(invitation::Column::Id)
        .all(&ctx.db)
        .await?)
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn my_invitations(ctx: &Ctx, caller: &Caller) -> AppResult<Vec<invitation::Model>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::Email.eq(caller.account.email.as_str()))
        .filter(invitation::Column::Status.eq("pending"))
        .order_by_desc(invitation::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// Accept or decline an invitation sent to the caller's e-mail.
#[tracing::instrument(skip_all, fields(account = caller.id(), organization = id))]
pub async fn decide_invitation(ctx: &Ctx, caller: &Caller, id: i64, accept: bool) -> AppResult<invitation::Model> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    let inv =
        invitation::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("invitation", id))?;
    if inv.email != caller.account.email {
        return Err(AppError::new(Code::InvitationNotForYou));
    }
    if inv.status != "pending" {
        return Err(AppError::new(Code::InvitationNotPending).arg("status", &inv.status));
    }
    if accept && role_in(&txn, inv.organization_id, caller.id()).await?.is_some() {
        return Err(AppError::new(Code::AlreadyMember));
    }
    let before = invitation_audit(&inv);
    let (org_id, role) = (inv.organization_id, inv.role.clone());
    let mut am = inv.into_active_model();
    am.status = Set(if accept { "accepted" } else { "declined" }.into());
    am.decided_at = Set(Some(ctx.now));
    let inv = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        entry(caller, "invitation.decide", "invitation", inv.id, Some(before), Some(invitation_audit(&inv))),
    )
    .await?;
    if accept {
        let m = membership::ActiveModel {
            organization_id: Set(org_id),
            account_id: Set(caller.id()),
            role: Set(role),
            created_at: Set(ctx.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            ctx,
            entry(caller, "membership.create", "membership", m.id, None, Some(membership_audit(&m))),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(inv)
}

async fn admin_count(conn: &impl ConnectionTrait, org_id: i64) -> AppResult<u64> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(org_id))
        .filter(membership::Column::Role.eq(OrgRole::Admin.as_str()))
        .count(conn)
        .await?)
}

async fn find_membership(conn: &impl ConnectionTrait, org_id: i64, account_id: i64) -> AppResult<membership::Model> {
    membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(org_id))
        .filter(membership::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("membership", account_id))
}

/// An organisation administrator removes a member, or a member leaves; the last administrator stays.
#[tracing::instrument(skip_all, fields(account = caller.id(), org = org_id, target_account = account_id))]
pub async fn remove_member(ctx: &Ctx, caller: &Caller, org_id: i64, account_id: i64) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let txn = super::begin(&ctx.db).await?;
    get(ctx, org_id).await?;
    if account_id != caller.id() {
        require_org_admin(&txn, org_id, caller).await?;
    }
    let m = find_membership(&txn, org_id, account_id).await?;
    if m.role == OrgRole::Admin.as_str() && admin_count(&txn, org_id).await? <= 1 {
        return Err(AppError::new(Code::LastOrganizationAdmin));
    }
    let before = membership_audit(&m);
    let id = m.id;
    membership::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(&txn, ctx, entry(caller, "membership.delete", "membership", id, Some(before), None)).await?;
    txn.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(account = caller.id(), org = org_id, target_account = account_id))]
pub async fn set_member_role(ctx: &Ctx, caller: &Caller, org_id: i64, account_id: i64, role: &str) -> AppResult<()> {
    caller.require_scope(Scope::Write)?;
    let role = OrgRole::parse(role)
        .ok_or_else(|| AppError::validation(vec![FieldError::new("/role", "invalid_role").arg("value", role)]))?;
    let txn = super::begin(&ctx.db).await?;
    get(ctx, org_id).await?;
    require_org_admin(&txn, org_id, caller).await?;
    let m = find_membership(&txn, org_id, account_id).await?;
    if m.role == OrgRole::Admin.as_str() && role != OrgRole::Admin && admin_count(&txn, org_id).await? <= 1 {
        return Err(AppError::new(Code::LastOrganizationAdmin));
    }
    let before = membership_audit(&m);
    let mut am = m.into_active_model();
    am.role = Set(role.as_str().to_string());
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        entry(caller, "membership.role", "membership", m.id, Some(before), Some(membership_audit(&m))),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
