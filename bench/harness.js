'use strict'
// A small side-by-side timer. Each measured function gets its own generated loop (so its
// call site stays monomorphic), batches are sized to a fixed duration, and the two sides
// of a pair run in alternating order round after round, so load from other processes on
// a shared machine hits both sides alike. Results are medians.

let loopId = 0

/**
 * A function `(n) => checksum` calling `target.method(...args)` n times. The checksum
 * consumes every result so the JIT cannot drop the calls.
 */
function makeLoop(target, method, args) {
  const argList = args.map((_, i) => `a${i}`).join(', ')
  const source = `/* loop ${loopId++} */
    const [${argList}] = args
    return function run(n) {
      let sum = 0
      for (let i = 0; i < n; i++) {
        const r = target.${method}(${argList})
        sum += r === true ? 1 : typeof r === 'string' ? r.length : 0
      }
      return sum
    }`
  return new Function('target', 'args', source)(target, args)
}

/**
 * Like makeLoop, but call k uses the argument list `calls[k % calls.length]`, continuing
 * where the previous run stopped (so short warm-up runs do not keep reusing the first
 * few). The lists are stored as one array per argument position and read by index, so
 * the call site stays monomorphic and passes a fixed number of arguments; the per-call
 * cost of the cycling (an index mask and one array load per argument) is the same for
 * both sides of a pair. `calls.length` must be a power of two.
 */
function makeCyclingLoop(target, method, calls) {
  const count = calls.length
  if (count === 0 || (count & (count - 1)) !== 0) throw new Error(`pool size ${count} is not a power of two`)
  const arity = calls[0].length
  if (calls.some((call) => call.length !== arity)) throw new Error('every call of a pool needs the same number of arguments')
  const columns = calls[0].map((_, position) => calls.map((call) => call[position]))
  const names = columns.map((_, i) => `c${i}`)
  const source = `/* cycling loop ${loopId++} */
    const [${names.join(', ')}] = columns
    const mask = ${count - 1}
    let next = 0
    return function run(n) {
      let sum = 0
      let j = next
      for (let i = 0; i < n; i++) {
        const r = target.${method}(${names.map((name) => `${name}[j]`).join(', ')})
        sum += r === true ? 1 : typeof r === 'string' ? r.length : 0
        j = (j + 1) & mask
      }
      next = j
      return sum
    }`
  return new Function('target', 'columns', source)(target, columns)
}

/**
 * The clock. 'cpu' (default) is the process's user+system CPU time: on a shared machine
 * it does not count the time slices other processes take from us, which wall time does.
 * It does count Node's helper threads (GC, compiler), a real cost of the code measured.
 */
let clock = 'cpu'

function setClock(name) {
  if (name !== 'cpu' && name !== 'wall') throw new Error(`unknown clock ${name}`)
  clock = name
}

/** Nanoseconds since an arbitrary origin, on the selected clock. */
function now() {
  if (clock === 'wall') return Number(process.hrtime.bigint())
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}

/** Nanoseconds per call for one batch of n calls. */
function timeBatch(run, n) {
  const start = now()
  const sum = run(n)
  const elapsed = now() - start
  if (sum < 0) throw new Error('unreachable')
  return elapsed / n
}

/** Batch size so one batch takes about `batchMs` (after a short warm-up). */
function calibrate(run, batchMs) {
  let n = 1
  for (;;) {
    const start = now()
    run(n)
    const ms = (now() - start) / 1e6
    if (ms >= batchMs / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * batchMs) / Math.max(ms, 1e-3)))
    n *= 2
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Times two loops side by side. Returns medians (ns/op) of each side and the median of
 * the per-round ratios a/b (rounds alternate which side goes first).
 */
function compare(runA, runB, { rounds = 21, batchMs = 15, warmupMs = 150 } = {}) {
  for (const run of [runA, runB]) {
    const until = Date.now() + warmupMs
    while (Date.now() < until) run(64)
  }
  const nA = calibrate(runA, batchMs)
  const nB = calibrate(runB, batchMs)
  const a = []
  const b = []
  const ratios = []
  for (let round = 0; round < rounds; round++) {
    let ta
    let tb
    if (round % 2 === 0) {
      ta = timeBatch(runA, nA)
      tb = timeBatch(runB, nB)
    } else {
      tb = timeBatch(runB, nB)
      ta = timeBatch(runA, nA)
    }
    a.push(ta)
    b.push(tb)
    ratios.push(ta / tb)
  }
  return { a: median(a), b: median(b), pairedRatio: median(ratios), nA, nB, rounds }
}

/** ns/op of one loop alone (median of rounds). */
function single(run, { rounds = 15, batchMs = 15, warmupMs = 100 } = {}) {
  const until = Date.now() + warmupMs
  while (Date.now() < until) run(64)
  const n = calibrate(run, batchMs)
  const times = []
  for (let round = 0; round < rounds; round++) times.push(timeBatch(run, n))
  return median(times)
}

/**
 * ns/op of many loops measured together: each round times every loop once, so a burst of
 * load from elsewhere touches all of them rather than a few rows. Medians per loop.
 */
function roundRobin(runs, { rounds = 15, batchMs = 10, warmupMs = 50 } = {}) {
  for (const run of runs) {
    const until = Date.now() + warmupMs
    while (Date.now() < until) run(16)
  }
  const sizes = runs.map((run) => calibrate(run, batchMs))
  const times = runs.map(() => [])
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? runs.map((_, i) => i) : runs.map((_, i) => runs.length - 1 - i)
    for (const i of order) times[i].push(timeBatch(runs[i], sizes[i]))
  }
  return times.map(median)
}

module.exports = { makeLoop, makeCyclingLoop, compare, single, roundRobin, median, setClock, getClock: () => clock }
