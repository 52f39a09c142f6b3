//! Rate limits on `/api/v1` (the health endpoints, the spec and the docs are outside it): a client
//! with a live bearer token is counted per token (`BAQYLAU_RATE_KEY_PER_MIN`), any other client per
//! address (`BAQYLAU_RATE_ANON_PER_MIN`; behind a proxy, from `BAQYLAU_CLIENT_IP_HEADER`). A token
//! that is unknown, revoked or expired counts as anonymous, so inventing tokens buys nothing.
//!
//! Every answer carries the IETF draft headers: `RateLimit-Limit` (requests a minute),
//! `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the allowance is whole again; on a
//! `429`, until the next request is allowed) and `RateLimit-Policy`. Over the limit the answer is
//! `429 rate_limited` with `Retry-After`.
//!
//! The limiter is `governor`'s GCRA keyed by client, run on the app's clock, so tests with a fixed
//! clock decide exactly when the allowance refills. It lives in the process: behind several
//! instances each one counts on its own.
use std::{num::NonZeroU32, sync::Arc, time::Duration};

use governor::{
    Quota, RateLimiter,
    clock::{Clock as GovernorClock, Reference},
    middleware::StateInformationMiddleware,
    nanos::Nanos,
    state::keyed::DefaultKeyedStateStore,
};
use poem::{
    Endpoint, IntoResponse, Middleware, Request, Response,
    http::{HeaderMap, HeaderValue, header},
};
use sea_orm::DatabaseConnection;

use crate::{
    clock::Clock,
    config::Config,
    error::{AppError, Code},
    service::auth,
};

/// Headers a middleware attached to an error; the edge copies them onto the problem response.
#[derive(Clone, Debug, Default)]
pub struct ErrorHeaders(pub HeaderMap);

/// The app's clock as governor's: nanoseconds since the Unix epoch.
#[derive(Clone)]
pub struct AppClock(pub Arc<dyn Clock>);

impl GovernorClock for AppClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(self.0.now().timestamp_nanos_opt().unwrap_or(0).max(0) as u64)
    }
}

type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, AppClock, StateInformationMiddleware>;

struct Tier {
    per_min: u32,
    limiter: Limiter,
}

impl Tier {
    fn new(per_min: u32, clock: &AppClock) -> Option<Tier> {
        let n = NonZeroU32::new(per_min)?;
        let limiter = Limiter::new(Quota::per_minute(n), DefaultKeyedStateStore::default(), clock.clone());
        Some(Tier { per_min, limiter })
    }
}

pub struct Limits {
    anon: Option<Tier>,
    key: Option<Tier>,
    clock: AppClock,
    db: DatabaseConnection,
    ip_header: Option<String>,
}

/// The middleware; build one per endpoint with the app's config, clock and database.
pub struct RateLimit(Arc<Limits>);

impl RateLimit {
    pub fn new(config: &Config, clock: Arc<dyn Clock>, db: DatabaseConnection) -> Self {
        let clock = AppClock(clock);
        Self(Arc::new(Limits {
            anon: Tier::new(config.rate_anon_per_min, &clock),
            key: Tier::new(config.rate_key_per_min, &clock),
            clock,
            db,
            ip_header: config.client_ip_header.clone(),
        }))
    }
}

impl<E: Endpoint> Middleware<E> for RateLimit {
    type Output = RateLimitEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        RateLimitEndpoint { ep, limits: self.0.clone() }
    }
}

pub struct RateLimitEndpoint<E> {
    ep: E,
    limits: Arc<Limits>,
}

impl Limits {
    /// The tier and key this request counts against; `None` when that tier is switched off.
    async fn classify(&self, req: &Request) -> Option<(&Tier, String)> {
        let bearer = req
            .header(header::AUTHORIZATION)
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(secret) = bearer
            && let Some(token_id) = auth::live_token_id(&self.db, secret, self.clock.0.now()).await
        {
            return self.key.as_ref().map(|t| (t, format!("token:{token_id}")));
        }
        self.anon.as_ref().map(|t| (t, format!("addr:{}", super::client::client_ip(req, self.ip_header.as_deref()))))
    }
}

fn headers(limit: u32, remaining: u32, reset_secs: u64) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("ratelimit-limit", HeaderValue::from(limit));
    h.insert("ratelimit-remaining", HeaderValue::from(remaining));
    h.insert("ratelimit-reset", HeaderValue::from(reset_secs));
    if let Ok(v) = HeaderValue::from_str(&format!("{limit};w=60")) {
        h.insert("ratelimit-policy", v);
    }
    h
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl<E: Endpoint> Endpoint for RateLimitEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let Some((tier, key)) = self.limits.classify(&req).await else {
            return self.ep.call(req).await.map(IntoResponse::into_response);
        };
        let outcome = tier.limiter.check_key(&key);
        // The limiter keeps a cell per client; forget the ones whose allowance is whole again.
        if tier.limiter.len() > 10_000 {
            tier.limiter.retain_recent();
        }
        match outcome {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = tier.per_min.saturating_sub(remaining);
                let reset = ceil_secs(snapshot.quota().replenish_interval() * used);
                let extra = headers(tier.per_min, remaining, reset);
                match self.ep.call(req).await {
                    Ok(r) => {
                        let mut resp = r.into_response();
                        resp.headers_mut().extend(extra);
                        Ok(resp)
                    }
                    Err(mut e) => {
                        e.set_data(ErrorHeaders(extra));
                        Err(e)
                    }
                }
            }
            Err(not_until) => {
                let now = self.limits.clock.now();
                let wait = ceil_secs(not_until.earliest_possible().duration_since(now).into()).max(1);
                let mut e: poem::Error = AppError::new(Code::RateLimited)
                    .arg("limit", tier.per_min)
                    .arg("seconds", wait)
                    .retry_after(wait)
                    .into();
                e.set_data(ErrorHeaders(headers(tier.per_min, 0, wait)));
                Err(e)
            }
        }
    }
}
