/** What the core sees of a request and answers, independent of transport (in-process, node:http, Fastify). */
export interface CoreRequest {
  method: string
  /** Path below the API prefix, e.g. `/signin/calendar`. */
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** The raw body text; the core parses it (malformed JSON → 400). */
  rawBody?: string
}

export interface CoreResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** A refusal with the contract's error shape. */
export class HttpError extends Error {
  readonly status: number
  readonly code: string
  readonly details?: Record<string, unknown>
  /** Headers the answer carries (`Retry-After` of a 429 or 503). */
  readonly headers?: Record<string, string>
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.code = code
    this.details = details
    this.headers = headers
  }
}

export function errorResponse(status: number, code: string, message: string, details?: Record<string, unknown>): CoreResponse {
  return { status, body: { error: details ? { code, message, details } : { code, message } } }
}

export const API_PREFIX = '/api/v1'
