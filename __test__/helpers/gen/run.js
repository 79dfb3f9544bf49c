'use strict'

// Seeds, run counts and replay for every fast-check property of the suites.
//   FC_SEED=<integer or text>  base seed (each property mixes in its label)
//   FC_PATH=<label>:<path>     the property `label` replays the counterexample a failure reported
//   FC_SCALE=<x>               multiplies every numRuns (0.1 for a smoke run, 10 for a soak)

const fc = require('fast-check')

const DEFAULT_SEED = 0x7a11c0de

function fnv1a(s) {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

function parseSeed(text) {
  if (text === undefined || text === '') return DEFAULT_SEED
  const n = Number(text)
  return Number.isInteger(n) ? n >>> 0 : fnv1a(String(text))
}

const SEED = parseSeed(process.env.FC_SEED)
const SCALE = Number(process.env.FC_SCALE || 1)

const REPLAY = (() => {
  const text = process.env.FC_PATH
  if (!text) return null
  const at = text.lastIndexOf(':')
  return { label: text.slice(0, at), path: text.slice(at + 1) }
})()
const REPLAYING = REPLAY !== null
// assertions on the spread of outcomes (enough true and false verdicts, each error class
// reached) need every run: they are skipped for a replayed case or a scaled-down run
const FULL_RUN = !REPLAYING && !(SCALE < 1)

function scaled(n) {
  return Math.max(1, Math.round(n * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)))
}

function seedFor(label) {
  return (SEED ^ fnv1a(label)) | 0
}

// A property's runs take seconds; shrinking a failure of a differential property can take
// far longer (every step builds and compares both sides), so a failure is reported with
// the counterexample shrunk so far once this much time has gone.
const TIME_LIMIT_MS = 60000

// fast-check parameters of the property called `label`; `extra` adds runner options
function fcParams(label, numRuns, extra = {}) {
  const params = {
    numRuns: scaled(numRuns),
    seed: seedFor(label),
    includeErrorInReport: true,
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    ...extra,
  }
  if (REPLAY !== null && REPLAY.label === label) Object.assign(params, { path: REPLAY.path, endOnFailure: true })
  return params
}

// fast-check's own report repeats the path and, for fc.gen(), prints the raw choices; the
// predicates' errors already render the inputs as JavaScript, so they are the report
function failure(label, details) {
  const error = details.errorInstance
  const counterexample = details.counterexample.map((v) => (typeof v === 'function' ? '<fc.gen choices>' : fc.stringify(v)))
  const shrunk = details.interrupted
    ? `shrunk ${details.numShrinks} times before the time limit`
    : `shrunk ${details.numShrinks} times`
  return new Error(
    `${label}: failed after ${details.numRuns} runs, ${shrunk}\n` +
      `replay: FC_SEED=${SEED} FC_PATH='${label}:${details.counterexamplePath}'\n` +
      `counterexample: ${counterexample.join(', ').slice(0, 2000)}\n` +
      (error instanceof Error ? error.message : String(error)),
  )
}

// An interrupted run with no failure ran fewer cases than it claims: that fails too.
function verdict(label, details) {
  if (details.failed) throw failure(label, details)
  if (details.interrupted) {
    throw new Error(`${label}: only ${details.numRuns} runs in the ${TIME_LIMIT_MS / 1000} s limit (seed ${details.seed})`)
  }
}

// fc.assert with a failure message that says how to replay the shrunk case.
function assertProperty(label, property, numRuns, extra) {
  verdict(label, fc.check(property, fcParams(label, numRuns, extra)))
}

async function assertAsyncProperty(label, property, numRuns, extra) {
  verdict(label, await fc.check(property, fcParams(label, numRuns, extra)))
}

module.exports = { SEED, REPLAYING, FULL_RUN, scaled, seedFor, fcParams, assertProperty, assertAsyncProperty }
