'use strict'

// getExpectedTwilioSignature(authToken, url, params, algorithm?): ours vs twilio@6.3.1

const g = require('../helpers/gen')
const { runGenerated, runFixed, callExport } = require('../helpers/compare')

const NAME = 'getExpectedTwilioSignature'
const call = callExport(NAME)

// Call shapes: with the algorithm argument omitted, explicitly passed, or with
// an extra trailing argument.
function withAlgorithm(draw, args, algorithm) {
  const shape = draw.int(10)
  if (shape < 3 && algorithm === undefined) return args
  if (shape === 9) return [...args, algorithm, 'extra']
  return [...args, algorithm]
}

function outcomeCount(stats, prefix) {
  return Object.entries(stats)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((a, [, v]) => a + v, 0)
}

describe(NAME, () => {
  test('random tokens, URLs, params and algorithms', () => {
    const { total, stats } = runGenerated({
      label: 'signature/random',
      n: g.scaled(4000),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.chance(0.04) ? g.genWeirdUrl(draw) : g.genUrl(draw)
        const token = g.genToken(draw)
        const params = g.genParams(draw, url)
        return withAlgorithm(draw, [token, url, params], g.genAlgorithm(draw))
      },
    })
    // the generated inputs must mostly produce signatures, but also reach the error paths
    if (g.FULL_RUN) expect(outcomeCount(stats, 'returned string')).toBeGreaterThan(total * 0.5)
    if (g.FULL_RUN) expect(outcomeCount(stats, 'throw TypeError ERR_INVALID_ARG_TYPE')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(outcomeCount(stats, 'throw TypeError')).toBeGreaterThan(outcomeCount(stats, 'throw TypeError ERR'))
    if (g.FULL_RUN) expect(outcomeCount(stats, 'throw Error')).toBeGreaterThan(0)
  })

  test('key ordering: UTF-16 code unit sort of keys with astral / U+E000-U+FFFF / lone surrogates', () => {
    runGenerated({
      label: 'signature/key-order',
      n: g.scaled(2500),
      callName: NAME,
      call,
      generate(draw) {
        const count = draw.range(2, 14)
        const params = g.genParamsObject(draw, { count, valueGen: (r) => g.genString(r, 6) })
        const algorithm = draw.pick([undefined, 'HMAC_SHA1', 'HMAC_SHA256'])
        return withAlgorithm(draw, [draw.chance(0.8) ? '12345' : g.genString(draw, 10), g.genUrl(draw), params], algorithm)
      },
    })
  })

  test('value coercion: arrays (dedupe, sort, holes, nesting), numbers, objects, BigInt, throwing values', () => {
    const { stats } = runGenerated({
      label: 'signature/values',
      n: g.scaled(3000),
      callName: NAME,
      call,
      generate(draw) {
        const params = {}
        const n = draw.range(1, 3)
        for (const k of g.genKeys(draw, n)) {
          Object.defineProperty(params, k, {
            value: draw.chance(0.6) ? g.genArray(draw, 3, true) : g.genValue(draw, 3, true),
            enumerable: true,
            writable: true,
            configurable: true,
          })
        }
        return withAlgorithm(draw, ['12345', 'https://example.com/x', params], draw.pick([undefined, 'HMAC_SHA256']))
      },
    })
    if (g.FULL_RUN) expect(outcomeCount(stats, 'returned string')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(outcomeCount(stats, 'throw TypeError')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(outcomeCount(stats, 'throw CustomError')).toBeGreaterThan(0)
  })

  test('argument types: token, url, params, algorithm (errors must match in class and code)', () => {
    runGenerated({
      label: 'signature/types',
      n: g.scaled(1500),
      callName: NAME,
      call,
      generate(draw) {
        const url = draw.weighted([
          [3, () => g.genWeirdUrl(draw)],
          [5, () => g.genUrl(draw)],
          [2, () => draw.pick(['https://e.com/?bodySHA256=x', 'bodySHA256', 'https://e.com/bodysha256', ''])],
        ])
        const params = draw.weighted([
          [3, null],
          [2, undefined],
          [3, () => g.genParams(draw, url)],
          [1, () => 'ab'],
          [1, () => [1, 2]],
          [1, 7],
        ])
        return withAlgorithm(draw, [g.genToken(draw), url, params], g.genAlgorithm(draw))
      },
    })
  })

  test('hand-written edge cases (spec §1.2, §1.3, §5.1)', () => {
    const U = 'https://mycompany.com/myapp.php?foo=1&bar=2'
    const cases = [
      ['12345', U, g.P5],
      ['12345', U, g.P5, 'HMAC_SHA256'],
      ['12345', U, {}, undefined],
      ['12345', U, { B: '1', _: '2', a: '3' }],
      ['12345', U, { 10: 'x', 9: 'y', '': 'e', '01': 'z' }],
      ['12345', U, { '\u{1f600}': 'astral', '\uff5e': 'halfwidth', '\ue000': 'private' }],
      ['12345', U, { 'a\u{1f600}': 1, 'a\uff5e': 2, 'a\uffff': 3, 'a\ud800': 4 }],
      ['12345', U, { a: ['1', 1, '1', 1, NaN, NaN, 0, -0] }],
      ['12345', U, { a: [10, 9, 1, 100] }],
      ['12345', U, { a: [['y', 'x'], 'b', ['a']] }],
      ['12345', U, { a: [] }],
      () => ['12345', U, { a: [, 'b', undefined, null, 'a'] }],
      ['12345', U, { a: 1e21, b: -0, c: 0.1 + 0.2, d: 1e-7, e: NaN, f: Infinity }],
      ['12345', U, { a: 10n, b: true, c: null, d: undefined }],
      () => ['12345', U, { a: { valueOf: () => 'v', toString: () => 't' } }],
      () => [
        '12345',
        U,
        {
          a: [
            { valueOf: () => '2', toString: () => 'x' },
            { valueOf: () => '1', toString: () => 'x' },
          ],
        },
      ],
      () => [
        '12345',
        U,
        {
          a: [
            { valueOf: () => 'b', toString: () => 'a' },
            { valueOf: () => 'a', toString: () => 'b' },
          ],
        },
      ],
      () => ['12345', U, { a: Symbol('s') }],
      () => ['12345', U, { a: [Symbol('s')] }],
      () => ['12345', U, { a: ['x', Symbol('s')] }],
      () => ['12345', U, { a: Object.create(null) }],
      () => ['12345', U, { a: [Object.create(null), 'b'] }],
      () => ['12345', U, { a: new Date(0) }],
      () => ['12345', U, { a: new Uint8Array([3, 1, 2]) }],
      () => ['12345', U, { a: new Set(['b', 'a']) }],
      () => ['12345', U, { a: require('vm').runInNewContext('["b", "a"]') }],
      () => ['12345', U, require('vm').runInNewContext('["b", "a"]')],
      ['12345', U, 'ab'],
      ['12345', U, ['b', 'a']],
      ['12345', U, 42],
      () => ['12345', U, new Map([['a', '1']])],
      () => ['12345', U, new URLSearchParams('a=1')],
      ['12345', U, null],
      ['12345', U, undefined],
      ['12345', U + '&bodySHA256=abc', null],
      ['12345', 'https://e.com/bodySHA256', null],
      ['12345', 'https://e.com/bodysha256', null],
      ['12345', 'https://e.com/', null, 'MD5'],
      ['12345', U + '&bodySHA256=abc', undefined],
      ['12345', 'relative/path?x', {}],
      ['12345', '', {}],
      ['12345', 'https://exa mple.com/\ud800', { k: '\udc00' }],
      ['12345', 'https://e.com/\ud800', { '': '\udc00' }],
      ['12345', 'https://e.com/\ud800', { '\udc00': 'x' }],
      ['12345', 'https://e.com/\ud800', { '': ['\udc00', 'a'] }],
      ['12345', 'https://e.com/\ud800', { a: '\ud800', b: '\udc00' }],
      ['12345', 'https://e.com/', { '\ud800': '\udc00' }],
      ['', U, {}],
      ['t\u00f8ken\u{1f600}\ud800', U, {}],
      () => [Buffer.from('12345'), U, g.P5],
      () => [new Uint8Array([49, 50, 51, 52, 53]), U, g.P5],
      () => [require('crypto').createSecretKey(Buffer.from('12345')), U, g.P5],
      [undefined, U, {}],
      [null, U, {}],
      [12345, U, {}],
      [{}, U, {}],
      [undefined, U, null],
      [undefined, 42, {}],
      ['12345', 42, {}],
      ['12345', undefined, {}],
      () => ['12345', new URL(U), {}],
      () => ['12345', new String(U), { a: 'b' }],
      ['12345', ['https://e.com/'], {}],
      ['12345', U, {}, ''],
      ['12345', U, {}, null],
      ['12345', U, {}, 0],
      ['12345', U, {}, 'hmac_sha256'],
      ['12345', U, {}, 'Hmac_Sha1'],
      ['12345', U, {}, 'HMAC_\u017fHA1'],
      ['12345', U, {}, 'MD5'],
      ['12345', U, {}, 'sha1'],
      ['12345', U, {}, 1],
      ['12345', U, {}, {}],
      () => ['12345', U, {}, new String('HMAC_SHA256')],
      () => ['12345', U, {}, { toUpperCase: () => 'HMAC_SHA256' }],
      () => ['12345', U, {}, Symbol('a')],
      [undefined, undefined, undefined, 'MD5'],
      [undefined, undefined, undefined, undefined],
      () => [
        '12345',
        U,
        Object.defineProperty({}, 'g', {
          get() {
            throw new g.CustomError('getter')
          },
          enumerable: true,
        }),
      ],
      () => [undefined, U, { a: Symbol('first') }],
    ]
    runFixed({ label: 'signature/fixed', cases, call, callName: NAME })
  })
})
