//! Annual reports (Law Art. 23 p.5): one per agency, year and language; every change is a new
//! revision and the public reads the latest. Imports (a folder of Markdown files, or NDJSON over
//! HTTP) are idempotent on that key and store nothing of a bad line.
use std::{collections::HashMap, path::Path};

use chrono::NaiveDate;
use entity::{agency, report, report_revision};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{
    Caller, Checks, Ctx, audit, outbox,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        accounts::{Role, Scope, bounded_text, web_url},
        reports::{FIRST_YEAR, Figures, ReportLanguage},
    },
    error::{AppError, AppResult, FieldError},
};

/// A link to a file that goes with a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentLink {
    pub title: String,
    pub url: String,
}

/// A report as imported or submitted: the agency by code (imports) or id (the API).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub agency_id: Option<i64>,
    pub year: i32,
    pub language: String,
    pub title: String,
    #[serde(default)]
    pub body_md: String,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub figures: Figures,
    #[serde(default)]
    pub attachments: Vec<AttachmentLink>,
}

/// A report that passed every check, ready to store.
struct Valid {
    agency_id: i64,
    year: i32,
    language: String,
    title: String,
    body_md: String,
    source_url: Option<String>,
    published_on: Option<NaiveDate>,
    demo: bool,
    figures: Figures,
    attachments: Vec<AttachmentLink>,
}

