//! The URLs twilio-node 6.3.1 checks a signature against, in its order.

use std::borrow::Cow;

use crate::legacy_query::with_legacy_querystring;
use crate::raw_url::{port_span, with_port, without_port};

/// The URL as received, without and with its standard port. Tried first: it is the string
/// Twilio actually signed.
pub fn raw_candidates(url: &str) -> [Cow<'_, str>; 2] {
    let span = port_span(url);
    [without_port(url, span), with_port(url, span)]
}

/// WHATWG serialisation (`new URL(url).toString()`), or `None` where `new URL` throws.
pub fn normalize(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(String::from)
}

/// The four fallbacks built from the normalised URL: without and with port, then both of
/// those with the legacy querystring re-encoding (for back ends that signed `'` where the
/// WHATWG serialiser writes `%27`).
pub fn normalized_candidates(href: &str) -> [Cow<'_, str>; 4] {
    let [without_port, with_port] = raw_candidates(href);
    let legacy_without = legacy_of(&without_port);
    let legacy_with = legacy_of(&with_port);
    [without_port, with_port, legacy_without, legacy_with]
}

/// The legacy form of a candidate, borrowing from the href where the candidate does.
fn legacy_of<'a>(candidate: &Cow<'a, str>) -> Cow<'a, str> {
    match candidate {
        Cow::Borrowed(text) => with_legacy_querystring(text),
        Cow::Owned(text) => Cow::Owned(with_legacy_querystring(text).into_owned()),
    }
}

/// Every candidate in order, for tests and fuzzing; `None` in place of the normalised
/// four when `new URL` would throw.
pub struct CandidateUrls {
    pub raw: [String; 2],
    pub normalized: Option<[String; 4]>,
}

impl CandidateUrls {
    pub fn of(url: &str) -> CandidateUrls {
        let raw = raw_candidates(url).map(Cow::into_owned);
        let normalized =
            normalize(url).map(|href| normalized_candidates(&href).map(Cow::into_owned));
        CandidateUrls { raw, normalized }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(url: &str) -> Vec<String> {
        let candidates = CandidateUrls::of(url);
        let mut list = candidates.raw.to_vec();
        list.extend(candidates.normalized.into_iter().flatten());
        list
    }

    #[test]
    fn quote_and_port() {
        assert_eq!(
            all("https://example.com/path?test=param'WithQuote"),
            [
                "https://example.com/path?test=param'WithQuote",
                "https://example.com:443/path?test=param'WithQuote",
                "https://example.com/path?test=param%27WithQuote",
                "https://example.com:443/path?test=param%27WithQuote",
                "https://example.com/path?test=param'WithQuote",
                "https://example.com:443/path?test=param'WithQuote",
            ]
        );
    }

    #[test]
    fn invalid_url_has_only_raw_candidates() {
        let candidates = CandidateUrls::of("x.com/path");
        assert!(candidates.normalized.is_none());
        assert_eq!(candidates.raw[0], "x.com/path");
    }

    #[test]
    fn normalisation_examples() {
        assert_eq!(
            normalize("HTTPS://ExAmple.COM:443").as_deref(),
            Some("https://example.com/")
        );
        assert_eq!(
            normalize("https://bücher.de/ä?q=ü#f g").as_deref(),
            Some("https://xn--bcher-kva.de/%C3%A4?q=%C3%BC#f%20g")
        );
        assert_eq!(
            normalize("http://0x7f.1/").as_deref(),
            Some("http://127.0.0.1/")
        );
        assert_eq!(normalize("https://e.com:65536/"), None);
        assert_eq!(normalize("https://xn--a.com/"), None);
    }
}
