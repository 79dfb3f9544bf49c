'use strict'

const crypto = require('crypto')
const native = require('./load-binding')

/** Tokens in use by one process are few; keep the last ones' prepared HMAC state. */
const MAX_CACHED_TOKENS = 32
const cacheByAlgorithm = [new Map(), new Map()]

/**
 * A native SigningKey for an auth token or SharedKey secret. String secrets (the normal
 * case) are cached, so a request pays neither the token conversion nor the HMAC key
 * schedule; binary secrets are used as given, like `crypto.createHmac` does.
 */
function signingKey(secret, algorithm) {
  if (typeof secret !== 'string') return new native.SigningKey(secretBytes(secret), algorithm)
  const cache = cacheByAlgorithm[algorithm]
  let key = cache.get(secret)
  if (key === undefined) {
    if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value)
    key = new native.SigningKey(secret, algorithm)
    cache.set(secret, key)
  }
  return key
}

/** The key bytes `crypto.createHmac` would use; its own error for anything it rejects. */
function secretBytes(secret) {
  if (ArrayBuffer.isView(secret)) {
    return Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
  }
  if (secret instanceof ArrayBuffer) return Buffer.from(secret)
  // Let Node reject what it rejects (undefined, numbers, plain objects…) with its exact
  // ERR_INVALID_ARG_TYPE; what it accepts beyond the cases above is a key object.
  crypto.createHmac('sha1', secret)
  const keyObject = secret instanceof crypto.KeyObject ? secret : crypto.KeyObject.from(secret)
  return keyObject.export()
}

module.exports = { signingKey }
