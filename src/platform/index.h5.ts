import Taro from '@tarojs/taro'
import { mockCashier } from './mock-cashier'
import { taroStorage } from './taro-storage'
import { setTaroTabBadge } from './taro-tab-badge'
import { assertStorable, createNetworkStatus, createStoredPrivacy, type KeyValueStorage, memoryStorage, type NetworkApi, pageAddress, type Platform, uuidV4 } from './types'

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

/** The browser's own connection state: navigator.onLine and its online/offline events. */
function browserNetwork(): NetworkApi {
  return createNetworkStatus((report) => {
    if (typeof window === 'undefined') return
    window.addEventListener('online', () => report(true))
    window.addEventListener('offline', () => report(false))
    report(navigator.onLine !== false)
  })
}

/** The service worker's script, copied beside index.html by production builds (config/index.ts). */
const SHELL_WORKER = 'sw.js'

/**
 * Production builds only (a development server's files change under the same names). Registered after the page
 * has loaded so it never competes with the first load; then the files this visit already fetched (the first
 * page's chunk loads before the worker controls anything) are handed to it to keep.
 */
function cacheShell(): void {
  if (process.env.NODE_ENV !== 'production' || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () =>
    navigator.serviceWorker
      .register(SHELL_WORKER)
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const urls = performance.getEntriesByType('resource').map((entry) => entry.name)
        registration.active?.postMessage({ type: 'keep', urls: [location.href.split('#')[0], ...urls] })
      })
      .catch(() => undefined)
  if (document.readyState === 'complete') void register()
  else window.addEventListener('load', () => void register(), { once: true })
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
    appUrl: pageAddress,
  },
  privacy: createStoredPrivacy(taroStorage),
  setTabBadge: setTaroTabBadge,
  network: browserNetwork(),
  cacheShell,
}
