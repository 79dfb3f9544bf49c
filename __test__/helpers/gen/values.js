'use strict'

// Parameter values: every type twilio's signing code stringifies or expands differently
// (arrays, duplicates, holes, other realms, subclasses, proxies, objects with their own
// valueOf / toString / toPrimitive, and values whose conversion throws).

const vm = require('vm')
const { annotate, render, otherRealm } = require('./render')
const { charFrom, genString } = require('./strings')

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

function genPrimitive(draw) {
  return draw.weighted([
    [40, () => genString(draw, 10)],
    [15, () => draw.pick(NUMBERS)],
    [6, () => draw.range(-1000, 100000)],
    [5, () => draw.chance(0.5)],
    [5, null],
    [5, undefined],
    [4, () => draw.pick(BIGINTS)],
    [8, () => draw.pick(['1', '01', '10', '9', 'NaN', 'null', 'undefined', 'true', '', ' ', '0'])],
  ])
}

function genObjectish(draw, depth) {
  return draw.weighted([
    [10, () => ({})],
    [
      6,
      () => {
        const v = genPrimitive(draw)
        const s = genString(draw, 5)
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
        const s = genString(draw, 5)
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
    [3, () => new Date(draw.pick(DATES))],
    [1, () => new Date(NaN)],
    [2, () => new String(genString(draw, 4))],
    [2, () => new Number(draw.pick(NUMBERS))],
    [1, () => new Boolean(draw.chance(0.5))],
    [2, () => ({ [Symbol.toStringTag]: 'Tagged' })],
    [2, () => new Map([['a', '1']])],
    [2, () => new Set(['b', 'a'])],
    [2, () => new Uint8Array([3, 1, 2])],
    [2, () => Buffer.from(genString(draw, 4))],
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
        o[genString(draw, 3)] = genValue(draw, depth - 1)
        return o
      },
    ],
  ])
}

function genThrowingValue(draw) {
  return draw.weighted([
    [4, () => Symbol(genString(draw, 3, [[1, 'alnum']]))],
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

function genArray(draw, depth, allowThrowing) {
  const n = draw.weighted([
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
    const r = draw.float()
    if (r < 0.25 && pool.length)
      v = draw.pick(pool) // duplicate
    else if (r < 0.35) v = draw.pick(['1', 1, '01', 1.0, '10', 10, '9', 9, NaN, 0, -0, '0', '-0'])
    else if (r < 0.45 && depth > 0) v = genArray(draw, depth - 1, allowThrowing)
    else if (r < 0.52) v = genObjectish(draw, depth - 1)
    else if (r < 0.54 && allowThrowing) v = genThrowingValue(draw)
    else if (r < 0.62) v = draw.pick([undefined, null, true, false, '', 'undefined', 'null'])
    else {
      // strings sharing prefixes, with chars where sort orders differ
      const prev = pool.length && draw.chance(0.5) ? draw.pick(pool) : undefined
      const base = typeof prev === 'string' ? prev : genString(draw, 5)
      v = draw.chance(0.6) ? base + charFrom(draw, draw.pick(['astral', 'highbmp', 'surrogate', 'ascii'])) : base
    }
    pool.push(v)
    arr.push(v)
  }
  if (n > 0 && draw.chance(0.12)) {
    // holes
    arr.length += draw.range(1, 2)
    if (draw.chance(0.5)) delete arr[draw.int(n)]
  }
  if (draw.chance(0.05))
    return vm.runInContext(`[${arr.map((x) => (typeof x === 'string' ? JSON.stringify(x) : '0')).join(',')}]`, otherRealm)
  if (draw.chance(0.03)) return WeirdArray.from(arr)
  if (draw.chance(0.02)) return new Proxy(arr, {})
  return arr
}

function genValue(draw, depth = 2, allowThrowing = true) {
  return draw.weighted([
    [45, () => genPrimitive(draw)],
    [22, () => genArray(draw, depth, allowThrowing)],
    [12, () => genObjectish(draw, depth)],
    [allowThrowing ? 2 : 0, () => genThrowingValue(draw)],
    [8, () => genString(draw, 30)],
  ])
}

module.exports = {
  NUMBERS,
  BIGINTS,
  CustomError,
  WeirdArray,
  genPrimitive,
  genObjectish,
  genThrowingValue,
  genArray,
  genValue,
}
