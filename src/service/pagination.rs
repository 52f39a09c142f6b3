//! Keyset pagination over ascending ids: stable under concurrent inserts, cheap at any depth.
use crate::error::{AppError, AppResult};

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub limit: u64,
    /// Items with an id greater than this come next.
    pub after: Option<i64>,
}

impl PageRequest {
    #[tracing::instrument(skip_all)]
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> AppResult<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        let bad = AppError::invalid_parameter;
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(bad("limit", "must be between 1 and 100"));
        }
        let after = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| bad("cursor", "not a cursor this API gave out"))?),
        };
        Ok(Self { limit, after })
    }
}

/// Cursors are opaque to clients; today they carry the last id seen.
#[tracing::instrument(skip_all, fields(after = id))]
pub fn encode_cursor(id: i64) -> String {
    format!("i{id}")
}

fn decode_cursor(c: &str) -> Option<i64> {
    c.strip_prefix('i')?.parse().ok()
}

/// Cut a page fetched with `limit + 1` rows into the page and the next cursor.
#[tracing::instrument(skip_all)]
pub fn finish_page<T>(mut rows: Vec<T>, page: PageRequest, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<String>) {
    let more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let next = if more { rows.last().map(|r| encode_cursor(id(r))) } else { None };
    (rows, next)
}
