'use strict'

const { adapterGuard } = require('../guard/adapter-guard')
const { rejection } = require('../guard/answers')
const { readBodyInto, BodyTooLarge } = require('../guard/raw-body')
const { formObject, FORM_MEDIA_TYPE, JSON_MEDIA_TYPE } = require('../form')

// Route config marks set by the onRoute hook: 'lazy' (the form is parsed only once the
// signature verified: a forged flood never pays for parsing) or 'eager' (the route has
// a body schema, which Fastify checks before any preHandler runs).
const GUARDED = Symbol('twilioWebhook.guarded')
const TOO_LARGE = Symbol('twilioWebhook.tooLarge')
const LAZY_FORM = Symbol('twilioWebhook.lazyForm')

/**
 * Fastify 5 plugin. It keeps the raw body of form and JSON requests as `request.rawBody`,
 * parses forms into `request.body` (so @fastify/formbody is not needed) and decorates the
 * instance with `twilioWebhook`, a preHandler answering as webhook() does.
 */
function twilioWebhooks(app, options, done) {
  const pluginOptions = withoutFastifyKeys(options)
  // Made for this plugin instance (not cached: register() passes a fresh object).
  const guard = adapterGuard(pluginOptions)
  const { limit } = guard.settings
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning, app.initialConfig.onConstructorPoisoning)

  app.addHook('onRoute', (route) => {
    if (!usesHook(route, twilioWebhook)) return
    const hasBodySchema = Boolean(route.schema && route.schema.body)
    route.config = { ...route.config, [GUARDED]: hasBodySchema ? 'eager' : 'lazy' }
  })

  if (app.hasContentTypeParser(FORM_MEDIA_TYPE)) {
    // @fastify/formbody (or another form parser) would leave no raw body to validate.
    done(
      new Error(
        `@twilio-native/webhooks/fastify parses ${FORM_MEDIA_TYPE} bodies itself: register it instead of @fastify/formbody`,
      ),
    )
    return
  }
  app.addContentTypeParser(
    FORM_MEDIA_TYPE,
    rawBodyParser((request, raw, parsed) => {
      if (guardedAs(request) === 'lazy') {
        request[LAZY_FORM] = true
        return parsed(null, undefined)
      }
      parsed(null, formObject(raw))
    }),
  )
  app.addContentTypeParser(
    JSON_MEDIA_TYPE,
    rawBodyParser((request, raw, parsed) => parseJson(request, raw.toString('utf8'), parsed)),
  )

  /** A content-type parser that keeps the bytes as `request.rawBody`, then calls `parse`. */
  function rawBodyParser(parse) {
    return (request, payload, parsed) =>
      readFor(request, payload, (raw) => (raw === undefined ? parsed(null, undefined) : parse(request, raw, parsed)), parsed)
  }

  /** Reads the body up to the guard's limit on guarded routes, the route's bodyLimit elsewhere. */
  function readFor(request, payload, onBody, fail) {
    const guarded = guardedAs(request) !== undefined
    const bytes = guarded ? limit : request.routeOptions.bodyLimit
    readBodyInto(payload, bytes, (error, raw) => {
      if (!error) {
        request.rawBody = raw
        return onBody(raw)
      }
      if (!(error instanceof BodyTooLarge)) return fail(error)
      // A guarded route answers 413 with webhook()'s text from its preHandler, unless a
      // body schema runs first; elsewhere Fastify's own error, as without the plugin.
      if (guardedAs(request) === 'lazy') {
        request[TOO_LARGE] = error
        return onBody(undefined)
      }
      fail(new (peer('fastify').errorCodes.FST_ERR_CTP_BODY_TOO_LARGE)())
    })
  }

  function twilioWebhook(request, reply, next) {
    // An onFailure callback may look at the body of what it is told about.
    if (request[LAZY_FORM] && typeof guard.settings.onFailure === 'function') {
      request[LAZY_FORM] = false
      request.body = formObject(request.rawBody)
    }
    const view = requestView(request)
    const readBody = request[TOO_LARGE] ? tooLarge(request[TOO_LARGE]) : request[LAZY_FORM] ? () => request.rawBody : undefined
    const outcome = guard.check(view, readBody, request)
    if (outcome && typeof outcome.then === 'function') {
      outcome.then((settled) => settle(settled, view, request, reply, next), next)
      return
    }
    settle(outcome, view, request, reply, next)
  }

  app.decorate('twilioWebhook', twilioWebhook)
  done()
}

function settle(outcome, view, request, reply, next) {
  if (outcome.ok) {
    if (request[LAZY_FORM]) request.body = view.body
    return next()
  }
  const { status, contentType, text } = rejection(outcome.failure)
  reply.code(status).type(contentType).send(text)
}

/**
 * What the guard reads of a Fastify request: Node's headers, the request target as
 * received, the socket's scheme (the plugin's `trustProxy` decides about forwarded
 * headers, not Fastify's), and the body the parsers kept.
 */
function requestView(request) {
  const raw = request.raw
  const view = {
    headers: raw.headers,
    originalUrl: raw.url,
    protocol: raw.socket && raw.socket.encrypted ? 'https' : 'http',
    rawBody: request.rawBody,
  }
  if (!request[LAZY_FORM]) view.body = request.body
  return view
}

function tooLarge(error) {
  return () => {
    throw error
  }
}

function guardedAs(request) {
  const config = request.routeOptions && request.routeOptions.config
  return config ? config[GUARDED] : undefined
}

function usesHook(route, hook) {
  return [route.preHandler, route.preValidation].some((hooks) => hooks === hook || (Array.isArray(hooks) && hooks.includes(hook)))
}

/** Fastify passes register()'s own keys (prefix, logLevel) in the options too. */
function withoutFastifyKeys(options) {
  const { prefix, logLevel, logSerializers, ...rest } = options || {}
  return rest
}

const plugin = peer('fastify-plugin')(twilioWebhooks, { fastify: '5.x', name: '@twilio-native/webhooks' })

/** An optional peer dependency, or an error saying which package to install. */
function peer(name) {
  try {
    return require(name)
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error
    throw new Error(`@twilio-native/webhooks/fastify needs the ${name} package: npm install ${name}`, { cause: error })
  }
}

module.exports = plugin
module.exports.default = plugin
module.exports.twilioWebhooks = plugin
