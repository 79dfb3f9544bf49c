'use strict'

const querystring = require('querystring')

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'
const JSON_MEDIA_TYPE = 'application/json'

/** The lower-case media type of a Content-Type value, without its parameters. */
function mediaType(contentType) {
  if (typeof contentType !== 'string') return undefined
  const semicolon = contentType.indexOf(';')
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() || undefined
}

/**
 * A raw form (string or Uint8Array, read as UTF-8) as a plain object, with
 * `querystring.parse`'s rules. Its arrays are rebuilt in this module's realm: the
 * signing code expands only `instanceof Array` values (twilio's rule), and Node's own
 * `querystring` makes its arrays in the main realm, another one inside a `vm` context
 * (as under jest).
 */
function formObject(raw) {
  const body = {}
  if (raw.length === 0) return body
  const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
  const parsed = querystring.parse(text)
  for (const key of Object.keys(parsed)) {
    const value = parsed[key]
    setField(body, key, typeof value === 'string' ? value : Array.from(value))
  }
  return body
}

function setField(body, key, value) {
  // A `__proto__` field stays a field instead of setting the prototype.
  if (key === '__proto__') Object.defineProperty(body, key, { value, writable: true, enumerable: true, configurable: true })
  else body[key] = value
}

module.exports = { mediaType, formObject, FORM_MEDIA_TYPE, JSON_MEDIA_TYPE }
