'use strict'
// Inputs shared by the benchmarks: the same argument objects are handed to both
// implementations, so neither side gets a cheaper (e.g. pre-flattened) form.

const crypto = require('crypto')
const querystring = require('querystring')
const twilio = require('twilio/lib/webhooks/webhooks')

const TOKEN = '12345'
const URL5 = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const PARAMS5 = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
}
const VALID5 = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='

/** Deterministic bytes so every run (and every machine) forges the same signature. */
function fakeBytes(seed, length) {
  return crypto.createHash('sha256').update(seed).digest().subarray(0, length)
}

/** A forged header that looks real: canonical base64 of 20 (or 32) bytes. */
function forgedSignature(seed, digestBytes = 20) {
  return fakeBytes(seed, digestBytes).toString('base64')
}

/** The form fields of a real inbound-call webhook, padded to 30 with status-callback fields. */
function params30() {
  return {
    AccountSid: 'AC' + 'f'.repeat(32),
    ApiVersion: '2010-04-01',
    CallSid: 'CA' + 'e'.repeat(32),
    CallStatus: 'ringing',
    CallToken: '%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D',
    Called: '+18005551212',
    CalledCity: 'SAN FRANCISCO',
    CalledCountry: 'US',
    CalledState: 'CA',
    CalledZip: '94105',
    Caller: '+14158675309',
    CallerCity: 'OAKLAND',
    CallerCountry: 'US',
    CallerName: 'Jane Doe',
    CallerState: 'CA',
    CallerZip: '94612',
    Direction: 'inbound',
    From: '+14158675309',
    FromCity: 'OAKLAND',
    FromCountry: 'US',
    FromState: 'CA',
    FromZip: '94612',
    StirVerstat: 'TN-Validation-Passed-A',
    To: '+18005551212',
    ToCity: 'SAN FRANCISCO',
    ToCountry: 'US',
    ToState: 'CA',
    ToZip: '94105',
    Timestamp: 'Fri, 28 Nov 2025 14:14:43 +0000',
    CallbackSource: 'call-progress-events',
  }
}

/** About 1 MiB of ASCII JSON, shaped like a batch of event records. */
function jsonBody(targetBytes = 1024 * 1024) {
  const records = []
  let size = 2
  for (let i = 0; size < targetBytes; i++) {
    const record = JSON.stringify({
      sid: 'EV' + fakeBytes('ev' + i, 16).toString('hex'),
      type: 'com.twilio.messaging.message.delivered',
      time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      data: { to: '+18005551212', from: '+14158675309', status: 'delivered', segments: (i % 3) + 1 },
    })
    records.push(record)
    size += record.length + 1
  }
  return '[' + records.join(',') + ']'
}

function build() {
  const p30 = params30()
  const url30 = 'https://example.com/voice/incoming?tenant=42&region=us1'
  const valid30 = twilio.getExpectedTwilioSignature(TOKEN, url30, p30)

  const body = jsonBody()
  const bodyBuffer = Buffer.from(body, 'utf-8')
  const bodyUrl = `https://example.com/events?bodySHA256=${twilio.getExpectedBodyHash(body)}`
  const bodySignature = twilio.getExpectedTwilioSignature(TOKEN, bodyUrl, {})
  const smallBody = '{"property": "value", "boolean": true}'

  // name, call, arguments, the answer both must give, must-reach ratio (null = extra row)
  return [
    ['valid, 5 params', 'validateRequest', [TOKEN, VALID5, URL5, PARAMS5], true, 2.5],
    ['forged, 5 params', 'validateRequest', [TOKEN, forgedSignature('forged5'), URL5, PARAMS5], false, 7],
    ['valid, 30 params', 'validateRequest', [TOKEN, valid30, url30, p30], true, 2.5],
    ['forged, 30 params', 'validateRequest', [TOKEN, forgedSignature('forged30'), url30, p30], false, 7],
    ['withBody, 1 MB string', 'validateRequestWithBody', [TOKEN, bodySignature, bodyUrl, body], true, 1.5],
    ['withBody, 1 MB Buffer', 'validateRequestWithBody', [TOKEN, bodySignature, bodyUrl, bodyBuffer], true, null],
    [
      'withBody forged, 1 MB string',
      'validateRequestWithBody',
      [TOKEN, forgedSignature('forgedBody'), bodyUrl, body],
      false,
      null,
    ],
    ['getExpectedTwilioSignature, 5', 'getExpectedTwilioSignature', [TOKEN, URL5, PARAMS5], VALID5, null],
    ['getExpectedBodyHash, 38 B', 'getExpectedBodyHash', [smallBody], twilio.getExpectedBodyHash(smallBody), null],
    ['getExpectedBodyHash, 1 MB', 'getExpectedBodyHash', [body], twilio.getExpectedBodyHash(body), null],
    [
      'valid, 5 params, HMAC_SHA256',
      'validateRequest',
      [TOKEN, twilio.getExpectedTwilioSignature(TOKEN, URL5, PARAMS5, 'HMAC_SHA256'), URL5, PARAMS5, 'HMAC_SHA256'],
      true,
      null,
    ],
    ['forged, not base64 ("bogus")', 'validateRequest', [TOKEN, 'bogus', URL5, PARAMS5], false, null],
  ].map(([name, method, args, expected, mustReach]) => ({ name, method, args, expected, mustReach }))
}

