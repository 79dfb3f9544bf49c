'use strict'
// Every adapter answers a request as Express's webhook() does: same status, body and
// content type, over real HTTP (Fastify, node:http, Hono) or from the committed AWS
// sample events (Lambda: REST, HTTP API, Function URL), for genuine forms and JSON, GET,
// forged, unsigned, unconfigured, oversize, keyring, SharedKey, trustProxy and baseUrl.

const crypto = require('crypto')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const { startAll, send, echoBody, FRAMEWORKS } = require('../helpers/adapter-apps')
const { lambdaEvent, lambdaOrigin, STAGE_PREFIX, SHAPES } = require('../helpers/lambda-events')
const { verifyLambdaEvent, rejectionResponse } = require('../../lib/adapters/lambda')

const TOKEN = 'adapter-token-0123456789abcdef'
const OLD_TOKEN = 'adapter-token-old-0123456789ab'
const SHARED = 'shared-secret-0123456789abcdef'
const PUBLIC = 'https://api.example.com/twilio'

const PROFILES = {
  main: { authToken: TOKEN, onFailure: false },
  ring: { authToken: [TOKEN, OLD_TOKEN], onFailure: false },
  none: { onFailure: false },
  small: { authToken: TOKEN, limit: 100, onFailure: false },
  proxied: { authToken: TOKEN, trustProxy: true, onFailure: false },
  based: { authToken: TOKEN, baseUrl: PUBLIC, onFailure: false },
  shared: { authToken: TOKEN, sharedKeys: { HK0123: SHARED }, onFailure: false },
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const JSONH = { 'content-type': 'application/json' }
const voice = { CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+14155551234', To: '+14155556789', Body: 'héllo & bye' }
const formBody = (params) => new URLSearchParams(params).toString()
const jsonText = JSON.stringify({ event: 'onMessageAdded', body: 'hi' })
const bodyHash = crypto.createHash('sha256').update(jsonText).digest('hex')

/**
 * `url(target)` is the URL Twilio signed, from what the target says about itself:
 * `origin` (the app's own, or the Lambda domain) and `called` (the path as called).
 */
const CASES = [
  { name: 'genuine form', profile: 'main', headers: FORM, params: voice, url: (t) => t.origin + t.called('/main/hook') },
  {
    name: 'genuine form with a query',
    profile: 'main',
    query: 'a=1&b=two',
    headers: FORM,
    params: voice,
    url: (t) => t.origin + t.called('/main/hook') + '?a=1&b=two',
  },
  {
    name: 'genuine JSON (bodySHA256)',
    profile: 'main',
    query: `bodySHA256=${bodyHash}`,
    headers: JSONH,
    body: jsonText,
    url: (t) => t.origin + t.called('/main/hook') + `?bodySHA256=${bodyHash}`,
  },
  {
    name: 'JSON changed on its way',
    profile: 'main',
    query: `bodySHA256=${bodyHash}`,
    headers: JSONH,
    body: jsonText.replace('hi', 'ho'),
    url: (t) => t.origin + t.called('/main/hook') + `?bodySHA256=${bodyHash}`,
  },
  {
    name: 'GET with params in the query',
    profile: 'main',
    method: 'GET',
    query: 'CallSid=CA1&From=%2B1415',
    url: (t) => t.origin + t.called('/main/hook') + '?CallSid=CA1&From=%2B1415',
  },
  { name: 'forged form', profile: 'main', headers: FORM, params: voice, signature: 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==' },
  {
    name: 'signed for other params',
    profile: 'main',
    headers: FORM,
    params: { ...voice, Body: 'changed' },
    signedParams: voice,
    url: (t) => t.origin + t.called('/main/hook'),
  },
  { name: 'missing signature header', profile: 'main', headers: FORM, params: voice, signature: null },
  { name: 'no secret configured', profile: 'none', headers: FORM, params: voice, url: (t) => t.origin + t.called('/none/hook') },
  {
    name: 'oversize body',
    profile: 'small',
    headers: FORM,
    params: { ...voice, Body: 'x'.repeat(200) },
    url: (t) => t.origin + t.called('/small/hook'),
  },
  {
    name: 'keyring: previous token',
    profile: 'ring',
    headers: FORM,
    params: voice,
    secret: OLD_TOKEN,
    url: (t) => t.origin + t.called('/ring/hook'),
  },
  {
    name: 'keyring: a token not in it',
    profile: 'ring',
    headers: FORM,
    params: voice,
    secret: 'another-token',
    url: (t) => t.origin + t.called('/ring/hook'),
  },
  {
    name: 'SharedKey by key id',
    profile: 'shared',
    headers: { ...FORM, 'x-twilio-webhooks-signature-settings': 'key=HK0123,algorithm=HMAC_SHA256' },
    params: voice,
    secret: SHARED,
    algorithm: 'HMAC_SHA256',
    url: (t) => t.origin + t.called('/shared/hook'),
  },
  {
    name: 'trustProxy: public URL from X-Forwarded-*',
    profile: 'proxied',
    headers: { ...FORM, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.com' },
    params: voice,
    url: (t) => 'https://public.example.com' + t.called('/proxied/hook'),
  },
  {
    name: 'forwarded headers without trustProxy',
    profile: 'main',
    headers: { ...FORM, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.com' },
    params: voice,
    url: (t) => 'https://public.example.com' + t.called('/main/hook'),
  },
  { name: 'baseUrl', profile: 'based', headers: FORM, params: voice, url: () => PUBLIC + '/based/hook' },
  {
    name: 'baseUrl with a query',
    profile: 'based',
    query: 'x=1',
    headers: FORM,
    params: voice,
    url: () => PUBLIC + '/based/hook?x=1',
  },
]

function requestFor(c, target) {
  const body = c.body !== undefined ? c.body : c.params ? formBody(c.params) : undefined
  const headers = { ...(c.headers || {}) }
  if (c.signature !== null) {
    let signature = c.signature
    if (signature === undefined) {
      const url = c.url(target)
      const params = c.headers === JSONH ? {} : c.signedParams || c.params || {}
      signature = twilio.getExpectedTwilioSignature(c.secret || TOKEN, url, params, c.algorithm)
    }
    headers['x-twilio-signature'] = signature
  }
  const path = `/${c.profile}/hook` + (c.query ? `?${c.query}` : '')
  return {
    method: c.method || 'POST',
    path,
    pathOnly: `/${c.profile}/hook`,
    query: c.query || '',
    headers,
    body: c.method === 'GET' ? undefined : body,
  }
}

let apps
let savedToken
const expected = new Map()
beforeAll(async () => {
  savedToken = process.env.TWILIO_AUTH_TOKEN
  delete process.env.TWILIO_AUTH_TOKEN
  jest.spyOn(console, 'error').mockImplementation(() => {})
  apps = await startAll(PROFILES)
  for (const c of CASES) {
    const target = { origin: `http://127.0.0.1:${apps.express.port}`, called: (p) => p }
    const answer = await send(apps.express.port, requestFor(c, target))
    expected.set(c.name, answer)
  }
})
afterAll(async () => {
  if (savedToken !== undefined) process.env.TWILIO_AUTH_TOKEN = savedToken
  for (const app of Object.values(apps || {})) await app.close()
})

test('the Express answers are the ones each case is about', () => {
  const statuses = Object.fromEntries(CASES.map((c) => [c.name, expected.get(c.name).status]))
  expect(statuses).toEqual({
    'genuine form': 200,
    'genuine form with a query': 200,
    'genuine JSON (bodySHA256)': 200,
    'JSON changed on its way': 403,
    'GET with params in the query': 200,
    'forged form': 403,
    'signed for other params': 403,
    'missing signature header': 400,
    'no secret configured': 500,
    'oversize body': 413,
    'keyring: previous token': 200,
    'keyring: a token not in it': 403,
    'SharedKey by key id': 200,
    'trustProxy: public URL from X-Forwarded-*': 200,
    'forwarded headers without trustProxy': 403,
    baseUrl: 200,
    'baseUrl with a query': 200,
  })
  expect(expected.get('genuine form').text).toBe(echoBody(voice))
})

describe.each(FRAMEWORKS.filter((f) => f !== 'express'))('%s answers as webhook() does', (framework) => {
  test.each(CASES.map((c) => [c.name, c]))('%s', async (_, c) => {
    const port = apps[framework].port
    const target = { origin: `http://127.0.0.1:${port}`, called: (p) => p }
    const answer = await send(port, requestFor(c, target))
    expect(answer).toEqual(expected.get(c.name))
  })
})

describe.each(SHAPES)('Lambda %s event answers as webhook() does', (shape) => {
  test.each(CASES.map((c) => [c.name, c]))('%s', async (_, c) => {
    const target = { origin: lambdaOrigin(shape), called: (p) => STAGE_PREFIX[shape] + p }
    const request = requestFor(c, target)
    const event = lambdaEvent(shape, { ...request, path: request.pathOnly })
    const result = await verifyLambdaEvent(event, PROFILES[c.profile])
    const response = result.valid
      ? { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: echoBody(result.body) }
      : rejectionResponse(result)
    const want = expected.get(c.name)
    expect({ status: response.statusCode, contentType: response.headers['content-type'], text: response.body }).toEqual(want)
  })
})
