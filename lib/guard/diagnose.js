'use strict'

const crypto = require('crypto')
const { getExpectedTwilioSignature } = require('../validate')
const { rebuiltUrl, requestTarget, requestProtocol, forwardedOrigin, withPort } = require('./public-url')
const { formObject } = require('../form')

const MAX_HMACS = 16
const PER_SECOND = 10

const HINTS = {
  missing_signature: 'no X-Twilio-Signature header: not a Twilio request, or a proxy dropped the header',
  no_secret: 'no auth token (or SharedKey secret) for this request: set authToken, sharedKeys or sharedKeySecret',
  signature_mismatch:
    'not signed with a configured token for this URL and body: check the token (rotated? a subaccount?) or set baseUrl',
  url_mismatch:
    'signed for another URL than the one rebuilt: set baseUrl, or trustProxy when a proxy sets Forwarded / X-Forwarded-*',
  raw_body_required:
    'JSON webhook without its raw body: mount webhook() before express.json(), or keep req.rawBody in its verify option',
  body_unavailable: 'the form body was consumed without leaving req.body or req.rawBody: mount webhook() before that body parser',
  body_hash_mismatch: 'the body does not match the bodySHA256 of the signed URL: it changed on its way',
  body_too_large: 'the body is larger than the limit option: raise limit',
}

const STATUS = { missing_signature: 400, no_secret: 500, body_too_large: 413 }

/** The failure object onFailure receives. `message` is the one-line hint. */
function failure(reason, extra) {
  return { status: STATUS[reason] || 403, reason, message: HINTS[reason], ...extra }
}

/**
 * A diagnoser for one middleware: why a request whose signature did not verify failed.
 * It only ever reports — its answer never reaches the response and never accepts a
 * request — and it is bounded so that a forged flood costs what it costs without it:
 * at most MAX_HMACS signatures per diagnosis and PER_SECOND diagnoses a second (then
 * the reason stays signature_mismatch with `diagnosisSkipped`).
 */
function createDiagnoser({ perSecond = PER_SECOND, maxHmacs = MAX_HMACS, now = Date.now } = {}) {
  let windowStart = 0
  let used = 0
  const allowed = () => {
    const t = now()
    if (t - windowStart >= 1000) {
      windowStart = t
      used = 0
    }
    if (used >= perSecond) return false
    used++
    return true
  }
  return function diagnose(context) {
    const { receivedUrl } = context
    if (context.bodyUnavailable) return failure('body_unavailable', { receivedUrl })
    if (!allowed()) {
      return failure('signature_mismatch', {
        receivedUrl,
        diagnosisSkipped: true,
        message: HINTS.signature_mismatch + ' (diagnosis skipped: more than ' + perSecond + ' failures a second)',
      })
    }
    return explain(context, maxHmacs)
  }
}

function explain(context, maxHmacs) {
  const { request, receivedUrl, signature, secrets, algorithm, json, rawBody } = context
  let budget = maxHmacs
  const signs = (url, params) => {
    for (const secret of secrets) {
      if (budget <= 0) return false
      budget--
      if (sameSignature(signature, safeSign(secret, url, params, algorithm))) return true
    }
    return false
  }
  if (json) {
    // The signature covers the URL alone; the body is covered by the URL's bodySHA256.
    if (signs(receivedUrl, {})) {
      if (rawBody === undefined) return failure('raw_body_required', { receivedUrl })
      return failure('body_hash_mismatch', { receivedUrl })
    }
    const signedUrl = alternativeUrls(request, receivedUrl).find((u) => signs(u, {}))
    if (signedUrl) return failure('url_mismatch', { receivedUrl, signedUrl })
    if (rawBody === undefined) return failure('raw_body_required', { receivedUrl })
    return failure('signature_mismatch', { receivedUrl })
  }
  const params = context.params !== undefined ? context.params : formParams(rawBody)
  const signedUrl = alternativeUrls(request, receivedUrl).find((u) => signs(u, params))
  if (signedUrl) return failure('url_mismatch', { receivedUrl, signedUrl })
  return failure('signature_mismatch', { receivedUrl })
}

function safeSign(secret, url, params, algorithm) {
  try {
    return getExpectedTwilioSignature(secret, url, params, algorithm)
  } catch {
    return ''
  }
}

/** Constant-time comparison: the expected signature of another URL is a secret too. */
function sameSignature(received, expected) {
  if (typeof received !== 'string' || received.length !== expected.length || expected.length === 0) return false
  return crypto.timingSafeEqual(Buffer.from(received), Buffer.from(expected))
}

/**
 * The params `validateRawRequest` signs for a raw form, as an object of this realm (the
 * signing code reads `querystring`'s objects and arrays differently when they come from
 * another realm, as under jest's vm contexts).
 */
function formParams(rawBody) {
  if (rawBody === undefined) return {}
  return formObject(rawBody instanceof Uint8Array || typeof rawBody === 'string' ? rawBody : String(rawBody))
}

/**
 * Other URLs this request could have been sent to, most likely first: the other scheme
 * (TLS terminated upstream); what the forwarded headers and X-Forwarded-Prefix say
 * (read here only to name a URL, never to accept one); the request's own URL (a wrong
 * baseUrl or trustProxy). The received URL itself is left out.
 */
function alternativeUrls(request, receivedUrl) {
  const headers = request.headers || {}
  const out = []
  const add = (u) => {
    if (u && u !== receivedUrl && !out.includes(u)) out.push(u)
  }
  const flip = (u) => (/^https:/.test(u) ? u.replace(/^https:/, 'http:') : u.replace(/^http:/, 'https:'))
  const ownHost = headers.host
  const ownProto = requestProtocol(request) || 'http'
  const forwarded = forwardedOrigin(headers, 1)
  const prefix = forwardedPrefix(headers['x-forwarded-prefix'])
  const original = requestTarget(request)
  const origins = []
  if (forwarded.host || forwarded.proto || forwarded.port) {
    origins.push([forwarded.proto || 'https', withPort(forwarded.host || ownHost, forwarded.port)])
  }
  origins.push([ownProto, ownHost])
  add(flip(receivedUrl))
  for (const [proto, host] of origins) {
    if (!host) continue
    // The URL as received (Twilio signs what it called) and as twilio rebuilds it
    // (`url.format`, which differs for `?` in the query).
    const asReceived = `${proto}://${host}${original}`
    add(asReceived)
    add(safeRebuild(original, proto, host))
    if (prefix) add(`${proto}://${host}${prefix}${original}`)
    add(flip(asReceived))
  }
  return out
}

function safeRebuild(target, proto, host) {
  try {
    return rebuiltUrl(target, proto, host)
  } catch {
    return undefined
  }
}

/** X-Forwarded-Prefix (Traefik, Spring): a path like `/twilio`, else nothing. */
function forwardedPrefix(value) {
  if (typeof value !== 'string') return ''
  const first = value.split(',')[0].trim().replace(/\/+$/, '')
  return /^\/[A-Za-z0-9._~%!$&'()*+;=:@/-]*$/.test(first) ? first : ''
}

module.exports = { createDiagnoser, failure, alternativeUrls, HINTS, MAX_HMACS, PER_SECOND }
