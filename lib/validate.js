'use strict'

const URL = require('./node-url')

const native = require('./load-binding')
const { algorithmCode, warnUnsupported, UNSUPPORTED } = require('./algorithm')
const { signedParams, readParams, flatText, valueLengths } = require('./signed-params')
const { secretArg } = require('./secret')
const { signatureArg, bodyArg } = require('./arguments')
const { answer, nullParamsError, NEEDS_BODY, NEEDS_HREF, NEEDS_FLAT_PARAMS } = require('./verdict')
const { joinsSurrogates, rawCandidateMatches } = require('./js-raw-candidates')
const { recordDivergentCharacters, recordQuerystringScanner } = require('./node-url-parity')

recordDivergentCharacters()
recordQuerystringScanner()

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
  const secret = secretArg(authToken)
  return native.sign(secret, code, typeof data === 'string' ? data : Buffer.from(data, 'utf-8'))
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
  if (typeof url !== 'string') return validateStepByStep(authToken, signature, url, params, algorithm, code)
  let flattened = ''
  const paramsNull = params === null
  if (paramsNull) {
    if (url.indexOf('bodySHA256') === -1) throw nullParamsError()
  } else {
    const read = readParams(params)
    flattened = read.text
    if (flattened === null) {
      if (typeof authToken === 'string' && typeof signature === 'string') {
        const verdict = native.validateShaped(authToken, code, signature, url, read.shape.slot, read.values, valueLengths())
        if (verdict !== NEEDS_FLAT_PARAMS && verdict !== NEEDS_HREF) return answer(verdict, url)
      }
      flattened = flatText(read)
    }
    if (joinsSurrogates(url, flattened)) return validateStepByStep(authToken, signature, url, params, algorithm, code)
  }
  return validateSignedText(authToken, signature, url, flattened, paramsNull, code)
}

/**
 * `validateRequest` once the parameter text is built (`flattened`, or `paramsNull`), for
 * a string URL whose raw candidates JavaScript would join with it like the core does.
 */
function validateSignedText(authToken, signature, url, flattened, paramsNull, code) {
  const secret = secretArg(authToken)
  const claimed = signatureArg(signature)
  let verdict =
    typeof secret === 'string' && typeof claimed === 'string' && !paramsNull
      ? native.validate(secret, code, claimed, url, flattened)
      : native.validateAny(secret, code, claimed, url, flattened, paramsNull)
  if (verdict === NEEDS_HREF) {
    // The core asks for Node's own serialisation where its parser might differ from
    // Node's; `new URL` also throws Node's exact error for an invalid URL.
    verdict = native.validateNormalized(secret, code, claimed, new URL(url).href, flattened, paramsNull, url)
  }
  return answer(verdict, url)
}

/**
 * twilio-node's steps one by one, for URLs whose JavaScript semantics the one-call native
 * path cannot see (see js-raw-candidates.js): raw candidates hashed here, then the
 * normalised ones natively.
 */
function validateStepByStep(authToken, signature, url, params, algorithm, code) {
  const expected = (candidate) => getExpectedTwilioSignature(authToken, candidate, params, algorithm)
  if (rawCandidateMatches(url, signature, expected)) return true
  const href = new URL(url).href
  const paramsNull = params === null
  const flattened = paramsNull ? '' : signedParams(params)
  const verdict = native.validateNormalized(secretArg(authToken), code, signatureArg(signature), href, flattened, paramsNull)
  return answer(verdict, href)
}

/** `validateRequest` with empty params, then the body against the URL's bodySHA256. */
function validateRequestWithBody(authToken, twilioHeader, url, body, algorithm) {
  const signature = twilioHeader || ''
  const usual =
    typeof url === 'string' &&
    typeof authToken === 'string' &&
    typeof signature === 'string' &&
    (algorithm === undefined || typeof algorithm === 'string')
  const code = usual ? algorithmCode(algorithm) : UNSUPPORTED
  if (code !== UNSUPPORTED) {
    // The body crosses (and is converted, as twilio-node does) only once the signature is
    // known to match: a forged request never pays for its body.
    let verdict = native.validateWithBody(authToken, code, signature, url, undefined)
    if (verdict === NEEDS_BODY) verdict = native.validateWithBody(authToken, code, signature, url, bodyArg(body))
    if (verdict !== NEEDS_HREF) return answer(verdict, url)
  }
  // Unusual arguments and URLs the core leaves to Node: twilio-node's steps, in its order.
  const parsed = new URL(url)
  return (
    validateRequest(authToken, twilioHeader, url, {}, algorithm) &&
    validateBody(body, parsed.searchParams.get('bodySHA256') || '')
  )
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
  validateSignedText,
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  validateRequest,
  validateBody,
  validateRequestWithBody,
}
