'use strict'

// The params argument (objects of generated keys and values, and the non-object values
// twilio accepts or rejects), auth tokens in every type, and algorithm names.

const crypto = require('crypto')
const vm = require('vm')
const { annotate, render, otherRealm } = require('./render')
const { genString } = require('./strings')
const { genKeys } = require('./keys')
const { NUMBERS, CustomError, genValue } = require('./values')

function defineKey(obj, key, value, enumerable = true) {
  Object.defineProperty(obj, key, { value, enumerable, writable: true, configurable: true })
}

function genParamsObject(draw, opts = {}) {
  const count =
    opts.count !== undefined
      ? opts.count
      : draw.weighted([
          [6, 0],
          [20, 1],
          [25, 3],
          [25, 5],
          [15, 8],
          [5, 20],
        ])
  const keys = genKeys(draw, count)
  const obj = draw.chance(0.04) ? Object.create(null) : {}
  for (const k of keys) {
    const value = opts.valueGen ? opts.valueGen(draw) : genValue(draw, 2, opts.allowThrowing !== false)
    defineKey(obj, k, value)
  }
  return obj
}

// Twilio's "standard" parameters, used to build realistic cases
const P5 = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
}

function genParams(draw, url) {
  const hasBodyHash = typeof url === 'string' && url.indexOf('bodySHA256') !== -1
  return draw.weighted([
    [55, () => genParamsObject(draw)],
    [10, () => ({ ...P5 })],
    [6, () => ({})],
    [hasBodyHash ? 6 : 2, null],
    [2, undefined],
    [2, () => genString(draw, 4)],
    [2, () => ['b', 'a', 'b']],
    [1, () => draw.pick(NUMBERS)],
    [1, () => true],
    [
      1,
      () =>
        new Map([
          ['a', '1'],
          ['b', '2'],
        ]),
    ],
    [1, () => new URLSearchParams('a=1&b=2')],
    [
      2,
      () => {
        const v = genString(draw, 4)
        return annotate(
          Object.defineProperty({ plain: 'x' }, 'viaGetter', {
            get() {
              return v
            },
            enumerable: true,
          }),
          `{"plain": "x", get "viaGetter"() { return ${render(v)}; }}`,
        )
      },
    ],
    [
      1,
      () =>
        annotate(
          Object.defineProperty({ plain: 'x' }, 'thrower', {
            get() {
              throw new CustomError('getter')
            },
            enumerable: true,
          }),
          '{"plain": "x", get "thrower"() { throw new CustomError("getter"); }}',
        ),
    ],
    [
      1,
      () => {
        const o = { a: '1' }
        defineKey(o, 'hidden', 'h', false)
        return o
      },
    ],
    [
      1,
      () => {
        const o = Object.create({ inherited: 'i' })
        o.own = 'o'
        return o
      },
    ],
    [
      1,
      () => {
        const o = { a: '1' }
        o[Symbol('s')] = 'sym'
        return o
      },
    ],
    [1, () => vm.runInContext('({b: "2", a: ["y", "x"]})', otherRealm)],
  ])
}

// Tokens and algorithms

function genToken(draw) {
  return draw.weighted([
    [30, '12345'],
    [25, () => genString(draw, 24)],
    [4, ''],
    [3, 'abcdefghijklmnopqrstuvwxyz1234567890'],
    [6, () => Buffer.from(genString(draw, 10))],
    [2, () => new Uint8Array([1, 2, 3, 250])],
    [1, () => crypto.createSecretKey(Buffer.from('k3y'))],
    [1, () => new Uint8Array([107, 101, 121]).buffer],
    [1, () => new DataView(new Uint8Array([107, 101, 121]).buffer)],
    [2, undefined],
    [2, null],
    [1, 0],
    [1, 12345],
    [1, () => ({})],
    [1, () => []],
    [1, true],
    [1, () => new String('12345')],
    [1, () => Symbol('token')],
  ])
}

const SUPPORTED_ALGORITHMS = ['HMAC_SHA1', 'HMAC_SHA256', 'hmac_sha256', 'Hmac_Sha1', 'hmac_sha1', 'HMAC_\u017fHA256']
const UNSUPPORTED_ALGORITHMS = [
  'MD5',
  'sha1',
  'sha256',
  'HMAC_SHA512',
  ' HMAC_SHA1',
  'HMAC_SHA1 ',
  'HMAC-SHA1',
  'HMAC_SHA',
  'HMAC_SHA1\0',
  'HM\u0410C_SHA1',
  '\u0130HMAC_SHA1',
  'hmac_sha256\n',
  'undefined',
  'null',
]

function genAlgorithm(draw) {
  return draw.weighted([
    [40, undefined],
    [14, 'HMAC_SHA1'],
    [18, 'HMAC_SHA256'],
    [6, () => draw.pick(SUPPORTED_ALGORITHMS)],
    [3, ''],
    [3, null],
    [1, 0],
    [1, false],
    [7, () => draw.pick(UNSUPPORTED_ALGORITHMS)],
    [1, 1],
    [1, () => ({})],
    [1, () => ['HMAC_SHA1']],
    [1, () => new String(draw.pick(['HMAC_SHA256', 'MD5']))],
    [
      1,
      () =>
        annotate(
          {
            toUpperCase() {
              return 'HMAC_SHA256'
            },
          },
          '{toUpperCase() { return "HMAC_SHA256"; }}',
        ),
    ],
    [
      1,
      () =>
        annotate(
          {
            toUpperCase() {
              return 'MD5'
            },
            toString() {
              return 'custom'
            },
          },
          '{toUpperCase() { return "MD5"; }, toString() { return "custom"; }}',
        ),
    ],
    [1, () => Symbol('alg')],
  ])
}

// Hash name a (supported) algorithm maps to, or null.
function hashNameOf(algorithm) {
  try {
    if (!algorithm) return 'sha1'
    const up = algorithm.toUpperCase()
    if (up === 'HMAC_SHA1') return 'sha1'
    if (up === 'HMAC_SHA256') return 'sha256'
  } catch (_e) {
    // not a string
  }
  return null
}

module.exports = {
  P5,
  SUPPORTED_ALGORITHMS,
  UNSUPPORTED_ALGORITHMS,
  genParamsObject,
  genParams,
  genToken,
  genAlgorithm,
  hashNameOf,
}
