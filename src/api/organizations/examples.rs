//! Examples of the organizations schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for OrganizationView {
    fn example() -> Self {
        Self {
            id: ORGANIZATION,
            name: s(NGO),
            bin: s(BIN),
            website: Some(s("https://adal-qyzmet.example.kz")),
            member_count: 6,
            created_at: at("2026-01-20T09:30:00Z"),
        }
    }
}

impl Example for NewOrganization {
    fn example() -> Self {
        Self { name: s(NGO), bin: s(BIN), website: Some(s("https://adal-qyzmet.example.kz")) }
    }
}

impl Example for MemberView {
    fn example() -> Self {
        Self {
            account_id: ACCOUNT, display_name: s("Асель М."), role: s("admin"), since: at("2026-01-20T09:30:00Z")
        }
    }
}

impl Example for NewInvitation {
    fn example() -> Self {
        Self { email: s("daniyar.mysalov@example.kz"), role: s("member") }
    }
}

impl Example for InvitationView {
    fn example() -> Self {
        Self {
            id: INVITATION,
            organization_id: ORGANIZATION,
            email: s("daniyar.mysalov@example.kz"),
            role: s("member"),
            status: s("accepted"),
            created_at: at("2026-01-21T07:00:00Z"),
            decided_at: Some(at("2026-01-22T13:45:00Z")),
        }
    }
}

impl Example for RoleChange {
    fn example() -> Self {
        Self { role: s("admin") }
    }
}
