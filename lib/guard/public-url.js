'use strict'

const url = require('url')

// What a forwarded value may look like before it is put in a URL: a scheme Twilio uses,
// a host name or bracketed IPv6 address with an optional port, a port number.
const PROTO = /^https?$/i
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(?::\d{1,5})?$/
const PORT = /^\d{1,5}$/
// The characters Node's legacy url.format escapes in a pathname.
const PATH_ESCAPED_BY_FORMAT = /[?#]/

/**
 * The URL Twilio called, as the guard validates it. `opts.url` wins (verbatim, as in
 * twilio); then `baseUrl` + the original path and query; else twilio's rebuild from
 * protocol, host and `originalUrl` — where, with `trustProxy`, the scheme, host and
 * port come from the forwarded headers. Without `trustProxy` no forwarded header is
 * read: anyone can send them.
 */
function publicUrl(request, opts, settings) {
  if (opts.url) return opts.url
  if (settings && settings.baseUrl) return settings.baseUrl + appTarget(request)
  const forwarded = settings && settings.trustProxy ? forwardedOrigin(request.headers, settings.trustProxy) : {}
  // A forwarded port belongs to whichever host is used: proxies that send it often pass
  // the Host header on without the port (nginx's `$host`), not an X-Forwarded-Host.
  const host = opts.host || withPort(forwarded.host || request.headers.host, forwarded.port)
  // Adapters have no twilio behaviour to keep: they take node:http requests too, and
  // validate the URL as it was called. webhook() and validateIncomingRequest read
  // Express's fields and rebuild the URL as twilio does, throwing where it throws.
  if (settings && settings.adapter) {
    return `${opts.protocol || forwarded.proto || requestProtocol(request)}://${host}${requestTarget(request)}`
  }
  return rebuiltUrl(request.originalUrl, opts.protocol || forwarded.proto || request.protocol, host)
}

/** The path and query as received: Express's `originalUrl`, else node:http's `url`. */
function requestTarget(request) {
  const target = request.originalUrl !== undefined ? request.originalUrl : request.url
  return typeof target === 'string' ? target : ''
}

/**
 * The path and query below the app's root, which `baseUrl` stands for: the target itself,
 * unless an adapter knows a prefix the platform adds (an API Gateway stage).
 */
function appTarget(request) {
  return request.appUrl !== undefined ? request.appUrl : requestTarget(request)
}

/** Express's `req.protocol` (without `trust proxy`), else what the socket says. */
function requestProtocol(request) {
  if (request.protocol !== undefined) return request.protocol
  return request.socket && request.socket.encrypted ? 'https' : 'http'
}

function withPort(host, port) {
  return host && port && !/:\d+$/.test(host) ? `${host}:${port}` : host
}

/**
 * twilio's rebuild: Node's legacy `url.format` (which escapes `?` as `%3F`; every
 * upper-case `%3F` is turned back when the original URL had a query — twilio-node's
 * long-standing repair, kept so the same requests pass and fail). It differs from the URL
 * as called only for a path with an escaped `%3F` and a query: the escape becomes `?`.
 */
function rebuiltUrl(target, protocol, host) {
  // What url.format gives when it has nothing to escape or add: a plain path after an
  // http(s) origin (the usual webhook request).
  if (
    (protocol === 'https' || protocol === 'http') &&
    typeof host === 'string' &&
    host !== '' &&
    typeof target === 'string' &&
    target.charCodeAt(0) === 47 &&
    !PATH_ESCAPED_BY_FORMAT.test(target)
  ) {
    return `${protocol}://${host}${target}`
  }
  let webhookUrl = url.format({ protocol, host, pathname: target })
  if (target.search(/\?/) >= 0) webhookUrl = webhookUrl.replace(/%3F/g, '?')
  return webhookUrl
}

/**
 * `{ proto, host, port }` set by the outermost of `hops` trusted proxies: `X-Forwarded-Proto` /
 * `-Host` / `-Port` when any of them is present, else RFC 7239 `Forwarded`. Each proxy
 * appends its value, so the nearest hop is last and `hops` counts back from the end.
 * X-Forwarded-* comes first because it is what nearly every proxy sets (nginx, ALB,
 * Heroku, ngrok): a client adding its own `Forwarded` behind such a proxy is then not
 * heard. Values that are not a plain scheme, host or port are ignored.
 */
function forwardedOrigin(headers, hops) {
  const proto = headers['x-forwarded-proto']
  const host = headers['x-forwarded-host']
  const port = headers['x-forwarded-port']
  const standard = headers.forwarded
  if (proto === undefined && host === undefined && port === undefined && standard) {
    const element = pick(splitForwarded(String(standard)), hops) || {}
    return checked(element.proto, element.host, undefined)
  }
  return checked(pick(list(proto), hops), pick(list(host), hops), pick(list(port), hops))
}

function checked(proto, host, port) {
  const result = {}
  if (proto && PROTO.test(proto)) result.proto = proto.toLowerCase()
  if (host && HOST.test(host)) result.host = host
  if (port && PORT.test(port)) result.port = port
  return result
}

/** The value the `hops`-th proxy from the end wrote (the first one when there are fewer). */
function pick(values, hops) {
  if (values.length === 0) return undefined
  return values[Math.max(0, values.length - hops)]
}

/** A comma-separated header (Node joins repeated X-Forwarded-* headers with ", "). */
function list(value) {
  if (value === undefined) return []
  return String(value)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}

/**
 * RFC 7239: elements (one per hop) separated by `,`, pairs by `;`, `name=value` with the
 * value a token or a quoted string. Names are case-insensitive.
 */
function splitForwarded(header) {
  const elements = []
  let element = Object.create(null)
  let i = 0
  while (i < header.length) {
    const eq = header.indexOf('=', i)
    if (eq === -1) break
    const name = header
      .slice(i, eq)
      .replace(/^[\s,;]+/, '')
      .trim()
      .toLowerCase()
    let value = ''
    let j = eq + 1
    if (header[j] === '"') {
      j++
      while (j < header.length && header[j] !== '"') {
        if (header[j] === '\\') j++
        value += header[j] || ''
        j++
      }
      j++
    } else {
      while (j < header.length && header[j] !== ';' && header[j] !== ',') value += header[j++]
      value = value.trim()
    }
    if (name && !(name in element)) element[name] = value
    while (j < header.length && header[j] === ' ') j++
    if (header[j] === ',') {
      elements.push(element)
      element = Object.create(null)
    }
    i = j + 1
  }
  if (Object.keys(element).length) elements.push(element)
  return elements
}

module.exports = { publicUrl, rebuiltUrl, requestTarget, requestProtocol, forwardedOrigin, splitForwarded, withPort }
