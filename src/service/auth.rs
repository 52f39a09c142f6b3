//! Passwords (argon2id), bearer tokens (256 random bits, stored only as a SHA-256 hash), sign-in
//! with throttling of failed attempts per client address and per account ([`LoginGuard`]).
use std::{
    collections::{HashMap, HashSet},
    num::NonZeroU32,
    sync::Mutex,
    time::{Duration, Instant},
};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use chrono::{DateTime, Utc};
use entity::{account, token};
use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock as _, DefaultClock},
};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Caller, Checks, Ctx, audit};
use crate::{
    domain::accounts::{Email, Scope, TokenKind, bounded_text},
    error::{AppError, AppResult, Code, FieldError},
};

#[tracing::instrument(skip_all)]
pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal(anyhow::anyhow!("argon2: {e}")))
    })
    .await
    .map_err(AppError::internal)?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody has, verified when the e-mail is unknown so that the answer takes
/// as long as for a known account and does not reveal which e-mails are registered.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(b"not a password of anyone", &salt).map(|h| h.to_string()).unwrap_or_default()
});

fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new bearer secret and its hash. Only the hash is stored; the secret is shown once.
fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("bq_{}", hex::encode(bytes));
    let hash = token_hash(&secret);
    (secret, hash)
}

fn scopes_to_string(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

#[tracing::instrument(skip_all)]
pub fn scopes_of(t: &token::Model) -> Vec<Scope> {
    t.scopes.split_whitespace().filter_map(Scope::parse).collect()
}

/// Throttles failed sign-ins without letting a stranger lock the owner out (OWASP Authentication
/// Cheat Sheet): failures pause the address they come from (across accounts) and the pair of
/// account and address quickly; an account attacked from many addresses is paused by a slower,
/// higher limit with exponential back-off, and that pause holds only for addresses that have
/// failed on it, so the owner's right password from an address without failures still passes.
/// Kept in the process: behind several instances each one throttles on its own, which still
/// bounds guessing by a fixed factor.
pub struct LoginGuard {
    limiter: DefaultKeyedRateLimiter<String>,
    blocked: Mutex<HashMap<String, Instant>>,
    accounts: Mutex<HashMap<String, AccountWatch>>,
    /// Failures on one account from all addresses within `window` before it is paused.
    account_max: u32,
    window: Duration,
}

/// How many times the per-account limit is higher than the per-address one.
const ACCOUNT_FACTOR: u32 = 4;
/// The longest pause of an account under attack, however often it has been paused.
const MAX_ACCOUNT_PAUSE: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Default)]
struct AccountWatch {
    failures: u32,
    since: Option<Instant>,
    /// How many times the account has been paused: each pause is twice the last.
    strikes: u32,
    until: Option<Instant>,
    /// The addresses that failed on this account: only they wait out its pause.
    failed_from: HashSet<String>,
}

impl LoginGuard {
    #[tracing::instrument(skip_all)]
    pub fn new(max_failures: u32, window_secs: u64) -> Self {
        let max = NonZeroU32::new(max_failures.max(1)).unwrap_or(NonZeroU32::MIN);
        let period =
            Duration::from_millis((window_secs.max(1) * 1000) / u64::from(max.get())).max(Duration::from_millis(1));
        let quota = Quota::with_period(period).unwrap_or_else(|| Quota::per_second(max)).allow_burst(max);
        Self {
            limiter: DefaultKeyedRateLimiter::keyed(quota),
            blocked: Mutex::new(HashMap::new()),
            accounts: Mutex::new(HashMap::new()),
            account_max: max.get().saturating_mul(ACCOUNT_FACTOR),
            window: Duration::from_secs(window_secs.max(1)),
        }
    }

    fn keys(account: &str, addr: &str) -> [String; 2] {
        [format!("addr:{addr}"), format!("pair:{account}|{addr}")]
    }

    /// Seconds to wait before `addr` may try `account` again, if it must.
    fn paused(&self, account: &str, addr: &str) -> Option<u64> {
        let now = Instant::now();
        let blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        let fast = Self::keys(account, addr).iter().filter_map(|k| blocked.get(k)).filter(|u| **u > now).max().copied();
        drop(blocked);
        let accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        let slow =
            accounts.get(account).filter(|w| w.failed_from.contains(addr)).and_then(|w| w.until).filter(|u| *u > now);
        fast.max(slow).map(|until| until.duration_since(now).as_secs().max(1))
    }

