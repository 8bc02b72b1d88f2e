import { AuthError, type FetchLike } from './types'

/** A platform answer, decoded as UTF-8. */
export interface UpstreamResponse {
  status: number
  text: string
}

const MAX_BODY_BYTES = 256 * 1024

/**
 * One request to a platform with a deadline. A timeout, a refused connection or a reset is the platform being
 * unavailable (LOGIN_UPSTREAM_BUSY); a body that is not UTF-8 or is absurdly large is nonsense
 * (LOGIN_UPSTREAM_ERROR). `label` names the upstream in `detail`; the URL is never put there (WeChat's carries
 * the secret).
 */
export async function callUpstream(
  fetchImpl: FetchLike,
  label: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<UpstreamResponse> {
  let res: Response
  let bytes: ArrayBuffer
  try {
    res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
    bytes = await res.arrayBuffer()
  } catch (e) {
    const name = (e as Error | undefined)?.name
    const cause = (e as { cause?: { code?: string } } | undefined)?.cause?.code
    const what = name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${timeoutMs} ms` : `failed (${name ?? 'error'}${cause ? ` ${cause}` : ''})`
    throw new AuthError('LOGIN_UPSTREAM_BUSY', { detail: `${label}: request ${what}` })
  }
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `${label}: HTTP ${res.status}, body of ${bytes.byteLength} bytes` })
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `${label}: HTTP ${res.status}, body is not UTF-8` })
  }
  return { status: res.status, text }
}

/**
 * What an HTTP status other than 200 means (both platforms answer their own errors with 200): 429 is their rate
 * limit, 5xx their trouble (retry soon), anything else nonsense.
 */
export function httpStatusError(label: string, status: number): AuthError {
  const detail = `${label}: HTTP ${status}`
  if (status === 429) return new AuthError('LOGIN_RATE_LIMITED', { detail })
  if (status >= 500) return new AuthError('LOGIN_UPSTREAM_BUSY', { detail })
  return new AuthError('LOGIN_UPSTREAM_ERROR', { detail })
}

/** Checks a configured base URL; in production only https is accepted (the WeChat call carries the app secret). */
export function checkBaseUrl(setting: string, value: string, nodeEnv: string | undefined): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${setting} is not a URL: ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${setting} must be an http(s) URL`)
  if (nodeEnv === 'production' && url.protocol !== 'https:') throw new Error(`${setting} must be https when NODE_ENV=production`)
  return url
}
