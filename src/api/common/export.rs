//! The two export formats every public list offers (`export.csv`, `export.ndjson`), streamed page
//! by page from the list's own service function.
use poem_openapi::{
    ApiResponse,
    payload::{Attachment, AttachmentType},
    types::ToJSON,
};
use serde_json::Value;

use crate::{
    error::AppError,
    service::exports::{self, Column, Format, PageFuture},
};

#[derive(ApiResponse)]
pub enum CsvExport {
    /// RFC 4180 CSV, UTF-8, with a header row; streamed. Lists are joined by spaces.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(Attachment<poem::Body>),
}

#[derive(ApiResponse)]
pub enum NdjsonExport {
    /// NDJSON: one record per line, exactly as the JSON list shows it; streamed.
    #[oai(status = 200, content_type = "application/x-ndjson")]
    Ndjson(Attachment<poem::Body>),
}

fn attachment(name: &str, format: Format, body: poem::Body) -> Attachment<poem::Body> {
    Attachment::new(body).attachment_type(AttachmentType::Attachment).filename(format!("{name}.{}", format.extension()))
}

pub fn csv(
    name: &str,
    columns: &'static [Column],
    fetch: impl FnMut(Option<i64>) -> PageFuture + Send + 'static,
) -> CsvExport {
    CsvExport::Csv(attachment(name, Format::Csv, exports::stream(Format::Csv, columns, fetch)))
}

pub fn ndjson(
    name: &str,
    columns: &'static [Column],
    fetch: impl FnMut(Option<i64>) -> PageFuture + Send + 'static,
) -> NdjsonExport {
    NdjsonExport::Ndjson(attachment(name, Format::Ndjson, exports::stream(Format::Ndjson, columns, fetch)))
}

pub fn json<T: ToJSON>(v: T) -> Option<Value> {
    v.to_json()
}

/// The keyset position after a page: its last id when another page follows.
pub fn next_after<T>(rows: &[T], next: &Option<String>, id: impl Fn(&T) -> i64) -> Option<i64> {
    next.as_ref().and(rows.last().map(id))
}

/// Filters are checked before the first byte goes out, so a bad one is a 400, not a broken file.
pub async fn check<T>(first: impl std::future::Future<Output = crate::error::AppResult<T>>) -> Result<(), AppError> {
    first.await.map(|_| ())
}

/// A list's two exports, declared once. Both operations take the same filter parameters (with
/// the same descriptions and examples), build the filter with the same code and stream the same
/// records, so the CSV and the NDJSON form of a list cannot drift apart. The closure-like tail
/// names the request's context and the request, then the filter parameters; its block yields
/// `(file name, columns, pages)` and may `?` a check of the filters before the first byte.
macro_rules! list_exports {
    (
        $(#[$($api_attr:tt)*])*
        $vis:vis struct $api:ident;
        tag = $tag:literal;
        $(#[$($csv_attr:tt)*])*
        csv $csv_fn:ident = $csv_path:literal;
        $(#[$($nd_attr:tt)*])*
        ndjson $nd_fn:ident = $nd_path:literal;
        |$ctx:ident, $req:ident $(, $(#[$($p_attr:tt)*])* $p:ident : $t:ty)* $(,)?| $body:block
    ) => {
        $(#[$($api_attr)*])*
        #[derive(Default)]
        $vis struct $api;

        #[poem_openapi::OpenApi(tag = $tag)]
        impl $api {
            $(#[$($csv_attr)*])*
            #[oai(path = $csv_path, method = "get")]
            #[allow(clippy::too_many_arguments)]
            async fn $csv_fn(
                &self,
                state: poem::web::Data<&$crate::state::AppState>,
                $req: &poem::Request,
                $($(#[$($p_attr)*])* $p: $t,)*
            ) -> Result<$crate::api::common::export::CsvExport, $crate::error::AppError> {
                let $ctx = $crate::http::ctx(&state, $req);
                let (name, columns, pages) = $body;
                Ok($crate::api::common::export::csv(name, columns, pages))
            }

            $(#[$($nd_attr)*])*
            #[oai(path = $nd_path, method = "get")]
            #[allow(clippy::too_many_arguments)]
            async fn $nd_fn(
                &self,
                state: poem::web::Data<&$crate::state::AppState>,
                $req: &poem::Request,
                $($(#[$($p_attr)*])* $p: $t,)*
            ) -> Result<$crate::api::common::export::NdjsonExport, $crate::error::AppError> {
                let $ctx = $crate::http::ctx(&state, $req);
                let (name, columns, pages) = $body;
                Ok($crate::api::common::export::ndjson(name, columns, pages))
            }
        }
    };
}
pub(crate) use list_exports;
