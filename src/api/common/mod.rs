//! What every API noun uses: who is calling (`auth`), request bodies (`body`, `ndjson`), the
//! export formats (`export`), and a few small shared shapes.
pub mod auth;
pub mod body;
pub mod examples;
pub mod export;
pub mod hidden;
pub mod multipart;
pub mod ndjson;
pub mod page;

use poem::Request;
use poem_openapi::ApiResponse;
use serde::Deserialize;

pub use auth::{BearerAuth, MaybeAuth, caller, maybe_caller};
pub use body::Body;
pub use export::{CsvExport, NdjsonExport};
pub use hidden::HiddenView;

use crate::i18n::Lang;

/// An answer with no body.
#[derive(ApiResponse)]
pub enum NoContent {
    /// Done.
    #[oai(status = 204)]
    Done,
}

/// The language the edge chose for this request (`Accept-Language`), for texts a view carries.
pub fn lang_of(req: &Request) -> Lang {
    req.data::<Lang>().copied().unwrap_or(Lang::En)
}

/// Tell a field that is absent (`None`) from one sent as `null` (`Some(None)`).
pub fn double_option<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}
