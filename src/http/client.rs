//! Who is on the other end: the client's address, for rate limits and the sign-in throttle.
use poem::Request;

use crate::state::AppState;

/// The client's address: the last entry of the configured proxy header, else the socket's.
pub fn client_ip(req: &Request, header_name: Option<&str>) -> String {
    if let Some(name) = header_name
        && let Some(v) = req.header(name)
        && let Some(last) = v.rsplit(',').map(str::trim).find(|s| !s.is_empty())
    {
        return last.to_string();
    }
    req.remote_addr().as_socket_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// The client's address as the app is configured to read it (`BAQYLAU_CLIENT_IP_HEADER` behind a
/// proxy), the same for the sign-in throttle as for the rate limits.
pub fn client_addr(req: &Request) -> String {
    let header = req.data::<AppState>().and_then(|s| s.config.client_ip_header.clone());
    client_ip(req, header.as_deref())
}
