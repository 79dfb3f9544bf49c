'use strict'

// Raw bodies (strings with lone surrogates and BOMs, Buffers, typed arrays, array-likes,
// objects) and body hashes derived from the right one.

const crypto = require('crypto')
const vm = require('vm')
const { annotate, otherRealm } = require('./render')
const { genString } = require('./strings')

const BODY_STRINGS = [
  '{"property": "value", "boolean": true}',
  '{}',
  '',
  ' ',
  'a=1&b=2',
  '{"emoji":"\u{1f600}"}',
  '\ud800',
  'x\udc00y',
  '\u00e9',
  '\ufeff{}',
  '\r\n',
  '\0',
  '{"property": "value", "boolean": true} ',
]

function genBody(draw) {
  return draw.weighted([
    [25, () => draw.pick(BODY_STRINGS)],
    [30, () => genString(draw, 40)],
    [8, () => Buffer.from(genString(draw, 20))],
    [3, () => Buffer.alloc(0)],
    [5, () => Array.from({ length: draw.range(0, 8) }, () => draw.int(256))],
    [3, () => [256, -1, 1.5, '65', 'x', null, NaN, 300]],
    [2, () => new Uint8Array([123, 125])],
    [1, () => new Uint16Array([0x7b7b, 0x7d7d])],
    [1, () => new Uint8Array([123, 125]).buffer],
    [1, () => new DataView(new Uint8Array([123, 125]).buffer)],
    [2, () => new String('{}')],
    [1, () => ({ type: 'Buffer', data: [123, 125] })],
    [1, () => ({ length: 2, 0: 123, 1: 125 })],
    [
      1,
      () =>
        annotate(
          {
            valueOf() {
              return '{}'
            },
          },
          '{valueOf() { return "{}"; }}',
        ),
    ],
    [
      1,
      () =>
        annotate(
          {
            [Symbol.toPrimitive]() {
              return '{}'
            },
          },
          '{[Symbol.toPrimitive]() { return "{}"; }}',
        ),
    ],
    [2, undefined],
    [2, null],
    [1, 0],
    [1, 42],
    [1, true],
    [1, () => ({})],
    [1, () => ({ property: 'value' })],
    [1, () => Symbol('body')],
    [1, 10n],
    [1, () => vm.runInContext('[123, 125]', otherRealm)],
  ])
}

function sha256Hex(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex')
}

// Body-hash strings for a body, derived from a known-good lowercase hash.
function genBodyHash(draw, goodHash) {
  const h = goodHash || sha256Hex(Buffer.from(genString(draw, 5)))
  return draw.weighted([
    [45, h],
    [8, () => h.toUpperCase()],
    [
      6,
      () => {
        const i = draw.int(h.length)
        return h.slice(0, i) + (h[i] === '0' ? '1' : '0') + h.slice(i + 1)
      },
    ],
    [5, () => draw.pick([h.slice(1), h + '0', ' ' + h, h + '\n', ''])],
    [2, () => draw.pick([h.slice(0, -2) + '\u00e9', h.slice(0, -3) + '\udc00', h.slice(0, -1) + '\u0000', '\u00e9'.repeat(32)])],
    [4, () => sha256Hex(Buffer.from('other'))],
    [3, () => Buffer.from(h)],
    [2, () => Array.from(Buffer.from(h))],
    [1, () => [h]],
    [1, () => new String(h)],
    [3, () => draw.pick([undefined, null, 0, 1, NaN, true, false])],
    [1, () => ({})],
    [1, () => Symbol('hash')],
    [1, () => ({ type: 'Buffer', data: Array.from(Buffer.from(h)) })],
  ])
}

module.exports = { BODY_STRINGS, genBody, genBodyHash, sha256Hex }
