'use strict'

// createApp(config): the Frontline integration service as an Express 5 app,
// without listening anywhere, so that server.js, the tests and
// `npm run demo` can all start it in-process.

const express = require('express')
const { CustomerDirectory } = require('./customer-directory')
const { createTwilioGuard } = require('./twilio-guard')
const { createHandlers } = require('./handlers')
const { parsePublicBaseUrl } = require('./config')

/** The callback paths; point the Frontline console (and Conversations) at these. */
const ROUTES = Object.freeze({
  crm: '/callbacks/crm',
  outgoingConversation: '/callbacks/outgoing-conversation',
  templates: '/callbacks/templates',
  routing: '/callbacks/routing',
  events: '/callbacks/events',
  health: '/healthz',
})

const SILENT_LOGGER = Object.freeze({ info() {}, warn() {}, error() {} })

function normalizeProxyAddresses(input = {}) {
  const sms = input.sms ? String(input.sms).replace(/^sms:/i, '') : null
  let whatsapp = input.whatsapp ? String(input.whatsapp) : null
  if (whatsapp && !/^whatsapp:/i.test(whatsapp)) whatsapp = `whatsapp:${whatsapp}`
  return { sms, whatsapp }
}

/**
 * @param {object} config
 * @param {string} config.authToken  the Twilio Auth Token callbacks are signed with (required)
 * @param {string|null} [config.publicBaseUrl]  public origin (+ path prefix) Twilio calls, behind a proxy
 * @param {{sms?: string, whatsapp?: string}} [config.proxyAddresses]  Twilio numbers for outgoing conversations
 * @param {string|null} [config.defaultWorker]  worker for inbound conversations from unknown customers
 * @param {string} [config.customersFile]  JSON customer directory (default: data/customers.json)
 * @param {object} [config.directory]  any object with the CustomerDirectory methods (e.g. a CRM adapter)
 * @param {Function} [config.assignWorker]  async ({conversationSid, worker, customer, address}) => void;
 *   adds the worker to the conversation. The default only logs: wire the Twilio
 *   Conversations API in here for a real deployment (see README).
 * @param {{webhook: Function}} [config.webhooks]  webhooks implementation; defaults to
 *   require('@twilio-native/webhooks'). Passing require('twilio') runs the same app on twilio's.
 * @param {{info: Function, warn: Function, error: Function}|false} [config.logger]  console by default; false = silent
 * @returns {import('express').Express}
 */
function createApp(config = {}) {
  if (!config.authToken) {
    throw new Error('createApp: config.authToken is required (the TWILIO_AUTH_TOKEN that signs the callbacks)')
  }
  const webhooks = config.webhooks || require('@twilio-native/webhooks')
  const logger = config.logger === false ? SILENT_LOGGER : config.logger || console
  const directory = config.directory || CustomerDirectory.fromFile(config.customersFile || undefined)
  const publicBaseUrl = parsePublicBaseUrl(config.publicBaseUrl || undefined)
  const assignWorker =
    config.assignWorker ||
    (async ({ conversationSid, worker }) => {
      logger.info(`routing: would add ${worker} to ${conversationSid} (no assignWorker configured)`)
    })

  const handlers = createHandlers({
    directory,
    proxyAddresses: normalizeProxyAddresses(config.proxyAddresses),
    defaultWorker: config.defaultWorker || null,
    assignWorker,
    logger,
  })
  const guard = createTwilioGuard({ webhooks, authToken: config.authToken, publicBaseUrl })

  // Frontline callbacks are form-encoded. extended: false keeps keys such as
  // "MessagingBinding.Address" flat, exactly as Twilio signed them.
  const form = express.urlencoded({ extended: false, limit: '100kb' })
  // A JSON webhook is signed over its raw bytes (bodySHA256), so keep them.
  const json = express.json({
    limit: '1mb',
    verify: (req, _res, buf) => {
      req.rawBody = buf.toString('utf8')
    },
  })

  const app = express()
  app.disable('x-powered-by')
  app.locals.directory = directory

  app.get(ROUTES.health, (_req, res) => res.json({ ok: true }))

  // Body parser first (validation needs the parameters), then the signature
  // check, then the handler.
  app.post(ROUTES.crm, form, guard, handlers.crm)
  app.post(ROUTES.outgoingConversation, form, guard, handlers.outgoingConversation)
  app.post(ROUTES.templates, form, guard, handlers.templates)
  app.post(ROUTES.routing, form, guard, handlers.routing)
  app.post(ROUTES.events, json, guard, handlers.events)

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  app.use((err, req, res, next) => {
    if (res.headersSent) return next(err)
    const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 600 ? err.status : 500
    if (status >= 500) {
      logger.error(`${req.method} ${req.path} failed:`, err)
      return res.status(status).json({ error: 'internal_error', message: 'Internal server error' })
    }
    // Client errors from the body parsers (malformed JSON, body too large, ...).
    return res.status(status).json({ error: err.type || 'bad_request', message: err.message })
  })

  return app
}

module.exports = { createApp, ROUTES }
