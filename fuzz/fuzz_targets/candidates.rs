//! Candidate URL generation on arbitrary UTF-8: never panics, and the candidates keep the
//! relations twilio-node's string surgery implies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_signature::internals::{add_port, remove_port, with_legacy_querystring, CandidateUrls};
use twilio_signature::normalize;

/// An independent, deliberately naive reading of twilio-node's `splitUrl` regex
/// `^([a-z][a-z0-9+.-]*://)([^/?#]*)` (case-insensitive): returns (scheme, authority, rest).
fn split_reference(url: &str) -> Option<(&str, &str, &str)> {
    let chars: Vec<(usize, char)> = url.char_indices().collect();
    let (_, first) = *chars.first()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_ascii_alphanumeric() || c == '+' || c == '.' || c == '-' {
            i += 1;
        } else {
            break;
        }
    }
    let scheme_end = chars.get(i).map_or(url.len(), |&(at, _)| at);
    if !url[scheme_end..].starts_with("://") {
        return None;
    }
    let authority_start = scheme_end + 3;
    let authority_len = url[authority_start..]
        .find(|c| c == '/' || c == '?' || c == '#')
        .unwrap_or(url.len() - authority_start);
    let authority_end = authority_start + authority_len;
    Some((
        &url[..authority_start],
        &url[authority_start..authority_end],
        &url[authority_end..],
    ))
}

/// (userinfo, host, port) as twilio-node cuts the authority.
fn cut_authority(authority: &str) -> (&str, &str, &str) {
    let user_end = authority.rfind('@').map_or(0, |at| at + 1);
    let host_and_port = &authority[user_end..];
    let from = host_and_port.rfind(']').map_or(0, |b| b + 1);
    match host_and_port[from..].find(':') {
        Some(colon) => (
            &authority[..user_end],
            &host_and_port[..from + colon],
            &host_and_port[from + colon..],
        ),
        None => (&authority[..user_end], host_and_port, ""),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let candidates = CandidateUrls::of(url);

    // The raw pair is exactly removePort / addPort of the string as received.
    let removed = remove_port(url);
    let added = add_port(url);
    assert_eq!(candidates.raw[0], removed.as_ref());
    assert_eq!(candidates.raw[1], added.as_ref());

    // Differential check against the naive reference of the JS string surgery.
    match split_reference(url) {
        None => {
            assert_eq!(removed.as_ref(), url);
            assert_eq!(added.as_ref(), url);
        }
        Some((scheme, authority, rest)) => {
            let (user, host, port) = cut_authority(authority);
            assert_eq!(removed.as_ref(), format!("{scheme}{user}{host}{rest}"));
            let expected_added = if port.is_empty() {
                let standard = if scheme.eq_ignore_ascii_case("https://") {
                    ":443"
                } else {
                    ":80"
                };
                format!("{scheme}{user}{host}{standard}{rest}")
            } else {
                url.to_owned()
            };
            assert_eq!(added.as_ref(), expected_added);
        }
    }

    // removePort is idempotent and undoes addPort.
    assert_eq!(remove_port(&removed), removed);
    assert_eq!(remove_port(&added), removed);

    // The normalised candidates exist exactly when the WHATWG parser accepts the URL,
    // and are ASCII like every WHATWG serialisation.
    assert_eq!(
        candidates.normalized.is_some(),
        url::Url::parse(url).is_ok()
    );
    if let Some(normalized) = &candidates.normalized {
        let href = normalize(url).unwrap_or_default();
        assert_eq!(normalized[0], remove_port(&href).as_ref());
        assert_eq!(normalized[1], add_port(&href).as_ref());
        assert_eq!(
            normalized[2],
            with_legacy_querystring(&normalized[0]).as_ref()
        );
        assert_eq!(
            normalized[3],
            with_legacy_querystring(&normalized[1]).as_ref()
        );
        for candidate in normalized {
            assert!(
                candidate.is_ascii(),
                "non-ASCII candidate {candidate:?} from {url:?}"
            );
        }
    }
});
