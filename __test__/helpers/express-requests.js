'use strict'
// Generator of fake Express-like request objects for the differential tests of
// validateIncomingRequest / validateExpressRequest.
//
// A case is a plain, printable "spec" (only strings / numbers / null /
// undefined / small objects).  buildCase(spec, twilio) turns it into fresh
// arguments (request, authToken, opts); it is called once per implementation,
// so nothing is shared between the reference and the implementation under test.
//
// Correct signatures are produced with twilio's own getExpectedTwilioSignature
// over the URL that twilio's validateIncomingRequest would build, which is
// reconstructed here with require('url').format.

const nodeUrl = require('url')
const crypto = require('crypto')
const util = require('util')

// ---------------------------------------------------------------------------
// Deterministic PRNG (mulberry32) so every run sees the same cases.
function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick(arr) {
      return arr[Math.floor(next() * arr.length)]
    },
    chance: (p) => next() < p,
  }
}

// ---------------------------------------------------------------------------
// Pools.  Index 0 of every pool is the "simplest" value, used by the shrinker.

const PROTOCOLS = [
  'https',
  'http',
  'https:',
  'http:',
  'HTTPS',
  'Https',
  'ftp',
  'foo',
  'wss',
  '',
  undefined,
  null,
  new String('https'),
]

// `undefined` means: the headers object has no host entry at all.
const HOSTS = [
  'mycompany.com',
  'mycompany.com:1234',
  'mycompany.com:443',
  'mycompany.com:80',
  'MyCompany.COM',
  'MYCOMPANY.com:8443',
  'localhost:3000',
  '127.0.0.1:8080',
  '[::1]:3000',
  'bücher.de',
  'user@mycompany.com',
  'exa mple.com',
  'host:99999',
  '',
  undefined,
  8080,
  ['mycompany.com', 'other.com'],
  'mycompany.com:',
  'MyCompany.com:0443',
  'HOST.COM:443',
  '[::1]',
  '[0:0:0:0:0:0:0:1]:8080',
  'user:pa ss@host.com',
  'host.com/evil',
  'host.com?x=1',
  'host.com#f',
  'ex%41mple.com',
  'mycompany.com.',
  'xn--bcher-kva.de',
  '0x7f.1',
  'h\tost.com',
  'mycompany.com:65536',
  '1.2.3.256',
]

// "{H}" is replaced by a body hash (see HASH_KINDS).
const ORIGINAL_URLS = [
  '/myapp.php?foo=1&bar=2',
  '/myapp.php',
  '/',
  '',
  'myapp.php?foo=1&bar=2',
  'myapp.php',
  '/a%3Fb?x=%3F',
  '/a%3fb?x=%3f',
  '/a%3Fb',
  '/a%3fb%3F',
  '/path?q=%3F%3f%3F',
  '/p?a=b?c',
  '/p?',
  '/p??',
  '/p#frag',
  '/p?x=1#frag',
  '/p#f?x=1',
  '/p?x=%23y',
  '/bodySHA256/x',
  '/x?bodySHA256={H}',
  '/x?foo=1&bodySHA256={H}',
  '/x?bodySHA256={H}&bodySHA256=abc',
  '/x?bodySHA256=',
  '/x?bodysha256={H}',
  'bodySHA256?x=1',
  '/café?ü=ö',
  '/emoji/😃?x=😃',
  '/p?name=William+O%27hara',
  "/p?name=William+O'hara",
  "/p?Body=It's+amazing",
  '/p?sip=sip%3A1%402.3.4.5',
  '/p?a=%zz&b=%C3%28',
  '/p?q=a b',
  '/p?q=a%20b+c',
  '/../x/./y',
  '/a/%2e%2E/b',
  '//double//slash',
  '/p\\q',
  '/p?a[]=1&a[]=2',
  '/p?tab=\t&nl=x',
  '/p?k=v&k=w&=x&y',
  '/%E2%82%AC?%E2%82%AC=1',
  '/p?a=1&a=2&b',
  '/p?%41=1&%7e=~',
  '/p;x=1',
  '/p?q=%E2%82',
  '/p?x=é&y=%C3%A9',
  "/p?name=O'Brien&x=a+b",
  '/p?a=<b>&c="d"',
  '/p?`{|}^',
  '/a b/c',
  '/p?\\x',
  '/p?x=1&x=1&bodySHA256',
]

const BODIES = [
  'P5',
  'empty',
  'undefined',
  'null',
  'string',
  'arrayBody',
  'P5arrays',
  'unicode',
  'numbers',
  'zero',
  'nested',
  'emptyArray',
]

