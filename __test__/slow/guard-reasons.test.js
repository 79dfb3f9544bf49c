'use strict'
// Why a request failed: every `reason` over real HTTP, the failure object, the bounds
// of the diagnosis (16 HMACs, 10 a second) and the default logging. Diagnosis only
// reports: every rejected request still gets twilio's answer.

const express = require('express')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const ours = require('../..')
const { resetLogThrottle } = require('../../lib/guard/log')
const { startApp, echo, send, form, voiceParams, FORM, JSONH, T403 } = require('../helpers/guard-http')

const TOKEN = 'reasons-token-0123456789abcdef'
const T400 = 'No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.'

let app
let failures = []
let current = {}
const collect = (f, req) => failures.push({ ...f, hasReq: typeof req.header === 'function' })
const make = {
  collect: () => ours.webhook({ authToken: TOKEN, onFailure: collect }),
  collectParsedJson: () => ours.webhook({ authToken: TOKEN, onFailure: collect }),
  none: () => ours.webhook({ onFailure: collect }),
  limit: () => ours.webhook({ authToken: TOKEN, onFailure: collect, limit: 100 }),
  ring17: () => ours.webhook({ authToken: Array.from({ length: 17 }, (_, i) => `${TOKEN}-${i}`), onFailure: collect }),
  defaultLog: () => ours.webhook({ authToken: TOKEN }),
  silent: () => ours.webhook({ authToken: TOKEN, onFailure: false }),
  throwing: () =>
    ours.webhook({
      authToken: TOKEN,
      onFailure: () => {
        throw new Error('logger broke')
      },
    }),
}

let errorSpy
beforeAll(async () => {
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {})
  app = await startApp((a) => {
    a.post('/collectParsedJson/*rest', express.json(), (req, res, next) => current.collectParsedJson(req, res, next), echo)
    for (const name of Object.keys(make)) {
      if (name !== 'collectParsedJson') a.post(`/${name}/*rest`, (req, res, next) => current[name](req, res, next), echo)
    }
  })
})
afterAll(async () => {
  errorSpy.mockRestore()
  await app.close()
})
beforeEach(() => {
  failures = []
  current = Object.fromEntries(Object.entries(make).map(([k, f]) => [k, f()]))
})

const url = (path) => `http://${app.host}${path}`
function post(path, { token = TOKEN, signedUrl = url(path), params = voiceParams(), headers = {}, signature } = {}) {
  const sig = signature !== undefined ? signature : twilio.getExpectedTwilioSignature(token, signedUrl, params)
  return send(app.port, {
    path,
    headers: { ...FORM, ...(sig === null ? {} : { 'x-twilio-signature': sig }), ...headers },
    body: form(params),
  })
}

describe("every reason, with its status and twilio's answer", () => {
  test('missing_signature: 400', async () => {
    const r = await post('/collect/x', { signature: null })
    expect([r.status, r.text]).toEqual([400, T400])
    expect(failures).toEqual([{ status: 400, reason: 'missing_signature', message: expect.any(String), hasReq: true }])
  })

  test('no_secret: 500', async () => {
    const r = await post('/none/x')
    expect(r.status).toBe(500)
    expect(failures).toMatchObject([{ status: 500, reason: 'no_secret' }])
  })

  test('signature_mismatch: 403 with the URL that was validated', async () => {
    const r = await post('/collect/x', { token: 'wrong' })
    expect([r.status, r.text]).toEqual([403, T403])
    expect(failures).toEqual([
      { status: 403, reason: 'signature_mismatch', message: expect.any(String), receivedUrl: url('/collect/x'), hasReq: true },
    ])
  })

  test('url_mismatch: signedUrl is the URL Twilio signed (other scheme)', async () => {
    const signedUrl = `https://${app.host}/collect/x`
    const r = await post('/collect/x', { signedUrl })
    expect([r.status, r.text]).toEqual([403, T403])
    expect(failures).toMatchObject([{ status: 403, reason: 'url_mismatch', signedUrl, receivedUrl: url('/collect/x') }])
  })

  test('url_mismatch for a JSON webhook', async () => {
    const body = '{"a":1}'
    const pq = `/collect/j?bodySHA256=${twilio.getExpectedBodyHash(body)}`
    const signedUrl = `https://${app.host}${pq}`
    const r = await send(app.port, {
      path: pq,
      headers: { ...JSONH, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, signedUrl, {}) },
      body,
    })
    expect(r.status).toBe(403)
    expect(failures).toMatchObject([{ reason: 'url_mismatch', signedUrl }])
  })

  test('raw_body_required, body_hash_mismatch, body_unavailable', async () => {
    const body = '{"a":1}'
    const pq = `/collectParsedJson/j?bodySHA256=${twilio.getExpectedBodyHash(body)}`
    const sig = twilio.getExpectedTwilioSignature(TOKEN, url(pq), {})
    expect((await send(app.port, { path: pq, headers: { ...JSONH, 'x-twilio-signature': sig }, body })).status).toBe(403)
    const pq2 = `/collect/j?bodySHA256=${twilio.getExpectedBodyHash(body)}`
    const sig2 = twilio.getExpectedTwilioSignature(TOKEN, url(pq2), {})
    expect((await send(app.port, { path: pq2, headers: { ...JSONH, 'x-twilio-signature': sig2 }, body: '{"a":2}' })).status).toBe(
      403,
    )
    expect(failures.map((f) => [f.status, f.reason])).toEqual([
      [403, 'raw_body_required'],
      [403, 'body_hash_mismatch'],
    ])
    // body_unavailable is covered with a real text parser in guard-order.test.js
  })

  test('body_too_large: 413', async () => {
    const r = await post('/limit/x', { params: voiceParams({ Body: 'z'.repeat(200) }) })
    expect(r.status).toBe(413)
    expect(failures).toMatchObject([{ status: 413, reason: 'body_too_large' }])
  })
})

