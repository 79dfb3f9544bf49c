'use strict'
// Lambda events for a test request, from the committed AWS sample events
// (__test__/fixtures/lambda/): the method, path, query, headers and body replaced, the
// rest as AWS documents it. `calledPath` is the path Twilio called (with the stage when the
// shape puts it in the URL).

const path = require('path')
const fs = require('fs')

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'lambda')
const SHAPES = {
  rest: 'api-gateway-rest.json',
  httpApi: 'http-api.json',
  functionUrl: 'function-url.json',
}

function sample(shape) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, SHAPES[shape]), 'utf8'))
}

const STAGE_PREFIX = { rest: '/prod', httpApi: '/prod', functionUrl: '' }

function lambdaOrigin(shape) {
  return `https://${sample(shape).requestContext.domainName}`
}

/** The event API Gateway or a Function URL would pass for this request. */
function lambdaEvent(shape, { method = 'POST', path: target = '/', query = '', headers = {}, body }) {
  const event = sample(shape)
  const prefix = STAGE_PREFIX[shape]
  const hasBody = body !== undefined && body !== ''
  const type = headers['content-type'] || headers['Content-Type'] || ''
  if (shape === 'rest') {
    event.httpMethod = method
    event.path = target
    event.requestContext.httpMethod = method
    event.requestContext.path = prefix + target
    for (const [name, value] of Object.entries(headers)) {
      event.headers[name] = String(value)
      event.multiValueHeaders[name] = [String(value)]
    }
    if (hasBody) {
      event.headers['Content-Length'] = String(Buffer.byteLength(body))
      event.multiValueHeaders['Content-Length'] = [String(Buffer.byteLength(body))]
    }
    if (query) {
      const multi = {}
      const single = {}
      for (const [k, v] of new URLSearchParams(query)) {
        ;(multi[k] = multi[k] || []).push(v)
        single[k] = v
      }
      event.multiValueQueryStringParameters = multi
      event.queryStringParameters = single
    }
    event.body = hasBody ? body : null
    event.isBase64Encoded = false
    return event
  }
  event.rawPath = prefix + target
  event.rawQueryString = query
  event.requestContext.http.method = method
  event.requestContext.http.path = prefix + target
  for (const [name, value] of Object.entries(headers)) event.headers[name.toLowerCase()] = String(value)
  event.headers['content-length'] = String(hasBody ? Buffer.byteLength(body) : 0)
  if (query) event.queryStringParameters = Object.fromEntries(new URLSearchParams(query))
  // HTTP APIs and Function URLs base64-encode bodies they do not take for text.
  const base64 = hasBody && !/json/.test(type)
  event.body = hasBody ? (base64 ? Buffer.from(body).toString('base64') : body) : undefined
  event.isBase64Encoded = base64
  return event
}

module.exports = { lambdaEvent, lambdaOrigin, STAGE_PREFIX, SHAPES: Object.keys(SHAPES) }
