#!/usr/bin/env node
'use strict'
// JS-side what-ifs for the facade (lib/signed-params.js and the native call), each measured
// side by side against what the facade does today (process CPU time, medians of
// alternating rounds):
//  1. reading the values: params[key] per sorted key (today) vs Object.values() + the
//     cached permutation, on fast-mode objects (literals) and on the dictionary-mode
//     objects body parsers build (querystring.parse, as express.urlencoded({extended:false})
//     does, and qs.parse for extended: true);
//  2. flattening with `+=` (today) vs collecting parts and Array.join('');
//  3. sorting the keys: default sort() vs a comparator vs an insertion sort;
//  4. handing the native call a freshly built rope vs an already-flat string.
//
//   node bench/facade-experiments.js

const assert = require('assert')
const querystring = require('querystring')
const v8 = require('v8')
const qs = require('qs')
const native = require('../lib/load-binding')
const { signedParams } = require('../lib/signed-params')
const { TOKEN, URL5, PARAMS5, VALID5, params30 } = require('./scenarios')
const { makeLoop, compare, single } = require('./harness')
const twilio = require('twilio/lib/webhooks/webhooks')

v8.setFlagsFromString('--allow-natives-syntax')
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)')

const P30 = params30()
const URL30 = 'https://example.com/voice/incoming?tenant=42&region=us1'
const valid30 = twilio.getExpectedTwilioSignature(TOKEN, URL30, P30)
const pct = (a, b) => `${((1 - b / a) * 100).toFixed(0)} %`
const ns = (x) => x.toFixed(0)

function formOf(params) {
  return querystring.stringify(params)
}

// ---- 1. Reading values: by key vs Object.values, fast vs dictionary-mode objects ------
{
  const inputs = [
    ['5 params, object literal', PARAMS5],
    ['5 params, querystring.parse (express.urlencoded extended:false)', querystring.parse(formOf(PARAMS5))],
    ['30 params, object literal', P30],
    ['30 params, querystring.parse (express.urlencoded extended:false)', querystring.parse(formOf(P30))],
    ['30 params, qs.parse (express.urlencoded extended:true)', qs.parse(formOf(P30))],
  ]
  console.log(
    '| params object | V8 fast properties? | params[key] (today) ns | Object.values + permutation ns | Object.values slower by |',
  )
  console.log('| --- | --- | ---: | ---: | ---: |')
  for (const [name, params] of inputs) {
    // Both read the sort order from the same cache the facade uses; only the reads differ.
    const keys = Object.keys(params)
    const sortedNames = keys.slice().sort()
    const order = sortedNames.map((k) => keys.indexOf(k))
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
    assert.strictEqual(reads.keyed(params), signedParams(params))
    assert.strictEqual(reads.values(params), signedParams(params))
    const r = compare(makeLoop(reads, 'keyed', [params]), makeLoop(reads, 'values', [params]), { rounds: 21 })
    console.log(
      `| ${name} | ${hasFastProperties(params) ? 'yes' : 'no (dictionary)'} | ${ns(r.a)} | ${ns(r.b)} | ${(r.b / r.a).toFixed(2)}× |`,
    )
  }
}

// ---- 2. += vs Array.join --------------------------------------------------------------
/** Same output as signedParams for plain string values (arrays fall back). */
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
assert.strictEqual(signedParamsJoin(P30), signedParams(P30))
{
  const api = {
    concat: (p) => signedParams(p),
    join: (p) => signedParamsJoin(p),
    nativeConcat: (s, u, p) => native.validate(TOKEN, 0, s, u, signedParams(p)),
    nativeJoin: (s, u, p) => native.validate(TOKEN, 0, s, u, signedParamsJoin(p)),
  }
  console.log('\n| flattening | today (+=) ns | Array.join ns | saving |\n| --- | ---: | ---: | ---: |')
  for (const [name, a, b, args] of [
    ['flatten 5 params', 'concat', 'join', [PARAMS5]],
    ['flatten 30 params', 'concat', 'join', [P30]],
    ['flatten + native.validate, valid 5', 'nativeConcat', 'nativeJoin', [VALID5, URL5, PARAMS5]],
    ['flatten + native.validate, valid 30', 'nativeConcat', 'nativeJoin', [valid30, URL30, P30]],
  ]) {
    const r = compare(makeLoop(api, a, args), makeLoop(api, b, args), { rounds: 21 })
    console.log(`| ${name} | ${ns(r.a)} | ${ns(r.b)} | ${pct(r.a, r.b)} |`)
  }
}

// ---- 3. Sorting the keys (the shape-cache miss path) ----------------------------------
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
    console.log(`| ${name} | ${ns(r.a)} | ${ns(r.b)} | ${pct(r.a, r.b)} |`)
  }
  const parts = { keys: (p) => Object.keys(p), flatten: (p) => signedParams(p) }
  console.log('\n| piece | ns |\n| --- | ---: |')
  console.log(`| Object.keys(30 params) | ${ns(single(makeLoop(parts, 'keys', [P30])))} |`)
  console.log(`| signedParams(30 params), sort order from the shape cache | ${ns(single(makeLoop(parts, 'flatten', [P30])))} |`)
}

// ---- 4. The fresh rope ----------------------------------------------------------------
// Both loops do the same JS flattening; one passes the new rope, the other an identical
// string that is already flat.
{
  const flat30 = signedParams(P30)
  native.validate(TOKEN, 0, valid30, URL30, flat30) // flattens it once, for good
  const ropes = {
    rope: (s, u, p) => native.validate(TOKEN, 0, s, u, signedParams(p)),
    flat: (s, u, p) => (signedParams(p), native.validate(TOKEN, 0, s, u, flat30)),
  }
  const r = compare(makeLoop(ropes, 'rope', [valid30, URL30, P30]), makeLoop(ropes, 'flat', [valid30, URL30, P30]), {
    rounds: 21,
  })
  console.log(
    `\n| valid 30: pass the fresh rope ns | pass a flat copy ns | rope cost |\n| ---: | ---: | ---: |\n| ${ns(r.a)} | ${ns(r.b)} | ${ns(r.a - r.b)} ns |`,
  )
}

console.log(`\nNode ${process.version}; process CPU time, median of 21 alternating rounds per pair`)