function makeBody(kind) {
  switch (kind) {
    case 'P5':
      return {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+14158675309',
        Digits: '1234',
        From: '+14158675309',
        To: '+18005551212',
      }
    case 'empty':
      return {}
    case 'undefined':
      return undefined
    case 'null':
      return null
    case 'string':
      return 'a=1&b=2'
    case 'arrayBody':
      return ['b', 'a']
    case 'P5arrays':
      return {
        Sid: 'CA123',
        SidAccount: 'AC123',
        Digits: ['5678', '1234', '1234'],
        'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'],
      }
    case 'unicode':
      return { To: '+16515556677', From: '+16515556699', Body: 'hello áçčëñtš 😃', ключ: 'значение' }
    case 'numbers':
      return { a: 1, b: [10, 9, 1, '1'], c: true, d: null, e: undefined }
    case 'zero':
      return 0
    case 'nested':
      return { a: { b: '1' }, c: [['y', 'x'], 'b'] }
    case 'emptyArray':
      return { a: [], b: '' }
    default:
      throw new Error('unknown body kind ' + kind)
  }
}

const RAW_BODIES = [
  undefined,
  '{"property": "value", "boolean": true}',
  '{}',
  '',
  'x=1',
  Buffer.from('{"property": "value", "boolean": true}'),
  new Uint8Array(Buffer.from('{"a": "é"}')),
  [0x7b, 0x7d],
  { property: 'value' },
  42,
]

// How "{H}" in originalUrl / opts.url is filled.
const HASH_KINDS = ['right', 'rightOfEmptyObject', 'wrong', 'upper', 'empty']

const TOKENS = ['12345', '', 'tökén 😃', undefined, null, 42]

const HEADER_STYLES = [
  'express', // case-insensitive, like Express' req.header()
  'exact', // twilio's own spec style: function (name) { return this.headers[name]; }
  'lowercaseOnly', // only answers to the lower-case name (a badly written fake)
  'missing', // no header() at all
  'notAFunction', // header is a string
]

const SIG_KINDS = [
  'correct', // over the URL twilio builds, with the effective algorithm
  'correctNormalized', // over new URL(built).toString()
  'correctWithPort', // over the built URL with the default port inserted
  'correctOtherAlgorithm', // right URL, other HMAC
  'correctSiblingUrl', // a URL that differs by one character
  'correctOriginOnly', // over scheme://authority only (path and query dropped)
  'correctNoParams', // signed without the params
  'correctAsBuffer', // right bytes, returned as a Buffer
  'correctTrailingSpace',
  'correctLowercased',
  'forged',
  'empty',
  'missing',
  'zero',
  'number',
  'array',
]

// `undefined` = no opts argument at all; other entries are option objects.
const OPTS = [
  undefined,
  null,
  {},
  { url: 'https://mycompany.com/myapp.php?foo=1&bar=2' },
  { url: 'https://mycompany.com/x?bodySHA256={H}' },
  { url: '' },
  { url: undefined, host: 'mycompany.com', protocol: 'https' },
  { host: 'mycompany.com' },
  { host: '' },
  { host: 'MyCompany.com:8443' },
  { protocol: 'https' },
  { protocol: 'https:' },
  { protocol: '' },
  { protocol: 'HTTP' },
  { protocol: undefined, host: undefined },
  { url: 'not a url' },
  { url: 'https://mycompany.com:443/myapp.php' },
  { url: "https://example.com/path?name=William+O'hara" },
  // non-string url options (twilio only needs indexOf/slice on them)
  { url: ['https://mycompany.com/myapp.php?foo=1&bar=2'] },
  { url: ['https://mycompany.com/myapp.php?foo=1&bar=2', 'x'] },
  { url: new String('https://mycompany.com/myapp.php?foo=1&bar=2') },
  { url: Buffer.from('https://mycompany.com:8443/myapp.php?foo=1&bar=2') },
  { url: new URL('https://mycompany.com/myapp.php?foo=1&bar=2') },
  { url: 42 },
]

const ALGORITHMS = [undefined, 'HMAC_SHA1', 'HMAC_SHA256', 'hmac_sha256', 'Hmac_Sha1', '', null, 'HMAC_SHA512', 'MD5']

const SHAPES = [
  'normal',
  'noOriginalUrl',
  'originalUrlNumber',
  'noHeaders',
  'nullRequest',
  'protocolNumber',
  'originalUrlStringObject',
  'bodyMap',
]

// ---------------------------------------------------------------------------

function cloneOpts(o) {
  if (o === undefined || o === null) return o
  return { ...o }
}

