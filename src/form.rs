//! `validateRawRequest`'s form path: the raw `application/x-www-form-urlencoded` body
//! parsed, sorted and hashed in one call, with no JavaScript object.

use napi::bindgen_prelude::Either;
use napi::Result;
use napi_derive::napi;

use crate::codes::{AlgorithmCode, OutcomeCode};
use crate::js_text::{JsText, OutText};
use crate::key_cache::with_key;
use crate::short_text::ShortText;

/// `validateRequest` with the params `querystring.parse` would make of the raw form
/// `body` (any Uint8Array, Buffers included). The bytes are borrowed where they lie
/// (napi-rs' `Buffer` would take a reference on the object for every call).
#[napi(catch_unwind)]
pub fn validate_form(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    body: &[u8],
) -> Result<OutcomeCode> {
    form_outcome(&secret, algorithm, &signature, &url, body)
}

/// [`validate_form`] for a body given as a string (read as UTF-8).
#[napi(catch_unwind)]
pub fn validate_form_text(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    #[napi(ts_arg_type = "string")] body: JsText,
) -> Result<OutcomeCode> {
    form_outcome(&secret, algorithm, &signature, &url, body.as_bytes())
}

/// [`validate_form`] for a guard that keeps `req.body`: a valid request answers with the
/// JSON text of the parsed form (see `twilio_signature::form_json`) instead of
/// `OutcomeCode.Valid`, built from the parse the validation made; any other outcome with
/// its code. A forged request costs no more than with `validateForm`.
#[napi(catch_unwind, ts_return_type = "OutcomeCode | string")]
pub fn validate_form_keeping_body(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    body: &[u8],
) -> Result<Either<OutcomeCode, OutText>> {
    let url = url.as_str()?;
    with_key(algorithm, secret.as_bytes(), |key| {
        match twilio_signature::validate_form_request_keeping_body(
            key,
            signature.as_bytes(),
            url,
            body,
        ) {
            (_, Some(json)) => Either::B(OutText(json)),
            (outcome, None) => Either::A(outcome.into()),
        }
    })
}

fn form_outcome(
    secret: &ShortText,
    algorithm: AlgorithmCode,
    signature: &ShortText,
    url: &ShortText,
    body: &[u8],
) -> Result<OutcomeCode> {
    let url = url.as_str()?;
    with_key(algorithm, secret.as_bytes(), |key| {
        twilio_signature::validate_form_request(key, signature.as_bytes(), url, body).into()
    })
}

/// The parameter text twilio-node signs for the raw form `body` (a Uint8Array or a
/// string), for the facade's steps that need it as a string.
#[napi(catch_unwind, ts_return_type = "string")]
pub fn form_params(
    #[napi(ts_arg_type = "string | Uint8Array")] body: Either<JsText, &[u8]>,
) -> OutText {
    let bytes = match &body {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    };
    OutText(String::from_utf8_lossy(&twilio_signature::form_signed_params(bytes)).into_owned())
}

/// The JSON text of the object `querystring.parse` makes of the raw form `body`, which
/// the facade turns into `req.body` with one `JSON.parse`.
#[napi(catch_unwind, ts_return_type = "string")]
pub fn form_json(
    #[napi(ts_arg_type = "string | Uint8Array")] body: Either<JsText, &[u8]>,
) -> OutText {
    let bytes = match &body {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    };
    OutText(twilio_signature::form_json(bytes))
}
