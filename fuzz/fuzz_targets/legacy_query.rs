//! The legacy querystring re-encoding on arbitrary UTF-8: never panics, the re-encoded
//! query is ASCII, and re-encoding its own output changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_signature::internals::with_legacy_querystring;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let once = with_legacy_querystring(url);

    // Everything up to and including the first `?` is kept as it was.
    match url.find('?') {
        None => assert_eq!(once.as_ref(), url),
        Some(question) => {
            assert_eq!(&once[..=question], &url[..=question]);
            let query = &once[question + 1..];
            assert!(
                query.is_ascii(),
                "non-ASCII re-encoded query {query:?} from {url:?}"
            );
            // Only querystring.escape's unreserved set, '%', '=' and '&' can appear.
            assert!(
                query.bytes().all(|b| b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'-' | b'.'
                            | b'_'
                            | b'~'
                            | b'!'
                            | b'\''
                            | b'('
                            | b')'
                            | b'*'
                            | b'%'
                            | b'='
                            | b'&'
                    )),
                "unexpected byte in {query:?}"
            );
        }
    }
    if url.is_ascii() {
        assert!(once.is_ascii());
    }

    // Idempotent: the output is already in parse-and-stringify normal form.
    let twice = with_legacy_querystring(&once);
    assert_eq!(twice.as_ref(), once.as_ref(), "not idempotent for {url:?}");
});
