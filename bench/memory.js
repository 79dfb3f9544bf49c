#!/usr/bin/env node
'use strict'
// Resident memory across 1M validateRequest calls (valid and forged, 5 and 30 params,
// alternating), then, when the build exports it, across 1M validateRawRequest calls
// (valid and forged, 5 and 30 params, each call a new Buffer of a form body).
// Needs --expose-gc:  node --expose-gc bench/memory.js [--json] [--twilio]
// (--twilio measures twilio-node instead, for reference; its raw-body calls are
// `validateRequest(…, querystring.parse(body.toString()))`).

const { build, requests, twilioRaw, TOKEN, URL5, URL30 } = require('./scenarios')

const CALLS = 1_000_000
const LIMIT_MIB = 16
/** Distinct requests per kind for the raw-body phase. */
const RAW_REQUESTS = 64

function mib(bytes) {
  return Number((bytes / (1024 * 1024)).toFixed(1))
}

/** Warms `call` up, then makes CALLS calls of it between two GCs; RSS and heap figures. */
function measure(call, warmupCalls) {
  let sum = 0
  // Warm up: JIT, token cache, allocator pools.
  for (let i = 0; i < warmupCalls; i++) sum += call(i) ? 1 : 0
  global.gc()
  global.gc()
  const before = process.memoryUsage()
  const started = process.hrtime.bigint()
  sum = 0
  for (let i = 0; i < CALLS; i++) sum += call(i) ? 1 : 0
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  global.gc()
  global.gc()
  const after = process.memoryUsage()
  const growth = after.rss - before.rss
  return {
    calls: CALLS,
    validCalls: sum,
    seconds: Number(seconds.toFixed(2)),
    rssBeforeMiB: mib(before.rss),
    rssAfterMiB: mib(after.rss),
    rssGrowthMiB: mib(growth),
    heapUsedGrowthMiB: mib(after.heapUsed - before.heapUsed),
    externalGrowthMiB: mib(after.external - before.external),
    limitMiB: LIMIT_MIB,
    pass: growth < LIMIT_MIB * 1024 * 1024,
  }
}

/** Valid and forged, 5 and 30 params, interleaved: [kind0 #0, kind1 #0, …, kind0 #1, …]. */
function rawCases() {
  const kinds = [
    { size: 5, url: URL5 },
    { size: 5, url: URL5, forged: true },
    { size: 30, url: URL30 },
    { size: 30, url: URL30, forged: true },
  ].map((spec) => requests({ ...spec, count: RAW_REQUESTS }))
  const cases = []
  for (let i = 0; i < RAW_REQUESTS; i++) for (const kind of kinds) cases.push(kind[i])
  return cases
}

function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc')
  const useTwilio = process.argv.includes('--twilio')
  const impl = useTwilio ? require('twilio/lib/webhooks/webhooks') : require('..')
  const cases = build()
    .filter((s) => s.method === 'validateRequest')
    .map((s) => s.args)
  const result = {
    implementation: useTwilio ? 'twilio' : 'ours',
    ...measure((i) => impl.validateRequest(...cases[i % cases.length]), 20_000),
  }

  // null when this build has no validateRawRequest yet.
  const raw = useTwilio ? twilioRaw : typeof impl.validateRawRequest === 'function' ? impl : null
  result.raw = null
  if (raw) {
    const bodies = rawCases()
    // A longer warm-up: each call allocates a Buffer, and V8 takes a few hundred thousand
    // calls to settle its young generation's size, which is not what this check is after
    // (with 20,000, about 7 MiB of the growth was that, with or without a leak).
    result.raw = measure((i) => {
      const r = bodies[i % bodies.length]
      return raw.validateRawRequest(TOKEN, r.signature, r.url, Buffer.from(r.body))
    }, 200_000)
    const expected = (CALLS / bodies.length) * bodies.filter((r) => r.valid).length
    if (result.raw.validCalls !== expected) {
      throw new Error(`validateRawRequest: ${result.raw.validCalls} valid answers, expected ${expected}`)
    }
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else console.log(result)
}

main()
