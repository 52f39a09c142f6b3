//! What a page of requests shows besides their own columns (the agency, how the requester
//! appears, the already-published check), read with one query per kind for the whole page
//! instead of a few per row.
use std::collections::HashMap;

use entity::{account, agency, info_request, organization, request_check};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    error::{AppError, AppResult},
    service::{Ctx, accounts::public_name},
};

/// The rows a page of requests refers to, by id.
pub struct Related {
    agencies: HashMap<i64, agency::Model>,
    organizations: HashMap<i64, String>,
    people: HashMap<i64, Option<String>>,
    checks: HashMap<i64, request_check::Model>,
}

impl Related {
    /// The addressed agency; a request always has one (a foreign key), so a missing row is an error.
    pub fn agency(&self, r: &info_request::Model) -> AppResult<&agency::Model> {
        self.agencies.get(&r.agency_id).ok_or_else(|| AppError::not_found("agency", r.agency_id))
    }

    /// As [`public_requester`]: the NGO's name, the person's name if they chose to show
    /// it, otherwise `None`.
    pub fn requester(&self, r: &info_request::Model) -> Option<String> {
        match r.organization_id {
            Some(org) => self.organizations.get(&org).cloned(),
            None => self.people.get(&r.requester_id).cloned().flatten(),
        }
    }

    /// The already-published check the request was sent with, if any.
    pub fn check(&self, r: &info_request::Model) -> Option<&request_check::Model> {
        r.check_id.and_then(|id| self.checks.get(&id))
    }
}

/// Reads what `rows` refer to: at most four queries, whatever the number of rows.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn related(ctx: &Ctx, rows: &[info_request::Model]) -> AppResult<Related> {
    let ids = |f: &dyn Fn(&info_request::Model) -> Option<i64>| {
        let mut v: Vec<i64> = rows.iter().filter_map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let agency_ids = ids(&|r| Some(r.agency_id));
    let org_ids = ids(&|r| r.organization_id);
    let person_ids = ids(&|r| r.organization_id.is_none().then_some(r.requester_id));
    let check_ids = ids(&|r| r.check_id);
    let agencies = if agency_ids.is_empty() {
        HashMap::new()
    } else {
        agency::Entity::find()
            .filter(agency::Column::Id.is_in(agency_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let organizations = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(org_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    let people = if person_ids.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(person_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|a| (a.id, public_name(&a)))
            .collect()
    };
    let checks = if check_ids.is_empty() {
        HashMap::new()
    } else {
        request_check::Entity::find()
            .filter(request_check::Column::Id.is_in(check_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    Ok(Related { agencies, organizations, people, checks })
}

#[tracing::instrument(skip_all)]
pub async fn check_of(ctx: &Ctx, r: &info_request::Model) -> AppResult<Option<request_check::Model>> {
    Ok(match r.check_id {
        Some(id) => request_check::Entity::find_by_id(id).one(&ctx.db).await?,
        None => None,
    })
}

/// How a requester appears on the public record: the NGO's name, the person's display name if
/// they chose so, otherwise nobody in particular. Never an e-mail, phone or IIN.
#[tracing::instrument(skip_all)]
pub async fn public_requester(ctx: &Ctx, r: &info_request::Model) -> AppResult<Option<String>> {
    if let Some(org) = r.organization_id {
        return Ok(organization::Entity::find_by_id(org).one(&ctx.db).await?.map(|o| o.name));
    }
    Ok(account::Entity::find_by_id(r.requester_id).one(&ctx.db).await?.as_ref().and_then(public_name))
}
