'use strict'
// Where webhook() sits relative to the body parsers, over real HTTP with Express 5:
// before express.urlencoded / express.json, with no parser at all, and after them (with
// and without a kept rawBody). Genuine requests pass in every order that can work,
// forged and tampered ones never pass, and req.body is what the parser gives.

const express = require('express')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const ours = require('../..')
const { startApp, echo, send, form, voiceParams, FORM, JSONH, T403 } = require('../helpers/guard-http')

const TOKEN = 'order-token-0123456789abcdef01'
const JSON_BODY = JSON.stringify({ ConversationSid: 'CH' + '3'.repeat(32), Body: 'héllo 😃', Attributes: { a: [1, 2] } })

let app
const failures = []
const guard = () => ours.webhook({ authToken: TOKEN, onFailure: (f) => failures.push(f.reason) })
const keepRaw = (req, res, buf) => {
  req.rawBody = buf
}

beforeAll(async () => {
  app = await startApp((a) => {
    // forms
    a.post('/form/none', guard(), echo)
    a.post('/form/before', guard(), express.urlencoded({ extended: false }), echo)
    a.post('/form/after', express.urlencoded({ extended: false }), guard(), echo)
    a.post('/form/after-raw', express.urlencoded({ extended: false, verify: keepRaw }), guard(), echo)
    // what the parser alone produces, for comparison
    a.post('/form/parser-only', express.urlencoded({ extended: false }), echo)
    // a parser that eats the form and leaves no object: the body is gone
    a.post('/form/eaten', express.text({ type: '*/*' }), guard(), echo)
    // JSON webhooks
    a.post('/json/none', guard(), echo)
    a.post('/json/before', guard(), express.json(), echo)
    a.post('/json/after', express.json(), guard(), echo)
    a.post('/json/after-raw', express.json({ verify: keepRaw }), guard(), echo)
    a.post('/json/parser-only', express.json(), echo)
    // both parsers app-wide before the guard (the usual twilio set-up)
    a.post('/both/after', express.urlencoded({ extended: false }), express.json(), guard(), echo)
    a.get('/get/none', guard(), echo)
  })
})
afterAll(() => app.close())
beforeEach(() => {
  failures.length = 0
})

const url = (path) => `http://${app.host}${path}`

function formPost(path, params, { token = TOKEN, body = form(params), chunked = false } = {}) {
  return send(app.port, {
    path,
    chunked,
    headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url(path), params) },
    body,
  })
}

function jsonPost(path, body, { token = TOKEN, signedBody = body } = {}) {
  const pq = `${path}?bodySHA256=${twilio.getExpectedBodyHash(signedBody)}`
  return send(app.port, {
    path: pq,
    headers: { ...JSONH, 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url(pq), {}) },
    body,
  })
}

