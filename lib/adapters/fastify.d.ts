import type { FastifyInstance, preHandlerHookHandler } from 'fastify'
import type { AdapterOptions as Options, VerifyResult as Result } from './result'

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler answering 400/403/413/500 as webhook() does; valid requests go on. */
    twilioWebhook: preHandlerHookHandler
  }
  interface FastifyRequest {
    /** The raw body of form and JSON requests, kept by the plugin. */
    rawBody?: Buffer
  }
}

/** Fastify 5 plugin: raw bodies kept, forms parsed, `app.twilioWebhook` decorated. */
declare function twilioWebhooks(instance: FastifyInstance, options: Options, done: (error?: Error) => void): void

declare namespace twilioWebhooks {
  export type AdapterOptions = Options
  export type VerifyResult = Result
  export { twilioWebhooks, twilioWebhooks as default }
}

export = twilioWebhooks