function randomSpec(r) {
  const spec = {
    shape: r.chance(0.93) ? 'normal' : r.pick(SHAPES),
    protocol: r.pick(PROTOCOLS),
    host: r.pick(HOSTS),
    originalUrl: r.pick(ORIGINAL_URLS),
    body: r.pick(BODIES),
    rawBody: r.pick(RAW_BODIES),
    hashKind: r.chance(0.6) ? 'right' : r.pick(HASH_KINDS),
    token: r.chance(0.85) ? '12345' : r.pick(TOKENS),
    headerStyle: r.chance(0.75) ? r.pick(['express', 'exact']) : r.pick(HEADER_STYLES),
    sig: r.chance(0.45) ? 'correct' : r.pick(SIG_KINDS),
    opts: r.chance(0.45) ? undefined : cloneOpts(r.pick(OPTS)),
  }
  if (r.chance(0.35)) {
    const alg = r.pick(ALGORITHMS)
    if (spec.opts === undefined || spec.opts === null) spec.opts = {}
    spec.opts.algorithm = alg
  }
  return spec
}

// The URL twilio's validateIncomingRequest hashes, rebuilt independently with
// Node's legacy url.format.  Throws for shapes where twilio would throw.
function expectedWebhookUrl(request, opts) {
  const options = opts || {}
  if (options.url) return options.url
  const formatted = nodeUrl.format({
    protocol: options.protocol || request.protocol,
    host: options.host || request.headers.host,
    pathname: request.originalUrl,
  })
  return request.originalUrl.includes('?') ? formatted.split('%3F').join('?') : formatted
}

function isSupported(alg) {
  return !alg || ['HMAC_SHA1', 'HMAC_SHA256'].includes(String(alg).toUpperCase())
}

function insertDefaultPort(u) {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(u)
  if (!m) return u + ':443'
  return m[1] + m[2] + (m[1].toLowerCase() === 'https://' ? ':443' : ':80') + m[3]
}

function fillHash(str, spec) {
  if (typeof str !== 'string' || !str.includes('{H}')) return str
  let right
  try {
    right = crypto
      .createHash('sha256')
      .update(Buffer.from(spec.rawBody || '{}', 'utf-8'))
      .digest('hex')
  } catch (_e) {
    right = crypto.createHash('sha256').update('{}').digest('hex')
  }
  const ofEmpty = crypto.createHash('sha256').update('{}').digest('hex')
  const h = {
    right,
    rightOfEmptyObject: ofEmpty,
    wrong: right.slice(0, -1) + (right.endsWith('0') ? '1' : '0'),
    upper: right.toUpperCase(),
    empty: '',
  }[spec.hashKind]
  return str.split('{H}').join(h)
}

