//! The raw form-body path: parsing arbitrary bytes never panics, the signed parameter
//! text is UTF-8, the order of the pieces does not matter (twilio-node sorts keys and
//! repeated values), and a whole raw-request validation never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_signature::{
    form_signed_params, validate_form_request, Algorithm, Outcome, SigningKey, Verdict,
};

fuzz_target!(|data: &[u8]| {
    let signed = form_signed_params(data);
    assert!(
        std::str::from_utf8(&signed).is_ok(),
        "not UTF-8 for {data:?}"
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
    let _ = validate_form_request(&key, b"AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url, body);
});
