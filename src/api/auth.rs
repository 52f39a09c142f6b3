use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, payload::Json};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body};
use crate::{
    domain::accounts::Scope,
    error::AppError,
    service::auth::{self as auth_service, IssuedToken, scopes_of},
    state::AppState,
};

#[derive(Default)]
pub struct AuthApi;

#[derive(Object, Deserialize)]
#[oai(example)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// A bearer token, without its secret.
#[derive(Object)]
#[oai(example)]
pub struct TokenView {
    pub id: i64,
    /// `session` (from signing in) or `api` (for an app).
    pub kind: String,
    pub name: String,
    /// `read`, `write`.
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    #[oai(nullable)]
    pub expires_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// The token this request was made with.
    pub current: bool,
}

impl TokenView {
    fn new(t: entity::token::Model, current_id: Option<i64>) -> Self {
        Self {
            scopes: scopes_of(&t).iter().map(|s| s.as_str().to_string()).collect(),
            current: Some(t.id) == current_id,
            id: t.id,
            kind: t.kind,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A newly issued token. The secret is shown only here, once; the portal keeps only its hash.
#[derive(Object)]
#[oai(example)]
pub struct IssuedTokenView {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_id: i64,
    #[oai(nullable)]
    pub expires_at: Option<DateTime<Utc>>,
    pub scopes: Vec<String>,
}

impl From<IssuedToken> for IssuedTokenView {
    fn from(i: IssuedToken) -> Self {
        Self {
            scopes: scopes_of(&i.token).iter().map(|s| s.as_str().to_string()).collect(),
            token: i.secret,
            token_id: i.token.id,
            expires_at: i.token.expires_at,
        }
    }
}

/// A token for a third-party app.
#[derive(Object, Deserialize)]
#[oai(example)]
pub struct NewApiToken {
    /// What the token is for, e.g. the app's name.
    #[oai(validator(max_length = 120, min_length = 1))]
    pub name: String,
    /// `read`, `write` or both.
    pub scopes: Vec<String>,
    /// 1..730, default 90.
    #[serde(default)]
    #[oai(nullable)]
    pub expires_in_days: Option<i64>,
}

#[derive(ApiResponse)]
pub enum CreateTokenResponse {
    /// The token; copy its secret now, it is not shown again.
    #[oai(status = 201)]
    Created(Json<IssuedTokenView>),
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AuthApi {
    /// Sign in
    ///
    /// Returns a bearer token with `read` and `write` scopes. Repeated failures pause sign-in for
    /// the account and for the client address (`429` with `Retry-After`).
    #[oai(path = "/auth/login", method = "post")]
    async fn login(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: Body<Credentials>,
    ) -> Result<Json<IssuedTokenView>, AppError> {
        let ctx = http::ctx(&state, req);
        let c = body.0;
        let issued =
            auth_service::login(&ctx, &state.login_guard, &c.email, c.password, &http::client::client_addr(req))
                .await?;
        Ok(Json(issued.into()))
    }

    /// Sign out
    ///
    /// Revokes the token this request was made with.
    #[oai(path = "/auth/logout", method = "post")]
    async fn logout(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
    ) -> Result<common::NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        auth_service::logout(&ctx, &caller).await?;
        Ok(common::NoContent::Done)
    }

    /// My tokens
    ///
    /// Sign-in and API tokens of the signed-in account, newest first, without their secrets.
    #[oai(path = "/auth/tokens", method = "get")]
    async fn list_tokens(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
    ) -> Result<Json<Vec<TokenView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let rows = auth_service::list_tokens(&ctx, &caller).await?;
        Ok(Json(rows.into_iter().map(|t| TokenView::new(t, Some(caller.token_id))).collect()))
    }

    /// Create an API token
    #[oai(path = "/auth/tokens", method = "post")]
    async fn create_token(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewApiToken>,
    ) -> Result<CreateTokenResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let t = body.0;
        let issued = auth_service::create_api_token(
            &ctx,
            &caller,
            auth_service::NewApiToken { name: t.name, scopes: t.scopes, expires_in_days: t.expires_in_days },
        )
        .await?;
        Ok(CreateTokenResponse::Created(Json(issued.into())))
    }

    /// Revoke one of my tokens
    #[oai(path = "/auth/tokens/:id", method = "delete")]
    async fn revoke_token(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::token_id")] id: Path<i64>,
    ) -> Result<common::NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        auth_service::revoke(&ctx, &caller, id.0).await?;
        Ok(common::NoContent::Done)
    }
}

mod examples;
