//! Loading the shipped directory (`content/regions.toml`, `agencies.toml`, `services.toml`) into
//! the database: idempotent by code, in one transaction, so a second run changes nothing and a
//! broken file changes nothing either. Every agency and service it adds or changes gets the same
//! change-feed event the API writes for such an edit, in the same transaction, so an app mirroring
//! the portal through `GET /events` learns the shipped directory too; an unchanged record gets
//! none, so reloading adds nothing to the feed.
use std::{collections::HashMap, path::Path};

use chrono::NaiveDate;
use entity::{agency, public_service, region, service_provider};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde::Deserialize;

use super::{Ctx, audit, outbox};
use crate::domain::{
    directory::{AgencyKind, Channel, Recipients, ServiceForm, TermUnit},
    text::fold,
};

#[derive(Deserialize)]
struct RegionFile {
    region: Vec<RegionRow>,
}

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    parent: String,
    kind: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
}

#[derive(Deserialize)]
struct AgencyFile {
    agency: Vec<AgencyRow>,
}

#[derive(Deserialize)]
struct AgencyRow {
    code: String,
    kind: String,
    parent: String,
    region: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    website: String,
    email: String,
}

#[derive(Deserialize)]
struct ServiceFile {
    service: Vec<ServiceRow>,
}

#[derive(Deserialize)]
struct ServiceRow {
    code: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    recipients: String,
    approving_body: String,
    providers: Vec<String>,
    channels: Vec<String>,
    forms: Vec<String>,
    paid: bool,
    fee_basis: String,
    bylaw_title_ru: String,
    bylaw_number: String,
    bylaw_date: String,
    term_value: i32,
    term_unit: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub inserted: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} new, {} updated, {} unchanged", self.inserted, self.updated, self.unchanged)
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedSummary {
    pub regions: Counts,
    pub agencies: Counts,
    pub services: Counts,
    /// The demo reports of `content/reports`.
    pub reports: super::reports::ImportSummary,
}

/// Something a person must fix in `content/`, named precisely.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: {reason}")]
    Content { file: String, reason: String },
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    App(#[from] crate::error::AppError),
}

fn read<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T, SeedError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| SeedError::Content { file: path.display().to_string(), reason: e.to_string() })?;
    toml::from_str(&text).map_err(|e| SeedError::Content { file: path.display().to_string(), reason: e.to_string() })
}

fn bad(file: &str, code: &str, reason: impl std::fmt::Display) -> SeedError {
    SeedError::Content { file: file.to_string(), reason: format!("{code}: {reason}") }
}

