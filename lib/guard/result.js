'use strict'

const { mediaType, formObject, FORM_MEDIA_TYPE, JSON_MEDIA_TYPE } = require('../form')

/**
 * The guard's outcome as the result every `verify*` adapter resolves to. Valid:
 * `params` (the form params, `{}` without a body, none for JSON), `body` (what a body
 * parser would have set: the form object or the parsed JSON), `rawBody` (the bytes
 * read), `keyId` and `signedUrl` (the URL that verified). Rejected: `status`, `reason`,
 * `message` and, for `url_mismatch`, the `signedUrl` the signature is valid for.
 */
function verifyResult(outcome, view) {
  if (outcome.ok) {
    const result = { valid: true, status: 200, params: signedParams(view), body: view.body, rawBody: view.rawBody }
    if (outcome.keyId !== undefined) result.keyId = outcome.keyId
    if (typeof outcome.url === 'string') result.signedUrl = outcome.url
    if (outcome.error) result.error = outcome.error
    return result
  }
  const { failure } = outcome
  const result = { valid: false, status: failure.status, reason: failure.reason, message: failure.message }
  for (const extra of ['receivedUrl', 'signedUrl', 'missingSecret', 'diagnosisSkipped']) {
    if (failure[extra] !== undefined) result[extra] = failure[extra]
  }
  return result
}

function signedParams(view) {
  const type = mediaType(view.headers['content-type'])
  if (type === FORM_MEDIA_TYPE) {
    if (view.body && typeof view.body === 'object') return view.body
    // Validated from a raw body a framework kept, without a parsed one.
    return view.rawBody !== undefined ? formObject(view.rawBody) : {}
  }
  // A JSON webhook signs no params: its body is covered by the URL's bodySHA256.
  return type === JSON_MEDIA_TYPE ? undefined : {}
}

module.exports = { verifyResult }
