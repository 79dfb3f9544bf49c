'use strict'
// Differential check of the guard: over real HTTP, for generated requests, its verdict
// (200 or 403) equals twilio@6.3.1's validateExpressRequest on the URL the guard should
// have rebuilt — the request's own URL, the forwarded one with trustProxy, or baseUrl +
// path — with the params the body carries, for any token of the keyring. Requests are
// signed for the right URL, for another URL, with another token, or tampered.

const express = require('express')
const fc = require('fast-check')
const querystring = require('querystring')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const ours = require('../..')
const { startApp, send, form, FORM, JSONH } = require('../helpers/guard-http')
const { assertAsyncProperty, FULL_RUN, scaled } = require('../helpers/gen/run')

const KEYRING = ['diff-token-current-0123456789', 'diff-token-previous-987654321']
const PUBLIC = 'hooks.example.com'
const BASE = `https://${PUBLIC}/svc`
const CASES = Number(process.env.GUARD_DIFF_CASES || 240)

let app
beforeAll(async () => {
  const quiet = { authToken: KEYRING, onFailure: false }
  app = await startApp((a) => {
    const ok = (req, res) => res.status(200).send('ok')
    a.all('/raw/plain/*rest', ours.webhook(quiet), ok)
    a.all('/raw/trust/*rest', ours.webhook({ ...quiet, trustProxy: true }), ok)
    a.all('/raw/base/*rest', ours.webhook({ ...quiet, baseUrl: BASE }), ok)
    const parsers = [express.urlencoded({ extended: false }), express.json({ verify: (req, res, buf) => (req.rawBody = buf) })]
    a.all('/parsed/plain/*rest', ...parsers, ours.webhook(quiet), ok)
    a.all('/parsed/trust/*rest', ...parsers, ours.webhook({ ...quiet, trustProxy: true }), ok)
    a.all('/parsed/base/*rest', ...parsers, ours.webhook({ ...quiet, baseUrl: BASE }), ok)
  })
})
afterAll(() => app.close())

const KEYS = ['AccountSid', 'CallSid', 'From', 'To', 'Body', 'Digits', 'SpeechResult', 'MediaUrl0', 'Caller', 'a b', 'ü']
const VALUES = ['', '+14155550100', 'hello world', "It's + 50% off & more", 'ü😃', 'a=b&c', '1234', 'https://x.example/m?a=1&b=2']
const SEGMENTS = ['sms', 'voice', 'a b', '%7E', 'café', "it's", 'x.y']
const QUERIES = ['', '?x=1', '?a=1&b=2', '?q=%3F', "?q='quote'", '?e=', '?p=a+b']

const oneOf = (list) => fc.constantFrom(...list)
// `value` in `percent` % of the runs, else undefined (the header is not sent)
const sometimes = (percent, arb) =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb })

function caseArb(port) {
  return fc
    .record({
      config: oneOf(['plain', 'trust', 'base']),
      mount: oneOf(['raw', 'parsed']),
      json: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      // a key drawn twice becomes an array of its values
      pairs: fc.array(fc.tuple(oneOf(KEYS), oneOf(VALUES)), { maxLength: 5 }),
      sid: fc.nat(9999),
      text: oneOf(VALUES),
      segment: oneOf(SEGMENTS),
      query: oneOf(QUERIES),
      host: oneOf(['127.0.0.1:' + port, PUBLIC]),
      proto: sometimes(60, oneOf(['https', 'http'])),
      forwardedHost: sometimes(50, oneOf([PUBLIC, 'evil.example', `${PUBLIC}:8443`])),
      kind: oneOf(['right', 'right', 'right', 'otherUrl', 'otherToken', 'tampered']),
      token: oneOf(KEYRING),
    })
    .map((r) => {
      const params = {}
      if (!r.json)
        for (const [key, value] of r.pairs) params[key] = params[key] === undefined ? value : [].concat(params[key], value)
      const body = r.json ? JSON.stringify({ Sid: 'X' + r.sid, Text: r.text }) : form(params)
      let pq = `/${r.mount}/${r.config}/${encodeURI(r.segment)}${r.query}`
      if (r.json) pq += (pq.includes('?') ? '&' : '?') + 'bodySHA256=' + twilio.getExpectedBodyHash(body)
      const headers = { host: r.host }
      if (r.proto !== undefined) headers['x-forwarded-proto'] = r.proto
      if (r.forwardedHost !== undefined) headers['x-forwarded-host'] = r.forwardedHost
      return { config: r.config, mount: r.mount, json: r.json, params, body, pq, headers, kind: r.kind, token: r.token }
    })
}

/** The URL the guard should validate, as twilio's options express it. */
function twilioOptions(c) {
  if (c.config === 'base') return { url: BASE + c.pq }
  if (c.config === 'trust') {
    const host = c.headers['x-forwarded-host']
    return { protocol: c.headers['x-forwarded-proto'], host }
  }
  return {}
}

// querystring.parse builds its object and arrays in Node's main realm; twilio's signing
// code expands only `instanceof Array` values, which fails across jest's vm realm.
function localParse(body) {
  const out = {}
  for (const [k, v] of Object.entries(querystring.parse(body))) out[k] = Array.isArray(v) ? Array.from(v) : v
  return out
}

function fakeRequest(c, signature, body) {
  const headers = { ...c.headers, 'x-twilio-signature': signature }
  return {
    protocol: 'http',
    headers,
    originalUrl: c.pq,
    body: c.json ? JSON.parse(body) : localParse(body),
    rawBody: body,
    header: (name) => headers[name.toLowerCase()],
  }
}

test(`${scaled(CASES)} generated requests: the guard's verdict is twilio's on the URL it should rebuild`, async () => {
  const seen = { 200: 0, 403: 0 }
  const property = fc.asyncProperty(caseArb(app.port), async (c) => {
    const opts = twilioOptions(c)
    // The URL twilio should see, from its own rebuild of a request with these options.
    const signFor = (token, req) => {
      const u =
        opts.url ||
        require('url').format({ protocol: opts.protocol || 'http', host: opts.host || req.headers.host, pathname: c.pq })
      const fixed = c.pq.includes('?') ? u.replace(/%3F/g, '?') : u
      return twilio.getExpectedTwilioSignature(token, fixed, c.json ? {} : c.params)
    }
    let body = c.body
    let signature
    const probe = fakeRequest(c, '', body)
    if (c.kind === 'otherToken') signature = signFor('not-in-the-keyring', probe)
    else if (c.kind === 'otherUrl')
      signature = twilio.getExpectedTwilioSignature(c.token, `https://evil.example${c.pq}`, c.json ? {} : c.params)
    else signature = signFor(c.token, probe)
    if (c.kind === 'tampered') body = c.json ? body.replace('"Sid"', '"Sjd"') : body + '&Injected=1'
    const expected = KEYRING.some((t) => twilio.validateExpressRequest(fakeRequest(c, signature, body), t, opts)) ? 200 : 403
    const res = await send(app.port, {
      method: 'POST',
      path: c.pq,
      headers: { ...(c.json ? JSONH : FORM), ...c.headers, 'x-twilio-signature': signature },
      body,
    })
    seen[res.status] = (seen[res.status] || 0) + 1
    if (res.status !== expected) throw new Error(`guard answered ${res.status}, twilio's verdict is ${expected}`)
  })
  await assertAsyncProperty('guard/differential', property, CASES)
  if (!FULL_RUN) return
  // both verdicts occur often enough for the comparison to mean something
  expect(seen[200]).toBeGreaterThan(scaled(CASES) / 5)
  expect(seen[403]).toBeGreaterThan(scaled(CASES) / 5)
})