describe('bounds', () => {
  test('at most 16 extra HMACs: a keyring of 17 tokens is diagnosed only within the budget', async () => {
    const signedUrl = `https://${app.host}/ring17/x`
    // token 0: the first HMAC of the diagnosis finds the other scheme
    expect((await post('/ring17/x', { token: `${TOKEN}-0`, signedUrl })).status).toBe(403)
    // token 16: the other scheme would need HMAC number 17
    expect((await post('/ring17/x', { token: `${TOKEN}-16`, signedUrl })).status).toBe(403)
    // and the keyring does accept token 16 for the right URL
    expect((await post('/ring17/x', { token: `${TOKEN}-16` })).status).toBe(200)
    expect(failures.map((f) => f.reason)).toEqual(['url_mismatch', 'signature_mismatch'])
  })

  test('at most 10 diagnoses a second: a flood gets signature_mismatch with diagnosisSkipped', async () => {
    const signedUrl = `https://${app.host}/collect/x`
    const started = Date.now()
    const results = await Promise.all(Array.from({ length: 30 }, () => post('/collect/x', { signedUrl })))
    const elapsed = Date.now() - started
    expect(results.every((r) => r.status === 403 && r.text === T403)).toBe(true)
    const diagnosed = failures.filter((f) => f.reason === 'url_mismatch')
    const skipped = failures.filter((f) => f.diagnosisSkipped)
    expect(diagnosed.length + skipped.length).toBe(30)
    expect(diagnosed.length).toBeLessThanOrEqual(10 * (Math.floor(elapsed / 1000) + 2))
    if (elapsed < 1000) expect(diagnosed.length).toBeLessThanOrEqual(20)
    expect(skipped.length).toBeGreaterThan(0)
    for (const f of skipped) {
      expect(f.reason).toBe('signature_mismatch')
      expect(f.message).toMatch(/diagnosis skipped/)
    }
  })
})

describe('logging', () => {
  let warnings
  let emitSpy
  beforeEach(() => {
    resetLogThrottle()
    warnings = []
    emitSpy = jest.spyOn(process, 'emitWarning').mockImplementation((message, options) => warnings.push([message, options]))
  })
  afterEach(() => emitSpy.mockRestore())

  test('by default: one line with the reason and a hint, at most once a minute', async () => {
    const signedUrl = `https://${app.host}/defaultLog/x`
    for (let i = 0; i < 3; i++) expect((await post('/defaultLog/x', { signedUrl })).status).toBe(403)
    expect(warnings).toHaveLength(1)
    const [message, options] = warnings[0]
    expect(message).not.toMatch(/\n/)
    expect(message).toContain('url_mismatch')
    expect(message).toContain(signedUrl)
    expect(message).toMatch(/trustProxy|baseUrl/)
    expect(message).not.toContain(TOKEN)
    expect(options).toEqual({ type: 'TwilioWebhookWarning', code: 'TWILIO_WEBHOOK_URL_MISMATCH' })
  })

  test('onFailure: false is silent; a throwing onFailure does not change the answer', async () => {
    expect((await post('/silent/x', { token: 'wrong' })).status).toBe(403)
    expect((await post('/silent/x', { signature: null })).status).toBe(400)
    expect(warnings).toHaveLength(0)
    const r = await post('/throwing/x', { token: 'wrong' })
    expect([r.status, r.text]).toEqual([403, T403])
    expect((await post('/throwing/x')).status).toBe(200)
  })
})
