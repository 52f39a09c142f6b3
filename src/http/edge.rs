//! What every response passes through: a request id (kept from the client when sane), the client's
//! language, one structured log line, and the conversion of every error, ours or poem's, into
//! localized `application/problem+json`. No client mistake leaves here as plain text or a 500.
use std::{sync::Arc, time::Instant};

use poem::{
    Endpoint, IntoResponse, Middleware, Request, Response,
    error::{MethodNotAllowedError, NotFoundError, SizedLimitError},
    http::{HeaderValue, Method, StatusCode, header},
};
use poem_openapi::error::{
    AuthorizationError, ContentTypeError, ParseMultipartError, ParseParamError, ParsePathError,
    ParseRequestPayloadError,
};
use serde_json::Value;
use tracing::Instrument;

use crate::{
    error::{AppError, Code, Problem, ProblemField},
    i18n::{self, Lang},
};

/// The id of the request being served, as in `X-Request-Id`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The edge of the app, knowing the API's documented routes (for the `Allow` header of a 405).
pub struct Edge {
    routes: Arc<Routes>,
}

impl Edge {
    /// `spec` is the API's OpenAPI document, read once here.
    pub fn new(spec: &Value) -> Edge {
        Edge { routes: Arc::new(Routes::of(spec)) }
    }
}

impl<E: Endpoint> Middleware<E> for Edge {
    type Output = EdgeEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        EdgeEndpoint { ep, routes: self.routes.clone() }
    }
}

pub struct EdgeEndpoint<E> {
    ep: E,
    routes: Arc<Routes>,
}

fn sane_request_id(v: &str) -> bool {
    !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic())
}

impl<E: Endpoint> Endpoint for EdgeEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let request_id = req
            .header("x-request-id")
            .filter(|v| sane_request_id(v))
            .map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let lang = Lang::from_accept_language(req.header(header::ACCEPT_LANGUAGE));
        req.set_data(RequestId(request_id.clone()));
        req.set_data(lang);
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        let started = Instant::now();
        let span = tracing::info_span!("request", request_id = %request_id, method = %method, path = %path);

        let result = self.ep.call(req).instrument(span.clone()).await;
        let mut resp = match result {
            Ok(r) => r.into_response(),
            Err(e) => {
                let extra = e.data::<super::rate_limit::ErrorHeaders>().cloned();
                let err = classify(e, &method, &path);
                span.in_scope(|| log_error(&err));
                let mut resp = problem_response(&err, lang, &request_id);
                if err.code == Code::MethodNotAllowed
                    && let Some(allow) = self.routes.allowed_methods(&path).and_then(|m| HeaderValue::from_str(&m).ok())
                {
                    resp.headers_mut().insert(header::ALLOW, allow);
                }
                // Headers a middleware attached to the error (rate limits) survive its conversion.
                if let Some(extra) = extra {
                    resp.headers_mut().extend(extra.0);
                }
                resp
            }
        };
        super::headers::secure(resp.headers_mut());
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            resp.headers_mut().insert("x-request-id", v);
        }
        span.in_scope(|| {
            tracing::info!(status = resp.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "served")
        });
        Ok(resp)
    }
}

/// Every documented path (its segments, `{...}` for a parameter) with the methods it answers, read
/// from the spec itself so that the `Allow` header of a 405 (RFC 9110 §15.5.6 requires it) cannot
/// drift from the routes.
struct Routes(Vec<(Vec<String>, String)>);

impl Routes {
    fn of(spec: &Value) -> Routes {
        let Some(paths) = spec.get("paths").and_then(|p| p.as_object()) else {
            return Routes(Vec::new());
        };
        Routes(
            paths
                .iter()
                .map(|(path, item)| {
                    let segments = path.trim_matches('/').split('/').map(str::to_string).collect();
                    let mut methods: Vec<String> =
                        item.as_object().map(|m| m.keys().map(|k| k.to_uppercase()).collect()).unwrap_or_default();
                    methods.sort();
                    (segments, methods.join(", "))
                })
                .collect(),
        )
    }

    /// The methods the API answers at `path`: of the documented paths it matches, the one with the
    /// most literal segments, as the router picks `/campaigns/export.csv` over `/campaigns/{id}`.
    fn allowed_methods(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(super::API_PREFIX)?;
        let segments: Vec<&str> = rest.trim_matches('/').split('/').collect();
        self.0
            .iter()
            .filter(|(template, _)| {
                template.len() == segments.len()
                    && template.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s)
            })
            .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(_, methods)| methods.clone())
    }
}

