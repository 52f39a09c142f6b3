//! The envelope of every list: one page of items and the cursor of the next.
use poem_openapi::{
    Object,
    types::{Example, ParseFromJSON, ToJSON},
};

use super::examples::OBSERVATION;
use crate::service::pagination::encode_cursor;

/// One page of a list; pass `next_cursor` back as `cursor` for the next one.
#[derive(Object)]
#[oai(example)]
pub struct Page<T: ParseFromJSON + ToJSON + Send + Sync> {
    pub items: Vec<T>,
    /// `null` on the last page.
    #[oai(nullable)]
    pub next_cursor: Option<String>,
}

impl<T: ParseFromJSON + ToJSON + Send + Sync> Page<T> {
    pub fn from<M>((rows, next): (Vec<M>, Option<String>), f: impl Fn(M) -> T) -> Self {
        Self { items: rows.into_iter().map(f).collect(), next_cursor: next }
    }
}

impl<T: Example + ParseFromJSON + ToJSON + Send + Sync> Example for Page<T> {
    fn example() -> Self {
        Self { items: vec![T::example()], next_cursor: Some(encode_cursor(OBSERVATION)) }
    }
}
