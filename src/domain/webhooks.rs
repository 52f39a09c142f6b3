//! Webhooks: where the portal may post, how a delivery is signed, and how long it waits before
//! trying again. No I/O here.
use std::net::IpAddr;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::FieldError;

/// The header that carries the signature: `sha256=<hex HMAC-SHA256 of the body, keyed by the
/// hook's secret>`.
pub const SIGNATURE_HEADER: &str = "x-baqylau-signature";

/// A webhook address the portal will post to.
///
/// Only `https://` to a public host: a hook is registered by any key holder, so an address inside
/// the portal's own network (loopback, private, link-local ranges, `localhost`) would let anyone
/// make the server call its neighbours. `allow_loopback` (tests, local development) admits
/// `http://` and `https://` on loopback hosts as well. Host names are checked as written; a
/// public name that resolves to a private address is not caught here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(pointer: &str, s: &str, allow_loopback: bool) -> Result<Self, FieldError> {
        let t = s.trim();
        let invalid = || FieldError::new(pointer, "invalid_url");
        let refused = || FieldError::new(pointer, "webhook_url_not_allowed");
        if t.len() > 2000 {
            return Err(FieldError::new(pointer, "too_long").arg("max", 2000));
        }
        let url = url::Url::parse(t).map_err(|_| invalid())?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refused());
        }
        let loopback = match url.host() {
            None => return Err(invalid()),
            Some(url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                d == "localhost" || d.ends_with(".localhost")
            }
            Some(url::Host::Ipv4(ip)) => {
                let ip = IpAddr::V4(ip);
                if !ip.is_loopback() && !is_public(ip) {
                    return Err(refused());
                }
                ip.is_loopback()
            }
            Some(url::Host::Ipv6(ip)) => {
                let ip = IpAddr::V6(ip);
                if !ip.is_loopback() && !is_public(ip) {
                    return Err(refused());
                }
                ip.is_loopback()
            }
        };
        let ok = match (url.scheme(), loopback) {
            ("https", false) => true,
            ("https" | "http", true) => allow_loopback,
            _ => false,
        };
        if ok { Ok(Self(url.to_string())) } else { Err(refused()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                // 100.64.0.0/10, carrier-grade NAT
                || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64))
        }
        IpAddr::V6(v6) => {
            let seg = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (seg & 0xfe00) == 0xfc00 // unique local
                || (seg & 0xffc0) == 0xfe80 // link-local
                || v6.to_ipv4_mapped().is_some_and(|v4| !is_public(IpAddr::V4(v4))))
        }
    }
}

/// `sha256=<hex>` of the body under the secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The wait before the next try after `failures` consecutive failures (1, 2, ...): 10 seconds,
/// doubling, at most an hour. With the default of 10 failures a hook is switched off after about
/// two and a half hours of failing.
pub fn backoff(failures: u32) -> chrono::Duration {
    let exp = failures.saturating_sub(1).min(16);
    chrono::Duration::seconds((10i64 << exp).min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_to_public_hosts_unless_loopback_is_allowed() {
        let ok = |s: &str, l: bool| WebhookUrl::parse("/url", s, l).is_ok();
        assert!(ok("https://example.org/hook", false));
        assert!(!ok("http://example.org/hook", false));
        assert!(!ok("https://localhost/hook", false));
        assert!(!ok("http://127.0.0.1:8080/hook", false));
        assert!(!ok("https://10.0.0.5/hook", false));
        assert!(!ok("https://192.168.1.1/hook", false));
        assert!(!ok("https://169.254.169.254/latest", false));
        assert!(!ok("https://[::1]/hook", false));
        assert!(!ok("https://[fd00::1]/hook", false));
        assert!(!ok("https://user:pw@example.org/", false));
        assert!(!ok("ftp://example.org/", false));
        assert!(!ok("not a url", false));
        assert!(ok("http://127.0.0.1:8080/hook", true));
        assert!(ok("http://localhost:9/hook", true));
        assert!(!ok("http://10.0.0.5/hook", true));
        assert!(!ok("http://example.org/hook", true));
    }

    #[test]
    fn the_signature_is_hmac_sha256_in_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1).num_seconds(), 10);
        assert_eq!(backoff(2).num_seconds(), 20);
        assert_eq!(backoff(4).num_seconds(), 80);
        assert_eq!(backoff(20).num_seconds(), 3600);
    }
}
