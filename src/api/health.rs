//! Liveness and readiness for load balancers and orchestrators.
use poem::{IntoResponse, handler, http::StatusCode, web::Data, web::Json};
use serde_json::json;

use crate::state::AppState;

/// The process is up and serving.
#[handler]
pub fn healthz() -> impl IntoResponse {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// The process can do its work: the database answers (else 503), and the search engine answers
/// (else `degraded`: writes still succeed, search waits for the engine).
#[handler]
pub async fn readyz(state: Data<&AppState>) -> impl IntoResponse {
    let search = match state.search.health().await {
        Ok(()) => "ok",
        Err(e) => {
            tracing::warn!(error = %e, "readiness: search engine unavailable");
            "unavailable"
        }
    };
    let pending = crate::service::outbox::pending(&state.db).await.ok();
    match state.db.ping().await {
        Ok(()) => Json(json!({
            "status": if search == "ok" { "ok" } else { "degraded" },
            "checks": {"database": "ok", "search": search, "search_engine": state.search.engine(), "search_backlog": pending},
        }))
        .with_status(StatusCode::OK),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            Json(json!({"status": "unavailable", "checks": {"database": "unreachable", "search": search}}))
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}
