'use strict'
// Every adapter's verdict equals twilio@6.3.1's on the URL and params the adapter should
// have rebuilt, over generated requests (fast-check): paths and queries with escapes,
// form bodies with repeated keys, `+`, `%2B` and non-ASCII text, and signatures made for
// that request, for another URL or params, or forged. twilio's side is
// `validateRequest(token, signature, url, querystring.parse(body))` with the URL as
// called (adapters do not reproduce the `%3F` repair of twilio's Express rebuild).
//   FC_SEED, FC_PATH, FC_SCALE: seed, replay and run counts (helpers/gen/run.js)

const http = require('http')
const fc = require('fast-check')
const Fastify = require('fastify')
const { Hono } = require('hono')
const twilio = require('twilio/lib/webhooks/webhooks.js')
const gen = require('../helpers/gen')
const { parseForm } = require('../helpers/raw-request-oracle')
const fastifyPlugin = require('../../lib/adapters/fastify')
const { verifyNodeRequest } = require('../../lib/adapters/http')
const { verifyFetchRequest, withTwilioWebhook } = require('../../lib/adapters/fetch')
const { verifyLambdaEvent } = require('../../lib/adapters/lambda')
const { lambdaEvent, lambdaOrigin, STAGE_PREFIX } = require('../helpers/lambda-events')

const TOKEN = 'differential-adapter-token-0123'
const OPTIONS = { authToken: TOKEN, onFailure: false }

// Path and query text that a WHATWG URL keeps as written (so `request.url` is the URL
// the test signs), with escapes valid and not.
const PATH_PIECES = [
  'a',
  'sms',
  'Voice',
  '0',
  '9',
  '-',
  '.',
  '_',
  '~',
  '!',
  '$',
  '(',
  ')',
  '*',
  ',',
  ';',
  '=',
  ':',
  '@',
  '%20',
  '%2F',
  '%C3%A9',
  '%c3%a9',
  '%3F',
  '%25',
  '+',
]
const QUERY_PIECES = [
  'a',
  'b',
  'x',
  '1',
  '2',
  '-',
  '_',
  '.',
  '~',
  '+',
  '%2B',
  '%20',
  '%C3%A9',
  '%26',
  '%3D',
  '/',
  ':',
  '@',
  '!',
  '*',
  '(',
  ')',
  ',',
  ';',
  '$',
  '?',
]
const PARAM_TEXT = [
  'a',
  'Body',
  'From',
  'To',
  ' ',
  '+',
  '&',
  '=',
  '%',
  '%41',
  '\u00e9',
  '\u20ac',
  '\u{1f600}',
  '/',
  '?',
  '#',
  '"',
  "'",
  '\n',
  '1',
  'x',
]
// Keys that are not array indices: a JSON object (the event) lists those first.
const SIMPLE = ['a', 'b', 'c', 'x', 'Sid', '-', '_', '.', '~']

const text = (pieces, max) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: max }).map((a) => a.join(''))
const path = fc.array(text(PATH_PIECES, 6), { minLength: 1, maxLength: 3 }).map((segs) => '/' + segs.join('/'))
const query = (pieces, uniqueKeys) => {
  const pair = fc.tuple(text(pieces, 4), text(pieces, 5))
  const pairs = uniqueKeys
    ? fc.uniqueArray(pair, { minLength: 1, maxLength: 3, selector: ([k]) => k })
    : fc.array(pair, { minLength: 1, maxLength: 3 })
  return fc.option(pairs, { nil: undefined }).map((list) => (list ? list.map(([k, v]) => `${k}=${v}`).join('&') : ''))
}
const params = fc.array(fc.tuple(text(PARAM_TEXT, 5), text(PARAM_TEXT, 8)), { maxLength: 8 })
const encoding = fc.constantFrom('urlsearchparams', 'component')
const signing = fc.constantFrom('right', 'right', 'right', 'otherUrl', 'otherParams', 'forged', 'none')

function formBody(pairs, how) {
  if (how === 'component') return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  const sp = new URLSearchParams()
  for (const [k, v] of pairs) sp.append(k, v)
  return sp.toString()
}

const requests = (queryPieces, uniqueKeys = false) =>
  fc.record({
    path,
    query: query(queryPieces, uniqueKeys),
    params,
    encoding,
    signing,
    contentType: fc.constantFrom('form', 'form', 'form;charset', 'none'),
  })

function headersFor(r) {
  if (r.contentType === 'none') return {}
  return {
    'content-type':
      r.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/x-www-form-urlencoded; charset=utf-8',
  }
}

/** The signature a generated request carries, for the URL it should be validated against. */
function signatureFor(r, url, parsed) {
  if (r.signing === 'forged') return 'Zm9yZ2VkIHNpZ25hdHVyZSAxMjM0NTY='
  if (r.signing === 'none') return undefined
  const signedUrl = r.signing === 'otherUrl' ? url.replace(/^http(s?):/, (_, s) => (s ? 'http:' : 'https:')) : url
  const signedParams = r.signing === 'otherParams' ? { ...parsed, Extra: 'x' } : parsed
  return twilio.getExpectedTwilioSignature(TOKEN, signedUrl, signedParams)
}

function target(r) {
  return r.path + (r.query ? `?${r.query}` : '')
}

function parsedBody(r, body) {
  // querystring.parse, with its arrays in this realm (see raw-request-oracle.js)
  return r.contentType === 'none' ? {} : parseForm(body)
}

