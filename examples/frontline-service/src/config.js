'use strict'

// Configuration from environment variables. loadConfig() throws a
// ConfigError with a message meant for a person when something required is
// missing or malformed; server.js prints it and exits non-zero.

const DEFAULT_PORT = 3000
const DEFAULT_HOST = '127.0.0.1'

class ConfigError extends Error {
  constructor(message) {
    super(message)
    this.name = 'ConfigError'
  }
}

function parsePort(value) {
  if (value === undefined || value === '') return DEFAULT_PORT
  const text = String(value).trim()
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${value}"`)
  }
  return n
}

/**
 * Check PUBLIC_BASE_URL and return it without a trailing slash.
 *
 * The text is otherwise kept exactly as given: Twilio signs the URL string it
 * was configured with, so "normalizing" it here could break validation.
 */
function parsePublicBaseUrl(value) {
  if (value === undefined || String(value).trim() === '') return null
  const text = String(value).trim()
  let url
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL must be an absolute URL such as https://frontline.example.com, got "${value}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_BASE_URL must use http or https, got "${value}"`)
  }
  if (url.search || url.hash) {
    throw new ConfigError(`PUBLIC_BASE_URL must not contain a query string or fragment, got "${value}"`)
  }
  return text.replace(/\/+$/, '')
}

function optional(value) {
  if (value === undefined) return null
  const text = String(value).trim()
  return text === '' ? null : text
}

/**
 * Build the service configuration from an environment object.
 *
 * Variables:
 *   TWILIO_AUTH_TOKEN         required; the token Twilio signs callbacks with
 *   PORT                      listening port (default 3000)
 *   HOST                      listening address (default 127.0.0.1)
 *   PUBLIC_BASE_URL           public origin (and path prefix) Twilio calls,
 *                             when the service runs behind a proxy or tunnel
 *   TWILIO_SMS_NUMBER         proxy address for SMS conversations
 *   TWILIO_WHATSAPP_NUMBER    proxy address for WhatsApp conversations
 *   FRONTLINE_DEFAULT_WORKER  worker for inbound conversations from unknown customers
 *   CUSTOMERS_FILE            customer directory JSON (default: data/customers.json)
 */
function loadConfig(env = process.env) {
  const authToken = optional(env.TWILIO_AUTH_TOKEN)
  if (!authToken) {
    throw new ConfigError(
      'TWILIO_AUTH_TOKEN is not set. The service validates the X-Twilio-Signature of every ' +
        'Frontline callback with your account Auth Token and refuses to start without it. ' +
        'Set TWILIO_AUTH_TOKEN (Twilio Console > Account > API keys & tokens), or run ' +
        '`npm run demo` from the repository root to try the service with a generated token.',
    )
  }
  return {
    authToken,
    port: parsePort(env.PORT),
    host: optional(env.HOST) || DEFAULT_HOST,
    publicBaseUrl: parsePublicBaseUrl(env.PUBLIC_BASE_URL),
    proxyAddresses: {
      sms: optional(env.TWILIO_SMS_NUMBER),
      whatsapp: optional(env.TWILIO_WHATSAPP_NUMBER),
    },
    defaultWorker: optional(env.FRONTLINE_DEFAULT_WORKER),
    customersFile: optional(env.CUSTOMERS_FILE),
  }
}

module.exports = { loadConfig, parsePublicBaseUrl, parsePort, ConfigError, DEFAULT_PORT, DEFAULT_HOST }
