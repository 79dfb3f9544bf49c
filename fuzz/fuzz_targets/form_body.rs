//! The raw form-body path: parsing arbitrary bytes never panics, the signed parameter
//! text is UTF-8, the order of the pieces does not matter (twilio-node sorts keys and
//! repeated values), the object written as JSON is valid JSON that flattens to the same
//! signed text, and a whole raw-request validation never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use twilio_signature::{
    form_json, form_signed_params, validate_form_request, validate_form_request_keeping_body,
    Algorithm, Outcome, SigningKey, Verdict,
};

/// twilio-node's flattening of a parsed form object: keys in UTF-16 order, each array's
/// values de-duplicated and sorted, then key and value after each other.
fn flattened(object: &serde_json::Map<String, Value>) -> Vec<u8> {
    let utf16 = |text: &str| text.encode_utf16().collect::<Vec<u16>>();
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort_by_key(|key| utf16(key));
    let mut out = Vec::new();
    for key in keys {
        let mut values: Vec<&str> = match &object[key] {
            Value::String(value) => vec![value],
            Value::Array(values) => values
                .iter()
                .map(|v| v.as_str().expect("a string"))
                .collect(),
            other => panic!("not a string or an array: {other:?}"),
        };
        values.sort_by_key(|value| utf16(value));
        values.dedup();
        for value in values {
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(value.as_bytes());
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let signed = form_signed_params(data);
    assert!(
        std::str::from_utf8(&signed).is_ok(),
        "not UTF-8 for {data:?}"
    );

    let json = form_json(data);
    let object: serde_json::Map<String, Value> = serde_json::from_str(&json)
        .unwrap_or_else(|error| panic!("{error} in {json:?} for {data:?}"));
    assert_eq!(
        flattened(&object),
        signed,
        "JSON and signed text differ for {data:?}"
    );

    // Reversing the pieces changes nothing while Node's 1000-piece limit is not reached.
    let pieces: Vec<&[u8]> = data.split(|&byte| byte == b'&').collect();
    if pieces.len() < 1000 {
        let reversed = pieces.iter().rev().copied().collect::<Vec<_>>().join(&b'&');
        assert_eq!(
            form_signed_params(&reversed),
            signed,
            "order-dependent for {data:?}"
        );
    }

    // The first line is the URL, the rest the body; signed for that URL, it validates.
    let (url, body) = match data.iter().position(|&byte| byte == b'\n') {
        Some(newline) => (&data[..newline], &data[newline + 1..]),
        None => (&b"https://example.com/sms"[..], data),
    };
    let Ok(url) = std::str::from_utf8(url) else {
        return;
    };
    let Some(key) = SigningKey::new(Algorithm::HmacSha1, b"token") else {
        return;
    };
    let params = form_signed_params(body);
    let genuine = key.signature(&[url.as_bytes(), &params]);
    let verdict = validate_form_request(&key, genuine.as_bytes(), url, body);
    assert_eq!(
        verdict,
        Outcome::Decided(Verdict::Valid),
        "the URL's own signature failed for {data:?}"
    );
    assert_eq!(
        validate_form_request_keeping_body(&key, genuine.as_bytes(), url, body),
        (verdict, Some(form_json(body))),
        "the kept body differs for {data:?}"
    );
    let forged = b"AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    assert_eq!(
        validate_form_request_keeping_body(&key, forged, url, body),
        (validate_form_request(&key, forged, url, body), None)
    );
});
