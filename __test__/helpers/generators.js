'use strict'

// Deterministic input generators for the differential test suites.
//
// Every generated case is built from its own 32-bit seed, derived from the
// suite seed (TEST_SEED, default below), a per-test salt and the case index,
// so any case can be rebuilt on its own (and twice: once for each
// implementation, so neither side can see what the other did to its inputs).

const crypto = require('crypto')
const vm = require('vm')
const querystring = require('querystring')

const DEFAULT_SEED = 0x7a11c0de

function parseSeed(text) {
  if (text === undefined || text === '') return DEFAULT_SEED
  const n = Number(text)
  if (Number.isInteger(n)) return n >>> 0
  // any other text: hash it, so TEST_SEED=anything works
  return hashString(String(text))
}

const SEED = parseSeed(process.env.TEST_SEED)

// TEST_SCALE multiplies the number of generated cases (e.g. 0.1 for a smoke
// run, 10 for a long soak); TEST_CASE=<index> runs a single case.
const SCALE = process.env.TEST_SCALE ? Number(process.env.TEST_SCALE) : 1
const ONLY_CASE = process.env.TEST_CASE !== undefined && process.env.TEST_CASE !== '' ? Number(process.env.TEST_CASE) : null

function scaled(n) {
  return Math.max(1, Math.round(n * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)))
}

// ---------------------------------------------------------------------------
// PRNG: splitmix32 to spread seeds, xoshiro128** for the stream.

function hashString(s) {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

function splitmix32(state) {
  let z = (state + 0x9e3779b9) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}

function caseSeed(salt, index) {
  return splitmix32((SEED ^ hashString(String(salt)) ^ Math.imul(index + 1, 0x27d4eb2f)) >>> 0)
}

class Rng {
  constructor(seed) {
    let x = seed >>> 0
    this.s = []
    for (let i = 0; i < 4; i++) {
      x = splitmix32(x + i * 0x6a09e667)
      this.s.push(x)
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1
  }

  u32() {
    const s = this.s
    const rotl = (v, k) => ((v << k) | (v >>> (32 - k))) >>> 0
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }

  float() {
    return this.u32() / 4294967296
  }

  // integer in [0, n)
  int(n) {
    return Math.floor(this.float() * n)
  }

  // integer in [lo, hi]
  range(lo, hi) {
    return lo + this.int(hi - lo + 1)
  }

  chance(p) {
    return this.float() < p
  }

  pick(list) {
    return list[this.int(list.length)]
  }

  // pick(list) where list = [[weight, value-or-thunk], ...]; thunks are called
  weighted(list) {
    let total = 0
    for (const [w] of list) total += w
    let r = this.float() * total
    for (const [w, v] of list) {
      r -= w
      if (r < 0) return typeof v === 'function' ? v() : v
    }
    const last = list[list.length - 1][1]
    return typeof last === 'function' ? last() : last
  }

  shuffle(list) {
    const out = list.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
}

// ---------------------------------------------------------------------------
// Annotations: some generated objects cannot be printed faithfully from their
// own structure (closures, getters); they carry a description instead.

const notes = new WeakMap()

function annotate(obj, text) {
  notes.set(obj, text)
  return obj
}

function escapeString(s) {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += '\\u{' + s.codePointAt(i).toString(16).toUpperCase() + '}'
        i++
        continue
      }
    }
    if (c === 0x22) out += '\\"'
    else if (c === 0x5c) out += '\\\\'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x0d) out += '\\r'
    else if (c >= 0x20 && c < 0x7f) out += s[i]
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0')
  }
  return out + '"'
}

const otherRealm = vm.createContext({})
const otherRealmArray = vm.runInContext('Array', otherRealm)

function render(v, depth = 0) {
  if (depth > 6) return '…'
  switch (typeof v) {
    case 'string':
      return escapeString(v)
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v)
    case 'bigint':
      return v + 'n'
    case 'undefined':
      return 'undefined'
    case 'boolean':
      return String(v)
    case 'symbol':
      return 'Symbol(' + (v.description === undefined ? '' : escapeString(v.description)) + ')'
    case 'function':
      if (notes.has(v)) return notes.get(v)
      return '/*function*/ ' + String(v).slice(0, 120)
    default:
      break
  }
  if (v === null) return 'null'
  if (notes.has(v)) return notes.get(v)
  if (Buffer.isBuffer(v)) return 'Buffer.from(' + escapeString(v.toString('latin1')) + ', "latin1")'
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return 'new DataView(<' + v.byteLength + ' bytes>)'
    return 'new ' + v.constructor.name + '([' + Array.from(v).join(', ') + '])'
  }
  if (v instanceof ArrayBuffer) return 'new Uint8Array([' + Array.from(new Uint8Array(v)).join(', ') + ']).buffer'
  if (v instanceof crypto.KeyObject) return 'crypto.createSecretKey(' + render(v.export(), depth + 1) + ')'
  if (v instanceof Date) return 'new Date(' + v.getTime() + ')'
  if (v instanceof Map) return 'new Map(' + render(Array.from(v.entries()), depth + 1) + ')'
  if (v instanceof URLSearchParams) return 'new URLSearchParams(' + escapeString(v.toString()) + ')'
  if (v instanceof URL) return 'new URL(' + escapeString(v.href) + ')'
  if (v instanceof String) return 'new String(' + escapeString(String(v)) + ')'
  if (v instanceof Number) return 'new Number(' + render(Number(v)) + ')'
  if (v instanceof Boolean) return 'new Boolean(' + String(v.valueOf()) + ')'
  if (Array.isArray(v)) {
    const parts = []
    for (let i = 0; i < v.length; i++) parts.push(i in v ? render(v[i], depth + 1) : '/*hole*/')
    let text = '[' + parts.join(', ') + ']'
    if (v instanceof otherRealmArray) text = 'vm.runInNewContext(' + escapeString(text) + ')'
    else if (!(v instanceof Array)) text = '/*array of another realm*/ ' + text
    else if (v.constructor !== Array) text = '/*' + v.constructor.name + '*/ ' + text
    return text
  }
  const proto = Object.getPrototypeOf(v)
  const entries = []
  for (const key of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key)
    let name = typeof key === 'symbol' ? '[' + render(key) + ']' : escapeString(key)
    if (key === '__proto__') name = '[' + name + ']' // a computed key defines an own property
    const flag = d.enumerable ? '' : '/*non-enumerable*/ '
    if (d.get || d.set) entries.push(flag + 'get ' + name + '() {…}')
    else entries.push(flag + name + ': ' + render(d.value, depth + 1))
  }
  const body = '{' + entries.join(', ') + '}'
  if (proto === null) return 'Object.assign(Object.create(null), ' + body + ')'
  if (proto !== Object.prototype) return '/*' + ((proto.constructor && proto.constructor.name) || 'proto') + '*/ ' + body
  return body
}

