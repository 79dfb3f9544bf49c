'use strict'

const { HMAC_SHA1, HMAC_SHA256 } = require('./constants')
const { AlgorithmCode } = require('./load-binding')

// The native codes (src/codes.rs); UNSUPPORTED never crosses: the facade answers itself.
const { HmacSha1: SHA1, HmacSha256: SHA256 } = AlgorithmCode
const UNSUPPORTED = -1

/**
 * Maps an algorithm name to its native code. Missing/empty means HMAC_SHA1; names are
 * matched after JavaScript's `toUpperCase()` (so a truthy non-string throws a TypeError,
 * exactly where twilio-node throws).
 */
function algorithmCode(algorithm) {
  if (!algorithm) return SHA1
  const name = algorithm.toUpperCase()
  if (name === HMAC_SHA1) return SHA1
  if (name === HMAC_SHA256) return SHA256
  return UNSUPPORTED
}

/** twilio-node answers `false` with this warning rather than throwing, so we do too. */
function warnUnsupported(algorithm) {
  console.warn(
    `[Twilio]: Unsupported webhook signature algorithm '${algorithm}'. ` +
      `Supported: ${HMAC_SHA1}, ${HMAC_SHA256}. Upgrade twilio if Twilio added a new one.`,
  )
}

/**
 * The algorithm named in an X-Twilio-Webhooks-Signature-Settings header: the first
 * comma-separated part whose name trims to exactly `algorithm` (case-sensitive) and whose
 * trimmed value is non-empty. Anything else means the classic HMAC_SHA1 signature.
 */
function getSignatureAlgorithm(signatureSettingsHeader) {
  // Most webhooks have no settings header.
  if (!signatureSettingsHeader) return HMAC_SHA1
  const parts = signatureSettingsHeader.split(',')
  for (const part of parts) {
    const equals = part.indexOf('=')
    if (equals === -1 || part.slice(0, equals).trim() !== 'algorithm') continue
    const value = part.slice(equals + 1).trim()
    if (value) return value
  }
  return HMAC_SHA1
}

module.exports = { UNSUPPORTED, algorithmCode, warnUnsupported, getSignatureAlgorithm }
