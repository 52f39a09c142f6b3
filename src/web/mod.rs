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
        // issue 21: campaign (flow 2) and survey (flow 4)
        .at("/campaigns/new", get(campaign_forms::new_form).post(campaign_forms::create))
        .at("/campaigns/:id/edit", get(campaign_forms::edit_form).post(campaign_forms::update))
        .at("/campaigns/:id/team", get(campaign_forms::team_page).post(campaign_forms::add_member))
        .at("/campaigns/:id/team/:account_id/remove", post(campaign_forms::remove_member))
        .at("/campaigns/:id/state/:event", get(campaign_forms::step_page).post(campaign_forms::step))
        .at("/campaigns/:id/questionnaire", get(campaign_survey::builder).post(campaign_survey::save_questionnaire))
        .at("/campaigns/:id/survey", get(campaign_survey::survey).post(campaign_survey::answer))
        .at("/campaigns/:id/survey/thanks", get(campaign_survey::thanks))
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
        // issue 21: my account (notifications, API tokens and sessions, organisations)
        .at("/me/notifications", get(notifications::page))
        .at("/me/notifications/read-all", post(notifications::mark_all_read))
        .at("/me/notifications/:id/read", post(notifications::mark_read))
        .at("/me/tokens", get(tokens::page).post(tokens::create))
        .at("/me/tokens/:id/revoke", post(tokens::revoke))
        .at("/me/organizations", get(organizations::my_page).post(organizations::create))
        .at("/organizations/:id", get(organizations::page))
        .at("/organizations/:id/invitations", post(organizations::send_invitation))
        .at("/organizations/:id/members/:account_id/role", post(organizations::set_role))
        .at("/organizations/:id/members/:account_id/remove", post(organizations::remove))
        .at("/invitations/:id/accept", post(organizations::accept_invitation))
        .at("/invitations/:id/decline", post(organizations::decline_invitation))
        .at("/inbox", get(inbox::page))
        // issue 21: observations in the field (flow 3) and the conclusion editor (flow 5)
        .at("/campaigns/:id/observations", get(observation_forms::list))
        .at("/campaigns/:id/observations/new", get(observation_forms::new_form).post(observation_forms::create))
        .at("/campaigns/:id/observations/:oid/edit", get(observation_forms::edit_form).post(observation_forms::update))
        .at(
            "/campaigns/:id/observations/:oid/delete",
            get(observation_forms::delete_confirm).post(observation_forms::delete),
        )
        .at("/campaigns/:id/observations/:oid/evidence/:eid", get(evidence::file))
        .at("/campaigns/:id/observations/:oid/evidence/:eid/remove", post(observation_forms::remove_evidence))
        .at("/conclusions/new", get(conclusion_forms::new_form).post(conclusion_forms::create))
        .at("/conclusions/:id/edit", get(conclusion_forms::edit_page).post(conclusion_forms::update))
        .at("/conclusions/:id/submit", post(conclusion_forms::submit))
        .at("/conclusions/:id/publish", post(conclusion_forms::publish))
        .at("/conclusions/:id/correct", post(conclusion_forms::correct))
        .at("/conclusions/:id/diff", get(conclusion_forms::diff))
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
        .at("/admin/calendar", get(admin_calendar::page))
        .at("/admin/calendar/transfers", post(admin_calendar::add))
        .at("/admin/calendar/transfers/:id/remove", post(admin_calendar::remove))
        // issue 22: the administrators' directory (agencies, registry of services)
        .at("/admin/agencies", get(admin_directory::agencies_page).post(admin_directory::create_agency))
        .at("/admin/agencies/:id", get(admin_directory::agency_page).post(admin_directory::update_agency))
        .at("/admin/agencies/:id/:action", post(admin_directory::agency_action))
        .at("/admin/services", get(admin_directory::services_page).post(admin_directory::create_service))
        .at("/admin/services/:id", get(admin_directory::service_page).post(admin_directory::update_service))
        .at("/admin/services/:id/:action", post(admin_directory::service_action))
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
