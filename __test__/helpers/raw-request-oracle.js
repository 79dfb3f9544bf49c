'use strict'

// Reference answer for validateRawRequest(authToken, signature, url, body, options?),
// built from twilio@6.3.1's webhooks module and Node's `querystring`: what an
// application gets when it parses the raw body itself (querystring.parse, the
// parser twilio's own docs and body-parser 1.x used) and calls twilio.
//
//   body     Buffer | Uint8Array | string; undefined / null = empty body (GET).
//            Anything else: TypeError, code ERR_INVALID_ARG_TYPE.
//   options  undefined / null / { contentType?, algorithm? }. Properties are
//            read as from any value (a number or a string has none of them).
//            A string contentType whose media type (before ';', trimmed,
//            case-insensitive) is not application/x-www-form-urlencoded means
//            params {}; a missing or non-string contentType means "form".
//   url      containing 'bodySHA256' after index 0: the JSON path,
//            twilio.validateRequestWithBody with the raw body.

const querystring = require('querystring')
const { types } = require('util')
const twilio = require('twilio/lib/webhooks/webhooks')

const FORM = 'application/x-www-form-urlencoded'

function mediaType(contentType) {
  const semi = contentType.indexOf(';')
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase()
}

function invalidBody(body) {
  const err = new TypeError(
    'The "body" argument must be of type string or an instance of Buffer or Uint8Array. Received ' +
      (body === null ? 'null' : typeof body),
  )
  err.code = 'ERR_INVALID_ARG_TYPE'
  return err
}

// The body as text, exactly as an application would decode it.
function bodyText(body) {
  if (body == null) return ''
  if (typeof body === 'string') return body
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
}

// querystring.parse(text), with its arrays rebuilt in this module's realm.
// Under jest, `querystring` (a core module) runs in Node's main realm while
// twilio runs in the test's vm context, so twilio's `value instanceof Array`
// is false for querystring's arrays and it would sign 'a' + '1,2' for a=1&a=2.
// An application has both in one realm; so does this copy.
function parseForm(text) {
  const params = querystring.parse(text)
  for (const key of Object.keys(params)) {
    if (Array.isArray(params[key])) params[key] = Array.from(params[key])
  }
  return params
}

// The params object the oracle signs/validates with (null on the JSON path).
function rawParams(url, body, options) {
  const contentType = options == null ? undefined : options.contentType
  if (typeof url === 'string' && url.indexOf('bodySHA256') > 0) return null
  if (typeof contentType === 'string' && mediaType(contentType) !== FORM) return {}
  return parseForm(bodyText(body))
}

// Not twilio's (it has no such function): the package's own argument checks, which the
// README documents. `options` must be an object when given, `contentType` a string.
function invalidOptions(options) {
  if (options == null) return null
  if (typeof options !== 'object') return typeError('options', options)
  if (options.contentType != null && typeof options.contentType !== 'string')
    return typeError('options.contentType', options.contentType)
  return null
}

function typeError(name, value) {
  const error = new TypeError(`The "${name}" argument has the wrong type (${typeof value})`)
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

function validateRawRequest(authToken, signature, url, body, options) {
  const badOptions = invalidOptions(options)
  if (badOptions) throw badOptions
  if (!(body == null || typeof body === 'string' || types.isUint8Array(body))) throw invalidBody(body)
  const algorithm = options == null ? undefined : options.algorithm
  if (typeof url === 'string' && url.indexOf('bodySHA256') > 0) {
    return twilio.validateRequestWithBody(authToken, signature, url, body == null ? '' : body, algorithm)
  }
  return twilio.validateRequest(authToken, signature, url, rawParams(url, body, options), algorithm)
}

module.exports = { validateRawRequest, parseForm, rawParams, bodyText, mediaType, FORM }
