'use strict'

const URL = require('./node-url')

/** Verdict codes returned by the native validators (see src/lib.rs). */
const INVALID = 0
const VALID = 1
const INVALID_URL = 2
const NULL_PARAMS = 3
const BODY_NEEDED = 4
const NEEDS_HREF = 5
const NEEDS_FLAT_PARAMS = 6

/** Turns a verdict into twilio-node's answer: a boolean, or the error it throws. */
function answer(verdict, url) {
  if (verdict === VALID) return true
  if (verdict === INVALID) return false
  if (verdict === INVALID_URL) throwInvalidUrl(url)
  if (verdict === NULL_PARAMS) throw nullParamsError()
  throw new Error(`@twilio-native/webhooks: unexpected verdict ${verdict}`)
}

/**
 * twilio-node throws whatever `new URL(url)` throws. Asking Node for that error gives the
 * exact object (TypeError, code ERR_INVALID_URL, `input`); the fallback only runs if the
 * WHATWG parsers of Node and of the core ever disagree.
 */
function throwInvalidUrl(url) {
  new URL(url)
  const error = new TypeError('Invalid URL')
  error.code = 'ERR_INVALID_URL'
  error.input = url
  throw error
}

/** twilio-node replaces `null` params by `{}` only when the signed URL mentions bodySHA256. */
function nullParamsError() {
  return new TypeError('Cannot convert undefined or null to object: params is null and the URL does not contain "bodySHA256"')
}

module.exports = { BODY_NEEDED, NEEDS_HREF, NEEDS_FLAT_PARAMS, answer, nullParamsError }
