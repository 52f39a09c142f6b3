//! Agencies' answers on published conclusions (Law Art. 29 p.4) as open data: the `measures`
//! dataset, its list, one record, its figures and its change events. Answering is in
//! `service::conclusions`, beside the conclusion it answers.
use entity::{conclusion, measure};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query};

use super::{
    Ctx,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::conclusions::{ConclusionState, MeasureStatus},
    error::{AppError, AppResult},
};

/// The outbox entity type of agencies' answers: each answer and edit is an event of the
/// `measures` dataset.
pub const MEASURE: &str = "measure";

#[derive(Clone, Debug, Default)]
pub struct MeasureFilter {
    pub conclusion_id: Option<i64>,
    pub agency_id: Option<i64>,
    /// `accepted`, `in_progress`, `done` or `rejected`.
    pub status: Option<String>,
}

/// Answers on published conclusions: the only ones there are, since agencies answer a conclusion
/// once it is published, and a published conclusion stays published.
fn public_measures() -> sea_orm::Select<measure::Entity> {
    let published = Query::select()
        .column(conclusion::Column::Id)
        .from(conclusion::Entity)
        .and_where(conclusion::Column::State.eq(ConclusionState::Published.as_str()))
        .and_where(conclusion::Column::HiddenAt.is_null())
        .to_owned();
    measure::Entity::find().filter(measure::Column::ConclusionId.in_subquery(published))
}

/// Every agency's answers on every published conclusion, keyset-paged by id.
#[tracing::instrument(skip_all)]
pub async fn list_measures(
    ctx: &Ctx,
    f: MeasureFilter,
    page: PageRequest,
) -> AppResult<(Vec<measure::Model>, Option<String>)> {
    let mut q = public_measures();
    if let Some(c) = f.conclusion_id {
        q = q.filter(measure::Column::ConclusionId.eq(c));
    }
    if let Some(a) = f.agency_id {
        q = q.filter(measure::Column::AgencyId.eq(a));
    }
    if let Some(s) = f.status {
        let s = MeasureStatus::parse(&s)
            .ok_or_else(|| AppError::invalid_parameter("status", "accepted, in_progress, done or rejected"))?;
        q = q.filter(measure::Column::Status.eq(s.as_str()));
    }
    if let Some(after) = page.after {
        q = q.filter(measure::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(measure::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    Ok(finish_page(rows, page, |m| m.id))
}

#[tracing::instrument(skip_all, fields(conclusion = id))]
pub async fn public_measure(ctx: &Ctx, id: i64) -> AppResult<measure::Model> {
    public_measures()
        .filter(measure::Column::Id.eq(id))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::not_found("measure", id))
}

#[tracing::instrument(skip_all)]
pub async fn measure_stats(db: &sea_orm::DatabaseConnection) -> AppResult<super::datasets::Stats> {
    use sea_orm::PaginatorTrait;
    let records = public_measures().count(db).await?;
    let newest = public_measures().order_by_desc(measure::Column::UpdatedAt).one(db).await?;
    Ok(super::datasets::Stats { records, updated_at: newest.map(|m| m.updated_at) })
}

#[tracing::instrument(skip_all)]
pub async fn public_measure_ids(db: &sea_orm::DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public_measures()
        .select_only()
        .column(measure::Column::Id)
        .filter(measure::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}
