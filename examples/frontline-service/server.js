#!/usr/bin/env node
'use strict'

// Run the Frontline integration service:
//   TWILIO_AUTH_TOKEN=... node examples/frontline-service/server.js
// See README.md for the other variables.

const { createApp, ROUTES, loadConfig, ConfigError } = require('.')

function main() {
  let config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`frontline-service: ${err.message}`)
      process.exit(1)
    }
    throw err
  }

  const app = createApp(config)
  const server = app.listen(config.port, config.host, () => {
    const { address, port } = server.address()
    const local = `http://${address.includes(':') ? `[${address}]` : address}:${port}`
    const base = config.publicBaseUrl || local
    console.log(`frontline-service listening on ${local}`)
    if (config.publicBaseUrl) {
      console.log(`validating signatures against the public base URL ${config.publicBaseUrl}`)
    }
    console.log('callback URLs to configure:')
    for (const [name, path] of Object.entries(ROUTES)) {
      if (name !== 'health') console.log(`  ${name.padEnd(21)} ${base}${path}`)
    }
  })
  server.on('error', (err) => {
    console.error(`frontline-service: cannot listen on ${config.host}:${config.port}: ${err.message}`)
    process.exit(1)
  })

  const stop = (signal) => {
    console.log(`frontline-service: ${signal}, shutting down`)
    server.close(() => process.exit(0))
    server.closeIdleConnections()
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main()
