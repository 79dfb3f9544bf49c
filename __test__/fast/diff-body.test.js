'use strict'

// getExpectedBodyHash(body), validateBody(body, bodyHash),
// validateRequestWithBody(authToken, signature, url, body, algorithm?): ours vs twilio@6.3.1

const g = require('../helpers/gen')
const { twilio, runGenerated, runFixed, callExport } = require('../helpers/compare')

function count(stats, prefix) {
  return Object.entries(stats)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((a, [, v]) => a + v, 0)
}

function twilioBodyHash(body) {
  try {
    return twilio.getExpectedBodyHash(body)
  } catch (_e) {
    return null
  }
}

// Query pairs carrying a body hash, in the forms a URL may hold it.
function bodyHashPairs(draw, hash) {
  const h = hash || g.sha256Hex(Buffer.from('unrelated'))
  const other = g.sha256Hex(Buffer.from(g.genString(draw, 3)))
  return draw.weighted([
    [40, () => [`bodySHA256=${h}`]],
    [6, () => [`bodySHA256=${h.toUpperCase()}`]],
    [5, () => [`bodySHA256=${other}`]],
    [5, () => [`bodySHA256=${h}`, `bodySHA256=${other}`]],
    [5, () => [`bodySHA256=${other}`, `bodySHA256=${h}`]],
    [3, () => ['bodySHA256=']],
    [3, () => ['bodySHA256']],
    [3, () => [`bodySHA256=${h.slice(0, 10)}+${h.slice(10)}`]],
    [3, () => [`bodySHA256=${h.replace(/a/g, '%61')}`]],
    [3, () => [`bodySHA%32%35%36=${h}`]],
    [2, () => [`BODYSHA256=${h}`]],
    [2, () => [`bodySHA256=${h}%20`]],
    [2, () => [`body%53HA256=${h}`]],
    [8, () => []],
  ])
}

function genBodyUrl(draw, hash) {
  const pairs = bodyHashPairs(draw, hash)
  let url = g.genUrl(draw, { queryExtra: pairs, clean: draw.chance(0.7) })
  if (draw.chance(0.04)) url = url.replace('?', '#')
  if (draw.chance(0.03)) url = url.replace('bodySHA256', 'bodySHA256/x?y')
  return url
}

