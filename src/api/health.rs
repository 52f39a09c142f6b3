//! Liveness and readiness for load balancers and orchestrators.
use poem::{IntoResponse, handler, http::StatusCode, web::Data, web::Json};
use serde_json::json;

use crate::AppState;

/// The process is up and serving.
#[handler]
pub fn healthz() -> impl IntoResponse {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// The process can do its work: the database answers.
#[handler]
pub async fn readyz(state: Data<&AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => Json(json!({"status": "ok", "checks": {"database": "ok"}})).with_status(StatusCode::OK),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            Json(json!({"status": "unavailable", "checks": {"database": "unreachable"}}))
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// Where to go from the root.
#[handler]
pub fn index() -> impl IntoResponse {
    Json(json!({
        "name": "Baqylau",
        "api": "/api/v1",
        "openapi": "/api/v1/openapi.json",
        "docs": "/docs",
        "health": "/healthz",
    }))
}
