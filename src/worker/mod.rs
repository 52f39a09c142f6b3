//! Background work of a `serve` process, beside the requests: the search worker (outbox rows to
//! the search index, compaction) and the webhook deliverer. Each takes what it needs (database,
//! search index, clock, configuration), never the HTTP state, and claims its rows with a lease so
//! that several instances can run side by side.
pub mod outbox;
pub mod webhooks;
