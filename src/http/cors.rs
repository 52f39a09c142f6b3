//! CORS: any web page may call the API from the browser.
//!
//! Every API response says `Access-Control-Allow-Origin: *` and never `Allow-Credentials`. The
//! wildcard is safe here because the API has no ambient credentials: it sets no cookies and
//! reads none (the pages' session cookie means nothing under `/api/`), and browsers never attach cookies or HTTP authentication to a `*` response. A
//! write needs `Authorization: Bearer <token>`, which a page can only send if it holds the token,
//! so a foreign page cannot act for a visitor. Preflights (`OPTIONS` with
//! `Access-Control-Request-Method`) are answered here for any origin, for the methods and request
//! headers the API uses. poem's own `Cors` echoes the origin and turns errors into plain text, so
//! this small layer sits outside the problem+json edge instead.
use poem::{
    Endpoint, IntoResponse, Middleware, Request, Response,
    http::{HeaderValue, Method, StatusCode, header},
};

const ALLOW_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE";
const ALLOW_HEADERS: &str =
    "Authorization, Content-Type, Accept, Accept-Language, If-None-Match, If-Modified-Since, X-Request-Id";
/// What a script may read of a response beyond the CORS-safelisted headers.
const EXPOSE_HEADERS: &str = "ETag, Last-Modified, Location, Content-Disposition, Content-Language, Retry-After, \
     RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, X-Request-Id";
/// A day: browsers cap it lower anyway.
const MAX_AGE: &str = "86400";

pub struct Cors;

impl<E: Endpoint> Middleware<E> for Cors {
    type Output = CorsEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        CorsEndpoint(ep)
    }
}

pub struct CorsEndpoint<E>(E);

impl<E: Endpoint> Endpoint for CorsEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        // Only the API is for scripts of other sites; the pages (which do set cookies) are not.
        if !req.uri().path().starts_with("/api/") {
            return Ok(self.0.call(req).await?.into_response());
        }
        let preflight = req.method() == Method::OPTIONS
            && req.headers().contains_key(header::ORIGIN)
            && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
        if preflight {
            return Ok(Response::builder()
                .status(StatusCode::NO_CONTENT)
                .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .header(header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS)
                .header(header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS)
                .header(header::ACCESS_CONTROL_MAX_AGE, MAX_AGE)
                .finish());
        }
        let mut resp = self.0.call(req).await?.into_response();
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
        Ok(resp)
    }
}
