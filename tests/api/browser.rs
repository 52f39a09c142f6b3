//! A browser for the page tests: keeps cookies, posts forms with the CSRF token of the page it
//! last read, and does not follow redirects (tests look at them).
use std::collections::BTreeMap;

use poem::http::{HeaderMap, Method};

use crate::helpers::TestApp;

pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    /// The CSRF token of the last page read that had a form.
    pub csrf: Option<String>,
    pub accept_language: Option<String>,
}

pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The page's text with tags removed and entities of the kinds templates write decoded, so
    /// assertions read like what a person sees.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        let body = self.html.split("</style>").last().unwrap_or(&self.html);
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        let decoded = out
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#x2f;", "/")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The value of the first `attr="..."` after `marker` in the HTML.
    pub fn attr_after(&self, marker: &str, attr: &str) -> Option<String> {
        let html = self.html.replace("&#x2f;", "/");
        let start = html.find(marker)?;
        let rest = &html[start..];
        let key = format!("{attr}=\"");
        let i = rest.find(&key)? + key.len();
        let j = rest[i..].find('"')?;
        Some(rest[i..i + j].replace("&amp;", "&"))
    }

    /// Every `href` on the page that starts with `prefix`.
    pub fn links(&self, prefix: &str) -> Vec<String> {
        let key = format!("href=\"{prefix}");
        // The template engine writes `/` in attributes as `&#x2f;`.
        let html = self.html.replace("&#x2f;", "/");
        html.match_indices(&key)
            .filter_map(|(i, _)| {
                let s = &html[i + 6..];
                s.find('"').map(|j| s[..j].replace("&amp;", "&").replace("&#x2f;", "/"))
            })
            .collect()
    }
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser { app, cookies: BTreeMap::new(), csrf: None, accept_language: None }
    }

    fn remember(&mut self, headers: &HeaderMap) {
        for v in headers.get_all("set-cookie") {
            let Ok(s) = v.to_str() else { continue };
            let pair = s.split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                let removal = s.to_ascii_lowercase().contains("max-age=0") || v.is_empty();
                if removal {
                    self.cookies.remove(k.trim());
                } else {
                    self.cookies.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
    }

    async fn send(&mut self, method: Method, path: &str, form: Option<String>, headers: &[(&str, &str)]) -> Page {
        let mut rb = self.app.client.request(method, path);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            rb = rb.header("cookie", jar.join("; "));
        }
        if let Some(l) = &self.accept_language {
            rb = rb.header("accept-language", l.as_str());
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        if let Some(body) = form {
            rb = rb.content_type("application/x-www-form-urlencoded").body(body);
        }
        let resp = rb.send().await;
        let status = resp.0.status().as_u16();
        let headers = resp.0.headers().clone();
        let html = resp.0.into_body().into_string().await.unwrap_or_default();
        self.remember(&headers);
        let page = Page { status, headers, html };
        if let Some(token) = page.attr_after("name=\"csrf_token\"", "value") {
            self.csrf = Some(token);
        }
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Page {
        self.send(Method::GET, path, None, headers).await
    }

    /// Post a form with the CSRF token of the last page read (unless the fields carry one).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        if !fields.iter().any(|(k, _)| *k == "csrf_token") {
            s.append_pair("csrf_token", self.csrf.as_deref().unwrap_or(""));
        }
        for (k, v) in fields {
            s.append_pair(k, v);
        }
        self.send(Method::POST, path, Some(s.finish()), &[]).await
    }

    /// Post a `multipart/form-data` form (text fields, then files as (field, file name, content
    /// type, bytes)) with the CSRF token of the last page read (unless the fields carry one).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, &[u8])],
    ) -> Page {
        let boundary = "baqylau-page-boundary-3c9e";
        let mut body = Vec::new();
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = Vec::new();
        if !fields.iter().any(|(k, _)| *k == "csrf_token") {
            all.push(("csrf_token", csrf.as_str()));
        }
        all.extend_from_slice(fields);
        for (name, value) in all {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (field, file_name, content_type, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut rb = self.app.client.request(Method::POST, path);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            rb = rb.header("cookie", jar.join("; "));
        }
        let resp =
            rb.header("content-type", format!("multipart/form-data; boundary={boundary}")).body(body).send().await;
        let status = resp.0.status().as_u16();
        let headers = resp.0.headers().clone();
        let html = resp.0.into_body().into_string().await.unwrap_or_default();
        self.remember(&headers);
        let page = Page { status, headers, html };
        if let Some(token) = page.attr_after("name=\"csrf_token\"", "value") {
            self.csrf = Some(token);
        }
        page
    }

    /// Sign in through the page; panics unless the portal accepts.
    pub async fn sign_in(&mut self, email: &str, password: &str) {
        self.get("/sign-in").await;
        let p = self.post("/sign-in", &[("email", email), ("password", password)]).await;
        assert_eq!(p.status, 303, "sign-in refused: {}", p.text());
    }
}
