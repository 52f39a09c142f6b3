//! One typed configuration, read once at start from the environment, with defaults that make
//! `cargo run --release` work on a fresh machine.
use std::{net::SocketAddr, path::PathBuf};

#[derive(Clone, Debug)]
pub struct Config {
    /// `BAQYLAU_ADDR`: where `serve` listens.
    pub addr: SocketAddr,
    /// `BAQYLAU_DATA_DIR`: SQLite file, uploads and the embedded search index live here.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: PostgreSQL in production; the SQLite file under `data_dir` when unset.
    pub database_url: Option<String>,
    /// `BAQYLAU_CONTENT_DIR`: shipped data loaded by `seed`.
    pub content_dir: PathBuf,
    /// `BAQYLAU_JSON_BODY_LIMIT`: largest JSON request body in bytes.
    pub json_body_limit: usize,
    /// `BAQYLAU_SESSION_DAYS`: lifetime of a login token.
    pub session_days: i64,
    /// `BAQYLAU_LOGIN_MAX_FAILURES` within `BAQYLAU_LOGIN_WINDOW_SECS`, per account and per address.
    pub login_max_failures: u32,
    pub login_window_secs: u64,
    /// `BAQYLAU_LOG_FORMAT`: `json` or `pretty`.
    pub log_json: bool,
    /// `BAQYLAU_SEED_ON_EMPTY`: load `content/` into an empty database at start.
    pub seed_on_empty: bool,
    /// `MEILI_URL`: search with this Meilisearch server; the embedded engine when unset.
    pub meili_url: Option<String>,
    /// `MEILI_KEY`: its API key, if it needs one. Never logged.
    pub meili_key: Option<String>,
    /// `BAQYLAU_MEILI_INDEX`: the index that holds the portal's documents.
    pub meili_index: String,
    /// `BAQYLAU_BULK_BODY_LIMIT`: largest NDJSON import body in bytes.
    pub bulk_body_limit: usize,
    /// The deadline rule new information requests are filed under: `BAQYLAU_REQUEST_DEADLINE_UNIT`
    /// (`calendar_days` or `working_days`), `BAQYLAU_REQUEST_DEADLINE_DAYS`,
    /// `BAQYLAU_REQUEST_EXTENSION_DAYS`. Default: Law "On access to information" Art. 11.
    pub request_deadline: crate::domain::requests::DeadlineRule,
    /// `BAQYLAU_DISCUSSION_MIN_WORKING_DAYS`: the shortest discussion of a draft act (Law Art. 15).
    pub discussion_min_working_days: u32,
    /// `BAQYLAU_UPLOAD_DIR`: where evidence files are kept; `<data_dir>/uploads` when unset.
    pub upload_dir: PathBuf,
    /// `BAQYLAU_UPLOAD_MAX_BYTES`: the largest evidence file, in bytes.
    pub upload_max_bytes: usize,
    /// `BAQYLAU_RATE_ANON_PER_MIN`: requests a minute to `/api/v1` per client address without a
    /// valid token; `0` switches the limit off.
    pub rate_anon_per_min: u32,
    /// `BAQYLAU_RATE_KEY_PER_MIN`: requests a minute per valid bearer token; `0` switches it off.
    pub rate_key_per_min: u32,
    /// `BAQYLAU_CLIENT_IP_HEADER`: behind a proxy, the header that carries the client address
    /// (its last entry is used, e.g. `X-Forwarded-For`); the socket address when unset.
    pub client_ip_header: Option<String>,
    /// `BAQYLAU_WEBHOOK_MAX_FAILURES`: consecutive failed deliveries that switch a webhook off.
    pub webhook_max_failures: u32,
    /// `BAQYLAU_WEBHOOK_ALLOW_LOOPBACK`: accept `http://` webhooks on loopback addresses (tests
    /// and local development); otherwise only `https://` to a public host.
    pub webhook_allow_loopback: bool,
    /// Fixed addresses for webhook host names, looked up before DNS, as `/etc/hosts` would be
    /// (`BAQYLAU_WEBHOOK_HOSTS=hooks.example.org=203.0.113.7,...`): for pinning a receiver, and
    /// for tests, which must never send traffic beyond 127.0.0.1.
    pub webhook_hosts: Vec<(String, std::net::IpAddr)>,
    /// `BAQYLAU_FORM_KEY`: 64 hex digits, the key that seals the web forms' CSRF tokens. Unset, the
    /// portal makes one once and keeps it in the database, shared by every instance.
    pub form_key: Option<FormKey>,
    /// `BAQYLAU_SURVEY_MAX_PER_DAY`: public survey responses one client address may give to one
    /// campaign in a day (UTC), against ballot stuffing.
    pub survey_max_per_day: u32,
}