function renderArgs(args) {
  return '(' + args.map((a) => render(a)).join(', ') + ')'
}

// ---------------------------------------------------------------------------
// Characters and strings

const LATIN1_PICKS = ['\u00a0', '\u00e9', '\u00f1', '\u00fc', '\u00df', '\u00c4', '\u00ff', '\u0080', '\u009f', '\u00bf']
const BMP_PICKS = [
  '\u0100',
  '\u0131',
  '\u017f',
  '\u0391',
  '\u0430',
  '\u4e2d',
  '\u2028',
  '\u3000',
  '\u200b',
  '\u20ac',
  '\ud7ff',
  '\u0301',
]
const HIGH_BMP_PICKS = [
  '\ue000',
  '\uf8ff',
  '\ufb01',
  '\ufeff',
  '\uff21',
  '\uff41',
  '\uff5e',
  '\uff61',
  '\uffe5',
  '\ufffd',
  '\uffff',
  '\ufffe',
]
const ASTRAL_PICKS = [
  '\u{1f600}',
  '\u{1f603}',
  '\u{1f389}',
  '\u{10000}',
  '\u{10ffff}',
  '\u{1d538}',
  '\u{20000}',
  '\u{1f1fa}\u{1f1f8}',
]
const URLISH = [
  '&',
  '=',
  '?',
  '#',
  '%',
  '+',
  "'",
  '/',
  ':',
  '@',
  ';',
  ',',
  '[',
  ']',
  '{',
  '}',
  '|',
  '^',
  '`',
  '<',
  '>',
  '"',
  '\\',
  ' ',
  '~',
  '*',
  '!',
  '$',
  '(',
  ')',
]
const CONTROLS = ['\t', '\n', '\r', '\0', '\x7f', '\x1f', '\x0b', '\x0c']

function charFrom(rng, pool) {
  switch (pool) {
    case 'ascii':
      return String.fromCharCode(0x20 + rng.int(95))
    case 'alnum':
      return 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[rng.int(62)]
    case 'control':
      return rng.pick(CONTROLS)
    case 'latin1':
      return rng.chance(0.5) ? rng.pick(LATIN1_PICKS) : String.fromCharCode(0x80 + rng.int(0x80))
    case 'bmp':
      return rng.chance(0.5) ? rng.pick(BMP_PICKS) : String.fromCharCode(0x100 + rng.int(0xd800 - 0x100))
    case 'highbmp':
      return rng.chance(0.5) ? rng.pick(HIGH_BMP_PICKS) : String.fromCharCode(0xe000 + rng.int(0x2000))
    case 'astral':
      return rng.chance(0.5) ? rng.pick(ASTRAL_PICKS) : String.fromCodePoint(0x10000 + rng.int(0x100000))
    case 'surrogate':
      return String.fromCharCode(rng.chance(0.5) ? 0xd800 + rng.int(0x400) : 0xdc00 + rng.int(0x400))
    case 'urlish':
      return rng.pick(URLISH)
    default:
      throw new Error('unknown pool ' + pool)
  }
}

const STRING_POOLS = [
  [40, 'ascii'],
  [14, 'alnum'],
  [8, 'latin1'],
  [8, 'bmp'],
  [9, 'highbmp'],
  [9, 'astral'],
  [3, 'surrogate'],
  [6, 'urlish'],
  [2, 'control'],
]

function genString(rng, maxLen = 12, pools = STRING_POOLS) {
  const len = rng.chance(0.08) ? 0 : rng.range(1, maxLen)
  let s = ''
  for (let i = 0; i < len; i++) s += charFrom(rng, rng.weighted(pools))
  return s
}

// ---------------------------------------------------------------------------
// Keys

const SPECIAL_KEYS = [
  '',
  '0',
  '1',
  '2',
  '9',
  '10',
  '01',
  '100',
  '-1',
  '1.5',
  '1e3',
  '4294967294',
  '4294967295',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'length',
  'bodySHA256',
  'a',
  'A',
  'B',
  'Z',
  '_',
  'a_',
  'aB',
  'ab',
  'a\u{1f600}',
  'a\uff5e',
  'a\ue000',
  'a\ufffd',
  '\u{1f600}',
  '\uff5e',
  '\ue000',
  '\ud800',
  '\udc00',
  'a\ud800',
  '\ud800a',
  '\u00e9',
  '\u00c4',
  'CallSid',
  'callSid',
  'CALLSID',
  'Digits',
  'From',
  'To',
  'Body',
  'MessagingBinding.Address',
  'a b',
  'a=b',
  'a&b',
  ' ',
  '\t',
]

