//! `validateRequest`, `getExpectedTwilioSignature` and `validateRequestWithBody`, for the
//! facade's already flattened parameter text. Every export takes the secret (auth token or
//! SharedKey secret) and an algorithm code; see key_cache.rs for why they are plain
//! functions rather than methods of a key object.

use napi::bindgen_prelude::{Buffer, Either};
use napi::Result;
use napi_derive::napi;
use twilio_signature::{Body, ParamsPresence, SigningKey};

use crate::bytes;
use crate::codes::{AlgorithmCode, OutcomeCode};
use crate::js_text::JsText;
use crate::key_cache::with_key;
use crate::short_text::ShortText;

/// Base64 HMAC of `data` (a URL followed by the flattened parameters).
#[napi(catch_unwind)]
pub fn sign(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string | Buffer")] data: Either<JsText, Buffer>,
) -> Result<String> {
    with_key(algorithm, bytes(&secret), |key| {
        key.signature(&[bytes(&data)])
    })
}

/// `validateRequest` for a string secret, a string signature and non-null params. The hot
/// path, so it takes nothing it does not need.
#[napi(catch_unwind)]
pub fn validate(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    #[napi(ts_arg_type = "string")] params: JsText,
) -> Result<OutcomeCode> {
    let url = url.as_str()?;
    with_key(algorithm, secret.as_bytes(), |key| {
        outcome(
            key,
            signature.as_bytes(),
            url,
            params.as_bytes(),
            ParamsPresence::Present,
        )
    })
}

/// `validateRequest` for the arguments [`validate`] does not take: a secret or signature
/// given as a Buffer, or `null` params (`paramsNull`, with `params` empty).
#[napi(catch_unwind)]
pub fn validate_any(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string | Buffer")] signature: Either<JsText, Buffer>,
    #[napi(ts_arg_type = "string")] url: JsText,
    #[napi(ts_arg_type = "string")] params: JsText,
    params_null: bool,
) -> Result<OutcomeCode> {
    let url = url.as_str()?;
    with_key(algorithm, bytes(&secret), |key| {
        outcome(
            key,
            bytes(&signature),
            url,
            params.as_bytes(),
            presence(params_null),
        )
    })
}

/// The normalised candidates of `href` (Node's `new URL(url).href`), after the raw ones
/// of `triedUrl` failed (`NeedsNodeHref`), or after the facade tried raw candidates itself
/// (`triedUrl` undefined).
#[napi(catch_unwind)]
pub fn validate_normalized(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string | Buffer")] signature: Either<JsText, Buffer>,
    #[napi(ts_arg_type = "string")] href: JsText,
    #[napi(ts_arg_type = "string")] params: JsText,
    params_null: bool,
    #[napi(ts_arg_type = "string | undefined")] tried_url: Option<JsText>,
) -> Result<OutcomeCode> {
    let tried_url = tried_url.as_ref().map(JsText::as_str).transpose()?;
    let href = href.as_str()?;
    with_key(algorithm, bytes(&secret), |key| {
        twilio_signature::validate_request_normalized(
            key,
            bytes(&signature),
            href,
            params.as_bytes(),
            presence(params_null),
            tried_url,
        )
        .into()
    })
}

/// `validateRequestWithBody`; `body` undefined defers the body until the signature is
/// known to match (`NeedsBody`).
#[napi(catch_unwind)]
pub fn validate_with_body(
    #[napi(ts_arg_type = "string")] secret: JsText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: JsText,
    #[napi(ts_arg_type = "string")] url: JsText,
    #[napi(ts_arg_type = "string | Buffer | undefined")] body: Option<Either<JsText, Buffer>>,
) -> Result<OutcomeCode> {
    let url = url.as_str()?;
    let body = body
        .as_ref()
        .map_or(Body::Deferred, |body| Body::Bytes(bytes(body)));
    with_key(algorithm, secret.as_bytes(), |key| {
        twilio_signature::validate_request_with_body(key, signature.as_bytes(), url, body).into()
    })
}

pub(crate) fn outcome(
    key: &SigningKey,
    signature: &[u8],
    url: &str,
    params: &[u8],
    presence: ParamsPresence,
) -> OutcomeCode {
    twilio_signature::validate_request(key, signature, url, params, presence).into()
}

fn presence(params_null: bool) -> ParamsPresence {
    if params_null {
        ParamsPresence::Null
    } else {
        ParamsPresence::Present
    }
}
