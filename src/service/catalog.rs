//! The open-data catalog: one entry per public dataset. The catalog endpoint, the change feed and
//! webhooks all read this table, so a new dataset is published by adding one entry here (plus its
//! texts under `catalog.<key>` in `content/i18n/*.toml` and its two export operations).
use std::{future::Future, pin::Pin};

use entity::{agency, completion_notice, discussion, discussion_version, info_request, public_service, region, report};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{domain::requests::RequestState, error::AppResult};

/// CC BY 4.0: reuse with attribution.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
pub type StatsFn = for<'a> fn(&'a DatabaseConnection) -> BoxFuture<'a, AppResult<Stats>>;
pub type VisibleFn = for<'a> fn(&'a DatabaseConnection, Vec<i64>) -> BoxFuture<'a, AppResult<Vec<i64>>>;

pub use super::datasets::Stats;

pub struct Dataset {
    /// Stable key; the texts are `catalog.<key>.title` and `.description`.
    pub key: &'static str,
    /// The JSON list under `/api/v1`; exports are `{path}/export.csv` and `{path}/export.ndjson`.
    pub path: &'static str,
    /// The outbox entity type of this dataset's change events, when it has them.
    pub entity_type: Option<&'static str>,
    /// One record's JSON read, `{id}` standing for its id.
    pub record_path: &'static str,
    pub stats: StatsFn,
    /// Of these ids, those whose records the public may read now; the change feed shows nothing
    /// else, so a draft or private record never appears in it.
    pub visible: VisibleFn,
    /// Whether the feed shows deletions. A deleted record cannot be asked whether it was public,
    /// so only a dataset whose records are public from creation (or whose deletions reach the
    /// outbox only while public) says yes; one with drafts must show the end of a published
    /// record as a change of state (withdrawn, archived) instead.
    pub deletes_public: bool,
}

impl Dataset {
    #[tracing::instrument(skip_all, fields(dataset = id))]
    pub fn record_url(&self, id: i64) -> String {
        format!("/api/v1{}", self.record_path.replace("{id}", &id.to_string()))
    }
}

/// Every dataset of the catalog, in the order it lists them.
pub const DATASETS: &[Dataset] = &[
    Dataset {
        key: "agencies",
        path: "/agencies",
        entity_type: Some(super::agencies::ENTITY),
        record_path: "/agencies/{id}",
        stats: |db| Box::pin(agency_stats(db)),
        visible: |db, ids| Box::pin(existing_agencies(db, ids)),
        deletes_public: true,
    },
    Dataset {
        key: "regions",
        path: "/regions",
        entity_type: None,
        record_path: "/regions",
        stats: |db| Box::pin(region_stats(db)),
        visible: |_, ids| Box::pin(async move { Ok(ids) }),
        deletes_public: true,
    },
    Dataset {
        key: "services",
        path: "/services",
        entity_type: Some(super::public_services::ENTITY),
        record_path: "/services/{id}",
        stats: |db| Box::pin(service_stats(db)),
        visible: |db, ids| Box::pin(existing_services(db, ids)),
        deletes_public: true,
    },
    Dataset {
        key: "reports",
        path: "/reports",
        entity_type: Some("report"),
        record_path: "/reports/{id}",
        stats: |db| Box::pin(report_stats(db)),
        visible: |db, ids| Box::pin(existing_reports(db, ids)),
        deletes_public: true,
    },
    Dataset {
        key: "requests",
        path: "/requests",
        entity_type: Some("info_request"),
        record_path: "/requests/{id}",
        stats: |db| Box::pin(request_stats(db)),
        visible: |db, ids| Box::pin(submitted_requests(db, ids)),
        deletes_public: false,
    },
    Dataset {
        key: "discussions",
        path: "/discussions",
        entity_type: Some("discussion"),
        record_path: "/discussions/{id}",
        stats: |db| Box::pin(discussion_stats(db)),
        visible: |db, ids| Box::pin(existing_discussions(db, ids)),
        deletes_public: true,
    },
    Dataset {
        key: "comments",
        path: "/comments",
        entity_type: Some(super::discussions::COMMENT),
        record_path: "/comments/{id}",
        stats: |db| Box::pin(super::discussions::comment_stats(db)),
        visible: |db, ids| Box::pin(super::discussions::comment_ids(db, ids)),
        // Public from creation and never deleted.
        deletes_public: true,
    },
    Dataset {
        key: "completion_notices",
        path: "/completion-notices",
        // Keyed by the discussion's id: one notice each, immutable once published.
        entity_type: Some(super::discussions::NOTICE),
        record_path: "/discussions/{id}/notice",
        stats: |db| Box::pin(super::discussions::notice_stats(db)),
        visible: |db, ids| Box::pin(super::discussions::notice_ids(db, ids)),
        deletes_public: true,
    },
    Dataset {
        key: "campaigns",
        path: "/campaigns",
        entity_type: Some("campaign"),
        record_path: "/campaigns/{id}",
        stats: |db| Box::pin(campaign_stats(db)),
        visible: |db, ids| Box::pin(public_campaigns_among(db, ids)),
        deletes_public: false,
    },
    Dataset {
        key: "observations",
        path: "/observations",
        entity_type: Some(super::observations::SUBJECT),
        record_path: "/observations/{id}",
        stats: |db| Box::pin(super::observations::catalog_stats(db)),
        visible: |db, ids| Box::pin(super::observations::public_ids(db, ids)),
        // A deletion is written to the outbox only while the campaign is public (a draft's
        // observations were never shown), and a campaign never goes back to draft.
        deletes_public: true,
    },
    Dataset {
        key: "observation_statistics",
        path: "/observation-statistics",
        // Derived from the observations, whose own events say when it changes.
        entity_type: None,
        record_path: "/observation-statistics",
        stats: |db| Box::pin(super::statistics::catalog_stats(db)),
        visible: |_, ids| Box::pin(async move { Ok(ids) }),
        deletes_public: true,
    },
    Dataset {
        key: "conclusions",
        path: "/conclusions",
        entity_type: Some("conclusion"),
        record_path: "/conclusions/{id}",
        stats: |db| Box::pin(super::conclusions::catalog_stats(db)),
        visible: |db, ids| Box::pin(super::conclusions::public_ids(db, ids)),
        deletes_public: false,
    },
    Dataset {
        key: "measures",
        path: "/measures",
        entity_type: Some(super::measures::MEASURE),
        record_path: "/measures/{id}",
        stats: |db| Box::pin(super::measures::measure_stats(db)),
        visible: |db, ids| Box::pin(super::measures::public_measure_ids(db, ids)),
        // Written only on published conclusions, so public from creation; never deleted.
        deletes_public: true,
    },
];

