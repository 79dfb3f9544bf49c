#!/usr/bin/env node
'use strict'
// Where the time of one validation goes, measured piece by piece from JavaScript:
// facade steps alone, bare native calls through the existing exports, and the 1 MB body
// conversions. Prints a markdown table (median ns per call, process CPU time).
//
//   node bench/breakdown.js [--json out.json]

const crypto = require('crypto')
const fs = require('fs')
const native = require('../lib/load-binding')
const SHA1 = native.AlgorithmCode.HmacSha1
const { signedParams } = require('../lib/signed-params')
const ours = require('..')
const twilio = require('twilio/lib/webhooks/webhooks')
const { build, TOKEN, URL5, PARAMS5, VALID5, forgedSignature, params30, jsonBody } = require('./scenarios')
const { makeLoop, roundRobin } = require('./harness')

// Rows are declared first, then timed together round-robin (see harness.roundRobin).
const rows = []
function row(group, name, target, method, args) {
  rows.push({ group, name, run: makeLoop(target, method, args) })
}

const P30 = params30()
const URL30 = 'https://example.com/voice/incoming?tenant=42&region=us1'
const flat5 = signedParams(PARAMS5)
const flat30 = signedParams(P30)
const forged = forgedSignature('forged5')
const valid30 = twilio.getExpectedTwilioSignature(TOKEN, URL30, P30)
const body = jsonBody()
const bodyBuffer = Buffer.from(body)
const long700 = 'x'.repeat(flat30.length)
const bodyUrl = `https://example.com/events?bodySHA256=${twilio.getExpectedBodyHash(body)}`
const bodySignature = twilio.getExpectedTwilioSignature(TOKEN, bodyUrl, {})

// Helpers with the exact work of one facade step each.
const js = {
  signedParams,
  concat: (url, params) => url + signedParams(params),
  bufferFrom: (s) => Buffer.from(s, 'utf-8'),
  byteLength: (s) => Buffer.byteLength(s, 'utf-8'),
  sha256Hex: (b) => crypto.createHash('sha256').update(b).digest('hex'),
  hmacSha1: (s) => crypto.createHmac('sha1', TOKEN).update(Buffer.from(s, 'utf-8')).digest('base64'),
  newUrl: (u) => new URL(u).toString(),
  twilioOneCandidate: (u, p) => {
    // What twilio-node does per candidate URL: flatten, HMAC, compare.
    const data = Object.keys(p)
      .sort()
      .reduce((acc, k) => acc + k + p[k], u)
    const sig = crypto.createHmac('sha1', TOKEN).update(Buffer.from(data, 'utf-8')).digest('base64')
    return crypto.timingSafeEqual(Buffer.from(VALID5), Buffer.from(sig))
  },
}

row('js', 'signedParams(5 params) → 81-char string', js, 'signedParams', [PARAMS5])
row('js', `signedParams(30 params) → ${flat30.length}-char string`, js, 'signedParams', [P30])
row('js', 'new URL(url5).toString() (twilio-node, per forged call)', js, 'newUrl', [URL5])
row('js', 'twilio-node: one candidate, 5 params (sort+concat+createHmac+compare)', js, 'twilioOneCandidate', [URL5, PARAMS5])
row('js', 'twilio-node: one candidate, 30 params', js, 'twilioOneCandidate', [URL30, P30])

row('native', "validateBody('', '') — 2 empty strings, SHA-256 of nothing, bool back", native, 'validateBody', ['', ''])
row(
  'native',
  "validate(token, sha1, '', 'x', '') — 4 short strings + code, no hashing (verdict NEEDS_HREF)",
  native,
  'validate',
  [TOKEN, SHA1, '', 'x', ''],
)
row('native', `validate(token, sha1, '', 'x', <${flat5.length} chars>)`, native, 'validate', [TOKEN, SHA1, '', 'x', flat5])
row('native', `validate(token, sha1, '', 'x', <${long700.length} chars>)`, native, 'validate', [TOKEN, SHA1, '', 'x', long700])
row('native', 'validate(token, sha1, valid5, url5, flat5) — the valid call without facade', native, 'validate', [
  TOKEN,
  SHA1,
  VALID5,
  URL5,
  flat5,
])
row('native', 'validate(token, sha1, forged, url5, flat5) — the forged call without facade', native, 'validate', [
  TOKEN,
  SHA1,
  forged,
  URL5,
  flat5,
])
row('native', 'validate(token, sha1, valid30, url30, flat30)', native, 'validate', [TOKEN, SHA1, valid30, URL30, flat30])
row('native', 'validate(token, sha1, forged, url30, flat30)', native, 'validate', [TOKEN, SHA1, forged, URL30, flat30])
row('native', "validate(token, sha1, 'bogus', url5, flat5) — precheck rejects, URL still parsed", native, 'validate', [
  TOKEN,
  SHA1,
  'bogus',
  URL5,
  flat5,
])
row('native', 'sign(token, sha1, url5 + flat5) — 1 HMAC + base64 string back', native, 'sign', [TOKEN, SHA1, URL5 + flat5])

