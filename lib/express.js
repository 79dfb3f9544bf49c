'use strict'

const { SIGNATURE_HEADER } = require('./constants')
const { validateRequest, validateRequestWithBody } = require('./validate')
const { publicUrl } = require('./guard/public-url')
const { createGuard, PENDING } = require('./guard/check')
const { rejection } = require('./guard/answers')

/**
 * Validates an Express-shaped request: the URL is `opts.url`, or rebuilt from protocol,
 * Host header and `originalUrl` as twilio-node rebuilds it (lib/guard/public-url.js).
 */
function validateIncomingRequest(request, authToken, opts) {
  const options = opts || {}
  const webhookUrl = publicUrl(request, options)
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
  const validate = option('validate')
  if (validate === undefined || validate === null) setOwn(written, 'validate', true)
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

/**
 * Express middleware: 400 without a signature, 500 without a secret, 403 when invalid
 * (twilio's texts), 413 for a body beyond `limit`. The checks live in lib/guard/ so
 * other framework adapters can reuse them; this is only the Express glue: calling
 * next(), writing the answer, and returning what twilio's middleware returns.
 */
function webhook(opts, authToken) {
  // biome-ignore lint/complexity/noArguments: twilio merges every argument given, however many
  const option = webhookSettings(arguments)
  const guard = createGuard(option, option('authToken'))
  return function hook(request, response, next) {
    if (!option('validate')) {
      next()
      return
    }
    const result = guard.check(request, undefined, request, (error, settled) => {
      if (error) return next(error)
      // Called from a stream event: what answering throws goes to Express, not the process.
      try {
        answer(settled, response, next)
      } catch (thrown) {
        next(thrown)
      }
    })
    if (result === PENDING) return
    if (result && typeof result.then === 'function') {
      result.then((settled) => answer(settled, response, next), next)
      return
    }
    return answer(result, response, next)
  }
}

function answer(result, response, next) {
  if (result.ok) {
    if (result.error) next(result.error)
    else next()
    return
  }
  const { status, text } = rejection(result.failure)
  const sent = response.type('text/plain').status(status).send(text)
  // twilio's middleware returns what send() returns, except after its 500.
  return status === 500 ? undefined : sent
}

module.exports = { validateIncomingRequest, validateExpressRequest, webhook }
