'use strict'

const { SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER } = require('../constants')
const { getSignatureAlgorithm } = require('../algorithm')
const { validateRequest, validateRequestWithBody } = require('../validate')
const { validateRawForm, validFormBody } = require('../raw-request')
const { guardSettings, secretsFor, needsBodyForSecrets } = require('./settings')
const { publicUrl } = require('./public-url')
const { readBodyInto, hasBody, isUnread, BodyTooLarge } = require('./raw-body')
const { parseBody } = require('./parse-body')
const { mediaType, FORM_MEDIA_TYPE: FORM, JSON_MEDIA_TYPE: JSON_TYPE } = require('../form')
const { createDiagnoser, failure } = require('./diagnose')
const { logFailure } = require('./log')

/**
 * The guard without a framework: `check(request)` answers `{ ok: true, keyId }` (maybe
 * with a body `error` to pass on) or `{ ok: false, failure }`, synchronously when nothing
 * has to be awaited (the request was parsed already and the secrets are static) — so with
 * a body parser in front, webhook() answers in the same tick as twilio's — else as a
 * Promise. `request` is Node's IncomingMessage, maybe with Express's `originalUrl`,
 * `protocol` and `header()`, or an adapter's view of its framework's request (headers
 * with lower-case names, `originalUrl`, `protocol`, and `rawBody`/`body` when known).
 * An adapter that holds the body source itself passes `readBody(limit)` (returning the
 * bytes, maybe as a Promise, or throwing BodyTooLarge) and the framework's own request
 * as `subject`, which is what onFailure and a token resolver receive. With `later`, a
 * body read from the stream is delivered by `later(error, outcome)` (check() returns
 * PENDING) instead of a Promise.
 * `option(name)` reads the caller's options at request time. `adapter` marks a guard
 * with no twilio behaviour to keep: it validates the URL as called instead of twilio's
 * rebuild of it (lib/guard/public-url.js), and a body that is not a parsed object (a
 * string left by a text parser) signs no params, instead of twilio's keys of a string.
 */
function createGuard(option, authToken, { diagnose = createDiagnoser(), adapter = false } = {}) {
  const settings = guardSettings(option, authToken)
  settings.adapter = adapter

  function check(request, readBody, subject = request, later = undefined) {
    // Read once: Express gives each request a hidden class of its own (it swaps the
    // prototype, and V8 then shares no class between requests), so every property read
    // on it misses V8's caches.
    const headers = request.headers
    const signature = header(request, headers, SIGNATURE_HEADER)
    if (!signature) return reject(subject, failure('missing_signature'))
    // A settings header means a SharedKey signature, with the algorithm it names.
    const signatureSettings = header(request, headers, SIGNATURE_SETTINGS_HEADER)
    const state = { request, subject, signature, signatureSettings }
    if (!needsBodyForSecrets(settings, signatureSettings)) {
      keep(state, secretsFor(settings, option, signatureSettings))
      if (state.secrets.length === 0) return noSecret(state)
    }
    // After the secret check, as in twilio (an odd header then still answers 500 first).
    state.algorithm = getSignatureAlgorithm(signatureSettings)
    state.url = publicUrl(request, { url: option('url'), host: option('host'), protocol: option('protocol') }, settings)
    state.json = typeof state.url === 'string' && state.url.indexOf('bodySHA256') > 0
    state.type = mediaType(headers ? headers['content-type'] : undefined)
    if (readBody) return wantsBody(state) ? read(state, () => readBody(settings.limit)) : withSecrets(state)
    if (wantsBody(state) && hasBody(headers) && isUnread(request)) {
      // The stream is read with a callback: no Promise per request when `later` is given.
      const readInto = (deliverTo) =>
        readBodyInto(request, settings.limit, (error, raw) =>
          deliver(deliverTo, () => (error ? tooLarge(state, error) : withBody(state, raw))),
        )
      if (!later)
        return new Promise((resolve, reject) => readInto((error, outcome) => (error ? reject(error) : resolve(outcome))))
      readInto(later)
      return PENDING
    }
    return withSecrets(state)
  }

  function tooLarge(state, error) {
    if (error instanceof BodyTooLarge) return reject(state.subject, failure('body_too_large', { receivedUrl: state.url }))
    throw error
  }

  function read(state, reader) {
    let raw
    try {
      raw = reader()
    } catch (error) {
      return tooLarge(state, error)
    }
    if (raw && typeof raw.then === 'function')
      return raw.then(
        (bytes) => withBody(state, bytes),
        (error) => tooLarge(state, error),
      )
    return withBody(state, raw)
  }

  /** The body is read: keep it as a body parser would, then validate. */
  function withBody(state, raw) {
    const { request } = state
    request.rawBody = raw
    // body-parser's mark: a parser mounted after the guard leaves the body alone.
    request._body = true
    state.raw = raw
    // A form is validated from the raw bytes, so `req.body` is built only for a request
    // that passes (or for a resolver that needs its AccountSid, or an onFailure that may
    // look at it): a forged flood does not pay for parsing. JSON is validated from its
    // parsed object when the URL has no bodySHA256, so it is parsed now.
    const form = state.type === FORM
    if (form && state.secrets !== undefined && typeof settings.onFailure !== 'function') state.formPending = true
    else setBody(state)
    return withSecrets(state)
  }

  function setBody(state) {
    const { request } = state
    state.formPending = false
    const parsed = state.validForm !== undefined ? { body: state.validForm } : parseBody(state.raw, state.type)
    if (parsed.body !== undefined) request.body = parsed.body
    state.parseError = parsed.error
  }

  function withSecrets(state) {
    if (state.secrets) return validated(state)
    const { request } = state
    const body = request.body
    const accountSid = body && typeof body === 'object' ? body.AccountSid : undefined
    const secrets = secretsFor(settings, option, state.signatureSettings, accountSid, state.subject)
    const next = (list) => {
      keep(state, list)
      return state.secrets.length === 0 ? noSecret(state) : validated(state)
    }
    return secrets && typeof secrets.then === 'function' ? secrets.then(next) : next(secrets)
  }

  function validated(state) {
    const { secrets } = state
    for (let i = 0; i < secrets.length; i++) {
      if (valid(state, secrets[i], settings.adapter)) {
        if (state.formPending) setBody(state)
        const passed = { ok: true, keyId: state.keyIds[i], url: state.url }
        if (state.parseError) passed.error = state.parseError
        return passed
      }
    }
    let explained
    try {
      explained = diagnose(diagnosisContext(state))
    } catch {
      // A URL option the diagnosis cannot take apart (not a string): the plain verdict.
      explained = failure('signature_mismatch', { receivedUrl: state.url })
    }
    return reject(state.subject, explained)
  }

  function noSecret(state) {
    // Which secret is missing picks twilio's 500 text.
    const missingSecret = state.signatureSettings ? 'SharedKey secret' : 'auth token'
    return reject(state.subject, failure('no_secret', { missingSecret }))
  }

  function reject(request, result) {
    report(settings.onFailure, result, request)
    return { ok: false, failure: result }
  }

  return { check, settings }
}