fn nonempty(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Whether the directory has been loaded at all (an empty database is seeded at start).
#[tracing::instrument(skip_all)]
pub async fn is_empty(conn: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(agency::Entity::find().count(conn).await? == 0)
}

/// An arbitrary constant naming the advisory lock that serialises seeding on PostgreSQL.
const SEED_LOCK_KEY: i64 = 0x6261_7179_6c61_7532;

/// On PostgreSQL, hold a transaction-scoped advisory lock, so that instances starting together
/// seed one after the other: the second then finds the directory loaded.
async fn lock(txn: &sea_orm::DatabaseTransaction) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [SEED_LOCK_KEY.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Seed only when the directory is empty (at start); `None` when it was not.
#[tracing::instrument(skip_all)]
pub async fn seed_if_empty(ctx: &Ctx, dir: &Path) -> Result<Option<SeedSummary>, SeedError> {
    let txn = super::begin(&ctx.db).await?;
    lock(&txn).await?;
    if !is_empty(&txn).await? {
        return Ok(None);
    }
    let mut summary = seed_in(&txn, ctx, dir, None).await?;
    txn.commit().await?;
    summary.reports = seed_reports(ctx, dir, None).await?;
    Ok(Some(summary))
}

/// The demo reports shipped in `content/reports`, imported like any other (idempotent). They
/// load after the directory has committed: they point into it.
async fn seed_reports(
    ctx: &Ctx,
    dir: &Path,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<super::reports::ImportSummary, SeedError> {
    let reports_dir = dir.join("reports");
    let mut summary = super::reports::ImportSummary::default();
    if !reports_dir.is_dir() {
        return Ok(summary);
    }
    let files = super::reports::read_dir(&reports_dir)
        .map_err(|e| SeedError::Content { file: reports_dir.display().to_string(), reason: e.to_string() })?;
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let lines = files.into_iter().enumerate().map(|(i, (_, parsed))| (i + 1, parsed)).collect();
    for r in super::reports::import(ctx, None, lines, progress).await? {
        if let Err(errors) = &r.outcome {
            let file = names.get(r.line - 1).cloned().unwrap_or_default();
            let what = errors.iter().map(|e| format!("{} {}", e.pointer, e.code)).collect::<Vec<_>>().join("; ");
            return Err(SeedError::Content { file: format!("reports/{file}"), reason: what });
        }
        summary.add(&r);
    }
    Ok(summary)
}

#[tracing::instrument(skip_all)]
pub async fn seed(ctx: &Ctx, dir: &Path, progress: Option<&indicatif::ProgressBar>) -> Result<SeedSummary, SeedError> {
    let txn = super::begin(&ctx.db).await?;
    lock(&txn).await?;
    let mut summary = seed_in(&txn, ctx, dir, progress).await?;
    txn.commit().await?;
    summary.reports = seed_reports(ctx, dir, progress).await?;
    if let Some(p) = progress {
        p.finish_with_message("done");
    }
    Ok(summary)
}

async fn seed_in(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &Ctx,
    dir: &Path,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<SeedSummary, SeedError> {
    let regions: RegionFile = read(dir, "regions.toml")?;
    let agencies: AgencyFile = read(dir, "agencies.toml")?;
    let services: ServiceFile = read(dir, "services.toml")?;
    if let Some(p) = progress {
        p.set_length((regions.region.len() + agencies.agency.len() + services.service.len()) as u64);
    }
    let tick = |msg: &str| {
        if let Some(p) = progress {
            p.set_message(msg.to_string());
            p.inc(1);
        }
    };
    let mut summary = SeedSummary::default();

    for r in &regions.region {
        let existing = region::Entity::find_by_id(r.code.clone()).one(txn).await?;
        let model = region::Model {
            code: r.code.clone(),
            parent: nonempty(&r.parent),
            kind: r.kind.clone(),
            name_kk: r.name_kk.clone(),
            name_ru: r.name_ru.clone(),
            name_en: r.name_en.clone(),
        };
        match existing {
            None => {
                model.into_active_model().insert(txn).await.map_err(|e| bad("regions.toml", &r.code, e))?;
                summary.regions.inserted += 1;
            }
            Some(old) if old == model => summary.regions.unchanged += 1,
            Some(_) => {
                model.into_active_model().reset_all().update(txn).await?;
                summary.regions.updated += 1;
            }
        }
        tick("regions");
    }

    let mut ids: HashMap<String, i64> = HashMap::new();
    for a in &agencies.agency {
        let kind = AgencyKind::parse(&a.kind)
            .ok_or_else(|| bad("agencies.toml", &a.code, format!("unknown kind {}", a.kind)))?;
        let parent_id = match nonempty(&a.parent) {
            None => None,
            Some(p) => Some(match ids.get(&p) {
                Some(id) => *id,
                None => super::agencies::find_by_code(txn, &p)
                    .await?
                    .map(|x| x.id)
                    .ok_or_else(|| bad("agencies.toml", &a.code, format!("parent {p} is not defined before it")))?,
            }),
        };
        let existing = super::agencies::find_by_code(txn, &a.code).await?;
        let mut model = agency::Model {
            id: existing.as_ref().map_or(0, |e| e.id),
            code: a.code.clone(),
            kind: kind.as_str().to_string(),
            parent_id,
            region: nonempty(&a.region),
            name_kk: a.name_kk.clone(),
            name_ru: a.name_ru.clone(),
            name_en: a.name_en.clone(),
            website: nonempty(&a.website),
            email: nonempty(&a.email),
            search_text: super::agencies::search_text(&a.code, &a.name_kk, &a.name_ru, &a.name_en),
            active: existing.as_ref().is_none_or(|e| e.active),
            created_at: existing.as_ref().map_or(ctx.now, |e| e.created_at),
            updated_at: existing.as_ref().map_or(ctx.now, |e| e.updated_at),
        };
        let (id, changed) = match existing {
            None => {
                let mut am = model.into_active_model();
                am.id = sea_orm::ActiveValue::NotSet;
                summary.agencies.inserted += 1;
                (am.insert(txn).await.map_err(|e| bad("agencies.toml", &a.code, e))?.id, true)
            }
            Some(old) if old == model => {
                summary.agencies.unchanged += 1;
                (old.id, false)
            }
            Some(_) => {
                model.updated_at = ctx.now;
                summary.agencies.updated += 1;
                let saved = model
                    .into_active_model()
                    .reset_all()
                    .update(txn)
                    .await
                    .map_err(|e| bad("agencies.toml", &a.code, e))?;
                (saved.id, true)
            }
        };
        if changed {
            outbox::enqueue(txn, ctx, super::agencies::ENTITY, id, outbox::UPSERT).await?;
        }
        ids.insert(a.code.clone(), id);
        tick("agencies");
    }

    let agency_id = |code: &str, of: &str| -> Result<i64, SeedError> {
        ids.get(code).copied().ok_or_else(|| bad("services.toml", of, format!("agency {code} is not in agencies.toml")))
    };
    for s in &services.service {
        let join = |values: &[String], parse: fn(&str) -> bool, what: &str| -> Result<String, SeedError> {
            for v in values {
                if !parse(v) {
                    return Err(bad("services.toml", &s.code, format!("unknown {what} {v}")));
                }
            }
            Ok(values.join(" "))
        };
        if Recipients::parse(&s.recipients).is_none() || TermUnit::parse(&s.term_unit).is_none() {
            return Err(bad("services.toml", &s.code, "unknown recipients or term_unit"));
        }
        let bylaw_date = match nonempty(&s.bylaw_date) {
            None => None,
            Some(d) => Some(NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| bad("services.toml", &s.code, e))?),
        };
        let existing = public_service::Entity::find().filter(public_service::Column::Code.eq(&s.code)).one(txn).await?;
        let mut model = public_service::Model {
            id: existing.as_ref().map_or(0, |e| e.id),
            code: s.code.clone(),
            name_kk: s.name_kk.clone(),
            name_ru: s.name_ru.clone(),
            name_en: s.name_en.clone(),
            recipients: s.recipients.clone(),
            approving_body_id: agency_id(&s.approving_body, &s.code)?,
            channels: join(&s.channels, |v| Channel::parse(v).is_some(), "channel")?,
            forms: join(&s.forms, |v| ServiceForm::parse(v).is_some(), "form")?,
            paid: s.paid,
            fee_basis: nonempty(&s.fee_basis),
            bylaw_title: nonempty(&s.bylaw_title_ru),
            bylaw_number: nonempty(&s.bylaw_number),
            bylaw_date,
            term_value: s.term_value,
            term_unit: s.term_unit.clone(),
            search_text: String::new(),
            active: existing.as_ref().is_none_or(|e| e.active),
            created_at: existing.as_ref().map_or(ctx.now, |e| e.created_at),
            updated_at: existing.as_ref().map_or(ctx.now, |e| e.updated_at),
        };
        model.search_text = fold(&format!("{} {} {} {}", model.code, model.name_kk, model.name_ru, model.name_en));
        let mut providers = Vec::new();
        for p in &s.providers {
            let id = agency_id(p, &s.code)?;
            if !providers.contains(&id) {
                providers.push(id);
            }
        }
        providers.sort_unstable();
        let (id, changed) = match existing {
            None => {
                let mut am = model.into_active_model();
                am.id = sea_orm::ActiveValue::NotSet;
                summary.services.inserted += 1;
                (am.insert(txn).await.map_err(|e| bad("services.toml", &s.code, e))?.id, true)
            }
            Some(old) => {
                let mut stored: Vec<i64> = service_provider::Entity::find()
                    .filter(service_provider::Column::ServiceId.eq(old.id))
                    .all(txn)
                    .await?
                    .iter()
                    .map(|l| l.agency_id)
                    .collect();
                stored.sort_unstable();
                if old == model && stored == providers {
                    summary.services.unchanged += 1;
                    (old.id, false)
                } else {
                    model.updated_at = ctx.now;
                    summary.services.updated += 1;
                    (model.into_active_model().reset_all().update(txn).await?.id, true)
                }
            }
        };
        if changed {
            service_provider::Entity::delete_many()
                .filter(service_provider::Column::ServiceId.eq(id))
                .exec(txn)
                .await?;
            for p in providers {
                service_provider::ActiveModel { service_id: Set(id), agency_id: Set(p) }.insert(txn).await?;
            }
            outbox::enqueue(txn, ctx, super::public_services::ENTITY, id, outbox::UPSERT).await?;
        }
        tick("services");
    }

    if summary.regions.inserted
        + summary.regions.updated
        + summary.agencies.inserted
        + summary.agencies.updated
        + summary.services.inserted
        + summary.services.updated
        > 0
    {
        audit::record(
            txn,
            ctx,
            audit::Entry {
                actor: None,
                action: "content.seed",
                entity_type: "directory",
                entity_id: dir.display().to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "regions": summary.regions.to_string(),
                    "agencies": summary.agencies.to_string(),
                    "services": summary.services.to_string(),
                })),
            },
        )
        .await?;
    }
    Ok(summary)
}
