'use strict'
// Inputs shared by the benchmarks: the same argument objects are handed to both
// implementations, so neither side gets a cheaper (e.g. pre-flattened) form.

const crypto = require('crypto')
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
    ['withBody forged, 1 MB string', 'validateRequestWithBody', [TOKEN, forgedSignature('forgedBody'), bodyUrl, body], false, null],
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

module.exports = { build, TOKEN, URL5, PARAMS5, VALID5, forgedSignature, params30, jsonBody }
