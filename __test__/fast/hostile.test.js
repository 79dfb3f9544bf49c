'use strict'

// Hostile inputs: huge, malformed and wrongly typed arguments for every export.
//
// Every call must either return or throw an Error (never crash the process), and must
// agree with twilio@6.3.1: the same return value, or an error of the same class (and the
// same `code` when twilio's error has one). Each case builds its arguments afresh for each
// implementation, so neither side can see what the other did to them.

const crypto = require('crypto')
const util = require('util')

const ours = require('../..')
const twilio = require('twilio/lib/webhooks/webhooks')

const TOKEN = '12345'
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='
const FORGED = 'RSOYDt4T1cUTdK1PDd93/VVr8B9='
const BODY = '{"property": "value", "boolean": true}'
const BODY_URL = `${URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620`
const BODY_SIGNATURE = 'a9nBmqA0ju/hNViExpshrM61xv4='
const p5 = () => ({
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
})

// ---------------------------------------------------------------------------------------
// Comparison plumbing

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace']

/** Runs `thunk` with the console silenced; records its value or error and the console. */
function outcome(thunk) {
  const logs = []
  const saved = {}
  for (const method of CONSOLE) {
    saved[method] = console[method]
    console[method] = (...args) => logs.push(`${method}: ${args.map(String).join(' ')}`)
  }
  try {
    return { threw: false, value: thunk(), logs }
  } catch (error) {
    return { threw: true, error, logs }
  } finally {
    for (const method of CONSOLE) console[method] = saved[method]
  }
}

// jest runs tests in a separate realm, so errors made by Node itself are not
// `instanceof Error` here: ask V8 instead.
const isError = (value) => value instanceof Error || util.types.isNativeError(value)
const className = (error) =>
  error !== null && (typeof error === 'object' || typeof error === 'function') && error.constructor
    ? error.constructor.name
    : `non-object ${typeof error}`
const codeOf = (error) => (error !== null && typeof error === 'object' ? error.code : undefined)

function describe_(result) {
  if (!result.threw) return `returned ${util.inspect(result.value, { depth: 1, maxStringLength: 60 })}`
  const code = codeOf(result.error)
  const message = isError(result.error) ? result.error.message : String(result.error)
  return `threw ${className(result.error)}${code ? ` [${code}]` : ''}: ${message.slice(0, 160)}`
}

/** Makes a comparable value of what a call returned (functions are described, not compared). */
function comparable(value) {
  if (typeof value === 'function') return '[function]'
  return value
}

/** Null when the outcomes agree, else why not. */
function disagreement(mine, theirs) {
  if (mine.threw && !isError(mine.error)) return 'ours threw something that is not an Error'
  if (mine.threw !== theirs.threw) return mine.threw ? 'ours threw, twilio returned' : 'ours returned, twilio threw'
  if (theirs.threw) {
    if (className(mine.error) !== className(theirs.error)) return 'different error class'
    const code = codeOf(theirs.error)
    if (code !== undefined && codeOf(mine.error) !== code) return 'different error code'
    return null
  }
  if (!util.isDeepStrictEqual(comparable(mine.value), comparable(theirs.value))) return 'different value'
  return null
}

/**
 * Runs `call(impl)` for ours and twilio (each with freshly built arguments, from `call`
 * itself) and returns a description of any disagreement, or null.
 */
function compare(label, call) {
  const mine = outcome(() => call(ours))
  const theirs = outcome(() => call(twilio))
  const reason = disagreement(mine, theirs)
  if (!reason) return null
  return `${label}: ${reason}\n    ours:   ${describe_(mine)}\n    twilio: ${describe_(theirs)}`
}

function expectAgreement(cases) {
  const problems = []
  for (const [label, call, makeWebhookArgs] of cases) {
    const problem = makeWebhookArgs ? compareWebhook(label, makeWebhookArgs) : compare(label, call)
    if (problem) problems.push(problem)
  }
  if (problems.length)
    throw new Error(`${problems.length} of ${cases.length} cases disagree with twilio:\n${problems.join('\n')}`)
}

// ---------------------------------------------------------------------------------------
// Fake Express objects

