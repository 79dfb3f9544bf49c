//! Port surgery on the URL string exactly as received (twilio-node ≥ 6.2 tries these
//! "raw" candidates first, because Twilio signs the string it requested, not a
//! normalised form of it).

use std::borrow::Cow;

/// Byte offsets of `scheme://userinfo@host:port` at the start of a URL.
///
/// Mirrors the pattern `^([a-z][a-z0-9+.-]*://)([^/?#]*)` (ASCII letters only, any case):
/// the authority runs to the first `/`, `?` or `#`; userinfo ends at its *last* `@`; the
/// port starts at the first `:` after the last `]` (so IPv6 literals keep their colons).
/// Nothing is validated: a port may be empty (`host:`) or not a number at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortSpan {
    /// Where the host ends (and the port, if any, starts).
    pub host_end: usize,
    /// Where the authority ends; `host_end == port_end` when there is no port.
    pub port_end: usize,
    /// Whether the scheme is `https` in any case (which standard port `add_port` adds).
    pub is_https: bool,
}

/// Where the port of `url` is (or would go), or `None` when it does not start with
/// `scheme://`.
pub fn port_span(url: &str) -> Option<PortSpan> {
    let bytes = url.as_bytes();
    let first = *bytes.first()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let scheme_len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))?;
    let after_scheme = bytes.get(scheme_len..)?;
    if !after_scheme.starts_with(b"://") {
        return None;
    }
    let authority_start = scheme_len + 3;
    let authority_len = bytes
        .get(authority_start..)?
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(bytes.len() - authority_start);
    let authority_end = authority_start + authority_len;
    let authority = bytes.get(authority_start..authority_end)?;
    let host_start = authority_start
        + authority
            .iter()
            .rposition(|&b| b == b'@')
            .map_or(0, |at| at + 1);
    let host_and_port = bytes.get(host_start..authority_end)?;
    let search_from = host_and_port
        .iter()
        .rposition(|&b| b == b']')
        .map_or(0, |bracket| bracket + 1);
    let host_end = host_and_port
        .get(search_from..)?
        .iter()
        .position(|&b| b == b':')
        .map_or(authority_end, |colon| host_start + search_from + colon);
    Some(PortSpan {
        host_end,
        port_end: authority_end,
        is_https: bytes.get(..scheme_len)?.eq_ignore_ascii_case(b"https"),
    })
}

/// The URL without its port (`removePort`); unchanged when it has none or does not start
/// with `scheme://`.
pub fn remove_port(url: &str) -> Cow<'_, str> {
    without_port(url, port_span(url))
}

/// The URL with the scheme's standard port added (`addPort`): `:443` for `https://` (any
/// case), `:80` for every other scheme — twilio-node's rule, even for `wss:` or `ftp:`.
/// Unchanged when a port (even an empty one) is already there.
pub fn add_port(url: &str) -> Cow<'_, str> {
    with_port(url, port_span(url))
}

/// [`remove_port`] with the span already found.
pub fn without_port(url: &str, span: Option<PortSpan>) -> Cow<'_, str> {
    match span {
        Some(span) if span.host_end < span.port_end => {
            match (url.get(..span.host_end), url.get(span.port_end..)) {
                (Some(head), Some(tail)) => Cow::Owned([head, tail].concat()),
                _ => Cow::Borrowed(url),
            }
        }
        _ => Cow::Borrowed(url),
    }
}

/// [`add_port`] with the span already found.
pub fn with_port(url: &str, span: Option<PortSpan>) -> Cow<'_, str> {
    match span {
        Some(span) if span.host_end == span.port_end => {
            let port = if span.is_https { ":443" } else { ":80" };
            match (url.get(..span.host_end), url.get(span.host_end..)) {
                (Some(head), Some(tail)) => Cow::Owned([head, port, tail].concat()),
                _ => Cow::Borrowed(url),
            }
        }
        _ => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_and_adds_ports() {
        assert_eq!(remove_port("https://h.com:8443/x"), "https://h.com/x");
        assert_eq!(add_port("https://h.com:8443/x"), "https://h.com:8443/x");
        assert_eq!(add_port("https://h.com/x"), "https://h.com:443/x");
        assert_eq!(add_port("HTTPS://h.com"), "HTTPS://h.com:443");
        assert_eq!(add_port("wss://h.com/x"), "wss://h.com:80/x");
        assert_eq!(add_port("https://h.com:/x"), "https://h.com:/x");
        assert_eq!(remove_port("https://h.com:/x"), "https://h.com/x");
    }

    #[test]
    fn userinfo_and_ipv6() {
        assert_eq!(
            remove_port("https://u:p@w@[::1]:99/x?y#z"),
            "https://u:p@w@[::1]/x?y#z"
        );
        assert_eq!(add_port("http://u:p@[::1]/x"), "http://u:p@[::1]:80/x");
        assert_eq!(add_port("https://[::1]:99/x"), "https://[::1]:99/x");
    }

    #[test]
    fn not_a_scheme_url() {
        assert_eq!(add_port("mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(add_port(" https://h.com/"), " https://h.com/");
        assert_eq!(add_port("1http://h.com/"), "1http://h.com/");
        assert_eq!(add_port(""), "");
        assert_eq!(add_port("a+b.c-d://h"), "a+b.c-d://h:80");
    }
}
