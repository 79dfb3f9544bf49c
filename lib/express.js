'use strict'

const url = require('url')
const { SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER } = require('./constants')
const { getSignatureAlgorithm } = require('./algorithm')
const { validateRequest, validateRequestWithBody } = require('./validate')

const NO_SIGNATURE_TEXT =
  'No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.'
const FAILED_TEXT = 'Twilio Request Validation Failed.'

/**
 * Validates an Express-shaped request: the URL is `opts.url`, or rebuilt from protocol,
 * Host header and `originalUrl` with Node's legacy `url.format` (which escapes `?` as
 * `%3F`; every upper-case `%3F` is turned back when the original URL had a query —
 * twilio-node's long-standing repair, kept so the same requests pass and fail).
 */
function validateIncomingRequest(request, authToken, opts) {
  const options = opts || {}
  let webhookUrl
  if (options.url) {
    webhookUrl = options.url
  } else {
    webhookUrl = url.format({
      protocol: options.protocol || request.protocol,
      host: options.host || request.headers.host,
      pathname: request.originalUrl,
    })
    if (request.originalUrl.search(/\?/) >= 0) webhookUrl = webhookUrl.replace(/%3F/g, '?')
  }
  // JSON webhooks put the body hash in the query; the body itself must be the raw text.
  if (webhookUrl.indexOf('bodySHA256') > 0) {
    return validateRequestWithBody(
      authToken,
      request.header(SIGNATURE_HEADER) || '',
      webhookUrl,
      request.rawBody || '{}',
      options.algorithm,
    )
  }
  return validateRequest(authToken, request.header(SIGNATURE_HEADER) || '', webhookUrl, request.body || {}, options.algorithm)
}

function validateExpressRequest(request, authToken, opts) {
  return validateIncomingRequest(request, authToken, opts)
}

/**
 * Settings of a webhook() middleware, merged like twilio-node merges them (string
 * arguments: the last one is the token; object arguments: the first one's keys win;
 * `validate` defaults to true unless explicitly given as undefined by an object) with
 * two deliberate differences: the caller's objects are never written to, and an
 * `authToken` option is honoured (twilio-node overwrites it with the environment's).
 *
 * twilio-node writes into the base options object and reads it at request time, so
 * inherited, getter and non-enumerable options count (and getters run on the object
 * itself, e.g. a URL object's `host`). Our writes go to a separate record; an option
 * we never wrote is read from the base object, when it is asked for.
 */
function webhookSettings(args) {
  let base
  for (const candidate of [args[0], args[1]]) {
    if (candidate && typeof candidate === 'object') base = candidate
  }
  const written = Object.create(null)
  const option = (name) => (name in written ? written[name] : base === undefined ? undefined : base[name])
  if (option('validate') == undefined) setOwn(written, 'validate', true) // eslint-disable-line eqeqeq
  let tokenArgument
  for (const arg of args) {
    if (typeof arg === 'string') tokenArgument = arg
    // Merging the base object into itself changes nothing in twilio-node.
    else if (arg !== base) mergeOwn(written, arg)
  }
  setOwn(written, 'authToken', tokenArgument || option('authToken') || process.env.TWILIO_AUTH_TOKEN)
  return option
}

/** `Object.assign(target, source)`, defining instead of assigning (no inherited setters). */
function mergeOwn(target, source) {
  if (source === null || source === undefined) return
  const from = Object(source)
  for (const key of Reflect.ownKeys(from)) {
    const descriptor = Object.getOwnPropertyDescriptor(from, key)
    if (descriptor && descriptor.enumerable) setOwn(target, key, from[key])
  }
}

function setOwn(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

/** Express middleware: 400 without a signature, 500 without a secret, 403 when invalid. */
function webhook(opts, authToken) {
  const option = webhookSettings(arguments)
  return function hook(request, response, next) {
    if (!option('validate')) {
      next()
      return
    }
    if (!request.header(SIGNATURE_HEADER)) {
      return response.type('text/plain').status(400).send(NO_SIGNATURE_TEXT)
    }
    // A settings header means a SharedKey signature, with the algorithm it names.
    const signatureSettings = request.header(SIGNATURE_SETTINGS_HEADER)
    const secret = signatureSettings ? option('sharedKeySecret') : option('authToken')
    if (!secret) {
      const missing = signatureSettings ? 'SharedKey secret' : 'auth token'
      console.error(`[Twilio]: Error - Twilio ${missing} is required for webhook request validation.`)
      response
        .type('text/plain')
        .status(500)
        .send(`Webhook Error - we attempted to validate this request without first configuring our ${missing}.`)
      return
    }
    const valid = validateExpressRequest(request, secret, {
      url: option('url'),
      host: option('host'),
      protocol: option('protocol'),
      algorithm: getSignatureAlgorithm(signatureSettings),
    })
    if (valid) {
      next()
      return
    }
    return response.type('text/plain').status(403).send(FAILED_TEXT)
  }
}

module.exports = { validateIncomingRequest, validateExpressRequest, webhook }
