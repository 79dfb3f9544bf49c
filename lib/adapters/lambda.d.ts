import type { AdapterOptions, VerifyResult } from './result'

export type { AdapterOptions, VerifyResult }

/** The parts of an API Gateway (payload 1.0 or 2.0) or Function URL event that are read. */
export interface LambdaHttpEvent {
  version?: string
  path?: string
  rawPath?: string
  rawQueryString?: string
  headers?: Record<string, string | undefined> | null
  multiValueHeaders?: Record<string, string[] | undefined> | null
  queryStringParameters?: Record<string, string | undefined> | null
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null
  body?: string | null
  isBase64Encoded?: boolean
  requestContext?: { domainName?: string; stage?: string; path?: string; [key: string]: unknown }
  [key: string]: unknown
}

/** Verifies an API Gateway REST (1.0), HTTP API (2.0) or Lambda Function URL event. */
export declare function verifyLambdaEvent(event: LambdaHttpEvent, options?: AdapterOptions): Promise<VerifyResult>

/** A Lambda proxy response for a rejected result, as webhook() answers it. */
export declare function rejectionResponse(result: VerifyResult): {
  statusCode: number
  headers: { 'content-type': string }
  body: string
}
