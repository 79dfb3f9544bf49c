'use strict'

/** The signature header as twilio-node compares it: a string, else `Buffer.from(header)`. */
function signatureArg(header) {
  return typeof header === 'string' ? header : Buffer.from(header)
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

/** A TypeError like Node's own for an argument of the wrong type (`code` ERR_INVALID_ARG_TYPE). */
function invalidArgType(name, expected, value) {
  const received =
    value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an instance of ' + (value.constructor?.name ?? 'Object')
        : `type ${typeof value}`
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${received}`)
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

module.exports = { signatureArg, bodyArg, invalidArgType }
