//! Black-box tests over HTTP, each on SQLite and (when configured) on PostgreSQL.
mod helpers;

mod accounts;
mod audit;
mod errors;
mod health;
mod migrations;
mod openapi;
mod organizations;
mod tokens;
