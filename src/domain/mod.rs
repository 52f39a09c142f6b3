//! The law's rules as plain Rust: no I/O, no sea-orm, no poem. Each rule cites its source.
pub mod accounts;
pub mod identity;
