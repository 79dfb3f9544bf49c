'use strict'

// The customer directory behind the Frontline callbacks.
//
// This implementation reads a JSON file that ships with the example. A real
// integration would talk to its CRM instead: keep the method names and the
// shapes they return, and the route handlers do not change. Every method is
// async so that a network-backed implementation fits the same interface.
//
// Customer record (as stored in data/customers.json):
//   { customer_id, display_name, owner, avatar?, channels: [{type, value}],
//     links?: [{type, value, display_name}], details?: {title, content} }
// Worker record: { identity, display_name }

const fs = require('node:fs')
const path = require('node:path')

const DEFAULT_FILE = path.join(__dirname, '..', 'data', 'customers.json')
const MAX_PAGE_SIZE = 100
const DEFAULT_PAGE_SIZE = 30

// Channel prefixes that Twilio puts in front of an address ("whatsapp:+1555...").
const ADDRESS_PREFIX = /^(whatsapp|sms|messenger):/i

/**
 * Reduce a messaging address to something comparable across channels:
 * drop the channel prefix and the usual phone number punctuation.
 */
function normalizeAddress(address) {
  return String(address || '')
    .trim()
    .replace(ADDRESS_PREFIX, '')
    .replace(/[\s().-]/g, '')
    .toLowerCase()
}

/** Opaque paging token: the customer_id of the last row of the previous page. */
function encodePageToken(customerId) {
  return Buffer.from(String(customerId), 'utf8').toString('base64url')
}

function decodePageToken(token) {
  if (typeof token !== 'string' || token === '') return null
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null
  const decoded = Buffer.from(token, 'base64url').toString('utf8')
  return decoded === '' ? null : decoded
}

function clampPageSize(value) {
  const n = Number.parseInt(value, 10)
  if (!Number.isFinite(n) || n < 1) return DEFAULT_PAGE_SIZE
  return Math.min(n, MAX_PAGE_SIZE)
}

function validateData(data, source) {
  const where = source ? ` in ${source}` : ''
  if (!data || !Array.isArray(data.customers)) {
    throw new Error(`customer directory${where}: expected an object with a "customers" array`)
  }
  const seen = new Set()
  for (const c of data.customers) {
    if (!c || typeof c.customer_id !== 'string' || c.customer_id === '') {
      throw new Error(`customer directory${where}: every customer needs a string customer_id`)
    }
    if (seen.has(c.customer_id)) {
      throw new Error(`customer directory${where}: duplicate customer_id ${c.customer_id}`)
    }
    seen.add(c.customer_id)
    if (typeof c.display_name !== 'string' || c.display_name === '') {
      throw new Error(`customer directory${where}: customer ${c.customer_id} has no display_name`)
    }
  }
}

class CustomerDirectory {
  /**
   * @param {{customers: object[], workers?: object[]}} data
   */
  constructor(data, { source } = {}) {
    validateData(data, source)
    // Sorted by display name so that lists and pages are stable.
    this._customers = data.customers
      .map((c) => ({ ...c, channels: c.channels || [], links: c.links || [] }))
      .sort((a, b) => a.display_name.localeCompare(b.display_name, 'en') || a.customer_id.localeCompare(b.customer_id))
    this._workers = new Map((data.workers || []).map((w) => [w.identity, w]))
  }

  /** Load a directory from a JSON file (defaults to the file shipped with the example). */
  static fromFile(file = DEFAULT_FILE) {
    const text = fs.readFileSync(file, 'utf8')
    let data
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new Error(`customer directory ${file}: invalid JSON (${err.message})`)
    }
    return new CustomerDirectory(data, { source: file })
  }

  /** @returns {Promise<object|null>} the customer, or null */
  async findById(customerId) {
    if (typeof customerId !== 'string' || customerId === '') return null
    return this._customers.find((c) => c.customer_id === customerId) || null
  }

  /**
   * The customer that one of the channels belongs to, matched by address
   * ("+15550100101" and "whatsapp:+15550100101" both find the same person).
   * @returns {Promise<object|null>}
   */
  async findByAddress(address) {
    const wanted = normalizeAddress(address)
    if (wanted === '') return null
    return this._customers.find((c) => c.channels.some((ch) => normalizeAddress(ch.value) === wanted)) || null
  }

  /**
   * One page of the customers a worker owns.
   * @param {{worker?: string, pageSize?: number|string, pageToken?: string}} opts
   * @returns {Promise<{customers: object[], nextPageToken: string|null}>}
   */
  async list({ worker, pageSize, pageToken } = {}) {
    return this._page(this._owned(worker), pageSize, pageToken)
  }

  /**
   * Like list(), filtered by a case-insensitive query over the display name,
   * the customer id and the channel addresses.
   */
  async search(query, { worker, pageSize, pageToken } = {}) {
    const q = String(query || '')
      .trim()
      .toLowerCase()
    const qAddress = normalizeAddress(q)
    const rows = this._owned(worker).filter(
      (c) =>
        q === '' ||
        c.display_name.toLowerCase().includes(q) ||
        c.customer_id.toLowerCase().includes(q) ||
        (qAddress !== '' && c.channels.some((ch) => normalizeAddress(ch.value).includes(qAddress))),
    )
    return this._page(rows, pageSize, pageToken)
  }

  /** @returns {Promise<object|null>} the worker record, or null */
  async findWorker(identity) {
    return this._workers.get(identity) || null
  }

  _owned(worker) {
    if (!worker) return this._customers
    return this._customers.filter((c) => c.owner === worker)
  }

  _page(rows, pageSize, pageToken) {
    const size = clampPageSize(pageSize)
    let start = 0
    const after = decodePageToken(pageToken)
    if (after !== null) {
      const i = rows.findIndex((c) => c.customer_id === after)
      // An unknown token (customer deleted since, or garbage) restarts at the top
      // rather than failing the whole screen.
      start = i === -1 ? 0 : i + 1
    }
    const customers = rows.slice(start, start + size)
    const more = start + size < rows.length
    return {
      customers,
      nextPageToken: more && customers.length > 0 ? encodePageToken(customers[customers.length - 1].customer_id) : null,
    }
  }
}

module.exports = {
  CustomerDirectory,
  normalizeAddress,
  encodePageToken,
  decodePageToken,
  DEFAULT_FILE,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
}
