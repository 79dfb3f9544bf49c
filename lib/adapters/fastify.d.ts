import type { FastifyPluginCallback, preHandlerHookHandler } from 'fastify'
import type { AdapterOptions, VerifyResult } from './result'

export type { AdapterOptions, VerifyResult }

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
declare const twilioWebhooks: FastifyPluginCallback<AdapterOptions>
export { twilioWebhooks }
export default twilioWebhooks
