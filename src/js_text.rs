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
        #[cfg(target_family = "wasm")]
        {
            // SAFETY: same contract as this function's own.
            unsafe { read_via_utf16(env, value, units, &mut text.utf8) }?;
            Ok(text)
        }
        #[cfg(not(target_family = "wasm"))]
        {
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
}

/// The WASI build reads strings as UTF-16 and encodes them here: emnapi's
/// `napi_get_value_string_utf8` (2.0.0-beta.2) joins a lone surrogate with whatever code
/// unit follows it (`"\u{d800}x"` comes out as the four bytes of U+10078, the `x` lost),
/// where V8 writes U+FFFD for it. Lone surrogates become U+FFFD here too.
#[cfg(target_family = "wasm")]
unsafe fn read_via_utf16(
    env: sys::napi_env,
    value: sys::napi_value,
    units: usize,
    out: &mut Vec<u8>,
) -> Result<()> {
    let mut utf16 = vec![0u16; units + 1];
    let mut written = 0usize;
    // SAFETY: `utf16` is writable for `units + 1` code units, the string plus the NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf16(env, value, utf16.as_mut_ptr(), units + 1, &mut written)
    };
    expect_string(status)?;
    let mut scratch = [0u8; 4];
    for character in char::decode_utf16(utf16.iter().take(written.min(units)).copied()) {
        let character = character.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(character.encode_utf8(&mut scratch).as_bytes());
    }
    Ok(())
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

/// A string handed back to JavaScript. In the WASI build emnapi creates strings with a
/// `TextDecoder`, which drops a leading U+FEFF (a form body `\u{feff}a` would come back as
/// `a`): such a string is created with one ASCII character in front, which `slice(1)` then
/// removes.
pub struct OutText(pub String);

impl napi::bindgen_prelude::TypeName for OutText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> napi::ValueType {
        napi::ValueType::String
    }
}

impl napi::bindgen_prelude::ToNapiValue for OutText {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        #[cfg(target_family = "wasm")]
        if value.0.starts_with('\u{feff}') {
            // SAFETY: same contract as this function's own.
            return unsafe { with_leading_bom(env, value.0) };
        }
        // SAFETY: same contract as this function's own.
        unsafe { String::to_napi_value(env, value.0) }
    }
}

/// `("-" + text).slice(1)`, built through Node-API calls.
#[cfg(target_family = "wasm")]
unsafe fn with_leading_bom(env: sys::napi_env, text: String) -> Result<sys::napi_value> {
    let check = |status: sys::napi_status| {
        if status == sys::Status::napi_ok {
            Ok(())
        } else {
            Err(Error::new(
                Status::GenericFailure,
                "could not create a string",
            ))
        }
    };
    let prefixed = format!("-{text}");
    let mut string = std::ptr::null_mut();
    let mut object = std::ptr::null_mut();
    let mut slice = std::ptr::null_mut();
    let mut one = std::ptr::null_mut();
    let mut result = std::ptr::null_mut();
    // SAFETY: every pointer passed is valid for the call; the values live in the current
    // handle scope.
    unsafe {
        check(sys::napi_create_string_utf8(
            env,
            prefixed.as_ptr().cast(),
            isize::try_from(prefixed.len()).unwrap_or(isize::MAX),
            &mut string,
        ))?;
        check(sys::napi_coerce_to_object(env, string, &mut object))?;
        check(sys::napi_get_named_property(
            env,
            object,
            c"slice".as_ptr(),
            &mut slice,
        ))?;
        check(sys::napi_create_uint32(env, 1, &mut one))?;
        check(sys::napi_call_function(
            env,
            string,
            slice,
            1,
            &one,
            &mut result,
        ))?;
    }
    Ok(result)
}
