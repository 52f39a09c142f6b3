//! Where the shared response shapes lived; they now live with their noun or in `common/`.
pub use super::accounts::{AccountView, MembershipView};
pub use super::common::page::Page;
