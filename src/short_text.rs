//! A JavaScript string that is usually short (a secret, a signature, a URL), read with one
//! Node-API call into a stack buffer; a longer one falls back to [`JsText`].
//!
//! Saves the length query and the buffer bookkeeping of [`JsText`] for the three short
//! arguments of every validation.

use std::mem::MaybeUninit;

use napi::bindgen_prelude::FromNapiValue;
use napi::{sys, Result};
#[cfg(not(target_family = "wasm"))]
use napi::{Error, Status};

use crate::js_text::{string_argument, utf8_text, JsText};

const INLINE_CAPACITY: usize = 160;
/// V8 writes whole characters only (at most 4 UTF-8 bytes each) and Node-API keeps one
/// byte for the NUL, so a write that stops this far from the end was not truncated.
#[cfg(not(target_family = "wasm"))]
const TRUNCATION_MARGIN: usize = 5;

pub enum ShortText {
    Inline {
        /// Left uninitialised: only the `len` bytes Node-API writes are ever read.
        bytes: [MaybeUninit<u8>; INLINE_CAPACITY],
        len: usize,
    },
    Long(JsText),
}

impl ShortText {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            ShortText::Inline { bytes, len } => {
                let len = (*len).min(INLINE_CAPACITY);
                // SAFETY: Node-API initialised the first `len` bytes.
                unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), len) }
            }
            ShortText::Long(text) => text.as_bytes(),
        }
    }

    pub fn as_str(&self) -> Result<&str> {
        utf8_text(self.as_bytes())
    }
}

string_argument!(ShortText);

impl FromNapiValue for ShortText {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // The WASI build reads every string through JsText (see js_text::read_via_utf16).
        #[cfg(target_family = "wasm")]
        {
            // SAFETY: same contract as this function's own.
            unsafe { JsText::from_napi_value(env, value) }.map(ShortText::Long)
        }
        #[cfg(not(target_family = "wasm"))]
        {
            // SAFETY: same contract as this function's own.
            unsafe { read_inline(env, value) }
        }
    }
}

/// A string argument left unread until the function knows about how long it is:
/// `validateShaped`'s values are as long as the lengths it is given say, and a string too
/// long for the stack buffer would otherwise be written there in vain before [`JsText`]
/// reads it again. It holds the call's own handle, so it lives only as long as the call.
pub struct UnreadText {
    env: sys::napi_env,
    value: sys::napi_value,
}

string_argument!(UnreadText);

impl FromNapiValue for UnreadText {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        Ok(UnreadText { env, value })
    }
}

impl UnreadText {
    /// Reads the string, `expected_units` long in UTF-16 code units as far as the caller
    /// knows. The figure only picks the buffer: a string of another length is read whole
    /// all the same.
    pub fn read(&self, expected_units: usize) -> Result<ShortText> {
        #[cfg(not(target_family = "wasm"))]
        if expected_units.saturating_add(TRUNCATION_MARGIN) <= INLINE_CAPACITY {
            // SAFETY: `env` and `value` came from Node-API for the call still running.
            return unsafe { read_inline(self.env, self.value) };
        }
        // The WASI build reads every string through JsText (see js_text::read_via_utf16).
        #[cfg(target_family = "wasm")]
        let _ = expected_units;
        // SAFETY: `env` and `value` came from Node-API for the call still running.
        unsafe { JsText::from_napi_value(self.env, self.value) }.map(ShortText::Long)
    }
}

/// One `napi_get_value_string_utf8` into the stack buffer; a longer string goes to JsText.
#[cfg(not(target_family = "wasm"))]
unsafe fn read_inline(env: sys::napi_env, value: sys::napi_value) -> Result<ShortText> {
    let mut bytes = [MaybeUninit::<u8>::uninit(); INLINE_CAPACITY];
    let mut written = 0usize;
    // SAFETY: `bytes` is writable for INLINE_CAPACITY bytes; Node-API writes at most
    // that many, NUL included.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            bytes.as_mut_ptr().cast(),
            INLINE_CAPACITY,
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(Error::new(Status::StringExpected, "expected a string"));
    }
    if written + TRUNCATION_MARGIN <= INLINE_CAPACITY {
        return Ok(ShortText::Inline {
            bytes,
            len: written,
        });
    }
    // SAFETY: same contract as this function's own.
    unsafe { JsText::from_napi_value(env, value) }.map(ShortText::Long)
}
