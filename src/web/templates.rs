//! The template engine (minijinja, HTML auto-escaping on every `.html` template) with the page
//! templates built into the binary, and the helpers templates call: `t` (the i18n tables, in the
//! page's language), `num`, `pct`, `date`.
use std::sync::LazyLock;

use minijinja::{Environment, State, UndefinedBehavior, Value, value::Kwargs};

use super::format;
use crate::i18n::{self, Lang};

/// Every template, by name. A page template extends `layout.html`.
const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("templates/layout.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("error.html", include_str!("templates/error.html")),
    ("home.html", include_str!("templates/home.html")),
    ("search.html", include_str!("templates/search.html")),
    ("report.html", include_str!("templates/report.html")),
    ("sign_in.html", include_str!("templates/sign_in.html")),
    ("register.html", include_str!("templates/register.html")),
    ("discussion.html", include_str!("templates/discussion.html")),
    ("request.html", include_str!("templates/request.html")),
    ("request_form.html", include_str!("templates/request_form.html")),
    ("request_check.html", include_str!("templates/request_check.html")),
    ("request_extend.html", include_str!("templates/request_extend.html")),
    ("me.html", include_str!("templates/me.html")),
    ("profile.html", include_str!("templates/profile.html")),
    // issue 21: my account
    ("notifications.html", include_str!("templates/notifications.html")),
    ("tokens.html", include_str!("templates/tokens.html")),
    ("organizations.html", include_str!("templates/organizations.html")),
    ("organization.html", include_str!("templates/organization.html")),
    ("inbox.html", include_str!("templates/inbox.html")),
    ("agency.html", include_str!("templates/agency.html")),
    ("campaign.html", include_str!("templates/campaign.html")),
    ("conclusion.html", include_str!("templates/conclusion.html")),
    ("officer_macros.html", include_str!("templates/officer_macros.html")),
    ("discussion_new.html", include_str!("templates/discussion_new.html")),
    ("discussion_decide.html", include_str!("templates/discussion_decide.html")),
    ("discussion_officer.html", include_str!("templates/discussion_officer.html")),
    ("measure_form.html", include_str!("templates/measure_form.html")),
    ("agency_officer.html", include_str!("templates/agency_officer.html")),
    // issue 21: campaign (flow 2) and survey (flow 4)
    ("campaign_macros.html", include_str!("templates/campaign_macros.html")),
    ("campaign_form.html", include_str!("templates/campaign_form.html")),
    ("campaign_step.html", include_str!("templates/campaign_step.html")),
    ("campaign_team.html", include_str!("templates/campaign_team.html")),
    ("campaign_questionnaire.html", include_str!("templates/campaign_questionnaire.html")),
    ("campaign_survey.html", include_str!("templates/campaign_survey.html")),
    ("campaign_survey_thanks.html", include_str!("templates/campaign_survey_thanks.html")),
    // issue 21: observations in the field and the conclusion editor
    ("campaign_field.html", include_str!("templates/campaign_field.html")),
    ("observation_form.html", include_str!("templates/observation_form.html")),
    ("observation_delete.html", include_str!("templates/observation_delete.html")),
    ("observations.html", include_str!("templates/observations.html")),
    ("conclusion_form.html", include_str!("templates/conclusion_form.html")),
    ("conclusion_diff.html", include_str!("templates/conclusion_diff.html")),
    // issue 22: moderators and administrators
    ("moderation.html", include_str!("templates/moderation.html")),
    ("moderation_log.html", include_str!("templates/moderation_log.html")),
    ("admin.html", include_str!("templates/admin.html")),
    ("admin_accounts.html", include_str!("templates/admin_accounts.html")),
    ("admin_account.html", include_str!("templates/admin_account.html")),
    ("admin_audit.html", include_str!("templates/admin_audit.html")),
    ("admin_health.html", include_str!("templates/admin_health.html")),
    ("admin_calendar.html", include_str!("templates/admin_calendar.html")),
    // issue 22: the administrators' directory
    ("admin_agencies.html", include_str!("templates/admin_agencies.html")),
    ("admin_agency.html", include_str!("templates/admin_agency.html")),
    ("admin_services.html", include_str!("templates/admin_services.html")),
    ("admin_service.html", include_str!("templates/admin_service.html")),
    ("admin_directory_macros.html", include_str!("templates/admin_directory_macros.html")),
];

/// The stylesheet every page carries inline (its hash is in the CSP).
pub const STYLESHEET: &str = include_str!("templates/site.css");

fn lang_of(state: &State) -> Lang {
    state.lookup("lang").and_then(|v| v.as_str().and_then(Lang::parse)).unwrap_or(Lang::En)
}

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // A misspelt variable in a page is an error the page tests see, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name}: {e:#}"));
    }
    env.add_function("t", |state: &State, key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
        let lang = lang_of(state);
        let mut args: Vec<(&str, String)> = Vec::new();
        let names: Vec<&str> = kwargs.args().collect();
        for name in names {
            let v: Value = kwargs.get(name)?;
            args.push((name, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())));
        }
        Ok(if args.is_empty() { i18n::text(lang, key) } else { i18n::format(lang, key, &args) })
    });
    env.add_filter("num", |state: &State, v: Value| -> String {
        match i64::try_from(v.clone()) {
            Ok(n) => format::integer(lang_of(state), n),
            Err(_) => {
                f64::try_from(v.clone()).map(|x| format::decimal(lang_of(state), x)).unwrap_or_else(|_| v.to_string())
            }
        }
    });
    env.add_filter("pct", |state: &State, v: Value| -> String {
        f64::try_from(v.clone()).map(|x| format::percent(lang_of(state), x)).unwrap_or_default()
    });
    env.add_filter("date", |state: &State, v: Value| -> String {
        v.as_str().map(|s| format::any_date(lang_of(state), s)).unwrap_or_default()
    });
    env
});

/// Render a page template with the given context.
pub fn render(name: &str, ctx: Value) -> Result<String, minijinja::Error> {
    ENV.get_template(name)?.render(ctx)
}

/// The names of every template, for the test that renders each one.
pub fn names() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(n, _)| *n)
}