function fakeRequest(overrides = {}) {
  const headers = { host: 'mycompany.com', 'x-twilio-signature': SIGNATURE, ...(overrides.headers || {}) }
  return {
    protocol: 'https',
    originalUrl: '/myapp.php?foo=1&bar=2',
    body: p5(),
    ...overrides,
    headers,
    header(name) {
      return this.headers[String(name).toLowerCase()]
    },
  }
}

/** Runs a middleware on a request and reports what it did to the response. */
function runMiddleware(middleware, request) {
  const seen = { next: 0, status: undefined, type: undefined, body: undefined }
  const response = {
    type(value) {
      seen.type = value
      return this
    },
    status(value) {
      seen.status = value
      return this
    },
    send(value) {
      seen.body = value
      return this
    },
  }
  middleware(request, response, () => {
    seen.next++
  })
  return seen
}

/** webhook(...) made into a comparable value: what its middleware does to two requests. */
function webhookBehaviour(impl, args) {
  const middleware = impl.webhook(...args)
  if (typeof middleware !== 'function') return { notAFunction: typeof middleware }
  return {
    signed: runMiddleware(middleware, fakeRequest()),
    forged: runMiddleware(middleware, fakeRequest({ headers: { 'x-twilio-signature': FORGED } })),
    unsigned: runMiddleware(middleware, fakeRequest({ headers: { 'x-twilio-signature': undefined } })),
  }
}

/**
 * webhook(...args) compared with twilio. Where twilio throws only because it cannot write
 * into the caller's options object (frozen, sealed, read-only or setter-only properties,
 * String objects), ours never writes to it (deliberate difference 2 in the README): it must
 * then create a middleware that answers like twilio's does for writable copies of the same
 * options — with any `authToken` option given as the token, since ours honours it
 * (deliberate difference 1). Everything else must agree outright.
 */
function compareWebhook(label, makeArgs) {
  const theirs = outcome(() => twilio.webhook(...makeArgs()))
  // Fresh copies for every use: twilio's webhook() writes into the copies too.
  const makeCopies = () => makeArgs().map((arg) => (arg && typeof arg === 'object' ? { ...arg } : arg))
  const copies = outcome(makeCopies)
  const copiesWork = !copies.threw && !outcome(() => twilio.webhook(...makeCopies())).threw
  if (!(theirs.threw && copiesWork)) return compare(label, (impl) => webhookBehaviour(impl, makeArgs()))
  const tokenGiven = copies.value.some((arg) => typeof arg === 'string' && arg)
  const optionToken = copies.value.map((arg) => arg && typeof arg === 'object' && arg.authToken).find(Boolean)
  const reference = tokenGiven || !optionToken ? makeCopies() : [optionToken, ...makeCopies()]
  const mine = outcome(() => webhookBehaviour(ours, makeArgs()))
  const expected = outcome(() => webhookBehaviour(twilio, reference))
  const reason = disagreement(mine, expected)
  if (!reason) return null
  return `${label}: ${reason}\n    ours:   ${describe_(mine)}\n    twilio on writable copies: ${describe_(expected)}`
}

// ---------------------------------------------------------------------------------------
// Wrong values, built afresh for every use

const wrongValues = () => {
  const revoked = Proxy.revocable({}, {})
  revoked.revoke()
  return [
    ['undefined', () => undefined],
    ['null', () => null],
    ['0', () => 0],
    ['-1', () => -1],
    ['1.5', () => 1.5],
    ['NaN', () => NaN],
    ['Infinity', () => Infinity],
    ['true', () => true],
    ['false', () => false],
    ['empty string', () => ''],
    ['{}', () => ({})],
    ['{a: 1}', () => ({ a: 1 })],
    ['null-prototype object', () => Object.create(null)],
    ['object with toString', () => ({ toString: () => URL })],
    [
      'object with throwing toString',
      () => ({
        toString: () => {
          throw new RangeError('toString')
        },
      }),
    ],
    ['array-like', () => ({ length: 3, 0: 1, 1: 2, 2: 3 })],
    ['Buffer', () => Buffer.from(SIGNATURE)],
    ['empty Buffer', () => Buffer.alloc(0)],
    ['Uint8Array', () => new Uint8Array([1, 2, 3])],
    ['ArrayBuffer', () => new ArrayBuffer(4)],
    ['[]', () => []],
    ["['a', 'b']", () => ['a', 'b']],
    ['[1, 2, 3]', () => [1, 2, 3]],
    ['function', () => function named() {}],
    ['arrow function', () => () => URL],
    ['class', () => class Thing {}],
    ['Symbol', () => Symbol('hostile')],
    ['BigInt', () => 12345n],
    ['Date', () => new Date(0)],
    ['RegExp', () => /https:/],
    ['Map', () => new Map([['CallSid', 'x']])],
    ['String object', () => new String(URL)],
    ['URL object', () => new globalThis.URL(URL)],
    ['empty Proxy', () => new Proxy({}, {})],
    ['revoked Proxy', () => revoked.proxy],
  ]
}