function nodeVerdict(r, host, body, signature) {
  if (signature === undefined) return false
  return twilio.validateRequest(TOKEN, signature, `http://${host}${target(r)}`, parsedBody(r, body))
}

const counts = {}
function property(label, arb, runs, predicate) {
  counts[label] = gen.scaled(runs)
  return gen.assertAsyncProperty(label, fc.asyncProperty(arb, predicate), runs)
}

test('fetch: verifyFetchRequest on a Request', async () => {
  await property('fetch', requests(QUERY_PIECES), 1500, async (r) => {
    const body = formBody(r.params, r.encoding)
    const request0 = new Request(`https://hooks.example.com${target(r)}`)
    const url = request0.url
    const signature = signatureFor(r, url, parsedBody(r, body))
    const headers = { ...headersFor(r) }
    if (signature !== undefined) headers['x-twilio-signature'] = signature
    const result = await verifyFetchRequest(new Request(url, { method: 'POST', headers, body }), OPTIONS)
    const twilioSays = signature !== undefined && twilio.validateRequest(TOKEN, signature, url, parsedBody(r, body))
    expect(result.valid).toBe(twilioSays)
  })
})

test('Hono: withTwilioWebhook in a Hono route (app.fetch)', async () => {
  const app = new Hono()
  const guarded = withTwilioWebhook((request, webhook) => Response.json(webhook.params), OPTIONS)
  app.post('/*', (c) => guarded(c.req.raw))
  await property('hono', requests(QUERY_PIECES), 400, async (r) => {
    const body = formBody(r.params, r.encoding)
    const url = new Request(`http://hono.example.com${target(r)}`).url
    const signature = signatureFor(r, url, parsedBody(r, body))
    const headers = { ...headersFor(r) }
    if (signature !== undefined) headers['x-twilio-signature'] = signature
    const response = await app.fetch(new Request(url, { method: 'POST', headers, body }))
    const twilioSays = signature !== undefined && twilio.validateRequest(TOKEN, signature, url, parsedBody(r, body))
    expect(response.status).toBe(twilioSays ? 200 : signature === undefined ? 400 : 403)
    if (twilioSays) expect(await response.json()).toEqual(JSON.parse(JSON.stringify(parsedBody(r, body))))
  })
})

describe.each([
  ['httpApi', QUERY_PIECES],
  ['functionUrl', QUERY_PIECES],
  // Payload 1.0 has no raw query, only its values by name: queries that encodeURIComponent
  // writes back as sent, each name once.
  ['rest', SIMPLE],
])('Lambda %s events', (shape, queryPieces) => {
  test('verifyLambdaEvent', async () => {
    await property(`lambda-${shape}`, requests(queryPieces, shape === 'rest'), shape === 'rest' ? 500 : 1000, async (r) => {
      const body = formBody(r.params, r.encoding)
      const url = lambdaOrigin(shape) + STAGE_PREFIX[shape] + target(r)
      const signature = signatureFor(r, url, parsedBody(r, body))
      const headers = { ...headersFor(r) }
      if (signature !== undefined) headers['X-Twilio-Signature'] = signature
      const event = lambdaEvent(shape, { method: 'POST', path: r.path, query: r.query, headers, body })
      const result = await verifyLambdaEvent(event, OPTIONS)
      const twilioSays = signature !== undefined && twilio.validateRequest(TOKEN, signature, url, parsedBody(r, body))
      expect(result.valid).toBe(twilioSays)
    })
  })
})

test('Fastify: the plugin in a Fastify app, over real HTTP', async () => {
  const app = Fastify()
  await app.register(fastifyPlugin, OPTIONS)
  app.post('/*', { preHandler: app.twilioWebhook }, async (request) => request.body || null)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = app.server.address().port
  const host = `127.0.0.1:${port}`
  try {
    await property('fastify', requests(QUERY_PIECES), 600, async (r) => {
      const body = formBody(r.params, r.encoding)
      const signature = signatureFor(r, `http://${host}${target(r)}`, parsedBody(r, body))
      const headers = { ...headersFor(r) }
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      // Without a type Fastify refuses a body (415); text/plain it parses itself, and the
      // signed form params are then none.
      if (r.contentType === 'none') headers['content-type'] = 'text/plain'
      const status = await post(port, target(r), headers, body)
      const twilioSays = nodeVerdict(r, host, body, signature)
      expect(status).toBe(twilioSays ? 200 : signature === undefined ? 400 : 403)
    })
  } finally {
    await app.close()
  }
})

test('node:http: verifyNodeRequest over real HTTP', async () => {
  const server = http.createServer(async (req, res) => {
    const result = await verifyNodeRequest(req, OPTIONS)
    res.statusCode = result.valid ? 200 : result.status
    res.end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${server.address().port}`
  try {
    await property('http', requests(QUERY_PIECES), 300, async (r) => {
      const body = formBody(r.params, r.encoding)
      const url = `http://${host}${target(r)}`
      const signature = signatureFor(r, url, parsedBody(r, body))
      const headers = { ...headersFor(r) }
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      const status = await post(server.address().port, target(r), headers, body)
      const twilioSays = nodeVerdict(r, host, body, signature)
      expect(status).toBe(twilioSays ? 200 : signature === undefined ? 400 : 403)
    })
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

function post(port, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

afterAll(() => {
  // The counts each run checked (a smoke run scales them down).
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  if (!gen.REPLAYING) expect(total).toBeGreaterThanOrEqual(gen.scaled(5300))
})
