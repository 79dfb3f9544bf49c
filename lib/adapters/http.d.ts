import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AdapterOptions, VerifyResult } from './result'

export type { AdapterOptions, VerifyResult }

/**
 * Verifies a node:http request. An unread body is read (at most `limit` bytes) and kept as
 * `req.rawBody`, with the parsed form or JSON as `req.body`; else `req.rawBody` or a parsed
 * `req.body` left by a framework is used.
 */
export declare function verifyNodeRequest(req: IncomingMessage, options?: AdapterOptions): Promise<VerifyResult>

/** Answers a rejected result as webhook() does: its status, text/plain, twilio's text. */
export declare function sendRejection(res: ServerResponse, result: VerifyResult): void
