//! A JavaScript string read as UTF-8 with a single Node-API copy.
//!
//! napi-rs' `String` asks V8 for the UTF-8 length (one full pass) and then for the bytes
//! (a second pass) into a fresh heap buffer. The UTF-16 length is known without a pass and
//! bounds the UTF-8 size (at most 3 bytes per code unit), so one call into a buffer of that
//! size suffices: on the stack for the short strings of a typical request (signature, URL,
//! parameters), on the heap for long ones such as a JSON body.

use napi::bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue};
use napi::{sys, Error, Result, Status, ValueType};

/// Strings whose worst-case UTF-8 size fits here are read without a heap allocation.
const INLINE_CAPACITY: usize = 1024;

pub struct JsText {
    inline: [u8; INLINE_CAPACITY],
    heap: Vec<u8>,
    len: usize,
    on_heap: bool,
}

impl JsText {
    /// The UTF-8 bytes; lone surrogates arrive as U+FFFD (Node asks V8 to replace them),
    /// exactly what `Buffer.from(string)` produces.
    pub fn as_bytes(&self) -> &[u8] {
        let bytes = if self.on_heap {
            self.heap.get(..self.len)
        } else {
            self.inline.get(..self.len)
        };
        bytes.unwrap_or(&[])
    }

    /// The text as `&str`; V8 writes well-formed UTF-8, and a check keeps that an
    /// invariant rather than an assumption.
    pub fn as_str(&self) -> Result<&str> {
        std::str::from_utf8(self.as_bytes())
            .map_err(|_| Error::new(Status::GenericFailure, "string is not valid UTF-8"))
    }
}

impl TypeName for JsText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for JsText {}

impl FromNapiValue for JsText {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut units = 0usize;
        // SAFETY: a null buffer asks only for the length in UTF-16 code units.
        let status = unsafe {
            sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &mut units)
        };
        expect_string(status)?;
        let capacity = units
            .checked_mul(3)
            .and_then(|bytes| bytes.checked_add(1))
            .ok_or_else(|| Error::new(Status::InvalidArg, "string too long"))?;
        let mut text = JsText {
            inline: [0; INLINE_CAPACITY],
            heap: Vec::new(),
            len: 0,
            on_heap: capacity > INLINE_CAPACITY,
        };
        let buffer: &mut [u8] = if text.on_heap {
            text.heap = vec![0; capacity];
            &mut text.heap
        } else {
            &mut text.inline
        };
        let mut written = 0usize;
        // SAFETY: `buffer` is writable for `buffer.len()` bytes, which is at least the
        // worst-case UTF-8 size plus the terminating NUL Node-API always writes.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                buffer.as_mut_ptr().cast(),
                buffer.len(),
                &mut written,
            )
        };
        expect_string(status)?;
        text.len = written.min(buffer.len());
        Ok(text)
    }
}

fn expect_string(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(Status::StringExpected, "expected a string"))
    }
}
