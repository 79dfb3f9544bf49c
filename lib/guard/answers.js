'use strict'

// twilio-node's middleware texts, answered as text/plain (Express's `res.type('text/plain')`).
const NO_SIGNATURE_TEXT =
  'No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.'
const FAILED_TEXT = 'Twilio Request Validation Failed.'
const TOO_LARGE_TEXT = 'Request body too large.'
const CONTENT_TYPE = 'text/plain; charset=utf-8'

/**
 * What every adapter answers for a rejected request: `{ status, contentType, text }`.
 * For `no_secret`, the failure's `missingSecret` picks twilio's 500 text, which twilio
 * also prints with console.error.
 */
function rejection(failure) {
  const { reason } = failure
  if (reason === 'missing_signature') return answer(400, NO_SIGNATURE_TEXT)
  if (reason === 'no_secret') {
    const missing = failure.missingSecret
    console.error(`[Twilio]: Error - Twilio ${missing} is required for webhook request validation.`)
    return answer(500, `Webhook Error - we attempted to validate this request without first configuring our ${missing}.`)
  }
  if (reason === 'body_too_large') return answer(413, TOO_LARGE_TEXT)
  return answer(403, FAILED_TEXT)
}

function answer(status, text) {
  return { status, contentType: CONTENT_TYPE, text }
}

module.exports = { rejection, CONTENT_TYPE }
