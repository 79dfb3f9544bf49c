'use strict'
// An Express 5 app guarded by webhook(): `node bench/express-server.js ours|twilio|ours-raw`.
// `ours-raw` mounts our webhook() alone, with no body parser: it reads and validates the
// raw body itself. For scale, `parser` mounts express.urlencoded() alone and `none` no
// middleware at all. Listens on 127.0.0.1 (random port) and reports the port over IPC.

const express = require('express')
const { reportCpu } = require('./http-flood')

const which = process.argv[2]
const impl = which === 'twilio' ? require('twilio/lib/webhooks/webhooks') : require('../index.js')
const TOKEN = '12345'

const app = express()
// Requests seen and CPU time used between the parent's 'start' and 'stop' messages: CPU
// per request is robust to other processes sharing the machine, req/s is not.
let seen = 0
app.use((req, res, next) => {
  seen++
  next()
})
const guards =
  which === 'parser'
    ? [express.urlencoded({ extended: false })]
    : which === 'none'
      ? []
      : which === 'ours-raw'
        ? [impl.webhook(TOKEN)]
        : [express.urlencoded({ extended: false }), impl.webhook(TOKEN)]
app.post('/voice', ...guards, (req, res) => {
  res.type('text/xml').send('<Response><Say>ok</Say></Response>')
})

const server = app.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port })
})
reportCpu(() => seen)
process.on('disconnect', () => server.close(() => process.exit(0)))
