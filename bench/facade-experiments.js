#!/usr/bin/env node
'use strict'
// JS-side what-ifs for the facade, measured side by side (process CPU time, medians):
//  - flattening params with `+=` (today: builds a rope V8 must flatten when napi reads
//    it) vs collecting parts and `join('')` (a flat string from the start);
//  - the native call fed a fresh rope vs an already-flat string.
//   node bench/facade-experiments.js

const assert = require('assert')
const native = require('../lib/load-binding')
const { signedParams } = require('../lib/signed-params')
const { signingKey } = require('../lib/signing-keys')
const { TOKEN, URL5, PARAMS5, VALID5, params30 } = require('./scenarios')
const { makeLoop, compare } = require('./harness')
const twilio = require('twilio/lib/webhooks/webhooks')

/** Same output as signedParams for plain string values (arrays omitted: not in these inputs). */
function signedParamsJoin(params) {
  const keys = Object.keys(params).sort()
  const parts = new Array(keys.length * 2)
  for (let i = 0; i < keys.length; i++) {
    const value = params[keys[i]]
    if (value instanceof Array) return signedParams(params)
    parts[2 * i] = keys[i]
    parts[2 * i + 1] = '' + value
  }
  return parts.join('')
}

const key = signingKey(TOKEN, 0)
const P30 = params30()
const URL30 = 'https://example.com/voice/incoming?tenant=42&region=us1'
const valid30 = twilio.getExpectedTwilioSignature(TOKEN, URL30, P30)
assert.strictEqual(signedParamsJoin(P30), signedParams(P30))
void native

const api = {
  concat: (p) => signedParams(p),
  join: (p) => signedParamsJoin(p),
  nativeConcat: (s, u, p) => key.validate(s, u, signedParams(p), false),
  nativeJoin: (s, u, p) => key.validate(s, u, signedParamsJoin(p), false),
}

const lines = ['| experiment | today ns | variant ns | saving |', '| --- | ---: | ---: | ---: |']
for (const [name, a, b, args] of [
  ['flatten 5 params: += vs join', 'concat', 'join', [PARAMS5]],
  ['flatten 30 params: += vs join', 'concat', 'join', [P30]],
  ['flatten + key.validate, valid 5', 'nativeConcat', 'nativeJoin', [VALID5, URL5, PARAMS5]],
  ['flatten + key.validate, valid 30', 'nativeConcat', 'nativeJoin', [valid30, URL30, P30]],
]) {
  const r = compare(makeLoop(api, a, args), makeLoop(api, b, args), { rounds: 21 })
  lines.push(`| ${name} | ${r.a.toFixed(0)} | ${r.b.toFixed(0)} | ${((1 - r.b / r.a) * 100).toFixed(0)} % |`)
}
console.log(lines.join('\n'))
console.log(`\nNode ${process.version}; process CPU time, median of 21 alternating rounds`)

// Where flattening 30 params goes: Object.keys, the default sort, the concatenation.
{
  const sortedCopy = {}
  for (const k of Object.keys(P30).sort()) sortedCopy[k] = P30[k]
  const parts = {
    keys: (p) => Object.keys(p),
    keysSort: (p) => Object.keys(p).sort(),
    flatten: (p) => signedParams(p),
  }
  const { single } = require('./harness')
  const rows = [
    ['Object.keys(30 params)', 'keys', [P30]],
    ['Object.keys(30 params).sort(), unsorted input', 'keysSort', [P30]],
    ['Object.keys(30 params).sort(), input already sorted', 'keysSort', [sortedCopy]],
    ['signedParams(30 params), unsorted input', 'flatten', [P30]],
    ['signedParams(30 params), input already sorted', 'flatten', [sortedCopy]],
  ]
  console.log('\n| piece | ns |\n| --- | ---: |')
  for (const [name, method, args] of rows) console.log(`| ${name} | ${single(makeLoop(parts, method, args)).toFixed(0)} |`)
}

