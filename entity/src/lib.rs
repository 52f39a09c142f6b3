//! sea-orm entities: table shapes only. Rules live in `baqylau::domain`, use cases in `baqylau::service`.
pub mod account;
pub mod agency;
pub mod audit_log;
pub mod invitation;
pub mod membership;
pub mod organization;
pub mod outbox;
pub mod public_service;
pub mod region;
pub mod report;
pub mod report_revision;
pub mod service_provider;
pub mod token;
