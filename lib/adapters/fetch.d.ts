import type { AdapterOptions, VerifyResult } from './result'

export type { AdapterOptions, VerifyResult }

/** Verifies a Fetch API Request, reading a clone of its body (the handler can still read it). */
export declare function verifyFetchRequest(request: Request, options?: AdapterOptions): Promise<VerifyResult>

/**
 * A Fetch handler that answers rejected requests itself (400/403/413/500, text/plain, twilio's
 * texts) and otherwise calls `handler(request, webhook, ...rest)`: `webhook.params` are the form
 * params, `rest` the platform's own arguments (Next.js's context, Bun's server, Deno's info).
 */
export declare function withTwilioWebhook<Rest extends unknown[]>(
  handler: (request: Request, webhook: VerifyResult, ...rest: Rest) => Response | Promise<Response>,
  options?: AdapterOptions,
): (request: Request, ...rest: Rest) => Promise<Response>

/** A Response for a rejected result, as webhook() answers it. */
export declare function rejectionResponse(result: VerifyResult): Response
