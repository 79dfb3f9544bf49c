'use strict'

const { createGuard } = require('./check')
const { createDiagnoser } = require('./diagnose')
const { invalidArgType } = require('../arguments')

// Options objects are usually made once, beside the route: their guard (settings parsed,
// secrets listed) is kept with them.
const guards = new WeakMap()
// One diagnosis budget for every adapter call in the process: options made afresh for
// each request must not lift the bound that keeps a forged flood cheap.
const diagnose = createDiagnoser()

/**
 * The guard for an adapter's `options` (the webhook() options as one object; the token
 * is `options.authToken`, else TWILIO_AUTH_TOKEN). A wrong option type throws TypeError.
 */
function adapterGuard(options) {
  if (options === undefined || options === null) return makeGuard({})
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  let guard = guards.get(options)
  if (guard === undefined) {
    guard = makeGuard(options)
    guards.set(options, guard)
  }
  return guard
}

function makeGuard(options) {
  const option = (name) => options[name]
  return createGuard(option, option('authToken') || process.env.TWILIO_AUTH_TOKEN, { diagnose, adapter: true })
}

module.exports = { adapterGuard }
