import Taro from '@tarojs/taro'
import { mockCashier } from './mock-cashier'
import { taroStorage } from './taro-storage'
import { setTaroTabBadge } from './taro-tab-badge'
import { assertStorable, createStoredPrivacy, type KeyValueStorage, memoryStorage, type Platform, uuidV4 } from './types'

export * from './types'

const DEVICE_CODE_KEY = 'h5-device-code'

/** The tab's sessionStorage (gone when the tab closes); memory where the browser refuses it. */
function tabSessionStorage(): KeyValueStorage {
  try {
    const store = window.sessionStorage
    return {
      getItem: (key) => store.getItem(key),
      setItem: (key, value) => {
        assertStorable(key, value)
        store.setItem(key, value)
      },
      removeItem: (key) => store.removeItem(key),
    }
  } catch {
    return memoryStorage()
  }
}

export const platform: Platform = {
  name: 'h5',
  // A browser has no platform login; a code kept per browser identifies the visitor to the backend.
  async loginCode() {
    let code = taroStorage.getItem(DEVICE_CODE_KEY)
    if (!code) {
      code = `h5-${uuidV4()}`
      taroStorage.setItem(DEVICE_CODE_KEY, code)
    }
    return code
  },
  storage: taroStorage,
  sessionStorage: tabSessionStorage(),
  pay: mockCashier,
  subscribeMessages: false,
  requestSubscribe: async () => ({ accepted: [], supported: false }),
  share: {
    native: false,
    async copyLink(url) {
      await Taro.setClipboardData({ data: url })
    },
  },
  privacy: createStoredPrivacy(taroStorage),
  setTabBadge: setTaroTabBadge,
}