fn log_error(err: &AppError) {
    if err.code == Code::Internal {
        tracing::error!(error = %err, "internal error");
    } else {
        tracing::debug!(code = err.code.as_str(), "refused");
    }
}

/// Every error poem or poem-openapi can produce, as one of ours.
pub fn classify(e: poem::Error, method: &Method, path: &str) -> AppError {
    if e.is::<AppError>() {
        return match e.downcast::<AppError>() {
            Ok(app) => app,
            Err(e) => AppError::internal(anyhow::anyhow!("{e}")),
        };
    }
    if e.is::<NotFoundError>() {
        return AppError::new(Code::NotFound).arg("path", path);
    }
    if e.is::<MethodNotAllowedError>() {
        return AppError::new(Code::MethodNotAllowed).arg("method", method).arg("path", path);
    }
    if let Some(p) = e.downcast_ref::<ParseParamError>() {
        return AppError::invalid_parameter(p.name, &p.reason);
    }
    if let Some(p) = e.downcast_ref::<ParsePathError>() {
        return AppError::invalid_parameter(p.name, &p.reason);
    }
    if let Some(p) = e.downcast_ref::<ParseRequestPayloadError>() {
        return AppError::new(Code::MalformedJson).arg("reason", &p.reason);
    }
    if let Some(p) = e.downcast_ref::<ParseMultipartError>() {
        return AppError::new(Code::MalformedMultipart).arg("reason", &p.reason);
    }
    if let Some(p) = e.downcast_ref::<poem::error::ParseMultipartError>() {
        return AppError::new(Code::MalformedMultipart).arg("reason", p);
    }
    if let Some(c) = e.downcast_ref::<ContentTypeError>() {
        let ct = match c {
            ContentTypeError::NotSupported { content_type } => content_type.clone(),
            ContentTypeError::ExpectContentType => "a body without Content-Type".to_string(),
        };
        return AppError::new(Code::UnsupportedMediaType).arg("content_type", ct);
    }
    if e.is::<AuthorizationError>() {
        return AppError::new(Code::Unauthorized);
    }
    if e.is::<SizedLimitError>() {
        return AppError::new(Code::BodyTooLarge).arg("limit", "the configured number of");
    }
    let status = e.status();
    let code = match status {
        StatusCode::UNAUTHORIZED => Code::Unauthorized,
        StatusCode::FORBIDDEN => Code::Forbidden,
        StatusCode::NOT_FOUND => Code::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => Code::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => Code::BodyTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Code::UnsupportedMediaType,
        s if s.is_client_error() => Code::InvalidParameter,
        _ => return AppError::internal(anyhow::anyhow!("{e}")),
    };
    AppError::new(code)
        .arg("path", path)
        .arg("method", method)
        .arg("why", e.to_string())
        .arg("name", "-")
        .arg("reason", e.to_string())
        .arg("content_type", "this content type")
        .arg("limit", "the configured number of")
}

/// The problem document for an error, in `lang`.
pub fn problem(err: &AppError, lang: Lang, request_id: &str) -> Problem {
    let code = err.code.as_str();
    let mut args = err.args.clone();
    args.push(("request_id", request_id.to_string()));
    Problem {
        type_: format!("/api/v1/problems/{code}"),
        title: i18n::text(lang, &format!("errors.{code}.title")),
        status: err.status().as_u16(),
        detail: i18n::format(lang, &format!("errors.{code}.detail"), &args),
        code: code.to_string(),
        request_id: Some(request_id.to_string()),
        errors: problem_fields(&err.fields, lang),
    }
}

/// Field errors as `errors[]` entries, in `lang`.
pub fn problem_fields(fields: &[crate::error::FieldError], lang: Lang) -> Vec<ProblemField> {
    fields
        .iter()
        .map(|f| {
            let parameter = f.args.iter().find(|(k, _)| *k == "parameter").map(|(_, v)| v.clone());
            ProblemField {
                pointer: if parameter.is_some() { None } else { Some(f.pointer.clone()) },
                parameter,
                code: f.code.to_string(),
                message: i18n::format(lang, &format!("fields.{}", f.code), &f.args),
            }
        })
        .collect()
}

pub fn problem_response(err: &AppError, lang: Lang, request_id: &str) -> Response {
    let body = poem_openapi::types::ToJSON::to_json_string(&problem(err, lang, request_id));
    let mut resp = Response::builder()
        .status(err.status())
        .content_type("application/problem+json")
        .header(header::CONTENT_LANGUAGE, lang.code())
        .body(body);
    if let Some(secs) = err.retry_after_secs {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}
