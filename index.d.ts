// Hand-written declarations for @twilio-native/webhooks. They mirror the webhooks
// declarations of twilio@6.3.1, so code typed against `twilio`'s webhooks compiles
// unchanged against this package.
import type { IncomingHttpHeaders } from 'http2'

/** Header that carries the webhook signature. */
export declare const SIGNATURE_HEADER = 'X-Twilio-Signature'
/** Header on SharedKey-signed webhooks: `key=<sharedKeyId>,algorithm=<algorithm>`. */
export declare const SIGNATURE_SETTINGS_HEADER = 'X-Twilio-Webhooks-Signature-Settings'
export declare const HMAC_SHA1 = 'HMAC_SHA1'
export declare const HMAC_SHA256 = 'HMAC_SHA256'

/** The parts of an Express request the validators read. */
export interface Request {
  protocol: string
  header(name: string): string | undefined
  headers: IncomingHttpHeaders
  originalUrl: string
  /** The unparsed body; needed for JSON webhooks (URLs with `bodySHA256`). */
  rawBody?: any
  body: any
}

export interface RequestValidatorOptions {
  /** The full URL Twilio requested (with query string); overrides host and protocol. */
  url?: string
  /** Host name Twilio used, when it differs from the Host header (proxies, tunnels). */
  host?: string
  /** Protocol Twilio used, when it differs from `request.protocol` (TLS terminated upstream). */
  protocol?: string
  /** `HMAC_SHA1` (default) or `HMAC_SHA256`; see `getSignatureAlgorithm()`. */
  algorithm?: string
}

/** Why webhook() rejected a request (see the README's troubleshooting table). */
export type WebhookFailureReason =
  | 'missing_signature'
  | 'no_secret'
  | 'signature_mismatch'
  | 'url_mismatch'
  | 'raw_body_required'
  | 'body_unavailable'
  | 'body_hash_mismatch'
  | 'body_too_large'

/** What `onFailure` receives for every rejected request. */
export interface WebhookFailure {
  /** The status answered: 400 (no signature), 500 (no secret), 413 (body too large), else 403. */
  status: 400 | 403 | 413 | 500
  reason: WebhookFailureReason
  /** A one-line hint. */
  message: string
  /** The URL the request was validated against. */
  receivedUrl?: string
  /** `url_mismatch`: the other URL this request could have had that the signature is valid for. */
  signedUrl?: string
  /** More than 10 failures a second: not diagnosed, reason left at `signature_mismatch`. */
  diagnosisSkipped?: boolean
  /** `no_secret`: which secret is missing, as twilio's 500 text names it. */
  missingSecret?: 'auth token' | 'SharedKey secret'
}

type SecretAnswer = string | string[] | undefined | null

/**
 * Token for a request, by the `AccountSid` of its body (`undefined` when the body has no
 * well-formed one). The SID is not trusted: the signature must then verify with the token.
 */
export type AuthTokenResolver = (accountSid: string | undefined, req: any) => SecretAnswer | Promise<SecretAnswer>

export interface WebhookOptions {
  /** Validate requests (default true). */
  validate?: boolean
  /** Accepted for compatibility; not used. */
  includeHelpers?: boolean
  url?: string
  host?: string
  protocol?: string
  /**
   * Auth token (unlike twilio-node, this option is honoured); or a keyring of tokens
   * (current and previous: any one validating is enough); or a resolver by AccountSid.
   */
  authToken?: string | string[] | AuthTokenResolver
  /** Secret for webhooks signed with a SharedKey (those carry the settings header). */
  sharedKeySecret?: string
  /** SharedKey secrets by key SID, chosen by the `key=` field of the settings header; else `sharedKeySecret`. */
  sharedKeys?: Record<string, string>
  /** The public URL standing for the app's root: the signed URL is `baseUrl` + the original path and query. */
  baseUrl?: string
  /** Read the public scheme, host and port from `Forwarded` / `X-Forwarded-*` set by this many proxies (`true`: 1). Off by default. */
  trustProxy?: boolean | number
  /** Called for every rejected request; `false` silences the default once-a-minute warning. */
  onFailure?: ((failure: WebhookFailure, req: any) => void) | false
  /** Largest body webhook() reads itself (bytes, or a string such as `'100kb'`); default 1 MiB, beyond it 413. */
  limit?: number | string
}

