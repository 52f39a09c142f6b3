//! The portal at a glance, for the home page: how agencies answer requests, what can be commented
//! on now, what is being monitored now.
use entity::{campaign, discussion, info_request};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use super::Ctx;
use crate::{
    domain::{
        campaigns::CampaignState,
        requests::{RequestState, answered_in_time},
    },
    error::AppResult,
};

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Headline {
    /// Requests answered in full or in part.
    pub requests_answered: u64,
    /// Of those, answered by their due date.
    pub requests_answered_on_time: u64,
    /// `requests_answered_on_time / requests_answered`, when any was answered.
    pub share_on_time: Option<f64>,
    pub discussions_open: u64,
    pub campaigns_active: u64,
}

#[tracing::instrument(skip_all)]
pub async fn headline(ctx: &Ctx) -> AppResult<Headline> {
    let answered: Vec<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> = info_request::Entity::find()
        .select_only()
        .column(info_request::Column::ClosedDate)
        .column(info_request::Column::DueDate)
        .filter(
            info_request::Column::State
                .is_in([RequestState::Answered.as_str(), RequestState::PartiallyAnswered.as_str()]),
        )
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let on_time = answered.iter().filter(|(closed, due)| answered_in_time(*closed, *due)).count() as u64;
    let discussions_open = discussion::Entity::find()
        .filter(discussion::Column::OpensAt.lte(ctx.now))
        .filter(discussion::Column::ClosesAt.gte(ctx.now))
        .count(&ctx.db)
        .await?;
    let campaigns_active = campaign::Entity::find()
        .filter(campaign::Column::State.eq(CampaignState::Active.as_str()))
        .count(&ctx.db)
        .await?;
    let n = answered.len() as u64;
    Ok(Headline {
        requests_answered: n,
        requests_answered_on_time: on_time,
        share_on_time: (n > 0).then(|| on_time as f64 / n as f64),
        discussions_open,
        campaigns_active,
    })
}
