'use strict'

const crypto = require('crypto')

/**
 * The auth token or SharedKey secret as the native side takes it: a string as it is
 * (UTF-8, like `crypto.createHmac`), anything else as the bytes `crypto.createHmac` would
 * use — and, for what it rejects (undefined, numbers, plain objects…), its own exact
 * ERR_INVALID_ARG_TYPE error. The prepared HMAC state is cached natively per secret.
 */
function secretArg(secret) {
  if (typeof secret === 'string') return secret
  if (ArrayBuffer.isView(secret)) return Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
  if (secret instanceof ArrayBuffer) return Buffer.from(secret)
  crypto.createHmac('sha1', secret)
  const keyObject = secret instanceof crypto.KeyObject ? secret : crypto.KeyObject.from(secret)
  return keyObject.export()
}

module.exports = { secretArg }
