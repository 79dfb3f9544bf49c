'use strict'

/**
 * Sorting the keys is the costliest step of building the payload, and a service sees the
 * same few parameter sets over and over (one per kind of webhook). `Object.keys` returns
 * internalized strings, so an identical key list is recognised by identity checks alone
 * and its sorted order reused. Remembers the most recent shapes, newest first.
 */
const MAX_SHAPES = 8
const shapes = []

function sortedKeys(params) {
  const keys = Object.keys(params)
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]
    if (sameKeys(shape.keys, keys)) return shape.sorted
  }
  const sorted = keys.slice().sort()
  if (shapes.length === MAX_SHAPES) shapes.pop()
  shapes.unshift({ keys, sorted })
  return sorted
}

function sameKeys(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The parameter part of the signed payload: keys in `Object.keys` order sorted by UTF-16
 * code units, each followed by its value with no separators. Built once per request and
 * shared by every candidate URL (twilio-node rebuilds it per candidate, which is only
 * observable through getters that answer differently on each read).
 */
function signedParams(params) {
  const keys = sortedKeys(params)
  let text = ''
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    text += paramText(key, params[key])
  }
  return text
}

/**
 * One parameter. Only same-realm arrays (`instanceof Array`) are expanded: values are
 * de-duplicated with SameValueZero (`new Set`), sorted as strings (`undefined` last) and
 * each emitted with the outer key, recursively for nested arrays — the order Twilio uses
 * for repeated form fields such as `MessagingBinding.Address`. Everything else goes
 * through `+`, so `null` hashes as "null" and objects use `valueOf` before `toString`.
 */
function paramText(name, value) {
  if (!(value instanceof Array)) return name + value
  const values = Array.from(new Set(value)).sort()
  let text = ''
  for (let i = 0; i < values.length; i++) text += paramText(name, values[i])
  return text
}

module.exports = { signedParams }
