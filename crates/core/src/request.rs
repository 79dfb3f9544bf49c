//! `validateRequest` and `validateRequestWithBody` of twilio-node 6.3.1.

use std::borrow::Cow;

use crate::body_hash::body_matches_hash;
use crate::candidates::{normalize, normalized_candidates, raw_candidates};
use crate::form_body::with_parsed_form;
use crate::node_parity::url_crate_agrees_with_node;
use crate::raw_url::{port_span, with_port, without_port};
use crate::recent_urls::{with_fallbacks, Fallbacks};
use crate::signing_key::{SigningKey, Tag};

/// What a validation concluded, or the input it still needs to conclude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Decided(Verdict),
    Needs(Needed),
}

/// twilio-node's answer. The two error variants are the places where it throws instead
/// of answering; the binding turns them into the same JavaScript errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid,
    /// `new URL(url)` would throw `ERR_INVALID_URL` (reached only after the raw candidates
    /// failed, or first of all in `validateRequestWithBody`).
    InvalidUrl,
    /// `params` was `null` and a candidate URL lacks the substring `bodySHA256`:
    /// twilio-node only replaces `null` params by `{}` when the URL being signed mentions
    /// `bodySHA256`, and `Object.keys(null)` throws for every other candidate.
    NullParams,
}

/// Input the caller held back or that only Node can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needed {
    /// The raw candidates failed and this URL is one where the `url` crate and Node's own
    /// WHATWG parser may serialise differently (see [`url_crate_agrees_with_node`]): the
    /// caller must supply Node's `new URL(url).href` through
    /// [`validate_request_normalized`].
    NodeHref,
    /// The signature matched, so the body must now be hashed, but the caller deferred
    /// converting it (twilio-node converts it only at this point, so its conversion errors
    /// surface only for correctly signed requests).
    Body,
}

