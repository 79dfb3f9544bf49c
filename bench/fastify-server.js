'use strict'
// A Fastify 5 app with a guarded POST /voice: `node bench/fastify-server.js <side>`.
//   twilio  @fastify/formbody + a preHandler calling twilio@6.3.1's validateRequest with
//           the URL rebuilt from the request, as Fastify users write it today
//   ours    this package's plugin and its app.twilioWebhook preHandler
//   none    @fastify/formbody and no validation (for scale)
// Listens on 127.0.0.1 (random port) and reports the port over IPC.

const Fastify = require('fastify')
const { reportCpu } = require('./http-flood')

const which = process.argv[2]
const TOKEN = '12345'

async function main() {
  const app = Fastify()
  let seen = 0
  app.addHook('onRequest', (request, reply, done) => {
    seen++
    done()
  })
  let preHandler
  if (which === 'ours') {
    await app.register(require('../lib/adapters/fastify'), { authToken: TOKEN, onFailure: false })
    preHandler = app.twilioWebhook
  } else {
    await app.register(require('@fastify/formbody'))
    if (which === 'twilio') {
      const twilio = require('twilio/lib/webhooks/webhooks')
      preHandler = (request, reply, done) => {
        const url = `${request.protocol}://${request.host}${request.url}`
        if (twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] || '', url, request.body || {})) return done()
        reply.code(403).type('text/plain').send('Twilio Request Validation Failed.')
      }
    } else if (which !== 'none') {
      throw new Error(`unknown side ${which}`)
    }
  }
  app.post('/voice', preHandler ? { preHandler } : {}, (request, reply) => {
    reply.type('text/xml').send('<Response><Say>ok</Say></Response>')
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.send({ port: app.server.address().port })
  reportCpu(() => seen)
  process.on('disconnect', () => app.close().then(() => process.exit(0)))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
