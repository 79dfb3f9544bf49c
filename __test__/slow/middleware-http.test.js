'use strict'
// Real-HTTP differential tests of the webhook() Express middleware.
//
// One Express 5 app on 127.0.0.1 (ephemeral port).  Every case registers two
// routers, one guarded by twilio.webhook(...args) and one by ours.webhook(...args)
// (args built afresh for each, with the same environment).  The same request is
// sent to both; an `x-impl` request header picks the router, so URL, Host and
// body - everything the signature covers - are identical.  Status, body text,
// content type and console.error / console.warn calls must be equal.
//
// The two deliberate differences of our webhook() (documented in our README)
// are tested separately at the end: it honours options.authToken, and it never
// mutates the caller's options object.

const express = require('express')
const { loadTwilio, loadOurs, TOKEN, p5, U, U_SIG, JSON_BODY, BH } = require('../helpers/express-target')
const { expectedWebhookUrl } = require('../helpers/express')

const twilio = loadTwilio()
const ours = loadOurs()

const T400 = 'No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.'
const T403 = 'Twilio Request Validation Failed.'
const T500_TOKEN = 'Webhook Error - we attempted to validate this request without first configuring our auth token.'
const T500_SHARED = 'Webhook Error - we attempted to validate this request without first configuring our SharedKey secret.'
const ERR_TOKEN = '[Twilio]: Error - Twilio auth token is required for webhook request validation.'
const ERR_SHARED = '[Twilio]: Error - Twilio SharedKey secret is required for webhook request validation.'

let server
let origin // http://127.0.0.1:<port>
const registry = new Map()
let nextId = 0
let savedEnv
let errorSpy
let warnSpy

beforeAll(async () => {
  savedEnv = process.env.TWILIO_AUTH_TOKEN
  delete process.env.TWILIO_AUTH_TOKEN
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {})
  warnSpy = jest.spyOn(console, 'warn').mockImplementation(() => {})

  const app = express()
  const keepRawBody = (req, res, buf) => {
    req.rawBody = buf.toString('utf8')
  }
  app.use(express.urlencoded({ extended: false, verify: keepRawBody }))
  app.use(express.json({ verify: keepRawBody }))
  app.use((req, res, next) => {
    const m = /^\/case\/(\d+)/.exec(req.path)
    const entry = m && registry.get(m[1])
    const router = entry && entry[req.get('x-impl')]
    if (!router) {
      res.status(404).type('text/plain').send('unknown case')
      return
    }
    router(req, res, next)
  })
  // Exceptions thrown by a middleware: report class and code (not the stack,
  // which names the implementation's files).
  app.use((err, req, res, next) => {
    const cls = err && err.constructor ? err.constructor.name : typeof err
    res
      .status(500)
      .type('text/plain')
      .send(`thrown: ${cls} ${err && err.code}`)
  })

  await new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', resolve)
  })
  // fetch() keeps connections alive; a long in-process test between two requests
  // must not let the server drop an idle socket that fetch then reuses (ECONNRESET).
  server.keepAliveTimeout = 10 * 60 * 1000
  origin = `http://127.0.0.1:${server.address().port}`
})

