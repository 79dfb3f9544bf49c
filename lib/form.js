'use strict'

const querystring = require('querystring')
const native = require('./load-binding')

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
 * `querystring.parse`'s rules — keys in first-seen order, a repeated key's values in an
 * array, 1000 pieces at most — built in this module's realm: the signing code expands
 * only `instanceof Array` values (twilio's rule), and Node's own `querystring` makes its
 * arrays in the main realm, another one inside a `vm` context (as under jest).
 * The core parses the form and writes the object as JSON text: one `JSON.parse` builds
 * it several times faster than splitting and decoding field by field here. A string with
 * lone surrogates has no UTF-8 form for the core to read; `querystring` parses it.
 */
function formObject(raw) {
  if (raw.length === 0) return {}
  if (typeof raw === 'string' && !isWellFormed(raw)) return copied(querystring.parse(raw))
  return JSON.parse(native.formJson(raw))
}

/** querystring's object as a plain one of this realm. */
function copied(parsed) {
  const body = {}
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

/** No lone surrogates (`String.prototype.isWellFormed` is missing before Node 20). */
const isWellFormed = String.prototype.isWellFormed ? (text) => text.isWellFormed() : (text) => !/\p{Surrogate}/u.test(text)

module.exports = { mediaType, formObject, isWellFormed, FORM_MEDIA_TYPE, JSON_MEDIA_TYPE }
