'use strict'

const { adapterGuard } = require('../guard/adapter-guard')
const { verifyResult } = require('../guard/result')
const { rejection } = require('../guard/answers')
const { invalidArgType } = require('../arguments')

/**
 * Verifies a `node:http` request (or any framework's IncomingMessage). The body is read
 * from the stream when nothing has read it yet — then kept as `req.rawBody` and parsed
 * into `req.body`, as a body parser would — else taken from `req.rawBody` or a parsed
 * `req.body` a framework left. Resolves to the adapters' result shape (lib/guard/result.js).
 */
async function verifyNodeRequest(req, options) {
  if (!req || typeof req !== 'object' || !req.headers) throw invalidArgType('req', 'an http.IncomingMessage', req)
  const outcome = await adapterGuard(options).check(req)
  return verifyResult(outcome, req)
}

/** Answers a rejected result on a `node:http` response as webhook() does (status, text/plain, twilio's text). */
function sendRejection(res, result) {
  const { status, contentType, text } = rejection(result)
  res.statusCode = status
  res.setHeader('content-type', contentType)
  res.setHeader('content-length', Buffer.byteLength(text))
  res.end(text)
}

module.exports = { verifyNodeRequest, sendRejection }
