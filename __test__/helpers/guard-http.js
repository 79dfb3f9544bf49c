'use strict'
// Real HTTP for the guard tests: an Express 5 app on 127.0.0.1 (ephemeral port) and a
// client on node:http, which (unlike fetch) sends any Host header, Forwarded headers
// and chunked bodies as given.

const http = require('http')
const express = require('express')

async function startApp(setup) {
  const app = express()
  setup(app)
  app.use((err, req, res, next) => {
    res.status(err.status || 500).json({ error: err.type || err.message })
  })
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const port = server.address().port
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  }
}

/** What the route after the guard saw: the parsed body, the raw body, the parser mark. */
function echo(req, res) {
  res.status(200).json({
    body: req.body === undefined ? '<undefined>' : req.body,
    rawBody:
      req.rawBody === undefined
        ? '<undefined>'
        : Buffer.isBuffer(req.rawBody)
          ? { buffer: req.rawBody.toString('utf8') }
          : req.rawBody,
    parsedMark: req._body === true,
  })
}

function send(port, { method = 'POST', path = '/', headers = {}, body, chunked = false }) {
  return new Promise((resolve, reject) => {
    const h = { ...headers }
    if (body !== undefined && !chunked) h['content-length'] = Buffer.byteLength(body)
    if (chunked) h['transfer-encoding'] = 'chunked'
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode, text, json, contentType: res.headers['content-type'] })
      })
    })
    req.on('error', reject)
    if (body !== undefined) {
      if (chunked) {
        const b = Buffer.from(body)
        for (let i = 0; i < b.length; i += 1000) req.write(b.subarray(i, i + 1000))
      } else {
        req.write(body)
      }
    }
    req.end()
  })
}

function form(params) {
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) for (const one of [].concat(v)) sp.append(k, one)
  return sp.toString()
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const JSONH = { 'content-type': 'application/json' }
const T403 = 'Twilio Request Validation Failed.'

/** A Twilio-like Voice form. */
function voiceParams(extra = {}) {
  return {
    AccountSid: 'AC' + '1'.repeat(32),
    CallSid: 'CA' + '2'.repeat(32),
    From: '+14155550100',
    To: '+14155550199',
    CallStatus: 'ringing',
    Body: "It's + amazing ü 😃 & more",
    ...extra,
  }
}

module.exports = { startApp, echo, send, form, voiceParams, FORM, JSONH, T403 }
