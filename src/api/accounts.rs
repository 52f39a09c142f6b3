use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body, common::page::Page};
use crate::{
    domain::accounts::Scope,
    error::{AppError, AppResult},
    service::{Ctx, accounts, pagination::PageRequest},
    state::AppState,
};

#[derive(Default)]
pub struct AccountsApi;

/// A new account. The IIN is optional and is never shown to anyone but its owner and administrators.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct Registration {
    /// Used to sign in; stored in lower case.
    pub email: String,
    /// At least 10 characters.
    #[oai(validator(max_length = 256, min_length = 10))]
    pub password: String,
    /// The name shown with what you publish, if you allow it.
    #[oai(validator(max_length = 120, min_length = 2))]
    pub display_name: String,
    /// Full legal name; needed to comment on draft acts (Law Art. 15: anonymous comments are not considered).
    #[serde(default)]
    #[oai(validator(max_length = 200, min_length = 3), nullable)]
    pub full_name: Option<String>,
    /// Individual identification number (12 digits, checked).
    #[serde(default)]
    #[oai(nullable)]
    pub iin: Option<String>,
    /// Show `display_name` on your public records; otherwise they say "a citizen".
    #[serde(default)]
    #[oai(nullable)]
    pub show_name_publicly: Option<bool>,
    /// The portal language you chose for pages and messages: `kk`, `ru` or `en`.
    #[serde(default)]
    #[oai(validator(max_length = 5), nullable)]
    pub language: Option<String>,
}

/// Fields to change on one's own profile; absent fields stay as they are.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct ProfileUpdate {
    #[serde(default)]
    #[oai(validator(max_length = 120, min_length = 2), nullable)]
    pub display_name: Option<String>,
    #[serde(default)]
    #[oai(validator(max_length = 200, min_length = 3), nullable)]
    pub full_name: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub iin: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub show_name_publicly: Option<bool>,
    /// The portal language you chose for pages and messages: `kk`, `ru` or `en`.
    #[serde(default)]
    #[oai(validator(max_length = 5), nullable)]
    pub language: Option<String>,
}

/// A portal role for an account.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct RoleGrant {
    /// `citizen`, `agency_officer`, `moderator` or `admin`.
    pub role: String,
    /// Required for `agency_officer`: the agency the officer acts for; absent otherwise.
    #[serde(default)]
    #[oai(nullable)]
    pub agency_id: Option<i64>,
}

#[derive(ApiResponse)]
pub enum RegisterResponse {
    /// The account was created; sign in with `POST /auth/login`.
    #[oai(status = 201)]
    Created(Json<AccountView>),
}

async fn view(ctx: &Ctx, a: entity::account::Model) -> AppResult<AccountView> {
    let orgs = accounts::memberships(ctx, a.id)
        .await?
        .into_iter()
        .map(|m| MembershipView {
            organization_id: m.organization.id,
            organization_name: m.organization.name,
            role: m.role,
        })
        .collect();
    Ok(AccountView::new(a, orgs))
}

#[OpenApi(tag = "ApiTags::Accounts")]
impl AccountsApi {
    /// Register an account
    ///
    /// Anyone may register; the new account is a citizen. Refused with `email_taken` when the
    /// e-mail is registered, `validation_failed` listing every invalid field otherwise.
    #[oai(path = "/accounts", method = "post")]
    async fn register(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: Body<Registration>,
    ) -> Result<RegisterResponse, AppError> {
        let ctx = http::ctx(&state, req);
        let r = body.0;
        let a = accounts::register(
            &ctx,
            accounts::NewAccount {
                email: r.email,
                password: r.password,
                display_name: r.display_name,
                full_name: r.full_name,
                iin: r.iin,
                show_name_publicly: r.show_name_publicly.unwrap_or(false),
                language: r.language,
            },
        )
        .await?;
        Ok(RegisterResponse::Created(Json(view(&ctx, a).await?)))
    }