/// A key kept out of logs: `Config` is `Debug`.
#[derive(Clone, Copy)]
pub struct FormKey(pub [u8; 32]);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(..)")
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            content_dir: PathBuf::from("content"),
            json_body_limit: 1024 * 1024,
            session_days: 30,
            login_max_failures: 5,
            login_window_secs: 300,
            log_json: false,
            seed_on_empty: true,
            meili_url: None,
            meili_key: None,
            meili_index: "baqylau_documents".into(),
            bulk_body_limit: 256 * 1024 * 1024,
            request_deadline: crate::domain::requests::DeadlineRule::ACCESS_TO_INFORMATION,
            discussion_min_working_days: crate::domain::discussions::DEFAULT_MIN_WORKING_DAYS,
            upload_dir: PathBuf::from("data").join("uploads"),
            upload_max_bytes: 20 * 1024 * 1024,
            rate_anon_per_min: 120,
            rate_key_per_min: 600,
            client_ip_header: None,
            webhook_max_failures: 10,
            webhook_allow_loopback: false,
            webhook_hosts: Vec::new(),
            form_key: None,
            survey_max_per_day: 3,
        }
    }
}

/// A variable that is set but cannot be read as its type stops the start: a typo in production
/// configuration must not silently fall back to a default.
#[derive(Debug, thiserror::Error)]
#[error("environment variable {name} = {value:?} is not valid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub reason: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        let var = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        fn parse<T: std::str::FromStr>(name: &'static str, v: Option<String>, default: T) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            match v {
                None => Ok(default),
                Some(value) => {
                    value.trim().parse().map_err(|e: T::Err| ConfigError { name, reason: e.to_string(), value })
                }
            }
        }
        let log_format = var("BAQYLAU_LOG_FORMAT");
        let data_dir = var("BAQYLAU_DATA_DIR").map(PathBuf::from).unwrap_or(d.data_dir);
        Ok(Self {
            addr: parse("BAQYLAU_ADDR", var("BAQYLAU_ADDR"), d.addr)?,
            upload_dir: var("BAQYLAU_UPLOAD_DIR").map(PathBuf::from).unwrap_or_else(|| data_dir.join("uploads")),
            data_dir,
            database_url: var("DATABASE_URL"),
            content_dir: var("BAQYLAU_CONTENT_DIR").map(PathBuf::from).unwrap_or(d.content_dir),
            json_body_limit: parse("BAQYLAU_JSON_BODY_LIMIT", var("BAQYLAU_JSON_BODY_LIMIT"), d.json_body_limit)?,
            session_days: parse("BAQYLAU_SESSION_DAYS", var("BAQYLAU_SESSION_DAYS"), d.session_days)?,
            login_max_failures: parse(
                "BAQYLAU_LOGIN_MAX_FAILURES",
                var("BAQYLAU_LOGIN_MAX_FAILURES"),
                d.login_max_failures,
            )?,
            login_window_secs: parse(
                "BAQYLAU_LOGIN_WINDOW_SECS",
                var("BAQYLAU_LOGIN_WINDOW_SECS"),
                d.login_window_secs,
            )?,
            log_json: match log_format.as_deref() {
                None | Some("pretty") => false,
                Some("json") => true,
                Some(other) => {
                    return Err(ConfigError {
                        name: "BAQYLAU_LOG_FORMAT",
                        value: other.to_string(),
                        reason: "expected json or pretty".into(),
                    });
                }
            },
            seed_on_empty: parse("BAQYLAU_SEED_ON_EMPTY", var("BAQYLAU_SEED_ON_EMPTY"), d.seed_on_empty)?,
            meili_url: var("MEILI_URL"),
            meili_key: var("MEILI_KEY"),
            meili_index: var("BAQYLAU_MEILI_INDEX").unwrap_or(d.meili_index),
            bulk_body_limit: parse("BAQYLAU_BULK_BODY_LIMIT", var("BAQYLAU_BULK_BODY_LIMIT"), d.bulk_body_limit)?,
            request_deadline: crate::domain::requests::DeadlineRule {
                unit: match var("BAQYLAU_REQUEST_DEADLINE_UNIT").as_deref() {
                    None | Some("calendar_days") => crate::domain::requests::DayUnit::CalendarDays,
                    Some("working_days") => crate::domain::requests::DayUnit::WorkingDays,
                    Some(other) => {
                        return Err(ConfigError {
                            name: "BAQYLAU_REQUEST_DEADLINE_UNIT",
                            value: other.to_string(),
                            reason: "expected calendar_days or working_days".into(),
                        });
                    }
                },
                days: parse(
                    "BAQYLAU_REQUEST_DEADLINE_DAYS",
                    var("BAQYLAU_REQUEST_DEADLINE_DAYS"),
                    d.request_deadline.days,
                )?,
                max_extension_days: parse(
                    "BAQYLAU_REQUEST_EXTENSION_DAYS",
                    var("BAQYLAU_REQUEST_EXTENSION_DAYS"),
                    d.request_deadline.max_extension_days,
                )?,
            },
            discussion_min_working_days: parse(
                "BAQYLAU_DISCUSSION_MIN_WORKING_DAYS",
                var("BAQYLAU_DISCUSSION_MIN_WORKING_DAYS"),
                d.discussion_min_working_days,
            )?,
            upload_max_bytes: match parse(
                "BAQYLAU_UPLOAD_MAX_BYTES",
                var("BAQYLAU_UPLOAD_MAX_BYTES"),
                d.upload_max_bytes,
            )? {
                0 => {
                    return Err(ConfigError {
                        name: "BAQYLAU_UPLOAD_MAX_BYTES",
                        value: "0".into(),
                        reason: "no file could be uploaded; expected a positive number of bytes".into(),
                    });
                }
                n => n,
            },
            rate_anon_per_min: parse(
                "BAQYLAU_RATE_ANON_PER_MIN",
                var("BAQYLAU_RATE_ANON_PER_MIN"),
                d.rate_anon_per_min,
            )?,
            rate_key_per_min: parse("BAQYLAU_RATE_KEY_PER_MIN", var("BAQYLAU_RATE_KEY_PER_MIN"), d.rate_key_per_min)?,
            client_ip_header: var("BAQYLAU_CLIENT_IP_HEADER"),
            webhook_max_failures: parse(
                "BAQYLAU_WEBHOOK_MAX_FAILURES",
                var("BAQYLAU_WEBHOOK_MAX_FAILURES"),
                d.webhook_max_failures,
            )?,
            webhook_allow_loopback: parse(
                "BAQYLAU_WEBHOOK_ALLOW_LOOPBACK",
                var("BAQYLAU_WEBHOOK_ALLOW_LOOPBACK"),
                d.webhook_allow_loopback,
            )?,
            webhook_hosts: match var("BAQYLAU_WEBHOOK_HOSTS") {
                None => d.webhook_hosts,
                Some(v) => v
                    .split(',')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(|e| {
                        e.split_once('=')
                            .and_then(|(name, ip)| Some((name.trim().to_ascii_lowercase(), ip.trim().parse().ok()?)))
                            .ok_or_else(|| ConfigError {
                                name: "BAQYLAU_WEBHOOK_HOSTS",
                                reason: "expected name=ip entries separated by commas".into(),
                                value: v.clone(),
                            })
                    })
                    .collect::<Result<_, _>>()?,
            },
            survey_max_per_day: parse(
                "BAQYLAU_SURVEY_MAX_PER_DAY",
                var("BAQYLAU_SURVEY_MAX_PER_DAY"),
                d.survey_max_per_day,
            )?,
            form_key: match var("BAQYLAU_FORM_KEY") {
                None => d.form_key,
                Some(v) => Some(
                    hex::decode(v.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()).map(FormKey).ok_or_else(
                        || ConfigError {
                            name: "BAQYLAU_FORM_KEY",
                            value: "(hidden)".into(),
                            reason: "expected 64 hex digits".into(),
                        },
                    )?,
                ),
            },
        })
    }

    /// The database to open: `DATABASE_URL`, or the SQLite file under the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("baqylau.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_key_is_64_hex_digits_and_never_printed() {
        let key = "ab".repeat(32);
        let c = Config::from_lookup(|n| (n == "BAQYLAU_FORM_KEY").then(|| key.clone())).unwrap();
        assert_eq!(c.form_key.map(|k| k.0), Some([0xab; 32]));
        assert!(!format!("{c:?}").contains("ab, ab") && !format!("{c:?}").contains("171"), "{c:?}");
        let e = Config::from_lookup(|n| (n == "BAQYLAU_FORM_KEY").then(|| "abc".to_string())).unwrap_err();
        assert_eq!(e.name, "BAQYLAU_FORM_KEY");
        assert!(!e.to_string().contains("abc"), "the bad value is a secret too: {e}");
        assert!(Config::from_lookup(|_| None).unwrap().form_key.is_none());
    }

    #[test]
    fn defaults_serve_locally_on_sqlite() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.effective_database_url(), "sqlite://data/baqylau.db?mode=rwc");
        assert_eq!(c.json_body_limit, 1 << 20);
    }

    #[test]
    fn uploads_live_under_the_data_directory_unless_told_otherwise() {
        let c = Config::from_lookup(|k| (k == "BAQYLAU_DATA_DIR").then(|| "/srv/baqylau".to_string())).unwrap();
        assert_eq!(c.upload_dir, PathBuf::from("/srv/baqylau/uploads"));
        assert_eq!(c.upload_max_bytes, 20_971_520);
        let c = Config::from_lookup(|k| (k == "BAQYLAU_UPLOAD_DIR").then(|| "/mnt/evidence".to_string())).unwrap();
        assert_eq!(c.upload_dir, PathBuf::from("/mnt/evidence"));
        let err = Config::from_lookup(|k| (k == "BAQYLAU_UPLOAD_MAX_BYTES").then(|| "0".to_string())).unwrap_err();
        assert_eq!(err.name, "BAQYLAU_UPLOAD_MAX_BYTES");
    }

    #[test]
    fn a_malformed_variable_is_an_error_not_a_default() {
        let err = Config::from_lookup(|k| (k == "BAQYLAU_ADDR").then(|| "nowhere".to_string())).unwrap_err();
        assert_eq!(err.name, "BAQYLAU_ADDR");
    }
}
