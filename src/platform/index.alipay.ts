import Taro from '@tarojs/taro'
import { mockCashier } from './mock-cashier'
import { taroRequest } from './taro-request'
import { taroStorage } from './taro-storage'
import { taroNetwork } from './taro-network'
import { setTaroTabBadge } from './taro-tab-badge'
import { createStoredPrivacy, memoryStorage, type PaymentOutcome, type Platform, PlatformError } from './types'

export * from './types'

const ALIPAY_RESULTS: Record<string, PaymentOutcome> = { '9000': 'paid', '6001': 'cancelled', '8000': 'unknown', '6004': 'unknown' }

export const platform: Platform = {
  name: 'alipay',
  loginCode: () =>
    new Promise((resolve, reject) => {
      my.getAuthCode({
        scopes: 'auth_base',
        success: (res: { authCode?: string }) =>
          res.authCode ? resolve(res.authCode) : reject(new PlatformError('LOGIN_FAILED', 'my.getAuthCode returned no code')),
        fail: () => reject(new PlatformError('LOGIN_FAILED', 'my.getAuthCode failed')),
      })
    }),
  storage: taroStorage,
  // A mini program's memory lasts exactly one visit.
  sessionStorage: memoryStorage(),
  async pay(request) {
    if (request.provider === 'mock') return mockCashier(request)
    return new Promise((resolve) => {
      my.tradePay({
        tradeNO: String(request.params?.tradeNO ?? ''),
        // Alipay's result codes: 9000 paid, 6001 cancelled by the member, 8000 processing and 6004 result unknown (the
        // money may have been taken: the backend asks Alipay), anything else (4000 …) failed.
        success: (res: { resultCode: string }) => resolve(ALIPAY_RESULTS[res.resultCode] ?? 'failed'),
        fail: () => resolve('failed'),
      })
    })
  },
  subscribeMessages: true,
  requestSubscribe: (templateIds) =>
    new Promise((resolve) => {
      if (typeof my.requestSubscribeMessage !== 'function') {
        resolve({ accepted: [], supported: false })
        return
      }
      my.requestSubscribeMessage({
        entityIds: templateIds,
        success: (res: { result?: { subscribeEntityIds?: string[] } }) =>
          resolve({ accepted: res.result?.subscribeEntityIds ?? [], supported: true }),
        fail: () => resolve({ accepted: [], supported: true }),
      })
    }),
  share: {
    native: true,
    async copyLink(url) {
      await Taro.setClipboardData({ data: url })
    },
    appUrl: () => null,
  },
  privacy: createStoredPrivacy(taroStorage),
  setTabBadge: setTaroTabBadge,
  network: taroNetwork(),
  cacheShell: () => undefined,
  miniRequest: taroRequest,
}
