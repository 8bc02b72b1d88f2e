/**
 * The fake `wx` (WeChat) and `my` (Alipay) globals a booted bundle talks to. Each API keeps the native shape of
 * its platform — Taro's runtime adapts `my` to the WeChat-style `Taro.*` API itself (showToast → my.showToast
 * {content,type}, showModal → my.confirm/my.alert, login → my.getAuthCode, request → my.request with
 * `headers`/`status`, getStorageSync(key) → my.getStorageSync({key}).data), so faking `my` in WeChat's shape
 * would hide exactly the differences these tests exist to catch.
 *
 * Behaviour worth knowing:
 * - Callbacks (success/fail/complete) are delivered asynchronously, as on a device (a virtual 0 ms timer).
 * - Async APIs called without callbacks return a Promise (WeChat ≥ 2.10.2; Alipay's my.request FAQ shows
 *   `my.request({url}).then(…)`).
 * - `wx.request` succeeds for every HTTP status; `my.request` fails with `{error: 19, status, data, headers}`
 *   ("HTTP 错误 … 如 HTTP 404、500、504", AlipayDocs my.request.md) for a non-2xx status unless
 *   `alipayHttpErrorsFail: false`, and with `{error: 14, errorMessage: 'JSON parse data error'}` when
 *   dataType is json and the body is not. Without a request handler every request fails like a network
 *   error (wx: `request:fail …`, my: `{error: 12}`).
 * - Reading an API the fake does not have is recorded in `unknownApis` (and warned once); calling one of
 *   the real-but-unfaked APIs listed in NOT_FAKED throws a clear error that is also recorded in `errors`.
 */
import { type Platform } from './template-info'

export type AnyRecord = Record<string, unknown>
type Callback = (res: unknown) => void

export interface ToastRecord {
  title: string
  icon?: string
  duration?: number
  at: number
  /** The options exactly as the bundle passed them to wx/my. */
  raw: AnyRecord
}

export interface ModalRecord {
  title: string
  content: string
  showCancel: boolean
  confirmText: string
  cancelText: string
  at: number
  answered: boolean
  /** Press a button (confirm or cancel); `content` is the edited text of an editable wx modal. */
  answer(confirm: boolean, content?: string): void
  raw: AnyRecord
}

export interface LoadingRecord {
  title: string
  at: number
  hiddenAt?: number
}

export interface MiniRequest {
  platform: Platform
  url: string
  method: string
  /** Request headers (for Alipay: Taro's lower-cased `headers`). */
  header: Record<string, string>
  data: unknown
  dataType?: string
  timeout?: number
}

export interface MiniResponse {
  statusCode: number
  data: unknown
  header?: Record<string, string>
}

export type RequestHandler = (req: MiniRequest) => MiniResponse | Promise<MiniResponse>

export interface RequestRecord extends MiniRequest {
  at: number
  response?: MiniResponse
  error?: string
}

export interface ApiCallRecord {
  api: string
  args: unknown[]
  at: number
}

export type PaymentOutcome = 'ok' | 'cancel' | 'fail'
export type SubscribeDecision = 'accept' | 'reject' | 'ban'

export interface PrivacyState {
  needAuthorization: boolean
  /** What the user does in the privacy pop-up (the system one, or the app's via onNeedPrivacyAuthorization). */
  decision: 'agree' | 'disagree'
}

export type NavigationKind = 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch'

