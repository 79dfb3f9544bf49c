'use strict'

// Turns a printable request spec (spec.js) into fresh arguments (request, authToken, opts)
// of validateIncomingRequest / validateExpressRequest. It runs once per implementation, so
// nothing is shared between twilio and the implementation under test.
//
// Correct signatures come from twilio's own getExpectedTwilioSignature over the URL that
// twilio's validateIncomingRequest would build, rebuilt here with require('url').format.

const nodeUrl = require('url')
const crypto = require('crypto')
const { makeBody } = require('./pools')

function cloneOpts(o) {
  if (o === undefined || o === null) return o
  return { ...o }
}

// The URL twilio's validateIncomingRequest hashes, rebuilt independently with
// Node's legacy url.format.  Throws for shapes where twilio would throw.
function expectedWebhookUrl(request, opts) {
  const options = opts || {}
  if (options.url) return options.url
  const formatted = nodeUrl.format({
    protocol: options.protocol || request.protocol,
    host: options.host || request.headers.host,
    pathname: request.originalUrl,
  })
  return request.originalUrl.includes('?') ? formatted.split('%3F').join('?') : formatted
}

function isSupported(alg) {
  return !alg || ['HMAC_SHA1', 'HMAC_SHA256'].includes(String(alg).toUpperCase())
}

function insertDefaultPort(u) {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(u)
  if (!m) return u + ':443'
  return m[1] + m[2] + (m[1].toLowerCase() === 'https://' ? ':443' : ':80') + m[3]
}

function fillHash(str, spec) {
  if (typeof str !== 'string' || !str.includes('{H}')) return str
  let right
  try {
    right = crypto
      .createHash('sha256')
      .update(Buffer.from(spec.rawBody || '{}', 'utf-8'))
      .digest('hex')
  } catch (_e) {
    right = crypto.createHash('sha256').update('{}').digest('hex')
  }
  const ofEmpty = crypto.createHash('sha256').update('{}').digest('hex')
  const h = {
    right,
    rightOfEmptyObject: ofEmpty,
    wrong: right.slice(0, -1) + (right.endsWith('0') ? '1' : '0'),
    upper: right.toUpperCase(),
    empty: '',
  }[spec.hashKind]
  return str.split('{H}').join(h)
}

// Build fresh (request, authToken, opts) from a spec.  `twilio` is the
// reference module, used only for getExpectedTwilioSignature.
function buildCase(spec, twilio) {
  const opts = cloneOpts(spec.opts)
  if (opts && typeof opts.url === 'string') opts.url = fillHash(opts.url, spec)

  const originalUrl = fillHash(spec.originalUrl, spec)
  const headers = {}
  if (spec.host !== undefined) headers.host = spec.host

  const request = {
    protocol: spec.protocol,
    headers,
    originalUrl,
    body: makeBody(spec.body),
  }
  if (spec.rawBody !== undefined) request.rawBody = spec.rawBody

  // Compute the signature the header will carry.
  let signature
  let url
  try {
    url = expectedWebhookUrl(request, opts)
  } catch (_e) {
    url = 'https://mycompany.com/fallback'
  }
  const alg = opts && opts.algorithm
  const algForSigning = isSupported(alg) ? alg || undefined : undefined
  const bodyMode = typeof url === 'string' && url.indexOf('bodySHA256') > 0
  const params = bodyMode ? {} : request.body || {}
  const sign = (u, p, a) => {
    try {
      return twilio.getExpectedTwilioSignature(
        spec.token === undefined || spec.token === null ? '12345' : String(spec.token),
        u,
        p,
        a,
      )
    } catch (_e) {
      return 'unsignable'
    }
  }
  switch (spec.sig) {
    case 'correct':
      signature = sign(url, params, algForSigning)
      break
    case 'correctNormalized': {
      let n
      try {
        n = new URL(url).toString()
      } catch (_e) {
        n = url
      }
      signature = sign(n, params, algForSigning)
      break
    }
    case 'correctWithPort':
      signature = sign(insertDefaultPort(url), params, algForSigning)
      break
    case 'correctOtherAlgorithm':
      signature = sign(
        url,
        params,
        algForSigning && String(algForSigning).toUpperCase() === 'HMAC_SHA256' ? 'HMAC_SHA1' : 'HMAC_SHA256',
      )
      break
    case 'correctSiblingUrl':
      signature = sign(url + 'x', params, algForSigning)
      break
    case 'correctOriginOnly': {
      const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(String(url))
      signature = sign(m ? m[1] : String(url), params, algForSigning)
      break
    }
    case 'correctNoParams':
      signature = sign(url, {}, algForSigning)
      break
    case 'correctAsBuffer':
      signature = Buffer.from(sign(url, params, algForSigning))
      break
    case 'correctTrailingSpace':
      signature = sign(url, params, algForSigning) + ' '
      break
    case 'correctLowercased':
      signature = sign(url, params, algForSigning).toLowerCase()
      break
    case 'forged':
      signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='
      break
    case 'empty':
      signature = ''
      break
    case 'missing':
      signature = undefined
      break
    case 'zero':
      signature = 0
      break
    case 'number':
      signature = 12345
      break
    case 'array':
      signature = ['a', 'b']
      break
    default:
      throw new Error('unknown sig kind ' + spec.sig)
  }

  switch (spec.headerStyle) {
    case 'express':
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      request.header = function header(name) {
        return this.headers[String(name).toLowerCase()]
      }
      break
    case 'exact':
      if (signature !== undefined) headers['X-Twilio-Signature'] = signature
      request.header = function header(name) {
        return this.headers[name]
      }
      break
    case 'lowercaseOnly':
      if (signature !== undefined) headers['x-twilio-signature'] = signature
      request.header = function header(name) {
        return this.headers[name]
      }
      break
    case 'missing':
      break
    case 'notAFunction':
      request.header = 'X-Twilio-Signature'
      break
    default:
      throw new Error('unknown header style ' + spec.headerStyle)
  }

  let req = request
  switch (spec.shape) {
    case 'normal':
      break
    case 'noOriginalUrl':
      delete request.originalUrl
      break
    case 'originalUrlNumber':
      request.originalUrl = 42
      break
    case 'noHeaders':
      delete request.headers
      request.header = function header() {
        return signature
      }
      break
    case 'nullRequest':
      req = null
      break
    case 'protocolNumber':
      request.protocol = 443
      break
    case 'originalUrlStringObject':
      request.originalUrl = new String(originalUrl)
      break
    case 'bodyMap':
      request.body = new Map(Object.entries(request.body || {}))
      break
    default:
      throw new Error('unknown shape ' + spec.shape)
  }

  return { request: req, authToken: spec.token, opts, hasOptsArg: spec.opts !== undefined }
}

module.exports = { buildCase, cloneOpts, expectedWebhookUrl }