/** Every export, with a builder of valid arguments and how to call it. */
const EXPORTS = {
  validateRequest: { args: () => [TOKEN, SIGNATURE, URL, p5(), 'HMAC_SHA1'] },
  getExpectedTwilioSignature: { args: () => [TOKEN, URL, p5(), 'HMAC_SHA1'] },
  getExpectedBodyHash: { args: () => [BODY] },
  validateBody: { args: () => [BODY, '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'] },
  validateRequestWithBody: { args: () => [TOKEN, BODY_SIGNATURE, BODY_URL, BODY, 'HMAC_SHA1'] },
  validateIncomingRequest: { args: () => [fakeRequest(), TOKEN, { protocol: 'https' }] },
  validateExpressRequest: { args: () => [fakeRequest(), TOKEN, { url: URL }] },
  webhook: { args: () => [TOKEN, { protocol: 'https' }], call: webhookBehaviour },
  getSignatureAlgorithm: { args: () => ['key=abc,algorithm=HMAC_SHA256'] },
}

const callExport = (name) => EXPORTS[name].call || ((impl, args) => impl[name](...args))

// ---------------------------------------------------------------------------------------

let savedToken
beforeAll(() => {
  savedToken = process.env.TWILIO_AUTH_TOKEN
  delete process.env.TWILIO_AUTH_TOKEN
})
afterAll(() => {
  if (savedToken !== undefined) process.env.TWILIO_AUTH_TOKEN = savedToken
})

