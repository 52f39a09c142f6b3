//! The law's rules as plain Rust: no I/O, no sea-orm, no poem. Each rule cites its source.
pub mod accounts;
pub mod calendar;
pub mod campaigns;
pub mod conclusions;
pub mod directory;
pub mod discussions;
pub mod evidence;
pub mod identity;
pub mod moderation;
pub mod observations;
pub mod reports;
pub mod requests;
pub mod surveys;
pub mod text;
pub mod violations;
pub mod webhooks;