impl From<Verdict> for Outcome {
    fn from(verdict: Verdict) -> Outcome {
        Outcome::Decided(verdict)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsPresence {
    Present,
    Null,
}

#[derive(Clone, Copy, Debug)]
pub enum Body<'a> {
    Bytes(&'a [u8]),
    Deferred,
}

/// Checks `claimed` (the `X-Twilio-Signature` bytes) against every candidate URL, each
/// followed by `params` (the parameters already flattened and sorted by the facade).
pub fn validate_request(
    key: &SigningKey,
    claimed: &[u8],
    url: &str,
    params: &[u8],
    presence: ParamsPresence,
) -> Outcome {
    let check = Checker::new(key, claimed, params, presence);
    let raw = match check.raw(url) {
        Ok(RawTry::Matched) => return Verdict::Valid.into(),
        Ok(RawTry::Failed(raw)) => raw,
        Err(verdict) => return verdict.into(),
    };
    if presence == ParamsPresence::Null {
        // Rare (only `null` params), and each candidate must be checked for the
        // `bodySHA256` substring, so nothing is remembered for it.
        if !url_crate_agrees_with_node(url) {
            return Outcome::Needs(Needed::NodeHref);
        }
        return match normalize(url) {
            Some(href) => check.normalized(&raw, &href).into(),
            None => Verdict::InvalidUrl.into(),
        };
    }
    with_fallbacks(url, &raw, |fallbacks| match fallbacks {
        Fallbacks::NeedsNodeHref => Outcome::Needs(Needed::NodeHref),
        Fallbacks::InvalidUrl => Verdict::InvalidUrl.into(),
        Fallbacks::Candidates(candidates) => check.fallbacks(candidates).into(),
    })
}

/// [`validate_request`] with the parameters twilio-node would be given by
/// `querystring.parse` of the raw form `body`. A claimed signature that cannot be one of
/// ours is rejected without hashing, so the body is not parsed for it either: a forged
/// flood costs no more for carrying large bodies.
pub fn validate_form_request(key: &SigningKey, claimed: &[u8], url: &str, body: &[u8]) -> Outcome {
    if key.decode_claimed(claimed).is_none() {
        return validate_request(key, claimed, url, b"", ParamsPresence::Present);
    }
    with_parsed_form(body, |form| {
        validate_request(key, claimed, url, form.signed(), ParamsPresence::Present)
    })
}

/// [`validate_form_request`], and for a valid request the object a body parser would
/// make of the form, as [`crate::form_json`] writes it, from the same parse: a guard that
/// sets `req.body` reads the body once. `None` for every other outcome.
pub fn validate_form_request_keeping_body(
    key: &SigningKey,
    claimed: &[u8],
    url: &str,
    body: &[u8],
) -> (Outcome, Option<String>) {
    if key.decode_claimed(claimed).is_none() {
        return (validate_form_request(key, claimed, url, body), None);
    }
    with_parsed_form(body, |form| {
        let outcome = validate_request(key, claimed, url, form.signed(), ParamsPresence::Present);
        let json = matches!(outcome, Outcome::Decided(Verdict::Valid)).then(|| form.json());
        (outcome, json)
    })
}

/// The second half of [`validate_request`]: the four normalised candidates of `href`
/// (Node's serialisation of the URL), once the raw candidates failed. `tried_url` is the
/// URL whose raw candidates were tried, so those are not hashed again; `None` when the
/// caller tried them itself in a form this function cannot reproduce.
pub fn validate_request_normalized(
    key: &SigningKey,
    claimed: &[u8],
    href: &str,
    params: &[u8],
    presence: ParamsPresence,
    tried_url: Option<&str>,
) -> Verdict {
    let tried = tried_url.map(raw_candidates);
    let tried: &[Cow<'_, str>] = tried.as_ref().map_or(&[], |raw| raw.as_slice());
    Checker::new(key, claimed, params, presence).normalized(tried, href)
}

/// `validateRequestWithBody`: the URL must parse (checked first, as twilio-node does),
/// the signature must match with empty params, and the body must hash to the first
/// `bodySHA256` query value.
pub fn validate_request_with_body(
    key: &SigningKey,
    claimed: &[u8],
    url: &str,
    body: Body<'_>,
) -> Outcome {
    if !url_crate_agrees_with_node(url) {
        return Outcome::Needs(Needed::NodeHref);
    }
    let Ok(parsed) = url::Url::parse(url) else {
        return Verdict::InvalidUrl.into();
    };
    let expected_hash = body_sha256_param(&parsed);
    let check = Checker::new(key, claimed, b"", ParamsPresence::Present);
    let signed = match check.raw(url) {
        Ok(RawTry::Matched) => Verdict::Valid,
        Ok(RawTry::Failed(raw)) => check.normalized(&raw, parsed.as_str()),
        Err(verdict) => verdict,
    };
    if signed != Verdict::Valid {
        return signed.into();
    }
    match body {
        Body::Deferred => Outcome::Needs(Needed::Body),
        Body::Bytes(bytes) if body_matches_hash(bytes, expected_hash.as_bytes()) => {
            Verdict::Valid.into()
        }
        Body::Bytes(_) => Verdict::Invalid.into(),
    }
}

/// `searchParams.get("bodySHA256") || ""`: the first occurrence, form-decoded.
pub fn body_sha256_param(url: &url::Url) -> String {
    url.query_pairs()
        .find(|(name, _)| name == "bodySHA256")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// What trying the URL as received gave.
enum RawTry<'u> {
    Matched,
    /// Neither raw candidate matched; they are kept so the normalised phase skips them.
    Failed([Cow<'u, str>; 2]),
}

struct Checker<'k> {
    key: &'k SigningKey,
    claim: Option<Tag>,
    params: &'k [u8],
    presence: ParamsPresence,
}

impl<'k> Checker<'k> {
    fn new(
        key: &'k SigningKey,
        claimed: &[u8],
        params: &'k [u8],
        presence: ParamsPresence,
    ) -> Checker<'k> {
        Checker {
            key,
            claim: key.decode_claimed(claimed),
            params,
            presence,
        }
    }

    /// The URL as received, without then with its port. Most valid requests match the
    /// first, so the with-port form is only built when that fails.
    fn raw<'u>(&self, url: &'u str) -> Result<RawTry<'u>, Verdict> {
        let span = port_span(url);
        let first = [without_port(url, span)];
        if self.any(&first, &[])? {
            return Ok(RawTry::Matched);
        }
        let [first] = first;
        let raw = [first, with_port(url, span)];
        let (tried, rest) = raw.split_at(1);
        if self.any(rest, tried)? {
            return Ok(RawTry::Matched);
        }
        Ok(RawTry::Failed(raw))
    }

    /// The four normalised candidates of `href`, after the `raw` ones failed.
    fn normalized(&self, raw: &[Cow<'_, str>], href: &str) -> Verdict {
        if self.claim.is_none() && self.presence == ParamsPresence::Present {
            return Verdict::Invalid;
        }
        match self.any(&normalized_candidates(href), raw) {
            Ok(true) => Verdict::Valid,
            Ok(false) => Verdict::Invalid,
            Err(verdict) => verdict,
        }
    }

    /// Normalised candidates already stripped of those the raw phase tried.
    fn fallbacks(&self, candidates: &[String]) -> Verdict {
        let Some(claim) = &self.claim else {
            return Verdict::Invalid;
        };
        let matches = candidates.iter().any(|candidate| {
            self.key
                .matches(claim, &[candidate.as_bytes(), self.params])
        });
        if matches {
            Verdict::Valid
        } else {
            Verdict::Invalid
        }
    }

    /// Tries `candidates` in order. A candidate equal to one already tried (in `earlier` or
    /// before it in `candidates`) cannot change the answer, so it is not hashed again.
    fn any(&self, candidates: &[Cow<'_, str>], earlier: &[Cow<'_, str>]) -> Result<bool, Verdict> {
        for (position, candidate) in candidates.iter().enumerate() {
            if self.presence == ParamsPresence::Null && !candidate.contains("bodySHA256") {
                return Err(Verdict::NullParams);
            }
            let Some(claim) = &self.claim else {
                continue;
            };
            let seen = earlier
                .iter()
                .chain(candidates.get(..position).unwrap_or(&[]))
                .any(|tried| tried == candidate);
            if !seen
                && self
                    .key
                    .matches(claim, &[candidate.as_bytes(), self.params])
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;

    const VALID: Outcome = Outcome::Decided(Verdict::Valid);
    const INVALID: Outcome = Outcome::Decided(Verdict::Invalid);
    const INVALID_URL: Outcome = Outcome::Decided(Verdict::InvalidUrl);
    const NULL_PARAMS: Outcome = Outcome::Decided(Verdict::NullParams);
    const NEEDS_HREF: Outcome = Outcome::Needs(Needed::NodeHref);
    const NEEDS_BODY: Outcome = Outcome::Needs(Needed::Body);

    const P5: &str =
        "CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212";

    fn key() -> SigningKey {
        SigningKey::new(Algorithm::HmacSha1, b"12345").unwrap()
    }

    fn check(url: &str, signature: &str) -> Outcome {
        validate_request(
            &key(),
            signature.as_bytes(),
            url,
            P5.as_bytes(),
            ParamsPresence::Present,
        )
    }

    #[test]
    fn standard_vectors() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(check(url, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), VALID);
        assert_eq!(check(url, "kvajT1Ptam85bY51eRf/AJRuM3w="), VALID);
        assert_eq!(
            check(
                "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
            ),
            VALID
        );
        assert_eq!(check(url, "RSOYDt4T1cUTdK1PDd93/VVr8B9="), INVALID);
        assert_eq!(check(url, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), INVALID);
    }

    #[test]
    fn invalid_url_only_after_raw_candidates_fail() {
        let url = "https://e.com:65536/";
        assert_eq!(check(url, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), INVALID_URL);
        assert_eq!(check(url, "short"), INVALID_URL);
        let signature = key().signature(&[url.as_bytes(), P5.as_bytes()]);
        assert_eq!(check(url, &signature), VALID);
        let signature = key().signature(&[b"not a url", P5.as_bytes()]);
        assert_eq!(check("not a url", &signature), VALID);
    }

    #[test]
    fn asks_for_node_href_where_parsers_may_differ() {
        let forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        assert_eq!(check("foo://h:1\\x/", forged), NEEDS_HREF);
        assert_eq!(check("https://bücher.de/", forged), NEEDS_HREF);
        assert_eq!(check("https://xn--bcher-kva.de/", forged), NEEDS_HREF);
        assert_eq!(check(" https://e.com/", forged), NEEDS_HREF);
        assert_eq!(check("https://e.com/C:/../x", forged), NEEDS_HREF);
        assert_eq!(check("https://e.com/a\\c|/x", forged), NEEDS_HREF);
        assert_eq!(check("https://e.com:80/x", forged), INVALID);
        let href = "https://xn--bcher-kva.de/";
        let signature = key().signature(&[href.as_bytes(), P5.as_bytes()]);
        let normalized = |claimed: &str| {
            validate_request_normalized(
                &key(),
                claimed.as_bytes(),
                href,
                P5.as_bytes(),
                ParamsPresence::Present,
                Some("https://bücher.de/"),
            )
        };
        assert_eq!(normalized(&signature), Verdict::Valid);
        assert_eq!(normalized(forged), Verdict::Invalid);
    }

    #[test]
    fn null_params() {
        let null = |url: &str| validate_request(&key(), b"x", url, b"", ParamsPresence::Null);
        assert_eq!(null("https://e.com/?bodySHA256=1"), INVALID);
        assert_eq!(null("https://e.com/"), NULL_PARAMS);
        // The host is lower-cased by normalisation, so the normalised candidates lack it.
        assert_eq!(null("https://bodySHA256.com/"), NULL_PARAMS);
        assert_eq!(null("foo://h/bodySHA256"), NEEDS_HREF);
    }

    #[test]
    fn body_validation() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let body = br#"{"property": "value", "boolean": true}"#;
        let with_body =
            |claimed: &str, body| validate_request_with_body(&key(), claimed.as_bytes(), url, body);
        assert_eq!(
            with_body("a9nBmqA0ju/hNViExpshrM61xv4=", Body::Bytes(body)),
            VALID
        );
        assert_eq!(
            with_body("a9nBmqA0ju/hNViExpshrM61xv4=", Body::Bytes(b"{}")),
            INVALID
        );
        assert_eq!(
            with_body("a9nBmqA0ju/hNViExpshrM61xv4=", Body::Deferred),
            NEEDS_BODY
        );
        assert_eq!(
            with_body("a9nBmqA0ju/hNViExpshrM61xv5=", Body::Deferred),
            INVALID
        );
        assert_eq!(
            validate_request_with_body(&key(), b"x", "https://[::1/", Body::Deferred),
            INVALID_URL
        );
        assert_eq!(
            validate_request_with_body(&key(), b"x", "relative", Body::Deferred),
            NEEDS_HREF
        );
    }
}
