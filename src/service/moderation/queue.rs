//! The moderators' queue: what the public can read of comments, observations, evidence files and
//! conclusions, newest first, so a moderator sees what was just published and what is hidden.
//! Only records `target` would accept are listed: an observation or an evidence file of a draft
//! campaign, or a draft conclusion, is nobody's to moderate and is left out.
use chrono::{DateTime, Utc};
use entity::{campaign, comment, conclusion, evidence, observation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query};

use super::{Caller, Ctx, require_moderator};
use crate::{
    domain::{
        campaigns::CampaignState,
        conclusions::ConclusionState,
        moderation::{Hidden, Subject},
    },
    error::AppResult,
};

/// Which records the queue shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    All,
    Hidden,
    Visible,
}

#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub subject: Option<Subject>,
    pub visibility: Visibility,
}

/// One record in the queue, with what a moderator needs to judge it.
#[derive(Clone, Debug)]
pub struct QueueItem {
    pub subject: Subject,
    pub id: i64,
    /// When it was written (a conclusion: when it was published).
    pub at: DateTime<Utc>,
    pub hidden: Option<Hidden>,
    /// The record's words as written (Markdown for comments and observations).
    pub text: String,
    /// The public page the record is read on.
    pub href: String,
}

/// A page of the queue: its items and whether an older page follows.
#[derive(Clone, Debug)]
pub struct Queue {
    pub items: Vec<QueueItem>,
    pub more: bool,
}

/// The deepest page the queue reads; older records are found through the API's lists.
pub const MAX_PAGE: u64 = 20;

macro_rules! visibility {
    ($q:expr, $e:ident, $v:expr) => {
        match $v {
            Visibility::All => $q,
            Visibility::Hidden => $q.filter($e::Column::HiddenAt.is_not_null()),
            Visibility::Visible => $q.filter($e::Column::HiddenAt.is_null()),
        }
    };
}

/// Page `page` (from 1) of `per_page` records, newest first across the four kinds.
#[tracing::instrument(skip_all, fields(account = caller.id(), page))]
pub async fn queue(ctx: &Ctx, caller: &Caller, f: QueueFilter, page: u64, per_page: u64) -> AppResult<Queue> {
    require_moderator(caller)?;
    let page = page.clamp(1, MAX_PAGE);
    // Each kind's newest `take` records are enough to fill this page of the merged list.
    let take = page * per_page + 1;
    let wants = |s: Subject| f.subject.is_none_or(|x| x == s);
    let public_campaigns = || {
        Query::select()
            .column(campaign::Column::Id)
            .from(campaign::Entity)
            .and_where(campaign::Column::State.ne(CampaignState::Draft.as_str()))
            .to_owned()
    };
    let mut items: Vec<QueueItem> = Vec::new();
    if wants(Subject::Comment) {
        let q = visibility!(comment::Entity::find(), comment, f.visibility);
        for c in q
            .order_by_desc(comment::Column::CreatedAt)
            .order_by_desc(comment::Column::Id)
            .limit(take)
            .all(&ctx.db)
            .await?
        {
            items.push(QueueItem {
                subject: Subject::Comment,
                id: c.id,
                at: c.created_at,
                hidden: Hidden::of(c.hidden_at, c.hidden_reason.as_deref()),
                text: c.proposal_md,
                href: format!("/discussions/{}#comment-{}", c.discussion_id, c.id),
            });
        }
    }
    if wants(Subject::Observation) {
        let q = observation::Entity::find().filter(observation::Column::CampaignId.in_subquery(public_campaigns()));
        let q = visibility!(q, observation, f.visibility);
        for o in q
            .order_by_desc(observation::Column::CreatedAt)
            .order_by_desc(observation::Column::Id)
            .limit(take)
            .all(&ctx.db)
            .await?
        {
            items.push(QueueItem {
                subject: Subject::Observation,
                id: o.id,
                at: o.created_at,
                hidden: Hidden::of(o.hidden_at, o.hidden_reason.as_deref()),
                text: o.note_md,
                href: format!("/campaigns/{}", o.campaign_id),
            });
        }
    }
    if wants(Subject::Evidence) {
        let public_observations = Query::select()
            .column(observation::Column::Id)
            .from(observation::Entity)
            .and_where(observation::Column::CampaignId.in_subquery(public_campaigns()))
            .to_owned();
        let q = evidence::Entity::find().filter(evidence::Column::ObservationId.in_subquery(public_observations));
        let q = visibility!(q, evidence, f.visibility);
        let rows = q
            .order_by_desc(evidence::Column::CreatedAt)
            .order_by_desc(evidence::Column::Id)
            .limit(take)
            .all(&ctx.db)
            .await?;
        let observation_ids: Vec<i64> = rows.iter().map(|e| e.observation_id).collect();
        let campaigns: std::collections::HashMap<i64, i64> = observation::Entity::find()
            .filter(observation::Column::Id.is_in(observation_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.campaign_id))
            .collect();
        for e in rows {
            let text =
                [e.caption.clone(), e.original_name.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            items.push(QueueItem {
                subject: Subject::Evidence,
                id: e.id,
                at: e.created_at,
                hidden: Hidden::of(e.hidden_at, e.hidden_reason.as_deref()),
                text,
                href: campaigns.get(&e.observation_id).map(|c| format!("/campaigns/{c}")).unwrap_or_default(),
            });
        }
    }
    if wants(Subject::Conclusion) {
        let q = conclusion::Entity::find().filter(conclusion::Column::State.ne(ConclusionState::Draft.as_str()));
        let q = visibility!(q, conclusion, f.visibility);
        let rows = q
            // Ids follow submission closely enough to pick the newest; NULL ordering of the
            // timestamps differs between SQLite and PostgreSQL.
            .order_by_desc(conclusion::Column::Id)
            .limit(take)
            .all(&ctx.db)
            .await?;
        for c in rows {
            items.push(QueueItem {
                subject: Subject::Conclusion,
                id: c.id,
                at: c.published_at.or(c.submitted_at).unwrap_or(c.created_at),
                hidden: Hidden::of(c.hidden_at, c.hidden_reason.as_deref()),
                text: c.title,
                href: format!("/conclusions/{}", c.id),
            });
        }
    }
    items.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let start = ((page - 1) * per_page) as usize;
    let more = items.len() > start + per_page as usize && page < MAX_PAGE;
    let items = items.into_iter().skip(start).take(per_page as usize).collect();
    Ok(Queue { items, more })
}
