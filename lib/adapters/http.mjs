import adapter from './http.js'

export const { verifyNodeRequest, sendRejection } = adapter
export default adapter
