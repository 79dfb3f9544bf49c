// Prototype exports measured for docs/PERFORMANCE.md ("Optimisation proposals").
// Not part of the package. To reproduce: copy the repo outside the tree, append this file
// to src/lib.rs, add `sha2 = "0.10"` under [dependencies] in Cargo.toml, build with
// `npx napi build --platform --release --js binding.js --dts binding.d.ts`, then run
// `node bench/proposals/measure.js <copy>` from this repo.

// ---- PROTOTYPE (scratch copy only): cheaper string conversions ----
use napi::bindgen_prelude::Utf16String;

fn utf16_to_string(units: &[u16]) -> String {
    // ASCII fast path (narrowing copy), else lossy decode like V8's WriteUtf8 (lone surrogates -> U+FFFD).
    if units.iter().all(|&u| u < 0x80) {
        let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
        // SAFETY: all bytes are ASCII.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf16_lossy(units)
    }
}

#[napi]
impl SigningKey {
    /// Same as `validate`, with the three strings read as UTF-16 and transcoded in Rust.
    #[napi(catch_unwind)]
    pub fn validate_utf16(
        &self,
        signature: Utf16String,
        url: Utf16String,
        params: Utf16String,
        params_null: bool,
    ) -> u32 {
        let signature = utf16_to_string(&signature);
        let url = utf16_to_string(&url);
        let params = utf16_to_string(&params);
        self.validate_bytes(signature.as_bytes(), &url, &params, params_null)
    }

    /// Conversion cost only: three String args, no work.
    #[napi(catch_unwind)]
    pub fn noop_string(&self, a: String, b: String, c: String, _flag: bool) -> u32 {
        (a.len() + b.len() + c.len()) as u32
    }

    /// Conversion cost only: three UTF-16 args, no work.
    #[napi(catch_unwind)]
    pub fn noop_utf16(&self, a: Utf16String, b: Utf16String, c: Utf16String, _flag: bool) -> u32 {
        (a.len() + b.len() + c.len()) as u32
    }
}

/// Call overhead only: no arguments.
#[napi]
pub fn noop() -> u32 {
    0
}

/// SHA-256 hex of a string read as UTF-16 (one V8 copy pass) and transcoded to UTF-8 in
/// 8 KiB chunks straight into the hasher (no second full-size buffer).
#[napi(catch_unwind)]
pub fn body_hash_utf16(body: Utf16String) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut out = [0u8; 8192 * 3 + 4];
    let units: &[u16] = &body;
    let mut chunks = units.chunks(8192).peekable();
    let mut carry: Option<u16> = None;
    while let Some(chunk) = chunks.next() {
        if carry.is_none() && chunk.iter().all(|&u| u < 0x80) {
            for (dst, &src) in out.iter_mut().zip(chunk) {
                *dst = src as u8;
            }
            hasher.update(&out[..chunk.len()]);
            continue;
        }
        // Slow path: decode with replacement, keeping a trailing high surrogate for the next chunk.
        let mut buf: Vec<u16> = carry.take().into_iter().collect();
        buf.extend_from_slice(chunk);
        if chunks.peek().is_some() {
            if let Some(&last) = buf.last() {
                if (0xD800..0xDC00).contains(&last) {
                    carry = buf.pop();
                }
            }
        }
        let mut n = 0;
        for c in char::decode_utf16(buf.iter().copied()) {
            let c = c.unwrap_or('\u{FFFD}');
            n += c.encode_utf8(&mut out[n..]).len();
        }
        hasher.update(&out[..n]);
    }
    if let Some(high) = carry {
        let _ = high;
        hasher.update("\u{FFFD}".as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

// ---- PROTOTYPE 2: one-pass UTF-8 reads ----
use napi::bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue};
use napi::sys;

/// A JS string read with ONE napi_get_value_string_utf8 call into an inline buffer (no
/// length pre-pass, no heap allocation); falls back to the heap for long strings.
pub struct InlineStr {
    buf: [u8; 512],
    len: usize,
    heap: Option<String>,
}

impl InlineStr {
    fn as_str(&self) -> &str {
        match &self.heap {
            Some(s) => s,
            // SAFETY: V8 wrote valid UTF-8 (lone surrogates replaced).
            None => unsafe { std::str::from_utf8_unchecked(&self.buf[..self.len]) },
        }
    }
}

impl TypeName for InlineStr {
    fn type_name() -> &'static str {
        "String"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::String
    }
}
impl ValidateNapiValue for InlineStr {}

impl FromNapiValue for InlineStr {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut out = InlineStr { buf: [0; 512], len: 0, heap: None };
        let mut written = 0usize;
        let status = sys::napi_get_value_string_utf8(env, value, out.buf.as_mut_ptr().cast(), out.buf.len(), &mut written);
        if status != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        if written + 1 < out.buf.len() {
            out.len = written;
            return Ok(out);
        }
        out.heap = Some(String::from_napi_value(env, value)?);
        Ok(out)
    }
}

/// A JS string read as UTF-8 in ONE pass: the UTF-16 length (O(1)) bounds the UTF-8 size
/// by 3x, so no Utf8Length pre-pass is needed.
pub struct OnePassString(Vec<u8>);

impl TypeName for OnePassString {
    fn type_name() -> &'static str {
        "String"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::String
    }
}
impl ValidateNapiValue for OnePassString {}

impl FromNapiValue for OnePassString {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut units = 0usize;
        if sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &mut units) != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        let cap = units * 3 + 1;
        let mut buf: Vec<u8> = Vec::with_capacity(cap);
        let mut written = 0usize;
        if sys::napi_get_value_string_utf8(env, value, buf.as_mut_ptr().cast(), cap, &mut written) != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        buf.set_len(written);
        Ok(OnePassString(buf))
    }
}

#[napi]
impl SigningKey {
    /// `validate` with the three strings read into inline buffers (one napi call each).
    #[napi(catch_unwind)]
    pub fn validate_inline(&self, signature: InlineStr, url: InlineStr, params: InlineStr, params_null: bool) -> u32 {
        self.validate_bytes(signature.as_str().as_bytes(), url.as_str(), params.as_str(), params_null)
    }

    #[napi(catch_unwind)]
    pub fn noop_inline(&self, a: InlineStr, b: InlineStr, c: InlineStr, _flag: bool) -> u32 {
        (a.as_str().len() + b.as_str().len() + c.as_str().len()) as u32
    }
}

/// SHA-256 hex of a string converted in one pass.
#[napi(catch_unwind)]
pub fn body_hash_one_pass(body: OnePassString) -> String {
    let hex = twilio_signature::body_hash_hex(&body.0);
    hex.iter().map(|&digit| char::from(digit)).collect()
}