/**
 * What check() returns when it was given `later` and will call it: `later(error, outcome)`
 * once the body is read (and, with a token resolver, its answer came).
 */
const PENDING = Symbol('pending')

function deliver(later, step) {
  let outcome
  try {
    outcome = step()
  } catch (error) {
    later(error)
    return
  }
  if (outcome && typeof outcome.then === 'function') outcome.then((settled) => later(null, settled), later)
  else later(null, outcome)
}

/** The secrets to try and, beside each, the key id a passing result names. */
function keep(state, list) {
  state.secrets = list.secrets
  state.keyIds = list.keyIds
}

/**
 * One secret against the request. With a body the guard read itself, the raw body is
 * validated (a JSON body without bodySHA256 signs its parsed object, as after
 * express.json()); otherwise exactly what twilio's validateIncomingRequest does, except
 * that a form whose parsed body is gone is validated from `req.rawBody` when present.
 */
function valid(state, secret, adapter) {
  const { request, signature, url, algorithm, json, type } = state
  if (state.raw !== undefined) {
    // Read only for a form, JSON, or a bodySHA256 URL (wantsBody).
    if (json) return validateRequestWithBody(secret, signature, url, state.raw, algorithm)
    if (type === JSON_TYPE) return validateRequest(secret, signature, url, request.body || {}, algorithm)
    if (!state.formPending) return validateRawForm(secret, signature, url, state.raw, algorithm)
    // `req.body` is still to be set: the validation that passes also parses it.
    state.validForm = validFormBody(secret, signature, url, state.raw, algorithm)
    return state.validForm !== undefined
  }
  if (json) return validateRequestWithBody(secret, signature, url, request.rawBody || '{}', algorithm)
  if (!isParsedObject(request.body) && request.rawBody !== undefined && type === FORM) {
    return validateRawForm(secret, signature, url, rawText(request.rawBody), algorithm)
  }
  const params = adapter && !isParsedObject(request.body) ? {} : request.body || {}
  return validateRequest(secret, signature, url, params, algorithm)
}

function diagnosisContext(state) {
  const { request, json } = state
  const raw = state.raw !== undefined ? state.raw : request.rawBody !== undefined ? rawText(request.rawBody) : undefined
  const form = state.type === FORM
  // The params valid() signed: undefined means "parse the raw form" (diagnose does).
  let params
  if (!json) {
    if (isParsedObject(request.body) && !(state.raw !== undefined && form)) params = request.body
    else params = form && raw !== undefined ? undefined : {}
  }
  const announced = form && Number(request.headers['content-length']) > 0
  return {
    request,
    receivedUrl: state.url,
    signature: state.signature,
    secrets: state.secrets,
    algorithm: state.algorithm,
    json,
    rawBody: raw,
    params,
    bodyUnavailable: !json && announced && raw === undefined && !hasParams(request.body),
  }
}

/**
 * Whether a body parser we mimic would read this body (the stream is read only when
 * nothing else did and a body is announced).
 */
function wantsBody({ type, json }) {
  return type === FORM || type === JSON_TYPE || (json && type === undefined)
}

const LOWER_CASE = {
  [SIGNATURE_HEADER]: SIGNATURE_HEADER.toLowerCase(),
  [SIGNATURE_SETTINGS_HEADER]: SIGNATURE_SETTINGS_HEADER.toLowerCase(),
}

/**
 * A request header: through Express's `req.header()` where there is one (twilio reads the
 * signature that way, and a request whose `header()` throws must answer as in twilio),
 * else from the adapter's lower-case `headers`.
 */
function header(request, headers, name) {
  if (typeof request.header === 'function') return request.header(name)
  return headers ? headers[LOWER_CASE[name]] : undefined
}

function isParsedObject(body) {
  return body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Uint8Array)
}

function hasParams(body) {
  return isParsedObject(body) && Object.keys(body).length > 0
}

function rawText(rawBody) {
  return typeof rawBody === 'string' || rawBody instanceof Uint8Array ? rawBody : String(rawBody)
}

/** onFailure never changes the answer: what it throws is dropped. */
function report(onFailure, result, request) {
  if (onFailure === false) return
  try {
    if (typeof onFailure === 'function') onFailure(result, request)
    else logFailure(result)
  } catch {
    // The response must not depend on the logger.
  }
}

module.exports = { createGuard, PENDING }
