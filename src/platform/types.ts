/**
 * The one interface behind which WeChat, Alipay and H5 differ. Everything else in the app calls these
 * functions (or renders the UI pieces of `ui.tsx`) and never branches on the platform itself.
 */
import CONSENT from './consent.json'

export type PlatformName = 'weapp' | 'alipay' | 'h5' | 'neutral'

/** String key/value storage. A missing key is `null` (mini programs answer `''`; we never do). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  /** Throws `PlatformError('STORAGE_VALUE_TOO_LARGE')` for a value over 200 KB (Alipay's per-key limit). */
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** What the backend returns to start a payment; `mock` means a mock cashier confirms it. */
export interface PaymentRequest {
  provider: 'mock' | 'wechat' | 'alipay'
  amountFen: number
  description: string
  /** Provider parameters (wx.requestPayment fields, or `{tradeNO}` for my.tradePay). */
  params?: Record<string, unknown>
}

/** `unknown`: the cashier could not tell (Alipay 8000 processing, 6004 result unknown) — the backend asks the provider. */
export type PaymentOutcome = 'paid' | 'cancelled' | 'failed' | 'unknown'

export interface SubscribeOutcome {
  /** Platform template ids the member accepted. */
  accepted: string[]
  /** False where the platform has no subscription messages (H5, an old WeChat): the in-app notification center is used. */
  supported: boolean
  /** The member turned subscription messages off in the platform's own settings (WeChat 20004): nothing was asked. */
  switchedOff?: boolean
}

export type ConsentState = 'accepted' | 'required'

export interface PrivacyApi {
  /** Whether the privacy notice still needs the member's consent. */
  status(): Promise<ConsentState>
  /** Called when the platform asks for consent before a personal-data API (WeChat's onNeedPrivacyAuthorization). */
  onRequired(listener: () => void): () => void
  accept(): Promise<void>
  decline(): Promise<void>
}

/** Whether the device has a connection, as the platform tells it (not whether a backend answers). */
export interface NetworkApi {
  /** The last state the platform reported; `true` until it has said otherwise. */
  online(): boolean
  /** Called with the new state on every change; returns the unsubscribe. */
  onChange(listener: (online: boolean) => void): () => void
}

/**
 * A connection state fed by the platform's own reports (`start` subscribes to them and may ask for the first one),
 * started on first use so that merely importing the platform calls no platform API.
 */
export function createNetworkStatus(start: (report: (online: boolean) => void) => void): NetworkApi {
  let online = true
  let started = false
  const listeners = new Set<(online: boolean) => void>()
  const report = (next: boolean) => {
    if (next === online) return
    online = next
    for (const listener of [...listeners]) listener(next)
  }
  const ensureStarted = () => {
    if (started) return
    started = true
    start(report)
  }
  return {
    online() {
      ensureStarted()
      return online
    },
    onChange(listener) {
      ensureStarted()
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

export interface Platform {
  name: PlatformName
  /** A one-time login code for `POST /auth/login` (wx.login / my.getAuthCode / a per-browser code on H5). */
  loginCode(): Promise<string>
  storage: KeyValueStorage
  /**
   * Storage that lasts for this visit only (the browser tab's sessionStorage on H5; memory on mini programs),
   * for values that must not outlive it, such as an operator's token.
   */
  sessionStorage: KeyValueStorage
  pay(request: PaymentRequest): Promise<PaymentOutcome>
  /**
   * The platform has subscription messages (WeChat, Alipay). H5 has none: its reminders land in the in-app
   * notification centre only, and no control offers a subscription there.
   */
  subscribeMessages: boolean
  /** Must be called from a tap handler: the platforms refuse it otherwise. */
  requestSubscribe(templateIds: string[]): Promise<SubscribeOutcome>
  share: {
    /** Mini programs share through the native share sheet (button open-type="share"); H5 copies a link. */
    native: boolean
    copyLink(url: string): Promise<void>
    /**
     * The address the app itself is served from (H5: the page's origin and path, hash excluded), or null where
     * there is none (mini programs): an invite link's base when the brand configures none (`brand.shareBaseUrl`).
     */
    appUrl(): string | null
  }
  privacy: PrivacyApi
  /**
   * The number on a tab bar item (`null` clears it). Best-effort: a platform may refuse it (e.g. while a
   * non-tab page is on top), which is ignored — the in-page badge shows the same count.
   */
  setTabBadge(index: number, text: string | null): void
  /** The device's connection: the page shell's offline banner, and the embedded demo backend fails like a network. */
  network: NetworkApi
  /**
   * H5 production builds: keep the app's shell (index.html, scripts, styles, images) in a service worker's cache so a
   * reload without a connection opens the app instead of the browser's error page. A no-op elsewhere.
   */
  cacheShell(): void
  /**
   * The mini-program network primitive (Taro.request), for the API client's adapter. Absent where the browser's
   * own transport is used (H5), so the H5 bundle carries no Taro.request polyfills.
   */
  miniRequest?: MiniRequest
}

export interface MiniRequestOptions {
  url: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'HEAD'
  data?: unknown
  header: Record<string, string>
  timeout?: number
}

/** An HTTP answer of any status (a 4xx/5xx resolves too); a rejection means no answer arrived. */
export interface MiniResponse {
  statusCode: number
  data: unknown
  header: Record<string, string>
}

export type MiniRequest = (options: MiniRequestOptions) => Promise<MiniResponse>

export class PlatformError extends Error {
  readonly code: 'STORAGE_VALUE_TOO_LARGE' | 'LOGIN_FAILED' | 'UNSUPPORTED'
  constructor(code: PlatformError['code'], message: string) {
    super(message)
    this.name = 'PlatformError'
    this.code = code
  }
}

/** The page's address without its hash (`https://x/h5/` of `https://x/h5/#/pages/…`); null outside a web page. */
export function pageAddress(): string | null {
  if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return null
  return `${location.origin}${location.pathname}`
}

export const MAX_STORAGE_VALUE_BYTES = 200 * 1024
/** Where the member's answer to the privacy notice is kept (consent.json: index.html's first-screen script reads it too). */
export const PRIVACY_CONSENT_KEY: string = CONSENT.storageKey

/** UTF-8 byte length without TextEncoder (missing on older mini-program base libraries). */
export function utf8Bytes(s: string): number {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

export function assertStorable(key: string, value: string): void {
  const bytes = utf8Bytes(key) + utf8Bytes(value)
  if (bytes > MAX_STORAGE_VALUE_BYTES) {
    throw new PlatformError('STORAGE_VALUE_TOO_LARGE', `storage value for "${key}" is ${bytes} bytes, over the 200 KB limit`)
  }
}

/** A storage that forgets everything when the app closes. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>()
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      assertStorable(key, value)
      map.set(key, value)
    },
    removeItem: (key) => void map.delete(key),
  }
}

/** Random v4 UUID. Not for secrets: used for per-browser login codes and idempotency keys. */
export function uuidV4(random: () => number = Math.random): string {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = Math.floor(random() * 16)
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16)
  })
}

/** Consent kept in storage, for platforms whose consent sheet is our own (Alipay, H5). */
export function createStoredPrivacy(storage: KeyValueStorage): PrivacyApi {
  const listeners = new Set<() => void>()
  return {
    async status() {
      return storage.getItem(PRIVACY_CONSENT_KEY) === 'accepted' ? 'accepted' : 'required'
    },
    onRequired(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async accept() {
      storage.setItem(PRIVACY_CONSENT_KEY, 'accepted')
    },
    async decline() {
      storage.removeItem(PRIVACY_CONSENT_KEY)
    },
  }
}