/** What the harness gives the fake platform. */
export interface PlatformHost {
  platform: Platform
  now(): number
  /** Deliver a callback later (virtual 0 ms), recording whatever it throws as an uncaught error. */
  deliver(fn: () => void): void
  /** Run a host promise the harness must wait for in settle() (request handlers). */
  track<T>(promise: Promise<T>): Promise<T>
  /** Clone host data into the app's realm (JSON), so the app sees plain objects of its own realm. */
  toRealm<T>(value: T): T
  realmPromise<T>(executor: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T>
  realmError(message: string): Error
  recordError(source: string, error: unknown): void
  warn(message: string): void
  navigate(kind: NavigationKind, opts: AnyRecord): Promise<void>
  /** `{id, dataset}` of the node `#id` on the current page, or null. */
  queryNode(selector: string): AnyRecord | null
}

export interface PlatformOptions {
  storage?: Record<string, unknown>
  request?: RequestHandler
  loginCode?: string
  system?: AnyRecord
  launch?: { path?: string; query?: Record<string, string>; scene?: number }
  /** Answer each modal as it opens; return undefined to leave it pending for `h.answerModal()`. */
  modal?: (modal: ModalRecord) => boolean | undefined
  payment?: (req: AnyRecord) => PaymentOutcome
  subscribe?: (ids: string[]) => Record<string, SubscribeDecision>
  actionSheet?: (items: string[]) => number | undefined
  /** Alipay's my.datePicker: the date the member picks (yyyy-MM-dd), or null to cancel (error 11, the default). */
  pickDate?: (req: AnyRecord) => string | null
  privacy?: Partial<PrivacyState>
  alipayHttpErrorsFail?: boolean
}

/** Everything the fake platform records for the tests. */
export class PlatformRecords {
  toasts: ToastRecord[] = []
  modals: ModalRecord[] = []
  loadings: LoadingRecord[] = []
  requests: RequestRecord[] = []
  calls: ApiCallRecord[] = []
  unknownApis: string[] = []
  clipboard = ''
  /** Storage as JSON text per key (what the device keeps). */
  storage = new Map<string, string>()
  /** Bytes the app has written to storage (keys and values), since boot. */
  storageBytesWritten = 0
  navigationBar: AnyRecord = {}
  tabBarBadges = new Map<number, string>()
  privacy: PrivacyState = { needAuthorization: false, decision: 'agree' }
}

type Outcome = { ok: true; data?: AnyRecord } | { ok: false; reason: string; data?: AnyRecord; code?: number }
type Done = (outcome: Outcome) => void
type AsyncImpl = (opts: AnyRecord, done: Done) => unknown

/** Real APIs the fake does not provide: calling one fails loudly instead of looking like a Taro bug. */
const NOT_FAKED: Record<Platform, string[]> = {
  weapp: [
    'getLocation', 'getFuzzyLocation', 'chooseLocation', 'openLocation', 'chooseImage', 'chooseMedia', 'uploadFile',
    'downloadFile', 'scanCode', 'getUserInfo', 'getUserProfile', 'saveImageToPhotosAlbum', 'openDocument',
    'connectSocket', 'chooseAddress', 'addPhoneContact', 'openCustomerServiceChat', 'openEmbeddedMiniProgram',
    'navigateBackMiniProgram', 'getWeRunData', 'startSoterAuthentication', 'createCanvasContext',
    'canvasToTempFilePath', 'createAnimation', 'loadFontFace', 'getFileSystemManager', 'createInnerAudioContext',
    'createVideoContext', 'getImageInfo', 'compressImage', 'previewMedia', 'openCard', 'addCard', 'chooseInvoice',
    'getBatteryInfo', 'startWifi', 'getBackgroundFetchData', 'requestOrderPayment', 'showShareImageMenu',
    'shareFileMessage', 'createRewardedVideoAd', 'createInterstitialAd',
  ],
  alipay: [
    'getLocation', 'chooseLocation', 'openLocation', 'chooseImage', 'uploadFile', 'downloadFile', 'getOpenUserInfo',
    'getPhoneNumber', 'saveImage', 'connectSocket', 'getAddress', 'chooseCity', 'createCanvasContext',
    'createAnimation', 'getFileSystemManager', 'getImageInfo', 'compressImage', 'addCardAuth', 'getRunData',
    'paySignCenter', 'chooseContact', 'rsa', 'textRiskIdentification',
  ],
}

/** Names Taro (and common libraries) probe on the global at boot; reading them is not a finding. */
const QUIET_PROBES = new Set(['webpackJsonp', 'cloud', 'env', 'taroEventCenter', 'then', 'toJSON', 'constructor', 'nodeType', '$$typeof', 'asymmetricMatch', 'httpRequest'])

const COMPONENT_NAMES = new Set([
  'view', 'text', 'button', 'image', 'input', 'textarea', 'scroll-view', 'swiper', 'swiper-item', 'navigator', 'icon',
  'rich-text', 'progress', 'checkbox', 'checkbox-group', 'radio', 'radio-group', 'form', 'label', 'picker',
  'picker-view', 'slider', 'switch', 'block', 'web-view', 'cover-view', 'cover-image', 'movable-area', 'movable-view',
  'page-meta', 'navigation-bar', 'root-portal',
])

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value)
}

function asRecord(value: unknown): AnyRecord {
  return value !== null && typeof value === 'object' ? (value as AnyRecord) : {}
}

export function systemInfo(platform: Platform, overrides: AnyRecord = {}): AnyRecord {
  const common = {
    brand: 'devtools',
    model: 'iPhone 13',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 753,
    statusBarHeight: 47,
    language: 'zh_CN',
    system: 'iOS 17.0',
    fontSizeSetting: 16,
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  }
  const specific =
    platform === 'weapp'
      ? { platform: 'devtools', version: '8.0.50', SDKVersion: '3.5.0', benchmarkLevel: 1, theme: 'light', enableDebug: false }
      : { platform: 'iOS', app: 'alipay', version: '10.6.0', SDKVersion: '2.9.0', titleBarHeight: 44, storage: '256 GB', currentBattery: '80%' }
  return { ...common, ...specific, ...overrides }
}

export interface PlatformApi {
  /** The `wx`/`my` global. */
  api: AnyRecord
  /** Call the listeners the app registered with wx.onError / onUnhandledRejection / onAppShow / onNetworkStatusChange / …. */
  emit(event: 'Error' | 'UnhandledRejection' | 'AppShow' | 'AppHide' | 'PageNotFound' | 'NetworkStatusChange', payload: unknown): void
  /** A `<button open-type="agreePrivacyAuthorization">` was tapped: WeChat records the consent. */
  agreePrivacyButtonTapped(): void
}