impl Valid {
    fn content_hash(&self) -> String {
        let canonical = json!([
            self.title,
            self.body_md,
            self.source_url,
            self.published_on,
            self.demo,
            self.figures,
            self.attachments
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Outcome {
    #[tracing::instrument(skip_all)]
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
        }
    }
}

const MAX_BODY: usize = 200_000;

/// Agencies by code and id, looked up once per import.
pub struct AgencyIndex {
    by_code: HashMap<String, agency::Model>,
}

impl AgencyIndex {
    #[tracing::instrument(skip_all)]
    pub async fn load(conn: &impl ConnectionTrait) -> AppResult<Self> {
        Ok(Self { by_code: agency::Entity::find().all(conn).await?.into_iter().map(|a| (a.code.clone(), a)).collect() })
    }

    fn by_id(&self, id: i64) -> Option<&agency::Model> {
        self.by_code.values().find(|a| a.id == id)
    }
}

fn validate(input: ReportInput, agencies: &AgencyIndex, this_year: i32) -> Result<Valid, Vec<FieldError>> {
    let mut c = Checks::default();
    let agency = match (&input.agency, input.agency_id) {
        (Some(code), _) => agencies.by_code.get(&code.trim().to_uppercase()).map(|a| a.id).or_else(|| {
            c.push(FieldError::new("/agency", "unknown_agency").arg("value", code));
            None
        }),
        (None, Some(id)) => agencies.by_id(id).map(|a| a.id).or_else(|| {
            c.push(FieldError::new("/agency_id", "unknown_agency").arg("value", id));
            None
        }),
        (None, None) => {
            c.push(FieldError::new("/agency", "required"));
            None
        }
    };
    if !(FIRST_YEAR..=this_year).contains(&input.year) {
        c.push(FieldError::new("/year", "out_of_range").arg("min", FIRST_YEAR).arg("max", this_year));
    }
    let language = ReportLanguage::parse(&input.language).map(|l| l.as_str().to_string());
    if language.is_none() {
        c.push(FieldError::new("/language", "invalid_value").arg("value", &input.language));
    }
    let title = c.take(bounded_text("/title", &input.title, 3, 500));
    if input.body_md.chars().count() > MAX_BODY {
        c.push(FieldError::new("/body_md", "too_long").arg("max", MAX_BODY));
    }
    let source_url = input
        .source_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|u| c.take(web_url("/source_url", u)));
    for (i, a) in input.attachments.iter().enumerate() {
        c.take(bounded_text(&format!("/attachments/{i}/title"), &a.title, 1, 300));
        c.take(web_url(&format!("/attachments/{i}/url"), &a.url));
    }
    for e in input.figures.check("/figures") {
        c.push(e);
    }
    let errors = match c.finish() {
        Ok(()) => Vec::new(),
        Err(e) => e.fields,
    };
    match (agency, language, title) {
        (Some(agency_id), Some(language), Some(title)) if errors.is_empty() => Ok(Valid {
            agency_id,
            year: input.year,
            language,
            title,
            body_md: input.body_md,
            source_url,
            published_on: input.published_on,
            demo: input.demo,
            figures: input.figures.normalized(),
            attachments: input.attachments,
        }),
        _ => Err(errors),
    }
}

/// Who may write a report: administrators any, agency officers their own agency's.
fn may_write(caller: Option<&Caller>, agency_id: i64) -> Result<(), FieldError> {
    match caller {
        None => Ok(()),
        Some(c) if c.is_admin() => Ok(()),
        Some(c) if c.role() == Role::AgencyOfficer && c.account.agency_id == Some(agency_id) => Ok(()),
        Some(_) => Err(FieldError::new("/agency", "not_your_agency")),
    }
}

fn revision_row(
    report_id: i64,
    revision: i32,
    v: &Valid,
    actor: Option<i64>,
    ctx: &Ctx,
) -> report_revision::ActiveModel {
    report_revision::ActiveModel {
        report_id: Set(report_id),
        revision: Set(revision),
        title: Set(v.title.clone()),
        body_md: Set(v.body_md.clone()),
        source_url: Set(v.source_url.clone()),
        published_on: Set(v.published_on),
        figures: Set(json!(v.figures)),
        attachments: Set(json!(v.attachments)),
        demo: Set(v.demo),
        created_by: Set(actor),
        created_at: Set(ctx.now),
        ..Default::default()
    }
}

fn report_audit(r: &report::Model) -> serde_json::Value {
    json!({"id": r.id, "agency_id": r.agency_id, "year": r.year, "language": r.language, "revision": r.revision,
           "title": r.title, "content_hash": r.content_hash, "demo": r.demo})
}

/// Store a checked report: a new report, a new revision of an existing one, or nothing when the
/// content is the same. Writes the audit entry and the outbox row in the same transaction.
async fn store(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    actor: Option<i64>,
    v: Valid,
) -> AppResult<(report::Model, Outcome)> {
    let hash = v.content_hash();
    let existing = report::Entity::find()
        .filter(report::Column::AgencyId.eq(v.agency_id))
        .filter(report::Column::Year.eq(v.year))
        .filter(report::Column::Language.eq(&v.language))
        .one(conn)
        .await?;
    let (saved, outcome, before) = match existing {
        Some(r) if r.content_hash == hash => return Ok((r, Outcome::Unchanged)),
        Some(r) => {
            let before = report_audit(&r);
            let revision = r.revision + 1;
            let id = r.id;
            let mut am = r.into_active_model();
            am.revision = Set(revision);
            am.title = Set(v.title.clone());
            am.body_md = Set(v.body_md.clone());
            am.source_url = Set(v.source_url.clone());
            am.published_on = Set(v.published_on);
            am.figures = Set(json!(v.figures));
            am.attachments = Set(json!(v.attachments));
            am.demo = Set(v.demo);
            am.content_hash = Set(hash);
            am.updated_at = Set(ctx.now);
            let saved = am.update(conn).await?;
            revision_row(id, revision, &v, actor, ctx).insert(conn).await?;
            (saved, Outcome::Updated, Some(before))
        }
        None => {
            let saved = report::ActiveModel {
                agency_id: Set(v.agency_id),
                year: Set(v.year),
                language: Set(v.language.clone()),
                revision: Set(1),
                title: Set(v.title.clone()),
                body_md: Set(v.body_md.clone()),
                source_url: Set(v.source_url.clone()),
                published_on: Set(v.published_on),
                figures: Set(json!(v.figures)),
                attachments: Set(json!(v.attachments)),
                demo: Set(v.demo),
                content_hash: Set(hash),
                created_at: Set(ctx.now),
                updated_at: Set(ctx.now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            revision_row(saved.id, 1, &v, actor, ctx).insert(conn).await?;
            (saved, Outcome::Created, None)
        }
    };
    let action = if outcome == Outcome::Created { "report.create" } else { "report.revise" };
    audit::record(
        conn,
        ctx,
        audit::Entry {
            actor,
            action,
            entity_type: "report",
            entity_id: saved.id.to_string(),
            before,
            after: Some(report_audit(&saved)),
        },
    )
    .await?;
    outbox::enqueue(conn, ctx, "report", saved.id, outbox::UPSERT).await?;
    Ok((saved, outcome))
}

fn this_year(ctx: &Ctx) -> i32 {
    use chrono::Datelike;
    crate::domain::calendar::local_date(ctx.now).year()
}

/// Create a report, or a new revision of the one with the same agency, year and language.
#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn save(ctx: &Ctx, caller: &Caller, input: ReportInput) -> AppResult<(report::Model, Outcome)> {
    caller.require_scope(Scope::Write)?;
    if !caller.is_admin() && caller.role() != Role::AgencyOfficer {
        return Err(AppError::forbidden("only agency officers and administrators publish reports"));
    }
    let agencies = AgencyIndex::load(&ctx.db).await?;
    let v = validate(input, &agencies, this_year(ctx)).map_err(AppError::validation)?;
    may_write(Some(caller), v.agency_id)
        .map_err(|_| AppError::forbidden("officers publish only their own agency's reports"))?;
    let txn = super::begin(&ctx.db).await?;
    let saved = store(&txn, ctx, Some(caller.id()), v).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A new revision of a report by id, with the fields given replacing the current ones.
#[tracing::instrument(skip_all, fields(account = caller.id(), report = id))]
pub async fn revise(ctx: &Ctx, caller: &Caller, id: i64, change: ReportChange) -> AppResult<(report::Model, Outcome)> {
    let current = get(ctx, id).await?;
    let agency = agency::Entity::find_by_id(current.agency_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("agency", current.agency_id))?;
    let input = ReportInput {
        agency: Some(agency.code),
        agency_id: None,
        year: current.year,
        language: current.language.clone(),
        title: change.title.unwrap_or(current.title),
        body_md: change.body_md.unwrap_or(current.body_md),
        source_url: change.source_url.unwrap_or(current.source_url),
        published_on: change.published_on.unwrap_or(current.published_on),
        demo: change.demo.unwrap_or(current.demo),
        figures: match change.figures {
            Some(f) => f,
            None => super::json_column("report_revision", current.id, "figures", &current.figures)?,
        },
        attachments: match change.attachments {
            Some(a) => a,
            None => super::json_column("report_revision", current.id, "attachments", &current.attachments)?,
        },
    };
    save(ctx, caller, input).await
}

#[derive(Default)]
pub struct ReportChange {
    pub title: Option<String>,
    pub body_md: Option<String>,
    pub source_url: Option<Option<String>>,
    pub published_on: Option<Option<NaiveDate>>,
    pub demo: Option<bool>,
    pub figures: Option<Figures>,
    pub attachments: Option<Vec<AttachmentLink>>,
}

/// The result of one line of an import.
#[derive(Debug)]
pub struct LineResult {
    pub line: usize,
    pub outcome: Result<(i64, Outcome), Vec<FieldError>>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub failed: u64,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} updated, {} unchanged, {} refused",
            self.created, self.updated, self.unchanged, self.failed
        )
    }
}

