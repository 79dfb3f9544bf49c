import adapter from './lambda.js'

export const { verifyLambdaEvent, rejectionResponse } = adapter
export default adapter
