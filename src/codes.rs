//! The codes that cross the boundary, generated into `binding.js` / `binding.d.ts` as
//! `OutcomeCode` and `AlgorithmCode`, so the facade reads them instead of keeping copies.

use napi_derive::napi;
use twilio_signature::{Algorithm, Needed, Outcome, Verdict};

/// What a validating export returns: twilio-node's verdict, or the input the facade must
/// add before the core can give one.
#[napi]
#[derive(Debug, PartialEq, Eq)]
pub enum OutcomeCode {
    Invalid = 0,
    Valid = 1,
    /// twilio-node throws `new URL`'s ERR_INVALID_URL.
    InvalidUrl = 2,
    /// twilio-node throws for `null` params on a URL without `bodySHA256`.
    NullParams = 3,
    /// The signature matched: send the body so it can be hashed.
    NeedsBody = 4,
    /// Send Node's `new URL(url).href`: the core's URL parser may serialise this one
    /// differently.
    NeedsNodeHref = 5,
    /// `validateShaped` cannot build the payload from the values alone: send the whole
    /// flattened text.
    NeedsFlatParams = 6,
}

impl From<Verdict> for OutcomeCode {
    fn from(verdict: Verdict) -> OutcomeCode {
        match verdict {
            Verdict::Invalid => OutcomeCode::Invalid,
            Verdict::Valid => OutcomeCode::Valid,
            Verdict::InvalidUrl => OutcomeCode::InvalidUrl,
            Verdict::NullParams => OutcomeCode::NullParams,
        }
    }
}

impl From<Outcome> for OutcomeCode {
    fn from(outcome: Outcome) -> OutcomeCode {
        match outcome {
            Outcome::Decided(verdict) => verdict.into(),
            Outcome::Needs(Needed::Body) => OutcomeCode::NeedsBody,
            Outcome::Needs(Needed::NodeHref) => OutcomeCode::NeedsNodeHref,
        }
    }
}

/// The HMAC every validating export signs with.
#[napi]
#[derive(Debug, PartialEq, Eq)]
pub enum AlgorithmCode {
    HmacSha1 = 0,
    HmacSha256 = 1,
}

impl From<AlgorithmCode> for Algorithm {
    fn from(code: AlgorithmCode) -> Algorithm {
        match code {
            AlgorithmCode::HmacSha1 => Algorithm::HmacSha1,
            AlgorithmCode::HmacSha256 => Algorithm::HmacSha256,
        }
    }
}
