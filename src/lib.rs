//! Node-API binding: converts JavaScript arguments into plain bytes for the
//! `twilio-signature` core and turns its verdicts into small integers. All JavaScript
//! semantics (argument coercion, `Object.keys` order, errors) live in the JS facade.
#![deny(clippy::all)]

mod js_text;
mod key_cache;
mod param_shapes;
mod short_text;

use js_text::{JsText, OutText};
use key_cache::with_key;
use napi::bindgen_prelude::{Buffer, Either};
use napi::Result;
use napi_derive::napi;
use short_text::ShortText;
use twilio_signature::{Body, ParamsPresence, Verdict};

/// Verdict codes shared with `lib/verdict.js`.
fn verdict_code(verdict: Verdict) -> u32 {
    match verdict {
        Verdict::Invalid => 0,
        Verdict::Valid => 1,
        Verdict::InvalidUrl => 2,
        Verdict::NullParams => 3,
        Verdict::BodyNeeded => 4,
        Verdict::NeedsHref => 5,
    }
}

/// Verdict code (shared with `lib/verdict.js`) of `validateShaped` when it cannot build the
/// payload from the values alone (an unknown slot, lengths that do not fit, lone
/// surrogates): the facade then sends the whole flattened text.
const NEEDS_FLAT_PARAMS: u32 = 6;

fn bytes(value: &Either<JsText, Buffer>) -> &[u8] {
    match value {
        Either::A(text) => text.as_bytes(),
        Either::B(buffer) => buffer,
    }
}

// Every validating export takes the secret (auth token or SharedKey secret) and an
// algorithm code (0 = HMAC-SHA1, 1 = HMAC-SHA256); see key_cache.rs for why they are
// plain functions.

/// Base64 HMAC of `data` (a URL followed by the flattened parameters).
#[napi(catch_unwind)]
pub fn sign(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: u32,
    #[napi(ts_arg_type = "string | Buffer")] data: Either<JsText, Buffer>,
) -> Result<String> {
    with_key(algorithm, bytes(&secret), |key| {
        key.signature(&[bytes(&data)])
    })
}

/// `validateRequest` for a string secret, a string signature and non-null params;
/// returns a verdict code. The hot path, so it takes nothing it does not need.
#[napi(catch_unwind)]
pub fn validate(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: u32,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    #[napi(ts_arg_type = "string")] params: JsText,
) -> Result<u32> {
    let url = url.as_str()?;
    with_key(algorithm, secret.as_bytes(), |key| {
        verdict(
            key,
            signature.as_bytes(),
            url,
            params.as_bytes(),
            ParamsPresence::Present,
        )
    })
}

/// `validateRequest` with the params `querystring.parse` would make of the raw form
/// `body` (any Uint8Array, Buffers included): parsing, sorting and hashing in this one
/// call, with no JavaScript object. The bytes are borrowed where they lie (napi-rs'
/// `Buffer` would take a reference on the object for every call).
#[napi(catch_unwind)]
pub fn validate_form(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: u32,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    body: &[u8],
) -> Result<u32> {
    form_verdict(&secret, algorithm, &signature, &url, body)
}

/// [`validate_form`] for a body given as a string (read as UTF-8).
#[napi(catch_unwind)]
pub fn validate_form_text(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: u32,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    #[napi(ts_arg_type = "string")] body: JsText,
) -> Result<u32> {
    form_verdict(&secret, algorithm, &signature, &url, body.as_bytes())
}