export function createPlatformApi(host: PlatformHost, records: PlatformRecords, options: PlatformOptions): PlatformApi {
  const { platform } = host
  const isWeapp = platform === 'weapp'
  const sys = systemInfo(platform, options.system)
  const listeners = new Map<string, Set<Callback>>()
  let needPrivacyListener: ((resolve: (res: AnyRecord) => void, info: AnyRecord) => void) | undefined
  let loginCount = 0
  let agreeButtonTapped = false
  const warnedUnknown = new Set<string>()

  if (options.privacy) Object.assign(records.privacy, options.privacy)
  for (const [key, value] of Object.entries(options.storage ?? {})) {
    records.storage.set(key, JSON.stringify(value))
  }

  const record = (api: string, args: unknown[]) => {
    records.calls.push({ api, args: args.map(stripCallbacks), at: host.now() })
  }

  /** An async API with the platform's callback conventions (and WeChat's promise form). */
  const asyncApi = (name: string, impl: AsyncImpl) =>
    function (rawOpts?: unknown, ...rest: unknown[]) {
      const opts = asRecord(rawOpts)
      record(name, [opts, ...rest])
      const cb = (key: string) => (typeof opts[key] === 'function' ? (opts[key] as Callback) : undefined)
      const success = cb('success')
      const fail = cb('fail')
      const complete = cb('complete')
      let settleP: ((ok: boolean, res: unknown) => void) | undefined
      const promise =
        !success && !fail && !complete
          ? host.realmPromise<unknown>((resolve, reject) => {
              settleP = (ok, res) => (ok ? resolve(res) : reject(res))
            })
          : undefined
      let finished = false
      const done: Done = (outcome) => {
        if (finished) return
        finished = true
        host.deliver(() => {
          const res = formatOutcome(name, outcome)
          if (outcome.ok) success?.(res)
          else fail?.(res)
          complete?.(res)
          settleP?.(outcome.ok, res)
        })
      }
      let task: unknown
      try {
        task = impl(opts, done)
      } catch (err) {
        done({ ok: false, reason: messageOf(err) })
      }
      return promise ?? task
    }

  const formatOutcome = (name: string, outcome: Outcome): unknown => {
    if (isWeapp) {
      const base = outcome.ok
        ? { ...(outcome.data ?? {}), errMsg: `${name}:ok` }
        : { ...(outcome.data ?? {}), errMsg: `${name}:fail ${outcome.reason}`, ...(outcome.code !== undefined ? { errno: outcome.code } : {}) }
      return host.toRealm(base)
    }
    const base = outcome.ok ? { ...(outcome.data ?? {}) } : { ...(outcome.data ?? {}), error: outcome.code ?? 3, errorMessage: outcome.reason }
    return host.toRealm(base)
  }

  const syncApi =
    <A extends unknown[]>(name: string, impl: (...args: A) => unknown) =>
    (...args: A) => {
      record(name, args)
      return impl(...args)
    }

  const ok = (data?: AnyRecord): Outcome => ({ ok: true, data })
  const failed = (reason: string, code?: number, data?: AnyRecord): Outcome => ({ ok: false, reason, code, data })
  const succeed = (data?: AnyRecord): AsyncImpl => (_opts, done) => done(ok(data))

  const on = (event: string) => (fn: unknown) => {
    record(`on${event}`, [])
    if (typeof fn !== 'function') return
    if (!listeners.has(event)) listeners.set(event, new Set())
    listeners.get(event)?.add(fn as Callback)
  }
  const off = (event: string) => (fn?: unknown) => {
    record(`off${event}`, [])
    if (typeof fn === 'function') listeners.get(event)?.delete(fn as Callback)
    else listeners.delete(event)
  }

  // ---- storage -----------------------------------------------------------------------------------------
  const readStorage = (key: string): { found: boolean; value: unknown } => {
    const text = records.storage.get(key)
    return text === undefined ? { found: false, value: undefined } : { found: true, value: host.toRealm(JSON.parse(text)) }
  }
  // Per-key limits: WeChat 1 MB, Alipay 200 KB; both 10 MB in total.
  const itemLimit = isWeapp ? 1024 * 1024 : 200 * 1024
  const writeStorage = (key: unknown, data: unknown) => {
    if (typeof key !== 'string' || key === '') throw host.realmError(`setStorage: key must be a non-empty string, got ${String(key)}`)
    if (data === undefined) throw host.realmError(`setStorage: data for "${key}" is undefined`)
    const text = JSON.stringify(data)
    const bytes = Buffer.byteLength(text)
    if (bytes > itemLimit) throw host.realmError(`setStorage:fail "${key}" is ${bytes} bytes, over the ${itemLimit / 1024} KB per-key limit`)
    const total = [...records.storage].reduce((n, [k, v]) => (k === key ? n : n + Buffer.byteLength(v)), bytes)
    if (total > 10 * 1024 * 1024) throw host.realmError('setStorage:fail exceed storage max size 10MB')
    records.storage.set(key, text)
    records.storageBytesWritten += Buffer.byteLength(key) + bytes
  }
  const storageInfo = () => ({
    keys: [...records.storage.keys()],
    currentSize: Math.ceil([...records.storage.values()].reduce((n, v) => n + Buffer.byteLength(v), 0) / 1024),
    limitSize: 10240,
  })

  // ---- modal / toast / loading --------------------------------------------------------------------------
  const openModal = (raw: AnyRecord, fields: Omit<ModalRecord, 'at' | 'answered' | 'answer' | 'raw'>, respond: (confirm: boolean, content?: string) => void) => {
    const modal: ModalRecord = {
      ...fields,
      at: host.now(),
      answered: false,
      raw: stripCallbacks(raw) as AnyRecord,
      answer(confirm: boolean, content?: string) {
        if (modal.answered) throw new Error(`modal "${modal.title || modal.content}" was already answered`)
        modal.answered = true
        respond(confirm, content)
      },
    }
    records.modals.push(modal)
    const auto = options.modal?.(modal)
    if (auto !== undefined && !modal.answered) modal.answer(auto)
  }
  const showToast = (title: string, icon: string | undefined, duration: number | undefined, raw: AnyRecord) => {
    records.toasts.push({ title, icon, duration, at: host.now(), raw: stripCallbacks(raw) as AnyRecord })
    closeLoading()
  }
  const closeLoading = () => {
    const open = records.loadings.find((l) => l.hiddenAt === undefined)
    if (open) open.hiddenAt = host.now()
  }
  const openLoading = (title: string) => {
    closeLoading()
    records.loadings.push({ title, at: host.now() })
  }

  // ---- request ----------------------------------------------------------------------------------------
  const request = asyncApi('request', (opts, done) => {
    const header = asRecord(isWeapp ? opts.header : opts.headers) as Record<string, string>
    const req: MiniRequest = {
      platform,
      url: str(opts.url),
      method: str(opts.method, 'GET').toUpperCase(),
      header: { ...header },
      data: opts.data === undefined ? undefined : JSON.parse(JSON.stringify(opts.data)),
      dataType: typeof opts.dataType === 'string' ? opts.dataType : undefined,
      timeout: typeof opts.timeout === 'number' ? opts.timeout : undefined,
    }
    const rec: RequestRecord = { ...req, at: host.now() }
    records.requests.push(rec)
    let aborted = false
    const task = {
      abort() {
        aborted = true
        done(isWeapp ? failed('abort') : failed('request:fail abort', 9))
      },
      onHeadersReceived() {},
      offHeadersReceived() {},
      onChunkReceived() {},
      offChunkReceived() {},
    }
    if (!options.request) {
      rec.error = 'no request handler (network error)'
      done(isWeapp ? failed('network error (the mini harness got no request handler)', 600001) : failed('网络出错 (the mini harness got no request handler)', 12))
      return task
    }
    const handler = options.request
    host
      .track(Promise.resolve().then(() => handler(req)))
      .then(
        (res) => {
          if (aborted) return
          rec.response = res
          let data = res.data
          const headers = res.header ?? {}
          const wantsJson = (req.dataType ?? 'json').toLowerCase() === 'json'
          if (wantsJson && typeof data === 'string') {
            try {
              data = JSON.parse(data)
            } catch {
              // WeChat hands the raw string over; Alipay fails the call.
              if (!isWeapp) return done(failed('JSON parse data error', 14, { status: res.statusCode, data, headers }))
            }
          }
          if (isWeapp) {
            done(ok({ data, statusCode: res.statusCode, header: headers, cookies: [] }))
          } else if (options.alipayHttpErrorsFail !== false && (res.statusCode < 200 || res.statusCode >= 300)) {
            done(failed('http status error', 19, { status: res.statusCode, data, headers }))
          } else {
            done(ok({ data, status: res.statusCode, headers }))
          }
        },
        (err: unknown) => {
          if (aborted) return
          rec.error = messageOf(err)
          done(isWeapp ? failed(rec.error) : failed(rec.error, 12))
        },
      )
    return task
  })

  // ---- navigation ---------------------------------------------------------------------------------------
  const navigation = (kind: NavigationKind) =>
    asyncApi(kind, (opts, done) => {
      host.navigate(kind, opts).then(
        () => done(ok()),
        (err: unknown) => done(failed(messageOf(err))),
      )
    })

  // ---- selector query -----------------------------------------------------------------------------------
  const createSelectorQuery = () => {
    const pending: { selector: string; all: boolean; kind: string; cb?: Callback }[] = []
    const resolve = (p: (typeof pending)[number]): unknown => {
      if (p.selector === 'viewport') {
        return p.kind === 'scrollOffset'
          ? { id: '', dataset: {}, scrollLeft: 0, scrollTop: 0 }
          : { id: '', dataset: {}, left: 0, top: 0, right: sys.windowWidth, bottom: sys.windowHeight, width: sys.windowWidth, height: sys.windowHeight }
      }
      const node = host.queryNode(p.selector)
      if (!node) return p.all ? [] : null
      const rect = { ...node, left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0, scrollLeft: 0, scrollTop: 0 }
      return p.all ? [rect] : rect
    }
    const nodesRef = (selector: string, all: boolean) => {
      const add = (kind: string) => (cb?: unknown) => {
        pending.push({ selector, all, kind, cb: typeof cb === 'function' ? (cb as Callback) : undefined })
        return query
      }
      return {
        boundingClientRect: add('rect'),
        scrollOffset: add('scrollOffset'),
        fields: (_fields: unknown, cb?: unknown) => add('fields')(cb),
        node: add('node'),
        context: add('context'),
      }
    }
    const query = {
      in: () => query,
      select: (selector: string) => nodesRef(selector, false),
      selectAll: (selector: string) => nodesRef(selector, true),
      selectViewport: () => nodesRef('viewport', false),
      exec(cb?: unknown) {
        const snapshot = pending.splice(0)
        host.deliver(() => {
          const results = snapshot.map((p) => host.toRealm(resolve(p)))
          snapshot.forEach((p, i) => p.cb?.(results[i]))
          if (typeof cb === 'function') (cb as Callback)(host.toRealm(results))
        })
        return query
      },
    }
    record('createSelectorQuery', [])
    return query
  }
  const createIntersectionObserver = syncApi('createIntersectionObserver', () => {
    const observer = {
      relativeTo: () => observer,
      relativeToViewport: () => observer,
      observe: () => undefined,
      disconnect: () => undefined,
    }
    return observer
  })

  // ---- shared -----------------------------------------------------------------------------------------
  const launchOptions = () =>
    host.toRealm({
      path: options.launch?.path ?? '',
      query: options.launch?.query ?? {},
      scene: options.launch?.scene ?? 1001,
      referrerInfo: {},
      ...(isWeapp ? { apiCategory: 'default', forwardMaterials: [] } : {}),
    })
  const noop = (name: string) => asyncApi(name, succeed())
  const updateManager = syncApi('getUpdateManager', () => ({
    onCheckForUpdate: () => undefined,
    onUpdateReady: () => undefined,
    onUpdateFailed: () => undefined,
    applyUpdate: () => undefined,
  }))
  const accountInfo = syncApi('getAccountInfoSync', () =>
    host.toRealm({ miniProgram: { appId: isWeapp ? 'wxharness000000000' : '2021000000000000', envVersion: 'develop', version: '' }, plugin: {} }),
  )
  const menuButton = syncApi('getMenuButtonBoundingClientRect', () => host.toRealm({ width: 87, height: 32, top: 51, right: 368, bottom: 83, left: 281 }))
  const windowInfo = () => {
    const { pixelRatio, screenWidth, screenHeight, windowWidth, windowHeight, statusBarHeight, safeArea } = sys
    return host.toRealm({ pixelRatio, screenWidth, screenHeight, windowWidth, windowHeight, statusBarHeight, safeArea, screenTop: 0 })
  }
  const apiNames = (): Set<string> => new Set(Object.keys(api))
  const canIUse = syncApi('canIUse', (schema: unknown) => {
    const head = str(schema).split('.')[0]
    return apiNames().has(head) || COMPONENT_NAMES.has(head)
  })
  const payment = (req: AnyRecord): PaymentOutcome => options.payment?.(req) ?? 'ok'

  const common: AnyRecord = {
    getSystemInfoSync: syncApi('getSystemInfoSync', () => host.toRealm(sys)),
    getSystemInfo: asyncApi('getSystemInfo', succeed(sys)),
    getWindowInfo: syncApi('getWindowInfo', windowInfo),
    getLaunchOptionsSync: syncApi('getLaunchOptionsSync', launchOptions),
    getEnterOptionsSync: syncApi('getEnterOptionsSync', launchOptions),
    getAccountInfoSync: accountInfo,
    getMenuButtonBoundingClientRect: menuButton,
    getUpdateManager: updateManager,
    canIUse,
    getNetworkType: asyncApi('getNetworkType', succeed(isWeapp ? { networkType: 'wifi' } : { networkType: 'WIFI', networkAvailable: true })),
    onNetworkStatusChange: on('NetworkStatusChange'),
    offNetworkStatusChange: off('NetworkStatusChange'),
    onAppShow: on('AppShow'),
    offAppShow: off('AppShow'),
    onAppHide: on('AppHide'),
    offAppHide: off('AppHide'),
    onError: on('Error'),
    offError: off('Error'),
    onUnhandledRejection: on('UnhandledRejection'),
    offUnhandledRejection: off('UnhandledRejection'),
    onPageNotFound: on('PageNotFound'),
    offPageNotFound: off('PageNotFound'),
    onMemoryWarning: on('MemoryWarning'),
    hideToast: asyncApi('hideToast', succeed()),
    hideLoading: asyncApi('hideLoading', (_o, done) => {
      closeLoading()
      done(ok())
    }),
    showNavigationBarLoading: noop('showNavigationBarLoading'),
    hideNavigationBarLoading: noop('hideNavigationBarLoading'),
    setTabBarBadge: asyncApi('setTabBarBadge', (o, done) => {
      records.tabBarBadges.set(Number(o.index), str(o.text))
      done(ok())
    }),
    removeTabBarBadge: asyncApi('removeTabBarBadge', (o, done) => {
      records.tabBarBadges.delete(Number(o.index))
      done(ok())
    }),
    showTabBarRedDot: noop('showTabBarRedDot'),
    hideTabBarRedDot: noop('hideTabBarRedDot'),
    setTabBarItem: noop('setTabBarItem'),
    setTabBarStyle: noop('setTabBarStyle'),
    showTabBar: noop('showTabBar'),
    hideTabBar: noop('hideTabBar'),
    startPullDownRefresh: noop('startPullDownRefresh'),
    stopPullDownRefresh: noop('stopPullDownRefresh'),
    pageScrollTo: noop('pageScrollTo'),
    setBackgroundColor: noop('setBackgroundColor'),
    setBackgroundTextStyle: noop('setBackgroundTextStyle'),
    vibrateShort: noop('vibrateShort'),
    vibrateLong: noop('vibrateLong'),
    setKeepScreenOn: noop('setKeepScreenOn'),
    reportAnalytics: syncApi('reportAnalytics', () => undefined),
    createSelectorQuery,
    createIntersectionObserver,
    navigateTo: navigation('navigateTo'),
    redirectTo: navigation('redirectTo'),
    navigateBack: navigation('navigateBack'),
    switchTab: navigation('switchTab'),
    reLaunch: navigation('reLaunch'),
    navigateToMiniProgram: noop('navigateToMiniProgram'),
    exitMiniProgram: noop('exitMiniProgram'),
    getSetting: asyncApi('getSetting', succeed({ authSetting: {} })),
    openSetting: asyncApi('openSetting', succeed({ authSetting: {} })),
    request,
    showActionSheet: asyncApi('showActionSheet', (o, done) => {
      const items = (Array.isArray(o.itemList) ? o.itemList : Array.isArray(o.items) ? o.items : []).map((x) => str(x))
      const index = options.actionSheet?.(items)
      if (index === undefined) done(isWeapp ? failed('cancel') : ok({ index: -1 }))
      else done(ok(isWeapp ? { tapIndex: index } : { index }))
    }),
  }

  const weapp: AnyRecord = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    setStorageSync: syncApi('setStorageSync', (key: unknown, data: unknown) => writeStorage(key, data)),
    getStorageSync: syncApi('getStorageSync', (key: unknown) => {
      const { found, value } = readStorage(str(key))
      return found ? value : ''
    }),
    removeStorageSync: syncApi('removeStorageSync', (key: unknown) => void records.storage.delete(str(key))),
    clearStorageSync: syncApi('clearStorageSync', () => records.storage.clear()),
    getStorageInfoSync: syncApi('getStorageInfoSync', () => host.toRealm(storageInfo())),
    setStorage: asyncApi('setStorage', (o, done) => {
      writeStorage(o.key, o.data)
      done(ok())
    }),
    getStorage: asyncApi('getStorage', (o, done) => {
      const { found } = readStorage(str(o.key))
      if (!found) return done(failed('data not found'))
      done({ ok: true, data: { data: JSON.parse(records.storage.get(str(o.key)) ?? 'null') } })
    }),
    removeStorage: asyncApi('removeStorage', (o, done) => {
      records.storage.delete(str(o.key))
      done(ok())
    }),
    clearStorage: asyncApi('clearStorage', (_o, done) => {
      records.storage.clear()
      done(ok())
    }),
    getStorageInfo: asyncApi('getStorageInfo', (_o, done) => done(ok(storageInfo()))),
    getDeviceInfo: syncApi('getDeviceInfo', () => host.toRealm({ brand: sys.brand, model: sys.model, system: sys.system, platform: sys.platform, benchmarkLevel: 1 })),
    getAppBaseInfo: syncApi('getAppBaseInfo', () => host.toRealm({ SDKVersion: sys.SDKVersion, version: sys.version, language: sys.language, theme: 'light', enableDebug: false, fontSizeSetting: 16 })),
    getSystemSetting: syncApi('getSystemSetting', () => host.toRealm({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true, deviceOrientation: 'portrait' })),
    getAppAuthorizeSetting: syncApi('getAppAuthorizeSetting', () => host.toRealm({ notificationAuthorized: true, locationAuthorized: 'not determined' })),
    nextTick: syncApi('nextTick', (fn: unknown) => {
      if (typeof fn !== 'function') return
      const callback = fn as () => void
      void host.realmPromise<void>((resolve) => resolve()).then(() => {
        try {
          callback()
        } catch (err) {
          host.recordError('uncaught (wx.nextTick)', err)
        }
      })
    }),
    showToast: asyncApi('showToast', (o, done) => {
      showToast(str(o.title), typeof o.icon === 'string' ? o.icon : 'success', typeof o.duration === 'number' ? o.duration : 1500, o)
      done(ok())
    }),
    showLoading: asyncApi('showLoading', (o, done) => {
      openLoading(str(o.title))
      done(ok())
    }),
    showModal: asyncApi('showModal', (o, done) => {
      const fields = {
        title: str(o.title),
        content: str(o.content),
        showCancel: o.showCancel !== false,
        confirmText: str(o.confirmText, '确定'),
        cancelText: str(o.cancelText, '取消'),
      }
      openModal(o, fields, (confirm, content) =>
        done(ok({ confirm, cancel: !confirm, ...(o.editable ? { content: content ?? '' } : {}) })),
      )
    }),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o, done) => {
      records.navigationBar.title = str(o.title)
      done(ok())
    }),
    setNavigationBarColor: noop('setNavigationBarColor'),
    hideHomeButton: noop('hideHomeButton'),
    showShareMenu: noop('showShareMenu'),
    hideShareMenu: noop('hideShareMenu'),
    updateShareMenu: noop('updateShareMenu'),
    login: asyncApi('login', (_o, done) => done(ok({ code: options.loginCode ?? `harness-login-code-${++loginCount}` }))),
    checkSession: noop('checkSession'),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o, done) => {
      const ids = Array.isArray(o.tmplIds) ? o.tmplIds.map((x) => str(x)) : []
      if (ids.length === 0) return done(failed('TmplIds can not be empty', 10001))
      const decisions = options.subscribe?.(ids) ?? Object.fromEntries(ids.map((id) => [id, 'accept']))
      done(ok(Object.fromEntries(ids.map((id) => [id, decisions[id] ?? 'reject']))))
    }),
    requestPayment: asyncApi('requestPayment', (o, done) => {
      const outcome = payment(stripCallbacks(o) as AnyRecord)
      done(outcome === 'ok' ? ok() : outcome === 'cancel' ? failed('cancel') : failed('payment failed (mini harness)'))
    }),
    getPrivacySetting: asyncApi('getPrivacySetting', (_o, done) =>
      done(ok({ needAuthorization: records.privacy.needAuthorization, privacyContractName: '《小程序隐私保护指引》' })),
    ),
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', (_o, done) => {
      if (!records.privacy.needAuthorization) return done(ok())
      const finish = (agreed: boolean) => {
        if (agreed) records.privacy.needAuthorization = false
        done(agreed ? ok() : failed('privacy permission is not authorized', 104))
      }
      if (needPrivacyListener) {
        // The app shows its own pop-up and calls resolve({event: 'agree' | 'disagree'}).
        const listener = needPrivacyListener
        const resolve = (res: unknown) => {
          const agreed = asRecord(res).event === 'agree'
          if (agreed && !agreeButtonTapped) {
            host.warn('onNeedPrivacyAuthorization: resolved "agree" without a tap on a button with open-type="agreePrivacyAuthorization" — WeChat expects that tap first')
          }
          finish(agreed)
        }
        host.deliver(() => listener(resolve, host.toRealm({ referrer: 'requirePrivacyAuthorize' })))
      } else {
        finish(records.privacy.decision === 'agree')
      }
    }),
    onNeedPrivacyAuthorization: syncApi('onNeedPrivacyAuthorization', (fn: unknown) => {
      needPrivacyListener = typeof fn === 'function' ? (fn as typeof needPrivacyListener) : undefined
    }),
    openPrivacyContract: noop('openPrivacyContract'),
    setClipboardData: asyncApi('setClipboardData', (o, done) => {
      records.clipboard = str(o.data)
      done(ok())
    }),
    getClipboardData: asyncApi('getClipboardData', (_o, done) => done(ok({ data: records.clipboard }))),
    makePhoneCall: noop('makePhoneCall'),
    previewImage: noop('previewImage'),
    reportEvent: syncApi('reportEvent', () => undefined),
  }

  const alipay: AnyRecord = {
    setStorageSync: syncApi('setStorageSync', (o: unknown) => {
      const opts = asRecord(o)
      writeStorage(opts.key, opts.data)
      return host.toRealm({ success: true })
    }),
    // Alipay returns `{data}`; a missing key gives `{data: null}` (Taro turns that into '').
    getStorageSync: syncApi('getStorageSync', (o: unknown) => {
      const { found, value } = readStorage(str(asRecord(o).key))
      const res = host.toRealm({ data: null }) as AnyRecord
      if (found) res.data = value
      return res
    }),
    removeStorageSync: syncApi('removeStorageSync', (o: unknown) => {
      records.storage.delete(str(asRecord(o).key))
      return host.toRealm({ success: true })
    }),
    clearStorageSync: syncApi('clearStorageSync', () => records.storage.clear()),
    getStorageInfoSync: syncApi('getStorageInfoSync', () => host.toRealm(storageInfo())),
    setStorage: asyncApi('setStorage', (o, done) => {
      writeStorage(o.key, o.data)
      done(ok({ success: true }))
    }),
    getStorage: asyncApi('getStorage', (o, done) => {
      const text = records.storage.get(str(o.key))
      done(ok({ data: text === undefined ? null : JSON.parse(text) }))
    }),
    removeStorage: asyncApi('removeStorage', (o, done) => {
      records.storage.delete(str(o.key))
      done(ok({ success: true }))
    }),
    clearStorage: asyncApi('clearStorage', (_o, done) => {
      records.storage.clear()
      done(ok({ success: true }))
    }),
    getStorageInfo: asyncApi('getStorageInfo', (_o, done) => done(ok(storageInfo()))),
    showToast: asyncApi('showToast', (o, done) => {
      showToast(str(o.content), typeof o.type === 'string' ? o.type : 'none', typeof o.duration === 'number' ? o.duration : 2000, o)
      done(ok())
    }),
    showLoading: asyncApi('showLoading', (o, done) => {
      openLoading(str(o.content))
      done(ok())
    }),
    confirm: asyncApi('confirm', (o, done) => {
      const fields = {
        title: str(o.title),
        content: str(o.content),
        showCancel: true,
        confirmText: str(o.confirmButtonText, '确定'),
        cancelText: str(o.cancelButtonText, '取消'),
      }
      openModal(o, fields, (confirm) => done(ok({ confirm })))
    }),
    alert: asyncApi('alert', (o, done) => {
      const fields = { title: str(o.title), content: str(o.content), showCancel: false, confirmText: str(o.buttonText, '确定'), cancelText: '' }
      openModal(o, fields, () => done(ok({ success: true })))
    }),
    setNavigationBar: asyncApi('setNavigationBar', (o, done) => {
      if (o.title !== undefined) records.navigationBar.title = str(o.title)
      done(ok())
    }),
    getAuthCode: asyncApi('getAuthCode', (o, done) =>
      done(ok({ authCode: options.loginCode ?? `harness-auth-code-${++loginCount}`, authErrorScopes: {}, authSuccessScopes: [str(o.scopes, 'auth_base')] })),
    ),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o, done) => {
      const ids = Array.isArray(o.entityIds) ? o.entityIds.map((x) => str(x)) : []
      const decisions = options.subscribe?.(ids) ?? Object.fromEntries(ids.map((id) => [id, 'accept']))
      const accepted = ids.filter((id) => decisions[id] === 'accept')
      done(ok({ success: true, keys: accepted, result: { subscribeEntityIds: accepted, unsubscribedEntityIds: ids.filter((id) => !accepted.includes(id)) } }))
    }),
    // tradePay reports every outcome through success with a resultCode (9000 paid, 6001 cancelled, 4000 failed).
    tradePay: asyncApi('tradePay', (o, done) => {
      const outcome = payment(stripCallbacks(o) as AnyRecord)
      done(ok({ resultCode: outcome === 'ok' ? '9000' : outcome === 'cancel' ? '6001' : '4000' }))
    }),
    datePicker: asyncApi('datePicker', (o, done) => {
      const date = options.pickDate?.(stripCallbacks(o) as AnyRecord) ?? null
      done(date === null ? failed('用户取消操作', 11) : ok({ date }))
    }),
    setClipboard: asyncApi('setClipboard', (o, done) => {
      records.clipboard = str(o.text)
      done(ok())
    }),
    getClipboard: asyncApi('getClipboard', (_o, done) => done(ok({ text: records.clipboard }))),
    makePhoneCall: noop('makePhoneCall'),
    previewImage: noop('previewImage'),
    showSharePanel: noop('showSharePanel'),
    hideShareMenu: noop('hideShareMenu'),
  }

  const notFaked: AnyRecord = {}
  for (const name of NOT_FAKED[platform]) {
    notFaked[name] = (..._args: unknown[]) => {
      const message = `${isWeapp ? 'wx' : 'my'}.${name}() is a real API the mini harness does not fake — add it to tests/mini/fake-platform.ts`
      host.recordError('api', message)
      throw host.realmError(message)
    }
  }

  const api: AnyRecord = { ...notFaked, ...common, ...(isWeapp ? weapp : alipay) }
  const globalName = isWeapp ? 'wx' : 'my'
  const emit: PlatformApi['emit'] = (event, payload) => {
    for (const fn of [...(listeners.get(event) ?? [])]) {
      try {
        fn(payload)
      } catch (err) {
        host.recordError(`uncaught (${globalName}.on${event} listener)`, err)
      }
    }
  }
  const proxy = new Proxy(api, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target) return Reflect.get(target, key, receiver)
      if (!QUIET_PROBES.has(key) && !warnedUnknown.has(key)) {
        warnedUnknown.add(key)
        records.unknownApis.push(key)
        host.warn(`${globalName}.${key} was read but the mini harness does not fake it`)
      }
      return undefined
    },
  })
  const agreePrivacyButtonTapped = () => {
    agreeButtonTapped = true
    records.privacy.needAuthorization = false
  }
  return { api: proxy, emit, agreePrivacyButtonTapped }
}

function messageOf(err: unknown): string {
  return err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string'
    ? (err as { message: string }).message
    : String(err)
}

/** Drop callbacks from recorded options so records stay plain data. */
function stripCallbacks(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const out: AnyRecord = {}
  for (const [k, v] of Object.entries(value as AnyRecord)) {
    if (typeof v !== 'function') out[k] = v
  }
  return out
}
