'use strict';

// X-Twilio-Signature validation for every callback route, built on the
// webhook() middleware of @twilio-native/webhooks (same API as twilio's).
//
// Twilio signs the exact URL it called plus the form parameters (or, for a
// JSON body, the URL carrying ?bodySHA256=...). Without PUBLIC_BASE_URL the
// middleware rebuilds that URL from the request (protocol + Host header +
// originalUrl), which is right when Twilio reaches the process directly.
//
// Behind a proxy or tunnel the process sees another protocol/host (and maybe
// a stripped path prefix), so the URL must come from configuration. webhook()
// takes a fixed `url` option per middleware, but one service has several
// callback paths, and Twilio may append a query string. So with a public base
// URL we compute PUBLIC_BASE_URL + req.originalUrl for each request and hand
// it to a webhook() middleware made for that request. webhook() does no
// expensive work when it is created, so this costs next to nothing.

/**
 * @param {object} opts
 * @param {{webhook: Function}} opts.webhooks  the webhooks module (our package, or twilio)
 * @param {string} opts.authToken
 * @param {string|null} [opts.publicBaseUrl]  e.g. "https://frontline.example.com" (no trailing slash)
 * @returns {Function} Express middleware answering 400 / 403 like webhook() does
 */
function createTwilioGuard({ webhooks, authToken, publicBaseUrl }) {
  if (!webhooks || typeof webhooks.webhook !== 'function') {
    throw new TypeError('createTwilioGuard: `webhooks` must provide a webhook() function');
  }
  if (!authToken) {
    throw new TypeError('createTwilioGuard: an auth token is required');
  }

  // The token goes in as the positional argument: both twilio's webhook() and
  // ours read it there, and it never falls back to process.env.
  if (!publicBaseUrl) {
    return webhooks.webhook({ validate: true }, authToken);
  }

  return function twilioGuard(req, res, next) {
    const url = publicBaseUrl + req.originalUrl;
    return webhooks.webhook({ validate: true, url }, authToken)(req, res, next);
  };
}

module.exports = { createTwilioGuard };
