'use strict'

const URL = require('./node-url')
const { OutcomeCode } = require('./load-binding')

// The codes the native validators return (src/codes.rs), read once into constants.
const {
  Invalid: INVALID,
  Valid: VALID,
  InvalidUrl: INVALID_URL,
  NullParams: NULL_PARAMS,
  NeedsBody: NEEDS_BODY,
  NeedsNodeHref: NEEDS_HREF,
  NeedsFlatParams: NEEDS_FLAT_PARAMS,
} = OutcomeCode

/** Turns a verdict into twilio-node's answer: a boolean, or the error it throws. */
function answer(verdict, url) {
  if (verdict === VALID) return true
  if (verdict === INVALID) return false
  if (verdict === INVALID_URL) throwInvalidUrl(url)
  if (verdict === NULL_PARAMS) throw nullParamsError()
  throw new Error(`@twilio-native/webhooks: unexpected outcome code ${verdict}`)
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

module.exports = { INVALID, NEEDS_BODY, NEEDS_HREF, NEEDS_FLAT_PARAMS, answer, nullParamsError }
