//! An evidence file as a page reader downloads it: the same `service::evidence::file` as the API's
//! download, with the page's session as the reader, so a campaign's team opens the files of a draft
//! campaign from the pages (the API reads only bearer tokens) and the public only what it may see.
use poem::{
    IntoResponse, Response, handler,
    http::{StatusCode, header},
    web::Path,
};

use crate::{error::AppResult, service::evidence, web::session::Page};

/// The pages' address of an evidence file.
pub fn href(campaign_id: i64, e: &entity::evidence::Model) -> String {
    format!("/campaigns/{campaign_id}/observations/{}/evidence/{}", e.observation_id, e.id)
}

#[handler]
pub async fn file(p: Page, Path((campaign_id, oid, eid)): Path<(i64, i64, i64)>) -> AppResult<Response> {
    let (e, f) = evidence::file(&p.ctx()?, p.viewer.as_ref(), campaign_id, oid, eid).await?;
    let ext = crate::domain::evidence::extension_of(&e.content_type);
    Ok(poem::Body::from_async_read(f)
        .into_response()
        .with_status(StatusCode::OK)
        .with_header(header::CONTENT_TYPE, e.content_type.clone())
        .with_header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"evidence-{}.{ext}\"", e.id))
        .with_header("x-content-type-options", "nosniff")
        .into_response())
}
