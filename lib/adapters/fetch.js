'use strict'

const { adapterGuard } = require('../guard/adapter-guard')
const { verifyResult } = require('../guard/result')
const { rejection } = require('../guard/answers')
const { BodyTooLarge } = require('../guard/raw-body')
const { invalidArgType } = require('../arguments')

/**
 * Verifies a Web `Request` (Next.js route handlers, Hono's `c.req.raw`, SvelteKit, Remix,
 * `Bun.serve`, `Deno.serve`). The body is read from a clone, so the handler can still
 * read it. Resolves to the adapters' result shape (lib/guard/result.js).
 */
async function verifyFetchRequest(request, options) {
  if (!request || typeof request !== 'object' || typeof request.url !== 'string' || !request.headers) {
    throw invalidArgType('request', 'a Fetch API Request', request)
  }
  const view = requestView(request)
  const outcome = await adapterGuard(options).check(view, (limit) => readBody(request, limit), request)
  return verifyResult(outcome, view)
}

/**
 * Wraps a Fetch handler: a rejected request gets webhook()'s answer (400/403/413/500,
 * text/plain, twilio's texts); a valid one calls `handler(request, webhook, ...rest)`
 * where `webhook` is the result (its `params` are the form params) and `rest` are the
 * arguments the platform passed (Next.js's context, Bun's server, Deno's info).
 */
function withTwilioWebhook(handler, options) {
  if (typeof handler !== 'function') throw invalidArgType('handler', 'a function', handler)
  // Checked now, so a wrong option fails at startup rather than on the first request.
  adapterGuard(options)
  return async function twilioWebhookHandler(request, ...rest) {
    const result = await verifyFetchRequest(request, options)
    if (!result.valid) return rejectionResponse(result)
    return handler(request, result, ...rest)
  }
}

/** A `Response` for a rejected result, as webhook() answers it. */
function rejectionResponse(result) {
  const { status, contentType, text } = rejection(result)
  return new Response(text, { status, headers: { 'content-type': contentType } })
}

/**
 * What the guard reads of a Request: lower-case headers (repeated ones joined by ", ",
 * as in Node), the path and query of its URL, its scheme, and the Host header — or the
 * URL's host when the platform leaves the header out.
 */
function requestView(request) {
  const headers = {}
  for (const [name, value] of request.headers) headers[name] = value
  const url = new URL(request.url)
  if (headers.host === undefined) headers.host = url.host
  return { headers, originalUrl: url.pathname + url.search, protocol: url.protocol.slice(0, -1) }
}

/** The body of a clone, at most `limit` bytes (beyond it, BodyTooLarge without reading on). */
async function readBody(request, limit) {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit, declared)
  if (request.body === null) return Buffer.alloc(0)
  if (request.bodyUsed) throw new TypeError('verifyFetchRequest needs the request body unread (it reads a clone of it)')
  const reader = request.clone().body.getReader()
  const chunks = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    if (received > limit) {
      await reader.cancel()
      throw new BodyTooLarge(limit, received)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, received)
}

module.exports = { verifyFetchRequest, withTwilioWebhook, rejectionResponse }
