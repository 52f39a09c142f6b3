//! Security headers every response carries, API and pages alike.
use poem::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

/// The pages' policy: no script runs, nothing loads from elsewhere, no form posts elsewhere, no
/// page frames ours; the only styles are the inline stylesheets named here, by their hash.
pub fn content_security_policy(stylesheets: &[&str]) -> String {
    use base64::Engine;
    let styles: Vec<String> = stylesheets
        .iter()
        .map(|css| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css))))
        .collect();
    let style_src = if styles.is_empty() { "'none'".to_string() } else { styles.join(" ") };
    format!(
        "default-src 'none'; style-src {style_src}; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'"
    )
}

/// The stylesheet of the standalone documents the API serves as HTML (a conclusion's printable
/// export): the policy below admits it by its hash, and nothing else.
pub const DOCUMENT_STYLESHEET: &str = "
body { font-family: serif; max-width: 50em; margin: 2em auto; line-height: 1.5; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; } table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2em 0.5em; }
section { page-break-inside: avoid; } @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
";

/// On every response: `nosniff`, so that no answer is read as another type than it says; and on
/// an HTML answer that set no policy of its own (the API's documents), the strictest one: no
/// script, and no style but the documents' own stylesheet.
pub fn secure(headers: &mut HeaderMap) {
    headers.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
    if html
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&content_security_policy(&[DOCUMENT_STYLESHEET]))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_gets_nosniff_and_html_a_policy_unless_it_has_one() {
        let mut json = HeaderMap::new();
        json.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        secure(&mut json);
        assert_eq!(json[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(!json.contains_key(header::CONTENT_SECURITY_POLICY));

        let mut html = HeaderMap::new();
        html.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        secure(&mut html);
        let csp = html[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert_eq!(csp, content_security_policy(&[DOCUMENT_STYLESHEET]));
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe"), "{csp}");

        let mut own = HeaderMap::new();
        own.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        own.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'sha256-x'"),
        );
        secure(&mut own);
        assert_eq!(own[header::CONTENT_SECURITY_POLICY], "default-src 'none'; style-src 'sha256-x'");
    }

    #[test]
    fn a_stylesheet_is_admitted_by_its_hash() {
        let csp = content_security_policy(&["body{}"]);
        assert!(csp.contains("style-src 'sha256-"), "{csp}");
        assert!(!csp.contains("unsafe"));
    }
}