// A set of keys that share prefixes and differ right where UTF-16 and code
// point order disagree, so that sorting gets exercised.
function genKeys(rng, count) {
  const keys = []
  const seen = new Set()
  let guard = 0
  while (keys.length < count && guard++ < count * 20) {
    let k
    const r = rng.float()
    if (r < 0.3) k = rng.pick(SPECIAL_KEYS)
    else if (r < 0.65 && keys.length > 0) {
      // extend or mutate an existing key
      const base = rng.pick(keys)
      const pool = rng.pick(['astral', 'highbmp', 'highbmp', 'astral', 'bmp', 'latin1', 'ascii', 'surrogate', 'alnum'])
      if (rng.chance(0.25) && base.length > 0) k = base.slice(0, rng.int(base.length)) + charFrom(rng, pool)
      else k = base + charFrom(rng, pool)
      if (rng.chance(0.3)) k += charFrom(rng, rng.pick(['alnum', 'astral', 'highbmp']))
    } else k = genString(rng, 6)
    if (seen.has(k)) continue
    seen.add(k)
    keys.push(k)
  }
  return keys
}

// ---------------------------------------------------------------------------
// Values

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  9,
  10,
  100,
  1.5,
  -2.5,
  NaN,
  Infinity,
  -Infinity,
  1e21,
  1e-7,
  1e-6,
  0.1 + 0.2,
  123456789012345680000,
  5e-324,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  4294967295,
  0.000001,
  1e300,
  -1e-300,
  255,
  256,
]

const BIGINTS = [0n, 1n, -5n, 10n, 2n ** 70n, -(2n ** 64n)]

const DATES = [0, 1700000000000, -1, 8.64e15, 951782400000]

class CustomError extends Error {}
class WeirdArray extends Array {}

function genPrimitive(rng) {
  return rng.weighted([
    [40, () => genString(rng, 10)],
    [15, () => rng.pick(NUMBERS)],
    [6, () => rng.range(-1000, 100000)],
    [5, () => rng.chance(0.5)],
    [5, null],
    [5, undefined],
    [4, () => rng.pick(BIGINTS)],
    [8, () => rng.pick(['1', '01', '10', '9', 'NaN', 'null', 'undefined', 'true', '', ' ', '0'])],
  ])
}

function genObjectish(rng, depth) {
  return rng.weighted([
    [10, () => ({})],
    [
      6,
      () => {
        const v = genPrimitive(rng)
        const s = genString(rng, 5)
        return annotate(
          {
            valueOf() {
              return v
            },
            toString() {
              return s
            },
          },
          `{valueOf() { return ${render(v)}; }, toString() { return ${render(s)}; }}`,
        )
      },
    ],
    [
      4,
      () => {
        const s = genString(rng, 5)
        return annotate(
          {
            toString() {
              return s
            },
          },
          `{toString() { return ${render(s)}; }}`,
        )
      },
    ],
    [
      3,
      () =>
        annotate(
          {
            [Symbol.toPrimitive](hint) {
              return 'hint:' + hint
            },
          },
          '{[Symbol.toPrimitive](hint) { return "hint:" + hint; }}',
        ),
    ],
    [
      3,
      () =>
        annotate(
          {
            valueOf() {
              return {}
            },
            toString() {
              return 'fallback'
            },
          },
          '{valueOf() { return {}; }, toString() { return "fallback"; }}',
        ),
    ],
    [3, () => new Date(rng.pick(DATES))],
    [1, () => new Date(NaN)],
    [2, () => new String(genString(rng, 4))],
    [2, () => new Number(rng.pick(NUMBERS))],
    [1, () => new Boolean(rng.chance(0.5))],
    [2, () => ({ [Symbol.toStringTag]: 'Tagged' })],
    [2, () => new Map([['a', '1']])],
    [2, () => new Set(['b', 'a'])],
    [2, () => new Uint8Array([3, 1, 2])],
    [2, () => Buffer.from(genString(rng, 4))],
    [
      2,
      () =>
        annotate(function named() {
          return 1
        }, 'function named() { return 1; }'),
    ],
    [1, () => annotate((x) => x, '(x) => x')],
    [2, () => vm.runInContext('["b", "a", "b"]', otherRealm)],
    [
      1,
      () => {
        const a = WeirdArray.from(['y', 'x', 'y'])
        return a
      },
    ],
    [1, () => new URL('https://example.com/a?b=c')],
    [
      depth > 0 ? 2 : 0,
      () => {
        const o = {}
        o[genString(rng, 3)] = genValue(rng, depth - 1)
        return o
      },
    ],
  ])
}

function genThrowingValue(rng) {
  return rng.weighted([
    [4, () => Symbol(genString(rng, 3, [[1, 'alnum']]))],
    [4, () => Object.create(null)],
    [
      1,
      () => {
        const o = Object.create(null)
        o.x = 1
        return o
      },
    ],
    [
      2,
      () =>
        annotate(
          {
            toString() {
              throw new CustomError('boom')
            },
            valueOf() {
              throw new CustomError('boom')
            },
          },
          '{toString() { throw new CustomError("boom"); }, valueOf() { throw new CustomError("boom"); }}',
        ),
    ],
    [
      1,
      () =>
        annotate(
          {
            [Symbol.toPrimitive]() {
              throw new RangeError('nope')
            },
          },
          '{[Symbol.toPrimitive]() { throw new RangeError("nope"); }}',
        ),
    ],
    [
      1,
      () =>
        annotate(
          {
            valueOf() {
              return Symbol('v')
            },
            toString() {
              return 'x'
            },
          },
          '{valueOf() { return Symbol("v"); }, toString() { return "x"; }}',
        ),
    ],
  ])
}