fn form_verdict(
    secret: &ShortText,
    algorithm: u32,
    signature: &ShortText,
    url: &ShortText,
    body: &[u8],
) -> Result<u32> {
    let url = url.as_str()?;
    with_key(algorithm, secret.as_bytes(), |key| {
        verdict_code(twilio_signature::validate_form_request(
            key,
            signature.as_bytes(),
            url,
            body,
        ))
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

/// Records the sorted keys of the params shape the facade keeps in `slot`.
#[napi(catch_unwind)]
pub fn set_param_shape(
    slot: u32,
    #[napi(ts_arg_type = "Array<string>")] keys: Vec<JsText>,
) -> Result<()> {
    // JsText rather than String: the WASI build must not read strings as UTF-8 through
    // emnapi (see js_text::read_via_utf16)
    let keys = keys
        .iter()
        .map(|key| key.as_str().map(str::to_owned))
        .collect::<Result<Vec<_>>>()?;
    param_shapes::set_shape(usize::try_from(slot).unwrap_or(usize::MAX), keys);
    Ok(())
}

/// [`validate`] with the params given as their values, concatenated in sorted-key order,
/// each `valueLengths[i]` UTF-16 code units long, for the shape recorded in `slot`.
#[napi(catch_unwind)]
pub fn validate_shaped(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: u32,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    slot: u32,
    #[napi(ts_arg_type = "string")] values: ShortText,
    value_lengths: &[u32],
) -> Result<u32> {
    let url = url.as_str()?;
    let values = values.as_str()?;
    // A value with a lone surrogate may pair with its neighbour in JavaScript's
    // concatenation; Node-API reads it as U+FFFD, so those are left to the facade.
    if values.contains('\u{fffd}') {
        return Ok(NEEDS_FLAT_PARAMS);
    }
    let slot = usize::try_from(slot).unwrap_or(usize::MAX);
    let verdict = param_shapes::with_shape(slot, values, value_lengths, |params| {
        with_key(algorithm, secret.as_bytes(), |key| {
            verdict(
                key,
                signature.as_bytes(),
                url,
                params,
                ParamsPresence::Present,
            )
        })
    });
    verdict.unwrap_or(Ok(NEEDS_FLAT_PARAMS))
}

/// `validateRequest` for any secret and signature bytes, or `null` params (`paramsNull`,
/// with `params` empty).
#[napi(catch_unwind)]
pub fn validate_general(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: u32,
    #[napi(ts_arg_type = "string | Buffer")] signature: Either<JsText, Buffer>,
    #[napi(ts_arg_type = "string")] url: JsText,
    #[napi(ts_arg_type = "string")] params: JsText,
    params_null: bool,
) -> Result<u32> {
    let url = url.as_str()?;
    with_key(algorithm, bytes(&secret), |key| {
        verdict(
            key,
            bytes(&signature),
            url,
            params.as_bytes(),
            presence(params_null),
        )
    })
}

/// The normalised candidates of `href` (Node's `new URL(url).href`), after the raw ones
/// of `triedUrl` failed (verdict 5), or after the facade tried raw candidates itself
/// (`triedUrl` undefined).
#[napi(catch_unwind)]
pub fn validate_normalized(
    #[napi(ts_arg_type = "string | Buffer")] secret: Either<JsText, Buffer>,
    algorithm: u32,
    #[napi(ts_arg_type = "string | Buffer")] signature: Either<JsText, Buffer>,
    #[napi(ts_arg_type = "string")] href: JsText,
    #[napi(ts_arg_type = "string")] params: JsText,
    params_null: bool,
    #[napi(ts_arg_type = "string | undefined")] tried_url: Option<JsText>,
) -> Result<u32> {
    let tried_url = tried_url.as_ref().map(JsText::as_str).transpose()?;
    let href = href.as_str()?;
    with_key(algorithm, bytes(&secret), |key| {
        verdict_code(twilio_signature::validate_request_normalized(
            key,
            bytes(&signature),
            href,
            params.as_bytes(),
            presence(params_null),
            tried_url,
        ))
    })
}

/// `validateRequestWithBody`; `body` undefined defers the body until the signature is
/// known to match (verdict code 4).
#[napi(catch_unwind)]
pub fn validate_with_body(
    #[napi(ts_arg_type = "string")] secret: JsText,
    algorithm: u32,
    #[napi(ts_arg_type = "string")] signature: JsText,
    #[napi(ts_arg_type = "string")] url: JsText,
    #[napi(ts_arg_type = "string | Buffer | undefined")] body: Option<Either<JsText, Buffer>>,
) -> Result<u32> {
    let url = url.as_str()?;
    let body = body
        .as_ref()
        .map_or(Body::Deferred, |body| Body::Bytes(bytes(body)));
    with_key(algorithm, secret.as_bytes(), |key| {
        verdict_code(twilio_signature::validate_request_with_body(
            key,
            signature.as_bytes(),
            url,
            body,
        ))
    })
}

fn verdict(
    key: &twilio_signature::SigningKey,
    signature: &[u8],
    url: &str,
    params: &[u8],
    presence: ParamsPresence,
) -> u32 {
    verdict_code(twilio_signature::validate_request(
        key, signature, url, params, presence,
    ))
}

fn presence(params_null: bool) -> ParamsPresence {
    if params_null {
        ParamsPresence::Null
    } else {
        ParamsPresence::Present
    }
}

/// Where the port surgery of the raw candidates cuts `url`, in UTF-16 code units:
/// `[hostEnd, portEnd, isHttps]`, or null when `url` does not start with `scheme://`.
/// Lets the facade assemble raw candidates with JavaScript semantics where those matter
/// (a URL that is not a string; a surrogate pair split across URL and params).
#[napi(catch_unwind)]
pub fn raw_url_parts(#[napi(ts_arg_type = "string")] url: JsText) -> Result<Option<Vec<u32>>> {
    let url = url.as_str()?;
    let Some(parts) = twilio_signature::raw_split(url) else {
        return Ok(None);
    };
    let utf16_offset = |byte_offset: usize| {
        url.get(..byte_offset)
            .map_or(0, |head| head.encode_utf16().count())
    };
    let [host_end, port_end] = [parts.host_end, parts.port_end]
        .map(|offset| u32::try_from(utf16_offset(offset)).unwrap_or(u32::MAX));
    Ok(Some(vec![host_end, port_end, u32::from(parts.is_https)]))
}

/// The core's WHATWG serialisation of `url` (`new URL(url).href`), or null where it
/// rejects the URL; compared with Node's own at load time.
#[napi(catch_unwind)]
pub fn normalize_url(#[napi(ts_arg_type = "string")] url: JsText) -> Result<Option<String>> {
    Ok(twilio_signature::normalize(url.as_str()?))
}

/// Records the ASCII characters the running Node serialises differently from the core.
#[napi(catch_unwind)]
pub fn set_node_divergent_characters(characters: Buffer) {
    twilio_signature::set_node_divergent_ascii(&characters);
}

/// Records whether the running Node's `querystring.parse` lets a key with two escapes flag
/// its value as encoded (Node up to 24 does, Node 26 does not).
#[napi(catch_unwind)]
pub fn set_node_key_escapes_flag_value(flags: bool) {
    twilio_signature::set_node_key_escapes_flag_value(flags);
}

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

/// Panics on purpose inside the same `catch_unwind` guard every export uses, so the test
/// suite can prove that a Rust panic becomes a JavaScript Error and the process lives.
#[napi(catch_unwind, js_name = "__panicForTest")]
pub fn panic_for_test() {
    #[allow(clippy::panic)]
    {
        panic!("deliberate panic to test the unwind guard");
    }
}
