'use strict'
// Measures the prototype exports of string-conversions.rs against today's exports, in one
// process. Usage: node bench/proposals/measure.js /path/to/prototype-copy
const path = require('path')
const COPY = path.resolve(process.argv[2] || '/tmp/proto')
const assert = require('assert')
const native = require(path.join(COPY, 'binding.js'))
const { makeLoop, compare, single } = require('../harness')
const { TOKEN, URL5, PARAMS5, VALID5, forgedSignature, params30, jsonBody } = require('../scenarios')
const { signedParams } = require(path.join(COPY, 'lib/signed-params'))
const key = new native.SigningKey(TOKEN, 0)
const P30 = params30()
const URL30 = 'https://example.com/voice/incoming?tenant=42&region=us1'
const twilio = require('twilio/lib/webhooks/webhooks')
const valid30 = twilio.getExpectedTwilioSignature(TOKEN, URL30, P30)
const forged = forgedSignature('forged5')
const body = jsonBody()
const uni = body.slice(0, 200000) + 'é€😀\uD800x' + body.slice(200000)

assert.strictEqual(native.bodyHashUtf16(body), native.bodyHash(body))
assert.strictEqual(native.bodyHashUtf16(uni), native.bodyHash(uni))
for (const [s, u, p] of [[VALID5, URL5, PARAMS5], [forged, URL5, PARAMS5], [valid30, URL30, P30]]) {
  assert.strictEqual(key.validateUtf16(s, u, signedParams(p), false), key.validate(s, u, signedParams(p), false))
}
assert.strictEqual(native.bodyHashOnePass(body), native.bodyHash(body))
assert.strictEqual(native.bodyHashOnePass(uni), native.bodyHash(uni))
for (const [s, u, p] of [[VALID5, URL5, PARAMS5], [forged, URL5, PARAMS5], [valid30, URL30, P30]]) {
  assert.strictEqual(key.validateInline(s, u, signedParams(p), false), key.validate(s, u, signedParams(p), false))
}
const api = {
  inline3: (a, b, c) => key.noopInline(a, b, c, false),
  validateInlineFresh: (s, u, p) => key.validateInline(s, u, signedParams(p), false),
  bodyHashOnePass: (b) => native.bodyHashOnePass(b),
  noop: () => native.noop(),
  str3: (a, b, c) => key.noopString(a, b, c, false),
  u16x3: (a, b, c) => key.noopUtf16(a, b, c, false),
  validateFresh: (s, u, p) => key.validate(s, u, signedParams(p), false),
  validateUtf16Fresh: (s, u, p) => key.validateUtf16(s, u, signedParams(p), false),
  bodyHash: (b) => native.bodyHash(b),
  bodyHashUtf16: (b) => native.bodyHashUtf16(b),
}
const pairs = [
  ['3 strings (28/43/81 chars): String vs Utf16String, no work', 'str3', 'u16x3', [VALID5, URL5, signedParams(PARAMS5)]],
  ['3 strings (28/55/622 chars)', 'str3', 'u16x3', [VALID5, URL30, signedParams(P30)]],
  ['3 strings (28/43/81): String vs InlineStr (1 napi call, stack buffer)', 'str3', 'inline3', [VALID5, URL5, signedParams(PARAMS5)]],
  ['3 strings (28/55/622): String vs InlineStr', 'str3', 'inline3', [VALID5, URL30, signedParams(P30)]],
  ['validate valid 5: String vs InlineStr, fresh flatten', 'validateFresh', 'validateInlineFresh', [VALID5, URL5, PARAMS5]],
  ['validate forged 5: String vs InlineStr', 'validateFresh', 'validateInlineFresh', [forged, URL5, PARAMS5]],
  ['validate valid 30: String vs InlineStr', 'validateFresh', 'validateInlineFresh', [valid30, URL30, P30]],
  ['bodyHash 1 MB ASCII: String vs one-pass UTF-8', 'bodyHash', 'bodyHashOnePass', [body]],
  ['bodyHash 1 MB non-ASCII: String vs one-pass UTF-8', 'bodyHash', 'bodyHashOnePass', [uni]],
  ['validate valid 5: String vs Utf16String, fresh flatten', 'validateFresh', 'validateUtf16Fresh', [VALID5, URL5, PARAMS5]],
  ['validate forged 5: String vs Utf16String', 'validateFresh', 'validateUtf16Fresh', [forged, URL5, PARAMS5]],
  ['validate valid 30: String vs Utf16String', 'validateFresh', 'validateUtf16Fresh', [valid30, URL30, P30]],
  ['bodyHash 1 MB ASCII: String vs Utf16String (streamed transcode)', 'bodyHash', 'bodyHashUtf16', [body]],
  ['bodyHash 1 MB non-ASCII: String vs Utf16String', 'bodyHash', 'bodyHashUtf16', [uni]],
]
console.log('| comparison | String (current) ns | prototype ns | saving |\n| --- | ---: | ---: | ---: |')
console.log(`| noop() call, no args | ${single(makeLoop(api, 'noop', [])).toFixed(0)} | | |`)
for (const [name, a, b, args] of pairs) {
  const r = compare(makeLoop(api, a, args), makeLoop(api, b, args), { rounds: 15 })
  const f = (x) => (x > 1e5 ? (x / 1000).toFixed(0) + ' µs' : x.toFixed(0))
  console.log(`| ${name} | ${f(r.a)} | ${f(r.b)} | ${((1 - r.b / r.a) * 100).toFixed(0)} % |`)
}
