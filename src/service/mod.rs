//! Use cases. Each command checks who may do it, applies `domain` rules and writes its rows and
//! their audit entry in one transaction. Functions take a `Ctx` and a `Caller`, never HTTP types.
pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod campaigns;
pub mod catalog;
pub mod conclusions;
pub mod datasets;
pub mod discussions;
pub mod events;
pub mod evidence;
pub mod exports;
pub mod measures;
pub mod moderation;
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
#[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all)]
    pub fn id(&self) -> i64 {
        self.account.id
    }

    #[tracing::instrument(skip_all)]
    pub fn role(&self) -> Role {
        Role::parse(&self.account.role).unwrap_or(Role::Citizen)
    }

    #[tracing::instrument(skip_all)]
    pub fn is_admin(&self) -> bool {
        self.role() == Role::Admin
    }

    /// Whether the caller moderates, and so reads hidden records as their authors do.
    #[tracing::instrument(skip_all)]
    pub fn moderates(&self) -> bool {
        crate::domain::moderation::may_moderate(self.role())
    }

    #[tracing::instrument(skip_all)]
    pub fn require_admin(&self) -> AppResult<()> {
        if self.is_admin() { Ok(()) } else { Err(AppError::forbidden("only portal administrators may do this")) }
    }

    #[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all)]
    pub fn has(&self, pointer: &str) -> bool {
        self.0.iter().any(|e| e.pointer == pointer)
    }

    #[tracing::instrument(skip_all)]
    pub fn push(&mut self, e: crate::error::FieldError) {
        self.0.push(e);
    }

    #[tracing::instrument(skip_all)]
    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::validation(self.0)) }
    }
}

/// A JSON column read back into its type. `null` is the type's empty value; anything else that
/// does not fit is corruption, not an empty value: logged with the row and answered as an internal
/// error, so that a damaged record is noticed instead of shown as blank.
#[tracing::instrument(skip_all, fields(table, row = id))]
pub fn json_column<T: serde::de::DeserializeOwned + Default>(
    table: &'static str,
    id: i64,
    column: &'static str,
    value: &serde_json::Value,
) -> AppResult<T> {
    if value.is_null() {
        return Ok(T::default());
    }
    T::deserialize(value).map_err(|e| {
        tracing::error!(table, id, column, error = %e, "a stored JSON column does not decode");
        AppError::internal(anyhow::anyhow!("{table} {id}: column {column} does not decode: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_column_decodes_null_as_empty_and_refuses_corruption() {
        let ids: Vec<i64> = json_column("t", 1, "c", &serde_json::json!([1, 2])).unwrap();
        assert_eq!(ids, [1, 2]);
        let empty: Vec<i64> = json_column("t", 1, "c", &serde_json::Value::Null).unwrap();
        assert!(empty.is_empty());
        let err = json_column::<Vec<i64>>("t", 1, "c", &serde_json::json!({"not": "a list"})).unwrap_err();
        assert_eq!(err.code, Code::Internal);
    }
}
