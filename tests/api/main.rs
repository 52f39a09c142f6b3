//! Black-box tests over HTTP, each on SQLite and (when configured) on PostgreSQL.
mod browser;
mod helpers;

mod accounts;
mod agencies;
mod audit;
mod calendar;
mod campaigns;
mod conclusions;
mod datasets;
mod discussions;
mod errors;
mod health;
mod migrations;
mod open_data;
mod openapi;
mod organizations;
mod outbox;
mod registry;
mod reports;
mod requests;
mod roles;
mod search;
mod seed;
mod tokens;
mod web;
mod web_people;
