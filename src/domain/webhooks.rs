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
/// `http://` and `https://` on loopback hosts as well. Host names are checked as written here;
/// what a name resolves to is checked by `service::webhooks::resolve` at registration and by the
/// deliverer's resolver before every connection ([`WebhookUrl::parse_resolved`] takes its answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(pointer: &str, s: &str, allow_loopback: bool) -> Result<Self, FieldError> {
        Self::parse_resolved(pointer, s, allow_loopback, false)
    }

    /// As [`WebhookUrl::parse`], for a host name already known to resolve to loopback addresses
    /// only (`name_is_loopback`): where loopback is allowed, such a name is treated as `localhost`.
    pub fn parse_resolved(
        pointer: &str,
        s: &str,
        allow_loopback: bool,
        name_is_loopback: bool,
    ) -> Result<Self, FieldError> {
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
                name_is_loopback || d == "localhost" || d.ends_with(".localhost")
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

    /// The host name to resolve, when the host is a name rather than an address literal.
    pub fn domain(&self) -> Option<String> {
        domain_of(&self.0)
    }
}

/// The host name of an address as typed, when it parses and names a host rather than an address.
pub fn domain_of(s: &str) -> Option<String> {
    url::Url::parse(s.trim()).ok()?.domain().map(|d| d.trim_end_matches('.').to_ascii_lowercase())
}

/// Whether the portal may connect to `ip` for a webhook: a public address, or loopback when the
/// configuration allows it (tests, local development).
pub fn may_connect(ip: IpAddr, allow_loopback: bool) -> bool {
    is_public(ip) || (allow_loopback && ip.is_loopback())
}

/// Whether an address is on the public Internet, by IANA's special-purpose address registries:
/// IPv4 outside every special range; IPv6 only inside global unicast (`2000::/3`) and outside its
/// special blocks, and an IPv4 address carried inside IPv6 (mapped, 6to4) judged as that IPv4
/// address. NAT64 (`64:ff9b::/96`) and IPv4-compatible forms fall outside `2000::/3`, so they are
/// refused whatever they carry.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            if (s[0] & 0xe000) != 0x2000 {
                return false;
            }
            if s[0] == 0x2002 {
                // 6to4: the IPv4 address is the next 32 bits.
                let [a, b] = s[1].to_be_bytes();
                let [c, d] = s[2].to_be_bytes();
                return is_public_v4(std::net::Ipv4Addr::new(a, b, c, d));
            }
            let ietf_protocols = s[0] == 0x2001 && s[1] < 0x0200; // 2001::/23: Teredo, ORCHID, benchmarking
            let documentation = (s[0] == 0x2001 && s[1] == 0x0db8) || (s[0] == 0x3fff && s[1] < 0x1000);
            !(ietf_protocols || documentation)
        }
    }
}

fn is_public_v4(v4: std::net::Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    let special = a == 0 // "this network"
        || a == 10
        || (a == 100 && (b & 0xc0) == 64) // carrier-grade NAT
        || a == 127
        || (a == 169 && b == 254)
        || (a == 172 && (b & 0xf0) == 16)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168)
        || (a == 198 && (b & 0xfe) == 18) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224; // multicast 224/4, reserved 240/4, broadcast
    !special
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
        // A name that resolves to loopback only counts as loopback, and only where loopback is allowed.
        let resolved = |s: &str, l: bool| WebhookUrl::parse_resolved("/url", s, l, true).is_ok();
        assert!(resolved("http://hooks.example.test:9/hook", true));
        assert!(!resolved("http://hooks.example.test:9/hook", false));
        assert!(!resolved("https://hooks.example.test:9/hook", false));
    }

    #[test]
    fn every_special_range_is_refused() {
        let public = |s: &str| is_public(s.parse().unwrap());
        for ip in [
            "0.0.0.1",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.0.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.1",
            "203.0.113.1",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            // IPv6: loopback, unspecified, IPv4-compatible, IPv4-mapped private, NAT64, 6to4 of a private
            // address, Teredo, documentation (both blocks), unique local, link-local, multicast.
            "::1",
            "::",
            "::a9fe:a9fe",
            "::7f00:1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::808:808",
            "2002:a9fe:a9fe::1",
            "2002:7f00:1::",
            "2001::1",
            "2001:db8::1",
            "3fff::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
        ] {
            assert!(!public(ip), "{ip} must be refused");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "100.128.0.1",
            "172.32.0.1",
            "198.20.0.1",
            "223.255.255.254",
            "::ffff:8.8.8.8",
            "2002:808:808::1",
            "2a00:1450:4001::1",
            "2606:4700::1111",
        ] {
            assert!(public(ip), "{ip} is public");
        }
        // The registration check refuses them as literal hosts.
        for url in [
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[::a9fe:a9fe]/",
            "https://[2002:a9fe:a9fe::1]/",
            "https://198.18.0.1/",
            "https://240.0.0.1/",
            "https://224.0.0.1/",
            "https://192.0.0.8/",
        ] {
            assert_eq!(
                WebhookUrl::parse("/url", url, true).err().map(|e| e.code),
                Some("webhook_url_not_allowed"),
                "{url}"
            );
        }
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
