//! Node-API binding: converts JavaScript arguments into plain bytes for the
//! `twilio-signature` core and returns its outcomes as the small codes of [`codes`]. All
//! JavaScript semantics (argument coercion, `Object.keys` order, errors) live in the JS
//! facade (`lib/`).

pub mod body;
pub mod codes;
pub mod form;
mod js_text;
mod key_cache;
pub mod node_probes;
mod param_shapes;
pub mod shaped;
mod short_text;
pub mod test_hooks;
pub mod validate;

use js_text::JsText;
use napi::bindgen_prelude::{Buffer, Either};

/// The bytes of an argument that may be a string or a Buffer.
fn bytes(value: &Either<JsText, Buffer>) -> &[u8] {
    match value {
        Either::A(text) => text.as_bytes(),
        Either::B(buffer) => buffer,
    }
}
