'use strict'
// The loopback flood shared by bench/express.js and bench/fastify.js: each side of a
// comparison runs in its own server process on 127.0.0.1, autocannon runs here, rounds
// rotate the order of the sides. Besides req/s (wall clock: very sensitive to other load
// on a shared machine) each server reports its own CPU time per request, which is what
// the middleware changes.
//
//   [--duration 5] [--connections 10] [--rounds 2] [--params 5|30] [--valid 0|1] [--json out.json]
//   [--pin 0|1]
//
// Pinning (the default where `taskset` runs, `--pin 0` to turn it off) keeps each server
// on the last CPU and this process (autocannon) on the others: with both sharing two
// cores, the scheduler moving them around spreads one side's rounds by ±10%; pinned,
// rounds agree within about 1%.

const assert = require('assert')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { fork, execFileSync } = require('child_process')
const autocannon = require('autocannon')
const twilio = require('twilio/lib/webhooks/webhooks')
const { PARAMS5, params30, forgedSignature } = require('./scenarios')

function parseArgs(argv) {
  const options = { duration: 5, connections: 10, rounds: 2, params: 5, valid: 0, json: null, pin: canPin() ? 1 : 0 }
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '')
    if (!(name in options)) throw new Error(`unknown option ${argv[i]}`)
    options[name] = name === 'json' ? argv[++i] : Number(argv[++i])
  }
  options.duration = Math.min(options.duration, 30) // keep the flood bounded
  return options
}

function canPin() {
  if (os.platform() !== 'linux' || os.cpus().length < 2) return false
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** CPU sets for `--pin 1`: the server gets the last CPU, the flood the rest. */
function pinning() {
  const cpus = os.cpus().length
  if (cpus < 2) throw new Error('--pin 1 needs at least two CPUs')
  return { server: String(cpus - 1), flood: cpus === 2 ? '0' : `0-${cpus - 2}` }
}

function pin(pid, cpus) {
  execFileSync('taskset', ['-p', '-c', cpus, String(pid)], { stdio: 'ignore' })
}

function startServer(script, which, pinned) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [which], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    if (pinned) pin(child.pid, pinned.server)
    child.once('message', ({ port }) => resolve({ child, port }))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${which} server exited with ${code}`)))
  })
}

function stopServer({ child }) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', resolve)
    child.disconnect()
    setTimeout(() => child.kill(), 2000).unref()
  })
}

async function post(port, signature, body) {
  const response = await fetch(`http://127.0.0.1:${port}/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body,
  })
  await response.text()
  return response.status
}

function ask(child, message, reply) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m && reply in m) {
        child.off('message', onMessage)
        resolve(m)
      }
    }
    child.on('message', onMessage)
    child.send(message)
  })
}

