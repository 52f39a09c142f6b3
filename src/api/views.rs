//! Response shapes shared by several resources, built from entities.
use chrono::{DateTime, Utc};
use poem_openapi::{
    Object,
    types::{ParseFromJSON, ToJSON},
};

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

/// A membership of the account in an organisation.
#[derive(Object)]
#[oai(example)]
pub struct MembershipView {
    pub organization_id: i64,
    pub organization_name: String,
    /// `admin` or `member`.
    pub role: String,
}

/// An account as its owner and administrators see it (with personal data).
#[derive(Object)]
#[oai(example)]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[oai(nullable)]
    pub full_name: Option<String>,
    /// Personal data: only ever shown to its owner and to administrators.
    #[oai(nullable)]
    pub iin: Option<String>,
    /// `citizen`, `agency_officer`, `moderator` or `admin`.
    pub role: String,
    /// For agency officers: the agency they act for.
    #[oai(nullable)]
    pub agency_id: Option<i64>,
    /// Whether the display name may appear on public records (otherwise "a citizen").
    pub show_name_publicly: bool,
    pub created_at: DateTime<Utc>,
    pub organizations: Vec<MembershipView>,
}

impl AccountView {
    pub fn new(a: entity::account::Model, organizations: Vec<MembershipView>) -> Self {
        Self {
            id: a.id,
            email: a.email,
            display_name: a.display_name,
            full_name: a.full_name,
            iin: a.iin,
            role: a.role,
            agency_id: a.agency_id,
            show_name_publicly: a.show_name_publicly,
            created_at: a.created_at,
            organizations,
        }
    }
}