describe('every wrong argument type for every export', () => {
  for (const name of Object.keys(EXPORTS)) {
    test(name, () => {
      const { args } = EXPORTS[name]
      const call = callExport(name)
      const cases = [[`${name}(valid arguments)`, (impl) => call(impl, args())]]
      const arity = args().length
      for (let position = 0; position < arity; position++) {
        for (const [label, make] of wrongValues()) {
          const makeArgs = () => {
            const list = args()
            list[position] = make()
            return list
          }
          cases.push([
            `${name} argument ${position} = ${label}`,
            (impl) => call(impl, makeArgs()),
            name === 'webhook' ? makeArgs : undefined,
          ])
        }
      }
      // Too few arguments, and none at all.
      for (let count = 0; count < arity; count++) {
        cases.push([`${name} with ${count} argument(s)`, (impl) => call(impl, args().slice(0, count))])
      }
      expectAgreement(cases)
    })
  }

  test('webhook() options objects that cannot be written to', () => {
    // twilio writes `validate` and `authToken` into the options object it is given.
    const options = [
      ['frozen', () => Object.freeze({ protocol: 'https' })],
      ['frozen with validate', () => Object.freeze({ validate: true })],
      ['sealed', () => Object.seal({ validate: true })],
      ['read-only authToken', () => Object.defineProperty({ validate: true }, 'authToken', { value: 'x', enumerable: true })],
      [
        'authToken setter that throws',
        () => ({
          validate: true,
          set authToken(value) {
            throw new RangeError('setter')
          },
        }),
      ],
      [
        'validate getter that throws',
        () => ({
          get validate() {
            throw new RangeError('getter')
          },
        }),
      ],
      ['String object', () => new String('abc')],
    ]
    const cases = []
    for (const [label, make] of options) {
      cases.push([`webhook(${label})`, null, () => [make()]])
      cases.push([`webhook(token, ${label})`, null, () => [TOKEN, make()]])
    }
    expectAgreement(cases)
  })

  test('Express requests with hostile shapes', () => {
    const shapes = [
      ['no headers', () => ({ ...fakeRequest(), headers: undefined })],
      [
        'header() throws',
        () => ({
          ...fakeRequest(),
          header: () => {
            throw new Error('header')
          },
        }),
      ],
      ['header() returns an object', () => ({ ...fakeRequest(), header: () => ({}) })],
      ['header() returns a number', () => ({ ...fakeRequest(), header: () => 7 })],
      ['originalUrl is a number', () => fakeRequest({ originalUrl: 42 })],
      ['originalUrl is undefined', () => fakeRequest({ originalUrl: undefined })],
      ['protocol is an object', () => fakeRequest({ protocol: {} })],
      ['body is null', () => fakeRequest({ body: null })],
      ['body is a string', () => fakeRequest({ body: 'CallSid=x' })],
      ['rawBody is a number with bodySHA256', () => fakeRequest({ originalUrl: '/x?bodySHA256=1', rawBody: 5 })],
      ['rawBody is an object with bodySHA256', () => fakeRequest({ originalUrl: '/x?bodySHA256=1', rawBody: {} })],
      ['host header with NUL', () => fakeRequest({ headers: { host: 'my\0company.com' } })],
      ['host header with lone surrogate', () => fakeRequest({ headers: { host: '\uD800.com' } })],
    ]
    const cases = []
    for (const [label, make] of shapes) {
      cases.push([`validateIncomingRequest(${label})`, (impl) => impl.validateIncomingRequest(make(), TOKEN)])
      cases.push([
        `validateExpressRequest(${label}, url option)`,
        (impl) => impl.validateExpressRequest(make(), TOKEN, { url: URL }),
      ])
      cases.push([`webhook middleware(${label})`, (impl) => runMiddleware(impl.webhook(TOKEN), make())])
    }
    expectAgreement(cases)
  })
})

