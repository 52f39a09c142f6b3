//! Public records as search documents.
use std::collections::HashMap;

use entity::{agency, completion_notice, discussion, info_request, region, report, request_event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{error::AppResult, markdown, search::SearchDoc};

pub fn report_id(id: i64) -> String {
    format!("report-{id}")
}

/// A region and every unit containing it, nearest first.
fn region_path(regions: &HashMap<String, region::Model>, code: &str) -> Vec<String> {
    let mut path = Vec::new();
    let mut next = Some(code.to_string());
    while let Some(c) = next {
        if path.contains(&c) || path.len() > 8 {
            break;
        }
        next = regions.get(&c).and_then(|r| r.parent.clone());
        path.push(c);
    }
    path
}

pub async fn reports(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<SearchDoc>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = report::Entity::find().filter(report::Column::Id.is_in(ids.to_vec())).all(conn).await?;
    let agency_ids: Vec<i64> = rows.iter().map(|r| r.agency_id).collect();
    let agencies: HashMap<i64, agency::Model> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let regions: HashMap<String, region::Model> =
        region::Entity::find().all(conn).await?.into_iter().map(|r| (r.code.clone(), r)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let a = agencies.get(&r.agency_id)?;
            let published = r
                .published_on
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().timestamp())
                .unwrap_or(r.created_at.timestamp());
            Some(SearchDoc {
                id: report_id(r.id),
                kind: "report".into(),
                title: r.title.clone(),
                body: markdown::to_text(&r.body_md),
                agency_id: a.id,
                agency_kind: a.kind.clone(),
                region: a.region.clone(),
                region_path: a.region.as_deref().map(|c| region_path(&regions, c)).unwrap_or_default(),
                year: r.year,
                language: r.language.clone(),
                published_at: published,
                url: format!("/api/v1/reports/{}", r.id),
            })
        })
        .collect())
}

pub fn answer_id(request_id: i64) -> String {
    format!("answer-{request_id}")
}

/// Answered requests as documents of kind `answer`: the questions and every answer given, so the
/// next person's published-check finds them.
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
    let agencies: HashMap<i64, agency::Model> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(rows.iter().map(|r| r.agency_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let regions: HashMap<String, region::Model> =
        region::Entity::find().all(conn).await?.into_iter().map(|r| (r.code.clone(), r)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let a = agencies.get(&r.agency_id)?;
            let answers: Vec<String> = events
                .iter()
                .filter(|e| e.request_id == r.id)
                .filter_map(|e| e.body_md.as_deref().map(markdown::to_text))
                .collect();
            if answers.is_empty() {
                return None;
            }
            use chrono::Datelike;
            let closed = r.closed_at.unwrap_or(r.updated_at);
            Some(SearchDoc {
                id: answer_id(r.id),
                kind: "answer".into(),
                title: r.subject.clone(),
                body: format!("{}\n\n{}", markdown::to_text(&r.questions_md), answers.join("\n\n")),
                agency_id: a.id,
                agency_kind: a.kind.clone(),
                region: a.region.clone(),
                region_path: a.region.as_deref().map(|c| region_path(&regions, c)).unwrap_or_default(),
                year: closed.year(),
                language: r.language.clone(),
                published_at: closed.timestamp(),
                url: format!("/api/v1/requests/{}", r.id),
            })
        })
        .collect())
}

pub fn notice_id(discussion_id: i64) -> String {
    format!("draft_act-{discussion_id}")
}

/// Discussions with a published completion notice, as documents of kind `draft_act`.
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
    let agencies: HashMap<i64, agency::Model> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(discussions.values().map(|d| d.agency_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let regions: HashMap<String, region::Model> =
        region::Entity::find().all(conn).await?.into_iter().map(|r| (r.code.clone(), r)).collect();
    Ok(notices
        .into_iter()
        .filter_map(|n| {
            use chrono::Datelike;
            let d = discussions.get(&n.discussion_id)?;
            let a = agencies.get(&d.agency_id)?;
            Some(SearchDoc {
                id: notice_id(d.id),
                kind: "draft_act".into(),
                title: d.title_ru.clone(),
                body: format!("{}\n\n{}", d.title_kk, markdown::to_text(&n.markdown)),
                agency_id: a.id,
                agency_kind: a.kind.clone(),
                region: a.region.clone(),
                region_path: a.region.as_deref().map(|c| region_path(&regions, c)).unwrap_or_default(),
                year: n.published_at.year(),
                language: "ru".into(),
                published_at: n.published_at.timestamp(),
                url: format!("/api/v1/discussions/{}/notice", d.id),
            })
        })
        .collect())
}
