import adapter from './fetch.js'

export const { verifyFetchRequest, withTwilioWebhook, rejectionResponse } = adapter
export default adapter