    /// Count a failure of `addr` on `account`; seconds to wait when that used up an allowance.
    fn fail(&self, account: &str, addr: &str) -> Option<u64> {
        let clock = DefaultClock::default();
        let now = Instant::now();
        let mut wait: Option<Duration> = None;
        for k in Self::keys(account, addr) {
            if let Err(not_until) = self.limiter.check_key(&k) {
                let w = not_until.wait_time_from(clock.now());
                let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
                if blocked.len() > 100_000 {
                    blocked.retain(|_, until| *until > now);
                }
                blocked.insert(k, now + w);
                wait = Some(wait.map_or(w, |x| x.max(w)));
            }
        }
        self.limiter.retain_recent();
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        if accounts.len() > 100_000 {
            accounts.retain(|_, w| w.until.is_some_and(|u| u > now) || w.since.is_some_and(|s| now - s < self.window));
        }
        let w = accounts.entry(account.to_string()).or_default();
        if w.since.is_none_or(|s| now.duration_since(s) > self.window) {
            w.failures = 0;
            w.since = Some(now);
            if w.until.is_none_or(|u| u <= now) {
                w.failed_from.clear();
            }
        }
        w.failures += 1;
        if w.failed_from.len() < 10_000 {
            w.failed_from.insert(addr.to_string());
        }
        if w.failures >= self.account_max {
            w.strikes = w.strikes.saturating_add(1);
            let pause = self.window.saturating_mul(1 << (w.strikes - 1).min(16)).min(MAX_ACCOUNT_PAUSE);
            w.until = Some(now + pause);
            w.failures = 0;
            w.since = Some(now);
            if w.failed_from.contains(addr) {
                wait = Some(wait.map_or(pause, |x| x.max(pause)));
            }
        }
        wait.map(|w| w.as_secs().max(1))
    }
}

pub struct IssuedToken {
    pub secret: String,
    pub token: token::Model,
}