impl ImportSummary {
    #[tracing::instrument(skip_all)]
    pub fn add(&mut self, r: &LineResult) {
        match &r.outcome {
            Ok((_, Outcome::Created)) => self.created += 1,
            Ok((_, Outcome::Updated)) => self.updated += 1,
            Ok((_, Outcome::Unchanged)) => self.unchanged += 1,
            Err(_) => self.failed += 1,
        }
    }
}

/// A report read from a line or a file, or why it could not be.
pub type Parsed = Result<ReportInput, Vec<FieldError>>;

/// A line of an import: its number, and what it holds.
pub type ParsedLine = (usize, Parsed);

/// Parse one NDJSON line, naming the field that is wrong.
#[tracing::instrument(skip_all)]
pub fn parse_line(text: &str) -> Result<ReportInput, Vec<FieldError>> {
    use crate::domain::text::{control_pointer, json_may_hold_control};
    if json_may_hold_control(text.as_bytes())
        && let Some(pointer) = serde_json::from_str(text).ok().as_ref().and_then(control_pointer)
    {
        return Err(vec![FieldError::new(pointer, "control_character")]);
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let pointer: String = e.path().iter().map(|s| format!("/{s}")).collect::<String>().replace("/?", "");
        let inner = e.into_inner();
        let msg = inner.to_string();
        vec![match msg.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
            Some(name) => FieldError::new(format!("{pointer}/{name}"), "required"),
            None => FieldError::new(pointer, "wrong_type").arg("reason", msg.split(" at line ").next().unwrap_or(&msg)),
        }]
    })
}

