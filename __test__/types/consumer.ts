// Code written the way a twilio user types against twilio's webhooks module.
// types.test.js compiles it against @twilio-native/webhooks (tsconfig.json) and,
// with the import swapped, against twilio@6.3.1's own declarations.
import express = require('express')
import type { NextFunction, Request as ExpressRequest, Response } from 'express'
import {
  validateRequest,
  validateRequestWithBody,
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  validateBody,
  validateIncomingRequest,
  validateExpressRequest,
  webhook,
  getSignatureAlgorithm,
  SIGNATURE_HEADER,
  SIGNATURE_SETTINGS_HEADER,
  HMAC_SHA1,
  HMAC_SHA256,
  Request,
  RequestValidatorOptions,
  WebhookOptions,
} from '@twilio-native/webhooks'

const authToken: string = process.env.TWILIO_AUTH_TOKEN ?? '12345'
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const params: Record<string, string> = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
}

// Constants keep their literal types.
const headerName: 'X-Twilio-Signature' = SIGNATURE_HEADER
const settingsName: 'X-Twilio-Webhooks-Signature-Settings' = SIGNATURE_SETTINGS_HEADER
const algorithms: Array<'HMAC_SHA1' | 'HMAC_SHA256'> = [HMAC_SHA1, HMAC_SHA256]

// Pure functions.
const signature: string = getExpectedTwilioSignature(authToken, url, params)
const signature256: string = getExpectedTwilioSignature(authToken, url, params, HMAC_SHA256)
const ok: boolean = validateRequest(authToken, signature, url, params)
const ok256: boolean = validateRequest(authToken, signature256, url, params, getSignatureAlgorithm('key=x,algorithm=HMAC_SHA256'))
const body = '{"property": "value", "boolean": true}'
const bodyHash: string = getExpectedBodyHash(body)
const bodyOk: boolean = validateBody(body, bodyHash)
const bodyOkFromBuffer: boolean = validateBody(body, Buffer.from(bodyHash))
const bodyOkFromArray: boolean = validateBody(body, [bodyHash])
const withBody: boolean = validateRequestWithBody(authToken, signature, `${url}&bodySHA256=${bodyHash}`, body)
const withBody256: boolean = validateRequestWithBody(authToken, signature, `${url}&bodySHA256=${bodyHash}`, body, HMAC_SHA1)
const alg1: string = getSignatureAlgorithm()
const alg2: string = getSignatureAlgorithm(null)
const alg3: string = getSignatureAlgorithm(undefined)

// A hand-made request object satisfying the Request interface.
const fakeRequest: Request = {
  protocol: 'https',
  header: (name: string) => (name === SIGNATURE_HEADER ? signature : undefined),
  headers: { host: 'mycompany.com' },
  originalUrl: '/myapp.php?foo=1&bar=2',
  body: params,
}
const withRaw: Request = { ...fakeRequest, rawBody: body }

const validatorOptions: RequestValidatorOptions = { url, host: 'mycompany.com', protocol: 'https', algorithm: HMAC_SHA1 }
const emptyValidatorOptions: RequestValidatorOptions = {}
const v1: boolean = validateIncomingRequest(fakeRequest, authToken)
const v2: boolean = validateIncomingRequest(withRaw, authToken, validatorOptions)
const v3: boolean = validateExpressRequest(fakeRequest, authToken, emptyValidatorOptions)
const v4: boolean = validateExpressRequest(withRaw, authToken, {
  algorithm: getSignatureAlgorithm(fakeRequest.header(SIGNATURE_SETTINGS_HEADER)),
})

// Middleware factories, every documented call form.
const webhookOptions: WebhookOptions = {
  validate: true,
  includeHelpers: true,
  url,
  host: 'mycompany.com',
  protocol: 'https',
  authToken,
  sharedKeySecret: 'shared key secret',
}
const m1 = webhook()
const m2 = webhook(authToken)
const m3 = webhook({ validate: false })
const m4 = webhook({ host: 'hook.twilio.com', protocol: 'https' })
const m5 = webhook(authToken, { sharedKeySecret: 'shared key secret' })
const m6 = webhook(webhookOptions, authToken)
const m7: (req: any, res: any, next: any) => void = webhook(webhookOptions)

// Express usage.
const app = express()
app.use(express.urlencoded({ extended: false }))
const handler = (req: ExpressRequest, res: Response): void => {
  res.type('text/xml').send('<Response/>')
}
app.post('/x', webhook({ validate: true }), handler)
app.post('/y', webhook(authToken), handler)
app.post('/z', m1, m2, m3, m4, m5, m6, m7, handler)
app.use('/router', express.Router().post('/hook', webhook(authToken, { url }), handler))

// Validating an Express request by hand.
app.post('/manual', (req: ExpressRequest, res: Response, next: NextFunction) => {
  const settings = req.header(SIGNATURE_SETTINGS_HEADER)
  const valid: boolean = validateExpressRequest(req, settings ? 'shared key secret' : authToken, {
    protocol: 'https',
    algorithm: getSignatureAlgorithm(settings),
  })
  const alsoValid: boolean = validateIncomingRequest(req, authToken)
  if (valid || alsoValid) next()
  else res.status(403).send('forbidden')
})

export const results: unknown[] = [
  headerName,
  settingsName,
  algorithms,
  ok,
  ok256,
  bodyOk,
  bodyOkFromBuffer,
  bodyOkFromArray,
  withBody,
  withBody256,
  alg1,
  alg2,
  alg3,
  v1,
  v2,
  v3,
  v4,
]
