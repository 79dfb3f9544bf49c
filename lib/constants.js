'use strict'

/** Header that carries the webhook signature. */
const SIGNATURE_HEADER = 'X-Twilio-Signature'
/** Header Twilio adds to SharedKey-signed webhooks: `key=<id>,algorithm=<name>`. */
const SIGNATURE_SETTINGS_HEADER = 'X-Twilio-Webhooks-Signature-Settings'
const HMAC_SHA1 = 'HMAC_SHA1'
const HMAC_SHA256 = 'HMAC_SHA256'

module.exports = { SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER, HMAC_SHA1, HMAC_SHA256 }
