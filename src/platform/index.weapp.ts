import Taro from '@tarojs/taro'
import { mockCashier } from './mock-cashier'
import { taroRequest } from './taro-request'
import { taroStorage } from './taro-storage'
import { taroNetwork } from './taro-network'
import { setTaroTabBadge } from './taro-tab-badge'
import { memoryStorage, type Platform, type PrivacyApi, PlatformError, PRIVACY_CONSENT_KEY } from './types'

export * from './types'

type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

/**
 * WeChat's privacy flow: before any personal-data API the framework calls onNeedPrivacyAuthorization and
 * waits until we resolve it from our own consent sheet (whose agree button has
 * open-type="agreePrivacyAuthorization").
 */
function createWeappPrivacy(): PrivacyApi {
  const listeners = new Set<() => void>()
  let pending: PrivacyResolve | null = null
  if (typeof wx !== 'undefined' && typeof wx.onNeedPrivacyAuthorization === 'function') {
    wx.onNeedPrivacyAuthorization((resolve: PrivacyResolve) => {
      pending = resolve
      listeners.forEach((l) => l())
    })
  }
  const settle = (event: 'agree' | 'disagree') => {
    pending?.({ event, buttonId: 'privacy-agree' })
    pending = null
  }
  return {
    status: () =>
      new Promise((resolve) => {
        const local = taroStorage.getItem(PRIVACY_CONSENT_KEY) === 'accepted'
        if (typeof wx === 'undefined' || typeof wx.getPrivacySetting !== 'function') {
          resolve(local ? 'accepted' : 'required')
          return
        }
        wx.getPrivacySetting({
          success: (res: { needAuthorization: boolean }) => resolve(!res.needAuthorization && local ? 'accepted' : 'required'),
          fail: () => resolve(local ? 'accepted' : 'required'),
        })
      }),
    onRequired(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async accept() {
      taroStorage.setItem(PRIVACY_CONSENT_KEY, 'accepted')
      settle('agree')
    },
    async decline() {
      taroStorage.removeItem(PRIVACY_CONSENT_KEY)
      settle('disagree')
    },
  }
}

export const platform: Platform = {
  name: 'weapp',
  async loginCode() {
    const { code } = await Taro.login()
    if (!code) throw new PlatformError('LOGIN_FAILED', 'wx.login returned no code')
    return code
  },
  storage: taroStorage,
  // A mini program's memory lasts exactly one visit.
  sessionStorage: memoryStorage(),
  async pay(request) {
    if (request.provider === 'mock') return mockCashier(request)
    try {
      await Taro.requestPayment(request.params as unknown as Taro.requestPayment.Option)
      return 'paid'
    } catch (e) {
      return /cancel/.test(String((e as { errMsg?: string }).errMsg)) ? 'cancelled' : 'failed'
    }
  },
  subscribeMessages: true,
  async requestSubscribe(templateIds) {
    // An old base library has no subscription messages: reminders go to the message centre, as on a platform without.
    if (typeof wx === 'undefined' || typeof wx.requestSubscribeMessage !== 'function') return { accepted: [], supported: false }
    try {
      const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] })) as unknown as Record<string, string>
      return { accepted: templateIds.filter((id) => res[id] === 'accept'), supported: true }
    } catch (e) {
      // 20004: the member switched subscription messages off in WeChat's settings — not a refusal of these.
      return { accepted: [], supported: true, ...((e as { errCode?: number }).errCode === 20004 ? { switchedOff: true } : {}) }
    }
  },
  share: {
    native: true,
    async copyLink(url) {
      await Taro.setClipboardData({ data: url })
    },
    appUrl: () => null,
  },
  privacy: createWeappPrivacy(),
  setTabBadge: setTaroTabBadge,
  network: taroNetwork(),
  cacheShell: () => undefined,
  miniRequest: taroRequest,
}
