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
    /// Length in bytes of the HMAC tag (the raw digest).
    pub const fn tag_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
        }
    }
}
