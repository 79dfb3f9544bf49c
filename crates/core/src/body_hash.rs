use sha2::{Digest, Sha256};

use crate::compare::constant_time_eq;
use crate::hex::hex_digit;

/// Lower-case hex SHA-256 of the body, the value Twilio puts in `bodySHA256`.
pub fn body_hash_hex(body: &[u8]) -> [u8; 64] {
    let digest = Sha256::digest(body);
    let mut hex = [0u8; 64];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(digest.iter()) {
        if let [high, low] = pair {
            *high = hex_digit(byte >> 4, false);
            *low = hex_digit(*byte, false);
        }
    }
    hex
}

/// Whether `claimed_hash` (the bytes of the `bodySHA256` value) is the hash of `body`.
/// Upper-case hex does not match: twilio-node compares the hex strings byte for byte.
pub fn body_matches_hash(body: &[u8], claimed_hash: &[u8]) -> bool {
    constant_time_eq(claimed_hash, &body_hash_hex(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(
            &body_hash_hex(br#"{"property": "value", "boolean": true}"#),
            b"0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        assert_eq!(
            &body_hash_hex(b"{}"),
            b"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }

    #[test]
    fn case_sensitive() {
        let upper = b"44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A";
        assert!(!body_matches_hash(b"{}", upper));
        assert!(body_matches_hash(
            b"{}",
            b"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        ));
    }
}
