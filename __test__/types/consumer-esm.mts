// ESM consumer resolved through the package's own "exports" map (self-reference,
// no `paths`): named imports, the default import and a namespace import.
import webhooks, { validateRequest, webhook, getExpectedTwilioSignature, HMAC_SHA256 } from '@twilio-native/webhooks'
import * as ns from '@twilio-native/webhooks'
import type { WebhookOptions, Request, RequestValidatorOptions } from '@twilio-native/webhooks'

const params = { CallSid: 'CA1234567890ABCDE', Digits: '1234' }
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const sig: string = getExpectedTwilioSignature('12345', url, params, HMAC_SHA256)
const a: boolean = validateRequest('12345', sig, url, params, HMAC_SHA256)
const b: boolean = webhooks.validateRequest('12345', sig, url, params)
const c: boolean = ns.validateIncomingRequest({} as Request, '12345', {} as RequestValidatorOptions)
const opts: WebhookOptions = { validate: true, sharedKeySecret: 's' }
const mw: (req: any, res: any, next: any) => void = webhook('12345', opts)
const mw2 = webhooks.webhook(opts)

export const out: unknown[] = [a, b, c, mw, mw2]
