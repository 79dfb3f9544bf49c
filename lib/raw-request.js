'use strict'

const binding = require('./load-binding')
const { algorithmCode, UNSUPPORTED } = require('./algorithm')
const { answer, NEEDS_HREF, INVALID } = require('./verdict')
const { invalidArgType } = require('./arguments')
const { validateRequest, validateRequestWithBody, validateSignedText } = require('./validate')
const { mediaType, formObject, isWellFormed, FORM_MEDIA_TYPE } = require('./form')

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
  if (contentType !== undefined && mediaType(contentType) !== FORM_MEDIA_TYPE) {
    return validateRequest(authToken, twilioHeader, url, {}, algorithm)
  }
  return validateRawForm(authToken, twilioHeader, url, raw, algorithm)
}

/**
 * The form path of validateRawRequest, for a raw body (string or Uint8Array) known to be
 * a form: what the guard calls once it has read the request's media type.
 */
function validateRawForm(authToken, twilioHeader, url, raw, algorithm) {
  const signature = twilioHeader || ''
  const wellFormed = typeof raw !== 'string' || isWellFormed(raw)
  if (typeof url !== 'string' || !wellFormed) {
    // What JavaScript semantics decide: URLs that are not strings (twilio's step-by-step
    // path needs the params object) and strings with lone surrogates (Node's
    // unescapeBuffer works on them code unit by code unit): `querystring` parses them.
    return validateRequest(authToken, twilioHeader, url, formObject(raw), algorithm)
  }
  const code = algorithmCode(algorithm)
  if (code === UNSUPPORTED) return validateRequest(authToken, twilioHeader, url, {}, algorithm)
  if (typeof authToken === 'string' && typeof signature === 'string') {
    const verdict =
      typeof raw === 'string'
        ? binding.validateFormText(authToken, code, signature, url, raw)
        : binding.validateForm(authToken, code, signature, url, raw)
    if (verdict !== NEEDS_HREF) return answer(verdict, url)
  }
  // URLs the core asks Node to normalise, secrets and signatures that are not strings:
  // the core's parameter text through twilio-node's remaining steps.
  return validateSignedText(authToken, signature, url, binding.formParams(raw), false, code)
}

/**
 * validateRawForm for a guard that sets `req.body`: the form as `formObject(raw)` makes
 * it when the request is valid, else undefined. For a Uint8Array body the object comes
 * from the validation's own native call and parse.
 */
function validFormBody(authToken, twilioHeader, url, raw, algorithm) {
  const code = algorithmCode(algorithm)
  const direct =
    typeof raw !== 'string' &&
    typeof url === 'string' &&
    typeof authToken === 'string' &&
    typeof twilioHeader === 'string' &&
    code !== UNSUPPORTED
  if (direct) {
    const outcome = binding.validateFormKeepingBody(authToken, code, twilioHeader, url, raw)
    if (typeof outcome === 'string') return JSON.parse(outcome)
    // Anything but a plain "invalid" (a URL for Node to normalise, or an error to throw)
    // takes the general path below.
    if (outcome === INVALID) return undefined
  }
  return validateRawForm(authToken, twilioHeader, url, raw, algorithm) ? formObject(raw) : undefined
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

module.exports = { validateRawRequest, validateRawForm, validFormBody }
