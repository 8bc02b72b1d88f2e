import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, newPasswordProblem } from '../core/password-policy'
import { AuthError } from './types'

/**
 * Operator passwords, hashed with scrypt and stored self-describing:
 *
 *   scrypt$N$r$p$<salt, base64>$<key, base64>      e.g. scrypt$32768$8$1$…22 chars…$…86 chars…
 *
 * so parameters can be raised later: `needsRehash` says when a stored hash uses other parameters, and the server
 * re-hashes the password the operator just typed correctly. Passwords are NFC-normalised first (the same
 * password typed on two keyboards gives the same bytes), then UTF-8 encoded. scrypt runs in libuv's thread pool
 * (async), not on the event loop.
 */

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number
  r: number
  p: number
  saltBytes: number
  keyBytes: number
}

/** 2^15 × 8 × 128 B = 32 MiB and ~0.1 s per hash on one core: OWASP's scrypt baseline is N=2^17; 2^15 keeps operator login snappy on a 2-core host. */
export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 64 })

export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH }

/** Stored parameters beyond these are refused rather than computed (a tampered row must not cost the server gigabytes). */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16, maxSaltBytes: 64, minKeyBytes: 16, maxKeyBytes: 128 }

/**
 * How many hashes run at once, and how many more may wait for their turn; past that a hash is refused at once (AuthError
 * LOGIN_BUSY, 503 with Retry-After). Every sign-in costs a hash — one with a made-up name too, so that timing does not
 * tell which names exist — and libuv's thread pool queues them without bound: a few hundred sign-ins from anyone would
 * put minutes of work ahead of an admin's. Bounded, the admin waits for at most PASSWORD_WORK.waiting hashes (a few
 * seconds), or is told at once to come back. Two at a time leave libuv's other threads (4 by default) to the rest of the
 * server. Both together (18) are more than RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP's default (10 a minute): one address cannot fill them
 * alone.
 */
export const PASSWORD_WORK = Object.freeze({ running: 2, waiting: 16 })

let running = 0
const waiting: (() => void)[] = []

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PASSWORD_WORK.running) {
    if (waiting.length >= PASSWORD_WORK.waiting) throw new AuthError('LOGIN_BUSY')
    await new Promise<void>((resolve) => waiting.push(resolve))
  } else running++
  try {
    return await work()
  } finally {
    // The turn passes straight to the next in line (`running` stays), or is given back.
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

function scryptAsync(password: Buffer, salt: Buffer, keyBytes: number, params: ScryptParams): Promise<Buffer> {
  // Node's default maxmem is 32 MiB, and scrypt needs 128·N·r bytes plus a little: N=2^15, r=8 is exactly 32 MiB
  // and would fail with "memory limit exceeded". Allow twice what the parameters need.
  const maxmem = 2 * 128 * params.N * params.r + 1024 * 1024
  return inTurn(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, keyBytes, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)))
      }),
  )
}

/** The password as bytes, or AuthError PASSWORD_INVALID (400) when it is empty or longer than 256 characters. */
function passwordBytes(password: unknown): Buffer {
  if (typeof password !== 'string' || password.length === 0) throw new AuthError('PASSWORD_INVALID', { detail: 'password empty' })
  const normalised = password.normalize('NFC')
  if ([...normalised].length > MAX_PASSWORD_LENGTH) throw new AuthError('PASSWORD_INVALID', { detail: 'password longer than 256 characters' })
  return Buffer.from(normalised, 'utf8')
}

interface Parsed {
  params: ScryptParams
  salt: Buffer
  key: Buffer
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/
const isPowerOfTwo = (n: number) => n > 1 && (n & (n - 1)) === 0

function parse(encoded: string): Parsed | null {
  const parts = encoded.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : Number.NaN))
  if (!isPowerOfTwo(N) || N > LIMITS.maxN || !(r >= 1 && r <= LIMITS.maxR) || !(p >= 1 && p <= LIMITS.maxP)) return null
  if (!B64.test(parts[4]) || !B64.test(parts[5])) return null
  const salt = Buffer.from(parts[4], 'base64')
  const key = Buffer.from(parts[5], 'base64')
  if (salt.length < 8 || salt.length > LIMITS.maxSaltBytes || key.length < LIMITS.minKeyBytes || key.length > LIMITS.maxKeyBytes) return null
  return { params: { N, r, p, saltBytes: salt.length, keyBytes: key.length }, salt, key }
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const bytes = passwordBytes(password)
  const salt = randomBytes(params.saltBytes)
  const key = await scryptAsync(bytes, salt, params.keyBytes, params)
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** A well-formed hash of no password anyone knows, verified against when the account does not exist. */
let dummy: Promise<string> | null = null

/**
 * True when `password` matches `encoded`. False for a wrong password, and for a stored value that is not a
 * scrypt hash this module can check (the server should log that: it means a corrupt or foreign row).
 * Pass `null` when no such operator exists: the same work is done against a dummy hash and the answer is false,
 * so response time does not tell which account names exist. Throws AuthError PASSWORD_INVALID (400) for an empty
 * or over-long password, AuthError LOGIN_BUSY (503) when too many password checks wait already (PASSWORD_WORK).
 */
export async function verifyPassword(password: string, encoded: string | null | undefined): Promise<boolean> {
  const bytes = passwordBytes(password)
  if (encoded == null) {
    // A first try the server was too busy for is not kept: the next one makes it.
    dummy ??= hashPassword(randomBytes(24).toString('base64')).catch((e: unknown) => {
      dummy = null
      throw e
    })
    const parsed = parse(await dummy) as Parsed
    await scryptAsync(bytes, parsed.salt, parsed.key.length, parsed.params)
    return false
  }
  const parsed = parse(encoded)
  if (!parsed) return false
  const key = await scryptAsync(bytes, parsed.salt, parsed.key.length, parsed.params)
  return timingSafeEqual(key, parsed.key)
}

/** True when `encoded` was made with other parameters than `params` (or cannot be read): re-hash after a successful login. */
export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(encoded)
  if (!parsed) return true
  const q = parsed.params
  return q.N !== params.N || q.r !== params.r || q.p !== params.p || q.saltBytes !== params.saltBytes || q.keyBytes !== params.keyBytes
}

/**
 * The policy for a password an operator chooses (server/core/password-policy.ts, shared with the mock). Throws
 * AuthError: PASSWORD_INVALID (400) when empty or too long, PASSWORD_TOO_WEAK (422) with a zh-CN message naming
 * the rule otherwise.
 */
export function validateNewPassword(password: string, accountName?: string): void {
  passwordBytes(password)
  const problem = newPasswordProblem(password, accountName)
  if (problem) throw new AuthError('PASSWORD_TOO_WEAK', problem)
}
