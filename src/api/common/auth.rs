//! Who is calling: the bearer-token security schemes of the spec, and the signed-in caller behind
//! a request, decided by `service::auth`.
use poem::Request;
use poem_openapi::{SecurityScheme, auth::Bearer};

use crate::{
    domain::accounts::Scope,
    error::AppResult,
    http,
    service::{Caller, Ctx, auth},
    state::AppState,
};

/// `Authorization: Bearer <token>`: a sign-in token from `POST /auth/login`, or an API token.
#[derive(SecurityScheme)]
#[oai(ty = "bearer")]
pub struct BearerAuth(pub Bearer);

/// A bearer token where one is optional: reads of public data need none, but a team sees its own
/// drafts with one.
#[derive(SecurityScheme)]
pub enum MaybeAuth {
    Bearer(BearerAuth),
    #[oai(fallback)]
    Anonymous,
}

/// The context and the signed-in caller, refusing unless the token carries `scope`.
pub async fn caller(state: &AppState, req: &Request, auth: &BearerAuth, scope: Scope) -> AppResult<(Ctx, Caller)> {
    let ctx = http::ctx(state, req);
    let caller = auth::authenticate(&ctx, &auth.0.token, scope).await?;
    Ok((ctx, caller))
}

/// The context and, when a token came, the caller behind it (a bad token is still refused).
pub async fn maybe_caller(state: &AppState, req: &Request, auth: &MaybeAuth) -> AppResult<(Ctx, Option<Caller>)> {
    let ctx = http::ctx(state, req);
    match auth {
        MaybeAuth::Bearer(b) => {
            let caller = auth::authenticate(&ctx, &b.0.token, Scope::Read).await?;
            Ok((ctx, Some(caller)))
        }
        MaybeAuth::Anonymous => Ok((ctx, None)),
    }
}
