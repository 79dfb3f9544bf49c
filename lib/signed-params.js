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
 * shared by every candidate URL (twilio-node rebuilds it per candidate, which is only
 * observable through getters that answer differently on each read). Values are read by
 * key: `Object.values` would be one call, but it is many times slower on the
 * dictionary-mode objects that body parsers produce for larger forms.
 */
function signedParams(params) {
  const keys = Object.keys(params)
  const order = sortOrder(keys)
  let text = ''
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]]
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
