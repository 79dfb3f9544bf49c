'use strict'

const { invalidArgType } = require('../arguments')

const DEFAULT_LIMIT = 1024 * 1024
const UNITS = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 }
// Only a well-formed Account SID reaches a resolver: it comes from the unverified body,
// so it must not be able to carry anything a database lookup could trip on.
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/

/**
 * The guard's own options, read once when the middleware is made (the twilio options
 * `url`, `host`, `protocol`, `validate`, `sharedKeySecret` stay request-time reads, as in
 * twilio). `authToken` is the merged token of webhook()'s arguments.
 */
function guardSettings(option, authToken) {
  const sharedKeys = option('sharedKeys')
  if (sharedKeys !== undefined && sharedKeys !== null && typeof sharedKeys !== 'object') {
    throw invalidArgType('options.sharedKeys', 'an object of { keySid: secret }', sharedKeys)
  }
  const onFailure = option('onFailure')
  if (onFailure !== undefined && onFailure !== false && typeof onFailure !== 'function') {
    throw invalidArgType('options.onFailure', 'a function or false', onFailure)
  }
  const trustProxy = hops(option('trustProxy'))
  return {
    authToken,
    sharedKeys: sharedKeys || undefined,
    limit: byteLimit(option('limit')),
    onFailure,
    baseUrl: baseUrl(option('baseUrl')),
    trustProxy,
  }
}

/** `trustProxy`: false/undefined → 0 hops, true → 1, a non-negative integer → that many. */
function hops(value) {
  if (value === undefined || value === null || value === false) return 0
  if (value === true) return 1
  if (Number.isInteger(value) && value >= 0) return value
  throw invalidArgType('options.trustProxy', 'a boolean or a non-negative integer', value)
}

/** `limit`: bytes as a number, or a string like body-parser's ('100kb', '1mb'). */
function byteLimit(value) {
  if (value === undefined || value === null) return DEFAULT_LIMIT
  if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return Math.floor(value)
  const match = typeof value === 'string' && /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value)
  if (match) return Math.floor(Number(match[1]) * UNITS[(match[2] || 'b').toLowerCase()])
  throw invalidArgType('options.limit', 'a number of bytes or a size string such as "1mb"', value)
}

/** `baseUrl` without a trailing slash (the request's original path starts with one). */
function baseUrl(value) {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw invalidArgType('options.baseUrl', 'of type string', value)
  const parsed = new URL(value)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`options.baseUrl must be an http or https URL. Received ${value}`)
  }
  if (parsed.search || parsed.hash) throw new TypeError(`options.baseUrl must not have a query or fragment. Received ${value}`)
  return value.replace(/\/+$/, '')
}

/** The `key=` field of an X-Twilio-Webhooks-Signature-Settings header. */
function sharedKeyId(header) {
  for (const field of String(header).split(',')) {
    const eq = field.indexOf('=')
    if (eq !== -1 && field.slice(0, eq).trim().toLowerCase() === 'key') return field.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Whether the secrets are known without the body (no resolver): then a missing secret
 * answers 500 before anything is read, as twilio does.
 */
function needsBodyForSecrets(settings, signatureSettings) {
  return !signatureSettings && typeof settings.authToken === 'function'
}

/**
 * The secrets to try, in order, as `{ secrets, keyIds }` (empty when none is configured).
 * SharedKey webhooks (with a settings header) use `sharedKeys[key]`, else
 * `sharedKeySecret`; others the token, the keyring or what the resolver answers (maybe a
 * Promise). A key id names what verified: the SharedKey SID, or the position in a keyring.
 */
function secretsFor(settings, option, signatureSettings, accountSid, request) {
  if (signatureSettings) {
    const keys = settings.sharedKeys
    const id = keys ? sharedKeyId(signatureSettings) : undefined
    if (id !== undefined && Object.hasOwn(keys, id)) return secretList(keys[id], id)
    return secretList(option('sharedKeySecret'))
  }
  const token = settings.authToken
  if (typeof token !== 'function') {
    if (settings.tokenSecrets === undefined) settings.tokenSecrets = secretList(token)
    return settings.tokenSecrets
  }
  const sid = typeof accountSid === 'string' && ACCOUNT_SID.test(accountSid) ? accountSid : undefined
  const resolved = token(sid, request)
  return resolved && typeof resolved.then === 'function' ? resolved.then((value) => secretList(value)) : secretList(resolved)
}

/**
 * A secret or a keyring as parallel lists of secrets and key ids; falsy entries (no
 * token) are dropped, like twilio's `!secret`, keeping the others' keyring positions.
 */
function secretList(value, keyId) {
  const secrets = []
  const keyIds = []
  if (Array.isArray(value)) {
    value.forEach((secret, index) => {
      if (!secret) return
      secrets.push(secret)
      keyIds.push(index)
    })
  } else if (value) {
    secrets.push(value)
    keyIds.push(keyId)
  }
  return { secrets, keyIds }
}

module.exports = { guardSettings, secretsFor, needsBodyForSecrets, sharedKeyId, DEFAULT_LIMIT }
