/** What the mock backend sees of a request and answers, independent of transport (in-process or HTTP). */
export interface MockRequest {
  method: string
  /** Path below the API prefix, e.g. `/signin/calendar`. */
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** The raw body text; the backend parses it (malformed JSON → 400). */
  rawBody?: string
}

export interface MockResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** A refusal with the contract's error shape. */
export class HttpError extends Error {
  readonly status: number
  readonly code: string
  readonly details?: Record<string, unknown>
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export function errorResponse(status: number, code: string, message: string, details?: Record<string, unknown>): MockResponse {
  return { status, body: { error: details ? { code, message, details } : { code, message } } }
}

export const API_PREFIX = '/api/v1'
