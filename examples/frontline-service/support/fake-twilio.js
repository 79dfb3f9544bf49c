'use strict'

// Plays Twilio's part for the demo and the tests: sends real HTTP callbacks
// signed the way Twilio signs them. Not used by the service itself.
//
//   form callback: X-Twilio-Signature = HMAC-SHA1(token, url + sorted params)
//   JSON webhook:  url gets ?bodySHA256=<hex sha256 of the body>, and the
//                  signature covers that url with no params

const DEFAULT_TIMEOUT_MS = 5000

/**
 * @param {{getExpectedTwilioSignature: Function, getExpectedBodyHash: Function}} webhooks
 * @param {string} authToken
 */
function createFakeTwilio(webhooks, authToken) {
  function sign(url, params) {
    return webhooks.getExpectedTwilioSignature(authToken, url, params)
  }

  function addBodyHash(url, bodyText) {
    const sep = url.includes('?') ? '&' : '?'
    return `${url}${sep}bodySHA256=${webhooks.getExpectedBodyHash(bodyText)}`
  }

  /**
   * POST a form callback.
   * @param {string} url  where the request goes
   * @param {Record<string, string>} params  form fields
   * @param {object} [opts]
   * @param {string} [opts.signedUrl]  the URL to sign, when Twilio "called" another one (proxy)
   * @param {Record<string, string>} [opts.signedParams]  params to sign, when they differ from the ones sent
   * @param {string|null} [opts.signature]  explicit header value; null omits the header
   */
  async function postForm(url, params, opts = {}) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' }
    const signature = opts.signature !== undefined ? opts.signature : sign(opts.signedUrl || url, opts.signedParams || params)
    if (signature !== null) headers['x-twilio-signature'] = signature
    return send(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() }, opts)
  }

  /**
   * POST a JSON webhook signed with bodySHA256.
   * @param {string} url  without bodySHA256; it is added here
   * @param {unknown} payload  serialized with JSON.stringify unless opts.bodyText is given
   * @param {object} [opts]
   * @param {string} [opts.bodyText]  exact body to send
   * @param {string} [opts.hashedBody]  body to hash into the URL, when it differs from the one sent
   * @param {string} [opts.signedUrl]  base URL to sign (proxy case); bodySHA256 is added to it too
   */
  async function postJson(url, payload, opts = {}) {
    const bodyText = opts.bodyText !== undefined ? opts.bodyText : JSON.stringify(payload)
    const hashed = opts.hashedBody !== undefined ? opts.hashedBody : bodyText
    const target = addBodyHash(url, hashed)
    const signedTarget = addBodyHash(opts.signedUrl || url, hashed)
    const headers = { 'content-type': 'application/json' }
    const signature = opts.signature !== undefined ? opts.signature : sign(signedTarget, {})
    if (signature !== null) headers['x-twilio-signature'] = signature
    return send(target, { method: 'POST', headers, body: bodyText }, opts)
  }

  return { sign, addBodyHash, postForm, postJson }
}

async function send(url, init, opts) {
  const started = process.hrtime.bigint()
  const res = await fetch(url, {
    ...init,
    signal: AbortSignal.timeout(opts.timeoutMs || DEFAULT_TIMEOUT_MS),
  })
  const text = await res.text()
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  let json
  if ((res.headers.get('content-type') || '').includes('application/json')) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  return { status: res.status, text, json, ms, headers: res.headers }
}

module.exports = { createFakeTwilio }
