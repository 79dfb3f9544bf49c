'use strict'
// The guard's new webhook() options over real HTTP (Express 5 on 127.0.0.1, no mocks):
// keyring, token resolver (sync and Promise), SharedKey key selection, limit -> 413,
// and option checks. Signatures come from twilio@6.3.1 itself.

const express = require('express')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const ours = require('../..')
const { startApp, echo, send, form, voiceParams, FORM, T403 } = require('../helpers/guard-http')

const OLD = 'old-token-0123456789abcdef0123'
const NEW = 'new-token-fedcba9876543210fedc'
const SUB_SID = 'AC' + 'a'.repeat(32)
const SUB_TOKEN = 'subaccount-token-aaaaaaaaaaaa'
const MASTER_SID = 'AC' + '1'.repeat(32)
const MASTER_TOKEN = 'master-token-111111111111111'

let app
const failures = []
const onFailure = (f) => failures.push(f)
const resolverCalls = []

let errorSpy
beforeAll(async () => {
  // the 500 answers log twilio's console.error line; keep the test output readable
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {})
  app = await startApp((a) => {
    a.post('/ring', ours.webhook({ authToken: [NEW, OLD], onFailure }), echo)
    a.post('/ring-parsed', express.urlencoded({ extended: false }), ours.webhook({ authToken: [NEW, OLD], onFailure }), echo)
    const tokens = { [SUB_SID]: SUB_TOKEN, [MASTER_SID]: MASTER_TOKEN }
    a.post(
      '/resolve-sync',
      ours.webhook({
        onFailure,
        authToken: (sid, req) => {
          resolverCalls.push([sid, typeof req.header])
          return tokens[sid]
        },
      }),
      echo,
    )
    a.post(
      '/resolve-async',
      ours.webhook({
        onFailure,
        authToken: async (sid) => {
          await new Promise((r) => setTimeout(r, 5))
          return sid === SUB_SID ? [SUB_TOKEN, 'previous-sub-token'] : undefined
        },
      }),
      echo,
    )
    a.post(
      '/shared',
      ours.webhook({ onFailure, authToken: 'unused', sharedKeys: { HK1: 'secret-one', HK2: 'secret-two' } }),
      echo,
    )
    a.post(
      '/shared-fallback',
      ours.webhook({ onFailure, sharedKeys: { HK1: 'secret-one' }, sharedKeySecret: 'legacy-secret' }),
      echo,
    )
    a.post('/limit', ours.webhook({ onFailure, authToken: NEW, limit: 2048 }), echo)
    a.post('/limit-default', ours.webhook({ onFailure, authToken: NEW }), echo)
  })
})

afterAll(async () => {
  errorSpy.mockRestore()
  await app.close()
})
beforeEach(() => {
  failures.length = 0
  resolverCalls.length = 0
})

function signedPost(path, token, params, { algorithm, headers = {} } = {}) {
  const url = `http://${app.host}${path}`
  return send(app.port, {
    path,
    headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params, algorithm), ...headers },
    body: form(params),
  })
}

describe('keyring: authToken as [current, previous]', () => {
  for (const path of ['/ring', '/ring-parsed']) {
    test(`${path}: the new and the old token are accepted, others are not`, async () => {
      const p = voiceParams()
      expect((await signedPost(path, NEW, p)).status).toBe(200)
      expect((await signedPost(path, OLD, p)).status).toBe(200)
      const forged = await signedPost(path, 'attacker-token', p)
      expect([forged.status, forged.text]).toEqual([403, T403])
      expect(failures.map((f) => f.reason)).toEqual(['signature_mismatch'])
    })
  }

  test('a body tampered after signing is rejected with either token', async () => {
    for (const token of [NEW, OLD]) {
      const p = voiceParams()
      const url = `http://${app.host}/ring`
      const r = await send(app.port, {
        path: '/ring',
        headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, p) },
        body: form({ ...p, To: '+19005550000' }),
      })
      expect(r.status).toBe(403)
    }
  })
})

