//! What the facade learns from the running Node and hands to the core: the characters its
//! URL parser serialises differently, its `querystring` quirk, and the pieces of a URL the
//! facade needs to assemble raw candidates with JavaScript semantics.

use napi::bindgen_prelude::Buffer;
use napi::Result;
use napi_derive::napi;

use crate::js_text::JsText;

/// Where the port surgery of the raw candidates cuts `url`, in UTF-16 code units:
/// `[hostEnd, portEnd, isHttps]`, or null when `url` does not start with `scheme://`.
/// Lets the facade assemble raw candidates with JavaScript semantics where those matter
/// (a URL that is not a string; a surrogate pair split across URL and params).
#[napi(catch_unwind)]
pub fn raw_url_parts(#[napi(ts_arg_type = "string")] url: JsText) -> Result<Option<Vec<u32>>> {
    let url = url.as_str()?;
    let Some(span) = twilio_signature::port_span(url) else {
        return Ok(None);
    };
    let utf16_offset = |byte_offset: usize| {
        url.get(..byte_offset)
            .map_or(0, |head| head.encode_utf16().count())
    };
    let [host_end, port_end] = [span.host_end, span.port_end]
        .map(|offset| u32::try_from(utf16_offset(offset)).unwrap_or(u32::MAX));
    Ok(Some(vec![host_end, port_end, u32::from(span.is_https)]))
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