describe('getExpectedBodyHash', () => {
  test('random bodies: strings (incl. lone surrogates), Buffers, byte arrays, wrong types', () => {
    const { stats } = runGenerated({
      label: 'body/hash',
      n: g.scaled(4000),
      callName: 'getExpectedBodyHash',
      call: callExport('getExpectedBodyHash'),
      generate: (draw) => (draw.chance(0.05) ? [] : [g.genBody(draw)]),
    })
    if (g.FULL_RUN) expect(count(stats, 'returned string')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_ARG_TYPE')).toBeGreaterThan(0)
  })

  test('fixed bodies', () => {
    const cases = [
      ['{"property": "value", "boolean": true}'],
      ['{}'],
      [''],
      ['\ud800'],
      ['a\udc00\ud800b'],
      ['\u{1f600}'],
      () => [Buffer.from('{}')],
      () => [Buffer.alloc(0)],
      [[123, 125]],
      [[256, -1, 1.5, 'x', null]],
      () => [new Uint8Array([123, 125])],
      () => [new Uint16Array([0x7b7b])],
      () => [new Uint8Array([123, 125]).buffer],
      () => [new String('{}')],
      [{ type: 'Buffer', data: [123, 125] }],
      [{ length: 2, 0: 123, 1: 125 }],
      [undefined],
      [null],
      [0],
      [42],
      [true],
      [{}],
      () => [Symbol('b')],
      [10n],
      [],
      () => [{ valueOf: () => '{}' }],
      () => [new DataView(new ArrayBuffer(2))],
    ]
    runFixed({ label: 'body/hash-fixed', cases, call: callExport('getExpectedBodyHash'), callName: 'getExpectedBodyHash' })
  })
})

describe('validateBody', () => {
  test('random bodies and hashes (lower/upper case, wrong, Buffers, arrays, wrong types)', () => {
    const { total, stats } = runGenerated({
      label: 'body/validate',
      n: g.scaled(4000),
      callName: 'validateBody',
      call: callExport('validateBody'),
      generate(draw) {
        const body = g.genBody(draw)
        const hash = g.genBodyHash(draw, twilioBodyHash(body))
        return draw.chance(0.03) ? [body] : [body, hash]
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(total * 0.2)
    if (g.FULL_RUN) expect(count(stats, 'false')).toBeGreaterThan(total * 0.1)
  })

  test('fixed cases', () => {
    const H = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    const B = '{"property": "value", "boolean": true}'
    const cases = [
      [B, H],
      [B, H.toUpperCase()],
      [B, H + ' '],
      [B, ''],
      [B, undefined],
      [B, null],
      [B, 0],
      [B, 1],
      [B, {}],
      () => [B, Buffer.from(H)],
      () => [B, Array.from(Buffer.from(H))],
      () => [B, new String(H)],
      [B, [H]],
      () => [B, Symbol('h')],
      [undefined, H],
      [undefined, undefined],
      [42, H],
      [{}, undefined],
      () => [Buffer.from(B), H],
      [Array.from(Buffer.from(B)), H],
      [B],
    ]
    runFixed({ label: 'body/validate-fixed', cases, call: callExport('validateBody'), callName: 'validateBody' })
  })
})

describe('validateRequestWithBody', () => {
  const call = callExport('validateRequestWithBody')

  test('random URLs carrying bodySHA256, bodies, signatures and algorithms', () => {
    const { total, stats } = runGenerated({
      label: 'body/with-body',
      n: g.scaled(4000),
      callName: 'validateRequestWithBody',
      call,
      generate(draw) {
        const body = g.genBody(draw)
        const hash = twilioBodyHash(body)
        const url = draw.chance(0.03) ? g.genWeirdUrl(draw) : genBodyUrl(draw, hash)
        const token = draw.chance(0.85) ? draw.pick(['12345', g.genString(draw, 12)]) : g.genToken(draw)
        const algorithm = draw.chance(0.85) ? draw.pick([undefined, undefined, 'HMAC_SHA1', 'HMAC_SHA256']) : g.genAlgorithm(draw)
        const sign = (form, alg) => twilio.getExpectedTwilioSignature(token, form, {}, alg)
        const signature = draw.chance(0.75)
          ? (() => {
              try {
                return sign(draw.pick(g.candidateForms(url)), g.hashNameOf(algorithm) ? algorithm : undefined)
              } catch (_e) {
                return 'x'
              }
            })()
          : g.genSignature(draw, url, algorithm, sign)
        const args = [token, signature, url, body]
        if (algorithm !== undefined || draw.chance(0.5)) args.push(algorithm)
        return args
      },
    })
    if (g.FULL_RUN) expect(count(stats, 'true')).toBeGreaterThan(total * 0.15)
    if (g.FULL_RUN) expect(count(stats, 'false')).toBeGreaterThan(total * 0.15)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_URL')).toBeGreaterThan(0)
    if (g.FULL_RUN) expect(count(stats, 'throw TypeError ERR_INVALID_ARG_TYPE')).toBeGreaterThan(0)
  })

  test('vector-based cases with altered bodies, hashes and URLs', () => {
    const H = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    const H0 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    const B = '{"property": "value", "boolean": true}'
    const U = `https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=${H}`
    const sig = (url, alg) => twilio.getExpectedTwilioSignature('12345', url, {}, alg)
    const s = sig(U)
    const cases = [
      ['12345', s, U, B],
      ['12345', s, U, B, 'HMAC_SHA1'],
      ['12345', sig(U, 'HMAC_SHA256'), U, B, 'HMAC_SHA256'],
      ['12345', s, U, B, 'MD5'],
      ['12345', s, U, B, 1],
      ['12345', s, U, B + ' '],
      ['12345', s, U, undefined],
      ['12345', 'wrong', U, undefined],
      ['12345', s, U, 42],
      ['12345', s, U, {}],
      () => ['12345', s, U, Buffer.from(B)],
      ['12345', s, U, Array.from(Buffer.from(B))],
      ['12345', s, U, null],
      ['12345', s, 'not a url', B],
      ['12345', sig('not a url'), 'not a url', B],
      [undefined, s, U, B],
      [undefined, s, 'not a url', B],
      ['12345', undefined, U, B],
      ['12345', 1, U, B],
      ['12345', s, U.replace(H, H.toUpperCase()), B],
      ['12345', sig(U.replace(H, H.toUpperCase())), U.replace(H, H.toUpperCase()), B],
      ['12345', sig(`https://e.com/?bodySHA256=${H0}&bodySHA256=${H}`), `https://e.com/?bodySHA256=${H0}&bodySHA256=${H}`, '{}'],
      ['12345', sig(`https://e.com/?bodySHA256=${H0}&bodySHA256=${H}`), `https://e.com/?bodySHA256=${H0}&bodySHA256=${H}`, B],
      ['12345', sig('https://e.com/?x=1'), 'https://e.com/?x=1', B],
      ['12345', sig('https://e.com/?x=1'), 'https://e.com/?x=1', ''],
      ['12345', sig(`https://e.com/#bodySHA256=${H}`), `https://e.com/#bodySHA256=${H}`, B],
      ['12345', sig(`https://e.com:443/?bodySHA256=${H0}`), `https://e.com/?bodySHA256=${H0}`, '{}'],
      ['12345', sig(`https://E.com/?bodySHA256=${H0}`), `https://E.com/?bodySHA256=${H0}`, '{}'],
      ['12345', sig(`https://e.com/?bodySHA%32%35%36=${H0}`), `https://e.com/?bodySHA%32%35%36=${H0}`, '{}'],
      ['12345', sig(`https://e.com/?a='&bodySHA256=${H0}`), `https://e.com/?a='&bodySHA256=${H0}`, '{}'],
      ['12345', sig(`https://e.com/?a=%27&bodySHA256=${H0}`), `https://e.com/?a='&bodySHA256=${H0}`, '{}'],
      ['12345', sig('https://e.com/?bodySHA256=a b'), 'https://e.com/?bodySHA256=a+b', 'a b'],
      ['12345', sig(`https://e.com/?bodySHA256=${H0}`), `https://e.com/?bodySHA256=${H0}`, '{}', undefined, 'extra'],
      ['12345', s, undefined, B],
      () => ['12345', s, new URL(U), B],
    ]
    runFixed({ label: 'body/with-body-fixed', cases, call, callName: 'validateRequestWithBody' })
  })
})
