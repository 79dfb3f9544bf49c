use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

use crate::algorithm::Algorithm;
use crate::compare::constant_time_eq;

/// Longest digest we produce (SHA-256).
const MAX_DIGEST: usize = 32;
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

/// A raw digest, either of our own computation or decoded from a claimed signature.
#[derive(Clone, Copy)]
pub struct Digest {
    bytes: [u8; MAX_DIGEST],
    len: usize,
}

impl Digest {
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
    pub fn digest(&self, parts: &[&[u8]]) -> Digest {
        let mut bytes = [0u8; MAX_DIGEST];
        let len = match &self.mac {
            PreparedMac::Sha1(prepared) => finish(prepared.clone(), parts, &mut bytes),
            PreparedMac::Sha256(prepared) => finish(prepared.clone(), parts, &mut bytes),
        };
        Digest { bytes, len }
    }

    /// The signature as Twilio sends it: standard base64 with padding.
    pub fn signature(&self, parts: &[&[u8]]) -> String {
        STANDARD.encode(self.digest(parts).as_bytes())
    }

    /// Decodes a claimed signature, but only if it is the canonical base64 of a digest of
    /// this algorithm's size. Anything else can never equal a signature we compute (ours
    /// are always canonical), so callers may skip hashing entirely: the answer is the same
    /// `false` twilio-node reaches after hashing every candidate.
    pub fn decode_claimed(&self, claimed: &[u8]) -> Option<Digest> {
        let digest_len = self.algorithm().digest_len();
        let encoded_len = digest_len.div_ceil(3) * 4;
        if claimed.len() != encoded_len || encoded_len > MAX_SIGNATURE {
            return None;
        }
        let mut scratch = [0u8; MAX_SIGNATURE];
        let len = STANDARD.decode_slice(claimed, &mut scratch).ok()?;
        if len != digest_len {
            return None;
        }
        let mut bytes = [0u8; MAX_DIGEST];
        bytes.get_mut(..len)?.copy_from_slice(scratch.get(..len)?);
        Some(Digest { bytes, len })
    }

    /// Constant-time check of a decoded claim against the HMAC of `parts`.
    pub fn matches(&self, claimed: &Digest, parts: &[&[u8]]) -> bool {
        constant_time_eq(claimed.as_bytes(), self.digest(parts).as_bytes())
    }
}

fn finish<M: Mac>(mut mac: M, parts: &[&[u8]], out: &mut [u8; MAX_DIGEST]) -> usize {
    for part in parts {
        mac.update(part);
    }
    let tag = mac.finalize().into_bytes();
    let len = tag.len().min(MAX_DIGEST);
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
