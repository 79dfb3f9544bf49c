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
 * `querystring.parse`'s rules — keys in first-seen order, a repeated key's values in an
 * array, 1000 pieces at most — built in this module's realm: the signing code expands
 * only `instanceof Array` values (twilio's rule), and Node's own `querystring` makes its
 * arrays in the main realm, another one inside a `vm` context (as under jest).
 */
function formObject(raw) {
  if (raw.length === 0) return {}
  const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
  return splitForm(text) || copied(querystring.parse(text))
}

/**
 * `querystring.parse` by splitting instead of scanning each character, for a body whose
 * every `%` starts a valid escape (else undefined). querystring decides per piece whether
 * to decode, by watching for escapes with quirks of its own (crates/core/src/querystring.rs);
 * those decide anything only when a `%` starts no escape — decoding text without a `%`
 * changes nothing — so such bodies go to querystring itself. Here a part holding a `%` is
 * decoded with querystring's own `unescape` (decodeURIComponent, else its byte-wise
 * fallback), after `+` became a space.
 */
function splitForm(text) {
  const body = {}
  let start = 0
  // querystring counts every piece, empty ones too, towards its 1000.
  for (let pieces = 0; start <= text.length && pieces < MAX_PIECES; pieces++) {
    let end = text.indexOf('&', start)
    if (end === -1) end = text.length
    if (end > start) {
      let eq = text.indexOf('=', start)
      if (eq === -1 || eq > end) eq = end
      const keyPercents = escapes(text, start, eq)
      const valuePercents = eq < end ? escapes(text, eq + 1, end) : 0
      if (keyPercents < 0 || valuePercents < 0) return undefined
      const rawKey = text.slice(start, eq)
      const rawValue = eq < end ? text.slice(eq + 1, end) : ''
      const key = keyPercents > 0 ? querystring.unescape(spaced(rawKey)) : spaced(rawKey)
      const value = valuePercents > 0 ? querystring.unescape(spaced(rawValue)) : spaced(rawValue)
      addField(body, key, value)
    }
    start = end + 1
  }
  return body
}

const MAX_PIECES = 1000

/** How many `%` escapes text[from, to) holds, or -1 when a `%` starts no valid escape. */
function escapes(text, from, to) {
  let count = 0
  for (let i = text.indexOf('%', from); i !== -1 && i < to; i = text.indexOf('%', i + 3)) {
    if (i + 2 >= to || !isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) return -1
    count++
  }
  return count
}

function isHex(code) {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102)
}

function spaced(text) {
  return text.indexOf('+') === -1 ? text : text.replace(/\+/g, ' ')
}

function addField(body, key, value) {
  if (!Object.hasOwn(body, key)) setField(body, key, value)
  else if (Array.isArray(body[key])) body[key].push(value)
  else body[key] = [body[key], value]
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

module.exports = { mediaType, formObject, FORM_MEDIA_TYPE, JSON_MEDIA_TYPE }