afterAll(async () => {
  if (savedEnv === undefined) delete process.env.TWILIO_AUTH_TOKEN
  else process.env.TWILIO_AUTH_TOKEN = savedEnv
  errorSpy.mockRestore()
  warnSpy.mockRestore()
  if (server) {
    server.closeAllConnections && server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

function withEnv(token, fn) {
  const before = process.env.TWILIO_AUTH_TOKEN
  if (token === undefined) delete process.env.TWILIO_AUTH_TOKEN
  else process.env.TWILIO_AUTH_TOKEN = token
  try {
    return fn()
  } finally {
    if (before === undefined) delete process.env.TWILIO_AUTH_TOKEN
    else process.env.TWILIO_AUTH_TOKEN = before
  }
}

function routerWith(middleware) {
  const router = express.Router()
  router.all('/case/:id', middleware, (req, res) => {
    res.status(200).send('ok')
  })
  return router
}

// Register a case: `makeArgs` is called once per implementation.
function register(makeArgs, env) {
  const id = String(nextId++)
  const entry = withEnv(env, () => ({
    twilio: routerWith(twilio.webhook(...makeArgs())),
    ours: routerWith(ours.webhook(...makeArgs())),
  }))
  registry.set(id, entry)
  return { id, path: `/case/${id}` }
}

// The URL twilio's middleware hashes for a request to `pathAndQuery` on this server.
// `pathAndQuery` is first serialised the way fetch() puts it on the wire
// (WHATWG URL: e.g. ' in the query becomes %27, the fragment is dropped).
function serverUrl(pathAndQuery) {
  const onTheWire = new URL(pathAndQuery, origin)
  return expectedWebhookUrl(
    { protocol: 'http', headers: { host: onTheWire.host }, originalUrl: onTheWire.pathname + onTheWire.search },
    undefined,
  )
}

function sign(token, url, params, algorithm) {
  return twilio.getExpectedTwilioSignature(token, url, params, algorithm)
}

function form(params) {
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    for (const one of [].concat(v)) sp.append(k, one)
  }
  return sp.toString()
}

async function send(impl, pathAndQuery, { method = 'POST', headers = {}, body } = {}) {
  errorSpy.mockClear()
  warnSpy.mockClear()
  const res = await fetch(origin + pathAndQuery, { method, headers: { ...headers, 'x-impl': impl }, body })
  const text = await res.text()
  return {
    status: res.status,
    text,
    contentType: res.headers.get('content-type'),
    consoleError: errorSpy.mock.calls.map((c) => c.slice()),
    consoleWarn: warnSpy.mock.calls.map((c) => c.slice()),
  }
}

// Send the same request to both routers; require equal responses.
async function both(pathAndQuery, init) {
  const ref = await send('twilio', pathAndQuery, init)
  const got = await send('ours', pathAndQuery, init)
  expect(got).toEqual(ref)
  return ref
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const JSONH = { 'content-type': 'application/json' }

// Build, per case, a POST of the P5 form signed for the URL the server sees.
function p5Post(path, token, { query = '', algorithm, extraHeaders = {}, params = p5() } = {}) {
  const pq = path + query
  return [
    pq,
    {
      headers: { ...FORM, 'X-Twilio-Signature': sign(token, serverUrl(pq), params, algorithm), ...extraHeaders },
      body: form(params),
    },
  ]
}

// ---------------------------------------------------------------------------

describe('webhook() over HTTP: same responses as twilio', () => {
  test("middleware arity is 3 like twilio's (Express treats 4-argument functions as error handlers)", () => {
    expect(ours.webhook(TOKEN).length).toBe(twilio.webhook(TOKEN).length)
    expect(ours.webhook({ validate: false }).length).toBe(3)
    for (const name of ['webhook', 'validateIncomingRequest', 'validateExpressRequest']) {
      expect([name, ours[name].length]).toEqual([name, twilio[name].length])
    }
  })

  test('valid signature (P5 form POST), webhook("12345") -> next()', async () => {
    const { path } = register(() => [TOKEN])
    const r = await both(...p5Post(path, TOKEN))
    expect(r.status).toBe(200)
    expect(r.text).toBe('ok')
  })

  test('valid signature with repeated keys and unicode values', async () => {
    const { path } = register(() => [TOKEN])
    const params = { Digits: ['5678', '1234', '1234'], Body: "It's + amazing ü 😃", To: '+18005551212' }
    // express.urlencoded({extended:false}) yields { Digits: ['5678','1234','1234'], ... }
    const r = await both(...p5Post(path, TOKEN, { params }))
    expect(r.status).toBe(200)
  })

  test('forged signature -> 403', async () => {
    const { path } = register(() => [TOKEN])
    const [pq, init] = p5Post(path, TOKEN)
    init.headers['X-Twilio-Signature'] = U_SIG
    const r = await both(pq, init)
    expect(r.status).toBe(403)
    expect(r.text).toBe(T403)
    expect(r.contentType).toBe('text/plain; charset=utf-8')
  })

  test('signature of another token / tampered body / extra query param -> 403', async () => {
    const { path } = register(() => [TOKEN])
    expect((await both(...p5Post(path, 'other-token'))).status).toBe(403)
    const [pq, init] = p5Post(path, TOKEN)
    expect((await both(pq, { ...init, body: init.body + '&Extra=1' })).status).toBe(403)
    expect((await both(pq + '?x=1', init)).status).toBe(403)
  })

  test('missing header -> 400, empty header -> 400', async () => {
    const { path } = register(() => [TOKEN])
    const missing = await both(path, { headers: FORM, body: form(p5()) })
    expect(missing.status).toBe(400)
    expect(missing.text).toBe(T400)
    expect(missing.contentType).toBe('text/plain; charset=utf-8')
    const empty = await both(path, { headers: { ...FORM, 'X-Twilio-Signature': '' }, body: form(p5()) })
    expect(empty.status).toBe(400)
    expect(empty.text).toBe(T400)
  })

  test('no token configured and TWILIO_AUTH_TOKEN unset -> 500 + console.error', async () => {
    const { path } = register(() => [], undefined)
    const r = await both(...p5Post(path, TOKEN))
    expect(r.status).toBe(500)
    expect(r.text).toBe(T500_TOKEN)
    expect(r.contentType).toBe('text/plain; charset=utf-8')
    expect(r.consoleError).toEqual([[ERR_TOKEN]])
  })

  test('header check comes before the token check: no token + no header -> 400', async () => {
    const { path } = register(() => [{}], undefined)
    const r = await both(path, { headers: FORM, body: form(p5()) })
    expect(r.status).toBe(400)
    expect(r.consoleError).toEqual([])
  })

  test('{validate:false} -> next() without any header', async () => {
    const { path } = register(() => [{ validate: false }], undefined)
    const r = await both(path, { headers: FORM, body: form(p5()) })
    expect(r.status).toBe(200)
    expect(r.text).toBe('ok')
    const forged = await both(path, { headers: { ...FORM, 'X-Twilio-Signature': 'nope' }, body: form(p5()) })
    expect(forged.status).toBe(200)
  })

  test("webhook('token', {validate:false}) -> next()", async () => {
    const { path } = register(() => [TOKEN, { validate: false }])
    expect((await both(path, { headers: FORM, body: 'a=1' })).status).toBe(200)
  })

  test("webhook('token', {validate:true}) and webhook({validate:true}, 'token')", async () => {
    for (const makeArgs of [() => [TOKEN, { validate: true }], () => [{ validate: true }, TOKEN]]) {
      const { path } = register(makeArgs)
      expect((await both(...p5Post(path, TOKEN))).status).toBe(200)
      expect((await both(...p5Post(path, 'bad'))).status).toBe(403)
    }
  })

  test('webhook() reads TWILIO_AUTH_TOKEN', async () => {
    const { path } = register(() => [], 'env-token')
    expect((await both(...p5Post(path, 'env-token'))).status).toBe(200)
    expect((await both(...p5Post(path, TOKEN))).status).toBe(403)
  })

  test('TWILIO_AUTH_TOKEN is read when webhook() is called, not per request', async () => {
    const { path } = register(() => [], 'at-creation')
    await withEnv('at-request', async () => {
      expect((await both(...p5Post(path, 'at-creation'))).status).toBe(200)
      expect((await both(...p5Post(path, 'at-request'))).status).toBe(403)
    })
    // unset at creation, set later: still no token
    const late = register(() => [{ validate: true }], undefined)
    await withEnv('at-request', async () => {
      const r = await both(...p5Post(late.path, 'at-request'))
      expect(r.status).toBe(500)
      expect(r.text).toBe(T500_TOKEN)
    })
  })

  test("string argument beats the environment; '' falls back to it; last string wins", async () => {
    let c = register(() => ['arg-token'], 'env-token')
    expect((await both(...p5Post(c.path, 'arg-token'))).status).toBe(200)
    expect((await both(...p5Post(c.path, 'env-token'))).status).toBe(403)
    c = register(() => ['arg-token', ''], 'env-token')
    expect((await both(...p5Post(c.path, 'env-token'))).status).toBe(200)
    c = register(() => ['A', {}, 'B'], undefined)
    expect((await both(...p5Post(c.path, 'B'))).status).toBe(200)
    expect((await both(...p5Post(c.path, 'A'))).status).toBe(403)
  })

  test('a string token argument wins over an authToken option (same result in both)', async () => {
    const { path } = register(() => ['string-token', { authToken: 'option-token' }], undefined)
    expect((await both(...p5Post(path, 'string-token'))).status).toBe(200)
    expect((await both(...p5Post(path, 'option-token'))).status).toBe(403)
  })

  test('webhook({host, protocol}) overrides the request host/protocol', async () => {
    const { path } = register(() => [{ host: 'mycompany.com', protocol: 'https' }], TOKEN)
    const publicUrl = `https://mycompany.com${path}`
    const ok = await both(path, {
      headers: { ...FORM, 'X-Twilio-Signature': sign(TOKEN, publicUrl, p5()) },
      body: form(p5()),
    })
    expect(ok.status).toBe(200)
    // signed for the URL the server actually sees: rejected
    expect((await both(...p5Post(path, TOKEN))).status).toBe(403)
  })

  test('webhook({url}) validates against the configured URL only', async () => {
    const { path } = register(() => [TOKEN, { url: U, host: 'ignored.com', protocol: 'ftp' }])
    const r = await both(path + '?whatever=1', {
      headers: { ...FORM, 'X-Twilio-Signature': U_SIG },
      body: form(p5()),
    })
    expect(r.status).toBe(200)
    expect((await both(...p5Post(path, TOKEN))).status).toBe(403)
  })

  test('webhook({url: ""}) is ignored (request URL used)', async () => {
    const { path } = register(() => [TOKEN, { url: '' }])
    expect((await both(...p5Post(path, TOKEN))).status).toBe(200)
  })

  test('query strings with ?, %3F, %3f, quotes and plus', async () => {
    const { path } = register(() => [TOKEN])
    for (const query of ["?a=%3F&b='x'", '?a=%3f', "?name=William+O'hara", '?q=a%20b&q=c', '?x=1#frag']) {
      const r = await both(...p5Post(path, TOKEN, { query }))
      expect([query, r.status]).toEqual([query, 200])
    }
  })

  test('GET with signature over the URL (no body params)', async () => {
    const { path } = register(() => [TOKEN])
    const pq = `${path}?CallSid=CA1&From=%2B14158675309`
    const r = await both(pq, { method: 'GET', headers: { 'X-Twilio-Signature': sign(TOKEN, serverUrl(pq), {}) } })
    expect(r.status).toBe(200)
  })

  test('JSON webhook: bodySHA256 query + rawBody', async () => {
    const { path } = register(() => [TOKEN])
    const pq = `${path}?bodySHA256=${BH}`
    const sig = sign(TOKEN, serverUrl(pq), {})
    const ok = await both(pq, { headers: { ...JSONH, 'X-Twilio-Signature': sig }, body: JSON_BODY })
    expect(ok.status).toBe(200)
    // body differs from the hash -> 403
    const tampered = await both(pq, {
      headers: { ...JSONH, 'X-Twilio-Signature': sig },
      body: '{"property": "value", "boolean": false}',
    })
    expect(tampered.status).toBe(403)
    // wrong hash in the (signed) URL -> 403
    const pq2 = `${path}?bodySHA256=${BH.slice(0, -1)}1`
    const r2 = await both(pq2, { headers: { ...JSONH, 'X-Twilio-Signature': sign(TOKEN, serverUrl(pq2), {}) }, body: JSON_BODY })
    expect(r2.status).toBe(403)
    // JSON without bodySHA256: parsed body object used as params
    const pq3 = `${path}?x=1`
    const parsed = JSON.parse(JSON_BODY)
    const r3 = await both(pq3, {
      headers: { ...JSONH, 'X-Twilio-Signature': sign(TOKEN, serverUrl(pq3), parsed) },
      body: JSON_BODY,
    })
    expect(r3.status).toBe(200)
  })

  test('SharedKey: settings header + sharedKeySecret, HMAC_SHA256', async () => {
    const { path } = register(() => [TOKEN, { sharedKeySecret: 'shared-secret' }])
    const settings = { 'X-Twilio-Webhooks-Signature-Settings': 'key=x,algorithm=HMAC_SHA256' }
    const ok = await both(...p5Post(path, 'shared-secret', { algorithm: 'HMAC_SHA256', extraHeaders: settings }))
    expect(ok.status).toBe(200)
    // signed with the auth token instead of the secret
    expect((await both(...p5Post(path, TOKEN, { algorithm: 'HMAC_SHA256', extraHeaders: settings }))).status).toBe(403)
    // right secret, wrong algorithm
    expect((await both(...p5Post(path, 'shared-secret', { extraHeaders: settings }))).status).toBe(403)
    // no settings header: the auth token (HMAC_SHA1) is used
    expect((await both(...p5Post(path, TOKEN))).status).toBe(200)
    expect((await both(...p5Post(path, 'shared-secret'))).status).toBe(403)
  })

  test('SharedKey: settings header variants (no algorithm, lowercase, unsupported, empty)', async () => {
    const { path } = register(() => [TOKEN, { sharedKeySecret: 'sk' }])
    const h = (v) => ({ extraHeaders: { 'X-Twilio-Webhooks-Signature-Settings': v } })
    expect((await both(...p5Post(path, 'sk', h('key=x')))).status).toBe(200) // HMAC_SHA1 with the secret
    expect(
      (await both(...p5Post(path, 'sk', { algorithm: 'HMAC_SHA256', ...h(' algorithm = hmac_sha256 ,key=x') }))).status,
    ).toBe(200)
    const unsupported = await both(...p5Post(path, 'sk', h('key=x,algorithm=HMAC_SHA512')))
    expect(unsupported.status).toBe(403)
    expect(unsupported.consoleWarn.length).toBe(1)
    // an empty settings header counts as absent
    expect((await both(...p5Post(path, TOKEN, h('')))).status).toBe(200)
  })

  test('SharedKey: settings header but no sharedKeySecret -> 500 SharedKey secret', async () => {
    const { path } = register(() => [TOKEN])
    const r = await both(
      ...p5Post(path, TOKEN, {
        algorithm: 'HMAC_SHA256',
        extraHeaders: { 'X-Twilio-Webhooks-Signature-Settings': 'key=x,algorithm=HMAC_SHA256' },
      }),
    )
    expect(r.status).toBe(500)
    expect(r.text).toBe(T500_SHARED)
    expect(r.text).toMatch(/SharedKey secret/)
    expect(r.consoleError).toEqual([[ERR_SHARED]])
  })

  test('validate option quirks: 0 / "" disable, "false" / null validate', async () => {
    for (const [validate, status] of [
      [0, 200],
      ['', 200],
      ['false', 400],
      [null, 400],
      [undefined, 400],
    ]) {
      const { path } = register(() => [TOKEN, { validate }])
      const r = await both(path, { headers: FORM, body: form(p5()) })
      expect([validate, r.status]).toEqual([validate, status])
    }
  })

  test('two option objects: the first one wins the merge', async () => {
    // {validate: undefined} copied over the defaulted `true` disables validation
    let c = register(() => [{ validate: undefined }, {}], undefined)
    expect((await both(c.path, { headers: FORM, body: 'a=1' })).status).toBe(200)
    c = register(() => [{ validate: true }, { validate: false }], undefined)
    expect((await both(c.path, { headers: FORM, body: 'a=1' })).status).toBe(400)
    c = register(() => [{ host: 'mycompany.com', protocol: 'https' }, { host: 'other.com' }], TOKEN)
    const sig = sign(TOKEN, `https://mycompany.com${c.path}`, p5())
    expect((await both(c.path, { headers: { ...FORM, 'X-Twilio-Signature': sig }, body: form(p5()) })).status).toBe(200)
  })

  test('unusual arguments: null, numbers, booleans', async () => {
    for (const makeArgs of [
      () => [null],
      () => [null, TOKEN],
      () => [42, TOKEN],
      () => [TOKEN, true],
      () => [undefined, { validate: false }],
    ]) {
      const c = register(makeArgs, 'env-token')
      await both(...p5Post(c.path, TOKEN))
      await both(...p5Post(c.path, 'env-token'))
      await both(c.path, { headers: FORM, body: 'a=1' })
    }
  })

  test('options object with inherited, getter or non-enumerable properties', async () => {
    class PublicUrl {
      get host() {
        return 'mycompany.com'
      }
      get protocol() {
        return 'https'
      }
    }
    const variants = [
      () => new PublicUrl(),
      () => Object.create({ host: 'mycompany.com', protocol: 'https' }),
      () => Object.defineProperties({}, { host: { value: 'mycompany.com' }, protocol: { value: 'https' } }),
    ]
    for (const make of variants) {
      const { path } = register(() => [TOKEN, make()])
      const publicSig = sign(TOKEN, `https://mycompany.com${path}`, p5())
      await both(path, { headers: { ...FORM, 'X-Twilio-Signature': publicSig }, body: form(p5()) })
      await both(...p5Post(path, TOKEN))
    }
    const disabled = register(() => [TOKEN, Object.create({ validate: false })])
    await both(disabled.path, { headers: FORM, body: form(p5()) })
  })

  test('an invalid host override makes both throw the same kind of error', async () => {
    const { path } = register(() => [TOKEN, { host: 'exa mple.com' }])
    const r = await both(...p5Post(path, TOKEN))
    expect(r.status).toBe(500)
    expect(r.text).toBe('thrown: TypeError ERR_INVALID_URL')
  })
})

// ---------------------------------------------------------------------------

// The same argument handling, exhaustively, with a fake req/res (no network):
// every argument list of length 0-2 from a pool (plus random length-3 lists),
// with and without TWILIO_AUTH_TOKEN, against several requests.
//
// Some pool objects carry `authToken`, which ours honours (deliberate difference
// 1, README: "a token given as a string argument still wins, and the environment
// variable is still the fallback").  For those, ours must behave exactly like
// twilio would with TWILIO_AUTH_TOKEN set to the merged options' authToken
// (merged like every other option).  Without such objects this is plain equality.
function labelled(label, f) {
  f.label = label
  return f
}

class UrlConfig {
  get url() {
    return 'https://h.com/x'
  }
}

describe('webhook() argument processing, in-process', () => {
  const POOL = [
    () => 'A',
    () => 'B',
    () => '',
    () => ({}),
    () => ({ validate: true }),
    () => ({ validate: false }),
    () => ({ validate: null }),
    () => ({ validate: undefined }),
    () => ({ validate: 0 }),
    () => ({ validate: 'false' }),
    () => ({ host: 'h.com' }),
    () => ({ url: 'https://h.com/x' }),
    () => ({ sharedKeySecret: 'S', protocol: 'http' }),
    () => ({ authToken: 'A' }),
    () => ({ authToken: 'T', host: 'h.com' }),
    () => ({ authToken: '' }),
    () => ({ authToken: 'T', validate: false }),
    // options whose values are not own enumerable properties
    labelled('Object.create({ host: "h.com" })', () => Object.create({ host: 'h.com' })),
    labelled('Object.create({ validate: false })', () => Object.create({ validate: false })),
    labelled('new (class { get url() { return "https://h.com/x" } })()', () => new UrlConfig()),
    () => null,
    () => undefined,
    () => 42,
  ]
  const describeArg = (f) => {
    if (f.label) return f.label
    const v = f()
    return v === undefined ? 'undefined' : JSON.stringify(v, (k, x) => (x === undefined ? '<undefined>' : x))
  }

  const requests = []
  for (const withSettings of [false, true]) {
    for (const urlKind of ['https://real.com/x', 'https://h.com/x', 'http://real.com/x']) {
      for (const token of ['A', 'B', 'E', 'S', 'T', null]) {
        requests.push({ urlKind, token, withSettings })
      }
    }
  }

  function fakeRequest({ urlKind, token, withSettings }) {
    const headers = { host: 'real.com' }
    if (token) headers['x-twilio-signature'] = sign(token, urlKind, p5(), withSettings ? 'HMAC_SHA256' : undefined)
    if (withSettings) headers['x-twilio-webhooks-signature-settings'] = 'key=k,algorithm=HMAC_SHA256'
    return {
      protocol: 'https',
      headers,
      originalUrl: '/x',
      body: p5(),
      header(name) {
        return this.headers[String(name).toLowerCase()]
      },
    }
  }

  function outcome(mod, makeArgs, env, reqSpec) {
    errorSpy.mockClear()
    warnSpy.mockClear()
    const res = {
      sent: [],
      type(t) {
        this.sent.push(['type', t])
        return this
      },
      status(s) {
        this.sent.push(['status', s])
        return this
      },
      send(b) {
        this.sent.push(['send', b])
        return this
      },
    }
    const nextCalls = []
    let threw = null
    let returned
    let mw
    try {
      mw = withEnv(env, () => mod.webhook(...makeArgs()))
    } catch (e) {
      return { createThrew: [e && e.constructor && e.constructor.name, e && e.code] }
    }
    try {
      const r = mw(fakeRequest(reqSpec), res, (...a) => {
        nextCalls.push(a.length)
      })
      returned = r === res ? 'the response object' : typeof r === 'undefined' ? 'undefined' : String(r)
    } catch (e) {
      threw = [e && e.constructor && e.constructor.name, e && e.code]
    }
    return { nextCalls, threw, returned, res: res.sent, error: errorSpy.mock.calls.map((c) => c.slice()) }
  }

  // The authToken option value after twilio's merge: the base object (the last
  // object among the first two arguments) overridden by every other object
  // argument, in order.
  const own = (o, k) => Object.hasOwn(o, k)
  function mergedAuthTokenOption(args) {
    let base
    for (const c of [args[0], args[1]]) if (c && typeof c === 'object') base = c
    let token = base ? base.authToken : undefined
    for (const a of args) if (a && typeof a === 'object' && a !== base && own(a, 'authToken')) token = a.authToken
    return token
  }

  const argLists = [[]]
  for (const a of POOL) argLists.push([a])
  for (const a of POOL) for (const b of POOL) argLists.push([a, b])
  let seed = 12345
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  for (let i = 0; i < 300; i++) argLists.push([POOL[rand(POOL.length)], POOL[rand(POOL.length)], POOL[rand(POOL.length)]])

  test(`${argLists.length} argument lists x 2 environments x ${requests.length} requests`, () => {
    const mismatches = []
    const byArgs = new Map() // argument list -> first example
    let cases = 0
    let createThrewInTwilio = 0
    const seenOutcomes = new Set()
    for (const list of argLists) {
      const makeArgs = () => list.map((f) => f())
      for (const env of [undefined, 'E']) {
        for (const reqSpec of requests) {
          cases++
          const ref = outcome(twilio, makeArgs, mergedAuthTokenOption(makeArgs()) || env, reqSpec)
          const got = outcome(ours, makeArgs, env, reqSpec)
          seenOutcomes.add(JSON.stringify(ref.res) + ref.nextCalls)
          // webhook() itself throwing in twilio can only come from writing into
          // the caller's objects (a getter-only property, say): deliberate
          // difference 2.  Ours must then create the middleware; what it does
          // afterwards has no twilio counterpart.
          if (ref.createThrew) {
            createThrewInTwilio++
            if (!got.createThrew) continue
          }
          if (JSON.stringify(ref) !== JSON.stringify(got)) {
            const call = `webhook(${list.map(describeArg).join(', ')})`
            mismatches.push(call)
            if (!byArgs.has(call)) {
              byArgs.set(
                call,
                `${call} env=${env} request=${JSON.stringify(reqSpec)}\n` +
                  `    twilio ${JSON.stringify(ref)}\n    ours   ${JSON.stringify(got)}`,
              )
            }
          }
        }
      }
    }
    if (mismatches.length) {
      throw new Error(
        `${mismatches.length}/${cases} disagreements, from ${byArgs.size} argument lists; first example of each:\n` +
          [...byArgs.values()].slice(0, 25).join('\n'),
      )
    }
    // next(), 400, 403, 500 (auth token) and 500 (SharedKey) were all reached
    expect(seenOutcomes.size).toBeGreaterThanOrEqual(5)
    // the getter-only `url` case really made twilio's webhook() throw
    expect(createThrewInTwilio).toBeGreaterThan(0)
  })
})

// ---------------------------------------------------------------------------

describe('deliberate differences (documented in our README)', () => {
  async function each(path, init) {
    return { twilio: await send('twilio', path, init), ours: await send('ours', path, init) }
  }

  test('ours honours options.authToken; twilio ignores it (env unset -> twilio 500)', async () => {
    const { path } = register(() => [{ authToken: 'option-token' }], undefined)
    const r = await each(...p5Post(path, 'option-token'))
    expect(r.ours.status).toBe(200)
    expect(r.ours.text).toBe('ok')
    expect(r.ours.consoleError).toEqual([])
    expect(r.twilio.status).toBe(500)
    expect(r.twilio.text).toBe(T500_TOKEN)
    // a wrong signature is still rejected by ours
    const bad = await each(...p5Post(path, 'not-the-option-token'))
    expect(bad.ours.status).toBe(403)
    expect(bad.ours.text).toBe(T403)
  })

  test('ours honours options.authToken over TWILIO_AUTH_TOKEN; twilio uses the env var', async () => {
    const { path } = register(() => [{ authToken: 'option-token', validate: true }], 'env-token')
    const withOption = await each(...p5Post(path, 'option-token'))
    expect(withOption.ours.status).toBe(200)
    expect(withOption.twilio.status).toBe(403)
    const withEnvToken = await each(...p5Post(path, 'env-token'))
    expect(withEnvToken.twilio.status).toBe(200)
    expect(withEnvToken.ours.status).toBe(403)
  })

  test('ours never mutates the options object; twilio does', () => {
    const snapshot = (o) => JSON.parse(JSON.stringify(o))
    const calls = [(mod, o) => mod.webhook(o), (mod, o) => mod.webhook(TOKEN, o), (mod, o) => mod.webhook(o, TOKEN)]
    for (const call of calls) {
      const mine = { host: 'mycompany.com', protocol: 'https', authToken: 'x' }
      const theirs = { host: 'mycompany.com', protocol: 'https', authToken: 'x' }
      const before = snapshot(mine)
      withEnv(undefined, () => {
        call(ours, mine)
        call(twilio, theirs)
      })
      expect(mine).toEqual(before)
      expect(Object.keys(mine)).toEqual(Object.keys(before))
      expect(theirs).not.toEqual(before) // twilio adds validate:true and rewrites authToken
      expect(theirs.validate).toBe(true)
    }
    // two objects: twilio copies the first into the second
    const a1 = { validate: true, host: 'a.com' }
    const b1 = { protocol: 'https' }
    const a2 = { validate: true, host: 'a.com' }
    const b2 = { protocol: 'https' }
    ours.webhook(a1, b1)
    twilio.webhook(a2, b2)
    expect(a1).toEqual({ validate: true, host: 'a.com' })
    expect(b1).toEqual({ protocol: 'https' })
    expect(b2.host).toBe('a.com')
    // a frozen options object: fine for ours, a TypeError in twilio (strict-mode assignment)
    const frozen = () => Object.freeze({ host: 'mycompany.com' })
    expect(() => ours.webhook(TOKEN, frozen())).not.toThrow()
    expect(() => twilio.webhook(TOKEN, frozen())).toThrow(TypeError)
  })

  test('frozen options object works with ours (validate defaults to true, overrides apply)', async () => {
    const id = String(nextId++)
    registry.set(id, { ours: routerWith(ours.webhook(TOKEN, Object.freeze({ host: 'mycompany.com', protocol: 'https' }))) })
    const path = `/case/${id}`
    const sig = sign(TOKEN, `https://mycompany.com${path}`, p5())
    expect((await send('ours', path, { headers: { ...FORM, 'X-Twilio-Signature': sig }, body: form(p5()) })).status).toBe(200)
    expect((await send('ours', path, { headers: { ...FORM, 'X-Twilio-Signature': U_SIG }, body: form(p5()) })).status).toBe(403)
    expect((await send('ours', path, { headers: FORM, body: form(p5()) })).status).toBe(400)
  })

  test("one options object reused for two middlewares: twilio's first middleware picks up the second token", async () => {
    const id = String(nextId++)
    const path = `/case/${id}`
    const entry = {}
    for (const [name, mod] of [
      ['twilio', twilio],
      ['ours', ours],
    ]) {
      const shared = { validate: true }
      const first = mod.webhook('token-A', shared)
      mod.webhook('token-B', shared) // second middleware, same object
      entry[name] = routerWith(first)
    }
    registry.set(id, entry)
    const r = await each(...p5Post(path, 'token-A'))
    expect(r.ours.status).toBe(200) // ours keeps token-A
    expect(r.twilio.status).toBe(403) // twilio's shared object now says token-B
    const rB = await each(...p5Post(path, 'token-B'))
    expect(rB.twilio.status).toBe(200)
    expect(rB.ours.status).toBe(403)
  })
})