row('full', 'ours validateRequest valid, 5', ours, 'validateRequest', [TOKEN, VALID5, URL5, PARAMS5])
row('full', 'ours validateRequest forged, 5', ours, 'validateRequest', [TOKEN, forged, URL5, PARAMS5])
row('full', 'ours validateRequest valid, 30', ours, 'validateRequest', [TOKEN, valid30, URL30, P30])
row('full', 'ours validateRequest forged, 30', ours, 'validateRequest', [TOKEN, forged, URL30, P30])

row('body', 'native.bodyHash(1 MB string) — one-pass UTF-8 read (JsText) + SHA-256', native, 'bodyHash', [body])
row('body', 'native.bodyHash(1 MB Buffer) — SHA-256 only', native, 'bodyHash', [bodyBuffer])
row('body', "Buffer.from(1 MB string, 'utf-8') in JS", js, 'bufferFrom', [body])
row('body', 'Buffer.byteLength(1 MB string)', js, 'byteLength', [body])
row('body', 'crypto sha256 hex of 1 MB Buffer (OpenSSL)', js, 'sha256Hex', [bodyBuffer])
row('body', 'ours validateRequestWithBody valid, 1 MB string', ours, 'validateRequestWithBody', [
  TOKEN,
  bodySignature,
  bodyUrl,
  body,
])
row('body', 'ours validateRequestWithBody valid, 1 MB Buffer', ours, 'validateRequestWithBody', [
  TOKEN,
  bodySignature,
  bodyUrl,
  bodyBuffer,
])
row('body', 'ours validateRequestWithBody forged, 1 MB string (body never crosses)', ours, 'validateRequestWithBody', [
  TOKEN,
  forged,
  bodyUrl,
  body,
])
row(
  'body',
  'native.validateWithBody(token, sha1, forged, bodyUrl, undefined) — the forged call without facade',
  native,
  'validateWithBody',
  [TOKEN, SHA1, forged, bodyUrl, undefined],
)

function table() {
  const lines = ['| piece | ns/call |', '| --- | ---: |']
  let group = null
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group
      lines.push(
        `| **${{ js: 'JavaScript', native: 'bare native calls', full: 'whole facade call', body: '1 MB body' }[group]}** | |`,
      )
    }
    lines.push(`| ${r.name} | ${r.ns >= 10000 ? Math.round(r.ns / 1000) + ' µs' : Math.round(r.ns)} |`)
  }
  return lines.join('\n')
}

const times = roundRobin(
  rows.map((r) => r.run),
  { rounds: 21 },
)
rows.forEach((r, i) => {
  r.ns = times[i]
  delete r.run
})

const verdicts = {
  tiny: native.validate(TOKEN, SHA1, '', 'x', ''),
  bogus: native.validate(TOKEN, SHA1, 'bogus', URL5, flat5),
  bodyValid: ours.validateRequestWithBody(TOKEN, bodySignature, bodyUrl, body),
  bodyForged: native.validateWithBody(TOKEN, SHA1, forged, bodyUrl, undefined),
}
if (verdicts.bodyValid !== true || verdicts.bodyForged !== 0) throw new Error('body scenarios do not give the expected answers')
console.error(`outcome codes: tiny call ${verdicts.tiny}, 'bogus' ${verdicts.bogus}, forged body ${verdicts.bodyForged}`)
const out = table()
console.log(out)
console.log(`\nNode ${process.version}, ${require('os').cpus()[0].model}, median of 21 round-robin rounds, process CPU time`)
const jsonAt = process.argv.indexOf('--json')
if (jsonAt !== -1)
  fs.writeFileSync(
    process.argv[jsonAt + 1],
    JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n',
  )
void build
