// Must NOT compile: guard-types.test.js checks an error on each "expect-error" line only.
import { webhook, WebhookFailure } from '@twilio-native/webhooks'

webhook({ trustProxy: 'yes' }) // expect-error
webhook({ onFailure: true }) // expect-error
webhook({ authToken: 42 }) // expect-error
webhook({ sharedKeys: ['a'] }) // expect-error
webhook({ authToken: (sid: number) => 'x' }) // expect-error
const reason: WebhookFailure['reason'] = 'bad_reason' // expect-error

export { reason }
