'use strict'

const { formObject, FORM_MEDIA_TYPE: FORM, JSON_MEDIA_TYPE: JSON_TYPE } = require('../form')

// express.json()'s strict mode: the body must start with an object or an array.
const STRICT_JSON_START = /^[\x20\x09\x0a\x0d]*[[{]/

/**
 * `req.body` as the body parser for its media type `type` (lower case, without
 * parameters) would set it, or no body for a type neither parser takes. A form is parsed with `querystring` rules — the params the
 * signature was checked against — into a plain object: that is what
 * `express.urlencoded({ extended: false })` gives for the well-formed bodies Twilio
 * sends (Express 5's qs-based parser differs only on malformed ones; see the README).
 * JSON as `express.json()` parses it (strict, empty body → `{}`); a body it would
 * refuse gives body-parser's 400 error, passed on only once the signature is valid.
 */
function parseBody(raw, type) {
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

function parseError(body, cause) {
  const error = new SyntaxError(cause.message)
  error.status = 400
  error.statusCode = 400
  error.expose = true
  error.type = 'entity.parse.failed'
  error.body = body
  return error
}

module.exports = { parseBody }
