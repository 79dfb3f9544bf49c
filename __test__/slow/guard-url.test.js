'use strict'
// The public URL: baseUrl, trustProxy (Forwarded / X-Forwarded-*), and url_mismatch
// naming the URL the signature is valid for. Requests are sent over real HTTP with the
// headers a proxy would add (the proxies themselves are a later step). For each set-up:
// a genuine request is rejected by twilio's webhook() and by ours without options, is
// accepted by ours with the documented option, and forged requests are always rejected.

const express = require('express')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const ours = require('../..')
const { startApp, echo, send, form, voiceParams, FORM } = require('../helpers/guard-http')

const TOKEN = 'url-token-0123456789abcdef0123'
const PUBLIC = 'api.example.com'

let app
const failures = []
const onFailure = (f) => failures.push(f)
const guard = (opts) => ours.webhook({ authToken: TOKEN, onFailure, ...opts })

// Fresh middlewares for each test: diagnosis is rate-limited per middleware (10 a
// second), and these tests send more failures than that in a second.
const variants = {
  twilio: () => twilio.webhook(TOKEN),
  plain: () => guard(),
  trust: () => guard({ trustProxy: true }),
  trust2: () => guard({ trustProxy: 2 }),
  base: () => guard({ baseUrl: `https://${PUBLIC}/prefix/` }),
  'base-trust': () => guard({ baseUrl: `https://${PUBLIC}/prefix`, trustProxy: true }),
  legacy: () => guard({ host: PUBLIC, protocol: 'https' }),
}
let current = {}

beforeAll(async () => {
  app = await startApp((a) => {
    a.post('/twilio/*rest', express.urlencoded({ extended: false }), (req, res, next) => current.twilio(req, res, next), echo)
    for (const name of Object.keys(variants)) {
      if (name !== 'twilio') a.post(`/${name}/*rest`, (req, res, next) => current[name](req, res, next), echo)
    }
  })
})
afterAll(() => app.close())
beforeEach(() => {
  failures.length = 0
  current = Object.fromEntries(Object.entries(variants).map(([name, make]) => [name, make()]))
})

/** A POST to `path` on the app, signed with `token` for `signedUrl`, with extra headers. */
function post(path, signedUrl, headers = {}, { token = TOKEN, params = voiceParams() } = {}) {
  return send(app.port, {
    path,
    headers: {
      ...FORM,
      host: PUBLIC,
      'x-twilio-signature': twilio.getExpectedTwilioSignature(token, signedUrl, params),
      ...headers,
    },
    body: form(params),
  })
}

const statusOf = async (...args) => (await post(...args)).status

// Each set-up: what the proxy sends, the URL Twilio called, and the variant that fixes it.
const setups = [
  {
    name: 'TLS terminated (X-Forwarded-Proto)',
    headers: { 'x-forwarded-proto': 'https' },
    publicUrl: (p) => `https://${PUBLIC}${p}`,
    fix: 'trust',
  },
  {
    name: 'Host rewritten, X-Forwarded-Host',
    headers: { host: '127.0.0.1:3000', 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https' },
    publicUrl: (p) => `https://${PUBLIC}${p}`,
    fix: 'trust',
  },
  {
    name: 'non-standard public port (X-Forwarded-Port)',
    headers: { host: '127.0.0.1:3000', 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https', 'x-forwarded-port': '8443' },
    publicUrl: (p) => `https://${PUBLIC}:8443${p}`,
    fix: 'trust',
  },
  {
    name: 'RFC 7239 Forwarded instead of X-Forwarded-*',
    headers: { host: '127.0.0.1:3000', forwarded: `for=192.0.2.60;proto=https;host="${PUBLIC}:8443"` },
    publicUrl: (p) => `https://${PUBLIC}:8443${p}`,
    fix: 'trust',
  },
  {
    name: 'path prefix stripped (baseUrl)',
    // Traefik / Spring style: the stripped prefix in X-Forwarded-Prefix (diagnosis reads it)
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-prefix': '/prefix' },
    publicUrl: (p) => `https://${PUBLIC}/prefix${p}`,
    fix: 'base',
  },
]

describe.each(setups)('$name', ({ headers, publicUrl, fix }) => {
  const path = (variant) => `/${variant}/sms?Query=1&x=%3F`
  const url = (variant) => publicUrl(path(variant))

  test('twilio and ours without options reject the genuine request; ours with the option accepts it', async () => {
    expect(await statusOf(path('twilio'), url('twilio'), headers)).toBe(403)
    expect(await statusOf(path('plain'), url('plain'), headers)).toBe(403)
    expect(await statusOf(path(fix), url(fix), headers)).toBe(200)
  })

  test('ours without options names the URL the signature is valid for', async () => {
    await post(path('plain'), url('plain'), headers)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ status: 403, reason: 'url_mismatch', signedUrl: url('plain') })
    expect(failures[0].receivedUrl).not.toBe(url('plain'))
  })

  test('forged requests are rejected in every configuration', async () => {
    for (const variant of ['twilio', 'plain', 'trust', 'trust2', 'base', 'base-trust']) {
      expect([variant, await statusOf(path(variant), url(variant), headers, { token: 'forger' })]).toEqual([variant, 403])
      // genuine signature, tampered body
      const r = await send(app.port, {
        path: path(variant),
        headers: {
          ...FORM,
          host: PUBLIC,
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url(variant), voiceParams()),
          ...headers,
        },
        body: form(voiceParams({ To: '+19005550000' })),
      })
      expect([variant, r.status]).toEqual([variant, 403])
    }
  })
})

