'use strict'

const native = require('./load-binding')

/**
 * Sorting the keys is the costliest step of building the payload, and a service sees the
 * same few parameter sets over and over (one per kind of webhook). `Object.keys` returns
 * internalized strings, so an identical key list is recognised by identity checks alone
 * and its sort order (as positions in that list) reused. Remembers the most recent
 * shapes, newest first; each also sits in a numbered native slot holding its sorted
 * keys, so that a request can send only its values (see `readParams`).
 */
const MAX_SHAPES = 8
const shapes = []

function shapeOf(keys) {
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]
    if (sameKeys(shape.keys, keys)) return shape
  }
  const order = keys.map((_, position) => position)
  const sortedKeys = keys.slice().sort()
  // Equal keys cannot occur (own property names are unique), so positions are unambiguous.
  const positionOf = new Map(keys.map((key, position) => [key, position]))
  for (let i = 0; i < sortedKeys.length; i++) order[i] = positionOf.get(sortedKeys[i])
  const slot = shapes.length === MAX_SHAPES ? shapes.pop().slot : shapes.length
  native.setParamShape(slot, sortedKeys)
  const shape = { keys, order, sortedKeys, slot }
  shapes.unshift(shape)
  return shape
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
  const order = shapeOf(keys).order
  let text = ''
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]]
    text += paramText(key, params[key])
  }
  return text
}

/** UTF-16 lengths of the values `readParams` concatenated, in sorted-key order. */
let valueLengths = new Uint32Array(64)

/**
 * The params of one request, each value read once, in sorted-key order. When every value
 * is a string (what body parsers give for unrepeated fields) the result holds only the
 * shape's `slot` and the `values` concatenated, their lengths in `valueLengths`: the keys
 * are already on the native side, so half as many strings are joined and flattened.
 * Otherwise `text` is the whole parameter text, as `signedParams` builds it.
 */
function readParams(params) {
  const keys = Object.keys(params)
  const shape = shapeOf(keys)
  const order = shape.order
  if (valueLengths.length < order.length) valueLengths = new Uint32Array(order.length * 2)
  let values = ''
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]]
    const value = params[key]
    if (typeof value !== 'string') {
      read.text = textFrom(shape, values, i, value, params)
      return read
    }
    values += value
    valueLengths[i] = value.length
  }
  read.text = null
  read.shape = shape
  read.values = values
  return read
}

/** What `readParams` returns, reused: the facade consumes it before the next call. */
const read = { text: null, shape: null, values: '' }

/** The whole parameter text of a `readParams` result that has only values. */
function flatText({ shape, values }) {
  return textFrom(shape, values, shape.order.length)
}

/**
 * The parameter text from the first `count` values already read (in `values`) and, from
 * there on, `value` and then the remaining values read from `params`.
 */
function textFrom(shape, values, count, value, params) {
  const { keys, order, sortedKeys } = shape
  let text = ''
  let at = 0
  for (let i = 0; i < count; i++) {
    const end = at + valueLengths[i]
    text += sortedKeys[i] + values.slice(at, end)
    at = end
  }
  for (let i = count; i < order.length; i++) {
    const key = keys[order[i]]
    text += paramText(key, i === count ? value : params[key])
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

module.exports = { signedParams, readParams, flatText, valueLengths: () => valueLengths }
