'use strict'
// Differential tests: validateIncomingRequest / validateExpressRequest of our
// package against twilio@6.3.1's webhooks module, over generated fake
// Express-like request objects.  Results, thrown errors (class + code) and
// console.warn / console.error calls must be identical.
//
// OURS=twilio runs the harness against twilio itself (for debugging).

const util = require('util')
const fc = require('fast-check')
const { loadTwilio, loadOurs, describeError, TOKEN, U_SIG, p5 } = require('../helpers/express-target')
const gen = require('../helpers/express')
const { assertProperty, FULL_RUN, scaled } = require('../helpers/gen/run')

const twilio = loadTwilio()
const ours = loadOurs()

let warnSpy
let errorSpy
beforeAll(() => {
  warnSpy = jest.spyOn(console, 'warn').mockImplementation(() => {})
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(() => {
  warnSpy.mockRestore()
  errorSpy.mockRestore()
})

// Printable copy of the data parts of a value (functions / Buffers described).
function snapshot(v) {
  return util.inspect(v, { depth: 10, showHidden: false, sorted: true })
}

function invoke(mod, fnName, spec) {
  const c = gen.buildCase(spec, twilio)
  const before = snapshot([c.request, c.opts])
  warnSpy.mockClear()
  errorSpy.mockClear()
  const out = {}
  try {
    const args = c.hasOptsArg ? [c.request, c.authToken, c.opts] : [c.request, c.authToken]
    out.returned = mod[fnName](...args)
  } catch (e) {
    out.threw = describeError(e)
    out.message = e && e.message
  }
  // Array.from, not slice(): under Node 26 a recorded call's argument array can, once per run,
  // have another realm's Array.prototype than the next one, and isDeepStrictEqual compares
  // prototypes (seen as one "console.warn [msg] vs [msg]" case in 10368 on 26.12.1).
  out.warn = warnSpy.mock.calls.map((a) => Array.from(a))
  out.error = errorSpy.mock.calls.map((a) => Array.from(a))
  out.mutatedInputs = snapshot([c.request, c.opts]) !== before
  return out
}

// null when the outcomes agree, otherwise a short description of why not.
function disagreement(ref, got) {
  if ('threw' in ref || 'threw' in got) {
    if (!('threw' in ref)) return `twilio returned ${ref.returned}, ours threw ${util.inspect(got.threw)} (${got.message})`
    if (!('threw' in got))
      return `twilio threw ${util.inspect(ref.threw)} (${ref.message}), ours returned ${util.inspect(got.returned)}`
    if (ref.threw.class !== got.threw.class)
      return `error class ${ref.threw.class} vs ${got.threw.class} (${ref.message} | ${got.message})`
    if (ref.threw.code !== undefined && ref.threw.code !== got.threw.code) {
      return `error code ${ref.threw.code} vs ${got.threw.code}`
    }
  } else if (ref.returned !== got.returned) {
    return `returned ${util.inspect(ref.returned)} vs ${util.inspect(got.returned)}`
  }
  if (!util.isDeepStrictEqual(ref.warn, got.warn)) return `console.warn ${util.inspect(ref.warn)} vs ${util.inspect(got.warn)}`
  if (!util.isDeepStrictEqual(ref.error, got.error))
    return `console.error ${util.inspect(ref.error)} vs ${util.inspect(got.error)}`
  if (ref.mutatedInputs !== got.mutatedInputs) return `inputs mutated: twilio ${ref.mutatedInputs}, ours ${got.mutatedInputs}`
  return null
}

function compareSpec(fnName, spec) {
  const ref = invoke(twilio, fnName, spec)
  const got = invoke(ours, fnName, spec)
  return { ref, got, why: disagreement(ref, got) }
}

function newStats() {
  return { cases: 0, trueResults: 0, falseResults: 0, throws: 0, warns: 0 }
}

function tally(stats, ref) {
  stats.cases++
  if ('threw' in ref) stats.throws++
  else if (ref.returned === true) stats.trueResults++
  else stats.falseResults++
  if (ref.warn.length) stats.warns++
}

function describeSpec(spec, why) {
  const built = gen.buildCase(spec, twilio)
  return (
    `spec ${util.inspect(spec, { sorted: true })}\n  request ${util.inspect(built.request)}\n` +
    `  authToken ${util.inspect(built.authToken)} opts ${util.inspect(built.opts)}\n  => ${why}`
  )
}

// Runs enumerated specs, returns stats; fails listing the first specs that differ.
function runAll(fnName, specs) {
  const stats = newStats()
  const failures = []
  for (const spec of specs) {
    const { ref, why } = compareSpec(fnName, spec)
    tally(stats, ref)
    if (why) failures.push(describeSpec(spec, why))
  }
  if (failures.length) {
    throw new Error(
      `${fnName}: ${failures.length}/${specs.length} cases disagree with twilio:\n\n` + failures.slice(0, 12).join('\n\n'),
    )
  }
  return stats
}

// n specs from fast-check; fails with the first differing spec, shrunk.
function runGenerated(fnName, label, n) {
  const stats = newStats()
  const property = fc.property(gen.specArb, (spec) => {
    const { ref, why } = compareSpec(fnName, spec)
    tally(stats, ref)
    if (why) throw new Error(`${fnName} disagrees with twilio:\n${describeSpec(spec, why)}`)
  })
  assertProperty(label, property, n)
  return stats
}

// ---------------------------------------------------------------------------

describe('fixed cases (twilio spec style)', () => {
  const request = (extra = {}) => ({
    protocol: 'https:',
    headers: { host: 'mycompany.com', 'X-Twilio-Signature': U_SIG },
    header(name) {
      return this.headers[name]
    },
    originalUrl: '/myapp.php?foo=1&bar=2',
    body: p5(),
    ...extra,
  })

  test('standard vector validates, tampered URL does not, in both', () => {
    for (const mod of [twilio, ours]) {
      expect(mod.validateIncomingRequest(request(), TOKEN)).toBe(true)
      expect(mod.validateExpressRequest(request(), TOKEN)).toBe(true)
      expect(mod.validateIncomingRequest(request({ originalUrl: '/myapp.php?foo=1&bar=2&x=1' }), TOKEN)).toBe(false)
      expect(mod.validateIncomingRequest(request(), 'wrong')).toBe(false)
      // host/protocol overrides
      expect(
        mod.validateIncomingRequest(
          request({ protocol: 'http', headers: { host: 'other.com', 'X-Twilio-Signature': U_SIG } }),
          TOKEN,
          { host: 'mycompany.com', protocol: 'https' },
        ),
      ).toBe(true)
      // url override beats everything
      expect(
        mod.validateIncomingRequest(request({ protocol: 'ftp', originalUrl: '/nothing' }), TOKEN, {
          url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
        }),
      ).toBe(true)
    }
  })

  test('bodySHA256 vector (spec §2 row 15) with rawBody', () => {
    const body = '{"property": "value", "boolean": true}'
    const bh = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    const mk = (hash) =>
      request({
        headers: { host: 'mycompany.com', 'X-Twilio-Signature': 'a9nBmqA0ju/hNViExpshrM61xv4=' },
        originalUrl: `/myapp.php?foo=1&bar=2&bodySHA256=${hash}`,
        rawBody: body,
        body: JSON.parse(body),
      })
    for (const mod of [twilio, ours]) {
      expect(mod.validateIncomingRequest(mk(bh), TOKEN)).toBe(true)
      expect(mod.validateIncomingRequest(mk(bh.slice(0, -1)), TOKEN)).toBe(false)
    }
  })

  test('SharedKey: HMAC_SHA256 option', () => {
    const mk = () =>
      request({
        headers: { host: 'mycompany.com', 'X-Twilio-Signature': 'x' },
      })
    for (const mod of [twilio, ours]) {
      const r = mk()
      r.headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
        'secret',
        'https://mycompany.com/myapp.php?foo=1&bar=2',
        p5(),
        'HMAC_SHA256',
      )
      expect(mod.validateIncomingRequest(r, 'secret', { algorithm: 'HMAC_SHA256' })).toBe(true)
      expect(mod.validateIncomingRequest(r, 'secret')).toBe(false)
      expect(mod.validateIncomingRequest(r, 'secret', { algorithm: 'HMAC_SHA1' })).toBe(false)
    }
  })
})

describe('wrong shapes and argument types', () => {
  const specs = []
  const base = {
    shape: 'normal',
    protocol: 'https',
    host: 'mycompany.com',
    originalUrl: '/myapp.php?foo=1&bar=2',
    body: 'P5',
    rawBody: undefined,
    hashKind: 'right',
    token: '12345',
    headerStyle: 'express',
    sig: 'correct',
    opts: undefined,
  }
  for (const shape of gen.SHAPES) {
    for (const headerStyle of gen.HEADER_STYLES) {
      for (const opts of [
        undefined,
        null,
        {},
        { url: 'https://mycompany.com/myapp.php?foo=1&bar=2' },
        { host: 'mycompany.com' },
      ]) {
        for (const token of gen.TOKENS) {
          for (const sig of ['correct', 'missing', 'zero', 'number', 'array', 'correctAsBuffer']) {
            specs.push({ ...base, shape, headerStyle, opts, token, sig })
          }
        }
      }
    }
  }

  test(`validateIncomingRequest: ${specs.length} shape/type cases`, () => {
    const stats = runAll('validateIncomingRequest', specs)
    expect(stats.cases).toBe(specs.length)
    // the generator really reaches the throwing and the validating paths
    expect(stats.throws).toBeGreaterThan(specs.length / 4)
    expect(stats.trueResults).toBeGreaterThan(50)
  })
})

describe('grid: protocol x host x originalUrl (P5 body)', () => {
  const specs = []
  // Signature over the URL twilio builds, for every protocol; also over its
  // WHATWG-normalised form and with the default port, for the common protocols.
  const sigsFor = (protocol) =>
    ['https', 'http', 'https:', 'HTTPS'].includes(protocol) ? ['correct', 'correctNormalized', 'correctWithPort'] : ['correct']
  for (const protocol of gen.PROTOCOLS) {
    for (const host of gen.HOSTS) {
      for (const originalUrl of gen.ORIGINAL_URLS) {
        for (const sig of sigsFor(protocol)) {
          specs.push({
            shape: 'normal',
            protocol,
            host,
            originalUrl,
            body: 'P5',
            rawBody: originalUrl.includes('bodySHA256') ? '{"property": "value", "boolean": true}' : undefined,
            hashKind: 'right',
            token: '12345',
            headerStyle: 'express',
            sig,
            opts: undefined,
          })
        }
      }
    }
  }

  test(`validateIncomingRequest: ${specs.length} cases`, () => {
    const stats = runAll('validateIncomingRequest', specs)
    expect(stats.trueResults).toBeGreaterThan(specs.length / 5)
    expect(stats.throws).toBeGreaterThan(0)
    expect(stats.falseResults).toBeGreaterThan(0)
  })
})

describe('grid: options x algorithm x signature kind', () => {
  const specs = []
  for (const opts of gen.OPTS) {
    for (const algorithm of gen.ALGORITHMS) {
      for (const sig of gen.SIG_KINDS) {
        for (const originalUrl of ['/myapp.php?foo=1&bar=2', '/x?bodySHA256={H}', "/p?Body=It's+amazing"]) {
          let o = opts === undefined || opts === null ? opts : { ...opts }
          if (algorithm !== undefined) o = { ...(o || {}), algorithm }
          specs.push({
            shape: 'normal',
            protocol: 'https',
            host: 'mycompany.com',
            originalUrl,
            body: 'P5',
            rawBody: '{"property": "value", "boolean": true}',
            hashKind: 'right',
            token: '12345',
            headerStyle: 'exact',
            sig,
            opts: o,
          })
        }
      }
    }
  }

  test(`validateIncomingRequest: ${specs.length} cases`, () => {
    const stats = runAll('validateIncomingRequest', specs)
    expect(stats.trueResults).toBeGreaterThan(100)
    expect(stats.warns).toBeGreaterThan(0) // unsupported algorithm warnings were compared
  })
})

describe('grid: JSON webhooks (bodySHA256) x rawBody x hash', () => {
  const specs = []
  for (const originalUrl of [
    '/x?bodySHA256={H}',
    '/x?foo=1&bodySHA256={H}',
    '/bodySHA256/x',
    '/x?bodySHA256={H}&bodySHA256=abc',
    '/x?a=%3F&bodySHA256={H}',
  ]) {
    for (const rawBody of gen.RAW_BODIES) {
      for (const hashKind of gen.HASH_KINDS) {
        for (const sig of ['correct', 'forged', 'correctWithPort', 'correctNormalized', 'missing']) {
          for (const opts of [undefined, { algorithm: 'HMAC_SHA256' }, { protocol: 'http', host: 'MyCompany.com:1234' }]) {
            for (const body of ['P5', 'undefined']) {
              specs.push({
                shape: 'normal',
                protocol: 'https',
                host: 'mycompany.com',
                originalUrl,
                body,
                rawBody,
                hashKind,
                token: '12345',
                headerStyle: 'express',
                sig,
                opts: opts && { ...opts },
              })
            }
          }
        }
      }
    }
  }

  test(`validateIncomingRequest: ${specs.length} cases`, () => {
    const stats = runAll('validateIncomingRequest', specs)
    expect(stats.trueResults).toBeGreaterThan(200)
    expect(stats.throws).toBeGreaterThan(0) // rawBody an object / number
  })
})

describe('random requests', () => {
  test(`validateIncomingRequest: ${scaled(6000)} random cases`, () => {
    const stats = runGenerated('validateIncomingRequest', 'express/incoming', 6000)
    if (!FULL_RUN) return
    expect(stats.cases).toBe(scaled(6000))
    expect(stats.trueResults).toBeGreaterThan(500)
    expect(stats.falseResults).toBeGreaterThan(500)
    expect(stats.throws).toBeGreaterThan(50)
    expect(stats.warns).toBeGreaterThan(10)
  })

  test(`validateExpressRequest: ${scaled(2000)} random cases`, () => {
    const stats = runGenerated('validateExpressRequest', 'express/express', 2000)
    if (!FULL_RUN) return
    expect(stats.cases).toBe(scaled(2000))
    expect(stats.trueResults).toBeGreaterThan(150)
    expect(stats.throws).toBeGreaterThan(10)
  })
})

describe('harness self-check', () => {
  test('the comparison detects a different implementation', () => {
    // A fake "ours" that ignores the port candidates must be caught.
    const fake = {
      validateIncomingRequest: (req, token, opts) => {
        const v = twilio.validateIncomingRequest(req, token, opts)
        return req && req.headers && req.headers.host === 'mycompany.com:1234' ? !v : v
      },
    }
    const spec = {
      shape: 'normal',
      protocol: 'https',
      host: 'mycompany.com:1234',
      originalUrl: '/myapp.php?foo=1&bar=2',
      body: 'P5',
      rawBody: undefined,
      hashKind: 'right',
      token: '12345',
      headerStyle: 'express',
      sig: 'correct',
      opts: undefined,
    }
    const ref = invoke(twilio, 'validateIncomingRequest', spec)
    const got = invoke(fake, 'validateIncomingRequest', spec)
    expect(ref.returned).toBe(true)
    expect(disagreement(ref, got)).toMatch(/returned/)
    // and an error-class difference
    expect(
      disagreement(
        { threw: { class: 'TypeError', code: 'ERR_INVALID_URL' }, warn: [], error: [] },
        { threw: { class: 'Error' }, warn: [], error: [] },
      ),
    ).toMatch(/class/)
    expect(
      disagreement(
        { threw: { class: 'TypeError', code: 'ERR_INVALID_URL' }, warn: [], error: [] },
        { threw: { class: 'TypeError' }, warn: [], error: [] },
      ),
    ).toMatch(/code/)
    expect(disagreement({ returned: false, warn: [['x']], error: [] }, { returned: false, warn: [], error: [] })).toMatch(/warn/)
  })
})
