//! Body hashing: `body_hash_hex` is the lower-case hex SHA-256, and `body_matches_hash`
//! accepts exactly that string.
//!
//! Input layout: `body 0xFF claimed-hash` split at the *last* 0xFF (the whole input is the
//! body when there is none, and the claim is then empty).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use twilio_signature::{body_hash_hex, body_matches_hash};

fuzz_target!(|data: &[u8]| {
    let (body, claimed) = match data.iter().rposition(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let hex = body_hash_hex(body);
    let expected: String = Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(&hex[..], expected.as_bytes());

    assert!(body_matches_hash(body, &hex));
    assert!(!body_matches_hash(body, &hex[..63]));
    assert!(
        !body_matches_hash(body, expected.to_uppercase().as_bytes())
            || !expected.bytes().any(|b| b.is_ascii_alphabetic())
    );
    assert_eq!(body_matches_hash(body, claimed), claimed == &hex[..]);
    assert_eq!(
        body_matches_hash(data, claimed),
        claimed == &body_hash_hex(data)[..]
    );
});