// Sorting the keys: default sort vs a comparator vs insertion sort (same order for
// distinct string keys: all compare UTF-16 code units).
{
  function insertionSorted(keys) {
    for (let i = 1; i < keys.length; i++) {
      const key = keys[i]
      let j = i - 1
      while (j >= 0 && keys[j] > key) {
        keys[j + 1] = keys[j]
        j--
      }
      keys[j + 1] = key
    }
    return keys
  }
  const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
  const sorts = {
    defaultSort: (p) => Object.keys(p).sort(),
    comparator: (p) => Object.keys(p).sort(byCodeUnits),
    insertion: (p) => insertionSorted(Object.keys(p)),
  }
  assert.deepStrictEqual(sorts.insertion(P30), sorts.defaultSort(P30))
  assert.deepStrictEqual(sorts.comparator(P30), sorts.defaultSort(P30))
  console.log('\n| sorting Object.keys | default sort() ns | variant ns | saving |\n| --- | ---: | ---: | ---: |')
  for (const [name, variant, params] of [
    ['30 keys, sort(comparator)', 'comparator', P30],
    ['30 keys, insertion sort', 'insertion', P30],
    ['5 keys, sort(comparator)', 'comparator', PARAMS5],
    ['5 keys, insertion sort', 'insertion', PARAMS5],
  ]) {
    const r = compare(makeLoop(sorts, 'defaultSort', [params]), makeLoop(sorts, variant, [params]), { rounds: 21 })
    console.log(`| ${name} | ${r.a.toFixed(0)} | ${r.b.toFixed(0)} | ${((1 - r.b / r.a) * 100).toFixed(0)} % |`)
  }
}

// The cost of handing napi a freshly built rope: both loops flatten the params (same JS
// work); one passes the new rope, the other an identical string that is already flat.
{
  const flat30 = signedParams(P30)
  flat30.length // eslint-disable-line no-unused-expressions
  key.validate(valid30, URL30, flat30, false) // flattens it once, for good
  const ropes = {
    rope: (s, u, p) => key.validate(s, u, signedParams(p), false),
    flat: (s, u, p) => (signedParams(p), key.validate(s, u, flat30, false)),
  }
  const r = compare(makeLoop(ropes, 'rope', [valid30, URL30, P30]), makeLoop(ropes, 'flat', [valid30, URL30, P30]), { rounds: 21 })
  console.log(`\n| valid 30: pass the fresh rope | pass a flat copy | rope cost |\n| ---: | ---: | ---: |\n| ${r.a.toFixed(0)} | ${r.b.toFixed(0)} | ${(r.a - r.b).toFixed(0)} ns |`)
}

// Reading the values: params[key] per sorted key (a keyed load with a different name each
// time) vs one Object.values() call and a cached sort permutation. NB: Object.values
// reads getters in insertion order, not sorted order (observable only through getters).
{
  const keys = Object.keys(P30)
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : 1))
  const sortedNames = order.map((i) => keys[i])
  const reads = {
    keyed: (p) => {
      let text = ''
      for (let i = 0; i < sortedNames.length; i++) {
        const key = sortedNames[i]
        text += key + p[key]
      }
      return text
    },
    values: (p) => {
      const values = Object.values(p)
      let text = ''
      for (let i = 0; i < order.length; i++) text += sortedNames[i] + values[order[i]]
      return text
    },
  }
  assert.strictEqual(reads.values(P30), signedParams(P30))
  assert.strictEqual(reads.keyed(P30), signedParams(P30))
  const r = compare(makeLoop(reads, 'keyed', [P30]), makeLoop(reads, 'values', [P30]), { rounds: 21 })
  console.log(
    `\n| 30 params, sort order known | params[key] reads ns | Object.values + permutation ns | saving |\n| --- | ---: | ---: | ---: |\n` +
      `| concatenation only | ${r.a.toFixed(0)} | ${r.b.toFixed(0)} | ${((1 - r.b / r.a) * 100).toFixed(0)} % |`,
  )
  const whole = { today: (p) => signedParams(p), keyed: reads.keyed }
  const w = compare(makeLoop(whole, 'today', [P30]), makeLoop(whole, 'keyed', [P30]), { rounds: 21 })
  console.log(`| signedParams today vs the bare keyed loop | ${w.a.toFixed(0)} | ${w.b.toFixed(0)} | ${((1 - w.b / w.a) * 100).toFixed(0)} % |`)
}
