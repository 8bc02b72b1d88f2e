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

/** Taro's H5 runtime keeps the built app config on window: the tab bar's items and each page's loader. */
interface BuiltAppConfig {
  tabBar?: { list?: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] }
  /** A page's loader: the module itself when it is in the main bundle, else a promise of it. */
  routes?: { path: string; load?: () => unknown }[]
}

/**
 * Loads the tab pages' code (the tab bar offers every tab at once) and returns the tab bar's icon addresses, both
 * states of each. Until then only what this visit showed was fetched, so offline a tab never opened failed to load
 * (页面加载失败) and the icons of the tabs never selected were broken images.
 */
async function loadTabPages(): Promise<string[]> {
  const config = (window as unknown as { __taroAppConfig?: BuiltAppConfig }).__taroAppConfig
  const tabs = config?.tabBar?.list ?? []
  const paths = new Set(tabs.map((t) => t.pagePath.replace(/^\//, '')))
  await Promise.all((config?.routes ?? []).filter((r) => paths.has(r.path.replace(/^\//, ''))).map((r) => Promise.resolve().then(() => r.load?.()).catch(() => undefined)))
  return tabs.flatMap((t) => [t.iconPath, t.selectedIconPath]).filter((p): p is string => !!p).map((p) => new URL(p, location.href).href)
}

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
      .then(async (registration) => {
        // The tab bar's pages and icons too: a tab is one tap away, offline as well, though this visit has not shown it.
        const tabFiles = await loadTabPages()
        const urls = performance.getEntriesByType('resource').map((entry) => entry.name)
        registration.active?.postMessage({ type: 'keep', urls: [location.href.split('#')[0], ...urls, ...tabFiles] })
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
