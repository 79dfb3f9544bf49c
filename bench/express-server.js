'use strict'
// An Express 5 app guarded by webhook(): `node bench/express-server.js ours|twilio|ours-raw`.
// `ours-raw` mounts our webhook() alone, with no body parser: it reads and validates the
// raw body itself. For scale, `parser` mounts express.urlencoded() alone and `none` no
// middleware at all. Listens on 127.0.0.1 (random port) and reports the port over IPC.

const express = require('express')

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
const guards = which === 'parser' ? [express.urlencoded({ extended: false })] : which === 'none' ? [] : which === 'ours-raw' ? [impl.webhook(TOKEN)] : [express.urlencoded({ extended: false }), impl.webhook(TOKEN)]
app.post('/voice', ...guards, (req, res) => {
  res.type('text/xml').send('<Response><Say>ok</Say></Response>')
})

const server = app.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port })
})
let mark = null
process.on('message', (message) => {
  if (message === 'start') {
    mark = { cpu: process.cpuUsage(), seen }
    process.send({ started: true })
  } else if (message === 'stop') {
    const cpu = process.cpuUsage(mark.cpu)
    process.send({ cpuMicros: cpu.user + cpu.system, requests: seen - mark.seen })
  }
})
process.on('disconnect', () => server.close(() => process.exit(0)))
