//! `validateRequest` for params objects of a shape seen before: the facade records the
//! sorted keys of a shape once, then sends only the values of each request (see
//! param_shapes.rs).

use napi::Result;
use napi_derive::napi;

use crate::codes::{AlgorithmCode, OutcomeCode};
use crate::js_text::JsText;
use crate::key_cache::with_key;
use crate::param_shapes;
use crate::short_text::{ShortText, UnreadText};
use crate::validate::outcome;
use twilio_signature::ParamsPresence;

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

/// `validate` with the params given as their values, concatenated in sorted-key order,
/// each `valueLengths[i]` UTF-16 code units long, for the shape recorded in `slot`.
#[napi(catch_unwind)]
pub fn validate_shaped(
    #[napi(ts_arg_type = "string")] secret: ShortText,
    algorithm: AlgorithmCode,
    #[napi(ts_arg_type = "string")] signature: ShortText,
    #[napi(ts_arg_type = "string")] url: ShortText,
    slot: u32,
    #[napi(ts_arg_type = "string")] values: UnreadText,
    value_lengths: &[u32],
) -> Result<OutcomeCode> {
    let url = url.as_str()?;
    let slot = usize::try_from(slot).unwrap_or(usize::MAX);
    let value_count = param_shapes::key_count(slot);
    let expected_units = value_lengths
        .iter()
        .take(value_count)
        .fold(0usize, |sum, &units| {
            sum.saturating_add(usize::try_from(units).unwrap_or(usize::MAX))
        });
    let values = values.read(expected_units)?;
    let values = values.as_str()?;
    // A value with a lone surrogate may pair with its neighbour in JavaScript's
    // concatenation; Node-API reads it as U+FFFD, so those are left to the facade. As
    // many bytes as code units means ASCII only, where there is none to look for.
    if values.len() != expected_units && values.contains('\u{fffd}') {
        return Ok(OutcomeCode::NeedsFlatParams);
    }
    let outcome = param_shapes::with_shape(slot, values, value_lengths, |params| {
        with_key(algorithm, secret.as_bytes(), |key| {
            outcome(
                key,
                signature.as_bytes(),
                url,
                params,
                ParamsPresence::Present,
            )
        })
    });
    outcome.unwrap_or(Ok(OutcomeCode::NeedsFlatParams))
}
