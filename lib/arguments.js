'use strict'

/**
 * The URL as a string. twilio-node calls `indexOf`/`slice` on it, so only strings and
 * string-like objects that have both (String objects, arrays, Buffers) get past it; we
 * use their string form and reject everything else with a TypeError, as it does.
 */
function requestUrl(url) {
  if (typeof url === 'string') return url
  if (url !== null && typeof url === 'object' && typeof url.indexOf === 'function' && typeof url.slice === 'function') {
    return String(url)
  }
  throw new TypeError(`The "url" argument must be a string. Received ${describe(url)}`)
}

/** The signature header as twilio-node compares it: a string, else `Buffer.from(header)`. */
function signatureArg(header) {
  return typeof header === 'string' ? header : Buffer.from(header)
}

/** Strings and byte views cross to Rust as they are; nothing else needs converting. */
function isDirectBody(body) {
  return typeof body === 'string' || body instanceof Uint8Array
}

/**
 * The bytes twilio-node hashes: `Buffer.from(body, 'utf-8')` (which also accepts arrays
 * of byte values and array-likes, and throws ERR_INVALID_ARG_TYPE for the rest).
 */
function bodyArg(body) {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return Buffer.from(body, 'utf-8')
}

function describe(value) {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an instance of ${value.constructor ? value.constructor.name : 'Object'}`
  if (typeof value === 'symbol') return 'a symbol'
  return `type ${typeof value}`
}

module.exports = { requestUrl, signatureArg, isDirectBody, bodyArg }