function genArray(rng, depth, allowThrowing) {
  const n = rng.weighted([
    [8, 0],
    [20, 1],
    [30, 2],
    [25, 3],
    [12, 5],
    [5, 9],
  ])
  const pool = []
  const arr = []
  for (let i = 0; i < n; i++) {
    let v
    const r = rng.float()
    if (r < 0.25 && pool.length)
      v = rng.pick(pool) // duplicate
    else if (r < 0.35) v = rng.pick(['1', 1, '01', 1.0, '10', 10, '9', 9, NaN, 0, -0, '0', '-0'])
    else if (r < 0.45 && depth > 0) v = genArray(rng, depth - 1, allowThrowing)
    else if (r < 0.52) v = genObjectish(rng, depth - 1)
    else if (r < 0.54 && allowThrowing) v = genThrowingValue(rng)
    else if (r < 0.62) v = rng.pick([undefined, null, true, false, '', 'undefined', 'null'])
    else {
      // strings sharing prefixes, with chars where sort orders differ
      const prev = pool.length && rng.chance(0.5) ? rng.pick(pool) : undefined
      const base = typeof prev === 'string' ? prev : genString(rng, 5)
      v = rng.chance(0.6) ? base + charFrom(rng, rng.pick(['astral', 'highbmp', 'surrogate', 'ascii'])) : base
    }
    pool.push(v)
    arr.push(v)
  }
  if (n > 0 && rng.chance(0.12)) {
    // holes
    arr.length += rng.range(1, 2)
    if (rng.chance(0.5)) delete arr[rng.int(n)]
  }
  if (rng.chance(0.05))
    return vm.runInContext(`[${arr.map((x) => (typeof x === 'string' ? JSON.stringify(x) : '0')).join(',')}]`, otherRealm)
  if (rng.chance(0.03)) return WeirdArray.from(arr)
  if (rng.chance(0.02)) return new Proxy(arr, {})
  return arr
}

function genValue(rng, depth = 2, allowThrowing = true) {
  return rng.weighted([
    [45, () => genPrimitive(rng)],
    [22, () => genArray(rng, depth, allowThrowing)],
    [12, () => genObjectish(rng, depth)],
    [allowThrowing ? 2 : 0, () => genThrowingValue(rng)],
    [8, () => genString(rng, 30)],
  ])
}

// ---------------------------------------------------------------------------
// Params

function defineKey(obj, key, value, enumerable = true) {
  Object.defineProperty(obj, key, { value, enumerable, writable: true, configurable: true })
}

