'use strict'

const querystring = require('querystring')

const FORM = 'application/x-www-form-urlencoded'
const JSON_TYPE = 'application/json'
// express.json()'s strict mode: the body must start with an object or an array.
const STRICT_JSON_START = /^[\x20\x09\x0a\x0d]*[[{]/

/** The lower-case media type of a Content-Type value, without its parameters. */
function mediaType(contentType) {
  if (typeof contentType !== 'string') return undefined
  const semicolon = contentType.indexOf(';')
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() || undefined
}

/**
 * `req.body` as the body parser for its type would set it, or no body for a type
 * neither parser takes. A form is parsed with `querystring` rules — the params the
 * signature was checked against — into a plain object: that is what
 * `express.urlencoded({ extended: false })` gives for the well-formed bodies Twilio
 * sends (Express 5's qs-based parser differs only on malformed ones; see the README).
 * JSON as `express.json()` parses it (strict, empty body → `{}`); a body it would
 * refuse gives body-parser's 400 error, passed on only once the signature is valid.
 */
function parseBody(raw, contentType) {
  const type = mediaType(contentType)
  if (type === FORM) return { body: formObject(raw) }
  if (type !== JSON_TYPE) return {}
  if (raw.length === 0) return { body: {} }
  const text = raw.toString('utf8')
  if (!STRICT_JSON_START.test(text)) return { error: parseError(text, new SyntaxError('Unexpected token in JSON')) }
  try {
    return { body: JSON.parse(text) }
  } catch (error) {
    return { error: parseError(text, error) }
  }
}

/** A form as a plain object, with `querystring` rules (the params the signature was checked against). */
function formObject(raw) {
  const body = {}
  if (raw.length === 0) return body
  const parsed = querystring.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
  for (const key of Object.keys(parsed)) {
    const value = parsed[key]
    // querystring's arrays come from the main realm (another one inside a vm context).
    setField(body, key, typeof value === 'string' ? value : Array.from(value))
  }
  return body
}

function setField(body, key, value) {
  // A `__proto__` field stays a field instead of setting the prototype.
  if (key === '__proto__') Object.defineProperty(body, key, { value, writable: true, enumerable: true, configurable: true })
  else body[key] = value
}

function parseError(body, cause) {
  const error = new SyntaxError(cause.message)
  error.status = 400
  error.statusCode = 400
  error.expose = true
  error.type = 'entity.parse.failed'
  error.body = body
  return error
}

module.exports = { parseBody, formObject, mediaType, FORM, JSON_TYPE }