describe('trustProxy off: forwarded headers are never read', () => {
  test('a request replayed with X-Forwarded-Host pointing to the URL it was signed for is rejected', async () => {
    // A genuine signature for another app on the same account (https://other.example/…)
    // replayed here with forged forwarded headers naming that app.
    const forgedHeaders = {
      'x-forwarded-host': 'other.example',
      'x-forwarded-proto': 'https',
      forwarded: 'proto=https;host=other.example',
    }
    expect(await statusOf('/plain/sms', 'https://other.example/plain/sms', forgedHeaders)).toBe(403)
    // diagnosis may name that URL — it only reports, it never accepts
    expect(failures[0]).toMatchObject({ reason: 'url_mismatch', signedUrl: 'https://other.example/plain/sms' })
    expect(await statusOf('/base/sms', 'https://other.example/base/sms', forgedHeaders)).toBe(403)
  })

  test('the legacy host/protocol options still work, and ignore forwarded headers', async () => {
    expect(await statusOf('/legacy/sms', `https://${PUBLIC}/legacy/sms`)).toBe(200)
    expect(await statusOf('/legacy/sms', 'https://other.example/legacy/sms', { 'x-forwarded-host': 'other.example' })).toBe(403)
  })
})

describe('trustProxy hops', () => {
  // The client sent its own X-Forwarded-Host; the one trusted proxy appended the real one.
  const chain = { host: '127.0.0.1:3000', 'x-forwarded-host': `other.example, ${PUBLIC}`, 'x-forwarded-proto': 'http, https' }

  test('true trusts the nearest hop only: what the client sent before it is ignored', async () => {
    expect(await statusOf('/trust/sms', `https://${PUBLIC}/trust/sms`, chain)).toBe(200)
    expect(await statusOf('/trust/sms', 'http://other.example/trust/sms', chain)).toBe(403)
  })

  test('2 hops reads the value the second proxy from the end wrote', async () => {
    const two = {
      host: '127.0.0.1:3000',
      'x-forwarded-host': `evil.example, ${PUBLIC}, inner.local`,
      'x-forwarded-proto': 'http, https, http',
    }
    expect(await statusOf('/trust2/sms', `https://${PUBLIC}/trust2/sms`, two)).toBe(200)
    expect(await statusOf('/trust2/sms', 'http://evil.example/trust2/sms', two)).toBe(403)
    const forwarded = {
      host: 'inner.local',
      forwarded: `for=a;host=evil.example;proto=http, for=b;host=${PUBLIC};proto=https, for=c;host=inner.local`,
    }
    expect(await statusOf('/trust2/sms', `https://${PUBLIC}/trust2/sms`, forwarded)).toBe(200)
  })

  test('behind a proxy that sets X-Forwarded-*, a Forwarded header added by the client is not read', async () => {
    const h = {
      host: '127.0.0.1:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': PUBLIC,
      forwarded: 'proto=https;host=other.example',
    }
    expect(await statusOf('/trust/sms', 'https://other.example/trust/sms', h)).toBe(403)
    expect(await statusOf('/trust/sms', `https://${PUBLIC}/trust/sms`, h)).toBe(200)
  })

  test('Forwarded: quoted values, escapes, case-insensitive names, IPv6 host', async () => {
    const h = { host: 'inner.local', forwarded: 'For="[2001:db8::1]:4711";Proto=HTTPS;Host="[2001:db8::2]:8443";x="a\\"b"' }
    expect(await statusOf('/trust/sms', 'https://[2001:db8::2]:8443/trust/sms', h)).toBe(200)
    const proto = { host: 'inner.local', forwarded: 'for=x;__proto__=y;host=' + PUBLIC }
    expect(await statusOf('/trust/sms', `http://${PUBLIC}/trust/sms`, proto)).toBe(200)
  })

  test('malformed forwarded values are ignored (the Host header is used)', async () => {
    const bad = { 'x-forwarded-host': 'evil.example/path@x', 'x-forwarded-proto': 'javascript' }
    expect(await statusOf('/trust/sms', `http://${PUBLIC}/trust/sms`, bad)).toBe(200)
  })

  test('baseUrl wins over trustProxy', async () => {
    const h = { 'x-forwarded-host': 'other.example', 'x-forwarded-proto': 'http' }
    expect(await statusOf('/base-trust/sms', `https://${PUBLIC}/prefix/base-trust/sms`, h)).toBe(200)
  })
})

test('url_mismatch names X-Forwarded-Prefix + path when a proxy strips a prefix', async () => {
  const h = { host: '127.0.0.1:3000', 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https', 'x-forwarded-prefix': '/prefix' }
  const signed = `https://${PUBLIC}/prefix/plain/sms`
  expect(await statusOf('/plain/sms', signed, h)).toBe(403)
  expect(failures[0]).toMatchObject({ reason: 'url_mismatch', signedUrl: signed, receivedUrl: 'http://127.0.0.1:3000/plain/sms' })
})
