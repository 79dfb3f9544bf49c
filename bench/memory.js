#!/usr/bin/env node
'use strict'
// Resident memory across 1M validateRequest calls (valid and forged, 5 and 30 params,
// alternating). Needs --expose-gc:  node --expose-gc bench/memory.js [--json] [--twilio]
// (--twilio measures twilio-node instead, for reference).

const { build } = require('./scenarios')

const CALLS = 1_000_000
const LIMIT_MIB = 16

function mib(bytes) {
  return Number((bytes / (1024 * 1024)).toFixed(1))
}

function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc')
  const useTwilio = process.argv.includes('--twilio')
  const impl = useTwilio ? require('twilio/lib/webhooks/webhooks') : require('..')
  const cases = build()
    .filter((s) => s.method === 'validateRequest')
    .map((s) => s.args)
  let sum = 0
  // Warm up: JIT, token cache, allocator pools.
  for (let i = 0; i < 20_000; i++) sum += impl.validateRequest(...cases[i % cases.length]) ? 1 : 0
  global.gc()
  global.gc()
  const before = process.memoryUsage()
  const started = process.hrtime.bigint()
  for (let i = 0; i < CALLS; i++) sum += impl.validateRequest(...cases[i % cases.length]) ? 1 : 0
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  global.gc()
  global.gc()
  const after = process.memoryUsage()
  const growth = after.rss - before.rss
  const result = {
    implementation: useTwilio ? 'twilio' : 'ours',
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
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else console.log(result)
}

main()
