'use strict'

// Public surface of the example, for tests, scripts/demo/demo.js, or embedding.
const { createApp, ROUTES } = require('./src/app')
const { loadConfig, ConfigError } = require('./src/config')
const { CustomerDirectory } = require('./src/customer-directory')

module.exports = { createApp, ROUTES, loadConfig, ConfigError, CustomerDirectory }
