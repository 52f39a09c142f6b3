//! What every dataset's services share with the catalog, kept in a leaf so that the catalog can
//! depend on the datasets' own stats functions without them depending back on the catalog.
use chrono::{DateTime, Utc};

/// How many public records a dataset has and when the newest of them changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub records: u64,
    pub updated_at: Option<DateTime<Utc>>,
}
