'use strict'

// validateRequest(authToken, signature, url, params, algorithm?): ours vs twilio@6.3.1

const crypto = require('crypto')
const g = require('../helpers/gen')
const {
  ours,
  twilio,
  OURS_IS_TWILIO,
  runGenerated,
  runFixed,
  callExport,
  capture,
  compareOutcomes,
  describeOutcome,
} = require('../helpers/compare')

const NAME = 'validateRequest'
const call = callExport(NAME)

// The signature twilio computes over one URL form (used to build headers
// that are right for one of the candidates twilio tries).
function signer(token, params) {
  return (urlForm, algorithm) => twilio.getExpectedTwilioSignature(token, urlForm, params, algorithm)
}

function withAlgorithm(draw, args, algorithm) {
  const shape = draw.int(10)
  if (shape < 3 && algorithm === undefined) return args
  if (shape === 9) return [...args, algorithm, 'extra']
  return [...args, algorithm]
}

function count(stats, prefix) {
  return Object.entries(stats)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((a, [, v]) => a + v, 0)
}

function simpleParams(draw) {
  return draw.weighted([
    [30, () => ({ ...g.P5 })],
    [25, () => ({})],
    [35, () => g.genParamsObject(draw, { count: draw.range(1, 6), allowThrowing: false })],
    [5, null],
    [5, () => ({ Body: "It's", Digits: ['2', '1', '2'] })],
  ])
}

