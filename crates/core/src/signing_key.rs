use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

use crate::algorithm::Algorithm;

/// Longest tag we produce (SHA-256).
const MAX_TAG: usize = 32;
/// Longest base64 signature we produce (44 chars for SHA-256).
const MAX_SIGNATURE: usize = 44;

/// An auth token (or SharedKey secret) with its HMAC key schedule already computed, so a
/// request costs only the hashing of its own signed payload. Cloning the prepared state is
/// far cheaper than re-deriving the inner and outer pads for every candidate URL.
#[derive(Clone)]
pub struct SigningKey {
    mac: PreparedMac,
}

#[derive(Clone)]
enum PreparedMac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
}

/// The raw bytes of an HMAC (what a signature is the base64 of), either computed here
/// or decoded from a claimed signature.
#[derive(Clone, Copy)]
pub struct Tag {
    bytes: [u8; MAX_TAG],
    len: usize,
}

impl Tag {
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl SigningKey {
    /// HMAC accepts keys of any length, including the empty key, so this only fails if
    /// the `hmac` crate ever changes that contract.
    pub fn new(algorithm: Algorithm, key: &[u8]) -> Option<SigningKey> {
        let mac = match algorithm {
            Algorithm::HmacSha1 => PreparedMac::Sha1(Hmac::<Sha1>::new_from_slice(key).ok()?),
            Algorithm::HmacSha256 => PreparedMac::Sha256(Hmac::<Sha256>::new_from_slice(key).ok()?),
        };
        Some(SigningKey { mac })
    }

    pub fn algorithm(&self) -> Algorithm {
        match self.mac {
            PreparedMac::Sha1(_) => Algorithm::HmacSha1,
            PreparedMac::Sha256(_) => Algorithm::HmacSha256,
        }
    }

    /// HMAC over the concatenation of `parts` (the signed payload is always "candidate URL
    /// followed by the sorted parameters", and the parameters are shared by every candidate).
    pub fn tag(&self, parts: &[&[u8]]) -> Tag {
        let mut bytes = [0u8; MAX_TAG];
        let len = match &self.mac {
            PreparedMac::Sha1(prepared) => finish(fed(prepared, parts), &mut bytes),
            PreparedMac::Sha256(prepared) => finish(fed(prepared, parts), &mut bytes),
        };
        Tag { bytes, len }
    }

    /// The signature as Twilio sends it: standard base64 with padding.
    pub fn signature(&self, parts: &[&[u8]]) -> String {
        STANDARD.encode(self.tag(parts).as_bytes())
    }

    /// Decodes a claimed signature, but only if it is the canonical base64 of a tag of
    /// this algorithm's size. Anything else can never equal a signature we compute (ours
    /// are always canonical), so callers may skip hashing entirely: the answer is the same
    /// `false` twilio-node reaches after hashing every candidate.
    pub fn decode_claimed(&self, claimed: &[u8]) -> Option<Tag> {
        let tag_len = self.algorithm().tag_len();
        let encoded_len = tag_len.div_ceil(3) * 4;
        if claimed.len() != encoded_len || encoded_len > MAX_SIGNATURE {
            return None;
        }
        let mut scratch = [0u8; MAX_SIGNATURE];
        let len = STANDARD.decode_slice(claimed, &mut scratch).ok()?;
        if len != tag_len {
            return None;
        }
        let mut bytes = [0u8; MAX_TAG];
        bytes.get_mut(..len)?.copy_from_slice(scratch.get(..len)?);
        Some(Tag { bytes, len })
    }

    /// Whether a decoded claim is the HMAC of `parts`. `verify_slice` compares in
    /// constant time (the `subtle` crate underneath), so where the first differing byte
    /// lies is not revealed.
    pub fn matches(&self, claimed: &Tag, parts: &[&[u8]]) -> bool {
        let claimed = claimed.as_bytes();
        match &self.mac {
            PreparedMac::Sha1(prepared) => fed(prepared, parts).verify_slice(claimed).is_ok(),
            PreparedMac::Sha256(prepared) => fed(prepared, parts).verify_slice(claimed).is_ok(),
        }
    }
}

/// The prepared key state, cloned, then fed the concatenation of `parts`.
fn fed<M: Mac + Clone>(prepared: &M, parts: &[&[u8]]) -> M {
    let mut mac = prepared.clone();
    for part in parts {
        mac.update(part);
    }
    mac
}

fn finish<M: Mac>(mac: M, out: &mut [u8; MAX_TAG]) -> usize {
    let tag = mac.finalize().into_bytes();
    let len = tag.len().min(MAX_TAG);
    if let (Some(dst), Some(src)) = (out.get_mut(..len), tag.get(..len)) {
        dst.copy_from_slice(src);
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const PARAMS: &str =
        "CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212";

    #[test]
    fn twilio_standard_vector() {
        let key = SigningKey::new(Algorithm::HmacSha1, b"12345").unwrap();
        assert_eq!(
            key.signature(&[URL.as_bytes(), PARAMS.as_bytes()]),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    #[test]
    fn sha256_vector() {
        let key = SigningKey::new(Algorithm::HmacSha256, b"12345").unwrap();
        assert_eq!(
            key.signature(&[URL.as_bytes(), PARAMS.as_bytes()]),
            "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s="
        );
    }

    #[test]
    fn decode_is_strict() {
        let key = SigningKey::new(Algorithm::HmacSha1, b"12345").unwrap();
        assert!(key
            .decode_claimed(b"RSOYDt4T1cUTdK1PDd93/VVr8B8=")
            .is_some());
        // Non-canonical trailing bits, missing padding, wrong length, wrong alphabet.
        assert!(key
            .decode_claimed(b"RSOYDt4T1cUTdK1PDd93/VVr8B9=")
            .is_none());
        assert!(key.decode_claimed(b"RSOYDt4T1cUTdK1PDd93/VVr8B8").is_none());
        assert!(key
            .decode_claimed(b"RSOYDt4T1cUTdK1PDd93/VVr8B8==")
            .is_none());
        assert!(key
            .decode_claimed(b"RSOYDt4T1cUTdK1PDd93-VVr8B8=")
            .is_none());
    }
}