// Build fresh (request, authToken, opts) from a spec.  `twilio` is the
// reference module, used only for getExpectedTwilioSignature.
function buildCase(spec, twilio) {
  const opts = cloneOpts(spec.opts)
  if (opts && typeof opts.url === 'string') opts.url = fillHash(opts.url, spec)

  const originalUrl = fillHash(spec.originalUrl, spec)
  const headers = {}
  if (spec.host !== undefined) headers.host = spec.host

  const request = {
    protocol: spec.protocol,
    headers,
    originalUrl,
    body: makeBody(spec.body),
  }
  if (spec.rawBody !== undefined) request.rawBody = spec.rawBody

  // Compute the signature the header will carry.
  let signature
  let url
  try {
    url = expectedWebhookUrl(request, opts)
  } catch (_e) {
    url = 'https://mycompany.com/fallback'
  }
  const alg = opts && opts.algorithm
  const algForSigning = isSupported(alg) ? alg || undefined : undefined
  const bodyMode = typeof url === 'string' && url.indexOf('bodySHA256') > 0
  const params = bodyMode ? {} : request.body || {}
  const sign = (u, p, a) => {
    try {
      return twilio.getExpectedTwilioSignature(
        spec.token === undefined || spec.token === null ? '12345' : String(spec.token),
        u,
        p,
        a,
      )
    } catch (_e) {
      return 'unsignable'
    }
  }
  switch (spec.sig) {
    case 'correct':
      signature = sign(url, params, algForSigning)
      break
    case 'correctNormalized': {
      let n
      try {
        n = new URL(url).toString()
      } catch (_e) {
        n = url
      }
      signature = sign(n, params, algForSigning)
      break
    }
    case 'correctWithPort':
      signature = sign(insertDefaultPort(url), params, algForSigning)
      break
    case 'correctOtherAlgorithm':
      signature = sign(
        url,
        params,
        algForSigning && String(algForSigning).toUpperCase() === 'HMAC_SHA256' ? 'HMAC_SHA1' : 'HMAC_SHA256',
      )
      break
    case 'correctSiblingUrl':
      signature = sign(url + 'x', params, algForSigning)
      break
    case 'correctOriginOnly': {
      const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(String(url))
      signature = sign(m ? m[1] : String(url), params, algForSigning)
      break
    }
    case 'correctNoParams':
      signature = sign(url, {}, algForSigning)
      break
    case 'correctAsBuffer':
      signature = Buffer.from(sign(url, params, algForSigning))
      break
    case 'correctTrailingSpace':
      signature = sign(url, params, algForSigning) + ' '
      break
    case 'correctLowercased':
      signature = sign(url, params, algForSigning).toLowerCase()
      break
    case 'forged':
      signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='
      break
    case 'empty':
      signature = ''
      break
    case 'missing':
      signature = undefined
      break
    case 'zero':
      signature = 0
      break
    case 'number':
      signature = 12345
      break
    case 'array':
      signature = ['a', 'b']
      break
    default:
      throw new Error('unknown sig kind ' + spec.sig)
  }

  switch (spec.headerStyle) {
    case 'express':
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      request.header = function header(name) {
        return this.headers[String(name).toLowerCase()]
      }
      break
    case 'exact':
      if (signature !== undefined) headers['X-Twilio-Signature'] = signature
      request.header = function header(name) {
        return this.headers[name]
      }
      break
    case 'lowercaseOnly':
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      request.header = function header(name) {
        return this.headers[name]
      }
      break
    case 'missing':
      break
    case 'notAFunction':
      request.header = 'X-Twilio-Signature'
      break
    default:
      throw new Error('unknown header style ' + spec.headerStyle)
  }

  let req = request
  switch (spec.shape) {
    case 'normal':
      break
    case 'noOriginalUrl':
      delete request.originalUrl
      break
    case 'originalUrlNumber':
      request.originalUrl = 42
      break
    case 'noHeaders':
      delete request.headers
      request.header = function header() {
        return signature
      }
      break
    case 'nullRequest':
      req = null
      break
    case 'protocolNumber':
      request.protocol = 443
      break
    case 'originalUrlStringObject':
      request.originalUrl = new String(originalUrl)
      break
    case 'bodyMap':
      request.body = new Map(Object.entries(request.body || {}))
      break
    default:
      throw new Error('unknown shape ' + spec.shape)
  }

  return { request: req, authToken: spec.token, opts, hasOptsArg: spec.opts !== undefined }
}

// Fields the shrinker simplifies, with the simple values it tries, in order.
const SHRINK = {
  shape: ['normal'],
  protocol: ['https'],
  host: ['mycompany.com'],
  originalUrl: ['/myapp.php?foo=1&bar=2', '/p'],
  body: ['P5', 'empty'],
  rawBody: [undefined],
  hashKind: ['right'],
  token: ['12345'],
  headerStyle: ['express'],
  sig: ['correct', 'forged'],
  opts: [undefined, {}],
}

// Greedy shrink: keep replacing fields by simpler values while `stillFails` holds.
function shrink(spec, stillFails) {
  let cur = { ...spec }
  let changed = true
  while (changed) {
    changed = false
    for (const [field, simple] of Object.entries(SHRINK)) {
      // Only move towards the front of the list, so the loop terminates.
      const same = (v) => (field === 'opts' ? util.isDeepStrictEqual(cur.opts, v) : cur[field] === v)
      const at = simple.findIndex(same)
      for (const v of at === -1 ? simple : simple.slice(0, at)) {
        const cand = { ...cur, [field]: field === 'opts' ? cloneOpts(v) : v }
        if (stillFails(cand)) {
          cur = cand
          changed = true
          break
        }
      }
    }
    // Drop option keys one by one.
    if (cur.opts && typeof cur.opts === 'object') {
      for (const k of Object.keys(cur.opts)) {
        const o = { ...cur.opts }
        delete o[k]
        const cand = { ...cur, opts: o }
        if (stillFails(cand)) {
          cur = cand
          changed = true
        }
      }
    }
  }
  return cur
}

module.exports = {
  rng,
  randomSpec,
  buildCase,
  shrink,
  expectedWebhookUrl,
  PROTOCOLS,
  HOSTS,
  ORIGINAL_URLS,
  BODIES,
  RAW_BODIES,
  HASH_KINDS,
  SIG_KINDS,
  HEADER_STYLES,
  OPTS,
  ALGORITHMS,
  SHAPES,
  TOKENS,
}
