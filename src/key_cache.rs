//! Prepared HMAC keys, per thread, for the secrets in use.
//!
//! Calling a method of a Node-API class costs about ten times what a plain function call
//! costs (the instance has to be unwrapped), more than all the hashing of a valid request.
//! So the exports are plain functions that take the secret itself, and this cache keeps
//! its HMAC key schedule: a request then pays only a compare of the secret's bytes. A
//! process validates with a handful of secrets (an auth token, perhaps SharedKey secrets),
//! so a short list, most recently used first, is enough.

use std::cell::RefCell;

use napi::{Error, Result, Status};
use twilio_signature::{Algorithm, SigningKey};

use crate::codes::AlgorithmCode;

const CACHED_KEYS: usize = 16;

struct CachedKey {
    algorithm: Algorithm,
    secret: Vec<u8>,
    key: SigningKey,
}

thread_local! {
    static KEYS: RefCell<Vec<CachedKey>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` with the prepared key for `secret` under `algorithm`.
pub fn with_key<T>(
    algorithm: AlgorithmCode,
    secret: &[u8],
    work: impl FnOnce(&SigningKey) -> T,
) -> Result<T> {
    let algorithm = Algorithm::from(algorithm);
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        let found = keys
            .iter()
            .position(|cached| cached.algorithm == algorithm && cached.secret == secret);
        match found {
            Some(0) => {}
            Some(position) => {
                let cached = keys.remove(position);
                keys.insert(0, cached);
            }
            None => {
                let key = SigningKey::new(algorithm, secret)
                    .ok_or_else(|| Error::new(Status::GenericFailure, "HMAC key setup failed"))?;
                keys.truncate(CACHED_KEYS - 1);
                keys.insert(
                    0,
                    CachedKey {
                        algorithm,
                        secret: secret.to_vec(),
                        key,
                    },
                );
            }
        }
        keys.first()
            .map(|cached| work(&cached.key))
            .ok_or_else(|| Error::new(Status::GenericFailure, "key cache is empty"))
    })
}
