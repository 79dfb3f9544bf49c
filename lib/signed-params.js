'use strict'

/**
 * Sorting the keys is the costliest step of building the payload, and a service sees the
 * same few parameter sets over and over (one per kind of webhook). `Object.keys` returns
 * internalized strings, so an identical key list is recognised by identity checks alone
 * and its sort order (as positions in that list) reused. Remembers the most recent
 * shapes, newest first.
 */
const MAX_SHAPES = 8
const shapes = []

function sortOrder(keys) {
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]
    if (sameKeys(shape.keys, keys)) return shape.order
  }
  const order = keys.map((_, position) => position)
  const sorted = keys.slice().sort()
  // Equal keys cannot occur (own property names are unique), so positions are unambiguous.
  const positionOf = new Map(keys.map((key, position) => [key, position]))
  for (let i = 0; i < sorted.length; i++) order[i] = positionOf.get(sorted[i])
  if (shapes.length === MAX_SHAPES) shapes.pop()
  shapes.unshift({ keys, order })
  return order
}

function sameKeys(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The parameter part of the signed payload: keys in `Object.keys` order sorted by UTF-16
 * code units, each followed by its value with no separators. Built once per request and
 * shared by every candidate URL. twilio-node rebuilds it per candidate and reads values
 * in sorted order; we read them all at once (`Object.values`, in `Object.keys` order),
 * which only getters with side effects can tell apart.
 */
function signedParams(params) {
  const keys = Object.keys(params)
  const order = sortOrder(keys)
  const values = Object.values(params)
  let text = ''
  if (values.length !== keys.length) {
    // Only a Proxy can list different keys twice in a row; read each value by its key.
    for (let i = 0; i < order.length; i++) text += paramText(keys[order[i]], params[keys[order[i]]])
    return text
  }
  for (let i = 0; i < order.length; i++) {
    const position = order[i]
    text += paramText(keys[position], values[position])
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
