'use strict'

// Differential harness: run the same call on our package and on
// twilio@6.3.1's webhooks module and report any observable difference.
//
// Equal means: both returned the same value (Object.is for primitives, deep
// strict equality otherwise), or both threw an error of the same class
// (constructor name) and — when twilio's error has a `code` — the same code.
// Messages may differ (set STRICT_MESSAGES=1 to compare them too). Console
// output (console.warn & co.) produced during the call must be identical.
//
// OURS=twilio points "ours" at twilio itself (to exercise the harness before
// the package exists); the default is the package at the repository root.

const path = require('path')
const util = require('util')
const fc = require('fast-check')
const gen = require('./gen')

const twilio = require('twilio/lib/webhooks/webhooks')

const OURS_IS_TWILIO = process.env.OURS === 'twilio'
const ours = OURS_IS_TWILIO ? twilio : require(path.join(__dirname, '..', '..'))

const STRICT_MESSAGES = process.env.STRICT_MESSAGES === '1'
const CONSOLE_METHODS = ['warn', 'error', 'log', 'info', 'debug', 'trace']

// Run a thunk, capturing its result or exception and console output.
function capture(thunk) {
  const logs = []
  const saved = {}
  for (const m of CONSOLE_METHODS) {
    saved[m] = console[m]
    console[m] = (...args) => {
      logs.push({ method: m, args })
    }
  }
  try {
    const value = thunk()
    return { threw: false, value, logs }
  } catch (error) {
    return { threw: true, error, logs }
  } finally {
    for (const m of CONSOLE_METHODS) console[m] = saved[m]
  }
}

function errorClass(e) {
  if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return 'non-object ' + typeof e
  const ctor = e.constructor
  return ctor && typeof ctor.name === 'string' ? ctor.name : '(no constructor)'
}

function errorCode(e) {
  return e !== null && (typeof e === 'object' || typeof e === 'function') ? e.code : undefined
}

function describeOutcome(o) {
  let s
  if (o.threw) {
    const e = o.error
    const code = errorCode(e)
    const msg = e && typeof e.message === 'string' ? e.message : String(e)
    s = `threw ${errorClass(e)}${code !== undefined ? ` [${code}]` : ''}: ${gen.escapeString(msg.slice(0, 300))}`
  } else {
    s = `returned ${gen.render(o.value)}`
  }
  if (o.logs.length) {
    s += ` | console: ${o.logs.map((l) => `${l.method}(${l.args.map((a) => gen.render(a)).join(', ')})`).join('; ')}`
  }
  return s
}

function sameValue(a, b) {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return util.isDeepStrictEqual(a, b)
}

function sameLogs(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i].method !== b[i].method) return false
    if (a[i].args.length !== b[i].args.length) return false
    for (let j = 0; j < a[i].args.length; j++) {
      if (!sameValue(a[i].args[j], b[i].args[j])) return false
    }
  }
  return true
}

// Returns null when ours matches twilio, else a short reason.
function compareOutcomes(o, t) {
  if (o.threw !== t.threw) return o.threw ? 'ours threw, twilio returned' : 'ours returned, twilio threw'
  if (t.threw) {
    const oc = errorClass(o.error)
    const tc = errorClass(t.error)
    if (oc !== tc) return `error class differs (${oc} vs ${tc})`
    const tcode = errorCode(t.error)
    if (tcode !== undefined && errorCode(o.error) !== tcode) {
      return `error code differs (${String(errorCode(o.error))} vs ${String(tcode)})`
    }
    if (STRICT_MESSAGES) {
      const om = o.error && o.error.message
      const tm = t.error && t.error.message
      if (om !== tm) return 'error message differs'
    }
  } else if (!sameValue(o.value, t.value)) {
    return 'return value differs'
  }
  if (!sameLogs(o.logs, t.logs)) return 'console output differs'
  return null
}

