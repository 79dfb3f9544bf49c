//! Signed-payload construction and validation with arbitrary token, URL, parameters,
//! claimed signature and body.
//!
//! Input layout (so seeds stay readable): fields separated by the byte 0xFF, which never
//! occurs in UTF-8: `flags 0xFF token 0xFF url 0xFF params 0xFF signature 0xFF body`.
//! Missing fields are empty. `flags` bit 0 picks HMAC-SHA256, bit 1 passes `null` params,
//! bit 2 defers the body. A non-UTF-8 URL is read lossily.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use twilio_signature::internals::{url_crate_agrees_with_node, CandidateUrls};
use twilio_signature::{
    normalize, validate_request, validate_request_normalized, validate_request_with_body,
    Algorithm, Body, Needed, Outcome, ParamsPresence, SigningKey, Verdict,
};

const VALID: Outcome = Outcome::Decided(Verdict::Valid);
const INVALID: Outcome = Outcome::Decided(Verdict::Invalid);
const INVALID_URL: Outcome = Outcome::Decided(Verdict::InvalidUrl);
const NULL_PARAMS: Outcome = Outcome::Decided(Verdict::NullParams);
const NEEDS_HREF: Outcome = Outcome::Needs(Needed::NodeHref);
const NEEDS_BODY: Outcome = Outcome::Needs(Needed::Body);

fuzz_target!(|data: &[u8]| {
    let mut fields = data.split(|&b| b == 0xFF);
    let flags = fields.next().and_then(|f| f.first().copied()).unwrap_or(0);
    let token = fields.next().unwrap_or_default();
    let url = String::from_utf8_lossy(fields.next().unwrap_or_default());
    let params = fields.next().unwrap_or_default();
    let claimed = fields.next().unwrap_or_default();
    let body = fields.next().unwrap_or_default();

    let algorithm = if flags & 1 == 0 {
        Algorithm::HmacSha1
    } else {
        Algorithm::HmacSha256
    };
    let presence = if flags & 2 == 0 {
        ParamsPresence::Present
    } else {
        ParamsPresence::Null
    };
    let deferred = flags & 4 != 0;

    // HMAC takes keys of every length, the empty one included.
    let key = SigningKey::new(algorithm, token).expect("HMAC key setup must not fail");
    assert_eq!(key.algorithm(), algorithm);

    // Our own signature: canonical base64 of a tag of the algorithm's size, which
    // decode_claimed accepts and gives back byte for byte.
    let parts: [&[u8]; 2] = [url.as_bytes(), params];
    let tag = key.tag(&parts);
    assert_eq!(tag.as_bytes().len(), algorithm.tag_len());
    let signature = key.signature(&parts);
    assert_eq!(signature.len(), algorithm.tag_len().div_ceil(3) * 4);
    assert_eq!(
        STANDARD.decode(&signature).ok().as_deref(),
        Some(tag.as_bytes())
    );
    let decoded = key
        .decode_claimed(signature.as_bytes())
        .expect("own signature must decode");
    assert_eq!(decoded.as_bytes(), tag.as_bytes());
    assert!(key.matches(&decoded, &parts));
    // Splitting the payload differently does not change the HMAC.
    let joined: Vec<u8> = [url.as_bytes(), params].concat();
    assert_eq!(key.tag(&[&joined]).as_bytes(), tag.as_bytes());

    // An arbitrary claim decodes only if it is the canonical encoding of a tag.
    if let Some(claim) = key.decode_claimed(claimed) {
        assert_eq!(claim.as_bytes().len(), algorithm.tag_len());
        assert_eq!(STANDARD.encode(claim.as_bytes()).as_bytes(), claimed);
    }

    // With params present, our own signature of the URL as received always validates:
    // the URL itself is one of the two raw candidates (remove_port gives it back when it
    // has no port, add_port when it has one).
    let verdict = validate_request(&key, claimed, &url, params, presence);
    if verdict == NEEDS_HREF {
        // Only URLs the core does not trust the `url` crate with are handed back.
        assert!(
            !url_crate_agrees_with_node(&url),
            "NeedsNodeHref for {url:?}"
        );
        // Play the facade's part, with the `url` crate standing in for Node's parser.
        if let Some(href) = normalize(&url) {
            for tried in [Some(url.as_ref()), None] {
                let second =
                    validate_request_normalized(&key, claimed, &href, params, presence, tried);
                assert!(
                    matches!(
                        second,
                        Verdict::Valid | Verdict::Invalid | Verdict::NullParams
                    ),
                    "{second:?} for {url:?}"
                );
            }
        }
    }
    match presence {
        ParamsPresence::Present => {
            assert!(
                matches!(verdict, VALID | INVALID | INVALID_URL | NEEDS_HREF),
                "{verdict:?} for {url:?}"
            );
            let candidates = CandidateUrls::of(&url);
            assert!(candidates.raw.iter().any(|c| c.as_str() == url.as_ref()));
            assert_eq!(
                validate_request(&key, signature.as_bytes(), &url, params, presence),
                VALID
            );
        }
        ParamsPresence::Null => {
            assert!(
                matches!(
                    verdict,
                    VALID | INVALID | INVALID_URL | NULL_PARAMS | NEEDS_HREF
                ),
                "{verdict:?} for {url:?}"
            );
            if !url.contains("bodySHA256") {
                assert_eq!(verdict, NULL_PARAMS);
            }
        }
    }

    // validateRequestWithBody: never panics, and only answers with the verdicts it can.
    let body_arg = if deferred {
        Body::Deferred
    } else {
        Body::Bytes(body)
    };
    let with_body = validate_request_with_body(&key, claimed, &url, body_arg);
    assert!(
        matches!(
            with_body,
            VALID | INVALID | INVALID_URL | NEEDS_BODY | NEEDS_HREF
        ),
        "{with_body:?} for {url:?}"
    );
    if deferred {
        assert_ne!(with_body, VALID);
    } else {
        assert_ne!(with_body, NEEDS_BODY);
    }
    // The URL's own empty-params signature gets past the signature check whenever the URL
    // parses; the body then decides.
    let own = key.signature(&[url.as_bytes()]);
    let own_verdict = validate_request_with_body(&key, own.as_bytes(), &url, Body::Deferred);
    let expected = if !url_crate_agrees_with_node(&url) {
        NEEDS_HREF
    } else if url::Url::parse(&url).is_ok() {
        NEEDS_BODY
    } else {
        INVALID_URL
    };
    assert_eq!(own_verdict, expected, "for {url:?}");
});
