//! Secrets the portal makes for itself: created once by whichever instance comes first, then read
//! by all, so no instance assumes it is the only one.
use entity::site_secret;
use sea_orm::{DatabaseConnection, EntityTrait, Set, sea_query::OnConflict};

use crate::error::{AppError, AppResult};

/// The key that seals the web forms' CSRF tokens.
pub const FORM_KEY: &str = "form_key";

/// The 32-byte secret `name`, made now when no instance has made it yet.
#[tracing::instrument(skip_all)]
pub async fn key(db: &DatabaseConnection, name: &str, now: chrono::DateTime<chrono::Utc>) -> AppResult<[u8; 32]> {
    let fresh: [u8; 32] = rand::random();
    // Two instances starting together both try; the first insert wins and both read the winner.
    site_secret::Entity::insert(site_secret::ActiveModel {
        name: Set(name.to_string()),
        value: Set(hex::encode(fresh)),
        created_at: Set(now),
    })
    .on_conflict(OnConflict::column(site_secret::Column::Name).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    let stored = site_secret::Entity::find_by_id(name.to_string())
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("secret {name} vanished after it was stored")))?;
    hex::decode(&stored.value)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("secret {name} is not 32 bytes of hex")))
}
