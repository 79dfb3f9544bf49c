'use strict'

const querystring = require('querystring')
const native = require('./load-binding')
const { algorithmCode, UNSUPPORTED } = require('./algorithm')
const { answer, NEEDS_HREF } = require('./verdict')
const { invalidArgType } = require('./arguments')
const { validateRequest, validateRequestWithBody } = require('./validate')

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'

/**
 * `validateRequest` for a request as a server holds it: `body` is the raw body (Buffer,
 * Uint8Array or string; undefined or null for none). The answer is twilio-node's
 * `validateRequest(authToken, signature, url, querystring.parse(body))`, or, for a URL
 * carrying `bodySHA256`, its `validateRequestWithBody(authToken, signature, url, body)`.
 * A form body is parsed, sorted and hashed natively, in one call.
 */
function validateRawRequest(authToken, twilioHeader, url, body, options) {
  const { contentType, algorithm } = rawRequestOptions(options)
  const raw = rawBody(body)
  // twilio-node's validateIncomingRequest takes the JSON path when `bodySHA256` occurs at
  // an index above 0 (`indexOf(…) > 0`); a URL starting with it is validated as a form.
  if (typeof url === 'string' && url.indexOf('bodySHA256') > 0) {
    return validateRequestWithBody(authToken, twilioHeader, url, raw, algorithm)
  }
  if (contentType !== undefined && !isFormMediaType(contentType)) {
    return validateRequest(authToken, twilioHeader, url, {}, algorithm)
  }
  const signature = twilioHeader || ''
  const usual =
    typeof url === 'string' &&
    typeof authToken === 'string' &&
    typeof signature === 'string' &&
    (typeof raw !== 'string' || isWellFormed(raw))
  if (usual) {
    const code = algorithmCode(algorithm)
    if (code !== UNSUPPORTED) {
      const verdict =
        typeof raw === 'string'
          ? native.validateFormText(authToken, code, signature, url, raw)
          : native.validateForm(authToken, code, signature, url, raw)
      if (verdict !== NEEDS_HREF) return answer(verdict, url)
    }
  }
  // What the core leaves to JavaScript: URLs it asks Node to normalise, secrets and
  // signatures that are not strings, and strings with lone surrogates (Node's
  // unescapeBuffer treats them code unit by code unit), which are parsed by `querystring`
  // itself. The others keep the core's parse and go through twilio-node's steps.
  const text = typeof raw === 'string' && !isWellFormed(raw) ? raw : null
  const params = text === null ? flatParams(native.formParams(raw)) : parsedForm(text)
  return validateRequest(authToken, twilioHeader, url, params, algorithm)
}

/**
 * `querystring.parse`, with repeated keys' arrays made in this module's realm: the
 * signing code expands only `instanceof Array` values (twilio's rule), and Node's own
 * `querystring` builds its arrays in the main realm, which is another one when this
 * package runs inside a `vm` context (as under jest).
 */
function parsedForm(text) {
  const params = querystring.parse(text)
  for (const key of Object.keys(params)) {
    if (Array.isArray(params[key])) params[key] = Array.from(params[key])
  }
  return params
}

/**
 * A params object whose one key is the whole parameter text: it signs exactly as the
 * parsed form does (twilio-node appends key + value for each key in order).
 */
function flatParams(text) {
  return { [text]: '' }
}

function rawRequestOptions(options) {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  const { contentType, algorithm } = options
  if (contentType === undefined || contentType === null) return { algorithm }
  if (typeof contentType !== 'string') throw invalidArgType('options.contentType', 'of type string', contentType)
  return { contentType, algorithm }
}

/** The body as the core reads it: a string or the Uint8Array (Buffers included) itself. */
function rawBody(body) {
  if (body === undefined || body === null) return ''
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  throw invalidArgType('body', 'a string, a Buffer or a Uint8Array', body)
}

/** No lone surrogates (`String.prototype.isWellFormed` is missing before Node 20). */
const isWellFormed = String.prototype.isWellFormed
  ? (text) => text.isWellFormed()
  : (text) => !/\p{Surrogate}/u.test(text)

/** The media type of a Content-Type value (before any `;` parameters), compared case-insensitively. */
function isFormMediaType(contentType) {
  const semicolon = contentType.indexOf(';')
  const mediaType = semicolon === -1 ? contentType : contentType.slice(0, semicolon)
  return mediaType.trim().toLowerCase() === FORM_MEDIA_TYPE
}

module.exports = { validateRawRequest }