    /// My account
    ///
    /// The signed-in account with its personal data and organisations.
    #[oai(path = "/me", method = "get")]
    async fn me(&self, state: Data<&AppState>, req: &Request, auth: BearerAuth) -> Result<Json<AccountView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        Ok(Json(view(&ctx, caller.account).await?))
    }

    /// Update my profile
    #[oai(path = "/me", method = "patch")]
    async fn update_me(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<ProfileUpdate>,
    ) -> Result<Json<AccountView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let u = body.0;
        let a = accounts::update_profile(
            &ctx,
            &caller,
            accounts::ProfileChange {
                display_name: u.display_name,
                full_name: u.full_name,
                iin: u.iin,
                show_name_publicly: u.show_name_publicly,
                language: u.language,
            },
        )
        .await?;
        Ok(Json(view(&ctx, a).await?))
    }

    /// List accounts (administrators)
    ///
    /// Filter by `q` (e-mail or display name) and `role`.
    #[oai(path = "/accounts", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        /// Part of an e-mail or display name.
        #[oai(example = "ex::account_q")]
        q: Query<Option<String>>,
        /// `citizen`, `agency_officer`, `moderator` or `admin`.
        #[oai(example = "ex::account_role")]
        role: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<AccountView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let rows = accounts::list(&ctx, &caller, q.0, role.0, page).await?;
        Ok(Json(Page::from(rows, |a| AccountView::new(a, Vec::new()))))
    }

    /// One account (administrators)
    #[oai(path = "/accounts/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::account_id")] id: Path<i64>,
    ) -> Result<Json<AccountView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        caller.require_admin()?;
        let a = accounts::get(&ctx, id.0).await?;
        Ok(Json(view(&ctx, a).await?))
    }

    /// Set an account's role (administrators)
    ///
    /// An agency officer is bound to one agency (`agency_id`); the last administrator keeps the role.
    #[oai(path = "/accounts/:id/role", method = "put")]
    async fn set_role(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::account_id")] id: Path<i64>,
        body: Body<RoleGrant>,
    ) -> Result<Json<AccountView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let a = accounts::set_role(&ctx, &caller, id.0, &body.0.role, body.0.agency_id).await?;
        Ok(Json(view(&ctx, a).await?))
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
    /// The portal language the person chose (`kk`, `ru`, `en`); null until they choose.
    #[oai(nullable)]
    pub language: Option<String>,
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
            language: a.language,
            created_at: a.created_at,
            organizations,
        }
    }
}

// Examples for the spec, in the story of `common::examples`.
mod examples {
    use poem_openapi::types::Example;

    use super::{AccountView, MembershipView, ProfileUpdate, Registration, RoleGrant};
    use crate::api::common::examples::*;

    impl Example for Registration {
        fn example() -> Self {
            Self {
                email: s("asel.mysalova@example.kz"),
                password: s("correct-horse-battery-staple"),
                display_name: s("Асель М."),
                full_name: Some(s(PERSON)),
                iin: Some(s(IIN)),
                show_name_publicly: Some(true),
                language: Some(s("kk")),
            }
        }
    }

    impl Example for ProfileUpdate {
        fn example() -> Self {
            Self {
                display_name: Some(s("Асель М.")),
                full_name: Some(s(PERSON)),
                iin: Some(s(IIN)),
                show_name_publicly: Some(false),
                language: Some(s("ru")),
            }
        }
    }

    impl Example for RoleGrant {
        fn example() -> Self {
            Self { role: s("agency_officer"), agency_id: Some(AKIMAT_ASTANA) }
        }
    }

    impl Example for MembershipView {
        fn example() -> Self {
            Self { organization_id: ORGANIZATION, organization_name: s(NGO), role: s("admin") }
        }
    }

    impl Example for AccountView {
        fn example() -> Self {
            Self {
                id: OFFICER,
                email: s("yerzhan.mysalov@example.kz"),
                display_name: s("Ержан М."),
                full_name: Some(s(OFFICER_NAME)),
                iin: Some(s(OFFICER_IIN)),
                role: s("agency_officer"),
                agency_id: Some(AKIMAT_ASTANA),
                show_name_publicly: true,
                language: Some(s("kk")),
                created_at: at("2026-01-19T06:42:10Z"),
                organizations: vec![Example::example()],
            }
        }
    }
}
