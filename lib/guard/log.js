'use strict'

const INTERVAL_MS = 60 * 1000
let lastLogged = -Infinity

/**
 * The default onFailure: one line with the reason and a hint, at most once a minute per
 * process (a flood of bad requests must not flood the log). It goes through
 * `process.emitWarning`, Node's channel for library warnings, so it can be filtered
 * (`--no-warnings`, a 'warning' listener) and never mixes into the app's console output.
 * The signature and secrets are never logged.
 */
function logFailure(failure, now = Date.now()) {
  if (now - lastLogged < INTERVAL_MS) return false
  lastLogged = now
  const urls = failure.signedUrl ? ` (signed for ${failure.signedUrl}, validated ${failure.receivedUrl})` : ''
  process.emitWarning(`Twilio webhook rejected: ${failure.reason}${urls}: ${failure.message}`, {
    type: 'TwilioWebhookWarning',
    code: 'TWILIO_WEBHOOK_' + failure.reason.toUpperCase(),
  })
  return true
}

/** For tests: forget when the last line was logged. */
function resetLogThrottle() {
  lastLogged = -Infinity
}

module.exports = { logFailure, resetLogThrottle, INTERVAL_MS }