describe(NAME, () => {
  test('random tokens, signatures, URLs, params and algorithms', () => {
    const { total, stats } = runGenerated({
      label: 'validate/random',
      n: g.scaled(4000),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.chance(0.03) ? g.genWeirdUrl(draw) : g.genUrl(draw)
        const token = g.genToken(draw)
        const params = g.genParams(draw, url)
        const algorithm = g.genAlgorithm(draw)
        const signature = g.genSignature(draw, url, algorithm, signer(token, params))
        return withAlgorithm(draw, [token, signature, url, params], algorithm)
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(total * 0.1)
    if (g.FULL_RUN) expect(count(stats, 'false')).toBeGreaterThan(total * 0.1)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_URL')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_ARG_TYPE')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(count(stats, 'false +console')).toBeGreaterThan(0)
  })

  test('URL candidates: raw ± port, WHATWG-normalised ± port, legacy querystring forms', () => {
    const { total, stats } = runGenerated({
      label: 'validate/urls',
      n: g.scaled(5000),
      callName: NAME,
      call,
      generate(draw) {
        const hash = g.sha256Hex(Buffer.from(g.genString(draw, 4)))
        const url = draw.chance(0.1)
          ? g.genUrl(draw, { queryExtra: [`bodySHA256=${draw.chance(0.8) ? hash : hash.toUpperCase()}`] })
          : g.genUrl(draw)
        const token = draw.chance(0.7) ? '12345' : g.genString(draw, 16)
        const params = simpleParams(draw)
        const algorithm = draw.pick([undefined, undefined, 'HMAC_SHA1', 'HMAC_SHA256', 'hmac_sha256'])
        const sign = signer(token, params)
        const forms = g.candidateForms(url)
        const signature = draw.weighted([
          [
            80,
            () => {
              try {
                return sign(draw.pick(forms), algorithm)
              } catch (_e) {
                return 'invalid'
              }
            },
          ],
          [20, () => g.genSignature(draw, url, algorithm, sign)],
        ])
        return withAlgorithm(draw, [token, signature, url, params], algorithm)
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(total * 0.3)
    if (g.FULL_RUN) expect(count(stats, 'false')).toBeGreaterThan(total * 0.1)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_URL')).toBeGreaterThan(0)
  })

  test('signature header types: falsy, Buffer, arrays, numbers, objects', () => {
    const urls = [
      'https://mycompany.com/myapp.php?foo=1&bar=2',
      'http://mycompany.com:1234/myapp.php?foo=1&bar=2',
      "https://example.com/path?name=William+O'hara",
      'https://ex ample.com/raw-only',
      'not a url',
    ]
    runGenerated({
      label: 'validate/headers',
      n: g.scaled(2000),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.pick(urls)
        const token = draw.pick(['12345', '', Buffer.from('k')])
        const params = draw.pick([{}, { ...g.P5 }])
        const algorithm = draw.pick([undefined, 'HMAC_SHA256', 'MD5'])
        return [token, g.genSignature(draw, url, algorithm, signer(token, params)), url, params, algorithm]
      },
    })
  })

  test('token and params types (errors must match in class and code)', () => {
    runGenerated({
      label: 'validate/types',
      n: g.scaled(2000),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.weighted([
          [5, () => g.genUrl(draw)],
          [
            2,
            () =>
              draw.pick([
                'https://e.com/?bodySHA256=abc',
                'https://e.com/bodySHA256/x',
                'https://bodySHA256.e.com/',
                'https://e.com/#bodySHA256',
              ]),
          ],
          [1, () => g.genWeirdUrl(draw)],
        ])
        const token = g.genToken(draw)
        const params = draw.weighted([
          [3, null],
          [2, undefined],
          [4, () => g.genParams(draw, url)],
          [1, () => 'ab'],
          [1, () => ['x', 'y']],
          [1, 3],
          [1, () => new Map([['a', 'b']])],
        ])
        const algorithm = g.genAlgorithm(draw)
        const signature = g.genSignature(draw, url, algorithm, signer(token, params))
        return withAlgorithm(draw, [token, signature, url, params], algorithm)
      },
    })
  })

  test('algorithms: supported spellings, unsupported names (console.warn), non-strings', () => {
    const { stats } = runGenerated({
      label: 'validate/algorithms',
      n: g.scaled(1500),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.pick(['https://mycompany.com/myapp.php?foo=1&bar=2', 'https://e.com/', 'bad url', g.genUrl(draw)])
        const algorithm = draw.weighted([
          [3, () => draw.pick(g.SUPPORTED_ALGORITHMS)],
          [3, () => draw.pick(g.UNSUPPORTED_ALGORITHMS)],
          [3, () => g.genAlgorithm(draw)],
          [1, () => g.genString(draw, 10)],
        ])
        const token = draw.chance(0.8) ? '12345' : g.genToken(draw)
        const params = draw.chance(0.8) ? { ...g.P5 } : g.genParams(draw, url)
        const signature = g.genSignature(draw, url, algorithm, signer(token, params))
        return [token, signature, url, params, algorithm]
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'false +console')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(0)
  })

  test('lone surrogates split across the URL / params boundary (JS joins them into one pair)', () => {
    const { total, stats } = runGenerated({
      label: 'validate/surrogate-join',
      n: g.scaled(600),
      callName: NAME,
      call,
      generate(draw) {
        const high = String.fromCharCode(0xd800 + draw.int(0x400))
        const low = String.fromCharCode(0xdc00 + draw.int(0x400))
        const url = g.genUrl(draw, { clean: draw.chance(0.7) }) + (draw.chance(0.85) ? high : '')
        const params = {}
        const first = draw.pick(['', low, low + 'k', ''])
        params[first] = first === '' ? draw.pick([low, low + 'v', [low, 'z'], ['', low]]) : g.genString(draw, 4)
        if (draw.chance(0.5)) params['~' + g.genString(draw, 3)] = g.genString(draw, 4)
        const token = draw.chance(0.8) ? '12345' : g.genString(draw, 8)
        const algorithm = draw.pick([undefined, 'HMAC_SHA256'])
        const forms = g.candidateForms(url)
        let signature
        try {
          signature = twilio.getExpectedTwilioSignature(token, draw.pick(forms), params, algorithm)
        } catch (_e) {
          signature = 'x'
        }
        return [token, signature, url, params, algorithm]
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(total * 0.2)
  })

  test('every candidate form of hand-picked tricky URLs (legacy querystring, maxKeys, fragments, ports)', () => {
    const extra = [
      'https://example.com/?' + Array.from({ length: 1001 }, (_, i) => 'k' + i + '=' + i).join('&') + '&bodySHA256=x',
      'https://example.com/?' + '&'.repeat(998) + 'a=1&b=2',
      'https://example.com/?' + '&'.repeat(1000) + 'a=1',
      'https://example.com/?%61=1&a=2&__proto__=x&constructor=y&a[]=1&a[b]=2',
      'https://example.com/?4294967294=a&4294967295=b&01=c&1=d&-1=e&1.5=f&0=g',
      "https://example.com/?q=It's+a%20test&r=%27&s=%2B&t=+&u=~&v=%7E&w=%7e&x=%2f",
      'https://example.com/?a=%&b=%2&c=%%41&d=%41%&e=%E2%82&f=%C3%28&g=%ED%A0%80&h=%F0%9F%98%80',
      'https://example.com/?a=1#frag?b=2&c=3',
      'https://example.com/?#',
      'https://example.com/?a#b',
      'https://example.com/?a=b#',
      'https://example.com/p?=&=&=',
      'https://example.com/p?a=%F0%9F%98&b=%80',
      'https://example.com/p?sip=sip%3A1%402.3.4.5&sip=sip:1@2.3.4.5',
      'https://example.com:8443/p?x=\u00e9&y=\u{1f600}&z=\ud800',
      'wss://example.com/p?x=1',
      'ftp://example.com/p?x=1',
      "foo://example.com/p?x=1&y='",
      'HTTPS://Example.COM:443/P?X=1',
    ]
    const cases = []
    for (const url of [...g.HANDPICKED_URLS, ...extra]) {
      for (const form of g.candidateForms(url)) {
        for (const params of [{}, { ...g.P5 }]) {
          const signature = twilio.getExpectedTwilioSignature('12345', form, params)
          cases.push(['12345', signature, url, params])
        }
      }
    }
    runFixed({ label: 'validate/candidate-forms', cases, call, callName: NAME })
  })

  test('URL-like non-strings (Buffer, Uint8Array, arrays, String objects) signed over their string forms', () => {
    const makers = [
      (u) => Buffer.from(u),
      (u) => new Uint8Array(Buffer.from(u)),
      (u) => Array.from(Buffer.from(u)),
      (u) => [u],
      (u) => [u, 'x'],
      (u) => new String(u),
      (u) => ({ toString: () => u }),
      (u) => new URL(u),
    ]
    const urls = ['https://e.com/x?a=1', 'https://e.com:443/x', 'http://E.com:8080/x', 'https://e.com', "https://e.com/?q='"]
    const cases = []
    for (const u of urls) {
      for (const make of makers) {
        const asString = String(make(u))
        const forms = [...g.candidateForms(u), ...g.candidateForms(asString), asString]
        for (const params of [{}, { a: 'b' }]) {
          for (const form of forms) {
            const signature = twilio.getExpectedTwilioSignature('12345', form, params)
            cases.push(() => ['12345', signature, make(u), params])
          }
          let raw
          try {
            raw = crypto
              .createHmac('sha1', '12345')
              .update(Buffer.from(make(u), 'utf-8'))
              .digest('base64')
          } catch (_e) {
            raw = 'x'
          }
          cases.push(() => ['12345', raw, make(u), params])
          cases.push(() => ['12345', raw, make(u), params, 'MD5'])
        }
      }
    }
    runFixed({ label: 'validate/url-like', cases, call, callName: NAME })
    runFixed({
      label: 'signature/url-like',
      cases: cases.map((c) => () => {
        const a = c()
        return [a[0], a[2], a[3], a[4]]
      }),
      call: callExport('getExpectedTwilioSignature'),
      callName: 'getExpectedTwilioSignature',
    })
    runFixed({
      label: 'with-body/url-like',
      cases: cases.map((c) => () => {
        const a = c()
        return [a[0], a[1], a[2], '{}', a[4]]
      }),
      call: callExport('validateRequestWithBody'),
      callName: 'validateRequestWithBody',
    })
  })

  test('large inputs: long URLs, many params, long values', () => {
    const longPath = 'https://example.com/' + 'a/'.repeat(5000) + '?q=' + 'x'.repeat(20000)
    const many = {}
    for (let i = 0; i < 3000; i++) many['k' + ((i * 7919) % 3001)] = i % 3 ? String(i) : [String(i), i, 'z']
    const big = { v: '\u{1f600}'.repeat(50000), w: Array.from({ length: 2000 }, (_, i) => String(i % 500)) }
    const cases = []
    for (const [url, params] of [
      [longPath, {}],
      ['https://example.com/', many],
      ['https://example.com/?a=1', big],
      [longPath, many],
    ]) {
      const signature = twilio.getExpectedTwilioSignature('12345', url, params)
      cases.push(['12345', signature, url, params], ['12345', signature, url, params, 'HMAC_SHA256'], ['12345', 'x', url, params])
      const normalised = twilio.getExpectedTwilioSignature('12345', new URL(url).href, params, 'HMAC_SHA256')
      cases.push(['12345', normalised, url, params, 'HMAC_SHA256'])
    }
    runFixed({ label: 'validate/large', cases, call, callName: NAME })
    runFixed({
      label: 'signature/large',
      cases: cases.map((c) => [c[0], c[2], c[3], c[4]]),
      call: callExport('getExpectedTwilioSignature'),
      callName: 'getExpectedTwilioSignature',
    })
  })

  test('hand-written edge cases (spec §1.4, §1.11, §5.2, §5.3)', () => {
    const sig = (token, url, params, alg) => twilio.getExpectedTwilioSignature(token, url, params, alg)
    const U = 'https://mycompany.com/myapp.php?foo=1&bar=2'
    const P5 = g.P5
    const sigU = sig('12345', U, P5)
    const raw = [
      // [signed-over URL, URL passed, params]
      ["https://example.com/path?name=William+O'hara", "https://example.com/path?name=William+O'hara", {}],
      ["https://example.com:443/path?name=William+O'hara", "https://example.com/path?name=William+O'hara", {}],
      ["https://example.com/path?name=William%20O'hara", "https://example.com/path?name=William+O'hara", {}],
      ['https://example.com/path?name=William+O%27hara', "https://example.com/path?name=William+O'hara", {}],
      ['https://MyCompany.com/myapp.php?foo=1&bar=2', 'https://MyCompany.com/myapp.php?foo=1&bar=2', P5],
      ['https://mycompany.com/myapp.php?foo=1&bar=2', 'https://MyCompany.com/myapp.php?foo=1&bar=2', P5],
      ['https://mycompany.com/webhook/Espa%C3%B1a?a%C3%B1o=2023', 'https://mycompany.com/webhook/España?año=2023', P5],
      ['https://ex ample.com/', 'https://ex ample.com/', {}],
      ['https://ex ample.com:443/', 'https://ex ample.com/', {}],
      ['https://e.com/', 'https://ex ample.com/', {}],
      ['x.com', 'x.com', {}],
      ['', '', {}],
      ['https://e.com/?a=1#f?g', 'https://e.com/?a=1#f?g', {}],
      ['https://e.com/#f?g=', 'https://e.com/?a=1#f?g', {}],
      ['https://e.com/?a=1%23f%3Fg', 'https://e.com/?a=1#f?g', {}],
      ['https://e.com:443/?a=1%23f%3Fg', 'https://e.com/?a=1#f?g', {}],
      ['https://e.com:443/?a=%27', "https://e.com/?a='", {}],
      ["https://e.com:443/?a='", "https://e.com/?a='", {}],
      ['wss://h.com:80/x?y=', 'wss://h.com/x?y', {}],
      ['wss://h.com/x?y=', 'wss://h.com/x?y', {}],
      ['mailto://x', 'mailto:x', {}],
      ['mailto:x', 'mailto:x', {}],
      ['https://h.com:443', 'https://h.com?', {}],
      ['https://h.com:443/', 'https://h.com?', {}],
      ['https://h.com/?', 'https://h.com?', {}],
      ['https://h.com:443/?', 'https://h.com?', {}],
      ['https://h.com/', 'https://h.com:443', {}],
      ['https://h.com', 'https://h.com:443', {}],
      ['https://h.com:/p', 'https://h.com:/p', {}],
      ['https://h.com/p', 'https://h.com:/p', {}],
      ['https://h.com:443/p', 'https://h.com:/p', {}],
      ['http://h.com:443/p', 'http://h.com:443/p', {}],
      ['http://h.com/p', 'http://h.com:443/p', {}],
      ['http://h.com:80/p', 'http://h.com:443/p', {}],
      ['https://[::1]:443/', 'https://[::1]/', {}],
      ['https://[::1]/', 'https://[0:0:0:0:0:0:0:1]/', {}],
      ['https://u:p%40ss@h.com/', 'https://u:p@ss@h.com/', {}],
      ['https://u:p@ss@h.com:443/', 'https://u:p@ss@h.com/', {}],
      ['https://u:p@ss:443@h.com/', 'https://u:p@ss@h.com/', {}],
      ['https://example.com/?b=2&a=1&10=x&2=y', 'https://example.com/?b=2&a=1&10=x&2=y', {}],
      ['https://example.com/?2=y&10=x&b=2&a=1', 'https://example.com/?b=2&a=1&10=x&2=y', {}],
      ['https://example.com/?a=%25zz&b=%EF%BF%BD(&c=A', 'https://example.com/?a=%zz&b=%C3%28&c=%41', {}],
      ['https://example.com/?a=%EF%BF%BD%EF%BF%BD%EF%BF%BD', 'https://example.com/?a=%ED%A0%80', {}],
      ['https://example.com/?t=~&u=~', 'https://example.com/?t=~&u=%7E', {}],
      ['https://example.com/?', 'https://example.com/?&&', {}],
      ['https://example.com/?key=&=x', 'https://example.com/?key&=x', {}],
      ['https://example.com/?a=%3Db', 'https://example.com/?a==b', {}],
      ['https://h.com/bodySHA256/p', 'https://h.com/bodySHA256/p', null],
      ['https://h.com/p', 'https://h.com/p', null],
      ['https://h.com/p', 'https://h.com/p', undefined],
      ['https://h.com/p', '\thttps://h.com/p', {}],
      ['\thttps://h.com/p', '\thttps://h.com/p', {}],
      ['https://h.com/p', 'https://h.com/p ', {}],
      ['https://h.com/a%20b', 'https://h.com/a b', {}],
      ['https://h.com/a b', 'https://h.com/a b', {}],
      ['https://h.com/|^%7B%7D%60', 'https://h.com/|^{}`', {}],
      ['https://h.com/x', 'https://h.com/a/../x', {}],
      ['https://h.com/x', 'https://h.com/a/%2e%2E/x', {}],
      ['https://h.com/a/b', 'https://h.com\\a\\b', {}],
      ['https://h.com/a/b', 'https:h.com/a/b', {}],
      ['https://xn--bcher-kva.de/', 'https://bücher.de/', {}],
      ['https://127.0.0.1/', 'https://0x7f.1/', {}],
      ['https://example.com/', 'https://ex%41mple.com/', {}],
      // Windows drive letters only matter for file: URLs
      ['https://h.com/', 'https://h.com/C:/..', {}],
      ['https://h.com/x', 'https://h.com/C:/../x', {}],
      ['http://h.com/', 'http://h.com/c|/%2e%2e/', {}],
      ['https://h.com/C:/', 'https://h.com/C:/.', {}],
      ['file:///C:/', 'file:///C:/..', {}],
      // non-special URLs: empty path after "..", "\" after a port
      ['foo://h', 'foo://h/..', {}],
      ['foo://h:80', 'foo://h/%2e%2E', {}],
      ['foo://h/', 'foo://h/a/..', {}],
      ['foo://h:1\\x', 'foo://h:1\\x', {}],
      ['foo://h:1/x', 'foo://h:1\\x', {}],
      ['foo://h', 'foo://h:\\', {}],
      // IDNA: bidi rule and code points newer than Node's tables
      ['http://xn--a-zmc.com/', 'http://a\u0627.com/', {}],
      ['http://xn--1-0hc.com/', 'http://1\u05d0.com/', {}],
      ['http://xn--mgb.0d/', 'http://\u0627.0d/', {}],
      ['http://xn--l-hld/', 'http://l\u0871/', {}],
      ['http://x/', 'http://\u{134d9}/', {}],
      ['http://x/', 'http://\u{1918d}/', {}],
      ['http://x/', 'http://\ufbcb/', {}],
      ['http://x/', 'http://\u{32cbe}/', {}],
      // unbalanced IPv6 bracket: raw candidates only
      ['http://[/x', 'http://[::1:80/x', {}],
      // a lone high surrogate ending the URL pairs with a lone low surrogate starting the params
      ['http://h.com/?k=\ud800', 'http://h.com/?k=\ud800', { '': '\udf06' }],
      ['http://h.com/?k=\ud800', 'http://h.com:80/?k=\ud800', { '': '\udf06' }],
      ['http://h.com/?k=\ud800', 'http://h.com/?k=\ud800', { '\udc00': 'x' }],
      ['http://h.com/?k=\ud800', 'http://h.com/?k=\ud800', { '': ['\udc00', 'a'] }],
      ['http://a b/\ud800', 'http://a b/\ud800', { '': '\udf06' }],
      ['http://h.com/?k=%EF%BF%BD', 'http://h.com/?k=\ud800', { '': '\udf06' }],
    ]
    const cases = []
    for (const [signed, passed, params] of raw) {
      for (const alg of [undefined, 'HMAC_SHA256']) {
        let s
        try {
          s = sig('12345', signed, params, alg)
        } catch (_e) {
          s = 'x'
        }
        cases.push(['12345', s, passed, params, alg])
      }
    }
    cases.push(
      ['12345', sigU, U, P5],
      ['12345', sigU, U, P5, 'HMAC_SHA1'],
      ['12345', sigU, U, P5, 'MD5'],
      ['12345', sigU, U, P5, ''],
      ['12345', sigU, U, P5, null],
      ['12345', sigU, U, P5, 0],
      ['12345', sigU, U, P5, 1],
      ['12345', sigU, U, P5, {}],
      ['12345', sigU, 'not a url', P5, 'MD5'],
      () => ['12345', sigU, U, P5, Symbol('x')],
      () => ['12345', sigU, U, P5, new String('HMAC_SHA1')],
      () => ['12345', sigU, U, P5, new String('MD5')],
      () => ['12345', sigU, U, P5, { toUpperCase: () => 'MD5', toString: () => 'custom' }],
      ['12345', undefined, U, P5],
      ['12345', null, U, P5],
      ['12345', '', U, P5],
      ['12345', 0, U, P5],
      ['12345', false, U, P5],
      ['12345', NaN, U, P5],
      ['12345', 0n, U, P5],
      ['12345', 1, U, P5],
      ['12345', {}, U, P5],
      ['12345', true, U, P5],
      () => ['12345', Symbol('s'), U, P5],
      () => ['12345', Buffer.from(sigU), U, P5],
      () => ['12345', new Uint8Array(Buffer.from(sigU)), U, P5],
      () => ['12345', Array.from(Buffer.from(sigU)), U, P5],
      () => ['12345', { type: 'Buffer', data: Array.from(Buffer.from(sigU)) }, U, P5],
      () => ['12345', new String(sigU), U, P5],
      () => ['12345', [sigU], U, P5],
      () => ['12345', { length: 28 }, U, P5],
      ['12345', sigU + ', ' + sigU, U, P5],
      ['12345', ' ' + sigU, U, P5],
      ['12345', sigU.toLowerCase(), U, P5],
      [undefined, sigU, U, P5],
      [null, sigU, U, P5],
      [12345, sigU, U, P5],
      [{}, sigU, U, P5],
      [undefined, sigU, U, P5, 'MD5'],
      [undefined, sigU, 'not a url', P5],
      ['12345', sigU, U, null],
      ['12345', sigU, U, undefined],
      [undefined, sigU, U, null],
      ['12345', sigU, undefined, P5],
      ['12345', sigU, null, P5],
      ['12345', sigU, 42, P5],
      () => ['12345', sigU, new URL(U), P5],
      () => ['12345', sigU, new String(U), P5],
      () => ['12345', sigU, [U], P5],
      () => ['12345', sigU, { toString: () => U }, P5],
      () => ['12345', sigU, U, { ...P5, bad: Symbol('s') }],
      () => ['12345', sigU, U, { ...P5, bad: Object.create(null) }],
      () => [Buffer.from('12345'), sigU, U, P5],
      () => [crypto.createSecretKey(Buffer.from('12345')), sigU, U, P5],
    )
    // validateRequestWithBody parses first, then validateRequest warns before touching the URL
    const withBody = [
      () => ['12345', 'x', new URL('https://e.com/'), '{}', 'MD5'],
      () => ['12345', 'x', new URL('https://e.com/'), '{}'],
      () => ['12345', 'x', new String('https://e.com/'), '{}', 'MD5'],
      () => ['12345', 'x', ['https://e.com/'], '{}', 'MD5'],
      () => ['12345', 'x', { toString: () => 'https://e.com/' }, '{}', 'MD5'],
      ['12345', 'x', 'bad url', '{}', 'MD5'],
      [undefined, 'x', 'https://e.com/', '{}', 'MD5'],
    ]
    runFixed({
      label: 'validate/with-body-args',
      cases: withBody,
      call: callExport('validateRequestWithBody'),
      callName: 'validateRequestWithBody',
    })
    runFixed({ label: 'validate/fixed', cases, call, callName: NAME })
  })

  // twilio reads params[key] once per candidate URL it tries (up to 6 times); ours reads
  // each value once. This is listed in README "Known limits of the parity". The checks
  // below are strict; the two that observe the difference are marked test.failing so
  // that they report the known disagreement without failing the run, and turn red the
  // day the behaviour matches twilio (then make them plain tests).
  const U = 'https://mycompany.com/myapp.php?foo=1&bar=2'
  const getterScenarios = [
    ['https://mycompany.com/myapp.php?foo=1&bar=2', U],
    ['https://mycompany.com:443/myapp.php?foo=1&bar=2', U],
    ['https://mycompany.com/myapp.php?foo=1&bar=2', 'https://MyCompany.com/myapp.php?foo=1&bar=2'],
    ['https://mycompany.com/p?q=a%20b', 'https://mycompany.com/p?q=a+b'],
    ['https://mycompany.com/p?q=%27', "https://mycompany.com/p?q='"],
    ['nothing matches', U],
    ['nothing matches', 'not a url'],
  ]

  function getterRun(impl, signedOver, url, log) {
    const params = {}
    Object.defineProperty(params, 'Watched', {
      enumerable: true,
      get() {
        log.push('get')
        return 'v'
      },
    })
    params.Plain = 'p'
    const signature = twilio.getExpectedTwilioSignature('12345', signedOver, { Plain: 'p', Watched: 'v' })
    return capture(() => impl.validateRequest('12345', signature, url, params))
  }

  test('params with (stable) getters: same outcome as twilio', () => {
    const problems = []
    for (const [signedOver, url] of getterScenarios) {
      const o = getterRun(ours, signedOver, url, [])
      const t = getterRun(twilio, signedOver, url, [])
      const reason = compareOutcomes(o, t)
      if (reason)
        problems.push(
          `url=${g.render(url)} signedOver=${g.render(signedOver)}: ${reason}; ours ${describeOutcome(o)}; twilio ${describeOutcome(t)}`,
        )
    }
    expect(problems).toEqual([])
  })

  const knownLimit = OURS_IS_TWILIO ? test.skip : test.failing

  knownLimit('KNOWN LIMIT (README): params getters run as many times as in twilio (once per candidate tried)', () => {
    const problems = []
    for (const [signedOver, url] of getterScenarios) {
      const ourLog = []
      const twLog = []
      getterRun(ours, signedOver, url, ourLog)
      getterRun(twilio, signedOver, url, twLog)
      if (ourLog.length !== twLog.length) {
        problems.push(
          `url=${g.render(url)} signedOver=${g.render(signedOver)}: getter calls ours=${ourLog.length} twilio=${twLog.length}`,
        )
      }
    }
    expect(problems).toEqual([])
  })

  knownLimit('KNOWN LIMIT (README): a getter answering differently per read sees the same candidates as in twilio', () => {
    // First read gives "a", later reads "b"; the signature is over the :443 form with "b".
    // twilio: candidate 1 (no port) reads "a" -> no match; candidate 2 (:443) reads "b" -> true.
    const run = (impl) => {
      let reads = 0
      const params = Object.defineProperty({}, 'k', {
        enumerable: true,
        get() {
          reads++
          return reads === 1 ? 'a' : 'b'
        },
      })
      const signature = twilio.getExpectedTwilioSignature('12345', 'https://e.com:443/', { k: 'b' })
      return capture(() => impl.validateRequest('12345', signature, 'https://e.com/', params))
    }
    const o = run(ours)
    const t = run(twilio)
    expect(t.value).toBe(true)
    expect([compareOutcomes(o, t), describeOutcome(o)]).toEqual([null, describeOutcome(t)])
  })
})
