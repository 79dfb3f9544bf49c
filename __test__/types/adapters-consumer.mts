// Must compile (strict, nodenext, through the package's own "exports" map): every adapter
// used as the README shows it.
import http from 'node:http'
import Fastify from 'fastify'
import twilioWebhooks from '@twilio-native/webhooks/fastify'
import { verifyNodeRequest, sendRejection } from '@twilio-native/webhooks/http'
import { verifyFetchRequest, withTwilioWebhook, rejectionResponse } from '@twilio-native/webhooks/fetch'
import { verifyLambdaEvent, rejectionResponse as lambdaRejection, type LambdaHttpEvent } from '@twilio-native/webhooks/lambda'
import type { VerifyResult, AdapterOptions } from '@twilio-native/webhooks/fetch'

const options: AdapterOptions = {
  authToken: ['current', 'previous'],
  sharedKeys: { HK0: 'secret' },
  baseUrl: 'https://api.example.com',
  trustProxy: 1,
  limit: '100kb',
  onFailure: (failure) => console.log(failure.reason, failure.signedUrl),
}

const app = Fastify()
await app.register(twilioWebhooks, { authToken: async (sid) => (sid ? 'token' : undefined) })
app.post('/sms', { preHandler: app.twilioWebhook }, async (request) => {
  const raw: Buffer | undefined = request.rawBody
  return { from: (request.body as Record<string, string>).From, size: raw?.length }
})

http.createServer(async (req, res) => {
  const result: VerifyResult = await verifyNodeRequest(req, options)
  if (!result.valid) return sendRejection(res, result)
  const from: string | string[] | undefined = result.params?.From
  const key: number | string | undefined = result.keyId
  res.end(String(from) + String(key))
})

export const POST = withTwilioWebhook(async (request: Request, webhook, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params
  return new Response(`${id} ${webhook.params?.Body ?? ''} ${(await request.text()).length}`)
}, options)

export async function handler(request: Request): Promise<Response> {
  const result = await verifyFetchRequest(request)
  if (!result.valid) return rejectionResponse(result)
  return new Response(result.signedUrl)
}

export async function lambda(event: LambdaHttpEvent) {
  const result = await verifyLambdaEvent(event, { authToken: 'token' })
  if (!result.valid) return lambdaRejection(result)
  return { statusCode: 200, body: JSON.stringify(result.params) }
}
