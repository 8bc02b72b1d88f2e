import Taro from '@tarojs/taro'
import type { MiniRequest } from './types'

interface RequestFailure {
  errMsg?: string
  errorMessage?: string
  /** Alipay's my.request fails on any non-2xx status but still carries the answer (error 19). */
  status?: number
  data?: unknown
  headers?: Record<string, string>
}

/**
 * Taro.request with one contract on both mini programs: every HTTP answer resolves, only no answer rejects. Its own
 * promise is the one outcome (with success/fail callbacks as well, that promise would still reject — unhandled — on
 * every request that gets no answer).
 */
export const taroRequest: MiniRequest = (options) =>
  Taro.request({
    ...options,
    // Parsing is left to the caller (axios) so error bodies are parsed like data.
    dataType: 'text',
    responseType: 'text',
  }).then(
    (res) => ({ statusCode: res.statusCode, data: res.data, header: (res.header ?? {}) as Record<string, string> }),
    (err: unknown) => {
      const failure = err as RequestFailure
      if (typeof failure.status === 'number' && failure.status > 0) return { statusCode: failure.status, data: failure.data, header: failure.headers ?? {} }
      throw new Error(failure.errMsg || failure.errorMessage || 'request failed')
    },
  )
