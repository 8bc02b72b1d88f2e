import Taro from '@tarojs/taro'
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter } from 'axios'
import { settle } from './settle'

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'HEAD'

/** axios over Taro.request, for mini programs (which have neither XMLHttpRequest nor fetch). */
export const taroRequestAdapter: AxiosAdapter = (config) =>
  new Promise((resolve, reject) => {
    const headers = AxiosHeaders.from(config.headers).normalize(true).toJSON() as Record<string, string>
    Taro.request({
      url: axios.getUri(config),
      method: (config.method ?? 'get').toUpperCase() as Method,
      data: config.data,
      header: headers,
      timeout: config.timeout || undefined,
      // Leave parsing to axios' transformResponse so error bodies are parsed the same way as data.
      dataType: 'text',
      responseType: 'text',
      success: (res) =>
        settle(resolve, reject, {
          data: res.data,
          status: res.statusCode,
          statusText: String(res.statusCode),
          headers: AxiosHeaders.from((res.header ?? {}) as Record<string, string>),
          config,
          request: null,
        }),
      fail: (err) => reject(new AxiosError(err.errMsg || 'Network Error', AxiosError.ERR_NETWORK, config)),
    })
  })
