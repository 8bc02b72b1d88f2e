/**
 * Checks on the raw request the pipeline runs before anything reads it (pipeline.ts): the size of the request
 * head, the body's media type and its JSON nesting depth, the Idempotency-Key's length, the path
 * parameters' percent-encoding, and text a database can store in the query and body. Each refusal is an HttpError with the contract's error shape; none of them
 * can throw anything else, whatever the client sends.
 */
import { HttpError, type CoreRequest } from './http'
import { MAX_HEADER_BYTES, MAX_IDEMPOTENCY_KEY_CHARS, MAX_JSON_DEPTH, MAX_PATH_ID_CHARS } from './limits'
import { invalid } from './validate'

export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3
  }
  return n
}

/** Characters as the contract counts them (code points, not UTF-16 units). */
export function charCount(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** Roughly the bytes of the HTTP request line and headers (the in-process transport has no wire to measure). */
export function requestHeadBytes(req: CoreRequest): number {
  let n = utf8Length(req.method) + utf8Length(req.path) + 12
  for (const [k, v] of Object.entries(req.query)) n += utf8Length(k) + utf8Length(v) + 2
  for (const [k, v] of Object.entries(req.headers)) n += utf8Length(k) + utf8Length(String(v)) + 4
  return n
}

export function assertHeadSize(req: CoreRequest): void {
  if (requestHeadBytes(req) > MAX_HEADER_BYTES) throw new HttpError(431, 'HEADERS_TOO_LARGE', '请求头过大')
}

/** `application/json` or `application/<x>+json`, in UTF-8: without a charset or with `charset=utf-8`. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const [type, ...params] = contentType.toLowerCase().split(';').map((p) => p.trim())
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '')
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return false
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
}

export function assertJsonMediaType(contentType: string | undefined): void {
  if (!isJsonMediaType(contentType)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容须为 JSON 格式', { expected: 'application/json' })
}

/**
 * Whether JSON text opens more than `max` arrays/objects at once. One pass, no recursion, brackets inside
 * strings ignored; run before `JSON.parse`, so nothing after it (the idempotency fingerprint, handlers) can
 * meet a value deep enough to overflow the stack.
 */
export function jsonDepthExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

export function assertJsonDepth(text: string): void {
  if (jsonDepthExceeds(text)) throw new HttpError(400, 'JSON_TOO_DEEP', '请求内容层级过深', { maxDepth: MAX_JSON_DEPTH })
}

/**
 * An Idempotency-Key, when sent, is 1–128 characters without a comma (the contract's `IdempotencyKey` parameters):
 * a header sent twice reaches the core as the two values joined by ", " (Node's HTTP layer), which names no
 * action — refused, not taken for a third key; nor does an empty one.
 */
export function assertIdempotencyKeyShape(key: string | undefined): void {
  if (key === undefined) return
  // Two Idempotency-Key headers arrive joined by a comma: neither request's key, so which one it was is unknown.
  const problem = key === '' ? 'empty' : charCount(key) > MAX_IDEMPOTENCY_KEY_CHARS ? 'too_long' : key.includes(',') ? 'repeated' : null
  if (problem) throw new HttpError(400, 'INVALID_IDEMPOTENCY_KEY', '幂等键格式不正确', { problem, maxLength: MAX_IDEMPOTENCY_KEY_CHARS })
}

/**
 * Whether a string can be stored as text: no NUL (PostgreSQL's text refuses it) and no unpaired UTF-16
 * surrogate (not Unicode at all; JSON may spell one as `\ud800`, and jsonb refuses it). A loop, not a regex
 * with lookbehind: this module also runs in the mini programs' embedded backend, on engines without it.
 */
export function isStorableText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) return false
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (d < 0xdc00 || d > 0xdfff) return false
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return false
  }
  return true
}

/**
 * Every string of the query and the JSON body (values and keys, at any depth) is storable text, or 400
 * INVALID_INPUT naming the top-level field. No recursion: the body's depth is bounded, but a walk with its own
 * stack cannot overflow whatever comes.
 */
export function assertStorableText(query: Record<string, string>, body: unknown): void {
  const reason = 'NUL or unpaired surrogate'
  for (const [k, v] of Object.entries(query)) if (!isStorableText(k) || !isStorableText(v)) throw invalid(isStorableText(k) ? k : 'query', reason)
  const stack: [unknown, string][] = [[body, 'body']]
  while (stack.length) {
    const [value, field] = stack.pop()!
    if (typeof value === 'string') {
      if (!isStorableText(value)) throw invalid(field, reason)
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!isStorableText(k)) throw invalid(field, reason)
        stack.push([v, field === 'body' && !Array.isArray(value) ? k : field])
      }
    }
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Path parameters as matched (still percent-encoded) → decoded values. A malformed escape (`%`, `%zz`, a
 * truncated or invalid UTF-8 sequence), an empty or over-long id or a control character is 400 INVALID_INPUT.
 */
export function decodePathParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, encoded] of Object.entries(raw)) {
    let value: string
    try {
      value = decodeURIComponent(encoded)
    } catch {
      throw invalid(field, 'malformed percent-encoding')
    }
    if (value.length === 0 || charCount(value) > MAX_PATH_ID_CHARS) throw invalid(field, `1 to ${MAX_PATH_ID_CHARS} characters`)
    if (CONTROL.test(value)) throw invalid(field, 'control characters')
    out[field] = value
  }
  return out
}
