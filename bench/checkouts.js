#!/usr/bin/env node
'use strict'
// Before and after a change, in one process: validateRequest of two checkouts (each built)
// on fresh querystring.parse objects, alternating rounds, medians of process CPU time.
//
//   node bench/checkouts.js <checkout A> <checkout B> [param counts, default 5,30]
//
// Loading order favours neither side reliably: run it twice with A and B swapped.

const querystring = require('querystring')
const path = require('path')
const twilio = require('twilio')

const [dirA, dirB, countsArg = '5,30'] = process.argv.slice(2)
if (!dirA || !dirB) {
  console.error('usage: node bench/checkouts.js <checkout A> <checkout B> [5,30]')
  process.exit(2)
}
const A = require(path.resolve(dirA))
const B = require(path.resolve(dirB))
const TOKEN = '12345'
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const POOL = 4096
const ROUNDS = 15
const CALLS = 30000

function freshCalls(count) {
  const calls = []
  for (let i = 0; i < POOL; i++) {
    const fields = []
    for (let k = 0; k < count; k++) fields.push(`Field${k}Name=${encodeURIComponent(`value ${k} r${i}+x`)}`)
    const params = querystring.parse(fields.join('&'))
    calls.push({ params, signature: twilio.getExpectedTwilioSignature(TOKEN, URL, params) })
  }
  return calls
}

function nsPerCall(validateRequest, calls) {
  const start = process.cpuUsage()
  for (let i = 0; i < CALLS; i++) {
    const call = calls[i % POOL]
    if (!validateRequest(TOKEN, call.signature, URL, call.params)) throw new Error('a valid request was rejected')
  }
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / CALLS
}

const median = (values) => values.sort((a, b) => a - b)[values.length >> 1]

for (const count of countsArg.split(',').map(Number)) {
  const calls = freshCalls(count)
  const a = []
  const b = []
  for (let round = 0; round < ROUNDS; round++) {
    a.push(nsPerCall(A.validateRequest, calls))
    b.push(nsPerCall(B.validateRequest, calls))
  }
  const [ma, mb] = [median(a), median(b)]
  console.log(`${count} params: A ${ma.toFixed(0)} ns, B ${mb.toFixed(0)} ns, B/A ${(mb / ma).toFixed(3)}`)
}
