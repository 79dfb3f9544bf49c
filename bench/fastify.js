#!/usr/bin/env node
'use strict'
// End-to-end: a Fastify 5 app whose route is guarded by this package's plugin, against
// the same app validating with twilio's validateRequest in a preHandler after
// @fastify/formbody, under a loopback flood of forged (403) or valid (200) requests.
// Harness and options: bench/http-flood.js.
//
//   node bench/fastify.js [--duration 5] [--connections 10] [--rounds 2] [--params 5|30]
//                         [--valid 0|1] [--json out.json]

const path = require('path')
const { runFlood } = require('./http-flood')

runFlood({
  script: path.join(__dirname, 'fastify-server.js'),
  title: 'Fastify 5',
  forgedSeed: 'fastify-forged',
  sides: {
    twilio: '@fastify/formbody + twilio@6.3.1 validateRequest in a preHandler',
    ours: 'ours: plugin + app.twilioWebhook',
  },
  argv: process.argv.slice(2),
}).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
