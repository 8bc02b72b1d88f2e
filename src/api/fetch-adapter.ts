import axios, { AxiosError, AxiosHeaders, type AxiosAdapter } from 'axios'
import { settle } from './settle'

/**
 * axios over the browser's `fetch` (H5 pointed at a backend). axios' own fetch adapter brings stream, progress,
 * cookie and signal helpers the app never uses (≈ 3–4 KB gzip of the first load); H5 builds replace it and the
 * XMLHttpRequest one with `false` (config/index.ts). Any HTTP answer is settled by axios' rules, its text parsed by
 * the client's transformResponse; no answer is a network error, and one past `timeout` ms is ECONNABORTED — both
 * become ApiError NETWORK / TIMEOUT once normalised.
 */
export function createFetchAdapter(fetchFn: typeof fetch = (input, init) => fetch(input, init)): AxiosAdapter {
  return async (config) => {
    const controller = new AbortController()
    let timedOut = false
    const timer = config.timeout
      ? setTimeout(() => {
          timedOut = true
          controller.abort()
        }, config.timeout)
      : undefined
    try {
      const res = await fetchFn(axios.getUri(config), {
        method: (config.method ?? 'get').toUpperCase(),
        headers: AxiosHeaders.from(config.headers).normalize(true).toJSON() as Record<string, string>,
        body: (config.data as BodyInit | undefined) ?? null,
        signal: controller.signal,
      })
      const data = await res.text()
      return await new Promise((resolve, reject) =>
        settle(resolve, reject, {
          data,
          status: res.status,
          statusText: res.statusText,
          headers: AxiosHeaders.from(Object.fromEntries(res.headers.entries())),
          config,
          request: null,
        }),
      )
    } catch (e) {
      if (e instanceof AxiosError) throw e
      if (timedOut) throw new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config)
      throw new AxiosError(e instanceof Error ? e.message : 'Network Error', AxiosError.ERR_NETWORK, config)
    } finally {
      clearTimeout(timer)
    }
  }
}
