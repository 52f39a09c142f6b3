//! What a page of discussions shows besides their own columns (the agency, the current version
//! of the text, whether the completion notice is out), read with one query per kind for the
//! whole page instead of three per row.
use std::collections::{HashMap, HashSet};

use entity::{agency, completion_notice, discussion, discussion_version};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use crate::{
    error::{AppError, AppResult},
    service::Ctx,
};

/// The rows a page of discussions refers to.
pub struct Related {
    agencies: HashMap<i64, agency::Model>,
    versions: HashMap<(i64, i32), discussion_version::Model>,
    with_notice: HashSet<i64>,
}

impl Related {
    pub fn agency(&self, d: &discussion::Model) -> AppResult<&agency::Model> {
        self.agencies.get(&d.agency_id).ok_or_else(|| AppError::not_found("agency", d.agency_id))
    }

    /// The version of the text now under discussion.
    pub fn current_version(&self, d: &discussion::Model) -> AppResult<&discussion_version::Model> {
        self.versions
            .get(&(d.id, d.current_version))
            .ok_or_else(|| AppError::not_found("discussion version", d.current_version))
    }

    /// Whether the completion notice of the discussion has been published.
    pub fn notice_published(&self, d: &discussion::Model) -> bool {
        self.with_notice.contains(&d.id)
    }
}

/// Reads what `rows` refer to: at most three queries, whatever the number of rows.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn related(ctx: &Ctx, rows: &[discussion::Model]) -> AppResult<Related> {
    if rows.is_empty() {
        return Ok(Related { agencies: HashMap::new(), versions: HashMap::new(), with_notice: HashSet::new() });
    }
    let mut agency_ids: Vec<i64> = rows.iter().map(|d| d.agency_id).collect();
    agency_ids.sort_unstable();
    agency_ids.dedup();
    let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let agencies = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    // Only the current version of each: older versions may be long and are not shown in a list.
    let current = rows.iter().fold(Condition::any(), |c, d| {
        c.add(
            Condition::all()
                .add(discussion_version::Column::DiscussionId.eq(d.id))
                .add(discussion_version::Column::Number.eq(d.current_version)),
        )
    });
    let versions = discussion_version::Entity::find()
        .filter(current)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|v| ((v.discussion_id, v.number), v))
        .collect();
    let with_notice = completion_notice::Entity::find()
        .select_only()
        .column(completion_notice::Column::DiscussionId)
        .filter(completion_notice::Column::DiscussionId.is_in(ids))
        .into_tuple::<i64>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    Ok(Related { agencies, versions, with_notice })
}
