import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { CODE_ALPHABET } from '../../src/domain/invites'

/**
 * Our bearer tokens (members and operators alike). The client gets `newToken()`; the database stores only
 * `hashToken(token)` with its expiry and revocation, so a leaked table does not log anyone in. 32 random bytes
 * make a salt and a slow hash pointless: SHA-256 of a 256-bit secret cannot be searched.
 */

export const TOKEN_BYTES = 32
/** base64url of 32 bytes, no padding. */
export const TOKEN_LENGTH = 43
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/** A member's invite code: 8 symbols of the code alphabet from the system's CSPRNG (40 bits). */
export function newInviteCode(): string {
  let code = ''
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

/** What the database stores and looks tokens up by: SHA-256, 64 lowercase hex characters. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * True when `value` could be one of our tokens: lets the server answer 401 to garbage (or a 10 MB header)
 * without a database round trip.
 */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value)
}

/**
 * Constant-time string equality for secrets compared in memory (e.g. a stored hash against a computed one).
 * Both sides are hashed first, so the time depends on neither the contents nor which one is longer.
 * A lookup by `hashToken(token)` in an indexed column does not need this.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest()
  const hb = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(ha, hb)
}
