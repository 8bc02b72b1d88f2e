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

/** Taro.request with one contract on both mini programs: every HTTP answer resolves, only no answer rejects. */
export const taroRequest: MiniRequest = (options) =>
  new Promise((resolve, reject) => {
    Taro.request({
      ...options,
      // Parsing is left to the caller (axios) so error bodies are parsed like data.
      dataType: 'text',
      responseType: 'text',
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: (res.header ?? {}) as Record<string, string> }),
      fail: (err) => {
        const failure = err as unknown as RequestFailure
        if (typeof failure.status === 'number' && failure.status > 0) {
          resolve({ statusCode: failure.status, data: failure.data, header: failure.headers ?? {} })
          return
        }
        reject(new Error(failure.errMsg || failure.errorMessage || 'request failed'))
      },
    })
  })
