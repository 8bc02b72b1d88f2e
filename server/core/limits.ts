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

/**
 * Open sessions a member keeps: a login past it ends the oldest (its token answers 401, that device logs in again),
 * so tokens leaked or forgotten on old devices do not pile up without end. Newest = latest login, then token hash.
 */
export const MAX_MEMBER_SESSIONS = 10

/** How long a write's first answer is replayed for its Idempotency-Key. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000

/**
 * The instants the core works at, 2000-01-01 … 2999-12-31 UTC: the rules look a few years ahead (expiry, tier
 * terms, reports' next month) and back (retention, compaction), so every date they compute stays far inside the
 * business calendar (src/domain/calendar.ts, 1970 … 9999). A clock outside it — a phone reset to 1970 running the
 * embedded demo, a server clock gone wrong — gets 503 CLOCK_OUT_OF_RANGE, never a 500; the test clock refuses it.
 */
export const CLOCK_MIN = Date.parse('2000-01-01T00:00:00.000Z')
export const CLOCK_MAX = Date.parse('2999-12-31T23:59:59.999Z')

export const clockInRange = (now: number): boolean => now >= CLOCK_MIN && now <= CLOCK_MAX