/** The algorithm named in an X-Twilio-Webhooks-Signature-Settings header (default `HMAC_SHA1`). */
export declare function getSignatureAlgorithm(signatureSettingsHeader?: string | null): string

/** The signature Twilio sends for `url` (used verbatim) and `params`. Throws for an unsupported algorithm. */
export declare function getExpectedTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, any>,
  algorithm?: string,
): string

/** Lower-case hex SHA-256 of a request body (the `bodySHA256` query value). */
export declare function getExpectedBodyHash(body: string): string

/** Whether `twilioHeader` is a valid signature of `url` and `params`. An unsupported algorithm warns and returns false. */
export declare function validateRequest(
  authToken: string,
  twilioHeader: string,
  url: string,
  params: Record<string, any>,
  algorithm?: string,
): boolean

/** Whether `bodyHash` is the hex SHA-256 of `body`. */
export declare function validateBody(body: string, bodyHash: any[] | string | Buffer): boolean

/** Validates a JSON webhook: the signature of `url` (with empty params) and the body against its `bodySHA256`. */
export declare function validateRequestWithBody(
  authToken: string,
  twilioHeader: string,
  url: string,
  body: string,
  algorithm?: string,
): boolean

/** Options of `validateRawRequest`. */
export interface RawRequestOptions {
  /** The request's Content-Type. When given and not `application/x-www-form-urlencoded`, the params are `{}`. */
  contentType?: string | null
  /** `HMAC_SHA1` (default) or `HMAC_SHA256`, as for `validateRequest`. */
  algorithm?: string
}

/**
 * Validates a request from its raw body, as a server receives it (empty or `undefined` for a GET):
 * a form body is parsed as `querystring.parse` does, sorted and signed natively in one call; a URL
 * with `bodySHA256` is validated like `validateRequestWithBody`.
 */
export declare function validateRawRequest(
  authToken: string,
  twilioHeader: string,
  url: string,
  body: string | Uint8Array | null | undefined,
  options?: RawRequestOptions | null,
): boolean

/** Validates an Express request (URL rebuilt from protocol, Host header and originalUrl unless `opts.url`). */
export declare function validateIncomingRequest(request: Request, authToken: string, opts?: RequestValidatorOptions): boolean

/** Alias of `validateIncomingRequest`. */
export declare function validateExpressRequest(request: Request, authToken: string, opts?: RequestValidatorOptions): boolean

/** Express middleware answering 400 (no signature), 500 (no secret configured) or 403 (invalid). */
export declare function webhook(
  opts?: string | WebhookOptions,
  authToken?: string | WebhookOptions,
): (req: any, res: any, next: any) => void

declare const webhooks: {
  SIGNATURE_HEADER: typeof SIGNATURE_HEADER
  SIGNATURE_SETTINGS_HEADER: typeof SIGNATURE_SETTINGS_HEADER
  HMAC_SHA1: typeof HMAC_SHA1
  HMAC_SHA256: typeof HMAC_SHA256
  getSignatureAlgorithm: typeof getSignatureAlgorithm
  getExpectedTwilioSignature: typeof getExpectedTwilioSignature
  getExpectedBodyHash: typeof getExpectedBodyHash
  validateRequest: typeof validateRequest
  validateBody: typeof validateBody
  validateRequestWithBody: typeof validateRequestWithBody
  validateRawRequest: typeof validateRawRequest
  validateIncomingRequest: typeof validateIncomingRequest
  validateExpressRequest: typeof validateExpressRequest
  webhook: typeof webhook
}
export default webhooks
