//! HTTP only: decode, authenticate, call a service, encode. No rule of the law lives here.
pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod auth;
pub mod body;
pub mod calendar;
pub mod campaigns;
pub mod catalog;
pub mod conclusions;
pub mod cors;
pub mod discussions;
pub mod edge;
pub mod events;
pub mod examples;
pub mod exports;
pub mod health;
pub mod http_cache;
pub mod ndjson;
pub mod notifications;
pub mod organizations;
pub mod problems;
pub mod public_services;
pub mod rate_limit;
pub mod reports;
pub mod requests;
pub mod search;
pub mod spec;
pub mod statistics;
pub mod uploads;
pub mod views;
pub mod webhooks;

use poem::Request;
use poem_openapi::{OpenApiService, SecurityScheme, Tags, auth::Bearer};

use crate::{
    AppState,
    domain::accounts::Scope,
    error::AppResult,
    service::{Caller, Ctx, auth as auth_service},
};

pub const API_PREFIX: &str = "/api/v1";

#[derive(Tags)]
pub enum ApiTags {
    /// Registering, one's own profile, and accounts as administrators see them.
    Accounts,
    /// Signing in and out, and bearer tokens for people and third-party apps.
    Auth,
    /// NGOs, their members and invitations.
    Organizations,
    /// Agencies, their hierarchy and regions, and the registry of public services (Law Art. 12).
    Directory,
    /// Kazakhstan's working-day calendar and deadlines counted on it.
    Calendar,
    /// Agencies' annual reports on their public services (Law Art. 23 p.5).
    Reports,
    /// Full-text search over the public documents.
    Search,
    /// Information requests to agencies (Law Art. 29 p.2).
    Requests,
    /// Public monitoring campaigns: observations, evidence, questionnaires, survey responses and
    /// their statistics (Law Art. 29 p.1).
    Monitoring,
    /// Open statistics of public monitoring across campaigns.
    Statistics,
    /// Public discussions of draft acts and annual reports (Law Art. 15, Art. 23 p.6).
    Discussions,
    /// Who changed what and when (administrators).
    Audit,
    /// The catalogue of error codes this API answers with.
    Problems,
    /// Open data: the dataset catalog, bulk exports (CSV, NDJSON), the change feed and webhooks.
    OpenData,
    /// Conclusions of public monitoring with their four parts, and the agencies' measures on them
    /// (Law Art. 29 p.3-4).
    Conclusions,
}

/// `Authorization: Bearer <token>`: a sign-in token from `POST /auth/login`, or an API token.
#[derive(SecurityScheme)]
#[oai(ty = "bearer")]
pub struct BearerAuth(pub Bearer);

/// A bearer token where one is optional: reads of public data need none, but a team sees its own
/// drafts with one.
#[derive(SecurityScheme)]
pub enum MaybeAuth {
    Bearer(BearerAuth),
    #[oai(fallback)]
    Anonymous,
}

impl AppState {
    /// The context and, when a token came, the caller behind it (a bad token is still refused).
    pub async fn maybe_caller(&self, req: &Request, auth: &MaybeAuth) -> AppResult<(Ctx, Option<Caller>)> {
        let ctx = self.ctx(req);
        match auth {
            MaybeAuth::Bearer(b) => {
                let caller = auth_service::authenticate(&ctx, &b.0.token, Scope::Read).await?;
                Ok((ctx, Some(caller)))
            }
            MaybeAuth::Anonymous => Ok((ctx, None)),
        }
    }

    pub fn ctx(&self, req: &Request) -> Ctx {
        Ctx {
            db: self.db.clone(),
            now: self.clock.now(),
            request_id: req.data::<edge::RequestId>().map(|r| r.0.clone()),
            config: self.config.clone(),
        }
    }

    /// The context and the signed-in caller, refusing unless the token carries `scope`.
    pub async fn caller(&self, req: &Request, auth: &BearerAuth, scope: Scope) -> AppResult<(Ctx, Caller)> {
        let ctx = self.ctx(req);
        let caller = auth_service::authenticate(&ctx, &auth.0.token, scope).await?;
        Ok((ctx, caller))
    }
}

/// Every API group. Tuples have `Default` up to twelve members, so the groups nest: one tuple for
/// accounts and the directory, one for the mission's records, one for the rest.
pub type Apis = (
    (
        accounts::AccountsApi,
        auth::AuthApi,
        organizations::OrganizationsApi,
        agencies::AgenciesApi,
        public_services::PublicServicesApi,
        calendar::CalendarApi,
        notifications::NotificationsApi,
    ),
    (
        reports::ReportsApi,
        search::SearchApi,
        requests::RequestsApi,
        discussions::DiscussionsApi,
        (campaigns::CampaignsApi, campaigns::CampaignExportsApi),
        statistics::StatisticsApi,
        conclusions::ConclusionsApi,
    ),
    (
        audit::AuditApi,
        problems::ProblemsApi,
        catalog::CatalogApi,
        events::EventsApi,
        webhooks::WebhooksApi,
        exports::ExportsApi,
    ),
);

pub fn service() -> OpenApiService<Apis, ()> {
    OpenApiService::new(Apis::default(), "Baqylau", env!("CARGO_PKG_VERSION"))
        .description(
            "Open API of Baqylau, the portal for public monitoring of public services in Kazakhstan \
         (Law \"On public services\" No. 88-V, Art. 29). Reads of public data need no token; writes \
         need `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents with a stable \
         `code`, in Kazakh, Russian or English by `Accept-Language`. Open data: `GET /catalog`, CSV and \
         NDJSON exports under each collection, the change feed `GET /events` and `/webhooks`; reads \
         carry `ETag` (send `If-None-Match` for a `304`), any origin may call (CORS, no cookies), and \
         every answer carries `RateLimit-*` headers (`429 rate_limited` with `Retry-After` over the \
         limit).",
        )
        .license(poem_openapi::LicenseObject::new("AGPL-3.0-or-later"))
        .server(API_PREFIX)
}

impl AppState {
    /// The context of a command-line action: no request, no request id.
    pub fn cli_ctx(&self) -> Ctx {
        Ctx { db: self.db.clone(), now: self.clock.now(), request_id: None, config: self.config.clone() }
    }
}