// ---------------------------------------------------------------------------------------
// Pooled rows: one argument list per call, cycled, instead of one reused params object.
//
// The rows above hand the same fast-mode object literal to every call. A server hands
// the validator a new object per request, made by its body parser: `querystring.parse`
// (and so express.urlencoded({ extended: false })) builds null-prototype objects that V8
// keeps in dictionary mode, with values sliced out of the body string. Walking those costs
// more than walking one hot literal, on both sides. The rows below measure that.

/** Requests per pooled row: a power of two (the loop indexes with `& (length - 1)`). */
const POOL = 4096

const URL30 = 'https://example.com/voice/incoming?tenant=42&region=us1'

function hex(i, width) {
  return i.toString(16).toUpperCase().padStart(width, '0')
}

function digits(i, width) {
  return String(i).padStart(width, '0').slice(-width)
}

/** Request `i` of a 5-parameter webhook: PARAMS5's keys and value lengths, other values. */
function params5Of(i) {
  const from = '+1415867' + digits(i, 4)
  return { CallSid: 'CA1234567890' + hex(i, 5), Caller: from, Digits: digits(i * 7919, 4), From: from, To: PARAMS5.To }
}

/** Request `i` of the 30-parameter inbound-call webhook (params30's keys, in its order). */
function params30Of(i) {
  const p = params30()
  const from = '+1415' + digits(8675309 + i * 104729, 7)
  p.CallSid = 'CA' + fakeBytes('call' + i, 16).toString('hex')
  p.Caller = from
  p.From = from
  p.CallerZip = p.FromZip = digits(94000 + (i % 1000), 5)
  p.Timestamp = new Date(Date.UTC(2025, 10, 28, 14, 14, 43) + i * 1000).toUTCString().replace('GMT', '+0000')
  return p
}

/**
 * The form body Twilio posts for `params`: application/x-www-form-urlencoded with spaces
 * as `+` and `+` as `%2B` (URLSearchParams' encoding; querystring.stringify would write
 * spaces as %20).
 */
function formBody(params) {
  return new URLSearchParams(params).toString()
}

/**
 * `count` (default POOL) distinct requests of one webhook kind (same keys, different
 * values): the URL, the form body, the header (Twilio's signature, or a forged one of the
 * same length) and whether it is valid.
 */
function requests({ size, url, forged = false, algorithm, count = POOL }) {
  const paramsOf = size === 5 ? params5Of : params30Of
  const digestBytes = algorithm === 'HMAC_SHA256' ? 32 : 20
  const out = []
  for (let i = 0; i < count; i++) {
    const params = paramsOf(i)
    const signature = forged
      ? forgedSignature(`forged${size}-${algorithm || 'sha1'}-${i}`, digestBytes)
      : twilio.getExpectedTwilioSignature(TOKEN, url, params, algorithm)
    out.push({ url, body: formBody(params), signature, valid: !forged })
  }
  return out
}

