//! A JavaScript string read as UTF-8 with a single Node-API copy.
//!
//! napi-rs' `String` asks V8 for the UTF-8 length (one full pass) and then for the bytes
//! (a second pass) into a fresh heap buffer. The UTF-16 length is known without a pass and
//! bounds the UTF-8 size (at most 3 bytes per code unit), so one call into a buffer of that
//! size suffices: on the stack for the short strings of a typical request (signature, URL,
//! parameters), in a reused heap buffer for long ones such as a JSON body (a fresh
//! megabyte-sized buffer costs page faults on every request; a reused one does not).

use std::cell::RefCell;
use std::mem::MaybeUninit;

use napi::bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue};
use napi::{sys, Error, Result, Status, ValueType};

/// Strings whose worst-case UTF-8 size fits here (about 1,300 UTF-16 code units: the
/// parameters of a typical webhook) are read without touching the heap.
const INLINE_CAPACITY: usize = 4096;
/// Heap buffers up to this capacity are kept for reuse by the thread; larger ones (a
/// hostile 50 MB body) are freed at once.
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
    /// Left uninitialised: only the bytes Node-API writes are ever read.
    inline: [MaybeUninit<u8>; INLINE_CAPACITY],
    heap: Vec<u8>,
    len: usize,
    on_heap: bool,
}

impl JsText {
    /// The UTF-8 bytes; lone surrogates arrive as U+FFFD (Node asks V8 to replace them),
    /// exactly what `Buffer.from(string)` produces.
    pub fn as_bytes(&self) -> &[u8] {
        if self.on_heap {
            return self.heap.get(..self.len).unwrap_or(&[]);
        }
        let len = self.len.min(INLINE_CAPACITY);
        // SAFETY: Node-API initialised the first `len` inline bytes (`len` is what it
        // reported writing, clamped to the array).
        unsafe { std::slice::from_raw_parts(self.inline.as_ptr().cast::<u8>(), len) }
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
            inline: [MaybeUninit::uninit(); INLINE_CAPACITY],
            heap: Vec::new(),
            len: 0,
            on_heap: capacity > INLINE_CAPACITY,
        };
        let (target, room) = if text.on_heap {
            text.heap = spare_buffer(capacity);
            (text.heap.as_mut_ptr(), text.heap.capacity())
        } else {
            (text.inline.as_mut_ptr().cast::<u8>(), INLINE_CAPACITY)
        };
        let mut written = 0usize;
        // SAFETY: `target` is writable for `room` bytes (the inline array, or the heap
        // buffer's reserved capacity), at least the worst-case UTF-8 size plus the NUL
        // Node-API always writes; nothing is read before Node-API has written it.
        let status = unsafe {
            sys::napi_get_value_string_utf8(env, value, target.cast(), room, &mut written)
        };
        expect_string(status)?;
        text.len = written.min(room.saturating_sub(1));
        if text.on_heap {
            // SAFETY: Node-API initialised the first `written` bytes of the capacity.
            unsafe { text.heap.set_len(text.len) };
        }
        Ok(text)
    }
}

impl Drop for JsText {
    fn drop(&mut self) {
        if self.on_heap {
            return_buffer(std::mem::take(&mut self.heap));
        }
    }
}

fn expect_string(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(Status::StringExpected, "expected a string"))
    }
}