describe('token resolver keyed by the AccountSid of the body', () => {
  test('sync resolver: each account validates with its own token only', async () => {
    const sub = voiceParams({ AccountSid: SUB_SID })
    const ok = await signedPost('/resolve-sync', SUB_TOKEN, sub)
    expect(ok.status).toBe(200)
    expect(ok.json.body.AccountSid).toBe(SUB_SID)
    expect(resolverCalls).toEqual([[SUB_SID, 'function']])
    // the master token does not sign a subaccount's request
    expect((await signedPost('/resolve-sync', MASTER_TOKEN, sub)).status).toBe(403)
    expect((await signedPost('/resolve-sync', MASTER_TOKEN, voiceParams())).status).toBe(200)
  })

  test("the AccountSid is not trusted: claiming another account needs that account's token", async () => {
    // An attacker who knows only his own token claims the subaccount's SID.
    const claimed = voiceParams({ AccountSid: SUB_SID })
    expect((await signedPost('/resolve-sync', 'attacker-own-token', claimed)).status).toBe(403)
    // An unknown account resolves to no token: 500, as without a token.
    const unknown = await signedPost('/resolve-sync', 'x', voiceParams({ AccountSid: 'AC' + 'f'.repeat(32) }))
    expect(unknown.status).toBe(500)
    expect(failures.map((f) => f.reason)).toEqual(['signature_mismatch', 'no_secret'])
  })

  test('a malformed AccountSid never reaches the resolver', async () => {
    const r = await signedPost('/resolve-sync', SUB_TOKEN, voiceParams({ AccountSid: "AC' OR 1=1 --" }))
    expect(r.status).toBe(500)
    expect(resolverCalls).toEqual([[undefined, 'function']])
  })

  test('Promise resolver returning a keyring', async () => {
    const sub = voiceParams({ AccountSid: SUB_SID })
    expect((await signedPost('/resolve-async', SUB_TOKEN, sub)).status).toBe(200)
    expect((await signedPost('/resolve-async', 'previous-sub-token', sub)).status).toBe(200)
    expect((await signedPost('/resolve-async', MASTER_TOKEN, sub)).status).toBe(403)
    expect((await signedPost('/resolve-async', MASTER_TOKEN, voiceParams())).status).toBe(500)
  })
})

describe('SharedKey: the key= field picks the secret', () => {
  const settings = (key) => ({ 'x-twilio-webhooks-signature-settings': `key=${key},algorithm=HMAC_SHA256` })

  test('two keys during a rotation: each request validates with the key it names', async () => {
    const p = voiceParams()
    const one = await signedPost('/shared', 'secret-one', p, { algorithm: 'HMAC_SHA256', headers: settings('HK1') })
    const two = await signedPost('/shared', 'secret-two', p, { algorithm: 'HMAC_SHA256', headers: settings('HK2') })
    expect([one.status, two.status]).toEqual([200, 200])
    // signed with key 2 but naming key 1: rejected (the key= field chooses, nothing else)
    const crossed = await signedPost('/shared', 'secret-two', p, { algorithm: 'HMAC_SHA256', headers: settings('HK1') })
    expect(crossed.status).toBe(403)
    // the auth token does not validate SharedKey requests
    const token = await signedPost('/shared', 'unused', p, { algorithm: 'HMAC_SHA256', headers: settings('HK1') })
    expect(token.status).toBe(403)
  })

  test('an unknown key id: 500 when no sharedKeySecret, else sharedKeySecret', async () => {
    const p = voiceParams()
    const unknown = await signedPost('/shared', 'secret-one', p, { algorithm: 'HMAC_SHA256', headers: settings('HK9') })
    expect(unknown.status).toBe(500)
    expect(failures.map((f) => f.reason)).toEqual(['no_secret'])
    const legacy = await signedPost('/shared-fallback', 'legacy-secret', p, {
      algorithm: 'HMAC_SHA256',
      headers: settings('HK9'),
    })
    expect(legacy.status).toBe(200)
    const chosen = await signedPost('/shared-fallback', 'secret-one', p, { algorithm: 'HMAC_SHA256', headers: settings('HK1') })
    expect(chosen.status).toBe(200)
  })
})

describe('limit', () => {
  const big = (n) => voiceParams({ Body: 'x'.repeat(n) })

  test('a body over the limit answers 413 body_too_large, by Content-Length and chunked', async () => {
    const p = big(4000)
    const r = await signedPost('/limit', NEW, p)
    expect(r.status).toBe(413)
    const url = `http://${app.host}/limit`
    const chunked = await send(app.port, {
      path: '/limit',
      chunked: true,
      headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(NEW, url, p) },
      body: form(p),
    })
    expect(chunked.status).toBe(413)
    expect(failures.map((f) => [f.status, f.reason])).toEqual([
      [413, 'body_too_large'],
      [413, 'body_too_large'],
    ])
  })

  test('a body within the limit passes; the default limit is 1 MiB', async () => {
    expect((await signedPost('/limit', NEW, big(1500))).status).toBe(200)
    expect((await signedPost('/limit-default', NEW, big(1000 * 1000))).status).toBe(200)
    expect((await signedPost('/limit-default', NEW, big(1024 * 1024))).status).toBe(413)
  })
})

describe('option checks at webhook() time', () => {
  test('bad option types throw a TypeError', () => {
    expect(() => ours.webhook({ trustProxy: 'yes' })).toThrow(TypeError)
    expect(() => ours.webhook({ trustProxy: -1 })).toThrow(TypeError)
    expect(() => ours.webhook({ limit: 'lots' })).toThrow(TypeError)
    expect(() => ours.webhook({ onFailure: 'log' })).toThrow(TypeError)
    expect(() => ours.webhook({ baseUrl: 'ftp://x.example/' })).toThrow(TypeError)
    expect(() => ours.webhook({ baseUrl: 'https://x.example/?q=1' })).toThrow(TypeError)
    expect(() => ours.webhook({ sharedKeys: 'k' })).toThrow(TypeError)
    expect(() => ours.webhook({ limit: '100kb', trustProxy: 2, baseUrl: 'https://x.example/twilio/' })).not.toThrow()
  })
})
