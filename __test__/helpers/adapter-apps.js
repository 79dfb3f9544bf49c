'use strict'
// The same webhook routes on every framework, over real HTTP on 127.0.0.1: Express with
// webhook(), Fastify 5 with the plugin, node:http with verifyNodeRequest, Hono on
// @hono/node-server with withTwilioWebhook. Each route answers a valid request with the
// body it got, as JSON, so answers can be compared byte for byte across frameworks.
// Routes are `/<profile>/hook`; a profile is one set of adapter options.

const http = require('http')
const express = require('express')
const Fastify = require('fastify')
const { Hono } = require('hono')
const { serve } = require('@hono/node-server')
const ours = require('../..')
const fastifyPlugin = require('../../lib/adapters/fastify')
const { verifyNodeRequest, sendRejection } = require('../../lib/adapters/http')
const { withTwilioWebhook } = require('../../lib/adapters/fetch')

const echoBody = (body) => JSON.stringify({ body: body === undefined ? null : body })

function listening(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

function handle(server) {
  const port = server.address().port
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        if (server.closeAllConnections) server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function startExpress(profiles) {
  const app = express()
  for (const [name, options] of Object.entries(profiles)) {
    app.all(`/${name}/hook`, ours.webhook(options), (req, res) => {
      res.type('application/json').send(echoBody(req.body))
    })
  }
  app.use((err, req, res, next) =>
    res
      .status(err.status || 500)
      .type('text/plain')
      .send(String(err.type || err.message)),
  )
  return handle(await listening(http.createServer(app)))
}

async function startFastify(profiles) {
  const app = Fastify()
  for (const [name, options] of Object.entries(profiles)) {
    await app.register(async (scope) => {
      await scope.register(fastifyPlugin, options)
      scope.all(`/${name}/hook`, { preHandler: scope.twilioWebhook }, async (request, reply) => {
        reply.type('application/json')
        return echoBody(request.body)
      })
    })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: app.server.address().port, close: () => app.close(), app }
}

async function startNodeHttp(profiles) {
  const server = http.createServer(async (req, res) => {
    const name = req.url.split('/')[1]
    try {
      const result = await verifyNodeRequest(req, profiles[name])
      if (!result.valid) return sendRejection(res, result)
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.end(echoBody(result.body))
    } catch (error) {
      res.statusCode = 500
      res.end(String(error && error.message))
    }
  })
  return handle(await listening(server))
}

async function startHono(profiles) {
  const app = new Hono()
  for (const [name, options] of Object.entries(profiles)) {
    const guarded = withTwilioWebhook(
      (request, webhook) =>
        new Response(echoBody(webhook.body), { headers: { 'content-type': 'application/json; charset=utf-8' } }),
      options,
    )
    app.all(`/${name}/hook`, (c) => guarded(c.req.raw))
  }
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  return handle(server)
}

const STARTERS = { express: startExpress, fastify: startFastify, http: startNodeHttp, hono: startHono }

async function startAll(profiles) {
  const apps = {}
  for (const [name, start] of Object.entries(STARTERS)) apps[name] = await start(profiles)
  return apps
}

/** One request over node:http (which sends any Host and forwarded headers as given). */
function send(port, { method = 'POST', path = '/', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const h = { ...headers }
    if (body !== undefined) h['content-length'] = Buffer.byteLength(body)
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          contentType: res.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

module.exports = { startAll, send, echoBody, FRAMEWORKS: Object.keys(STARTERS) }
