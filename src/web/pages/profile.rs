//! `/me/profile`: the signed-in person's name as the portal shows it, their full name (the law
//! considers only identified authors' comments, Art. 15), their IIN, whether their name is shown
//! publicly and the language of pages and messages; the same `accounts::update_profile` as
//! `PATCH /api/v1/me`.
use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Redirect},
};
use serde::Deserialize;

use crate::{
    error::{AppResult, Code},
    i18n::{self, Lang},
    service::accounts::{self, ProfileChange},
    web::session::{Page, check_csrf},
};

/// The form as typed, kept when a refusal sends it back.
#[derive(Deserialize, Default, serde::Serialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    show_name_publicly: Option<String>,
    #[serde(default)]
    iin: String,
    #[serde(default)]
    language: String,
    #[serde(default, skip_serializing)]
    csrf_token: String,
}

fn render(
    p: &Page,
    status: StatusCode,
    form: &ProfileForm,
    saved: bool,
    refusal: Option<Value>,
) -> AppResult<Response> {
    p.render_status(
        status,
        "profile.html",
        context! {
            form => context! {
                display_name => form.display_name.clone(),
                full_name => form.full_name.clone(),
                show_name_publicly => form.show_name_publicly.is_some(),
                iin => form.iin.clone(),
                language => form.language.clone(),
            },
            languages => Lang::ALL.iter().map(|l| context! { code => l.code(), label => i18n::text(*l, &format!("web.lang_name.{}", l.code())) }).collect::<Vec<_>>(),
            saved => saved,
            refusal => refusal,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

#[handler]
pub async fn edit(p: Page, poem::web::Query(q): poem::web::Query<Saved>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let a = &caller.account;
    let f = ProfileForm {
        display_name: a.display_name.clone(),
        full_name: a.full_name.clone().unwrap_or_default(),
        show_name_publicly: a.show_name_publicly.then(|| "1".into()),
        iin: a.iin.clone().unwrap_or_default(),
        language: a.language.clone().unwrap_or_else(|| p.lang.code().to_string()),
        csrf_token: String::new(),
    };
    render(&p, StatusCode::OK, &f, q.saved.is_some(), None)
}

#[handler]
pub async fn save(req: &Request, p: Page, Form(f): Form<ProfileForm>) -> AppResult<Response> {
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render(&p, e.status(), &f, false, Some(p.refusal(&e)));
    }
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let change = ProfileChange {
        display_name: Some(f.display_name.clone()),
        // The service keeps a stored full name when none is given (a comment already made stays
        // identified), so an emptied field changes nothing.
        full_name: Some(f.full_name.trim().to_string()).filter(|s| !s.is_empty()),
        // Like the full name: a stored IIN stays when the field is emptied.
        iin: Some(f.iin.trim().to_string()).filter(|s| !s.is_empty()),
        show_name_publicly: Some(f.show_name_publicly.is_some()),
        language: Some(f.language.clone()).filter(|l| !l.trim().is_empty()),
    };
    match accounts::update_profile(&ctx, &caller, change).await {
        Ok(a) => {
            // The pages follow the chosen language at once, on this device too.
            if let Some(lang) = a.language.as_deref().and_then(Lang::parse) {
                crate::web::layer::remember_language(req, lang);
            }
            Ok(Redirect::see_other("/me/profile?saved=1").into_response())
        }
        Err(e) if e.code == Code::Internal => Err(e),
        Err(e) => render(&p, e.status(), &f, false, Some(p.refusal(&e))),
    }
}
