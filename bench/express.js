#!/usr/bin/env node
'use strict'
// End-to-end: requests/s of an Express 5 app whose route is guarded by webhook(), under
// a loopback flood of forged (403) or valid (200) requests; three sides: twilio-node's
// middleware and ours, each after express.urlencoded(), and ours alone reading the raw
// body (`ours-raw`). Harness and options: bench/http-flood.js.
//
//   node bench/express.js [--duration 5] [--connections 10] [--rounds 2] [--params 5|30]
//                         [--valid 0|1] [--json out.json]

const path = require('path')
const { runFlood } = require('./http-flood')

runFlood({
  script: path.join(__dirname, 'express-server.js'),
  title: 'Express 5 + webhook()',
  forgedSeed: 'express-forged',
  sides: {
    twilio: 'express.urlencoded() + twilio@6.3.1 webhook()',
    ours: 'express.urlencoded() + ours webhook()',
    'ours-raw': 'ours webhook() alone (raw body)',
  },
  argv: process.argv.slice(2),
}).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
