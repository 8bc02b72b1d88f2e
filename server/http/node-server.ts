/**
 * The Node HTTP server both API servers run on (the production server under Fastify, the mock server bare). What
 * Node would answer by itself — a malformed request, headers over 16 KB, a method HTTP does not know, CONNECT,
 * an `Expect` it cannot meet, a client too slow to send its request — is the contract's JSON error instead, and
 * a slow client holds its connection for seconds, not Node's five minutes.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { clientErrorResponse, errorResponse, type CoreResponse } from '../core/http'
import { MAX_HEADER_BYTES } from '../core/limits'

/** A request's head must arrive within this, the whole request (64 KB at most) within REQUEST_TIMEOUT_MS: 408. */
export const HEADERS_TIMEOUT_MS = 20_000
export const REQUEST_TIMEOUT_MS = 30_000

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A request body as text. Bytes that are not UTF-8 (the contract's encoding) become a body no JSON parser
 * accepts — a lone NUL — so the core answers 400 MALFORMED_JSON in its usual order, instead of storing U+FFFD
 * where the member's characters were.
 */
export function bodyText(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    return '\u0000'
  }
}

/** A refusal's body and the headers that close the connection after it. */
function closing(r: CoreResponse, extraHeaders: Record<string, string>): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(r.body)
  return { body, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...extraHeaders } }
}

/** The refusal as raw HTTP on a socket Node gave up on (no response object exists for it). */
function refuse(socket: Duplex, r: CoreResponse, extraHeaders: Record<string, string>): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const { body, headers } = closing(r, extraHeaders)
  socket.end(`HTTP/1.1 ${r.status} ${STATUS_CODES[r.status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`)
}

/** Node's `clientError` (bad request line or header, unknown method, headers too large, timeout) in the error shape. */
export function clientErrorAnswer(extraHeaders: Record<string, string> = {}) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET') socket.destroy()
    else refuse(socket, clientErrorResponse(err.code), extraHeaders)
  }
}

/**
 * The server with the contract's limits. A request without `Host` is served (HTTP/1.0 clients send none; nothing
 * here reads it); the caller answers `clientError` (Fastify through its `clientErrorHandler` option).
 */
export function createApiServer(handler: RequestListener, extraHeaders: Record<string, string> = {}): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false, headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, handler)
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => refuse(socket, errorResponse(405, 'METHOD_NOT_ALLOWED', '不支持的请求方式'), extraHeaders))
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const { body, headers } = closing(errorResponse(417, 'EXPECTATION_FAILED', '不支持的请求头 Expect'), extraHeaders)
    res.writeHead(417, headers).end(body)
  })
  return server
}