describe('malformed strings', () => {
  const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD800b', '\uDC00\uD800']

  test('lone surrogates in every argument', () => {
    const cases = []
    for (const s of LONE) {
      const tag = JSON.stringify(s)
      const url = `https://mycompany.com/${s}?q=${s}#${s}`
      const params = { [s]: s, [`Key${s}`]: [s, `x${s}`] }
      cases.push(
        [`validateRequest token ${tag}`, (impl) => impl.validateRequest(s, SIGNATURE, URL, p5())],
        [`validateRequest signature ${tag}`, (impl) => impl.validateRequest(TOKEN, s, URL, p5())],
        [`validateRequest url ${tag}`, (impl) => impl.validateRequest(TOKEN, SIGNATURE, url, p5())],
        [`validateRequest params ${tag}`, (impl) => impl.validateRequest(TOKEN, SIGNATURE, URL, params)],
        [`validateRequest algorithm ${tag}`, (impl) => impl.validateRequest(TOKEN, SIGNATURE, URL, p5(), s)],
        // A correct signature over surrogate-laden input must be accepted as twilio does.
        [
          `validateRequest signed url+params ${tag}`,
          (impl) => impl.validateRequest(s, twilio.getExpectedTwilioSignature(s, url, params), url, params),
        ],
        [`getExpectedTwilioSignature ${tag}`, (impl) => impl.getExpectedTwilioSignature(s, url, params)],
        [`getExpectedTwilioSignature algorithm ${tag}`, (impl) => impl.getExpectedTwilioSignature(TOKEN, URL, p5(), s)],
        [`getExpectedBodyHash ${tag}`, (impl) => impl.getExpectedBodyHash(s)],
        [`validateBody body ${tag}`, (impl) => impl.validateBody(s, twilio.getExpectedBodyHash(s))],
        [`validateBody hash ${tag}`, (impl) => impl.validateBody(BODY, s)],
        [`validateRequestWithBody token ${tag}`, (impl) => impl.validateRequestWithBody(s, BODY_SIGNATURE, BODY_URL, BODY)],
        [`validateRequestWithBody signature ${tag}`, (impl) => impl.validateRequestWithBody(TOKEN, s, BODY_URL, BODY)],
        [
          `validateRequestWithBody url ${tag}`,
          (impl) => impl.validateRequestWithBody(TOKEN, BODY_SIGNATURE, `${BODY_URL}&x=${s}`, BODY),
        ],
        [`validateRequestWithBody body ${tag}`, (impl) => impl.validateRequestWithBody(TOKEN, BODY_SIGNATURE, BODY_URL, s)],
        [
          `validateRequestWithBody signed ${tag}`,
          (impl) => {
            const signedUrl = `https://e.com/${s}?bodySHA256=${twilio.getExpectedBodyHash(s)}`
            return impl.validateRequestWithBody(s, twilio.getExpectedTwilioSignature(s, signedUrl, {}), signedUrl, s)
          },
        ],
        [`getSignatureAlgorithm ${tag}`, (impl) => impl.getSignatureAlgorithm(`algorithm=${s}`)],
        [
          `validateIncomingRequest host ${tag}`,
          (impl) => impl.validateIncomingRequest(fakeRequest({ headers: { host: s } }), TOKEN),
        ],
        [
          `validateIncomingRequest path ${tag}`,
          (impl) => impl.validateIncomingRequest(fakeRequest({ originalUrl: `/${s}?a=${s}` }), TOKEN),
        ],
        [`webhook token ${tag}`, (impl) => webhookBehaviour(impl, [s])],
      )
    }
    expectAgreement(cases)
  })

  test('NUL bytes in every argument', () => {
    const nul = 'a\0b'
    const url = `https://mycompany.com/\0?q=\0#\0`
    const params = { '\0': '\0', A: ['\0', 'x\0'] }
    expectAgreement([
      ['validateRequest token', (impl) => impl.validateRequest(nul, SIGNATURE, URL, p5())],
      ['validateRequest signature', (impl) => impl.validateRequest(TOKEN, `${SIGNATURE.slice(0, 27)}\0`, URL, p5())],
      ['validateRequest url', (impl) => impl.validateRequest(TOKEN, SIGNATURE, url, p5())],
      ['validateRequest host NUL', (impl) => impl.validateRequest(TOKEN, SIGNATURE, 'https://my\0company.com/', p5())],
      ['validateRequest params', (impl) => impl.validateRequest(TOKEN, SIGNATURE, URL, params)],
      ['validateRequest algorithm', (impl) => impl.validateRequest(TOKEN, SIGNATURE, URL, p5(), 'HMAC_SHA1\0')],
      [
        'validateRequest signed',
        (impl) => impl.validateRequest(nul, twilio.getExpectedTwilioSignature(nul, url, params), url, params),
      ],
      ['getExpectedTwilioSignature', (impl) => impl.getExpectedTwilioSignature(nul, url, params)],
      ['getExpectedBodyHash', (impl) => impl.getExpectedBodyHash('\0\0\0')],
      ['validateBody', (impl) => impl.validateBody('\0', twilio.getExpectedBodyHash('\0'))],
      ['validateBody hash', (impl) => impl.validateBody(BODY, `${'0'.repeat(63)}\0`)],
      ['validateRequestWithBody', (impl) => impl.validateRequestWithBody(nul, BODY_SIGNATURE, `${BODY_URL}\0`, '\0')],
      ['getSignatureAlgorithm', (impl) => impl.getSignatureAlgorithm('algorithm=\0')],
      ['validateIncomingRequest', (impl) => impl.validateIncomingRequest(fakeRequest({ originalUrl: '/\0?\0' }), nul)],
    ])
  })

  test('a high surrogate ending the URL and a low one starting the params', () => {
    // twilio hashes url + params as one JavaScript string, so the halves pair up.
    const url = 'https://e.com/\uD83D'
    const params = () => ({ '\uDE00': 'v' })
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params())
    expectAgreement([
      ['getExpectedTwilioSignature', (impl) => impl.getExpectedTwilioSignature(TOKEN, url, params())],
      ['validateRequest', (impl) => impl.validateRequest(TOKEN, signature, url, params())],
    ])
  })
})

