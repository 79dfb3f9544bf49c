//! A JavaScript string read as UTF-8 with a single Node-API copy.
//!
//! napi-rs' `String` asks V8 for the UTF-8 length (one full pass) and then for the bytes
//! (a second pass) into a fresh heap buffer. The UTF-16 length is known without a pass and
//! bounds the UTF-8 size (at most 3 bytes per code unit), so one call into a buffer of that
//! size suffices. The buffers are kept by the thread and reused: a request then allocates
//! nothing, and a megabyte-sized body does not pay page faults for a fresh buffer each time.

use std::cell::RefCell;

use napi::bindgen_prelude::FromNapiValue;
use napi::{sys, Error, Result, Status};

/// Buffers up to this capacity are kept for reuse; larger ones (a hostile 50 MB body) are
/// freed at once.
const RETAINED_CAPACITY: usize = 8 << 20;
/// One call reads at most three strings (signature, URL, parameters or body).
const RETAINED_BUFFERS: usize = 3;

thread_local! {
    static SPARE_BUFFERS: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

fn spare_buffer(capacity: usize) -> Vec<u8> {
    let mut buffer = SPARE_BUFFERS
        .with(|spare| spare.borrow_mut().pop())
        .unwrap_or_default();
    buffer.clear();
    buffer.reserve(capacity);
    buffer
}

fn return_buffer(buffer: Vec<u8>) {
    if buffer.capacity() > RETAINED_CAPACITY {
        return;
    }
    SPARE_BUFFERS.with(|spare| {
        let mut spare = spare.borrow_mut();
        if spare.len() < RETAINED_BUFFERS {
            spare.push(buffer);
        }
    });
}

pub struct JsText {
    utf8: Vec<u8>,
}

impl JsText {
    /// The UTF-8 bytes; lone surrogates arrive as U+FFFD (Node asks V8 to replace them),
    /// exactly what `Buffer.from(string)` produces.
    pub fn as_bytes(&self) -> &[u8] {
        &self.utf8
    }

    pub fn as_str(&self) -> Result<&str> {
        utf8_text(&self.utf8)
    }
}

/// The bytes Node-API wrote, as `&str`. V8 writes well-formed UTF-8; the check keeps that
/// an invariant rather than an assumption.
pub(crate) fn utf8_text(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes)
        .map_err(|_| Error::new(Status::GenericFailure, "string is not valid UTF-8"))
}

/// Declares a type that converts from a JavaScript string argument.
macro_rules! string_argument {
    ($name:ty) => {
        impl napi::bindgen_prelude::TypeName for $name {
            fn type_name() -> &'static str {
                "String"
            }

            fn value_type() -> napi::ValueType {
                napi::ValueType::String
            }
        }

        impl napi::bindgen_prelude::ValidateNapiValue for $name {}
    };
}
pub(crate) use string_argument;

string_argument!(JsText);

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
            utf8: spare_buffer(capacity),
        };
        let room = text.utf8.capacity();
        let mut written = 0usize;
        // SAFETY: the buffer's spare capacity is writable for `room` bytes, at least the
        // worst-case UTF-8 size plus the NUL Node-API always writes; nothing is read
        // before Node-API has written it.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                text.utf8.as_mut_ptr().cast(),
                room,
                &mut written,
            )
        };
        expect_string(status)?;
        // SAFETY: Node-API initialised the first `written` bytes (never all of `room`,
        // which includes the NUL).
        unsafe { text.utf8.set_len(written.min(room.saturating_sub(1))) };
        Ok(text)
    }
}

impl Drop for JsText {
    fn drop(&mut self) {
        return_buffer(std::mem::take(&mut self.utf8));
    }
}

fn expect_string(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(Status::StringExpected, "expected a string"))
    }
}
