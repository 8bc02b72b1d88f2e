/**
 * What the API accepts, in one place: the request pipeline (backend.ts), the HTTP server (server.ts), storage
 * compaction (compact.ts) and login (handlers/auth.ts) read these, and mock/openapi.yaml and the README state
 * them. Anything over a limit is refused with the contract's error shape, never a 5xx.
 */

/** Request line + headers (HTTP: Node's `maxHeaderSize`); over it → 431 HEADERS_TOO_LARGE. */
export const MAX_HEADER_BYTES = 16 * 1024

/** Request body, UTF-8 bytes; over it → 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 64 * 1024

/** Arrays and objects nested deeper than this → 400 JSON_TOO_DEEP (nothing in the contract nests past 4). */
export const MAX_JSON_DEPTH = 400

/** Idempotency-Key, characters; longer → 400 INVALID_IDEMPOTENCY_KEY. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 128

/** A path id (`/campaigns/{id}`, `/orders/{id}` …), characters after percent-decoding; longer → 400 INVALID_INPUT. */
export const MAX_PATH_ID_CHARS = 64

/** A session ends this long after its login (401, the app logs in again); expired sessions are pruned. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000

/** How long a write's first answer is replayed for its Idempotency-Key. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000