/** The arguments of a call, the last one (algorithm or options) only when given. */
function argList(head, params, algorithm) {
  return algorithm ? [...head, params, algorithm] : [...head, params]
}

/**
 * Fresh parsed objects: each of the POOL argument lists holds its own object, made by
 * `querystring.parse` from its own body (distinct values, so distinct valid signatures).
 * Both sides get the same lists in the same order.
 *
 * The parse happens here, before timing, so neither side is charged for it: these rows
 * compare the validators on what a body parser hands them. The objects are made once and
 * cycled, so after the first lap a validator has seen each of them before; that is
 * harmless because neither implementation keeps anything per object (ours remembers
 * key lists, which real traffic of one webhook kind repeats too). What the cycle does
 * keep is what the one reused literal hides: dictionary-mode objects, values sliced from
 * their body strings, and POOL of them (megabytes for 30 params), so the loop does not
 * run on one object sitting in L1 cache. (Checked against the alternative of parsing in
 * the loop and subtracting a parse-only loop: on the development machine both sides' net
 * costs came out within about 0.3 µs of these rows' figures, so the pool is not
 * noticeably colder, or warmer, than a just-parsed object.)
 */
function freshObjectCalls(spec) {
  return requests(spec).map((r) => argList([TOKEN, r.signature, r.url], querystring.parse(r.body), spec.algorithm))
}

/**
 * Raw body: ours gets the bytes a server holds (`validateRawRequest`, which parses, sorts
 * and hashes natively); twilio gets them parsed the way express.urlencoded({ extended:
 * false }) would, inside the timed call, since that is what a twilio user pays to get
 * from the bytes to `validateRequest`'s params. Each request its own Buffer.
 */
function rawBodyCalls(spec) {
  // validateRawRequest's fifth argument is an options object; one per row, as a caller's
  // constant would be.
  const options = spec.algorithm ? { algorithm: spec.algorithm } : undefined
  return requests(spec).map((r) => argList([TOKEN, r.signature, r.url], Buffer.from(r.body), options))
}

/**
 * twilio's side of the raw-body rows, under the same name and arguments as ours:
 * `validateRawRequest(authToken, header, url, bodyBuffer, { algorithm }?)`.
 */
const twilioRaw = {
  validateRawRequest(authToken, twilioHeader, url, body, options) {
    const params = querystring.parse(body.toString())
    return twilio.validateRequest(authToken, twilioHeader, url, params, options ? options.algorithm : undefined)
  },
}

/**
 * Rows whose calls cycle through a pool. `calls()` builds the pool when asked (so pools
 * are not kept alive while other rows run); every call of a row has the answer
 * `expected`. `twilioTarget` replaces twilio's webhooks module as the object called.
 */
function buildPooled() {
  const spec5 = { size: 5, url: URL5 }
  const spec30 = { size: 30, url: URL30 }
  return [
    ['fresh objects, valid, 5 params', 'validateRequest', freshObjectCalls, spec5, 4],
    ['fresh objects, valid, 30 params', 'validateRequest', freshObjectCalls, spec30, 2.5],
    ['fresh objects, forged, 30 params', 'validateRequest', freshObjectCalls, { ...spec30, forged: true }, null],
    ['raw body, valid, 5 params', 'validateRawRequest', rawBodyCalls, spec5, 5],
    ['raw body, valid, 30 params', 'validateRawRequest', rawBodyCalls, spec30, 5],
    ['raw body, forged (28-char signature), 30 params', 'validateRawRequest', rawBodyCalls, { ...spec30, forged: true }, 15],
    [
      'raw body, valid, 30 params, HMAC_SHA256',
      'validateRawRequest',
      rawBodyCalls,
      { ...spec30, algorithm: 'HMAC_SHA256' },
      null,
    ],
  ].map(([name, method, make, spec, mustReach]) => ({
    name,
    method,
    calls: () => make(spec),
    expected: !spec.forged,
    mustReach,
    twilioTarget: method === 'validateRawRequest' ? twilioRaw : null,
  }))
}

module.exports = {
  build,
  buildPooled,
  requests,
  twilioRaw,
  POOL,
  TOKEN,
  URL5,
  URL30,
  PARAMS5,
  VALID5,
  forgedSignature,
  params30,
  jsonBody,
}
