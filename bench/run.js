#!/usr/bin/env node
'use strict'
// Side-by-side benchmark: @twilio-native/webhooks vs twilio@6.3.1's webhooks module, in
// one process, with identical arguments. Most rows reuse one argument list; the "fresh
// objects" and "raw body" rows cycle through a pool of distinct requests, as a server
// sees them (see buildPooled in scenarios.js). The raw-body rows need ours'
// validateRawRequest and are skipped, with a note, when the build does not export it.
//
//   node bench/run.js                      table on stdout
//   node bench/run.js --json out.json      also write the results as JSON
//   node bench/run.js --check              exit 1 if a must-reach ratio is missed
//   options: --rounds N (default 21), --batch-ms N (default 15), --no-memory,
//            --only <substring of a scenario name>, --clock cpu|wall (default cpu:
//            process CPU time, robust to other processes sharing the cores)

const assert = require('assert')
const os = require('os')
const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')
const twilio = require('twilio/lib/webhooks/webhooks')
const ours = require('..')
const { build, buildPooled } = require('./scenarios')
const { makeLoop, makeCyclingLoop, compare, setClock } = require('./harness')

function parseArgs(argv) {
  const options = { json: null, check: false, rounds: 21, batchMs: 15, memory: true, only: null, clock: 'cpu' }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') options.json = argv[++i]
    else if (arg === '--check') options.check = true
    else if (arg === '--rounds') options.rounds = Number(argv[++i])
    else if (arg === '--batch-ms') options.batchMs = Number(argv[++i])
    else if (arg === '--no-memory') options.memory = false
    else if (arg === '--only') options.only = argv[++i]
    else if (arg === '--clock') options.clock = argv[++i]
    else throw new Error(`unknown option ${arg}`)
  }
  return options
}

function checkParity(scenario) {
  const expectedText = JSON.stringify(scenario.expected)
  const theirs = twilio[scenario.method](...scenario.args)
  const mine = ours[scenario.method](...scenario.args)
  assert.deepStrictEqual(mine, theirs, `${scenario.name}: ours ${JSON.stringify(mine)} vs twilio ${JSON.stringify(theirs)}`)
  assert.deepStrictEqual(theirs, scenario.expected, `${scenario.name}: expected ${expectedText}`)
}

/**
 * A pooled row: every request of its pool, on both sides, gives the row's answer. Returns
 * the pool size. The pool is dropped afterwards; timing builds its own (same contents).
 */
function checkPoolParity(scenario) {
  const theirTarget = scenario.twilioTarget || twilio
  const calls = scenario.calls()
  const distinct = new Set(calls.map((args) => args[1])).size
  assert.strictEqual(distinct, calls.length, `${scenario.name}: ${distinct} distinct signatures in a pool of ${calls.length}`)
  calls.forEach((args, k) => {
    const theirs = theirTarget[scenario.method](...args)
    const mine = ours[scenario.method](...args)
    assert.strictEqual(mine, theirs, `${scenario.name}, request ${k}: ours ${mine} vs twilio ${theirs}`)
    assert.strictEqual(theirs, scenario.expected, `${scenario.name}, request ${k}: expected ${scenario.expected}`)
  })
  return calls.length
}

function cpuModel() {
  const cpus = os.cpus()
  return cpus.length ? `${cpus[0].model} (${cpus.length} logical CPUs)` : 'unknown'
}

function fmt(ns) {
  const us = ns / 1000
  return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2)
}

