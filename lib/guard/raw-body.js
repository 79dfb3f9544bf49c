'use strict'

/**
 * Whether a request with these `headers` announces a body, by type-is's rule (which
 * body-parser uses): a Transfer-Encoding header, or a Content-Length (even 0).
 */
function hasBody(headers) {
  if (!headers) return false
  return headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(headers['content-length']))
}

/**
 * Whether nothing has read the request stream yet: no body parser marked it parsed
 * (`req._body`), nobody attached a reader, and it has not ended. A request that is not
 * a stream (a test double, a framework's own object) is never read.
 */
function isUnread(request) {
  // A stream that is still `readable` has not ended (Readable's getter says so).
  return (
    request.readable === true && request.readableFlowing === null && request._body !== true && typeof request.on === 'function'
  )
}

class BodyTooLarge extends Error {
  constructor(limit, length) {
    super(`request body larger than the limit of ${limit} bytes`)
    this.status = 413
    this.type = 'entity.too.large'
    this.limit = limit
    this.length = length
  }
}

/**
 * The request body as one Buffer, never holding more than `limit` bytes. Beyond the
 * limit (told by Content-Length up front, or counted while reading) it keeps draining
 * the stream without storing it and calls back with BodyTooLarge once the request ended,
 * as body-parser does — answering mid-upload would make clients see a reset connection.
 * Node-style callback: `callback(error, body)`.
 */
function readBodyInto(stream, limit, callback) {
  const declared = Number(stream.headers && stream.headers['content-length'])
  const chunks = []
  let received = 0
  let tooLarge = Number.isFinite(declared) && declared > limit
  const done = (error, value) => {
    stream.removeListener('data', onData)
    stream.removeListener('end', onEnd)
    stream.removeListener('error', onError)
    stream.removeListener('close', onClose)
    callback(error, value)
  }
  const onData = (chunk) => {
    received += chunk.length
    if (tooLarge) return
    if (received > limit) {
      tooLarge = true
      chunks.length = 0
      return
    }
    chunks.push(chunk)
  }
  const onEnd = () => {
    if (tooLarge) done(new BodyTooLarge(limit, Math.max(received, declared || 0)))
    else done(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received))
  }
  const onError = (error) => done(error)
  // A client that goes away mid-body: nothing to validate, and nobody to answer.
  const onClose = () => {
    if (!stream.readableEnded) done(Object.assign(new Error('request aborted'), { code: 'ECONNABORTED', status: 400 }))
  }
  stream.on('data', onData)
  stream.on('end', onEnd)
  stream.on('error', onError)
  stream.on('close', onClose)
}

module.exports = { readBodyInto, hasBody, isUnread, BodyTooLarge }
