import type { WebhookOptions, WebhookFailureReason } from '../../index'

/** The options every adapter takes: webhook()'s, as one object (`validate` aside). */
export type AdapterOptions = Omit<WebhookOptions, 'validate' | 'includeHelpers'>

/** What every `verify*` adapter resolves to. */
export interface VerifyResult {
  /** The signature verified for the rebuilt URL and body. */
  valid: boolean
  /** 200 when valid; else the status webhook() answers: 400, 403, 413 or 500. */
  status: 200 | 400 | 403 | 413 | 500
  /** Why it was rejected (absent when valid). */
  reason?: WebhookFailureReason
  /** A one-line hint about the rejection. */
  message?: string
  /** The signed form params when valid (`{}` without a body); absent for JSON webhooks. */
  params?: Record<string, string | string[]>
  /** What a body parser would have set: the form object, or the parsed JSON. */
  body?: unknown
  /** The body bytes that were read. */
  rawBody?: Buffer
  /** Which key verified: the position in a keyring, or the SharedKey SID. Absent for a single token. */
  keyId?: number | string
  /** Valid: the URL that verified. `url_mismatch`: the other URL the signature is valid for. */
  signedUrl?: string
  /** The URL the request was validated against (rejected requests). */
  receivedUrl?: string
  /** `no_secret`: which secret is missing ('auth token' or 'SharedKey secret'). */
  missingSecret?: 'auth token' | 'SharedKey secret'
  /** More than 10 failures a second: not diagnosed. */
  diagnosisSkipped?: boolean
  /** Valid signature, but a JSON body express.json() would refuse (status 400, type `entity.parse.failed`). */
  error?: Error
}
