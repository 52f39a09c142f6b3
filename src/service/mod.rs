//! Use cases. Each command checks who may do it, applies `domain` rules and writes its rows and
//! their audit entry in one transaction. Functions take a `Ctx` and a `Caller`, never HTTP types.
pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod catalog;
pub mod conclusions;
pub mod discussions;
pub mod events;
pub mod evidence;
pub mod exports;
pub mod notifications;
pub mod observations;
pub mod organizations;
pub mod outbox;
pub mod overview;
pub mod pagination;
pub mod public_services;
pub mod reports;
pub mod requests;
pub mod search;
pub mod search_docs;
pub mod secrets;
pub mod seed;
pub mod statistics;
pub mod surveys;
pub mod uploads;
pub mod webhooks;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::{
    domain::accounts::{Role, Scope},
    error::{AppError, AppResult, Code},
};

/// The transaction of every command. On SQLite it takes the write lock at `BEGIN` (IMMEDIATE): a
/// deferred transaction that has read before another connection committed cannot become a writer
/// and fails at once, where an immediate one waits its turn. PostgreSQL ignores the mode.
pub async fn begin(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// What a use case needs from the request that runs it.
#[derive(Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub now: DateTime<Utc>,
    pub request_id: Option<String>,
    pub config: std::sync::Arc<crate::config::Config>,
}

impl Ctx {
    /// The one way to make a context: the time is read once from the clock, so every rule of one
    /// use case sees the same "now".
    pub fn new(
        db: DatabaseConnection,
        clock: &dyn crate::clock::Clock,
        config: std::sync::Arc<crate::config::Config>,
        request_id: Option<String>,
    ) -> Ctx {
        Ctx { db, now: clock.now(), request_id, config }
    }
}

/// The signed-in account behind a bearer token.
#[derive(Clone, Debug)]
pub struct Caller {
    pub account: entity::account::Model,
    pub token_id: i64,
    pub scopes: Vec<Scope>,
}

impl Caller {
    pub fn id(&self) -> i64 {
        self.account.id
    }

    pub fn role(&self) -> Role {
        Role::parse(&self.account.role).unwrap_or(Role::Citizen)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Role::Admin
    }

    pub fn require_admin(&self) -> AppResult<()> {
        if self.is_admin() { Ok(()) } else { Err(AppError::forbidden("only portal administrators may do this")) }
    }

    pub fn require_scope(&self, scope: Scope) -> AppResult<()> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(AppError::new(Code::InsufficientScope).arg("scope", scope.as_str()))
        }
    }
}

/// Gather every field problem before refusing, so a client fixes a form in one round trip.
#[derive(Default)]
pub struct Checks(Vec<crate::error::FieldError>);

impl Checks {
    pub fn take<T>(&mut self, r: Result<T, crate::error::FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// Whether a problem is already recorded for this field.
    pub fn has(&self, pointer: &str) -> bool {
        self.0.iter().any(|e| e.pointer == pointer)
    }

    pub fn push(&mut self, e: crate::error::FieldError) {
        self.0.push(e);
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::validation(self.0)) }
    }
}
