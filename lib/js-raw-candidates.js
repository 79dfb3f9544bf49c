'use strict'

const crypto = require('crypto')
const native = require('./load-binding')

/**
 * twilio-node builds the raw candidates with JavaScript string operations and hashes
 * `candidate + params` as one JavaScript string. Two inputs make those semantics visible,
 * and for them the raw candidates are assembled here from the core's split points:
 * - a URL that is not a string (arrays, Buffers, String objects): the rest of the URL is
 *   `url.slice(…)` of the value itself, and an unchanged candidate is the value itself;
 * - a URL ending in a lone high surrogate hashed with params starting with a lone low one:
 *   concatenation pairs them into one character instead of two U+FFFD.
 */
function joinsSurrogates(url, params) {
  return url.length > 0 && (url.charCodeAt(url.length - 1) & 0xfc00) === 0xd800 && (params.charCodeAt(0) & 0xfc00) === 0xdc00
}

/** The URL without and with its standard port, as twilio-node's string surgery makes them. */
function rawCandidates(url) {
  const text = `${url}` // the RegExp match converts the value, throwing what that throws
  const parts = native.rawUrlParts(text)
  if (parts === null) return [url, url]
  const [hostEnd, portEnd, isHttps] = parts
  const head = text.slice(0, hostEnd)
  const rest = url.slice(portEnd)
  const withoutPort = head + rest
  const withPort = hostEnd === portEnd ? head + (isHttps ? ':443' : ':80') + rest : url
  return [withoutPort, withPort]
}

/** Whether the header matches `expectedSignature(candidate)` for a raw candidate. */
function rawCandidateMatches(url, signature, expectedSignature) {
  for (const candidate of rawCandidates(url)) {
    const expected = Buffer.from(expectedSignature(candidate))
    const claimed = Buffer.from(signature)
    if (claimed.length === expected.length && crypto.timingSafeEqual(claimed, expected)) return true
  }
  return false
}

module.exports = { joinsSurrogates, rawCandidateMatches }