describe('form webhooks', () => {
  const params = voiceParams({ Digits: ['5678', '1234', '1234'], Empty: '' })

  test.each(['none', 'before', 'after', 'after-raw'])(
    'parser position "%s": genuine passes, forged and tampered fail',
    async (where) => {
      const path = `/form/${where}`
      const ok = await formPost(path, params)
      expect(ok.status).toBe(200)
      const forged = await formPost(path, params, { token: 'wrong' })
      expect([forged.status, forged.text]).toEqual([403, T403])
      const tampered = await formPost(path, params, { body: form({ ...params, To: '+1900' }) })
      expect(tampered.status).toBe(403)
      expect(failures).toEqual(['signature_mismatch', 'signature_mismatch'])
    },
  )

  test('req.body is what express.urlencoded({ extended: false }) gives; rawBody is the Buffer; a later parser is a no-op', async () => {
    const reference = (await formPost('/form/parser-only', params)).json
    for (const where of ['none', 'before']) {
      const seen = (await formPost(`/form/${where}`, params)).json
      expect(seen.body).toStrictEqual(reference.body)
      expect(seen.rawBody).toEqual({ buffer: form(params) })
      expect(seen.parsedMark).toBe(true)
    }
  })

  test("req.body for the guard alone is a plain object like the parser's (prototype, key order)", async () => {
    let seenProto
    const probe = await startApp((a) => {
      a.post('/p', guard(), (req, res) => {
        seenProto = Object.getPrototypeOf(req.body)
        res.json(Object.keys(req.body))
      })
    })
    try {
      const r = await send(probe.port, {
        path: '/p',
        headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `http://${probe.host}/p`, params) },
        body: form(params),
      })
      expect(r.json).toEqual(Object.keys(params))
      expect(seenProto).toBe(Object.prototype)
    } finally {
      await probe.close()
    }
  })

  test('a chunked body is read too', async () => {
    const big = voiceParams({ Body: 'y'.repeat(5000) })
    expect((await formPost('/form/none', big, { chunked: true })).status).toBe(200)
  })

  test('an empty form body and a GET without body', async () => {
    expect((await formPost('/form/none', {}, { body: '' })).json.body).toEqual({})
    const r = await send(app.port, {
      method: 'GET',
      path: '/get/none?CallSid=CA1',
      headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url('/get/none?CallSid=CA1'), {}) },
    })
    expect(r.status).toBe(200)
    expect(r.json.body).toBe('<undefined>') // like body-parser: no body, no req.body
  })

  test('a parser that consumed the form without an object: body_unavailable, never accepted', async () => {
    const r = await formPost('/form/eaten', params)
    expect(r.status).toBe(403)
    expect(failures).toEqual(['body_unavailable'])
  })
})

describe('JSON webhooks (bodySHA256)', () => {
  test.each(['none', 'before', 'after-raw'])(
    'express.json position "%s": genuine passes, forged and tampered fail',
    async (where) => {
      const path = `/json/${where}`
      expect((await jsonPost(path, JSON_BODY)).status).toBe(200)
      expect((await jsonPost(path, JSON_BODY, { token: 'wrong' })).status).toBe(403)
      const tampered = await jsonPost(path, JSON_BODY.replace('héllo', 'hullo'), { signedBody: JSON_BODY })
      expect(tampered.status).toBe(403)
      expect(failures).toEqual(['signature_mismatch', 'body_hash_mismatch'])
    },
  )

  test('after express.json without rawBody: rejected, reason raw_body_required (as twilio: 403)', async () => {
    const r = await jsonPost('/json/after', JSON_BODY)
    expect([r.status, r.text]).toEqual([403, T403])
    expect(failures).toEqual(['raw_body_required'])
  })

  test('req.body is what express.json() gives; rawBody is the Buffer', async () => {
    const reference = (await jsonPost('/json/parser-only', JSON_BODY)).json
    for (const where of ['none', 'before']) {
      const seen = (await jsonPost(`/json/${where}`, JSON_BODY)).json
      expect(seen.body).toStrictEqual(reference.body)
      expect(seen.rawBody).toEqual({ buffer: JSON_BODY })
    }
  })

  test('a JSON body express.json() refuses: its 400, after the signature verified', async () => {
    const bad = '"just a string"'
    const r = await jsonPost('/json/none', bad)
    expect(r.status).toBe(400)
    expect(r.json).toEqual({ error: 'entity.parse.failed' })
    expect((await jsonPost('/json/none', bad, { token: 'wrong' })).status).toBe(403)
  })

  test('JSON without bodySHA256 signs the parsed object, with or without a parser before', async () => {
    const obj = JSON.parse(JSON_BODY)
    for (const path of ['/json/none', '/json/after']) {
      const r = await send(app.port, {
        path,
        headers: { ...JSONH, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url(path), obj) },
        body: JSON_BODY,
      })
      expect(r.status).toBe(200)
    }
  })
})

test('both parsers app-wide before the guard: forms and JSON with rawBody as usual', async () => {
  const params = voiceParams()
  expect((await formPost('/both/after', params)).status).toBe(200)
  expect((await formPost('/both/after', params, { token: 'x' })).status).toBe(403)
})
