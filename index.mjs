import api from './index.js'

export const {
  SIGNATURE_HEADER,
  SIGNATURE_SETTINGS_HEADER,
  HMAC_SHA1,
  HMAC_SHA256,
  getSignatureAlgorithm,
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  validateRequest,
  validateBody,
  validateRequestWithBody,
  validateRawRequest,
  validateIncomingRequest,
  validateExpressRequest,
  webhook,
} = api
export default api
