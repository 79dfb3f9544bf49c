// Must NOT compile: adapters-types.test.js checks an error on each "expect-error" line only.
import { verifyNodeRequest } from '@twilio-native/webhooks/http'
import { verifyFetchRequest, withTwilioWebhook } from '@twilio-native/webhooks/fetch'
import { verifyLambdaEvent } from '@twilio-native/webhooks/lambda'

const request = new Request('https://example.com/')
await verifyFetchRequest(request, { trustProxy: 'yes' }) // expect-error
await verifyFetchRequest('https://example.com/') // expect-error
await verifyNodeRequest(request) // expect-error
await verifyLambdaEvent(request, { authToken: 'x' }) // expect-error
withTwilioWebhook(() => 'not a response') // expect-error
const result = await verifyFetchRequest(request)
const valid: string = result.valid // expect-error

export { valid }
