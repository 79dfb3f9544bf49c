// Must NOT compile: types.test.js checks that tsc reports an error on each
// line marked "expect-error" (and nowhere else), against both declarations.
import { validateRequest, webhook, validateIncomingRequest, getExpectedTwilioSignature } from '@twilio-native/webhooks'

validateRequest(1) // expect-error
validateRequest('token', 'sig', 'https://x.com/', { a: '1' }, 256) // expect-error
const flag: string = validateRequest('token', 'sig', 'https://x.com/', {}) // expect-error
webhook({ validate: 'yes' }) // expect-error
webhook(42) // expect-error
validateIncomingRequest({ protocol: 'https' }, 'token') // expect-error
getExpectedTwilioSignature('token', new URL('https://x.com/'), {}) // expect-error

export { flag }