function table(rows) {
  const header = ['scenario', 'twilio µs/op', 'ours µs/op', 'ratio (twilio/ours)', 'paired ratio', 'must reach', '']
  const lines = rows.map((row) => [
    row.name,
    fmt(row.twilioNs),
    fmt(row.oursNs),
    `${row.ratio.toFixed(2)}×`,
    `${row.pairedRatio.toFixed(2)}×`,
    row.mustReach ? `≥ ${row.mustReach}×` : '–',
    row.mustReach ? (row.pass ? 'pass' : 'FAIL') : '',
  ])
  const all = [header, ...lines]
  const widths = header.map((_, c) => Math.max(1, ...all.map((line) => line[c].length)))
  const render = (line) =>
    '| ' + line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ') + ' |'
  const rule = '| ' + widths.map((w, c) => (c === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |'
  return [render(header), rule, ...lines.map(render)].join('\n')
}

/** What the measured code is built from; changes elsewhere (docs, CI) do not make a run "dirty". */
const MEASURED_PATHS = [
  'lib',
  'src',
  'crates',
  'index.js',
  'Cargo.toml',
  'Cargo.lock',
  'package.json',
  'bench',
  ':(exclude)bench/results.json',
]

/** HEAD and whether the measured code differs from it (the binary may be newer than HEAD). */
function gitState() {
  try {
    const root = path.join(__dirname, '..')
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    const status = ['status', '--porcelain', '--untracked-files=no', '--', ...MEASURED_PATHS]
    const dirty = execFileSync('git', status, { cwd: root, encoding: 'utf8' }).trim() !== ''
    return { commit, dirty }
  } catch {
    return null
  }
}

function memory() {
  const script = path.join(__dirname, 'memory.js')
  const out = execFileSync(process.execPath, ['--expose-gc', script, '--json'], { encoding: 'utf8' })
  return JSON.parse(out)
}

function main() {
  const options = parseArgs(process.argv.slice(2))
  setClock(options.clock)
  let scenarios = [...build(), ...buildPooled()]
  if (options.only) scenarios = scenarios.filter((s) => s.name.includes(options.only))
  // Rows for an export this build does not have yet (validateRawRequest) are left out.
  const missing = scenarios.filter((s) => typeof ours[s.method] !== 'function')
  for (const method of new Set(missing.map((s) => s.method))) {
    const count = missing.filter((s) => s.method === method).length
    console.error(`note: ${method} not available; skipping ${count} row${count === 1 ? '' : 's'}`)
  }
  scenarios = scenarios.filter((s) => !missing.includes(s))
  let pooledRequests = 0
  for (const scenario of scenarios) {
    if (scenario.calls) pooledRequests += checkPoolParity(scenario)
    else checkParity(scenario)
  }
  console.error(
    `parity: ${scenarios.length} scenarios give identical results in both implementations` +
      (pooledRequests ? ` (every one of the ${pooledRequests.toLocaleString('en-US')} pooled requests checked)` : ''),
  )

  const rows = []
  for (const scenario of scenarios) {
    let theirs
    let mine
    if (scenario.calls) {
      // Built now, for this row only: fresh objects, and no pool kept alive under other rows.
      const calls = scenario.calls()
      theirs = makeCyclingLoop(scenario.twilioTarget || twilio, scenario.method, calls)
      mine = makeCyclingLoop(ours, scenario.method, calls)
    } else {
      theirs = makeLoop(twilio, scenario.method, scenario.args)
      mine = makeLoop(ours, scenario.method, scenario.args)
    }
    const r = compare(theirs, mine, { rounds: options.rounds, batchMs: options.batchMs })
    const ratio = r.a / r.b
    const row = {
      name: scenario.name,
      twilioNs: r.a,
      oursNs: r.b,
      ratio,
      pairedRatio: r.pairedRatio,
      mustReach: scenario.mustReach,
      pass: scenario.mustReach ? ratio >= scenario.mustReach : null,
      rounds: r.rounds,
    }
    rows.push(row)
    console.error(`  ${scenario.name}: ${fmt(r.a)} µs vs ${fmt(r.b)} µs → ${ratio.toFixed(2)}×`)
  }

  const result = {
    command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpuModel(),
    git: gitState(),
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    rounds: options.rounds,
    batchMs: options.batchMs,
    clock: options.clock,
    rows,
    memory: options.memory ? memory() : null,
  }
  result.table = table(rows)

  console.log(result.table)
  console.log(
    `\nratio = median twilio time / median ours time; paired ratio = median of per-round ratios ` +
      `(${options.rounds} alternating rounds of ~${options.batchMs} ms per side, ${options.clock === 'cpu' ? 'process CPU time' : 'wall time'}).`,
  )
  console.log(`Node ${result.node}, ${result.cpu}, load average ${result.loadavg.join(' ')}`)
  if (result.memory) {
    const m = result.memory
    console.log(
      `memory: ${m.calls.toLocaleString('en-US')} validateRequest calls, RSS ${m.rssBeforeMiB} → ${m.rssAfterMiB} MiB ` +
        `(growth ${m.rssGrowthMiB} MiB, limit < ${m.limitMiB} MiB: ${m.pass ? 'pass' : 'FAIL'})`,
    )
    if (m.raw) {
      console.log(
        `memory: ${m.raw.calls.toLocaleString('en-US')} validateRawRequest calls (fresh Buffers), RSS ${m.raw.rssBeforeMiB} → ` +
          `${m.raw.rssAfterMiB} MiB (growth ${m.raw.rssGrowthMiB} MiB, limit < ${m.raw.limitMiB} MiB: ${m.raw.pass ? 'pass' : 'FAIL'})`,
      )
    } else {
      console.log('memory: validateRawRequest not available; its RSS check skipped')
    }
  }
  if (options.json) {
    fs.writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n')
    console.error(`wrote ${options.json}`)
  }

  const failed = rows.filter((row) => row.mustReach && !row.pass).map((row) => row.name)
  if (result.memory && !result.memory.pass) failed.push('memory')
  if (result.memory && result.memory.raw && !result.memory.raw.pass) failed.push('memory (validateRawRequest)')
  if (failed.length) {
    console.error(`missed: ${failed.join(', ')}`)
    if (options.check) process.exitCode = 1
  }
}

main()
