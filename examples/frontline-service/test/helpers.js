'use strict'

// Shared test setup: start the app on 127.0.0.1:0 and talk to it over real
// HTTP with Node's global fetch, signing requests the way Twilio does.

const { createApp, ROUTES } = require('..')
const { createFakeTwilio } = require('../support/fake-twilio')

// Every behavioural test runs against our package and, for parity, against
// the webhooks module of the twilio package it replaces.
const IMPLS = ['@twilio-native/webhooks', 'twilio']

const TOKEN = '0123456789abcdef0123456789abcdef'
const PROXY_SMS = '+15550109999'
const PROXY_WHATSAPP = '+15550108888'

/**
 * @param {string} impl  module name of the webhooks implementation
 * @param {object} [overrides]  extra createApp config
 */
async function startApp(impl, overrides = {}) {
  const webhooks = require(impl)
  const assigned = []
  const app = createApp({
    authToken: TOKEN,
    webhooks,
    logger: false,
    proxyAddresses: { sms: PROXY_SMS, whatsapp: PROXY_WHATSAPP },
    assignWorker: async (a) => {
      assigned.push(a)
    },
    ...overrides,
  })
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1')
    s.once('listening', () => resolve(s))
    s.once('error', reject)
  })
  const base = `http://127.0.0.1:${server.address().port}`
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return { app, server, base, close, assigned, twilio: createFakeTwilio(webhooks, TOKEN), webhooks }
}

module.exports = { IMPLS, TOKEN, PROXY_SMS, PROXY_WHATSAPP, ROUTES, startApp }