describe('hostile parameter objects', () => {
  test('nesting, getters, proxies, symbols and bigints', () => {
    const nested = (depth, leaf) => {
      let value = leaf
      for (let i = 0; i < depth; i++) value = [value, `level${i}`]
      return value
    }
    const signedBy = (params) => twilio.getExpectedTwilioSignature(TOKEN, URL, params())
    const validate =
      (params, signature = FORGED) =>
      (impl) =>
        impl.validateRequest(TOKEN, signature, URL, params())
    const sign = (params) => (impl) => impl.getExpectedTwilioSignature(TOKEN, URL, params())
    const cases = []
    const add = (label, params, { signed = true } = {}) => {
      cases.push([`validateRequest forged, ${label}`, validate(params)])
      cases.push([`getExpectedTwilioSignature, ${label}`, sign(params)])
      if (signed) {
        const made = outcome(() => signedBy(params))
        if (!made.threw) cases.push([`validateRequest signed, ${label}`, validate(params, made.value)])
      }
    }

    add('1000-deep nested arrays', () => {
      let value = 'x'
      for (let i = 0; i < 1000; i++) value = [value]
      return { ...p5(), A: value }
    })
    add('1000-deep nested arrays with a Set-deduplicated leaf', () => {
      let value = ['b', 'a', 'b', 1, '1']
      for (let i = 0; i < 1000; i++) value = [value]
      return { A: value }
    })
    // Siblings at every level make sorting quadratic (each comparison stringifies a
    // whole subtree), so this shape stays shallower.
    add('200-deep nested arrays with siblings', () => ({ ...p5(), Deep: nested(200, 'leaf') }))
    add(
      'getter that throws',
      () => ({
        ...p5(),
        get Boom() {
          throw new Error('getter')
        },
      }),
      { signed: false },
    )
    add(
      'getter that throws a TypeError',
      () => ({
        get Boom() {
          throw new TypeError('getter')
        },
      }),
      { signed: false },
    )
    add('transparent Proxy', () => new Proxy(p5(), {}))
    add(
      'Proxy whose ownKeys trap throws',
      () =>
        new Proxy(p5(), {
          ownKeys() {
            throw new RangeError('ownKeys')
          },
        }),
      { signed: false },
    )
    add(
      'Proxy whose get trap throws',
      () =>
        new Proxy(p5(), {
          get() {
            throw new SyntaxError('get')
          },
        }),
      { signed: false },
    )
    add(
      'Proxy inventing keys',
      () =>
        new Proxy(
          {},
          {
            ownKeys: () => ['Z', 'A'],
            getOwnPropertyDescriptor: () => ({ value: 'v', enumerable: true, configurable: true }),
            get: (_, key) => `value-of-${String(key)}`,
          },
        ),
    )
    add(
      'revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable(p5(), {})
        revoke()
        return proxy
      },
      { signed: false },
    )
    add('Symbol value', () => ({ ...p5(), Sym: Symbol('v') }), { signed: false })
    add('Symbol inside an array value', () => ({ A: ['x', Symbol('v')] }), { signed: false })
    add('Symbol key (ignored)', () => ({ ...p5(), [Symbol('k')]: 'v' }))
    add('BigInt value', () => ({ ...p5(), Big: 123456789012345678901234567890n }))
    add('BigInt inside an array value', () => ({ A: [2n, 1n, 'b'] }))
    add('null and undefined values', () => ({ A: null, B: undefined, C: [undefined, null, 'c'] }))
    add(
      'value with throwing toString',
      () => ({
        A: {
          toString() {
            throw new EvalError('toString')
          },
        },
      }),
      { signed: false },
    )
    add('value with valueOf', () => ({ A: { valueOf: () => 42, toString: () => 'no' } }))
    add('null-prototype value', () => ({ A: Object.create(null) }), { signed: false })
    add('array with holes', () => ({ A: [, 'b', , 'a'] }))
    add('__proto__ own key', () => JSON.parse('{"__proto__": "p", "A": "1"}'))
    add('string as params', () => 'CallSid')
    add('number as params', () => 42)
    add('array as params', () => ['a', ['b', 'c']])
    add('function as params', () => Object.assign(() => {}, { A: '1' }))
    expectAgreement(cases)
  })

  test('stack-exhausting nesting is a RangeError in both, not a crash', () => {
    let value = 'x'
    for (let i = 0; i < 1e6; i++) value = [value]
    const params = () => ({ A: value })
    const theirs = outcome(() => twilio.getExpectedTwilioSignature(TOKEN, URL, params()))
    expect(theirs.threw && className(theirs.error)).toBe('RangeError')
    expectAgreement([
      ['validateRequest', (impl) => impl.validateRequest(TOKEN, FORGED, URL, params())],
      ['getExpectedTwilioSignature', (impl) => impl.getExpectedTwilioSignature(TOKEN, URL, params())],
    ])
  })
})

