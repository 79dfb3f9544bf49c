'use strict'

// X-Twilio-Signature validation for every callback route, built on the
// webhook() middleware of @twilio-native/webhooks (same API as twilio's).
//
// Twilio signs the exact URL it called plus the form parameters (or, for a
// JSON body, the URL carrying ?bodySHA256=...). Without PUBLIC_BASE_URL the
// middleware rebuilds that URL from the request (protocol + Host header +
// originalUrl), which is right when Twilio reaches the process directly.
//
// Behind a proxy or tunnel the process sees another protocol/host (and maybe
// a stripped path prefix), so the URL must come from configuration: the
// `baseUrl` option of @twilio-native/webhooks' webhook() validates against
// PUBLIC_BASE_URL + req.originalUrl for every callback path and query string,
// and its failure log names the URL a rejected signature would have matched.
// twilio's webhook() has no such option; when the app runs on twilio (the
// tests run it on both), a webhook({ url }) is made per request instead.

/**
 * @param {object} opts
 * @param {{webhook: Function}} opts.webhooks  the webhooks module (our package, or twilio)
 * @param {string} opts.authToken
 * @param {string|null} [opts.publicBaseUrl]  e.g. "https://frontline.example.com" (no trailing slash)
 * @returns {Function} Express middleware answering 400 / 403 like webhook() does
 */
function createTwilioGuard({ webhooks, authToken, publicBaseUrl }) {
  if (!webhooks || typeof webhooks.webhook !== 'function') {
    throw new TypeError('createTwilioGuard: `webhooks` must provide a webhook() function')
  }
  if (!authToken) {
    throw new TypeError('createTwilioGuard: an auth token is required')
  }

  // The token goes in as the positional argument: both twilio's webhook() and
  // ours read it there, and it never falls back to process.env.
  if (!publicBaseUrl) {
    return webhooks.webhook({ validate: true }, authToken)
  }
  if (typeof webhooks.validateRawRequest === 'function') {
    return webhooks.webhook({ baseUrl: publicBaseUrl }, authToken)
  }
  return function twilioGuard(req, res, next) {
    const url = publicBaseUrl + req.originalUrl
    return webhooks.webhook({ validate: true, url }, authToken)(req, res, next)
  }
}

module.exports = { createTwilioGuard }
