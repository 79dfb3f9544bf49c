'use strict'

const native = require('./load-binding')
const { algorithmCode, warnUnsupported, UNSUPPORTED } = require('./algorithm')
const { signedParams } = require('./signed-params')
const { signingKey, mayReject } = require('./signing-keys')
const { requestUrl, signatureArg, isDirectBody, bodyArg } = require('./arguments')
const { answer, throwInvalidUrl, nullParamsError, BODY_NEEDED } = require('./verdict')

/**
 * The signature Twilio would send for `url` and `params`: the URL verbatim (no
 * normalisation) followed by the flattened parameters.
 */
function getExpectedTwilioSignature(authToken, url, params, algorithm) {
  const code = algorithmCode(algorithm)
  if (code === UNSUPPORTED) throw new Error(`Unsupported webhook signature algorithm: ${algorithm}`)
  if (url === null || url === undefined || typeof url.indexOf !== 'function') {
    throw new TypeError(`The "url" argument must be a string. Received ${url === null ? 'null' : typeof url}`)
  }
  // Quirk kept from twilio-node: null params mean "no params" only for bodySHA256 URLs.
  if (params === null && url.indexOf('bodySHA256') !== -1) params = {}
  const data = signedData(url, params)
  const key = signingKey(authToken, code)
  return key.sign(typeof data === 'string' ? data : Buffer.from(data, 'utf-8'))
}

/**
 * URL and params joined as JavaScript joins them: as one string, so a lone high surrogate
 * ending the URL pairs with a lone low surrogate starting the params. A non-string URL
 * without params is hashed as whatever `Buffer.from` makes of it, as twilio-node does.
 */
function signedData(url, params) {
  if (typeof url === 'string') return url + signedParams(params)
  return Object.keys(params).length === 0 ? url : url + signedParams(params)
}

/** Whether `twilioHeader` is Twilio's signature of `url` + `params` (any candidate URL). */
function validateRequest(authToken, twilioHeader, url, params, algorithm) {
  const signature = twilioHeader || ''
  const code = algorithmCode(algorithm)
  if (code === UNSUPPORTED) {
    warnUnsupported(algorithm)
    return false
  }
  const requested = requestUrl(url)
  let flattened = ''
  const paramsNull = params === null
  if (paramsNull) {
    if (requested.indexOf('bodySHA256') === -1) throw nullParamsError()
  } else {
    flattened = signedParams(params)
  }
  const key = signingKey(authToken, code)
  const verdict =
    typeof signature === 'string'
      ? key.validate(signature, requested, flattened, paramsNull)
      : key.validateRawSignature(signatureArg(signature), requested, flattened, paramsNull)
  return answer(verdict, requested)
}

/** `validateRequest` with empty params, then the body against the URL's bodySHA256. */
function validateRequestWithBody(authToken, twilioHeader, url, body, algorithm) {
  // twilio-node parses the URL before anything else, so its error comes first.
  if (typeof url !== 'string') new URL(url) // eslint-disable-line no-new
  const requested = requestUrl(url)
  const signature = twilioHeader || ''
  const checkUrlFirst =
    (algorithm && typeof algorithm !== 'string') || mayReject(authToken) || typeof signature !== 'string'
  if (checkUrlFirst && !native.isValidUrl(requested)) throwInvalidUrl(requested)
  const code = algorithmCode(algorithm)
  if (code === UNSUPPORTED) {
    if (!native.isValidUrl(requested)) throwInvalidUrl(requested)
    warnUnsupported(algorithm)
    return false
  }
  const key = signingKey(authToken, code)
  const claimed = signatureArg(signature)
  if (isDirectBody(body)) return answer(key.validateWithBody(claimed, requested, bodyArg(body)), requested)
  // The body is converted only once the signature is known to match, as twilio-node does.
  const verdict = key.validateWithBody(claimed, requested, undefined)
  if (verdict !== BODY_NEEDED) return answer(verdict, requested)
  return answer(key.validateWithBody(claimed, requested, bodyArg(body)), requested)
}

/** Lower-case hex SHA-256 of the body (the `bodySHA256` query value). */
function getExpectedBodyHash(body) {
  return native.bodyHash(bodyArg(body))
}

/** Whether `bodyHash` is the hex SHA-256 of `body` (case-sensitive). */
function validateBody(body, bodyHash) {
  const bytes = bodyArg(body)
  return native.validateBody(bytes, typeof bodyHash === 'string' ? bodyHash : Buffer.from(bodyHash))
}

module.exports = {
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  validateRequest,
  validateBody,
  validateRequestWithBody,
}