#[tracing::instrument(skip_all)]
pub fn by_entity_type(entity_type: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.entity_type == Some(entity_type))
}

/// The entity types of the change feed, in catalog order.
#[tracing::instrument(skip_all)]
pub fn entity_types() -> Vec<&'static str> {
    DATASETS.iter().filter_map(|d| d.entity_type).collect()
}

async fn agency_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = agency::Entity::find().count(db).await?;
    let newest = agency::Entity::find().order_by_desc(agency::Column::UpdatedAt).one(db).await?;
    Ok(Stats { records, updated_at: newest.map(|a| a.updated_at) })
}

/// Regions carry no time of change: they move with the KATO classifier, loaded from `content/`.
async fn region_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    Ok(Stats { records: region::Entity::find().count(db).await?, updated_at: None })
}

async fn service_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = public_service::Entity::find().count(db).await?;
    let newest = public_service::Entity::find().order_by_desc(public_service::Column::UpdatedAt).one(db).await?;
    Ok(Stats { records, updated_at: newest.map(|s| s.updated_at) })
}

async fn report_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = report::Entity::find().count(db).await?;
    let newest = report::Entity::find().order_by_desc(report::Column::UpdatedAt).one(db).await?;
    Ok(Stats { records, updated_at: newest.map(|r| r.updated_at) })
}

/// Drafts are their authors' own; everything from submission on is public.
fn public_requests() -> sea_orm::Select<info_request::Entity> {
    info_request::Entity::find().filter(info_request::Column::State.ne(RequestState::Draft.as_str()))
}

async fn request_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = public_requests().count(db).await?;
    let newest = public_requests().order_by_desc(info_request::Column::UpdatedAt).one(db).await?;
    Ok(Stats { records, updated_at: newest.map(|r| r.updated_at) })
}

/// A discussion changes when it is created, when a new version of its text is published and when
/// its completion notice is.
async fn discussion_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = discussion::Entity::find().count(db).await?;
    let created = discussion::Entity::find().order_by_desc(discussion::Column::CreatedAt).one(db).await?;
    let version =
        discussion_version::Entity::find().order_by_desc(discussion_version::Column::CreatedAt).one(db).await?;
    let notice =
        completion_notice::Entity::find().order_by_desc(completion_notice::Column::PublishedAt).one(db).await?;
    let updated_at = [created.map(|d| d.created_at), version.map(|v| v.created_at), notice.map(|n| n.published_at)]
        .into_iter()
        .flatten()
        .max();
    Ok(Stats { records, updated_at })
}

/// Agencies are public from creation; an upsert of one deleted since is not shown (its deletion
/// follows in the feed).
async fn existing_agencies(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .filter(agency::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

async fn existing_services(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public_service::Entity::find()
        .select_only()
        .column(public_service::Column::Id)
        .filter(public_service::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

async fn existing_reports(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(report::Entity::find()
        .select_only()
        .column(report::Column::Id)
        .filter(report::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

async fn submitted_requests(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public_requests()
        .select_only()
        .column(info_request::Column::Id)
        .filter(info_request::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

async fn existing_discussions(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(discussion::Entity::find()
        .select_only()
        .column(discussion::Column::Id)
        .filter(discussion::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// A campaign is its team's own while a draft; public from activation on.
fn public_campaigns() -> sea_orm::Select<entity::campaign::Entity> {
    use crate::domain::campaigns::CampaignState;
    entity::campaign::Entity::find().filter(entity::campaign::Column::State.ne(CampaignState::Draft.as_str()))
}

async fn campaign_stats(db: &DatabaseConnection) -> AppResult<Stats> {
    let records = public_campaigns().count(db).await?;
    let newest = public_campaigns().order_by_desc(entity::campaign::Column::UpdatedAt).one(db).await?;
    Ok(Stats { records, updated_at: newest.map(|c| c.updated_at) })
}

async fn public_campaigns_among(db: &DatabaseConnection, ids: Vec<i64>) -> AppResult<Vec<i64>> {
    Ok(public_campaigns()
        .select_only()
        .column(entity::campaign::Column::Id)
        .filter(entity::campaign::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// Each dataset with its figures, in catalog order.
#[tracing::instrument(skip_all)]
pub async fn stats(db: &DatabaseConnection) -> AppResult<Vec<(&'static Dataset, Stats)>> {
    let mut out = Vec::with_capacity(DATASETS.len());
    for d in DATASETS {
        out.push((d, (d.stats)(db).await?));
    }
    Ok(out)
}