function genParamsObject(rng, opts = {}) {
  const count =
    opts.count !== undefined
      ? opts.count
      : rng.weighted([
          [6, 0],
          [20, 1],
          [25, 3],
          [25, 5],
          [15, 8],
          [5, 20],
        ])
  const keys = genKeys(rng, count)
  const obj = rng.chance(0.04) ? Object.create(null) : {}
  for (const k of keys) {
    const value = opts.valueGen ? opts.valueGen(rng) : genValue(rng, 2, opts.allowThrowing !== false)
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

function genParams(rng, url) {
  const hasBodyHash = typeof url === 'string' && url.indexOf('bodySHA256') !== -1
  return rng.weighted([
    [55, () => genParamsObject(rng)],
    [10, () => ({ ...P5 })],
    [6, () => ({})],
    [hasBodyHash ? 6 : 2, null],
    [2, undefined],
    [2, () => genString(rng, 4)],
    [2, () => ['b', 'a', 'b']],
    [1, () => rng.pick(NUMBERS)],
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
        const v = genString(rng, 4)
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

// ---------------------------------------------------------------------------
// Tokens and algorithms

function genToken(rng) {
  return rng.weighted([
    [30, '12345'],
    [25, () => genString(rng, 24)],
    [4, ''],
    [3, 'abcdefghijklmnopqrstuvwxyz1234567890'],
    [6, () => Buffer.from(genString(rng, 10))],
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

function genAlgorithm(rng) {
  return rng.weighted([
    [40, undefined],
    [14, 'HMAC_SHA1'],
    [18, 'HMAC_SHA256'],
    [6, () => rng.pick(SUPPORTED_ALGORITHMS)],
    [3, ''],
    [3, null],
    [1, 0],
    [1, false],
    [7, () => rng.pick(UNSUPPORTED_ALGORITHMS)],
    [1, 1],
    [1, () => ({})],
    [1, () => ['HMAC_SHA1']],
    [1, () => new String(rng.pick(['HMAC_SHA256', 'MD5']))],
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

// ---------------------------------------------------------------------------
// URLs

const SCHEMES = [
  [30, 'https'],
  [22, 'http'],
  [2, 'HTTPS'],
  [2, 'Http'],
  [1, 'hTTpS'],
  [4, 'wss'],
  [2, 'ws'],
  [3, 'ftp'],
  [2, 'file'],
  [2, 'mailto'],
  [3, 'foo'],
  [1, 'sip'],
  [1, 'git+ssh'],
  [1, 'a.b-c'],
  [1, 'WSS'],
]

const SEPARATORS = [
  [88, '://'],
  [3, ':'],
  [2, ':/'],
  [2, ':\\\\'],
  [2, ':///'],
  [1, '://\\'],
  [1, ':/\\'],
  [1, '://///'],
]

const USERINFOS = [
  'user@',
  'user:pass@',
  'User:Pass@',
  'us@er:p@ss@',
  'u%40:p%25@',
  '@',
  ':pass@',
  'user:@',
  'u s:p"w@',
  '\u00fcser:p\u00e4ss@',
  'a%zz:b@',
  "o'brien@",
  'user:p:ss@',
]

const HOSTS = [
  [20, 'example.com'],
  [10, 'mycompany.com'],
  [3, 'MyCompany.com'],
  [2, 'EXAMPLE.COM'],
  [3, 'b\u00fccher.de'],
  [2, 'xn--bcher-kva.de'],
  [2, 'B\u00dcCHER.de'],
  [2, 'xn--a.com'],
  [2, 'ex%41mple.com'],
  [1, 'ex%2Eample.com'],
  [2, '0x7f.1'],
  [2, '127.0.0.1'],
  [2, '1.2.3.256'],
  [1, '0177.0.0.1'],
  [1, '4294967295'],
  [1, '4294967296'],
  [2, '[::1]'],
  [2, '[0:0:0:0:0:0:0:1]'],
  [1, '[::1'],
  [1, '[::FFFF:127.0.0.1]'],
  [1, '[fe80::1%25eth0]'],
  [2, 'localhost'],
  [1, 'a_b.example.com'],
  [1, 'example.com.'],
  [1, ''],
  [1, 'ex ample.com'],
  [1, 'bodySHA256.example.com'],
  [1, '\u2603.net'],
  [1, '\u{1f4a9}.la'],
  [1, 'faß.de'],
  [1, 'EXA\u00c9MPLE.com'],
  [1, 'ex<ample.com'],
  [1, 'ex^ample.com'],
  [1, 'xn--.com'],
  [1, '\uff21.com'],
  [1, 'a..b'],
  [1, 'host%zz.com'],
]

const PORTS = [
  [40, ''],
  [5, ':80'],
  [5, ':443'],
  [2, ':0443'],
  [4, ':8443'],
  [3, ':1234'],
  [1, ':65535'],
  [2, ':65536'],
  [2, ':'],
  [1, ':21'],
  [1, ':0'],
  [1, ':abc'],
  [1, ':3000'],
  [1, ':080'],
  [1, ':+80'],
]

const PATH_SEGMENTS = [
  'myapp.php',
  'sms',
  'webhook',
  'a b',
  'q"uote',
  "it's",
  'pipe|',
  'caret^',
  '{x}',
  '`tick`',
  'Espa\u00f1a',
  '..',
  '.',
  '%2e%2E',
  '%2E',
  '.%2e',
  'back\\slash',
  '',
  'bodySHA256',
  '%41',
  '%zz',
  '\u{1f600}',
  '<>',
  ';p=1',
  'a%2fb',
  '%',
  'x+y',
  '~user',
  '%7E',
  'path with\ttab',
  '\u00e9t\u00e9',
  'a?b',
  'a#b',
  'C:',
  '@at',
  '\ud800',
  'v1',
  'Twilio',
  'index.html',
  'caf%C3%A9',
  '%C3%28',
  'A%2Bb',
  'C:/..',
  'c|/%2e%2e',
  'D:',
  '|',
  'C%3A',
]

const QUERY_PAIRS = [
  'foo=1',
  'bar=2',
  'a=b',
  "name=William+O'hara",
  'q=It%27s+a%20test',
  "q=It's+a%20test",
  'x=%27',
  "x='",
  'x=%2B',
  'x=+',
  'x=%zz',
  'x=%C3%28',
  'x=%ED%A0%80',
  't=~',
  't=%7E',
  'l=%2f%3a',
  'a==b',
  'a=b=c',
  'key',
  '=x',
  '10=x',
  '2=y',
  '01=z',
  'bodySHA256=',
  'sip=sip:1@2.3.4.5',
  'a=b c',
  '\u00e9=\u00fc',
  'emoji=\u{1f600}',
  'p=`{}|^',
  's=<>"',
  'h=a#b',
  'foo=hello%20world',
  'bar=test%2Bvalue',
  "Body=It's+amazing",
  'type=thiswontbeusedinthesignature',
  '%61=1',
  'a=2',
  '__proto__=x',
  'constructor=y',
  'k=%',
  'k=%2',
  'k=%%41',
  'k=%41%',
  'k=a%2',
  'k=\ud800',
  'k=/?',
  'k=[]',
  'a[]=1',
  'a[b]=2',
  'Digits=1234',
  'To=%2B18005551212',
  'k=%e2%82%ac',
  'k=%E2%82',
  ';=;',
]

const FRAGMENTS = ['', '#', '#frag', '#a?b=c', "#it's", '#a b', '#\u00e9', '#?', '#bodySHA256=x', '#%zz', '#`x`', '#a#b']

function genQuery(rng, extraPairs = []) {
  const n = rng.weighted([
    [8, 0],
    [25, 1],
    [30, 2],
    [20, 3],
    [10, 5],
    [2, 12],
  ])
  const pairs = []
  for (let i = 0; i < n; i++) {
    pairs.push(
      rng.weighted([
        [70, () => rng.pick(QUERY_PAIRS)],
        [
          20,
          () =>
            genString(rng, 4, [
              [3, 'alnum'],
              [1, 'latin1'],
              [1, 'urlish'],
              [1, 'astral'],
              [1, 'highbmp'],
            ]) +
            '=' +
            genString(rng, 6, [
              [4, 'alnum'],
              [1, 'urlish'],
              [1, 'latin1'],
              [1, 'bmp'],
              [1, 'astral'],
              [1, 'surrogate'],
            ]),
        ],
        [5, () => (pairs.length ? pairs[rng.int(pairs.length)] : 'dup=1')],
        [5, () => ''],
      ]),
    )
  }
  for (const p of extraPairs) pairs.splice(rng.int(pairs.length + 1), 0, p)
  let sep = '&'
  if (rng.chance(0.05)) sep = '&&'
  return pairs.join(sep) + (rng.chance(0.05) ? '&' : '')
}

const HANDPICKED_URLS = [
  'https://mycompany.com/myapp.php?foo=1&bar=2',
  'https://mycompany.com:1234/myapp.php?foo=1&bar=2',
  'http://mycompany.com/myapp.php?foo=1&bar=2',
  'https://mycompany.com:443//myapp.php?foo=1&bar=2',
  'https://mycompany.com/webhook/Espa\u00f1a?a\u00f1o=2023',
  "https://example.com/path?name=William+O'hara",
  'https://exa\tmple.com/x\n?a=b',
  'https:example.com/x',
  'https:\\\\example.com\\a\\b',
  'mailto:x',
  'mailto:user@example.com',
  'foo://Example.com/A?b=C',
  "https://e.com/path?test=a'b#frag",
  'https://e.com/?a=1#f?g',
  'https://e.com/#a?b',
  'x.com',
  '',
  ' ',
  '/relative?a=b',
  '//example.com/x',
  '?a=b',
  '#x',
  'https://',
  'https://example.com:65536/',
  'https://1.2.3.256/',
  'https://[::1/',
  'https://xn--a.com/',
  'https://ex ample.com/',
  'https://h.com:/p',
  'https://@host.com/',
  'https://:pass@host.com/',
  'file:///etc/passwd',
  'file://host/p?x=1',
  'http://h.com/a%3Fb?x=%3F',
  'https://h.com/bodySHA256/p',
  'https://bodySHA256.com/',
  'https://e.com/?bodySHA256=abc&bodySHA256=def',
  'HTTPS://H.COM',
  'http://[0:0:0:0:0:0:0:1]:80/',
  'http://0x7f.1/',
  'https://user:p@ss@host.com/',
  'wss://h.com/x?y',
  'wss://h.com:443/x?y',
  'ftp://h.com:21/x?y',
  'https://h.com?',
  'https://h.com#',
  'https://h.com?#',
  'https://h.com/?&&',
  'https://h.com/?&',
  'https://h.com/?=',
  'HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2',
  'https://example.com/path?test=param%27WithQuote',
  "https://example.com/path?test=param'WithQuote",
  'https://example.com/a/../b/./c/%2e%2E/d?x=1',
  '  https://example.com/lead-and-trail  ',
  '\u0000https://example.com/nul',
  'https://example.com/\u0000',
  'https://example.com/?' + '&'.repeat(999) + 'a=1&b=2',
  'https://example.com/?' + Array.from({ length: 1005 }, (_, i) => 'k' + i + '=' + i).join('&'),
  'https://example.com/?b=2&a=1&10=x&2=y&4294967295=z&01=w',
  'https://example.com/?a=1&b=2&a=3',
  'sip:user@example.com?x=1',
  'urn:isbn:0451450523',
  'blob:https://example.com/uuid',
  'javascript:alert(1)',
  'data:text/plain,hello?x=1',
  'https://example.com/\ud800?\udc00=\ud800',
  'https://example.com/p?q=\u{1f600}#\u{1f600}',
  'https://\u00fcser@b\u00fccher.de:8443/\u00fc?\u00fc=\u00fc#\u00fc',
  'HTTPS://EXAMPLE.COM:443/?A=B',
  'https://example.com:0443/',
  'http://example.com:080/',
  'https://example.com:443',
  'http://example.com:80?',
  'wss://example.com:80/x',
  'foo://:80/x',
  'foo:///x',
  'https://[::1]:443/?x',
  'https://example.com/?bodySHA256',
  'https://example.com/%?%',
]

const CLEAN_HOSTS = [
  'example.com',
  'mycompany.com',
  'MyCompany.com',
  'b\u00fccher.de',
  'xn--bcher-kva.de',
  '127.0.0.1',
  '[::1]',
  'localhost',
  'ex%41mple.com',
  '0x7f.1',
]

function genHost(rng) {
  return rng.weighted([
    [80, () => rng.weighted(HOSTS)],
    [
      15,
      () => {
        const labels = []
        const n = rng.range(1, 3)
        for (let i = 0; i < n; i++)
          labels.push(
            genString(rng, 8, [
              [10, 'alnum'],
              [1, 'latin1'],
              [1, 'bmp'],
              [1, 'highbmp'],
              [1, 'astral'],
              [1, 'urlish'],
            ]),
          )
        return labels.join('.') + '.' + rng.pick(['com', 'net', 'de', 'io', 'COM'])
      },
    ],
    [5, () => 'xn--' + genString(rng, 8, [[1, 'alnum']]) + '.com'],
  ])
}

function genPath(rng) {
  const n = rng.weighted([
    [10, 0],
    [30, 1],
    [30, 2],
    [20, 3],
    [10, 5],
  ])
  let p = ''
  for (let i = 0; i < n; i++) {
    const seg = rng.chance(0.8)
      ? rng.pick(PATH_SEGMENTS)
      : genString(rng, 6, [
          [6, 'alnum'],
          [1, 'urlish'],
          [1, 'latin1'],
          [1, 'astral'],
          [1, 'highbmp'],
          [1, 'surrogate'],
        ])
    p += (rng.chance(0.04) ? '\\' : '/') + seg
  }
  if (n > 0 && rng.chance(0.1)) p += '/'
  if (n === 0 && rng.chance(0.5)) p = '/'
  return p
}

function mutateUrl(rng, url) {
  const pos = rng.int(url.length + 1)
  const ins = rng.weighted([
    [3, () => rng.pick(['\t', '\n', '\r'])],
    [2, () => charFrom(rng, 'urlish')],
    [1, () => charFrom(rng, rng.pick(['latin1', 'astral', 'highbmp', 'surrogate', 'control']))],
  ])
  return url.slice(0, pos) + ins + url.slice(pos)
}

// opts.queryExtra: query pairs that must appear (e.g. bodySHA256=...)
function genUrl(rng, opts = {}) {
  let url
  if (!opts.queryExtra && rng.chance(0.12)) {
    url = rng.pick(HANDPICKED_URLS)
  } else {
    const clean = !!opts.clean
    const relative = !clean && rng.chance(0.02)
    let s = ''
    if (clean) s += rng.pick(['https', 'https', 'http', 'HTTPS', 'wss']) + '://'
    else if (!relative) s += rng.weighted(SCHEMES) + rng.weighted(SEPARATORS)
    else s += rng.pick(['', '//', '/'])
    if (rng.chance(0.12)) s += rng.pick(clean ? ['user@', 'user:pass@', 'us@er:p@ss@'] : USERINFOS)
    s += clean ? rng.pick(CLEAN_HOSTS) : genHost(rng)
    s += clean ? rng.pick(['', '', '', ':443', ':80', ':8443', ':1234']) : rng.weighted(PORTS)
    s += genPath(rng)
    const q = opts.queryExtra ? genQuery(rng, opts.queryExtra) : genQuery(rng)
    if (opts.queryExtra || rng.chance(0.6)) s += '?' + q
    else if (rng.chance(0.08)) s += '?'
    if (rng.chance(0.15)) s += rng.pick(FRAGMENTS)
    url = s
  }
  if (opts.clean) return url
  if (rng.chance(0.04)) url = rng.pick([' ', '\t', '\n', '\u0000', '\u001f', '\u00a0', '\ufeff']) + url
  if (rng.chance(0.04)) url += rng.pick([' ', '\t', '\n', '\u0000', '\u00a0', '\r\n'])
  if (rng.chance(0.06)) url = mutateUrl(rng, url)
  return url
}

// Non-string URL arguments
function genWeirdUrl(rng) {
  return rng.weighted([
    [2, undefined],
    [2, null],
    [1, 123],
    [1, () => new URL('https://example.com/a?b=1')],
    [1, () => new String('https://example.com/a?b=1')],
    [1, () => ['https://example.com/x?y=1']],
    [1, () => ({})],
    [
      1,
      () => ({
        toString() {
          return 'https://example.com/'
        },
      }),
    ],
    [1, () => Buffer.from(rng.pick(['https://example.com/a?b=1', 'https://e.com:443/x', 'x.com', 'https://ex ample.com/']))],
    [1, () => new Uint8Array(Buffer.from('https://example.com/'))],
    [1, () => Array.from(Buffer.from('https://e.com/'))],
    [1, () => ['https://e.com/', 'x']],
    [1, () => new String(rng.pick(['https://e.com:443/?a=1', 'not a url']))],
    [1, true],
    [1, () => Symbol('url')],
  ])
}

// ---------------------------------------------------------------------------
// URL forms that twilio may sign over (used to produce signatures that are
// right for *some* candidate; the comparison with twilio decides the result).

function togglePortForms(url) {
  const out = []
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)/.exec(url)
  if (!m) return out
  const scheme = m[1]
  const authority = m[2]
  const rest = url.slice(m[0].length)
  const at = authority.lastIndexOf('@')
  const user = authority.slice(0, at + 1)
  const hostPort = authority.slice(at + 1)
  const bracket = hostPort.lastIndexOf(']')
  const colon = hostPort.indexOf(':', bracket + 1)
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon)
  out.push(scheme + user + host + rest)
  if (colon < 0) {
    const def = scheme.toLowerCase() === 'https://' ? ':443' : ':80'
    out.push(scheme + user + host + def + rest)
    out.push(scheme + user + host + (def === ':443' ? ':80' : ':443') + rest)
  }
  return out
}

function legacyQueryForm(url) {
  const q = url.indexOf('?')
  if (q < 0) return url
  return url.slice(0, q) + '?' + querystring.stringify(querystring.parse(url.slice(q + 1)))
}

function candidateForms(url) {
  const forms = []
  if (typeof url !== 'string') return [String(url)]
  forms.push(url)
  forms.push(...togglePortForms(url))
  let href = null
  try {
    href = new URL(url).href
  } catch (_e) {
    href = null
  }
  if (href !== null) {
    forms.push(href)
    const toggled = togglePortForms(href)
    forms.push(...toggled)
    forms.push(legacyQueryForm(href))
    for (const t of toggled) forms.push(legacyQueryForm(t))
  }
  // forms that should normally fail
  forms.push(url.toLowerCase())
  forms.push(url + '/')
  forms.push(url.trim())
  return forms
}

// ---------------------------------------------------------------------------
// Signatures

function base64Random(rng, len) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let s = ''
  for (let i = 0; i < len - 1; i++) s += chars[rng.int(64)]
  return s + '='
}

// Produce a header value for a validateRequest-like call.
// sign(urlForm, algorithm) must return the signature twilio computes, or throw.
function genSignature(rng, url, algorithm, sign) {
  const alg = hashNameOf(algorithm) ? algorithm : rng.pick([undefined, 'HMAC_SHA256'])
  const forms = candidateForms(url)
  let good = null
  try {
    good = sign(rng.chance(0.7) ? forms[rng.int(Math.min(forms.length, forms.length - 3))] : rng.pick(forms), alg)
  } catch (_e) {
    good = null
  }
  const length = hashNameOf(alg) === 'sha256' ? 44 : 28
  const forged = base64Random(rng, length)
  const correct = good === null ? forged : good
  return rng.weighted([
    [50, correct],
    [
      5,
      () => {
        try {
          return sign(rng.pick(forms), hashNameOf(alg) === 'sha256' ? 'HMAC_SHA1' : 'HMAC_SHA256')
        } catch (_e) {
          return forged
        }
      },
    ],
    [8, forged],
    [
      5,
      () => {
        const i = rng.int(correct.length)
        const c = correct[i] === 'A' ? 'B' : 'A'
        return correct.slice(0, i) + c + correct.slice(i + 1)
      },
    ],
    [2, () => correct.toLowerCase()],
    [
      6,
      () =>
        rng.pick([correct + '=', correct.slice(1), ' ' + correct, correct + '\n', correct.slice(0, -1), correct + correct, 'x']),
    ],
    [
      2,
      () =>
        rng.pick([
          correct.slice(0, -2) + '\u00e9',
          correct.slice(0, -3) + '\ud800',
          correct.slice(0, -3) + '\u20ac',
          correct + '\u0000',
        ]),
    ],
    [7, () => rng.pick([undefined, null, '', 0, false, NaN, 0n, -0])],
    [3, () => Buffer.from(correct)],
    [1, () => new Uint8Array(Buffer.from(correct))],
    [1, () => new Uint8Array(Buffer.from(correct)).buffer],
    [2, () => Array.from(Buffer.from(correct))],
    [1, () => ({ type: 'Buffer', data: Array.from(Buffer.from(correct)) })],
    [1, () => new String(correct)],
    [1, () => [correct]],
    [1, () => rng.pick([1, 42, -1, 1.5, Infinity, 1n])],
    [1, () => ({})],
    [1, () => ({ length: correct.length })],
    [1, true],
    [1, () => Symbol('sig')],
    [
      1,
      () =>
        annotate(
          {
            valueOf() {
              return correct
            },
          },
          `{valueOf() { return ${render(correct)}; }}`,
        ),
    ],
    [
      1,
      () =>
        annotate(function f(a, b) {
          return a + b
        }, 'function f(a, b) { return a + b; }'),
    ],
  ])
}

// ---------------------------------------------------------------------------
// Bodies

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

function genBody(rng) {
  return rng.weighted([
    [25, () => rng.pick(BODY_STRINGS)],
    [30, () => genString(rng, 40)],
    [8, () => Buffer.from(genString(rng, 20))],
    [3, () => Buffer.alloc(0)],
    [5, () => Array.from({ length: rng.range(0, 8) }, () => rng.int(256))],
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
function genBodyHash(rng, goodHash) {
  const h = goodHash || sha256Hex(Buffer.from(genString(rng, 5)))
  return rng.weighted([
    [45, h],
    [8, () => h.toUpperCase()],
    [
      6,
      () => {
        const i = rng.int(h.length)
        return h.slice(0, i) + (h[i] === '0' ? '1' : '0') + h.slice(i + 1)
      },
    ],
    [5, () => rng.pick([h.slice(1), h + '0', ' ' + h, h + '\n', ''])],
    [2, () => rng.pick([h.slice(0, -2) + '\u00e9', h.slice(0, -3) + '\udc00', h.slice(0, -1) + '\u0000', '\u00e9'.repeat(32)])],
    [4, () => sha256Hex(Buffer.from('other'))],
    [3, () => Buffer.from(h)],
    [2, () => Array.from(Buffer.from(h))],
    [1, () => [h]],
    [1, () => new String(h)],
    [3, () => rng.pick([undefined, null, 0, 1, NaN, true, false])],
    [1, () => ({})],
    [1, () => Symbol('hash')],
    [1, () => ({ type: 'Buffer', data: Array.from(Buffer.from(h)) })],
  ])
}

module.exports = {
  SEED,
  DEFAULT_SEED,
  ONLY_CASE,
  scaled,
  caseSeed,
  Rng,
  annotate,
  render,
  renderArgs,
  escapeString,
  charFrom,
  genString,
  genKeys,
  genPrimitive,
  genValue,
  genArray,
  genObjectish,
  genThrowingValue,
  genParamsObject,
  genParams,
  genToken,
  genAlgorithm,
  hashNameOf,
  genUrl,
  genWeirdUrl,
  genQuery,
  genHost,
  genPath,
  candidateForms,
  genSignature,
  genBody,
  genBodyHash,
  sha256Hex,
  P5,
  CustomError,
  SUPPORTED_ALGORITHMS,
  UNSUPPORTED_ALGORITHMS,
  HANDPICKED_URLS,
  BODY_STRINGS,
  otherRealm,
}
