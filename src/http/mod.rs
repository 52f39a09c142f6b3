//! What the API and the pages share on the way in and out: the request id and access log with the
//! conversion of every error (`edge`), CORS, rate limits, HTTP caching, the client's address, and
//! the use-case context of a request. It imports `state` and `service`, never `api` or `web`.
pub mod cache;
pub mod client;
pub mod controls;
pub mod cors;
pub mod edge;
pub mod headers;
pub mod rate_limit;

use poem::Request;

use crate::{service::Ctx, state::AppState};

/// Where the API is mounted; the pages link to its exports under it.
pub const API_PREFIX: &str = "/api/v1";

/// The use-case context of a request, carrying its request id into the service's log lines.
pub fn ctx(state: &AppState, req: &Request) -> Ctx {
    state.ctx(req.data::<edge::RequestId>().map(|r| r.0.clone()))
}
