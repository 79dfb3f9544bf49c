// The guard's options typed against index.d.ts (guard-types.test.js compiles it).
import express = require('express')
import { webhook, WebhookFailure, WebhookFailureReason, AuthTokenResolver, WebhookOptions } from '@twilio-native/webhooks'

const app = express()
const tokens: Record<string, string> = { ['AC' + '0'.repeat(32)]: 'sub-token' }
const resolver: AuthTokenResolver = async (accountSid) => (accountSid ? tokens[accountSid] : undefined)
const seen: WebhookFailureReason[] = []
const onFailure = (failure: WebhookFailure, req: express.Request): void => {
  seen.push(failure.reason)
  const where: string | undefined = failure.signedUrl ?? failure.receivedUrl
  const status: number = failure.status
  void where
  void status
  void req
}

const options: WebhookOptions = {
  authToken: ['current', 'previous'],
  sharedKeys: { HK1: 'one', HK2: 'two' },
  sharedKeySecret: 'legacy',
  baseUrl: 'https://api.example.com/twilio',
  trustProxy: 2,
  limit: '100kb',
  onFailure,
}
app.post('/a', webhook(options), (req, res) => res.send('ok'))
app.post('/b', webhook({ authToken: resolver, trustProxy: true, onFailure: false }), (req, res) => res.send('ok'))
app.post('/c', webhook({ authToken: (sid) => (sid === undefined ? undefined : [tokens[sid]]), limit: 1024 }), (req, res) =>
  res.send('ok'),
)
app.post('/d', webhook('token'), (req, res) => res.send('ok'))

export { seen }