// Run call(impl, args) on both implementations. makeArgs() must build a
// fresh, equivalent argument list on every call.
// impls ({ours, twilio}) overrides the implementations (used by the harness self-check).
function diffCall(makeArgs, call, impls = {}) {
  const a = impls.ours || ours
  const b = impls.twilio || twilio
  // arguments are built outside capture(): a generator bug must fail loudly
  const argsA = makeArgs()
  const argsB = makeArgs()
  const o = capture(() => call(a, argsA))
  const t = capture(() => call(b, argsB))
  return { reason: compareOutcomes(o, t), ours: o, twilio: t }
}

function callExport(name) {
  return (impl, args) => impl[name](...args)
}

function formatMismatch(m) {
  return [
    `  ${m.label}: ${m.reason}`,
    `    call:   ${m.call}${m.argsText}`,
    `    ours:   ${describeOutcome(m.ours)}`,
    `    twilio: ${describeOutcome(m.twilio)}`,
  ].join('\n')
}

function failureReport(title, mismatches, total) {
  const shown = mismatches.slice(0, 12).map(formatMismatch).join('\n')
  return (
    `${title}: ${mismatches.length} of ${total} cases differ from twilio@6.3.1${OURS_IS_TWILIO ? ' (OURS=twilio)' : ''}\n${shown}` +
    (mismatches.length > 12 ? `\n  … and ${mismatches.length - 12} more` : '')
  )
}

// Outcome statistics (of twilio's results), to check that generated inputs
// cover the interesting branches.
function tally(stats, t) {
  let key
  if (t.threw) key = `throw ${errorClass(t.error)}${errorCode(t.error) ? ' ' + errorCode(t.error) : ''}`
  else if (typeof t.value === 'boolean') key = String(t.value)
  else key = 'returned ' + typeof t.value
  if (t.logs.length) key += ' +console'
  stats[key] = (stats[key] || 0) + 1
}

// n fast-check runs of generate(draw) -> args, each run on both implementations. Throws,
// after fast-check has shrunk the first differing case, with that case and how to replay it.
function runGenerated({ label, n, generate, call, callName, impls }) {
  const stats = {}
  let total = 0
  const property = fc.property(fc.gen(), (g) => {
    const makeArgs = gen.twin(g, generate)
    const r = diffCall(makeArgs, call, impls)
    total++
    tally(stats, r.twilio)
    if (r.reason) {
      const m = { label, reason: r.reason, ours: r.ours, twilio: r.twilio, call: callName, argsText: gen.renderArgs(makeArgs()) }
      throw new Error(`differs from twilio@6.3.1${OURS_IS_TWILIO ? ' (OURS=twilio)' : ''}\n${formatMismatch(m)}`)
    }
  })
  gen.assertProperty(label, property, n)
  if (process.env.PRINT_STATS) process.stderr.write(`${label}: ${JSON.stringify(stats)}\n`)
  return { total, stats }
}

// Run a fixed list of argument lists (each built by a thunk, or given as an
// array that must not be mutated) on both implementations.
function runFixed({ label, cases, call, callName, impls }) {
  const mismatches = []
  const stats = {}
  cases.forEach((c, i) => {
    const makeArgs = typeof c === 'function' ? c : () => c.slice()
    const r = diffCall(makeArgs, call, impls)
    tally(stats, r.twilio)
    if (r.reason) {
      mismatches.push({
        label: `${label}[${i}]`,
        reason: r.reason,
        ours: r.ours,
        twilio: r.twilio,
        call: callName,
        argsText: gen.renderArgs(makeArgs()),
      })
    }
  })
  if (process.env.PRINT_STATS) process.stderr.write(`${label}: ${JSON.stringify(stats)}\n`)
  if (mismatches.length) throw new Error(failureReport(label, mismatches, cases.length))
  return { total: cases.length, stats }
}

module.exports = {
  ours,
  twilio,
  OURS_IS_TWILIO,
  capture,
  compareOutcomes,
  describeOutcome,
  diffCall,
  callExport,
  runGenerated,
  runFixed,
  errorClass,
}
