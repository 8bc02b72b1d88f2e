/** What the core sees of a request and answers, independent of transport (in-process, node:http, Fastify). */
export interface CoreRequest {
  method: string
  /** Path below the API prefix, e.g. `/signin/calendar`. */
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** The raw body text; the core parses it (malformed JSON → 400). */
  rawBody?: string
  /** Where the host logs this request's failures (the server: pino, with the request id); else `CoreOptions.logError`. */
  logError?: (message: string, error: unknown) => void
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

/**
 * The token of an `Authorization: Bearer …` header; null for none or another scheme. The scheme is case-insensitive
 * (RFC 9110 §11.1): `bearer x` is the same credential, for the session, the rate limits and the lockouts alike.
 */
export function bearerToken(header: string | undefined): string | null {
  return typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() || null : null
}

/** A request target's path as sent and its query (from the first `?`: a `?` inside the query is the query's). */
export function splitTarget(url: string): { path: string; search: string } {
  const at = url.indexOf('?')
  return at < 0 ? { path: url, search: '' } : { path: url.slice(0, at), search: url.slice(at + 1) }
}

/**
 * What an HTTP parser refuses before any handler runs (Node's `clientError`), answered in the contract's error
 * shape instead of an empty 400 / 431: a request line + headers over MAX_HEADER_BYTES (431), a method the parser
 * does not know (405, as for a known method the path lacks), anything else malformed (400).
 */
export function clientErrorResponse(code: string | undefined): CoreResponse {
  if (code === 'HPE_HEADER_OVERFLOW') return errorResponse(431, 'HEADERS_TOO_LARGE', '请求头过大')
  if (code === 'HPE_INVALID_METHOD') return errorResponse(405, 'METHOD_NOT_ALLOWED', '不支持的请求方式')
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return errorResponse(408, 'REQUEST_TIMEOUT', '请求超时，请重试')
  return errorResponse(400, 'MALFORMED_REQUEST', '请求格式不正确')
}
