'use strict'
// What each adapter does beyond the verdict: what the route gets (params, raw body, key
// id, the platform's own arguments), bodies already read by a framework, limits, the
// Lambda event's headers and domains, bad arguments, and loading each subpath by name
// from CommonJS and ES modules.

const path = require('path')
const crypto = require('crypto')
const { execFileSync } = require('child_process')
const express = require('express')
const Fastify = require('fastify')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const fastifyPlugin = require('../../lib/adapters/fastify')
const { verifyNodeRequest } = require('../../lib/adapters/http')
const { verifyFetchRequest, withTwilioWebhook } = require('../../lib/adapters/fetch')
const { verifyLambdaEvent, rejectionResponse } = require('../../lib/adapters/lambda')
const { send } = require('../helpers/adapter-apps')
const { lambdaEvent } = require('../helpers/lambda-events')

const TOKEN = 'behaviour-token-0123456789abcdef'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const params = { AccountSid: 'AC' + 'a'.repeat(32), From: '+14155551234', Body: 'hi & bye' }
const body = new URLSearchParams(params).toString()
const sign = (url, p = params, secret = TOKEN) => twilio.getExpectedTwilioSignature(secret, url, p)

beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => {}))

describe('Fastify plugin', () => {
  let app
  let port
  const failures = []
  beforeAll(async () => {
    app = Fastify()
    await app.register(async (scope) => {
      await scope.register(fastifyPlugin, {
        authToken: async (sid) => (sid === params.AccountSid ? TOKEN : undefined),
        limit: 2000,
        onFailure: (failure, request) => failures.push({ reason: failure.reason, body: request.body }),
      })
      scope.post('/guarded', { preHandler: scope.twilioWebhook }, async (request) => ({
        body: request.body,
        raw: String(request.rawBody),
      }))
      scope.post(
        '/schema',
        { preHandler: [scope.twilioWebhook], schema: { body: { type: 'object', required: ['From'] } } },
        async (request) => ({ from: request.body.From }),
      )
      scope.post('/open', async (request) => ({ body: request.body, raw: String(request.rawBody) }))
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = app.server.address().port
  })
  afterAll(() => app.close())
  const url = (p) => `http://127.0.0.1:${port}${p}`

  test('a guarded route gets the parsed form and its raw body; the token comes from the resolver', async () => {
    const answer = await send(port, { path: '/guarded', headers: { ...FORM, 'x-twilio-signature': sign(url('/guarded')) }, body })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toEqual({ body: params, raw: body })
  })

  test('onFailure sees the parsed body of a rejected request', async () => {
    failures.length = 0
    const answer = await send(port, { path: '/guarded', headers: { ...FORM, 'x-twilio-signature': 'forged' }, body })
    expect(answer.status).toBe(403)
    expect(failures).toEqual([{ reason: 'signature_mismatch', body: params }])
  })

  test('a route with a body schema: validated after the signature, parsed before it', async () => {
    const ok = await send(port, { path: '/schema', headers: { ...FORM, 'x-twilio-signature': sign(url('/schema')) }, body })
    expect([ok.status, JSON.parse(ok.text)]).toEqual([200, { from: params.From }])
    const forged = await send(port, { path: '/schema', headers: { ...FORM, 'x-twilio-signature': 'forged' }, body })
    expect(forged.status).toBe(403)
  })

  test("unguarded routes keep parsing forms and JSON (with the raw body), and keep Fastify's own 413", async () => {
    const form = await send(port, { path: '/open', headers: FORM, body })
    expect(JSON.parse(form.text)).toEqual({ body: params, raw: body })
    const json = await send(port, { path: '/open', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' })
    expect(JSON.parse(json.text)).toEqual({ body: { a: [1, 2] }, raw: '{"a":[1,2]}' })
    const big = await send(port, { path: '/open', headers: FORM, body: 'a=' + 'x'.repeat(1024 * 1024 + 10) })
    expect(big.status).toBe(413)
    expect(JSON.parse(big.text).code).toBe('FST_ERR_CTP_BODY_TOO_LARGE')
  })

  test("the guard's limit answers 413 with webhook()'s text on a guarded route", async () => {
    const big = await send(port, {
      path: '/guarded',
      headers: { ...FORM, 'x-twilio-signature': 'x' },
      body: 'a=' + 'x'.repeat(3000),
    })
    expect([big.status, big.text]).toEqual([413, 'Request body too large.'])
  })

  test('it stands in for @fastify/formbody: registering it after formbody is refused, saying why', async () => {
    const both = Fastify()
    await both.register(require('@fastify/formbody'))
    await expect(both.register(fastifyPlugin, { authToken: TOKEN })).rejects.toThrow(/instead of @fastify\/formbody/)
  })
})

describe('Fetch adapter', () => {
  const url = 'https://hooks.example.com/sms?x=1'
  const request = (signature, extra = {}) =>
    new Request(url, { method: 'POST', headers: { ...FORM, 'x-twilio-signature': signature, ...extra }, body })

  test("the handler gets the result and the platform's arguments, and can still read the body", async () => {
    const seen = []
    const handler = withTwilioWebhook(
      async (req, webhook, context, more) => {
        seen.push({
          text: await req.text(),
          params: webhook.params,
          keyId: webhook.keyId,
          signedUrl: webhook.signedUrl,
          context,
          more,
        })
        return new Response('ok')
      },
      { authToken: ['new-token', TOKEN] },
    )
    const response = await handler(request(sign(url)), { params: { id: '7' } }, 'server')
    expect(response.status).toBe(200)
    expect(seen).toEqual([{ text: body, params, keyId: 1, signedUrl: url, context: { params: { id: '7' } }, more: 'server' }])
  })

  test('SharedKey: keyId names the key that verified', async () => {
    const signature = twilio.getExpectedTwilioSignature('shared-2', url, params, 'HMAC_SHA256')
    const result = await verifyFetchRequest(
      request(signature, { 'x-twilio-webhooks-signature-settings': 'key=HK2,algorithm=HMAC_SHA256' }),
      {
        sharedKeys: { HK1: 'shared-1', HK2: 'shared-2' },
      },
    )
    expect([result.valid, result.keyId]).toEqual([true, 'HK2'])
  })

  test('JSON webhooks: the body hash is checked, the parsed body given, no form params', async () => {
    const json = JSON.stringify({ EventType: 'onMessageAdded' })
    const jsonUrl = `https://hooks.example.com/conv?bodySHA256=${crypto.createHash('sha256').update(json).digest('hex')}`
    const signature = twilio.getExpectedTwilioSignature(TOKEN, jsonUrl, {})
    const make = (text) =>
      new Request(jsonUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
        body: text,
      })
    const result = await verifyFetchRequest(make(json), { authToken: TOKEN })
    expect(result).toMatchObject({ valid: true, status: 200, body: { EventType: 'onMessageAdded' } })
    expect(result.params).toBeUndefined()
    expect(await verifyFetchRequest(make(json + ' '), { authToken: TOKEN, onFailure: false })).toMatchObject({
      valid: false,
      reason: 'body_hash_mismatch',
    })
  })

  test('a body over the limit answers 413 from its Content-Length, without reading it', async () => {
    const req = new Request(url, {
      method: 'POST',
      headers: { ...FORM, 'x-twilio-signature': 'x', 'content-length': '5000' },
      body: 'a=1',
    })
    const result = await verifyFetchRequest(req, { authToken: TOKEN, limit: 100, onFailure: false })
    expect(result).toMatchObject({ valid: false, status: 413, reason: 'body_too_large' })
    expect(req.bodyUsed).toBe(false)
  })

  test('a body read before is an error, not a silent 403', async () => {
    const req = request(sign(url))
    await req.text()
    await expect(verifyFetchRequest(req, { authToken: TOKEN })).rejects.toThrow(TypeError)
  })

  test('bad arguments throw TypeError', async () => {
    await expect(verifyFetchRequest('https://example.com/')).rejects.toThrow(TypeError)
    await expect(verifyFetchRequest(request('x'), 'token')).rejects.toThrow(TypeError)
    expect(() => withTwilioWebhook('handler')).toThrow(TypeError)
    expect(() => withTwilioWebhook(() => new Response(), { trustProxy: 'yes' })).toThrow(TypeError)
  })
})

describe('node:http adapter', () => {
  async function serve(stack) {
    const app = express()
    app.post('/hook', ...stack, async (req, res) => {
      const result = await verifyNodeRequest(req, { authToken: TOKEN, onFailure: false })
      res.json({ valid: result.valid, params: result.params, rawBody: req.rawBody ? String(req.rawBody) : null, body: req.body })
    })
    const server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    return server
  }
  async function post(stack) {
    const server = await serve(stack)
    const port = server.address().port
    const answer = await send(port, {
      path: '/hook',
      headers: { ...FORM, 'x-twilio-signature': sign(`http://127.0.0.1:${port}/hook`) },
      body,
    })
    server.close()
    return JSON.parse(answer.text)
  }

  test('an unread stream is read and kept as req.rawBody and req.body', async () => {
    expect(await post([])).toEqual({ valid: true, params, rawBody: body, body: params })
  })

  test('a body a framework parsed already is used', async () => {
    expect(await post([express.urlencoded({ extended: false })])).toMatchObject({ valid: true, params, rawBody: null })
  })

  test('a raw body a framework kept is used', async () => {
    expect(
      await post([
        express.raw({ type: () => true }),
        (req, res, next) => ((req.rawBody = req.body), (req.body = undefined), next()),
      ]),
    ).toMatchObject({
      valid: true,
      params,
      rawBody: body,
    })
  })
})

describe('Lambda adapter', () => {
  const options = { authToken: TOKEN, onFailure: false }

  test('headers in any case; repeated forwarded headers from multiValueHeaders, with trustProxy counting hops', async () => {
    const event = lambdaEvent('rest', { path: '/sms', headers: { 'Content-Type': FORM['content-type'] }, body })
    event.multiValueHeaders['X-Forwarded-Host'] = ['public.example.com', 'cdn.example.net']
    event.headers['X-Forwarded-Host'] = 'cdn.example.net'
    const signature = sign('https://public.example.com/prod/sms')
    event.headers['X-TWILIO-SIGNATURE'] = signature
    event.multiValueHeaders['X-TWILIO-SIGNATURE'] = [signature]
    expect(await verifyLambdaEvent(event, { ...options, trustProxy: 2 })).toMatchObject({ valid: true, params })
    expect(await verifyLambdaEvent(event, { ...options, trustProxy: 1 })).toMatchObject({
      valid: false,
      reason: 'signature_mismatch',
    })
  })

  test('a custom domain: requestContext.domainName and its path, no stage', async () => {
    const event = lambdaEvent('rest', { path: '/sms', headers: FORM, body })
    event.requestContext.domainName = 'api.example.com'
    event.requestContext.path = '/twilio/sms'
    event.headers['x-twilio-signature'] = sign('https://api.example.com/twilio/sms')
    expect(await verifyLambdaEvent(event, options)).toMatchObject({
      valid: true,
      signedUrl: 'https://api.example.com/twilio/sms',
    })
  })

  test('the stage of an HTTP API: in the URL by default, left out after baseUrl', async () => {
    const event = lambdaEvent('httpApi', { path: '/sms', headers: FORM, body })
    event.headers['x-twilio-signature'] = sign('https://id.execute-api.us-east-1.amazonaws.com/prod/sms')
    expect((await verifyLambdaEvent(event, options)).valid).toBe(true)
    event.headers['x-twilio-signature'] = sign('https://hooks.example.com/v1/sms')
    expect((await verifyLambdaEvent(event, { ...options, baseUrl: 'https://hooks.example.com/v1' })).valid).toBe(true)
  })

  test('rejectionResponse answers as webhook() does', async () => {
    const event = lambdaEvent('functionUrl', { path: '/sms', headers: FORM, body: 'a=' + 'x'.repeat(200) })
    event.headers['x-twilio-signature'] = 'x'
    expect(rejectionResponse(await verifyLambdaEvent(event, { ...options, limit: 100 }))).toEqual({
      statusCode: 413,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Request body too large.',
    })
  })

  test('bad arguments throw TypeError', async () => {
    await expect(verifyLambdaEvent(null)).rejects.toThrow(TypeError)
    await expect(verifyLambdaEvent({}, { limit: 'lots' })).rejects.toThrow(TypeError)
    const event = lambdaEvent('httpApi', { path: '/sms', headers: { ...FORM, 'x-twilio-signature': 'x' }, body })
    event.body = { not: 'a string' }
    event.isBase64Encoded = false
    await expect(verifyLambdaEvent(event, options)).rejects.toThrow(TypeError)
  })
})

test('every subpath loads by name from CommonJS and from an ES module', () => {
  const root = path.join(__dirname, '..', '..')
  const names = { fastify: 'function', http: 'verifyNodeRequest', fetch: 'withTwilioWebhook', lambda: 'verifyLambdaEvent' }
  const cjs = Object.keys(names)
    .map((n) => `const ${n} = require('@twilio-native/webhooks/${n}');`)
    .join('')
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `${cjs} console.log([typeof fastify, typeof http.verifyNodeRequest, typeof fetch.withTwilioWebhook, typeof lambda.verifyLambdaEvent].join())`,
    ],
    { cwd: root },
  )
  expect(String(out).trim()).toBe('function,function,function,function')
  const esm = `import fastify from '@twilio-native/webhooks/fastify'; import { verifyNodeRequest } from '@twilio-native/webhooks/http';
    import { withTwilioWebhook } from '@twilio-native/webhooks/fetch'; import { verifyLambdaEvent } from '@twilio-native/webhooks/lambda';
    console.log([typeof fastify, typeof verifyNodeRequest, typeof withTwilioWebhook, typeof verifyLambdaEvent].join())`
  const outEsm = execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: root })
  expect(String(outEsm).trim()).toBe('function,function,function,function')
})
