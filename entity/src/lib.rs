//! sea-orm entities: table shapes only. Rules live in `baqylau::domain`, use cases in `baqylau::service`.
pub mod account;
pub mod agency;
pub mod audit_log;
pub mod info_request;
pub mod invitation;
pub mod membership;
pub mod organization;
pub mod outbox;
pub mod public_service;
pub mod region;
pub mod report;
pub mod report_revision;
pub mod request_check;
pub mod request_event;
pub mod service_provider;
pub mod token;
