'use strict'

// Route handlers for the Frontline callbacks. They only run after the
// request's X-Twilio-Signature has been validated (see app.js).
//
// Frontline sends application/x-www-form-urlencoded bodies and expects JSON
// answers. One callback URL can serve several purposes, told apart by the
// Location parameter.

const { encodePageToken } = require('./customer-directory')
const { buildTemplates } = require('./templates')

/** A single string value of a form field (a repeated field yields its first value). */
function field(body, name) {
  const value = body ? body[name] : undefined
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined
  return typeof value === 'string' ? value : undefined
}

function sendError(res, status, error, message) {
  return res.status(status).json({ error, message })
}

function unknownLocation(res, location, expected) {
  const got = location === undefined ? 'no Location' : `Location "${location}"`
  return sendError(res, 422, 'unknown_location', `This callback does not handle ${got}; expected ${expected.join(' or ')}.`)
}

function missing(res, name) {
  return sendError(res, 422, 'missing_parameter', `The ${name} parameter is required.`)
}

function customerDetailsObject(customer) {
  return {
    customer_id: customer.customer_id,
    display_name: customer.display_name,
    channels: customer.channels.map((ch) => ({ type: ch.type, value: ch.value })),
    details: customer.details ? { title: customer.details.title, content: customer.details.content } : undefined,
    links: customer.links.map((l) => ({ type: l.type, value: l.value, display_name: l.display_name })),
    avatar: customer.avatar,
    worker: customer.owner,
  }
}

function customerListItem(customer) {
  return {
    customer_id: customer.customer_id,
    display_name: customer.display_name,
    avatar: customer.avatar,
  }
}

/**
 * @param {object} deps
 * @param {import('./customer-directory').CustomerDirectory} deps.directory
 * @param {{sms: string|null, whatsapp: string|null}} deps.proxyAddresses
 * @param {string|null} deps.defaultWorker
 * @param {(a: {conversationSid: string, worker: string, customer: object|null, address: string|undefined}) => Promise<void>} deps.assignWorker
 * @param {{info: Function, warn: Function}} deps.logger
 */
function createHandlers({ directory, proxyAddresses, defaultWorker, assignWorker, logger }) {
  // --- CRM callback -------------------------------------------------------

  async function getCustomerDetails(req, res) {
    const customerId = field(req.body, 'CustomerId')
    if (!customerId) return missing(res, 'CustomerId')
    const customer = await directory.findById(customerId)
    if (!customer) {
      return sendError(res, 404, 'customer_not_found', `No customer with id "${customerId}".`)
    }
    return res.json({ objects: { customer: customerDetailsObject(customer) } })
  }

  async function getCustomersList(req, res) {
    const worker = field(req.body, 'Worker')
    if (!worker) return missing(res, 'Worker')
    const query = (field(req.body, 'Query') || '').trim()
    // NextPageToken is what we hand out in next_page_token; Anchor (the
    // customer_id of the previous page's last row) is accepted as well.
    const anchor = field(req.body, 'Anchor')
    const pageToken = field(req.body, 'NextPageToken') || (anchor ? encodePageToken(anchor) : undefined)
    const opts = { worker, pageSize: field(req.body, 'PageSize'), pageToken }
    const page = query ? await directory.search(query, opts) : await directory.list(opts)

    const objects = { customers: page.customers.map(customerListItem), searchable: true }
    if (page.nextPageToken) objects.next_page_token = page.nextPageToken
    return res.json({ objects })
  }

  async function crm(req, res) {
    const location = field(req.body, 'Location')
    switch (location) {
      case 'GetCustomerDetailsByCustomerId':
        return getCustomerDetails(req, res)
      case 'GetCustomersList':
        return getCustomersList(req, res)
      default:
        return unknownLocation(res, location, ['GetCustomerDetailsByCustomerId', 'GetCustomersList'])
    }
  }

  // --- Outgoing conversation callback ---------------------------------------

  async function outgoingConversation(req, res) {
    const location = field(req.body, 'Location')
    if (location !== 'GetProxyAddress') return unknownLocation(res, location, ['GetProxyAddress'])

    const channelType = (field(req.body, 'ChannelType') || '').trim().toLowerCase()
    if (!channelType) return missing(res, 'ChannelType')
    const proxyAddress = Object.hasOwn(proxyAddresses, channelType) ? proxyAddresses[channelType] : null
    if (!proxyAddress) {
      return sendError(res, 422, 'no_proxy_address', `No proxy address is configured for the "${channelType}" channel.`)
    }
    return res.json({ proxy_address: proxyAddress })
  }

  // --- Templates callback ---------------------------------------------------

  async function templates(req, res) {
    const location = field(req.body, 'Location')
    if (location !== 'GetTemplatesByCustomerId') {
      return unknownLocation(res, location, ['GetTemplatesByCustomerId'])
    }
    const customerId = field(req.body, 'CustomerId')
    if (!customerId) return missing(res, 'CustomerId')
    const customer = await directory.findById(customerId)
    if (!customer) {
      return sendError(res, 404, 'customer_not_found', `No customer with id "${customerId}".`)
    }
    const workerIdentity = field(req.body, 'Worker')
    const worker = workerIdentity ? await directory.findWorker(workerIdentity) : null
    return res.json(buildTemplates(customer, worker, workerIdentity))
  }

  // --- Conversations routing callback -----------------------------------------

  async function routing(req, res) {
    const conversationSid = field(req.body, 'ConversationSid')
    if (!conversationSid) return missing(res, 'ConversationSid')
    const address = field(req.body, 'MessagingBinding.Address')

    const customer = address ? await directory.findByAddress(address) : null
    const worker = (customer && customer.owner) || defaultWorker || null
    if (!worker) {
      // Answer 200 anyway: the conversation exists and nothing here will get
      // better by Twilio retrying. Somebody has to pick it up by hand.
      logger.warn(
        `routing: no owner for ${address || 'an unknown address'} and no ` +
          `FRONTLINE_DEFAULT_WORKER; ${conversationSid} left unassigned`,
      )
      return res.status(200).json({
        conversation_sid: conversationSid,
        routed: false,
        worker: null,
        customer_id: null,
      })
    }

    await assignWorker({ conversationSid, worker, customer, address })
    logger.info(
      `routing: ${conversationSid} -> ${worker}` + (customer ? ` (owner of ${customer.customer_id})` : ' (default worker)'),
    )
    return res.status(200).json({
      conversation_sid: conversationSid,
      routed: true,
      worker,
      customer_id: customer ? customer.customer_id : null,
    })
  }

  // --- JSON webhook (signed with bodySHA256) ------------------------------------

  async function events(req, res) {
    if (typeof req.rawBody !== 'string') {
      return sendError(res, 415, 'unsupported_media_type', 'Send the events as application/json.')
    }
    const body = req.body
    const list = Array.isArray(body) ? body : [body]
    const types = list.map((e) => (e && typeof e.type === 'string' ? e.type : 'unknown'))
    logger.info(`events: received ${list.length} (${types.join(', ')})`)
    return res.status(200).json({ received: list.length, types })
  }

  return { crm, outgoingConversation, templates, routing, events }
}

module.exports = { createHandlers, field }
