'use strict'

// webhook() behind real reverse proxies (helpers/reverse-proxy.js), one set-up each of the
// deployments where a genuine Twilio request fails validation: TLS terminated, Host
// rewritten, path prefix stripped, non-standard public port, RFC 7239 Forwarded.
//
// For each set-up a request is signed, as Twilio signs it, for the public URL it called:
//  - twilio's webhook() and ours without options reject it, with the same answer;
//  - ours with the one documented option (trustProxy, or baseUrl for the prefix) accepts it;
//  - a forged request is rejected by every configuration.
//
// PROXY=node (default; http-proxy-3 behind a Node https server) or PROXY=nginx
// (`npm run test:nginx`, Debian's nginx with a generated configuration).

const http = require('http')
const express = require('express')
const twilio = require('twilio')
const ours = require('../..')
const { SETUPS, PUBLIC_HOST, startProxies, postThrough } = require('../helpers/reverse-proxy')

const PROXY = process.env.PROXY || 'node'
const TOKEN = '12345'
const FIX = {
  tls: { trustProxy: true },
  host: { trustProxy: true },
  prefix: { baseUrl: `https://${PUBLIC_HOST}/twilio` },
  port: { trustProxy: true },
  forwarded: { trustProxy: true },
}
const PARAMS = { AccountSid: 'AC' + '1'.repeat(32), Body: 'Hello from behind a proxy', From: '+14155550100', To: '+14155550111' }

let app
let proxies
let warn

beforeAll(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  const guards = { twilio: twilio.webhook(TOKEN), ours: ours.webhook(TOKEN) }
  for (const [setup, options] of Object.entries(FIX))
    guards[`fixed-${setup}`] = ours.webhook({ ...options, onFailure: false }, TOKEN)
  const server = express()
  // twilio's own webhook() told the public URL outright: proves the proxy delivers what
  // Twilio signed, so the rejections come from rebuilding the URL and nothing else.
  guards['twilio-told'] = (req, res, next) => twilio.webhook({ url: req.headers['x-public-url'] }, TOKEN)(req, res, next)
  server.post(
    '/sms',
    express.urlencoded({ extended: false }),
    (req, res, next) => guards[req.headers['x-guard']](req, res, next),
    (req, res) => res.type('text/plain').send(`ok ${req.body.Body}`),
  )
  app = http.createServer(server)
  await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve))
  proxies = await startProxies(PROXY, app.address().port)
})

afterAll(async () => {
  if (proxies) await proxies.close()
  if (app) await new Promise((resolve) => app.close(resolve))
  warn.mockRestore()
})

function send(setup, guard, { forged = false } = {}) {
  const port = proxies.ports[setup]
  const publicUrl = SETUPS[setup].publicUrl(port, '/sms')
  const signature = twilio.getExpectedTwilioSignature(TOKEN, publicUrl, PARAMS)
  const params = forged ? { ...PARAMS, Body: 'tampered' } : PARAMS
  return postThrough(port, {
    host: SETUPS[setup].publicHost(port),
    path: new URL(publicUrl).pathname,
    headers: { 'x-twilio-signature': signature, 'x-guard': guard, 'x-public-url': publicUrl },
    body: new URLSearchParams(params).toString(),
  })
}

describe(`behind ${PROXY}`, () => {
  for (const [setup, { what }] of Object.entries(SETUPS)) {
    describe(`${setup}: ${what}`, () => {
      test('genuine: twilio and ours without options reject it alike; the documented option accepts it', async () => {
        expect(await send(setup, 'twilio-told')).toMatchObject({ status: 200, body: `ok ${PARAMS.Body}` })
        const theirs = await send(setup, 'twilio')
        const plain = await send(setup, 'ours')
        const fixed = await send(setup, `fixed-${setup}`)
        expect(theirs.status).toBe(403)
        expect(plain).toEqual(theirs)
        expect(fixed).toMatchObject({ status: 200, body: `ok ${PARAMS.Body}` })
      })

      test('forged: rejected by every configuration', async () => {
        for (const guard of ['twilio', 'twilio-told', 'ours', `fixed-${setup}`]) {
          const answer = await send(setup, guard, { forged: true })
          expect([guard, answer.status, answer.body]).toEqual([guard, 403, 'Twilio Request Validation Failed.'])
        }
      })
    })
  }
})
