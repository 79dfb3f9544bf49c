import plugin from './fastify.js'

export const twilioWebhooks = plugin
export default plugin
