/**
 * @tarojs/taro for Jest: in-memory storage that behaves like the mini-program one (missing key → ''),
 * recorded UI calls (toasts, modals, navigation) and the page hooks mapped onto React effects.
 */
import { useEffect, useRef } from 'react'

const storage = new Map<string, unknown>()

export const calls = {
  toasts: [] as { title: string; icon?: string }[],
  modals: [] as { title?: string; content?: string; confirmText?: string; cancelText?: string; showCancel?: boolean }[],
  navigations: [] as { kind: string; url: string }[],
}

/** The answer the next showModal gets (a test sets it before the tap). */
export const modalAnswer = { confirm: true }

export function resetTaroMock(): void {
  storage.clear()
  calls.toasts.length = 0
  calls.modals.length = 0
  calls.navigations.length = 0
  modalAnswer.confirm = true
  routerParams.current = {}
  pageStack.depth = 2
  reachBottom.current = null
  shareHandler.current = null
}

export const routerParams: { current: Record<string, string> } = { current: {} }

/** How many pages the app's stack holds (getCurrentPages): 1 for a page opened on its own (a link, a reload). */
export const pageStack = { depth: 2 }

const appListeners = { show: [] as (() => void)[], hide: [] as (() => void)[] }
/** The app going to the background and coming back (Taro.onAppHide / onAppShow listeners). */
export const appEvents = {
  hide: () => appListeners.hide.forEach((f) => f()),
  show: () => appListeners.show.forEach((f) => f()),
}

const Taro = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  showToast: jest.fn(async (opts: { title: string; icon?: string }) => {
    calls.toasts.push({ title: opts.title, icon: opts.icon })
  }),
  showModal: jest.fn(async (opts: { title?: string; content?: string; confirmText?: string; cancelText?: string; showCancel?: boolean }) => {
    calls.modals.push({ title: opts.title, content: opts.content, confirmText: opts.confirmText, cancelText: opts.cancelText, showCancel: opts.showCancel })
    return { confirm: modalAnswer.confirm, cancel: !modalAnswer.confirm }
  }),
  showLoading: jest.fn(async () => undefined),
  hideLoading: jest.fn(async () => undefined),
  navigateTo: jest.fn(async ({ url }: { url: string }) => void calls.navigations.push({ kind: 'navigateTo', url })),
  redirectTo: jest.fn(async ({ url }: { url: string }) => void calls.navigations.push({ kind: 'redirectTo', url })),
  switchTab: jest.fn(async ({ url }: { url: string }) => void calls.navigations.push({ kind: 'switchTab', url })),
  navigateBack: jest.fn(async () => void calls.navigations.push({ kind: 'navigateBack', url: '' })),
  stopPullDownRefresh: jest.fn(),
  setClipboardData: jest.fn(async () => undefined),
  makePhoneCall: jest.fn(async () => undefined),
  login: jest.fn(async () => ({ code: 'jest-code' })),
  requestSubscribeMessage: jest.fn(async () => ({})),
  requestPayment: jest.fn(async () => ({})),
  setNavigationBarColor: jest.fn(async () => undefined),
  getCurrentInstance: () => ({ router: { params: routerParams.current } }),
  getCurrentPages: () => Array.from({ length: pageStack.depth }, () => ({})),
  request: jest.fn(() => {
    throw new Error('Taro.request is not available in Jest: tests use the in-process mock backend')
  }),
  eventCenter: { on: jest.fn(), off: jest.fn(), trigger: jest.fn() },
  onAppShow: (f: () => void) => void appListeners.show.push(f),
  onAppHide: (f: () => void) => void appListeners.hide.push(f),
}

export default Taro

export const getCurrentInstance = Taro.getCurrentInstance

/** Page lifecycle hooks: mount-time effects in Jest (pages re-mount per test). */
export function useLoad(cb: (params: Record<string, string>) => void): void {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => ref.current(routerParams.current), [])
}
export function useDidShow(cb: () => void): void {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => ref.current(), [])
}
export function useReady(cb: () => void): void {
  useDidShow(cb)
}
export const useLaunch = useDidShow
export const useDidHide = (_cb: () => void): void => undefined
export const usePullDownRefresh = (_cb: () => void): void => undefined
/** The page's onReachBottom (the latest render's): `reachBottom.current?.()` scrolls the page to its bottom. */
export const reachBottom: { current: (() => void) | null } = { current: null }
export const useReachBottom = (cb: () => void): void => {
  reachBottom.current = cb
}
/** The page's onShareAppMessage (the latest render's), for a test to play the share sheet. */
export const shareHandler: { current: (() => unknown) | null } = { current: null }
export const useShareAppMessage = (cb: () => unknown): void => {
  shareHandler.current = cb
}
export const useRouter = () => ({ params: routerParams.current })