function flood(port, signature, body, options, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}/voice`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body,
        connections: options.connections,
        duration,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
}

/**
 * Floods one server process per side (`node <server> <side>`, reporting its port and CPU
 * over IPC) and prints the table; `sides` maps side names to labels, the first is the
 * baseline the CPU shares are relative to. `unguarded` sides (no validation, for scale)
 * answer every request with 200.
 */
async function runFlood({ script, title, sides: labels, forgedSeed, argv, unguarded = [] }) {
  const options = parseArgs(argv)
  const params = options.params === 30 ? params30() : PARAMS5
  const body = new URLSearchParams(params).toString()
  const forged = forgedSignature(forgedSeed)
  const sideNames = Object.keys(labels)
  const baseline = sideNames[0]
  const sides = Object.fromEntries(sideNames.map((name) => [name, []]))
  const expected = options.valid ? 200 : 403
  const pinned = options.pin ? pinning() : null
  if (pinned) pin(process.pid, pinned.flood)

  for (let round = 0; round < options.rounds; round++) {
    const order = sideNames.map((_, i) => sideNames[(i + round) % sideNames.length])
    for (const which of order) {
      const server = await startServer(script, which, pinned)
      try {
        // Sanity: a correctly signed request passes, the forged one is refused.
        const url = `http://127.0.0.1:${server.port}/voice`
        const valid = twilio.getExpectedTwilioSignature('12345', url, params)
        assert.strictEqual(await post(server.port, valid, body), 200)
        const guarded = !unguarded.includes(which)
        assert.strictEqual(await post(server.port, forged, body), guarded ? 403 : 200)
        const signature = options.valid ? valid : forged
        await flood(server.port, signature, body, options, 1) // warm-up
        await ask(server.child, 'start', 'started')
        const result = await flood(server.port, signature, body, options, options.duration)
        const usage = await ask(server.child, 'stop', 'cpuMicros')
        const answered = expected === 200 || !guarded ? result['2xx'] : result['4xx'] || result.non2xx
        assert.ok(result.errors === 0 && answered === result.requests.total, `unexpected responses from ${which}`)
        const cpuPerRequest = usage.cpuMicros / usage.requests
        sides[which].push({
          rps: result.requests.average,
          cpuMicrosPerRequest: cpuPerRequest,
          p50ms: result.latency.p50,
          p99ms: result.latency.p99,
          total: result.requests.total,
        })
        console.error(
          `round ${round + 1} ${which}: ${result.requests.average.toFixed(0)} req/s (p99 ${result.latency.p99} ms), ` +
            `server CPU ${cpuPerRequest.toFixed(1)} µs/request`,
        )
      } finally {
        await stopServer(server)
      }
    }
  }

  const median = (values) => {
    const s = [...values].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  const medians = Object.fromEntries(
    sideNames.map((name) => [
      name,
      {
        rps: median(sides[name].map((r) => r.rps)),
        cpuMicrosPerRequest: median(sides[name].map((r) => r.cpuMicrosPerRequest)),
        rounds: sides[name],
      },
    ]),
  )
  const cpuShare = (name) => medians[name].cpuMicrosPerRequest / medians[baseline].cpuMicrosPerRequest
  const summary = {
    command: `node ${path.relative(path.join(__dirname, '..'), process.argv[1] || '-e')} ${argv.join(' ')}`.trim(),
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${os.cpus()[0].model} (${os.cpus().length} logical CPUs)`,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    options,
    labels,
    sides: medians,
    // Server CPU per request relative to the baseline side (lower is better).
    cpuShare: Object.fromEntries(sideNames.slice(1).map((name) => [name, cpuShare(name)])),
  }
  console.log(
    `${title}, ${options.valid ? 'valid' : 'forged'} requests, ${options.params} params, ${options.connections} connections, ` +
      `${options.rounds}×${options.duration} s per side on 127.0.0.1${pinned ? `, server pinned to CPU ${pinned.server}` : ''}`,
  )
  console.log(
    `| side | req/s (median of rounds) | server CPU µs/request (median) | CPU vs ${baseline} |\n| --- | ---: | ---: | ---: |`,
  )
  for (const name of sideNames) {
    const side = medians[name]
    console.log(
      `| ${labels[name]} | ${side.rps.toFixed(0)} | ${side.cpuMicrosPerRequest.toFixed(1)} | ${cpuShare(name).toFixed(2)}× |`,
    )
  }
  console.log(`load average ${summary.loadavg.join(' ')}`)
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(summary, null, 2) + '\n')
  return summary
}

/** Reports the server's own CPU between the driver's 'start' and 'stop' (bench/*-server.js). */
function reportCpu(countRequests) {
  let mark = null
  process.on('message', (message) => {
    if (message === 'start') {
      mark = { cpu: process.cpuUsage(), seen: countRequests() }
      process.send({ started: true })
    } else if (message === 'stop') {
      const cpu = process.cpuUsage(mark.cpu)
      process.send({ cpuMicros: cpu.user + cpu.system, requests: countRequests() - mark.seen })
    }
  })
}

module.exports = { runFlood, reportCpu }
