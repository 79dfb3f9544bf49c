'use strict'

const { adapterGuard } = require('../guard/adapter-guard')
const { verifyResult } = require('../guard/result')
const { rejection } = require('../guard/answers')
const { BodyTooLarge } = require('../guard/raw-body')
const { invalidArgType } = require('../arguments')

/**
 * Verifies an AWS Lambda event from API Gateway (REST API, payload 1.0; HTTP API, payload
 * 2.0) or a Lambda Function URL (2.0). Resolves to the adapters' result shape
 * (lib/guard/result.js). The URL is `https://` + the domain API Gateway received the call
 * on + the path as called (with the stage, when it is part of it) + the query; `baseUrl`
 * stands for the stage's invoke URL and is followed by the path without the stage.
 */
async function verifyLambdaEvent(event, options) {
  if (!event || typeof event !== 'object') throw invalidArgType('event', 'an API Gateway or Function URL event', event)
  const view = eventView(event)
  const outcome = await adapterGuard(options).check(view, (limit) => eventBody(event, limit), event)
  return verifyResult(outcome, view)
}

/** A Lambda proxy response for a rejected result, as webhook() answers it. */
function rejectionResponse(result) {
  const { status, contentType, text } = rejection(result)
  return { statusCode: status, headers: { 'content-type': contentType }, body: text }
}

function eventView(event) {
  const context = event.requestContext || {}
  const headers = eventHeaders(event)
  // Set by API Gateway from the name it answered on, not by the client.
  if (typeof context.domainName === 'string' && context.domainName) headers.host = context.domainName
  const stage = typeof context.stage === 'string' && context.stage !== '$default' ? context.stage : undefined
  let path
  let appPath
  let query
  if (event.version === '2.0' || typeof event.rawPath === 'string') {
    path = String(event.rawPath || '/')
    appPath = stage && (path === `/${stage}` || path.startsWith(`/${stage}/`)) ? path.slice(stage.length + 1) || '/' : path
    query = typeof event.rawQueryString === 'string' ? event.rawQueryString : ''
  } else {
    appPath = String(event.path || '/')
    // requestContext.path is the path as called: with the stage on the execute-api domain,
    // with the base path mapping on a custom domain.
    path = typeof context.path === 'string' ? context.path : stage ? `/${stage}${appPath}` : appPath
    query = restQuery(event)
  }
  const search = query ? `?${query}` : ''
  return { headers, originalUrl: path + search, appUrl: appPath + search, protocol: 'https' }
}

/**
 * Headers with lower-case names; repeated ones (multiValueHeaders) joined by ", " as Node
 * joins them. Payload 2.0 joins them already.
 */
function eventHeaders(event) {
  const headers = {}
  const single = event.headers || {}
  for (const name of Object.keys(single)) {
    if (single[name] !== undefined && single[name] !== null) headers[name.toLowerCase()] = String(single[name])
  }
  const multi = event.multiValueHeaders || {}
  for (const name of Object.keys(multi)) {
    if (Array.isArray(multi[name]) && multi[name].length > 0) headers[name.toLowerCase()] = multi[name].join(', ')
  }
  return headers
}

/**
 * Payload 1.0 carries the query decoded (and, per AWS, not in its original order); it is
 * written back with encodeURIComponent in the order given. A signed URL with a query
 * written differently does not rebuild: set `url`, or use payload 2.0 (rawQueryString).
 */
function restQuery(event) {
  const multi = event.multiValueQueryStringParameters
  const single = event.queryStringParameters
  const pairs = []
  if (multi && typeof multi === 'object') {
    for (const key of Object.keys(multi)) {
      for (const value of [].concat(multi[key])) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    }
  } else if (single && typeof single === 'object') {
    for (const key of Object.keys(single)) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(single[key])}`)
  }
  return pairs.join('&')
}

function eventBody(event, limit) {
  const { body } = event
  if (body === undefined || body === null || body === '') return Buffer.alloc(0)
  if (typeof body !== 'string') throw invalidArgType('event.body', 'a string', body)
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8')
  if (bytes.length > limit) throw new BodyTooLarge(limit, bytes.length)
  return bytes
}

module.exports = { verifyLambdaEvent, rejectionResponse }
