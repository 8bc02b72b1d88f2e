import axios, { AxiosError, AxiosHeaders, type AxiosAdapter } from 'axios'
import type { MiniRequest, MiniRequestOptions } from '@/platform/types'
import { settle } from './settle'

/**
 * axios over the mini programs' request primitive (Taro.request, from the platform module): mini programs
 * have neither XMLHttpRequest nor fetch. Any HTTP answer is settled by axios' rules; no answer at all is a
 * network error (ApiError NETWORK once normalised).
 */
export function createMiniRequestAdapter(request: MiniRequest): AxiosAdapter {
  return async (config) => {
    const res = await request({
      url: axios.getUri(config),
      method: (config.method ?? 'get').toUpperCase() as MiniRequestOptions['method'],
      data: config.data,
      header: AxiosHeaders.from(config.headers).normalize(true).toJSON() as Record<string, string>,
      timeout: config.timeout || undefined,
    }).catch((e: unknown) => {
      throw new AxiosError(e instanceof Error ? e.message : 'Network Error', AxiosError.ERR_NETWORK, config)
    })
    return new Promise((resolve, reject) =>
      settle(resolve, reject, {
        data: res.data,
        status: res.statusCode,
        statusText: String(res.statusCode),
        headers: AxiosHeaders.from(res.header),
        config,
        request: null,
      }),
    )
  }
}
