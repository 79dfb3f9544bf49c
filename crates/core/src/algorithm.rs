/// The HMAC flavours Twilio signs webhooks with.
///
/// `HMAC_SHA1` is the classic Auth Token signature; `HMAC_SHA256` is used by SharedKey
/// webhooks (announced in the `X-Twilio-Webhooks-Signature-Settings` header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    HmacSha1,
    HmacSha256,
}

impl Algorithm {
    /// Length in bytes of the raw digest.
    pub const fn digest_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
        }
    }

    /// Stable small code used across the Node-API boundary (0 = SHA-1, 1 = SHA-256).
    pub const fn from_code(code: u32) -> Option<Algorithm> {
        match code {
            0 => Some(Algorithm::HmacSha1),
            1 => Some(Algorithm::HmacSha256),
            _ => None,
        }
    }
}
