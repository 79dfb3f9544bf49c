//! `validateBody` and the body hash of JSON webhooks (`bodySHA256`).

use napi::bindgen_prelude::{Buffer, Either};
use napi_derive::napi;

use crate::bytes;
use crate::js_text::JsText;

/// Lower-case hex SHA-256 of the body.
#[napi(catch_unwind)]
pub fn body_hash(#[napi(ts_arg_type = "string | Buffer")] body: Either<JsText, Buffer>) -> String {
    let hex = twilio_signature::body_hash_hex(bytes(&body));
    hex.iter().map(|&digit| char::from(digit)).collect()
}

/// `validateBody`: whether `hash` is the hex SHA-256 of `body`.
#[napi(catch_unwind)]
pub fn validate_body(
    #[napi(ts_arg_type = "string | Buffer")] body: Either<JsText, Buffer>,
    #[napi(ts_arg_type = "string | Buffer")] hash: Either<JsText, Buffer>,
) -> bool {
    twilio_signature::body_matches_hash(bytes(&body), bytes(&hash))
}
