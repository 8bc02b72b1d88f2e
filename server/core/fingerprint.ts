/**
 * The fingerprint of a write, to tell a replay from another request under the same Idempotency-Key: SHA-256
 * of method, path and canonical body (a 32-bit hash let a client find two bodies that pass for each other).
 */
import { sha256Hex } from './sha256'

/**
 * Stable text of a JSON value with sorted keys, so `{a,b}` and `{b,a}` hash the same. Recursive: it only ever
 * sees bodies that passed the pipeline's depth check (at most MAX_JSON_DEPTH levels).
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method} ${path}\n${canonical(body)}`)
}
