//! Bulk exports of a dataset as CSV (RFC 4180, UTF-8, header row) or NDJSON, streamed page by
//! keyset page from the database, so a 100,000-row export holds one page in memory at a time.
//!
//! Both forms are written from the records' public JSON view (the very objects the list endpoint
//! returns), so an export can never carry a field the JSON read does not show: NDJSON is that view
//! line by line, CSV picks columns out of it by path.
use std::{future::Future, pin::Pin};

use bytes::Bytes;
use serde_json::Value;

use crate::error::{AppError, AppResult};

/// Rows fetched per database round trip.
pub const PAGE: u64 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    #[tracing::instrument(skip_all)]
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }
    }

    #[tracing::instrument(skip_all)]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// A CSV column: its header and the dotted path of the value in the JSON view. A path through an
/// array takes the value from every element, joined by spaces (`providers.code`).
pub type Column = (&'static str, &'static str);

/// One page: the records as their JSON views, and the keyset position to continue after (`None`
/// on the last page).
pub type PageFuture = Pin<Box<dyn Future<Output = AppResult<(Vec<Value>, Option<i64>)>> + Send>>;

/// The export as a streamed body. `fetch(after)` reads the page after a keyset position (`None`
/// for the first). A database error mid-way ends the stream with an error, so the client sees a
/// broken transfer rather than a silently short file.
#[tracing::instrument(skip_all)]
pub fn stream<F>(format: Format, columns: &'static [Column], fetch: F) -> poem::Body
where
    F: FnMut(Option<i64>) -> PageFuture + Send + 'static,
{
    struct State<F> {
        fetch: F,
        after: Option<i64>,
        first: bool,
        done: bool,
    }
    let state = State { fetch, after: None, first: true, done: false };
    let s = futures_util::stream::unfold(state, move |mut st| async move {
        if st.done {
            return None;
        }
        match (st.fetch)(st.after).await {
            Ok((rows, next)) => {
                let chunk = encode(format, columns, &rows, st.first);
                st.first = false;
                st.after = next;
                st.done = next.is_none();
                Some((chunk, st))
            }
            Err(e) => {
                tracing::error!(error = %e, "export stopped by a database error");
                st.done = true;
                Some((Err(std::io::Error::other(e.to_string())), st))
            }
        }
    });
    poem::Body::from_bytes_stream(s)
}

fn encode(format: Format, columns: &[Column], rows: &[Value], header: bool) -> Result<Bytes, std::io::Error> {
    match format {
        Format::Ndjson => {
            let mut out = Vec::new();
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.push(b'\n');
            }
            Ok(out.into())
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            if header {
                w.write_record(columns.iter().map(|(h, _)| *h)).map_err(std::io::Error::other)?;
            }
            for r in rows {
                w.write_record(columns.iter().map(|(_, path)| inert(cell(r, path)))).map_err(std::io::Error::other)?;
            }
            w.into_inner().map(Bytes::from).map_err(|e| std::io::Error::other(e.to_string()))
        }
    }
}

/// A whole table as CSV (RFC 4180, CRLF), every cell made [`inert`]: for tables computed in
/// memory, such as statistics.
pub fn csv_bytes(header: &[String], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(header).map_err(AppError::internal)?;
    for r in rows {
        w.write_record(r.iter().map(|c| inert(c.clone()))).map_err(AppError::internal)?;
    }
    w.into_inner().map_err(|e| AppError::internal(e.into_error()))
}

/// A cell a spreadsheet will not run as a formula. Text that opens with `=`, `+`, `-`, `@`, TAB or
/// CR gets a leading `'`, as OWASP's CSV-injection advice says; a cell that is a plain number (a
/// negative count, say) stays a number, since no formula can hide in it.
pub fn inert(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().map_or(true, |n| !n.is_finite() || cell.trim() != cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The text of one CSV cell: strings as they are, numbers and booleans as JSON writes them, null
/// as empty, arrays joined by spaces, objects as compact JSON.
#[tracing::instrument(skip_all)]
pub fn cell(v: &Value, path: &str) -> String {
    let mut parts = path.splitn(2, '.');
    let head = parts.next().unwrap_or("");
    let rest = parts.next();
    let Some(v) = v.get(head) else { return String::new() };
    match (v, rest) {
        (Value::Array(items), Some(rest)) => {
            items.iter().map(|i| cell(i, rest)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
        }
        (_, Some(rest)) => cell(v, rest),
        (v, None) => scalar(v),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(" "),
        Value::Object(_) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn cells_follow_paths_through_objects_and_arrays() {
        let v = json!({"id": 7, "name": "a, \"b\"", "agency": {"code": "MTSZN"}, "ids": [1, 2],
                       "providers": [{"code": "A"}, {"code": "B"}], "none": null, "ok": true});
        assert_eq!(cell(&v, "id"), "7");
        assert_eq!(cell(&v, "agency.code"), "MTSZN");
        assert_eq!(cell(&v, "ids"), "1 2");
        assert_eq!(cell(&v, "providers.code"), "A B");
        assert_eq!(cell(&v, "none"), "");
        assert_eq!(cell(&v, "missing.deep"), "");
        assert_eq!(cell(&v, "ok"), "true");
    }

    #[test]
    fn a_csv_cell_cannot_carry_a_formula() {
        for lead in ["=", "+", "-", "@", "\t", "\r"] {
            let text = format!("{lead}HYPERLINK(\"http://evil.example\")");
            assert_eq!(inert(text.clone()), format!("'{text}"), "{lead:?}");
        }
        assert_eq!(inert("-2+3+cmd|' /C calc'!A0".into()), "'-2+3+cmd|' /C calc'!A0");
        for plain in ["-5", "-0.25", "+7", "12", "Әділет", "a=b", ""] {
            assert_eq!(inert(plain.into()), plain, "numbers and ordinary text stay as they are");
        }
        assert_eq!(inert("-inf".into()), "'-inf");
        const COLS: &[Column] = &[("n", "n"), ("t", "t")];
        let rows = vec![json!({"n": -3, "t": "=1+1"})];
        assert_eq!(&encode(Format::Csv, COLS, &rows, false).unwrap()[..], b"-3,'=1+1\r\n");
        let table = csv_bytes(&["a".into()], &[vec!["@SUM(A1)".into()]]).unwrap();
        assert_eq!(table, b"a\r\n'@SUM(A1)\r\n");
    }

    #[test]
    fn csv_has_a_header_once_and_quotes_by_rfc_4180() {
        const COLS: &[Column] = &[("id", "id"), ("name", "name")];
        let rows = vec![json!({"id": 1, "name": "a, \"b\"\nc"})];
        let first = encode(Format::Csv, COLS, &rows, true).unwrap();
        assert_eq!(&first[..], b"id,name\r\n1,\"a, \"\"b\"\"\nc\"\r\n");
        let next = encode(Format::Csv, COLS, &rows, false).unwrap();
        assert!(!next.starts_with(b"id,name"));
        let nd = encode(Format::Ndjson, COLS, &rows, true).unwrap();
        assert_eq!(&nd[..], b"{\"id\":1,\"name\":\"a, \\\"b\\\"\\nc\"}\n");
    }
}
