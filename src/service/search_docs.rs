//! Public records as search documents: reports, answers to information requests, the
//! completion notices of discussions, and published monitoring conclusions.
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use entity::{agency, completion_notice, discussion, info_request, region, report, request_event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{error::AppResult, markdown, search::SearchDoc};

#[tracing::instrument(skip_all, fields(report = id))]
pub fn report_id(id: i64) -> String {
    format!("report-{id}")
}

#[tracing::instrument(skip_all, fields(request = request_id))]
pub fn answer_id(request_id: i64) -> String {
    format!("answer-{request_id}")
}

#[tracing::instrument(skip_all, fields(discussion = discussion_id))]
pub fn notice_id(discussion_id: i64) -> String {
    format!("draft_act-{discussion_id}")
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub fn conclusion_id(id: i64) -> String {
    format!("conclusion-{id}")
}

/// The agencies that published a batch of documents, with the regions their territories sit in.
struct Publishers {
    agencies: HashMap<i64, agency::Model>,
    regions: HashMap<String, region::Model>,
}

/// What a document says, before the publisher's facets are added.
struct Content {
    id: String,
    kind: &'static str,
    title: String,
    body: String,
    year: i32,
    language: String,
    published_at: DateTime<Utc>,
    url: String,
}

impl Publishers {
    async fn load(conn: &impl ConnectionTrait, agency_ids: Vec<i64>) -> AppResult<Self> {
        let agencies = agency::Entity::find()
            .filter(agency::Column::Id.is_in(agency_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let regions = region::Entity::find().all(conn).await?.into_iter().map(|r| (r.code.clone(), r)).collect();
        Ok(Self { agencies, regions })
    }

    /// A region and every unit containing it, nearest first.
    fn region_path(&self, code: &str) -> Vec<String> {
        let mut path = Vec::new();
        let mut next = Some(code.to_string());
        while let Some(c) = next {
            if path.contains(&c) || path.len() > 8 {
                break;
            }
            next = self.regions.get(&c).and_then(|r| r.parent.clone());
            path.push(c);
        }
        path
    }

    /// The document, or `None` when its agency is gone.
    fn doc(&self, agency_id: i64, c: Content) -> Option<SearchDoc> {
        let a = self.agencies.get(&agency_id)?;
        Some(SearchDoc {
            id: c.id,
            kind: c.kind.into(),
            title: c.title,
            body: c.body,
            agency_id: a.id,
            agency_kind: a.kind.clone(),
            region: a.region.clone(),
            region_path: a.region.as_deref().map(|r| self.region_path(r)).unwrap_or_default(),
            year: c.year,
            language: c.language,
            published_at: c.published_at.timestamp(),
            url: c.url,
        })
    }
}

#[tracing::instrument(skip_all)]
pub async fn reports(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<SearchDoc>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = report::Entity::find().filter(report::Column::Id.is_in(ids.to_vec())).all(conn).await?;
    let p = Publishers::load(conn, rows.iter().map(|r| r.agency_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let published =
                r.published_on.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc()).unwrap_or(r.created_at);
            p.doc(
                r.agency_id,
                Content {
                    id: report_id(r.id),
                    kind: "report",
                    body: markdown::to_text(&r.body_md),
                    title: r.title,
                    year: r.year,
                    language: r.language,
                    published_at: published,
                    url: format!("/api/v1/reports/{}", r.id),
                },
            )
        })
        .collect())
}

/// Answered requests as documents of kind `answer`: the questions and every answer given, so the
/// next person's published-check finds them.
#[tracing::instrument(skip_all)]
pub async fn answers(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<SearchDoc>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = info_request::Entity::find()
        .filter(info_request::Column::Id.is_in(ids.to_vec()))
        .filter(info_request::Column::State.is_in(["answered", "partially_answered", "clarification_requested"]))
        .all(conn)
        .await?;
    let events = request_event::Entity::find()
        .filter(request_event::Column::RequestId.is_in(ids.to_vec()))
        .filter(request_event::Column::Kind.is_in(["answered", "partially_answered"]))
        .all(conn)
        .await?;
    let p = Publishers::load(conn, rows.iter().map(|r| r.agency_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let answers: Vec<String> = events
                .iter()
                .filter(|e| e.request_id == r.id)
                .filter_map(|e| e.body_md.as_deref().map(markdown::to_text))
                .collect();
            if answers.is_empty() {
                return None;
            }
            let closed = r.closed_at.unwrap_or(r.updated_at);
            p.doc(
                r.agency_id,
                Content {
                    id: answer_id(r.id),
                    kind: "answer",
                    body: format!("{}\n\n{}", markdown::to_text(&r.questions_md), answers.join("\n\n")),
                    title: r.subject,
                    year: closed.year(),
                    language: r.language,
                    published_at: closed,
                    url: format!("/api/v1/requests/{}", r.id),
                },
            )
        })
        .collect())
}

/// Discussions with a published completion notice, as documents of kind `draft_act`.
#[tracing::instrument(skip_all)]
pub async fn notices(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<SearchDoc>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let notices = completion_notice::Entity::find()
        .filter(completion_notice::Column::DiscussionId.is_in(ids.to_vec()))
        .all(conn)
        .await?;
    let discussions: HashMap<i64, discussion::Model> = discussion::Entity::find()
        .filter(discussion::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let p = Publishers::load(conn, discussions.values().map(|d| d.agency_id).collect()).await?;
    Ok(notices
        .into_iter()
        .filter_map(|n| {
            let d = discussions.get(&n.discussion_id)?;
            p.doc(
                d.agency_id,
                Content {
                    id: notice_id(d.id),
                    kind: "draft_act",
                    title: d.title_ru.clone(),
                    body: format!("{}\n\n{}", d.title_kk, markdown::to_text(&n.markdown)),
                    year: n.published_at.year(),
                    language: "ru".into(),
                    published_at: n.published_at,
                    url: format!("/api/v1/discussions/{}/notice", d.id),
                },
            )
        })
        .collect())
}

/// Published conclusions as documents of kind `conclusion`, filed under the first agency they
/// are addressed to; the text is the latest revision, corrections included.
#[tracing::instrument(skip_all)]
pub async fn conclusions(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<SearchDoc>> {
    use crate::service::conclusions as service;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = entity::conclusion::Entity::find()
        .filter(entity::conclusion::Column::Id.is_in(ids.to_vec()))
        .filter(entity::conclusion::Column::State.eq("published"))
        .filter(entity::conclusion::Column::HiddenAt.is_null())
        .all(conn)
        .await?;
    let mut loaded = Vec::with_capacity(rows.len());
    for c in rows {
        loaded.push(service::load(conn, c).await?);
    }
    let p = Publishers::load(conn, loaded.iter().filter_map(|f| f.addressed.first().copied()).collect()).await?;
    Ok(loaded
        .into_iter()
        .filter_map(|f| {
            let lang = crate::i18n::Lang::parse(&f.conclusion.language).unwrap_or(crate::i18n::Lang::Ru);
            let published = f.conclusion.published_at.unwrap_or(f.conclusion.updated_at);
            p.doc(
                *f.addressed.first()?,
                Content {
                    id: conclusion_id(f.conclusion.id),
                    kind: "conclusion",
                    body: markdown::to_text(&f.sections.to_document(lang)),
                    title: f.conclusion.title,
                    year: published.year(),
                    language: f.conclusion.language,
                    published_at: published,
                    url: format!("/api/v1/conclusions/{}", f.conclusion.id),
                },
            )
        })
        .collect())
}
