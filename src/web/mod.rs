//! Pages for people (issue #10): server-rendered HTML over the same `service/` functions the API
//! calls. Nothing here decides a rule of the law; a refusal is the service's `AppError`, shown as a
//! page in the reader's language instead of problem+json.
//!
//! Every page is one HTML response with its CSS inline (hash-pinned in the CSP), no script and no
//! third-party request. Forms carry a CSRF token (poem's `Csrf`, AES-GCM, cookie + hidden field);
//! the session is a sign-in token of `service::auth` in an `HttpOnly`, `SameSite=Lax` cookie,
//! `Secure` when the request came over HTTPS.
pub mod charts;
pub mod format;
pub mod layer;
pub mod pages;
pub mod session;
pub mod templates;

use poem::{EndpointExt, Route, get, post};

/// The reader's chosen language, remembered for a year.
pub const LANG_COOKIE: &str = "baqylau_lang";
/// The sign-in token of a browser session.
pub const SESSION_COOKIE: &str = "baqylau_session";
/// poem's CSRF cookie (the token's other half is a hidden form field).
pub const CSRF_COOKIE: &str = "baqylau_csrf";
/// The hidden form field holding the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";

/// The pages, their errors rendered as HTML, requests per address limited as on the API, cookies
/// managed, CSRF tokens issued.
pub fn routes(
    csrf_key: [u8; 32],
    rate_limit: crate::http::rate_limit::RateLimit,
) -> poem::endpoint::BoxEndpoint<'static> {
    use pages::*;
    Route::new()
        .at("/", get(home::page))
        .at("/search", get(search::page))
        .at("/reports/:id", get(reports::page))
        .at("/agencies/:id", get(agencies::page))
        .at("/campaigns/:id", get(campaigns::page))
        .at("/conclusions/:id", get(conclusions::page))
        .at("/conclusions/:id/measures", post(measures::answer))
        .at("/conclusions/:id/measures/:measure_id", post(measures::edit))
        .at("/lang/:code", get(layer::switch_language))
        .at("/sign-in", get(account::sign_in_form).post(account::sign_in))
        .at("/register", get(account::register_form).post(account::register))
        .at("/sign-out", post(account::sign_out))
        .at("/discussions/new", get(discussion_forms::new_form).post(discussion_forms::create))
        .at("/discussions/:id", get(discussions::page))
        .at("/discussions/:id/versions", post(discussion_forms::revise))
        .at("/discussions/:id/decide", get(discussion_decisions::page))
        .at("/discussions/:id/comments/:comment_id/decision", post(discussion_decisions::decide))
        .at("/discussions/:id/notice", post(discussion_decisions::publish_notice))
        .at("/discussions/:id/comments", post(discussions::comment))
        .at("/requests/new", get(request_forms::new_form).post(request_forms::create))
        .at("/requests/:id", get(requests::page))
        .at("/requests/:id/edit", get(request_forms::edit_form).post(request_forms::update))
        .at("/requests/:id/delete", post(request_forms::delete))
        .at("/requests/:id/check", get(request_forms::check_page).post(request_forms::run_check))
        .at("/requests/:id/submit", post(request_forms::submit))
        .at("/requests/:id/answer", post(request_actions::answer))
        .at("/requests/:id/refuse", post(request_actions::refuse))
        .at("/requests/:id/extend", post(request_actions::extend))
        .at("/requests/:id/forward", post(request_actions::forward))
        .at("/me", get(me::page))
        .at("/me/profile", get(profile::edit).post(profile::save))
        .at("/inbox", get(inbox::page))
        // issue 22: moderators and administrators
        .at("/moderation", get(moderation::page))
        .at("/moderation/log", get(moderation::log))
        .at("/moderation/:subject/:id/hide", post(moderation::hide))
        .at("/moderation/:subject/:id/unhide", post(moderation::unhide))
        .at("/admin", get(admin::overview))
        .at("/admin/accounts", get(admin::accounts_page))
        .at("/admin/accounts/:id", get(admin::account_page))
        .at("/admin/accounts/:id/role", post(admin::set_role))
        .at("/admin/audit", get(admin::audit_page))
        .at("/admin/health", get(admin::health_page))
        .at("/admin/calendar", get(admin::calendar_page))
        // Inside the page layer, so a 429 is a page that says when to come back.
        .with(rate_limit)
        // Inside the page layer too, so a refused parameter is a page in the reader's language.
        .with(crate::http::controls::RefuseControls)
        .with(layer::Web)
        .with(
            poem::middleware::Csrf::new()
                .key(csrf_key)
                .cookie_name(CSRF_COOKIE)
                // `Secure` is added per request by `layer::SecureCookies` when the request came over HTTPS.
                .secure(false)
                .http_only(true)
                .same_site(poem::web::cookie::SameSite::Lax)
                .ttl(std::time::Duration::from_secs(12 * 60 * 60)),
        )
        .with(poem::middleware::CookieJarManager::new())
        .with(layer::SecureCookies)
        .boxed()
}
