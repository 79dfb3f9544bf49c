//! Exports that exist only for the test suite.

use napi_derive::napi;

/// Panics on purpose inside the same `catch_unwind` guard every export uses, so the test
/// suite can prove that a Rust panic becomes a JavaScript Error and the process lives.
#[napi(catch_unwind, js_name = "__panicForTest")]
pub fn panic_for_test() {
    #[allow(clippy::panic)]
    {
        panic!("deliberate panic to test the unwind guard");
    }
}