describe('large inputs', () => {
  test('a 10 MB URL', () => {
    const huge = `https://mycompany.com/path?q=${'a'.repeat(10 * 1024 * 1024)}`
    const hugeHost = `https://${'h'.repeat(10 * 1024 * 1024)}.com/`
    const hugeWeird = `https://e.com/?${"'%zz&=+".repeat((10 * 1024 * 1024) / 8)}`
    const signature = twilio.getExpectedTwilioSignature(TOKEN, huge, p5())
    expectAgreement([
      ['validateRequest signed', (impl) => impl.validateRequest(TOKEN, signature, huge, p5())],
      ['validateRequest forged', (impl) => impl.validateRequest(TOKEN, FORGED, huge, p5())],
      ['validateRequest huge host', (impl) => impl.validateRequest(TOKEN, FORGED, hugeHost, p5())],
      ['validateRequest huge legacy query', (impl) => impl.validateRequest(TOKEN, FORGED, hugeWeird, p5())],
      ['validateRequest huge signature', (impl) => impl.validateRequest(TOKEN, huge, URL, p5())],
      ['validateRequest huge token', (impl) => impl.validateRequest(huge, SIGNATURE, URL, p5())],
      ['getExpectedTwilioSignature', (impl) => impl.getExpectedTwilioSignature(TOKEN, huge, p5())],
    ])
  })

  test('100 000 params', () => {
    const many = () => {
      const params = {}
      for (let i = 0; i < 100000; i++) params[`Param${i}`] = `value ${i}`
      return params
    }
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL, many())
    expectAgreement([
      ['validateRequest signed', (impl) => impl.validateRequest(TOKEN, signature, URL, many())],
      ['validateRequest forged', (impl) => impl.validateRequest(TOKEN, FORGED, URL, many())],
      ['getExpectedTwilioSignature', (impl) => impl.getExpectedTwilioSignature(TOKEN, URL, many())],
    ])
  })

  test('a 50 MB body', () => {
    const body = 'x'.repeat(50 * 1024 * 1024)
    const buffer = Buffer.from(body)
    const hash = crypto.createHash('sha256').update(buffer).digest('hex')
    const url = `${URL}&bodySHA256=${hash}`
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {})
    expectAgreement([
      ['getExpectedBodyHash string', (impl) => impl.getExpectedBodyHash(body)],
      ['getExpectedBodyHash Buffer', (impl) => impl.getExpectedBodyHash(buffer)],
      ['validateBody', (impl) => impl.validateBody(buffer, hash)],
      [
        'validateBody wrong hash',
        (impl) =>
          impl.validateBody(
            body,
            hash.replace(/^./, (c) => (c === '0' ? '1' : '0')),
          ),
      ],
      ['validateRequestWithBody signed', (impl) => impl.validateRequestWithBody(TOKEN, signature, url, body)],
      ['validateRequestWithBody signed, Buffer', (impl) => impl.validateRequestWithBody(TOKEN, signature, url, buffer)],
      ['validateRequestWithBody forged', (impl) => impl.validateRequestWithBody(TOKEN, FORGED, url, body)],
      ['validateRequestWithBody body changed', (impl) => impl.validateRequestWithBody(TOKEN, signature, url, `${body}!`)],
    ])
  })
})

describe('the process survives', () => {
  test('the standard vector still validates after all of the above', () => {
    expect(ours.validateRequest(TOKEN, SIGNATURE, URL, p5())).toBe(true)
    expect(ours.validateRequest(TOKEN, FORGED, URL, p5())).toBe(false)
  })
})
