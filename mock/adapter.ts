import { AxiosHeaders, type AxiosAdapter } from 'axios'
import { settle } from '../src/api/settle'
import { API_PREFIX, splitTarget, type CoreRequest, type CoreResponse } from '../server/core/http'

/**
 * A query component decoded like URLSearchParams does (`+` is a space; a malformed escape stays as written
 * instead of throwing) — parsed by hand: the mini programs' URLSearchParams (Taro's polyfill) is not iterable.
 */
function decodeQuery(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** Path and query of an axios request, relative to the API prefix. */
function target(url: string, params: unknown): { path: string; query: Record<string, string> } {
  const { path: rawPath, search } = splitTarget(url)
  const path = rawPath.replace(/^https?:\/\/[^/]+/, '').replace(API_PREFIX, '') || '/'
  // fromEntries defines own properties: a parameter named `__proto__` is a parameter like any other.
  const query: Record<string, string> = Object.fromEntries(
    search
      .split('&')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=')
        return at < 0 ? [decodeQuery(pair), ''] : [decodeQuery(pair.slice(0, at)), decodeQuery(pair.slice(at + 1))]
      }),
  )
  if (params && typeof params === 'object') {
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) if (v !== undefined && v !== null) query[k] = String(v)
  }
  return { path: path.startsWith('/') ? path : `/${path}`, query }
}

/**
 * axios → the embedded mock backend, in the same process (the default build, no network at all).
 * Requests go through the same pipeline as the HTTP server, answers come back as real axios responses.
 */
export interface InProcessBackend {
  handle(req: CoreRequest): Promise<CoreResponse>
}

export function createInProcessAdapter(backend: InProcessBackend | Promise<InProcessBackend>): AxiosAdapter {
  return async (config) => {
    const { path, query } = target(config.url ?? '/', config.params)
    const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>
    const req: CoreRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      path,
      query,
      headers,
      rawBody: typeof config.data === 'string' ? config.data : config.data === undefined ? undefined : JSON.stringify(config.data),
    }
    const res = await (await backend).handle(req)
    return new Promise((resolve, reject) =>
      settle(resolve, reject, {
        // axios parses string bodies; hand it the same text a network response would carry.
        data: JSON.stringify(res.body),
        status: res.status,
        statusText: String(res.status),
        // Header names in lower case, as a browser or Taro.request hands them over (the client reads `x-server-time`).
        headers: AxiosHeaders.from(Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...res.headers }).map(([k, v]) => [k.toLowerCase(), v]))),
        config,
        request: null,
      }),
    )
  }
}