/// Store many reports, each line on its own: a bad line is refused with its errors and leaves
/// nothing behind, the good ones are stored. Lines are written in chunks, one transaction each,
/// with a savepoint per line.
#[tracing::instrument(skip_all)]
pub async fn import(
    ctx: &Ctx,
    caller: Option<&Caller>,
    lines: Vec<ParsedLine>,
    progress: Option<&indicatif::ProgressBar>,
) -> AppResult<Vec<LineResult>> {
    if let Some(c) = caller {
        c.require_scope(Scope::Write)?;
        if !c.is_admin() && c.role() != Role::AgencyOfficer {
            return Err(AppError::forbidden("only agency officers and administrators publish reports"));
        }
    }
    let agencies = AgencyIndex::load(&ctx.db).await?;
    let year = this_year(ctx);
    let actor = caller.map(|c| c.id());
    let mut results = Vec::with_capacity(lines.len());
    let mut seen: HashMap<(i64, i32, String), usize> = HashMap::new();
    for chunk in lines.chunks(250) {
        let txn = super::begin(&ctx.db).await?;
        for (line, parsed) in chunk.iter().cloned() {
            let checked = parsed.and_then(|input| validate(input, &agencies, year)).and_then(|v| {
                may_write(caller, v.agency_id).map_err(|e| vec![e])?;
                match seen.insert((v.agency_id, v.year, v.language.clone()), line) {
                    Some(first) => Err(vec![FieldError::new("", "duplicate_line").arg("line", first)]),
                    None => Ok(v),
                }
            });
            let outcome = match checked {
                Err(errors) => Err(errors),
                Ok(v) => {
                    let sp = txn.begin().await?;
                    match store(&sp, ctx, actor, v).await {
                        Ok((r, o)) => {
                            sp.commit().await?;
                            Ok((r.id, o))
                        }
                        Err(e) => {
                            sp.rollback().await?;
                            tracing::warn!(line, error = %e, "import line failed to store");
                            Err(vec![FieldError::new("", "not_stored").arg("reason", e.code.as_str())])
                        }
                    }
                }
            };
            if let Some(p) = progress {
                p.inc(1);
            }
            results.push(LineResult { line, outcome });
        }
        txn.commit().await?;
    }
    Ok(results)
}

/// Split a Markdown file with a `+++` TOML front matter into the report it describes.
#[tracing::instrument(skip_all)]
pub fn parse_markdown_file(text: &str) -> Result<ReportInput, Vec<FieldError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n"));
    let Some((front, body)) = rest.and_then(|r| r.split_once("\n+++")) else {
        return Err(vec![FieldError::new("", "front_matter_missing")]);
    };
    let body = body.trim_start_matches(['\r']).strip_prefix('\n').unwrap_or(body);
    let mut value: toml::Table = toml::from_str(front)
        .map_err(|e| vec![FieldError::new("/front_matter", "wrong_type").arg("reason", e.message())])?;
    value.insert("body_md".into(), toml::Value::String(body.to_string()));
    let json = serde_json::to_string(&value).map_err(|e| vec![FieldError::new("", "wrong_type").arg("reason", e)])?;
    parse_line(&json)
}

/// Read every `*.md` under `dir` (sorted, so runs are repeatable) as an import.
#[tracing::instrument(skip_all)]
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<(String, Parsed)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            std::fs::read_to_string(&p).map(|t| (name, parse_markdown_file(&t)))
        })
        .collect()
}

#[derive(Default, Clone)]
pub struct ReportFilter {
    pub agency_id: Option<i64>,
    pub year: Option<i32>,
    pub language: Option<String>,
    pub demo: Option<bool>,
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx, f: ReportFilter, page: PageRequest) -> AppResult<(Vec<report::Model>, Option<String>)> {
    let mut q = report::Entity::find();
    if let Some(a) = f.agency_id {
        q = q.filter(report::Column::AgencyId.eq(a));
    }
    if let Some(y) = f.year {
        q = q.filter(report::Column::Year.eq(y));
    }
    if let Some(l) = f.language {
        let l = ReportLanguage::parse(&l).ok_or_else(|| AppError::invalid_parameter("language", "kk, ru or en"))?;
        q = q.filter(report::Column::Language.eq(l.as_str()));
    }
    if let Some(d) = f.demo {
        q = q.filter(report::Column::Demo.eq(d));
    }
    if let Some(after) = page.after {
        q = q.filter(report::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(report::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |r| r.id))
}

#[tracing::instrument(skip_all, fields(report = id))]
pub async fn get(ctx: &Ctx, id: i64) -> AppResult<report::Model> {
    report::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("report", id))
}

#[tracing::instrument(skip_all, fields(report = id))]
pub async fn revisions(ctx: &Ctx, id: i64) -> AppResult<Vec<report_revision::Model>> {
    get(ctx, id).await?;
    Ok(report_revision::Entity::find()
        .filter(report_revision::Column::ReportId.eq(id))
        .order_by_asc(report_revision::Column::Revision)
        .all(&ctx.db)
        .await?)
}

#[tracing::instrument(skip_all, fields(report = id))]
pub async fn revision(ctx: &Ctx, id: i64, n: i32) -> AppResult<report_revision::Model> {
    get(ctx, id).await?;
    report_revision::Entity::find()
        .filter(report_revision::Column::ReportId.eq(id))
        .filter(report_revision::Column::Revision.eq(n))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("report revision", n))
}
