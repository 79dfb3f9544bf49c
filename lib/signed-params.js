'use strict'

/**
 * The parameter part of the signed payload: keys in `Object.keys` order sorted by UTF-16
 * code units, each followed by its value with no separators. Built once per request and
 * shared by every candidate URL (twilio-node rebuilds it per candidate, which is only
 * observable through getters that answer differently on each read).
 */
function signedParams(params) {
  const keys = Object.keys(params).sort()
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
