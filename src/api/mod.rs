//! HTTP only: decode, authenticate, call a service, encode. No rule of the law lives here.
pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod campaigns;
pub mod catalog;
pub mod comments;
pub mod common;
pub mod conclusions;
pub mod discussions;
pub mod events;
pub mod evidence;
pub mod health;
pub mod measures;
pub mod moderation;
pub mod notifications;
pub mod observations;
pub mod organizations;
pub mod problems;
pub mod public_services;
pub mod reports;
pub mod requests;
pub mod search;
pub mod spec;
pub mod statistics;
pub mod surveys;
pub mod views;
pub mod webhooks;

use poem_openapi::{OpenApiService, Tags};

pub use crate::http::API_PREFIX;

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
    /// Hiding records from public view with a stated reason, and the moderation log.
    Moderation,
}

/// Every API group. Tuples have `Default` up to twelve members, so the groups nest: one tuple for
/// accounts and the directory, one for the mission's records, one for the rest.
pub type Apis = (
    (
        accounts::AccountsApi,
        auth::AuthApi,
        organizations::OrganizationsApi,
        (agencies::AgenciesApi, agencies::export::AgencyExportsApi, agencies::export::RegionExportsApi),
        (public_services::PublicServicesApi, public_services::export::PublicServiceExportsApi),
        calendar::CalendarApi,
        notifications::NotificationsApi,
    ),
    (
        (reports::ReportsApi, reports::export::ReportExportsApi),
        search::SearchApi,
        (requests::RequestsApi, requests::export::RequestExportsApi),
        (
            discussions::DiscussionsApi,
            discussions::export::DiscussionExportsApi,
            discussions::export::NoticeExportsApi,
            comments::CommentsApi,
            comments::export::CommentExportsApi,
        ),
        (
            campaigns::CampaignsApi,
            campaigns::CampaignExportsApi,
            observations::ObservationsApi,
            evidence::EvidenceApi,
            surveys::SurveysApi,
            statistics::CampaignStatisticsApi,
        ),
        statistics::StatisticsApi,
        (
            conclusions::ConclusionsApi,
            conclusions::export::ConclusionExportsApi,
            measures::MeasuresApi,
            measures::export::MeasureExportsApi,
        ),
    ),
    (
        audit::AuditApi,
        problems::ProblemsApi,
        catalog::CatalogApi,
        events::EventsApi,
        webhooks::WebhooksApi,
        moderation::ModerationApi,
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