async fn issue(
    conn: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    account_id: i64,
    kind: TokenKind,
    name: String,
    scopes: &[Scope],
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<IssuedToken> {
    let (secret, hash) = new_secret();
    let token = token::ActiveModel {
        account_id: Set(account_id),
        kind: Set(kind.as_str().to_string()),
        name: Set(name),
        token_hash: Set(hash),
        scopes: Set(scopes_to_string(scopes)),
        expires_at: Set(expires_at),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::record(
        conn,
        ctx,
        audit::Entry {
            actor: Some(account_id),
            action: "token.create",
            entity_type: "token",
            entity_id: token.id.to_string(),
            before: None,
            after: Some(token_audit(&token)),
        },
    )
    .await?;
    Ok(IssuedToken { secret, token })
}

/// What the audit log keeps of a token: never its hash.
fn token_audit(t: &token::Model) -> serde_json::Value {
    json!({"id": t.id, "account_id": t.account_id, "kind": t.kind, "name": t.name, "scopes": t.scopes,
           "expires_at": t.expires_at, "revoked_at": t.revoked_at})
}

#[tracing::instrument(skip_all)]
pub async fn login(
    ctx: &Ctx,
    guard: &LoginGuard,
    email: &str,
    password: String,
    client_addr: &str,
) -> AppResult<IssuedToken> {
    let normalized =
        Email::parse(email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| email.trim().to_lowercase());
    if let Some(secs) = guard.paused(&normalized, client_addr) {
        return Err(AppError::new(Code::TooManyLoginAttempts).arg("seconds", secs).retry_after(secs));
    }
    let found = account::Entity::find().filter(account::Column::Email.eq(&normalized)).one(&ctx.db).await?;
    let ok = match &found {
        Some(a) => verify_password(password, a.password_hash.clone()).await,
        None => {
            verify_password(password, DUMMY_HASH.clone()).await;
            false
        }
    };
    let account = match (ok, found) {
        (true, Some(a)) => a,
        _ => {
            tracing::info!(client_addr, "failed sign-in");
            return Err(match guard.fail(&normalized, client_addr) {
                Some(secs) => AppError::new(Code::TooManyLoginAttempts).arg("seconds", secs).retry_after(secs),
                None => AppError::new(Code::InvalidCredentials),
            });
        }
    };
    let txn = super::begin(&ctx.db).await?;
    let expires = ctx.now + chrono::Duration::days(ctx.config.session_days);
    let issued = issue(&txn, ctx, account.id, TokenKind::Session, "sign-in".into(), Scope::ALL, Some(expires)).await?;
    txn.commit().await?;
    Ok(issued)
}

/// The caller behind a bearer secret, if it is live and carries `scope`.
#[tracing::instrument(skip_all)]
pub async fn authenticate(ctx: &Ctx, secret: &str, scope: Scope) -> AppResult<Caller> {
    let t = live_token(&ctx.db, secret, ctx.now).await?;
    let scopes = scopes_of(&t);
    let account = account::Entity::find_by_id(t.account_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::new(Code::InvalidToken))?;
    let caller = Caller { account, token_id: t.id, scopes };
    caller.require_scope(scope)?;
    // Record use at most every few minutes: a write per request would cost more than it tells.
    if t.last_used_at.is_none_or(|u| ctx.now - u > chrono::Duration::minutes(5)) {
        let mut am = t.into_active_model();
        am.last_used_at = Set(Some(ctx.now));
        am.update(&ctx.db).await?;
    }
    Ok(caller)
}

/// The token behind a secret, when it is neither unknown, revoked nor expired at `now`: the one
/// place that decides whether a token is alive.
async fn live_token(db: &impl ConnectionTrait, secret: &str, now: DateTime<Utc>) -> AppResult<token::Model> {
    let t = token::Entity::find()
        .filter(token::Column::TokenHash.eq(token_hash(secret.trim())))
        .one(db)
        .await?
        .ok_or_else(|| AppError::new(Code::InvalidToken))?;
    if t.revoked_at.is_some() {
        return Err(AppError::new(Code::TokenRevoked));
    }
    if let Some(exp) = t.expires_at
        && exp <= now
    {
        return Err(AppError::new(Code::TokenExpired).arg("expired_at", exp.to_rfc3339()));
    }
    Ok(t)
}

/// The id of a live token, for counting requests against it (rate limits), without signing in:
/// no scope check and no `last_used_at` write. A dead or unknown token, or a database that does
/// not answer, is no token.
#[tracing::instrument(skip_all)]
pub async fn live_token_id(db: &DatabaseConnection, secret: &str, now: DateTime<Utc>) -> Option<i64> {
    live_token(db, secret, now).await.ok().map(|t| t.id)
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn logout(ctx: &Ctx, caller: &Caller) -> AppResult<()> {
    revoke(ctx, caller, caller.token_id).await
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn list_tokens(ctx: &Ctx, caller: &Caller) -> AppResult<Vec<token::Model>> {
    Ok(token::Entity::find()
        .filter(token::Column::AccountId.eq(caller.id()))
        .order_by_desc(token::Column::Id)
        .all(&ctx.db)
        .await?)
}

pub const API_TOKEN_MAX_DAYS: i64 = 730;

pub struct NewApiToken {
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_in_days: Option<i64>,
}

#[tracing::instrument(skip_all, fields(account = caller.id()))]
pub async fn create_api_token(ctx: &Ctx, caller: &Caller, input: NewApiToken) -> AppResult<IssuedToken> {
    caller.require_scope(Scope::Write)?;
    let mut checks = Checks::default();
    let name = checks.take(bounded_text("/name", &input.name, 1, 120));
    let mut scopes = Vec::new();
    if input.scopes.is_empty() {
        checks.push(FieldError::new("/scopes", "required"));
    }
    for (i, s) in input.scopes.iter().enumerate() {
        match Scope::parse(s) {
            Some(sc) if !scopes.contains(&sc) => scopes.push(sc),
            Some(_) => {}
            None => checks.push(FieldError::new(format!("/scopes/{i}"), "invalid_scope").arg("value", s)),
        }
    }
    let days = input.expires_in_days.unwrap_or(90);
    if !(1..=API_TOKEN_MAX_DAYS).contains(&days) {
        checks.push(FieldError::new("/expires_in_days", "out_of_range").arg("min", 1).arg("max", API_TOKEN_MAX_DAYS));
    }
    checks.finish()?;
    let name = name.unwrap_or_default();
    let txn = super::begin(&ctx.db).await?;
    let issued =
        issue(&txn, ctx, caller.id(), TokenKind::Api, name, &scopes, Some(ctx.now + chrono::Duration::days(days)))
            .await?;
    txn.commit().await?;
    Ok(issued)
}

/// Revoke one of the caller's own tokens. Someone else's token is "not found", not "forbidden":
/// the answer must not confirm that the id exists.
#[tracing::instrument(skip_all, fields(account = caller.id(), token = token_id))]
pub async fn revoke(ctx: &Ctx, caller: &Caller, token_id: i64) -> AppResult<()> {
    let txn = super::begin(&ctx.db).await?;
    let t = token::Entity::find_by_id(token_id)
        .filter(token::Column::AccountId.eq(caller.id()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("token", token_id))?;
    if t.revoked_at.is_some() {
        return Ok(());
    }
    let before = token_audit(&t);
    let mut am = t.into_active_model();
    am.revoked_at = Set(Some(ctx.now));
    let t = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        audit::Entry {
            actor: Some(caller.id()),
            action: "token.revoke",
            entity_type: "token",
            entity_id: t.id.to_string(),
            before: Some(before),
            after: Some(token_audit(&t)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A random password for an account created on the command line: 24 URL-safe characters.
#[tracing::instrument(skip_all)]
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..24).map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char).collect()
}
