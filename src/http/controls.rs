//! Control characters refused at the door: in the path, in every query parameter and in every
//! field of a URL-encoded form, before any handler reads them (JSON bodies are checked where they
//! are read, in `api::common::body`). A NUL that reaches PostgreSQL fails the statement; refused
//! here it is a 422 naming the parameter, for every parameter of every route at once.
use poem::{Endpoint, IntoResponse, Middleware, Request, Response, error::ReadBodyError, http::Method};

use crate::{
    domain::text::has_forbidden_control,
    error::{AppError, Code, FieldError},
};

pub struct RefuseControls;

impl<E: Endpoint> Middleware<E> for RefuseControls {
    type Output = RefuseControlsEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        RefuseControlsEndpoint(ep)
    }
}

pub struct RefuseControlsEndpoint<E>(E);

/// The first parameter of a URL-encoded text (query or form) that holds a control character.
fn control_in_pairs(encoded: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(encoded)
        .find(|(name, value)| has_forbidden_control(name) || has_forbidden_control(value))
        .map(|(name, _)| name.chars().filter(|c| !c.is_control()).collect())
}

/// Whether a percent-encoded path decodes to a control character. Raw ones cannot reach here: the
/// HTTP parser refuses them.
fn control_in_path(path: &str) -> bool {
    let b = path.as_bytes();
    b.windows(3).any(|w| {
        w[0] == b'%' && matches!(w[1], b'0' | b'1') && w[2].is_ascii_hexdigit() && {
            let v = u8::from_str_radix(std::str::from_utf8(&w[1..]).unwrap_or("ff"), 16).unwrap_or(0xff);
            has_forbidden_control(&char::from(v).to_string())
        }
    })
}

fn refused(parameter: &str) -> AppError {
    AppError::fields(Code::ValidationFailed, vec![FieldError::new("", "control_character").arg("parameter", parameter)])
}

fn is_form(req: &Request) -> bool {
    req.content_type()
        .and_then(|ct| ct.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.type_() == "application" && m.subtype() == "x-www-form-urlencoded")
}

impl<E: Endpoint> Endpoint for RefuseControlsEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        if control_in_path(req.uri().path()) {
            return Err(refused("path").into());
        }
        if let Some(name) = req.uri().query().and_then(|q| control_in_pairs(q.as_bytes())) {
            return Err(refused(&name).into());
        }
        if req.method() != Method::GET && req.method() != Method::HEAD && is_form(&req) {
            // A form is read whole here (within the JSON limit, which also bounds it), checked, and
            // handed on unchanged.
            let limit = req.data::<crate::state::AppState>().map(|s| s.config.json_body_limit).unwrap_or(1024 * 1024);
            let bytes = req.take_body().into_bytes_limit(limit).await.map_err(|e| match e {
                ReadBodyError::PayloadTooLarge => AppError::new(Code::BodyTooLarge).arg("limit", limit),
                other => AppError::new(Code::InvalidBody).arg("reason", other),
            })?;
            if let Some(name) = control_in_pairs(&bytes) {
                return Err(AppError::validation(vec![FieldError::new(format!("/{name}"), "control_character")]).into());
            }
            req.set_body(bytes);
        }
        self.0.call(req).await.map(IntoResponse::into_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_found_in_queries_and_paths() {
        assert_eq!(control_in_pairs(b"q=a%00b&limit=5").as_deref(), Some("q"));
        assert_eq!(control_in_pairs(b"limit=5&code=%1b").as_deref(), Some("code"));
        assert_eq!(control_in_pairs(b"n%00ame=1").as_deref(), Some("name"));
        assert_eq!(control_in_pairs(b"q=line%0Abreak%09tab&x=%D2%9B"), None);
        assert!(control_in_path("/api/v1/agencies/%00"));
        assert!(control_in_path("/agencies/a%1Fb"));
        assert!(!control_in_path("/search/%0a"));
        assert!(!control_in_path("/agencies/%D2%9B%20"));
    }
}
