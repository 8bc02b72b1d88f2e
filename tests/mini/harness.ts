/**
 * Mini-program harness: boots the compiled `dist/weapp` (global `wx`) or `dist/alipay` (global `my`) bundle in
 * Node, in a fresh `vm` context per boot (two boots never share module state), with its own CommonJS loader for
 * the dist files, the App/Page/Component constructors, a page stack, and a fake platform (fake-platform.ts).
 *
 *   const h = await bootMini({ platform: 'weapp' | 'alipay', distDir?, storage?: Record<string, unknown>,
 *     request?: (req) => Promise<{ statusCode, data, header }>,   // default: every request fails (network)
 *     now?, randomSeed?, loginCode?, modal?, payment?, subscribe?, actionSheet?, privacy?, launch?, system?,
 *     alipayHttpErrorsFail?, settleHorizonMs?, ignoreError?, verbose? })
 *                                     // app.js loaded, App onLaunch + onShow run, settled; rejects on errors
 *   const page = await h.open('pages/home/index', { id: '1' })   // reLaunch: onLoad(query), onShow, onReady, settled
 *   page.text()                       // visible text in document order (same parent: ' ', new parent: '\n')
 *   page.findById('signin-button')    // node whose id (uid) or sid matches → MiniNode | null (tag, attr(), text())
 *   page.findByText(/签到/)            // element holding the first matching text node
 *   page.findAll((n) => …, within?)   // every element a predicate accepts, on the page or inside `within`
 *   await page.tap('signin-button')   // bubbles a native tap through every element that binds tap, calling the
 *                                     // owning page's / custom-wrapper's `eh`, then settles; rejects on errors
 *   await page.tapText('去签到')
 *   await page.dispatch('nickname', 'input', { value: '小明' })  // a component event on one element
 *   await page.trigger('onPullDownRefresh')   // any page lifecycle/method, then settle
 *   page.firstRenderBytes             // setData bytes (UTF-8 JSON) while `open` ran, page + its components
 *   await h.settle()                  // drain timers/microtasks/request handlers until nothing is due
 *   await h.advance(30_000)           // move the virtual clock (Date.now() in the app follows it)
 *   h.setDataLog                      // [{ page, target, label, bytes, keys, at }]
 *   const m = h.mark('after login'); …; h.bytesSince(m)
 *   h.toasts, h.modals, await h.answerModal(true), h.loadings, h.requests, h.navigations, h.calls,
 *   h.shares, h.openTypeTaps
 *   h.errors                          // console.error, uncaught errors, unhandled rejections, lifecycle throws,
 *                                     // App.onError (React render errors), unfaked API calls
 *   h.logs, h.warnings, h.unknownApis, h.storage (snapshot), h.clipboard, h.api (the fake wx/my), h.appInstance
 *   h.currentPage(), h.pageStack()
 *   await h.setNetwork(false)         // the connection drops (onNetworkStatusChange), then settle
 *   await h.close()
 *
 * Errors are failures: `bootMini`, `open`, `tap`, `dispatch`, `trigger`, `answerModal` and `advance` reject with
 * every error recorded while they ran (pass `ignoreError` to tolerate a known one). `expectNoErrors(h)` is the
 * helper for anything else.
 *
 * Time is virtual (virtual-clock.ts): timers never run on their own; `settle()` runs everything due within
 * `settleHorizonMs` (default 1000 ms of virtual time) and waits for pending request handlers. Math.random is
 * seeded (`randomSeed`), so a boot with a fixed `now` is reproducible.
 */
import fs from 'node:fs'
import path from 'node:path'
import util from 'node:util'
import vm from 'node:vm'
import {
  type AnyRecord,
  type ApiCallRecord,
  createPlatformApi,
  type LoadingRecord,
  type ModalRecord,
  type NavigationKind,
  type PlatformApi,
  type PlatformHost,
  type PlatformOptions,
  PlatformRecords,
  type RequestRecord,
  type ToastRecord,
} from './fake-platform'
import { type PathSegment, parseDataPath, pathsOverlap, setDataPath } from './set-data-path'
import { loadTemplateInfo, type Platform, type TemplateInfo } from './template-info'
import { type TimerTask, VirtualClock } from './virtual-clock'

export type { MiniRequest, MiniResponse, ModalRecord, RequestHandler, ToastRecord } from './fake-platform'
export type { Platform } from './template-info'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')

/** <repo>/dist/<platform>, or $MINI_DIST_ROOT/<platform> to test another build. */
export function distDirFor(platform: Platform): string {
  return path.join(process.env.MINI_DIST_ROOT ? path.resolve(process.env.MINI_DIST_ROOT) : path.join(REPO_ROOT, 'dist'), platform)
}

export interface BootOptions extends PlatformOptions {
  platform: Platform
  /** Defaults to <repo>/dist/<platform>. */
  distDir?: string
  /** Start of the virtual clock (default: the real time at boot). */
  now?: number | string | Date
  /** Seed of the app's Math.random (default 1, so two boots with the same `now` behave the same); null: native. */
  randomSeed?: number | null
  /** How far (virtual ms) settle() may move the clock to run timers; default 1000. */
  settleHorizonMs?: number
  /** Return true for a recorded error that must not fail the action (e.g. a deliberate console.error). */
  ignoreError?: (error: MiniError) => boolean
  /** Echo the app's console to the test output (also: MINI_HARNESS_VERBOSE=1). */
  verbose?: boolean
}

export interface MiniError {
  source: string
  message: string
  stack?: string
  page?: string
  label: string
  at: number
}

export interface SetDataRecord {
  /** Route of the page the data belongs to. */
  page: string
  /** 'page' or 'custom-wrapper#<sid>' for a component's own setData. */
  target: string
  /** The action running when it happened: 'boot', 'open <route>', 'tap #<id>', or a `mark()` label. */
  label: string
  bytes: number
  keys: string[]
  at: number
  pageInstance: number
}

export interface LogRecord {
  level: string
  message: string
  at: number
}

export interface NavigationRecord {
  kind: NavigationKind | 'open'
  url: string
  ok: boolean
  error?: string
  at: number
}

export interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list?: { pagePath: string }[]; items?: { pagePath: string }[] }
  usingComponents?: Record<string, string>
}

export function readAppJson(distDir: string): AppJson {
  return JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson
}

/** Every page route of app.json: main package first, then subpackages (root + page). */
export function allPages(app: AppJson): string[] {
  const subs = app.subPackages ?? app.subpackages ?? []
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
}

export function tabPages(app: AppJson): string[] {
  return (app.tabBar?.list ?? app.tabBar?.items ?? []).map((t) => t.pagePath)
}

export interface MiniNode {
  /** The element's id attribute as rendered: uid (the id you gave it) or else sid. */
  id: string
  sid: string
  uid?: string
  nn: string
  /** Tag the base template renders for this nn ('view', 'text', 'button', …). */
  tag: string
  raw: AnyRecord
  text(): string
  /** The value the base template feeds into attribute `name` (e.g. 'open-type', 'disabled', 'src'). */
  attr(name: string): unknown
}

export interface ShareRecord {
  page: string
  from: 'button' | 'menu'
  /** What onShareAppMessage returned (undefined: the page has none, the default card is shared). */
  result: unknown
  at: number
}

function isRecord(value: unknown): value is AnyRecord {
  return value !== null && typeof value === 'object'
}

function describeError(err: unknown): { message: string; stack?: string } {
  if (util.types.isNativeError(err) || (isRecord(err) && typeof err.message === 'string')) {
    const e = err as { message: string; stack?: unknown }
    return { message: e.message, stack: typeof e.stack === 'string' ? e.stack : undefined }
  }
  return { message: typeof err === 'string' ? err : util.inspect(err, { depth: 4 }) }
}

// ---- realm --------------------------------------------------------------------------------------------

interface Realm {
  context: vm.Context
  parse(text: string): unknown
  array(): unknown[]
  object(): AnyRecord
  error(message: string): Error
  Promise: PromiseConstructor
}

/** Runs inside the new context: virtual Date, seeded Math.random, and factories for objects of that realm. */
const REALM_BOOTSTRAP = `(function (getNow, seed) {
  if (seed !== null) {
    var state = seed >>> 0;
    Math.random = function () {
      state = (state + 0x6d2b79f5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  var RealDate = Date;
  function MiniDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!new.target) return new RealDate(getNow()).toString();
    if (args.length === 0) return new RealDate(getNow());
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  MiniDate.prototype = RealDate.prototype;
  MiniDate.now = function () { return getNow(); };
  MiniDate.parse = RealDate.parse;
  MiniDate.UTC = RealDate.UTC;
  Object.defineProperty(MiniDate, 'name', { value: 'Date' });
  globalThis.Date = MiniDate;
  return {
    parse: function (text) { return JSON.parse(text); },
    array: function () { return []; },
    object: function () { return {}; },
    error: function (message) { return new Error(message); },
    Promise: Promise
  };
})`

function createRealm(name: string, globals: AnyRecord, getNow: () => number, seed: number | null): Realm {
  const context = vm.createContext({ ...globals }, { name, codeGeneration: { strings: true, wasm: false } })
  const bootstrap = vm.runInContext(REALM_BOOTSTRAP, context) as (now: () => number, seed: number | null) => Omit<Realm, 'context'>
  return { context, ...bootstrap(getNow, seed) }
}

/** The browser globals WeChat's module wrapper (`define(path, function (require, module, exports, window, …))`)
 * shadows with undefined parameters. Alipay does not shadow them; it has a `navigator` global instead. */
const SHADOWED_GLOBALS: Record<Platform, string[]> = {
  weapp: ['window', 'document', 'frames', 'self', 'location', 'navigator', 'localStorage', 'history', 'Caches', 'screen', 'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'WebSocket', 'webkit'],
  alipay: [],
}

/** Alipay's worker exposes `navigator` with only `swuserAgent` on devices (Taro's alipay runtime copes). */
const ALIPAY_NAVIGATOR = { swuserAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.6.0 MiniProgram' }

class ModuleLoader {
  private readonly cache = new Map<string, { exports: unknown }>()
  private readonly compiled = new Map<string, (...args: unknown[]) => void>()

  private readonly shadowed: string[]

  constructor(
    private readonly distDir: string,
    private readonly realm: Realm,
    platform: Platform,
  ) {
    this.shadowed = SHADOWED_GLOBALS[platform]
  }

  /** `rel` is a dist-relative path with or without '.js'. */
  load(rel: string): unknown {
    return this.loadFile(this.resolve('', `/${rel}`))
  }

  private resolve(fromRel: string, spec: string): string {
    if (!spec.startsWith('.') && !spec.startsWith('/')) {
      throw this.realm.error(`require("${spec}"): bare module names are not supported by the mini harness loader (mini-programs load them from miniprogram_npm)`)
    }
    const base = spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(fromRel), spec)
    const candidates = [base, `${base}.js`, `${base}/index.js`].map((c) => path.posix.normalize(c))
    for (const c of candidates) {
      if (c.startsWith('..')) break
      const abs = path.join(this.distDir, c)
      if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return c
    }
    throw this.realm.error(`require("${spec}") from ${fromRel || '(root)'}: no such file in ${this.distDir}`)
  }

  private loadFile(rel: string): unknown {
    const cached = this.cache.get(rel)
    if (cached) return cached.exports
    const module = { exports: this.realm.object() as unknown }
    this.cache.set(rel, module)
    const fn = this.compile(rel)
    const req = (spec: unknown) => this.loadFile(this.resolve(rel, String(spec)))
    fn.call(module.exports, req, module, module.exports, ...this.shadowed.map(() => undefined))
    return module.exports
  }

  private compile(rel: string): (...args: unknown[]) => void {
    const hit = this.compiled.get(rel)
    if (hit) return hit
    const abs = path.join(this.distDir, rel)
    const source = fs.readFileSync(abs, 'utf8')
    // One line, so stack traces keep the file's own line numbers.
    const wrapped = `(function (${['require', 'module', 'exports', ...this.shadowed].join(', ')}) {${source}\n})`
    const fn = new vm.Script(wrapped, { filename: abs }).runInContext(this.realm.context) as (...args: unknown[]) => void
    this.compiled.set(rel, fn)
    return fn
  }
}

// ---- unhandled rejections ------------------------------------------------------------------------------

/**
 * Node reports an unhandled rejection on the real `process` (under Jest, `process` in a test file is a copy).
 * While harnesses are open, one listener routes rejections of a harness realm's promises to that harness and
 * forwards all others to the listeners it displaced (Jest's own), which it restores when the last one closes.
 */
type RejectionListener = (reason: unknown, promise: Promise<unknown>) => void

class RejectionRouter {
  private readonly owners = new Set<MiniHarness>()
  private displaced: RejectionListener[] = []
  private readonly proc = vm.runInThisContext('process') as NodeJS.Process
  private readonly listener: RejectionListener = (reason, promise) => {
    for (const owner of this.owners) {
      if (owner.ownsPromise(promise)) {
        owner.handleUnhandledRejection(reason, promise)
        return
      }
    }
    if (this.displaced.length === 0) {
      // Nobody else listens: keep Node's default (crash on an unhandled rejection).
      process.nextTick(() => {
        throw reason
      })
    }
    for (const fn of this.displaced) fn(reason, promise)
  }

  add(owner: MiniHarness): void {
    if (this.owners.size === 0) {
      this.displaced = this.proc.listeners('unhandledRejection') as RejectionListener[]
      this.proc.removeAllListeners('unhandledRejection')
      this.proc.on('unhandledRejection', this.listener)
    }
    this.owners.add(owner)
  }

  remove(owner: MiniHarness): void {
    if (!this.owners.delete(owner) || this.owners.size > 0) return
    this.proc.removeListener('unhandledRejection', this.listener)
    for (const fn of this.displaced) this.proc.on('unhandledRejection', fn)
    this.displaced = []
  }
}

const rejectionRouter = new RejectionRouter()

// ---- app / page / component model -----------------------------------------------------------------------

interface Owner {
  kind: 'page' | 'component'
  page: PageRecord
  instance: AnyRecord
  /** 'page' or 'custom-wrapper#<sid>'. */
  label: string
  children: Map<string, ComponentRecord>
  /** Custom tag → component path (dist-relative, no extension). */
  usingComponents: Record<string, string>
}

interface PageRecord extends Owner {
  kind: 'page'
  id: number
  route: string
  query: Record<string, string>
  state: 'shown' | 'hidden' | 'unloaded'
  firstRenderBytes: number
}

interface ComponentRecord extends Owner {
  kind: 'component'
  sid: string
  path: string
  config: AnyRecord
  parent: Owner
}

interface TreeEntry {
  node: AnyRecord
  owner: Owner
  parent: TreeEntry | null
}

const CUSTOM_WRAPPER = 'custom-wrapper'

function isTextNode(node: AnyRecord): boolean {
  return 'v' in node && !Array.isArray(node.cn)
}

export class MiniPage {
  constructor(
    private readonly h: MiniHarness,
    /** @internal */ readonly record: PageRecord,
  ) {}

  get route(): string {
    return this.record.route
  }

  get query(): Record<string, string> {
    return this.record.query
  }

  /** The page instance (`this` inside Page()). */
  get instance(): AnyRecord {
    return this.record.instance
  }

  get data(): AnyRecord {
    return this.record.instance.data as AnyRecord
  }

  get state(): PageRecord['state'] {
    return this.record.state
  }

  get firstRenderBytes(): number {
    return this.record.firstRenderBytes
  }

  text(): string {
    return this.h.textOf(this.h.walk(this.record))
  }

  /** All element ids (uid or sid) in document order — handy in failure messages. */
  ids(): string[] {
    return this.h
      .walk(this.record)
      .filter((e) => !isTextNode(e.node))
      .map((e) => String(e.node.uid ?? e.node.sid))
  }

  /**
   * WXML elements on the page as rendered (text runs are not elements) and the deepest nesting, counting the
   * page's root element as depth 1 — the figures WeChat's 体验评分 holds to < 1000 nodes and depth < 30.
   */
  elementStats(): { nodes: number; depth: number } {
    const elements = this.h.walk(this.record).filter((e) => !isTextNode(e.node))
    let depth = 0
    for (const e of elements) {
      let d = 1
      for (let p = e.parent; p; p = p.parent) d++
      depth = Math.max(depth, d + 1)
    }
    return { nodes: elements.length + 1, depth }
  }

  findById(id: string): MiniNode | null {
    const entry = this.h.walk(this.record).find((e) => !isTextNode(e.node) && (e.node.uid === id || e.node.sid === id))
    return entry ? this.h.toMiniNode(this.record, entry) : null
  }

  /** Every element (in document order) that `match` accepts, anywhere on the page or inside `within`. */
  findAll(match: (node: MiniNode) => boolean, within?: MiniNode): MiniNode[] {
    const entries = this.h.walk(this.record).filter((e) => {
      if (isTextNode(e.node)) return false
      if (!within) return true
      for (let p = e.parent; p; p = p.parent) if (p.node === within.raw) return true
      return false
    })
    return entries.map((e) => this.h.toMiniNode(this.record, e)).filter(match)
  }

  findByText(pattern: string | RegExp): MiniNode | null {
    const entry = this.h
      .walk(this.record)
      .find((e) => isTextNode(e.node) && e.parent !== null && matches(String(e.node.v), pattern))
    return entry?.parent ? this.h.toMiniNode(this.record, entry.parent) : null
  }

  async tap(target: string | MiniNode): Promise<void> {
    await this.h.tap(this.record, typeof target === 'string' ? target : target.id)
  }

  /** Two quick taps (the second ignored if the first disabled the button): one effect and one dialog expected. */
  async doubleTap(target: string | MiniNode): Promise<void> {
    await this.h.doubleTap(this.record, typeof target === 'string' ? target : target.id)
  }

  async tapText(pattern: string | RegExp): Promise<void> {
    const node = this.findByText(pattern)
    if (!node) throw new Error(`tapText: no text matching ${String(pattern)} on ${this.route}. Text:\n${this.text()}`)
    await this.h.tap(this.record, node.id)
  }

  /** Fire a component event on one element: `dispatch('nickname', 'input', { value: '小明' })`. */
  async dispatch(target: string | MiniNode, type: string, detail: AnyRecord = {}): Promise<void> {
    await this.h.dispatch(this.record, typeof target === 'string' ? target : target.id, type, detail)
  }

  /** Call a page method (onPullDownRefresh, onReachBottom, onShareAppMessage, …) like the framework, then settle. */
  async trigger(name: string, ...args: unknown[]): Promise<unknown> {
    return this.h.trigger(this.record, name, args)
  }
}

function isTruthyAttr(value: unknown): boolean {
  return value === true || value === 'true'
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)
}

export class MiniHarness {
  readonly platform: Platform
  readonly distDir: string
  readonly appJson: AppJson
  readonly errors: MiniError[] = []
  readonly logs: LogRecord[] = []
  readonly warnings: string[] = []
  readonly setDataLog: SetDataRecord[] = []
  readonly navigations: NavigationRecord[] = []
  readonly shares: ShareRecord[] = []
  /** Taps on `<button open-type=…>` (contact, share, agreePrivacyAuthorization, getPhoneNumber, …). */
  readonly openTypeTaps: { page: string; id: string; openType: string; at: number }[] = []

  /** @internal */ readonly clock: VirtualClock
  private readonly records = new PlatformRecords()
  private readonly realm: Realm
  private readonly loader: ModuleLoader
  private readonly platformApi: PlatformApi
  private readonly templates: Map<string, TemplateInfo>
  private readonly pageConfigs = new Map<string, AnyRecord>()
  private readonly componentConfigs = new Map<string, AnyRecord>()
  private readonly pages = new Map<number, MiniPage>()
  private stack: PageRecord[] = []
  private readonly aliveTabs = new Map<string, PageRecord>()
  private app: AnyRecord | undefined
  private appOnError: ((msg: string) => void) | undefined
  private loadingPage: string | undefined
  private loadingComponent: string | undefined
  private pendingHost = 0
  private nextPageId = 1
  private label = 'boot'
  private closed = false
  private readonly bootAt: number
  private readonly verbose: boolean

  constructor(private readonly options: BootOptions) {
    this.platform = options.platform
    this.distDir = options.distDir ?? distDirFor(options.platform)
    if (!fs.existsSync(path.join(this.distDir, 'app.js'))) {
      throw new Error(`${this.distDir}/app.js not found — build first: NODE_ENV=production npx taro build --type ${this.platform}`)
    }
    this.appJson = readAppJson(this.distDir)
    const start = options.now === undefined ? Date.now() : new Date(options.now).getTime()
    this.clock = new VirtualClock(start)
    this.bootAt = start
    this.verbose = options.verbose ?? process.env.MINI_HARNESS_VERBOSE === '1'
    this.templates = loadTemplateInfo(this.distDir, this.platform)

    const globals: AnyRecord = {
      console: this.makeConsole(),
      setTimeout: (fn: unknown, delay?: unknown, ...args: unknown[]) => this.setTimer(fn, delay, args, false),
      setInterval: (fn: unknown, delay?: unknown, ...args: unknown[]) => this.setTimer(fn, delay, args, true),
      clearTimeout: (id: unknown) => this.clock.cancel(id),
      clearInterval: (id: unknown) => this.clock.cancel(id),
      App: (config: unknown) => this.registerApp(config),
      Page: (config: unknown) => this.registerPage(config),
      Component: (config: unknown) => this.registerComponent(config),
      Behavior: (config: unknown) => config,
      getApp: () => this.app,
      getCurrentPages: () => {
        const list = this.realm.array()
        for (const p of this.stack) list.push(p.instance)
        return list
      },
      requirePlugin: (name: unknown) => {
        throw this.realm.error(`requirePlugin("${String(name)}") is not supported by the mini harness`)
      },
    }
    this.realm = createRealm(`mini-${this.platform}`, globals, () => this.clock.now(), options.randomSeed === undefined ? 1 : options.randomSeed)
    this.platformApi = createPlatformApi(this.platformHost(), this.records, options)
    const context = this.realm.context as AnyRecord
    context[this.platform === 'weapp' ? 'wx' : 'my'] = this.platformApi.api
    if (this.platform === 'alipay') context.navigator = this.realm.parse(JSON.stringify(ALIPAY_NAVIGATOR))
    this.loader = new ModuleLoader(this.distDir, this.realm, this.platform)
    rejectionRouter.add(this)
  }

  // ---- public records ------------------------------------------------------------------------------------

  get toasts(): ToastRecord[] {
    return this.records.toasts
  }
  get modals(): ModalRecord[] {
    return this.records.modals
  }
  get loadings(): LoadingRecord[] {
    return this.records.loadings
  }
  get requests(): RequestRecord[] {
    return this.records.requests
  }
  get calls(): ApiCallRecord[] {
    return this.records.calls
  }
  get unknownApis(): string[] {
    return this.records.unknownApis
  }
  get clipboard(): string {
    return this.records.clipboard
  }
  /** Bytes the app has written to storage since boot (keys and values). */
  get storageBytesWritten(): number {
    return this.records.storageBytesWritten
  }

  /** Storage as the app left it (parsed values), e.g. to boot a second run with `storage: h.storage`. */
  get storage(): Record<string, unknown> {
    return Object.fromEntries([...this.records.storage].map(([k, v]) => [k, JSON.parse(v) as unknown]))
  }
  /** The fake `wx` / `my` object the bundle sees (values it returns belong to the app's realm). */
  get api(): AnyRecord {
    return this.platformApi.api
  }
  /** What App() registered (`getApp()` inside the bundle). */
  get appInstance(): AnyRecord | undefined {
    return this.app
  }
  /** The device's connection drops or comes back (wx/my.onNetworkStatusChange), then settle. */
  async setNetwork(online: boolean): Promise<void> {
    const networkType = online ? (this.platform === 'weapp' ? 'wifi' : 'WIFI') : this.platform === 'weapp' ? 'none' : 'NOTREACHABLE'
    this.platformApi.emit('NetworkStatusChange', this.realm.parse(JSON.stringify({ isConnected: online, networkType })))
    await this.settle()
  }

  /** The virtual time inside the app. */
  now(): number {
    return this.clock.now()
  }

  currentPage(): MiniPage | undefined {
    const top = this.stack[this.stack.length - 1]
    return top ? this.pageFor(top) : undefined
  }

  pageStack(): MiniPage[] {
    return this.stack.map((p) => this.pageFor(p))
  }

  /** Label what follows in setDataLog/errors; returns the log position for bytesSince(). */
  mark(label?: string): number {
    if (label) this.label = label
    return this.setDataLog.length
  }

  bytesSince(mark: number, route?: string): number {
    return this.setDataLog.slice(mark).reduce((sum, r) => (route === undefined || r.page === route ? sum + r.bytes : sum), 0)
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /** @internal — use bootMini(). */
  async launch(): Promise<void> {
    const since = this.errors.length
    this.guard('load app.js', () => this.loader.load('app.js'))
    if (!this.app) {
      this.recordError('boot', `${this.distDir}/app.js did not call App()`)
    } else {
      const opts = this.realm.parse(JSON.stringify(this.launchOptions())) as AnyRecord
      this.callHook(this.app, 'onLaunch', [opts], 'App.onLaunch')
      this.callHook(this.app, 'onShow', [opts], 'App.onShow')
    }
    await this.settle()
    this.throwIfErrors(since, 'boot')
  }

  async open(route: string, query: Record<string, string | number | boolean> = {}): Promise<MiniPage> {
    this.ensureOpen()
    const normalized = route.replace(/^\//, '')
    const since = this.errors.length
    this.label = `open ${normalized}`
    const logStart = this.setDataLog.length
    const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]))
    this.ensurePageExists(normalized)
    this.unloadAll()
    const record = this.loadPage(normalized, q)
    this.navigations.push({ kind: 'open', url: normalized, ok: true, at: this.clock.now() })
    await this.settle()
    record.firstRenderBytes = this.setDataLog.slice(logStart).reduce((sum, r) => (r.pageInstance === record.id ? sum + r.bytes : sum), 0)
    this.validateTree(record)
    this.throwIfErrors(since, `open ${normalized}`)
    return this.pageFor(record)
  }

  /** Run everything due (timers, callbacks, microtasks, request handlers) until the app is idle. */
  async settle(opts: { horizonMs?: number } = {}): Promise<void> {
    const horizon = this.clock.now() + (opts.horizonMs ?? this.options.settleHorizonMs ?? 1000)
    let steps = 0
    const realDeadline = Date.now() + 20_000
    for (;;) {
      await flushHost()
      if (this.pendingHost > 0) {
        if (Date.now() > realDeadline) throw new Error(`settle: ${this.pendingHost} request handler(s) never settled`)
        await new Promise((resolve) => setTimeout(resolve, 1))
        continue
      }
      const next = this.clock.peek()
      if (!next || next.at > horizon) return
      this.runTask(this.clock.take(next))
      if (++steps > 50_000) {
        const pending = this.clock.pending().slice(0, 5).map((t) => t.label).join(', ')
        throw new Error(`settle: still busy after ${steps} timer callbacks (a timer loop?): ${pending}`)
      }
    }
  }

  /** Move the virtual clock forward by `ms`, running what falls due, then settle. */
  async advance(ms: number): Promise<void> {
    const since = this.errors.length
    const target = this.clock.now() + ms
    for (;;) {
      await flushHost()
      const next = this.clock.peek()
      if (!next || next.at > target) break
      this.runTask(this.clock.take(next))
    }
    this.clock.setTime(target)
    await this.settle()
    this.finishAction(since, `advance ${ms} ms`)
  }

  /** Press a button on the oldest unanswered modal, then settle. */
  async answerModal(confirm: boolean, content?: string): Promise<ModalRecord> {
    const modal = this.records.modals.find((m) => !m.answered)
    if (!modal) throw new Error('answerModal: no modal is waiting for an answer')
    const since = this.errors.length
    modal.answer(confirm, content)
    await this.settle()
    this.finishAction(since, `answer modal "${modal.title || modal.content}"`)
    return modal
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.clock.clear()
    rejectionRouter.remove(this)
  }

  // ---- internals used by MiniPage -------------------------------------------------------------------------

  /** @internal */
  walk(page: PageRecord): TreeEntry[] {
    const out: TreeEntry[] = []
    const visit = (nodes: unknown, owner: Owner, parent: TreeEntry | null) => {
      if (!Array.isArray(nodes)) return
      for (const node of nodes) {
        if (!isRecord(node)) continue
        const entry: TreeEntry = { node, owner, parent }
        out.push(entry)
        const wrapper = node.nn === CUSTOM_WRAPPER ? owner.children.get(String(node.sid)) : undefined
        if (wrapper) visit(this.componentRoot(wrapper)?.cn, wrapper, entry)
        else visit(node.cn, owner, entry)
      }
    }
    const root = (page.instance.data as AnyRecord | undefined)?.root
    visit(isRecord(root) ? root.cn : undefined, page, null)
    return out
  }

  /** @internal */
  textOf(entries: TreeEntry[]): string {
    const lines: string[] = []
    let line: string[] = []
    let parent: TreeEntry | null | undefined
    for (const e of entries) {
      if (!isTextNode(e.node)) continue
      const value = String(e.node.v ?? '').trim()
      if (value === '') continue
      if (parent !== undefined && e.parent !== parent && line.length > 0) {
        lines.push(line.join(' '))
        line = []
      }
      parent = e.parent
      line.push(value)
    }
    if (line.length > 0) lines.push(line.join(' '))
    return lines.join('\n')
  }

  /** @internal */
  toMiniNode(page: PageRecord, entry: TreeEntry): MiniNode {
    const { node } = entry
    const sid = String(node.sid)
    const uid = typeof node.uid === 'string' ? node.uid : undefined
    const nn = String(node.nn)
    return {
      id: uid ?? sid,
      sid,
      uid,
      nn,
      tag: nn === CUSTOM_WRAPPER ? CUSTOM_WRAPPER : (this.templates.get(nn)?.tag ?? `nn:${nn}`),
      raw: node,
      attr: (name: string) => {
        const key = this.templates.get(nn)?.attrs[name]
        return key === undefined ? undefined : node[key]
      },
      text: () => {
        const all = this.walk(page)
        const inside = all.filter((e) => {
          for (let p: TreeEntry | null = e; p; p = p.parent) if (p.node === node) return true
          return false
        })
        return this.textOf(inside)
      },
    }
  }

  private locate(page: PageRecord, id: string, action: string): TreeEntry {
    this.ensureOpen()
    if (page.state === 'unloaded') throw new Error(`${action} #${id}: ${page.route} is no longer open`)
    const entries = this.walk(page)
    const target = entries.find((e) => !isTextNode(e.node) && (e.node.uid === id || e.node.sid === id))
    if (!target) {
      const ids = entries.filter((e) => !isTextNode(e.node)).map((e) => e.node.uid ?? e.node.sid)
      throw new Error(`${action}: no element with id "${id}" on ${page.route}; ids: ${ids.join(', ')}`)
    }
    return target
  }

  /** @internal — a native tap: bubbles from the element through every ancestor that binds tap (catch stops). */
  async tap(page: PageRecord, id: string): Promise<void> {
    const since = this.errors.length
    this.fireTap(page, id)
    await this.settle()
    this.validateTree(page)
    this.throwIfErrors(since, `tap #${id}`)
  }

  /**
   * Two quick taps, as a finger makes them: the second lands once the first's handler and its promises have run,
   * before any timer (a network answer, an animation) — ignored, as a device ignores it, when the first left the
   * button disabled.
   */
  async doubleTap(page: PageRecord, id: string): Promise<void> {
    const since = this.errors.length
    this.fireTap(page, id)
    await flushHost()
    const again = this.toMiniNode(page, this.locate(page, id, 'tap'))
    if (!(again.tag === 'button' && isTruthyAttr(again.attr('disabled')))) this.fireTap(page, id)
    await this.settle()
    this.validateTree(page)
    this.throwIfErrors(since, `double tap #${id}`)
  }

  private fireTap(page: PageRecord, id: string): void {
    const target = this.locate(page, id, 'tap')
    const node = this.toMiniNode(page, target)
    if (node.tag === 'button' && isTruthyAttr(node.attr('disabled'))) {
      throw new Error(`tap: #${id} is a disabled <button>; a device ignores taps on it`)
    }
    const bound: TreeEntry[] = []
    for (let e: TreeEntry | null = target; e; e = e.parent) {
      const tap = this.templates.size === 0 ? (e === target ? 'bind' : null) : this.templates.get(String(e.node.nn))?.tap
      if (!tap) continue
      bound.push(e)
      if (tap === 'catch') break
    }
    const openType = node.tag === 'button' ? node.attr('open-type') : undefined
    if (bound.length === 0 && !openType) {
      throw new Error(`tap: #${id} (${node.tag}) and its ancestors bind no tap handler in the base template — a tap would do nothing on a device`)
    }
    this.label = `tap #${id}`
    for (const current of bound) this.callEh(page, current, this.mpEvent('tap', target, current, undefined), `tap #${id}`)
    if (typeof openType === 'string') this.handleOpenType(page, target, openType)
  }

  /**
   * @internal — a component event on one element (input, change, confirm, agreeprivacyauthorization, …).
   * `type` is the platform's event name (weapp: 'input'; alipay: 'input', 'touchStart').
   */
  async dispatch(page: PageRecord, id: string, type: string, detail: AnyRecord = {}): Promise<void> {
    const target = this.locate(page, id, `dispatch ${type}`)
    const info = this.templates.get(String(target.node.nn))
    if (this.templates.size > 0 && !info?.events.has(type)) {
      const bound = info ? [...info.events.keys()].join(', ') : 'none'
      throw new Error(`dispatch: #${id} (${info?.tag ?? target.node.nn}) does not bind "${type}" in the base template (binds: ${bound})`)
    }
    const since = this.errors.length
    this.label = `${type} #${id}`
    this.callEh(page, target, this.mpEvent(type, target, target, detail), `${type} #${id}`)
    await this.settle()
    this.validateTree(page)
    this.throwIfErrors(since, `${type} #${id}`)
  }

  private callEh(page: PageRecord, current: TreeEntry, event: AnyRecord, source: string): void {
    const eh = current.owner.instance.eh
    if (typeof eh !== 'function') {
      this.recordError(source, `${current.owner.label} of ${page.route} has no eh method`)
      return
    }
    const realmEvent = this.realm.parse(JSON.stringify(event)) as AnyRecord
    this.guard(`${source} → ${current.owner.label}.eh`, () => (eh as (e: unknown) => unknown).call(current.owner.instance, realmEvent))
  }

  /** What the framework itself does after a tap on `<button open-type=…>`. */
  private handleOpenType(page: PageRecord, target: TreeEntry, openType: string): void {
    this.openTypeTaps.push({ page: page.route, id: String(target.node.uid ?? target.node.sid), openType, at: this.clock.now() })
    if (openType === 'agreePrivacyAuthorization' && this.platform === 'weapp') {
      this.platformApi.agreePrivacyButtonTapped()
      if (this.templates.get(String(target.node.nn))?.events.has('agreeprivacyauthorization')) {
        this.callEh(page, target, this.mpEvent('agreeprivacyauthorization', target, target, {}), 'agreeprivacyauthorization')
      }
    } else if (openType === 'share') {
      const handler = page.instance.onShareAppMessage
      const arg = this.realm.parse(JSON.stringify({ from: 'button', target: { id: String(target.node.uid ?? target.node.sid), dataset: { sid: target.node.sid } }, webViewUrl: '' }))
      const result = typeof handler === 'function' ? this.guard(`onShareAppMessage (${page.route})`, () => (handler as (a: unknown) => unknown).call(page.instance, arg)) : undefined
      this.shares.push({ page: page.route, from: 'button', result, at: this.clock.now() })
    }
  }

  /** @internal */
  async trigger(page: PageRecord, name: string, args: unknown[]): Promise<unknown> {
    this.ensureOpen()
    const since = this.errors.length
    this.label = `${name} ${page.route}`
    const fn = page.instance[name]
    if (typeof fn !== 'function') throw new Error(`${page.route} has no ${name}()`)
    const realmArgs = args.map((a) => (a === undefined ? undefined : this.realm.parse(JSON.stringify(a))))
    const result = this.guard(`${name} (${page.route})`, () => (fn as (...a: unknown[]) => unknown).apply(page.instance, realmArgs))
    await this.settle()
    this.finishAction(since, `${name} on ${page.route}`)
    return result
  }

  /** @internal */
  ownsPromise(promise: Promise<unknown>): boolean {
    return !this.closed && promise instanceof this.realm.Promise
  }

  /** @internal */
  handleUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
    this.recordError('unhandledrejection', reason)
    // As on a device: App.onUnhandledRejection and wx.onUnhandledRejection listeners hear about it.
    const payload = { reason, promise }
    const handler = this.app?.onUnhandledRejection
    if (typeof handler === 'function') this.guard('App.onUnhandledRejection', () => handler.call(this.app, payload))
    this.platformApi.emit('UnhandledRejection', payload)
  }

  // ---- registration ---------------------------------------------------------------------------------------

  private registerApp(config: unknown): void {
    if (!isRecord(config)) throw this.realm.error('App() expects an object')
    if (this.app) throw this.realm.error('App() was called twice')
    this.app = config
    const original = config.onError
    if (typeof original === 'function') {
      this.appOnError = (msg: string) => (original as (m: string) => void).call(config, msg)
      // Taro's page error boundary reports React render errors through Current.app.onError (this object).
      config.onError = (msg: unknown) => {
        this.recordError('App.onError', msg)
        return (original as (m: unknown) => void).call(config, msg)
      }
    }
  }

  private registerPage(config: unknown): void {
    if (!isRecord(config)) throw this.realm.error('Page() expects an object')
    if (!this.loadingPage) {
      this.recordError('Page()', 'Page() was called while no page module was loading')
      return
    }
    this.pageConfigs.set(this.loadingPage, config)
  }

  private registerComponent(config: unknown): void {
    if (!isRecord(config)) throw this.realm.error('Component() expects an object')
    if (!this.loadingComponent) {
      this.recordError('Component()', 'Component() was called while no component module was loading')
      return
    }
    this.componentConfigs.set(this.loadingComponent, config)
  }

  private loadPageModule(route: string): AnyRecord | undefined {
    if (!this.pageConfigs.has(route)) {
      for (const compPath of Object.values(this.usingComponentsOf(route))) this.loadComponentModule(compPath)
      this.loadingPage = route
      try {
        this.guard(`load ${route}.js`, () => this.loader.load(`${route}.js`))
      } finally {
        this.loadingPage = undefined
      }
      if (!this.pageConfigs.has(route)) this.recordError('load', `${route}.js did not call Page()`)
    }
    return this.pageConfigs.get(route)
  }

  private loadComponentModule(compPath: string): AnyRecord | undefined {
    if (!this.componentConfigs.has(compPath)) {
      this.loadingComponent = compPath
      try {
        this.guard(`load ${compPath}.js`, () => this.loader.load(`${compPath}.js`))
      } finally {
        this.loadingComponent = undefined
      }
    }
    return this.componentConfigs.get(compPath)
  }

  /** usingComponents of a page/component json (plus app.json's global ones), resolved to dist paths. */
  private usingComponentsOf(rel: string): Record<string, string> {
    const out: Record<string, string> = {}
    const add = (from: string, using: unknown) => {
      if (!isRecord(using)) return
      for (const [tag, ref] of Object.entries(using)) {
        if (typeof ref !== 'string' || ref.startsWith('plugin')) continue
        out[tag] = ref.startsWith('/') ? ref.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), ref))
      }
    }
    add('app', this.appJson.usingComponents)
    const file = path.join(this.distDir, `${rel}.json`)
    if (fs.existsSync(file)) add(rel, (JSON.parse(fs.readFileSync(file, 'utf8')) as AnyRecord).usingComponents)
    return out
  }

  // ---- pages & navigation ---------------------------------------------------------------------------------

  private pageFor(record: PageRecord): MiniPage {
    let page = this.pages.get(record.id)
    if (!page) {
      page = new MiniPage(this, record)
      this.pages.set(record.id, page)
    }
    return page
  }

  private ensurePageExists(route: string): void {
    if (!allPages(this.appJson).includes(route)) {
      throw new Error(`page "${route}" is not in app.json (pages: ${allPages(this.appJson).join(', ')})`)
    }
  }

  private isTab(route: string): boolean {
    return tabPages(this.appJson).includes(route)
  }

  private loadPage(route: string, query: Record<string, string>): PageRecord {
    const config = this.loadPageModule(route)
    const record: PageRecord = {
      kind: 'page',
      id: this.nextPageId++,
      route,
      query,
      state: 'shown',
      firstRenderBytes: 0,
      label: 'page',
      children: new Map(),
      usingComponents: this.usingComponentsOf(route),
      instance: {},
      page: undefined as unknown as PageRecord,
    }
    record.page = record
    record.instance = this.createPageInstance(record, config ?? {})
    this.stack.push(record)
    if (this.isTab(route)) this.aliveTabs.set(route, record)
    if (!config) return record
    // Components in the initial data attach before the page's onLoad, as in the frameworks.
    this.syncComponents(record, [['root']])
    const q = this.realm.parse(JSON.stringify(query)) as AnyRecord
    this.callHook(record.instance, 'onLoad', [q], `onLoad (${route})`)
    this.callHook(record.instance, 'onShow', [], `onShow (${route})`)
    this.callHook(record.instance, 'onReady', [], `onReady (${route})`)
    return record
  }

  private createPageInstance(record: PageRecord, config: AnyRecord): AnyRecord {
    const instance: AnyRecord = {}
    for (const [key, value] of Object.entries(config)) {
      if (key !== 'data') instance[key] = value
    }
    Object.assign(instance, {
      data: this.realm.parse(JSON.stringify(config.data ?? {})),
      route: record.route,
      __route__: record.route,
      options: this.realm.parse(JSON.stringify(record.query)),
      setData: (data: unknown, cb?: unknown) => this.applySetData(record, data, cb),
      getPageId: () => `pageId:${record.id}`,
      selectComponent: () => null,
      selectAllComponents: () => this.realm.array(),
      createSelectorQuery: () => (this.platformApi.api.createSelectorQuery as () => unknown)(),
      getOpenerEventChannel: () => ({ emit() {}, on() {}, once() {}, off() {} }),
    })
    if (this.platform === 'alipay') {
      instance.$spliceData = (data: unknown, cb?: unknown) => this.applySpliceData(record, data, cb)
      instance.$viewId = String(record.id)
    } else {
      instance.__wxWebviewId__ = record.id
    }
    return instance
  }

  private hidePage(record: PageRecord): void {
    if (record.state !== 'shown') return
    record.state = 'hidden'
    this.callHook(record.instance, 'onHide', [], `onHide (${record.route})`)
  }

  private showPage(record: PageRecord): void {
    record.state = 'shown'
    this.callHook(record.instance, 'onShow', [], `onShow (${record.route})`)
  }

  private unloadPage(record: PageRecord): void {
    if (record.state === 'unloaded') return
    record.state = 'unloaded'
    this.callHook(record.instance, 'onUnload', [], `onUnload (${record.route})`)
    for (const child of [...record.children.values()]) this.detachComponent(child)
    if (this.aliveTabs.get(record.route) === record) this.aliveTabs.delete(record.route)
  }

  private unloadAll(): void {
    for (const record of [...this.stack].reverse()) this.unloadPage(record)
    for (const record of [...this.aliveTabs.values()]) this.unloadPage(record)
    this.stack = []
  }

  private resolveUrl(url: string): { route: string; query: Record<string, string> } {
    const [rawPath, rawQuery = ''] = url.split('?')
    const from = this.stack[this.stack.length - 1]?.route ?? ''
    const route = rawPath.startsWith('/') ? rawPath.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), rawPath))
    const query: Record<string, string> = {}
    for (const pair of rawQuery.split('&')) {
      if (!pair) continue
      const eq = pair.indexOf('=')
      // The frameworks hand query values to onLoad as they appear in the URL (no decoding).
      if (eq === -1) query[pair] = ''
      else query[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    return { route, query }
  }

  private async navigate(kind: NavigationKind, opts: AnyRecord): Promise<void> {
    const url = typeof opts.url === 'string' ? opts.url : ''
    await new Promise<void>((resolve, reject) => {
      this.clock.schedule(
        () => {
          try {
            this.performNavigation(kind, opts, url)
            this.navigations.push({ kind, url, ok: true, at: this.clock.now() })
            resolve()
          } catch (err) {
            const { message } = describeError(err)
            this.navigations.push({ kind, url, ok: false, error: message, at: this.clock.now() })
            reject(new Error(message))
          }
        },
        0,
        `${kind} ${url}`,
      )
    })
  }

  private performNavigation(kind: NavigationKind, opts: AnyRecord, url: string): void {
    const top = this.stack[this.stack.length - 1]
    if (kind === 'navigateBack') {
      if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.')
      const delta = Math.min(Math.max(1, Number(opts.delta) || 1), this.stack.length - 1)
      for (let i = 0; i < delta; i++) {
        const popped = this.stack.pop()
        if (popped) this.unloadPage(popped)
      }
      const newTop = this.stack[this.stack.length - 1]
      if (newTop) this.showPage(newTop)
      return
    }
    const { route, query } = this.resolveUrl(url)
    if (!allPages(this.appJson).includes(route)) throw new Error(`page "${route}" is not found`)
    const isTab = this.isTab(route)
    switch (kind) {
      case 'navigateTo':
        if (isTab) throw new Error('can not navigateTo a tabbar page')
        if (this.stack.length >= 10) throw new Error('webview count limit exceed')
        if (top) this.hidePage(top)
        this.loadPage(route, query)
        return
      case 'redirectTo':
        if (isTab) throw new Error('can not redirectTo a tabbar page')
        if (top) {
          this.stack.pop()
          this.unloadPage(top)
        }
        this.loadPage(route, query)
        return
      case 'switchTab': {
        if (!isTab) throw new Error('can not switch to no-tabBar page')
        for (const record of [...this.stack].reverse()) {
          if (this.isTab(record.route) && this.aliveTabs.get(record.route) === record) this.hidePage(record)
          else this.unloadPage(record)
        }
        this.stack = []
        const alive = this.aliveTabs.get(route)
        if (alive) {
          this.stack.push(alive)
          this.showPage(alive)
        } else {
          this.loadPage(route, {})
        }
        return
      }
      case 'reLaunch':
        this.unloadAll()
        this.loadPage(route, query)
        return
    }
  }

  // ---- setData & custom components ------------------------------------------------------------------------

  private applySetData(owner: Owner, data: unknown, cb: unknown): void {
    if (!isRecord(data)) throw this.realm.error('setData expects an object')
    const json = JSON.stringify(data)
    const cloned = this.realm.parse(json) as AnyRecord
    const keys = Object.keys(data)
    const touched: PathSegment[][] = []
    for (const key of keys) {
      if (!(key in cloned)) {
        this.warn(`setData: "${key}" is undefined on ${owner.page.route} (${owner.label}); the framework ignores it`)
        continue
      }
      setDataPath(owner.instance.data as AnyRecord, key, cloned[key], { array: this.realm.array, object: this.realm.object })
      touched.push(parseDataPath(key))
    }
    this.logSetData(owner, Buffer.byteLength(json, 'utf8'), keys)
    this.syncComponents(owner, touched)
    if (typeof cb === 'function') {
      this.clock.schedule(() => (cb as () => void).call(owner.instance), 0, `setData callback (${owner.page.route})`)
    }
  }

  private applySpliceData(owner: Owner, data: unknown, cb: unknown): void {
    if (!isRecord(data)) throw this.realm.error('$spliceData expects an object')
    const json = JSON.stringify(data)
    const cloned = this.realm.parse(json) as Record<string, unknown[]>
    for (const [key, args] of Object.entries(cloned)) {
      const segments = parseDataPath(key)
      let target: unknown = owner.instance.data
      for (const seg of segments) target = isRecord(target) ? (target as AnyRecord)[seg] : undefined
      if (!Array.isArray(target)) {
        setDataPath(owner.instance.data as AnyRecord, key, this.realm.array(), { array: this.realm.array, object: this.realm.object })
        target = segments.reduce<unknown>((t, s) => (t as AnyRecord)[s], owner.instance.data)
      }
      const [start, deleteCount, ...items] = args
      const list = target as unknown[]
      list.splice(Number(start), Number(deleteCount), ...items)
    }
    this.logSetData(owner, Buffer.byteLength(json, 'utf8'), Object.keys(data))
    this.syncComponents(owner, Object.keys(data).map(parseDataPath))
    if (typeof cb === 'function') this.clock.schedule(() => (cb as () => void).call(owner.instance), 0, '$spliceData callback')
  }

  private logSetData(owner: Owner, bytes: number, keys: string[]): void {
    this.setDataLog.push({ page: owner.page.route, target: owner.label, label: this.label, bytes, keys, at: this.clock.now(), pageInstance: owner.page.id })
    if (bytes > 1024 * 1024) {
      this.recordError('setData', `${owner.page.route} (${owner.label}) sent ${bytes} bytes in one setData — over the 1 MB the frameworks accept`)
    }
  }

  private componentRoot(comp: ComponentRecord): AnyRecord | undefined {
    const data = comp.instance.data as AnyRecord
    if (isRecord(data.i)) return data.i
    const props = comp.instance.props
    return isRecord(props) && isRecord(props.i) ? props.i : undefined
  }

  /**
   * After an owner's setData, attach the custom-wrapper components that appeared in its tree, hand changed
   * nodes to existing ones as their new `i` property, and detach the ones that are gone — what the framework
   * does while rendering. Nested wrappers belong to the wrapper that renders them.
   */
  private syncComponents(owner: Owner, touched: PathSegment[][]): void {
    const found = new Map<string, { node: AnyRecord; path: PathSegment[] }>()
    const visit = (nodes: unknown, at: PathSegment[]) => {
      if (!Array.isArray(nodes)) return
      nodes.forEach((node, index) => {
        if (!isRecord(node)) return
        const here = [...at, 'cn', index]
        if (node.nn === CUSTOM_WRAPPER && typeof node.sid === 'string') found.set(node.sid, { node, path: here })
        else visit(node.cn, here)
      })
    }
    if (owner.kind === 'page') {
      const root = (owner.instance.data as AnyRecord).root
      visit(isRecord(root) ? root.cn : undefined, ['root'])
    } else {
      visit(this.componentRoot(owner as ComponentRecord)?.cn, ['i'])
    }
    for (const [sid, { node, path: nodePath }] of found) {
      const existing = owner.children.get(sid)
      if (!existing) this.attachComponent(owner, sid, node)
      else if (touched.some((key) => pathsOverlap(key, nodePath))) this.updateComponentProps(existing, node)
    }
    for (const [sid, child] of [...owner.children]) {
      if (!found.has(sid)) this.detachComponent(child)
    }
  }

  private attachComponent(owner: Owner, sid: string, node: AnyRecord): void {
    const compPath = owner.usingComponents[CUSTOM_WRAPPER]
    const config = compPath ? this.loadComponentModule(compPath) : undefined
    if (!compPath || !config) {
      this.recordError('component', `<${CUSTOM_WRAPPER}> (sid ${sid}) on ${owner.page.route} is not registered in usingComponents`)
      return
    }
    const record: ComponentRecord = {
      kind: 'component',
      page: owner.page,
      instance: {},
      label: `${CUSTOM_WRAPPER}#${sid}`,
      children: new Map(),
      usingComponents: this.usingComponentsOf(compPath),
      sid,
      path: compPath,
      config,
      parent: owner,
    }
    const methods = isRecord(config.methods) ? config.methods : {}
    const instance: AnyRecord = {
      ...methods,
      is: compPath,
      id: typeof node.uid === 'string' ? node.uid : sid,
      dataset: { sid },
      setData: (data: unknown, cb?: unknown) => this.applySetData(record, data, cb),
      triggerEvent: () => undefined,
      selectComponent: () => null,
      createSelectorQuery: () => (this.platformApi.api.createSelectorQuery as () => unknown)(),
    }
    const data = this.realm.parse(JSON.stringify(config.data ?? {})) as AnyRecord
    const props = { i: this.realm.parse(JSON.stringify(node)), l: '' } as AnyRecord
    // WeChat puts property values into `data`; for Alipay we assume the same for declared `properties`
    // (see the report: unverified on a device) and also expose `props`.
    if (isRecord(config.properties)) for (const key of Object.keys(config.properties)) data[key] = props[key]
    instance.data = data
    if (this.platform === 'weapp') {
      instance.properties = data
    } else {
      instance.props = props
      instance.$spliceData = (d: unknown, cb?: unknown) => this.applySpliceData(record, d, cb)
    }
    record.instance = instance
    owner.children.set(sid, record)
    const lifetimes = isRecord(config.lifetimes) ? config.lifetimes : {}
    const hook = (name: string) => lifetimes[name] ?? config[name]
    if (this.platform === 'weapp') {
      this.callFn(hook('created'), instance, [], `${record.label}.created`)
      this.callFn(hook('attached'), instance, [], `${record.label}.attached`)
      this.callFn(hook('ready'), instance, [], `${record.label}.ready`)
    } else {
      this.callFn(config.onInit, instance, [], `${record.label}.onInit`)
      this.callFn(config.deriveDataFromProps, instance, [props], `${record.label}.deriveDataFromProps`)
      this.callFn(config.didMount, instance, [], `${record.label}.didMount`)
    }
    this.syncComponents(record, [['i']])
  }

  private updateComponentProps(comp: ComponentRecord, node: AnyRecord): void {
    const value = this.realm.parse(JSON.stringify(node))
    const data = comp.instance.data as AnyRecord
    if (this.platform === 'weapp') {
      data.i = value
    } else {
      const nextProps = { ...(comp.instance.props as AnyRecord), i: value }
      this.callFn(comp.config.deriveDataFromProps, comp.instance, [nextProps], `${comp.label}.deriveDataFromProps`)
      comp.instance.props = nextProps
      if (isRecord(comp.config.properties) && 'i' in comp.config.properties) data.i = value
    }
    this.syncComponents(comp, [['i']])
  }

  private detachComponent(comp: ComponentRecord): void {
    for (const child of [...comp.children.values()]) this.detachComponent(child)
    const lifetimes = isRecord(comp.config.lifetimes) ? comp.config.lifetimes : {}
    if (this.platform === 'weapp') this.callFn(lifetimes.detached ?? comp.config.detached, comp.instance, [], `${comp.label}.detached`)
    else this.callFn(comp.config.didUnmount, comp.instance, [], `${comp.label}.didUnmount`)
    comp.parent.children.delete(comp.sid)
  }

  /** Nodes whose nn has no template in base.wxml/axml render nothing on a device. */
  private validateTree(page: PageRecord): void {
    if (this.templates.size === 0 || page.state === 'unloaded') return
    const missing = new Set<string>()
    for (const { node } of this.walk(page)) {
      const nn = String(node.nn)
      if (nn !== CUSTOM_WRAPPER && !this.templates.has(nn)) missing.add(nn)
    }
    for (const nn of missing) {
      this.recordError('template', `${page.route}: node nn="${nn}" has no template tmpl_0_${nn} in the base template — it would not render`)
    }
  }

  /** The event object the platform hands to `eh` (see the report for how Alipay's differs). */
  private mpEvent(type: string, target: TreeEntry, current: TreeEntry, detail: AnyRecord | undefined): AnyRecord {
    const idOf = (n: AnyRecord) => String(n.uid ?? n.sid)
    const timeStamp = this.clock.now() - this.bootAt
    const touch = { identifier: 0, pageX: 0, pageY: 0, clientX: 0, clientY: 0, force: 1 }
    const touches = type === 'tap' ? { touches: [touch], changedTouches: [touch] } : {}
    if (this.platform === 'weapp') {
      return {
        type,
        timeStamp,
        target: { id: idOf(target.node), offsetLeft: 0, offsetTop: 0, dataset: { sid: target.node.sid } },
        currentTarget: { id: idOf(current.node), offsetLeft: 0, offsetTop: 0, dataset: { sid: current.node.sid } },
        detail: detail ?? { x: 0, y: 0 },
        ...touches,
        mark: {},
        mut: false,
        ...(type === 'tap' ? { _userTap: true } : {}),
      }
    }
    // Alipay (documented BaseEvent): no currentTarget; target.dataset is the dataset of the element the
    // handler is bound to, target.targetDataset the one of the element actually tapped. Taro reads both.
    const tagOf = (e: TreeEntry) => this.templates.get(String(e.node.nn))?.tag ?? 'view'
    return {
      type,
      timeStamp,
      target: { id: idOf(target.node), tagName: tagOf(current), dataset: { sid: current.node.sid }, targetDataset: { sid: target.node.sid } },
      detail: detail ?? { pageX: 0, pageY: 0, clientX: 0, clientY: 0 },
      ...touches,
    }
  }

  // ---- timers, errors, console ----------------------------------------------------------------------------

  private setTimer(fn: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    if (typeof fn !== 'function') throw this.realm.error(`${repeat ? 'setInterval' : 'setTimeout'} expects a function`)
    const ms = Number(delay) || 0
    const label = `${repeat ? 'setInterval' : 'setTimeout'}(${ms})`
    return this.clock.schedule(() => (fn as (...a: unknown[]) => void)(...args), ms, label, repeat ? ms : undefined)
  }

  private runTask(task: TimerTask): void {
    try {
      task.run()
    } catch (err) {
      this.reportUncaught(`uncaught (${task.label})`, err)
    }
  }

  /** An error thrown into the framework: recorded, then App.onError and wx.onError listeners, like a device. */
  private reportUncaught(source: string, err: unknown): void {
    this.recordError(source, err)
    const { message, stack } = describeError(err)
    const text = stack ?? message
    if (this.appOnError) {
      const onError = this.appOnError
      try {
        onError(text)
      } catch (inner) {
        this.recordError('App.onError threw', inner)
      }
    }
    this.platformApi.emit('Error', text)
  }

  private guard<T>(source: string, fn: () => T): T | undefined {
    try {
      return fn()
    } catch (err) {
      this.reportUncaught(source, err)
      return undefined
    }
  }

  private callHook(target: AnyRecord, name: string, args: unknown[], source: string): void {
    this.callFn(target[name], target, args, source)
  }

  private callFn(fn: unknown, self: AnyRecord, args: unknown[], source: string): void {
    if (typeof fn !== 'function') return
    this.guard(source, () => (fn as (...a: unknown[]) => unknown).apply(self, args))
  }

  /** @internal */
  recordError(source: string, err: unknown): void {
    const { message, stack } = describeError(err)
    const error: MiniError = { source, message, stack, page: this.stack[this.stack.length - 1]?.route, label: this.label, at: this.clock.now() }
    if (this.options.ignoreError?.(error)) return
    this.errors.push(error)
    if (this.verbose) console.error(`[mini ${this.platform}] ${source}: ${stack ?? message}`)
  }

  private warn(message: string): void {
    this.warnings.push(message)
    if (this.verbose) console.warn(`[mini ${this.platform}] ${message}`)
  }

  /** After an action: check what the current page now shows, then fail with every new error. */
  private finishAction(since: number, action: string): void {
    const top = this.stack[this.stack.length - 1]
    if (top) this.validateTree(top)
    this.throwIfErrors(since, action)
  }

  private throwIfErrors(since: number, action: string): void {
    const fresh = this.errors.slice(since)
    if (fresh.length > 0) throw new Error(`${this.platform}: ${action} failed with ${fresh.length} error(s):\n${formatErrors(fresh)}`)
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('the mini harness was closed')
  }

  private makeConsole(): AnyRecord {
    const log = (level: string) => (...args: unknown[]) => {
      const message = util.format(...args)
      this.logs.push({ level, message, at: this.clock.now() })
      if (level === 'error') {
        const err = args.find((a) => util.types.isNativeError(a)) as Error | undefined
        this.recordError('console.error', err ? Object.assign(new Error(message), { stack: err.stack }) : message)
      } else if (this.verbose) {
        console.log(`[mini ${this.platform} ${level}] ${message}`)
      }
    }
    return {
      log: log('log'),
      info: log('info'),
      debug: log('debug'),
      warn: log('warn'),
      error: log('error'),
      trace: log('trace'),
      group: log('log'),
      groupCollapsed: log('log'),
      groupEnd: () => undefined,
      time: () => undefined,
      timeEnd: () => undefined,
      table: log('log'),
      assert: (cond: unknown, ...args: unknown[]) => {
        if (!cond) log('error')('Assertion failed:', ...args)
      },
    }
  }

  private launchOptions(): AnyRecord {
    return {
      path: this.options.launch?.path ?? this.appJson.pages[0],
      query: this.options.launch?.query ?? {},
      scene: this.options.launch?.scene ?? 1001,
      referrerInfo: {},
    }
  }

  private platformHost(): PlatformHost {
    return {
      platform: this.platform,
      now: () => this.clock.now(),
      deliver: (fn) => {
        this.clock.schedule(fn, 0, 'api callback')
      },
      track: <T>(promise: Promise<T>) => {
        this.pendingHost++
        return promise.finally(() => {
          this.pendingHost--
        })
      },
      toRealm: <T>(value: T): T => (value === undefined ? value : (this.realm.parse(JSON.stringify(value)) as T)),
      realmPromise: <T>(executor: (resolve: (v: T) => void, reject: (e: unknown) => void) => void) => new this.realm.Promise<T>(executor),
      realmError: (message) => this.realm.error(message),
      recordError: (source, error) => this.recordError(source, error),
      warn: (message) => this.warn(message),
      navigate: (kind, opts) => this.navigate(kind, opts),
      queryNode: (selector) => {
        const top = this.stack[this.stack.length - 1]
        if (!top || !selector.startsWith('#')) return null
        const id = selector.slice(1)
        const entry = this.walk(top).find((e) => e.node.uid === id || e.node.sid === id)
        return entry ? { id: String(entry.node.uid ?? entry.node.sid), dataset: { sid: entry.node.sid } } : null
      },
    }
  }
}

async function flushHost(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
}

export function formatErrors(errors: MiniError[]): string {
  return errors
    .map((e) => {
      const where = [e.page, e.label].filter(Boolean).join(' · ')
      const message = e.message.split('\n').slice(0, 8).join('\n')
      const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 5)
      const stack = frames.length > 0 && !message.includes(frames[0].trim()) ? `\n${frames.join('\n')}` : ''
      return `  [${e.source}] ${message}${where ? ` (${where})` : ''}${stack}`
    })
    .join('\n')
}

/** Boot the bundle: load app.js, run App onLaunch/onShow, settle. Rejects (and closes) on any error. */
export async function bootMini(options: BootOptions): Promise<MiniHarness> {
  const harness = new MiniHarness(options)
  try {
    await harness.launch()
  } catch (err) {
    await harness.close()
    throw err
  }
  return harness
}

/** Fail with every recorded error (for assertions outside open/tap). */
/** Boots a bundle and accepts the privacy notice on home, as a member does on first launch. */
export async function bootConsented(options: BootOptions): Promise<MiniHarness> {
  const h = await bootMini(options)
  try {
    await (await h.open('pages/home/index')).tap('privacy-agree')
    return h
  } catch (e) {
    await h.close()
    throw e
  }
}

export function expectNoErrors(h: MiniHarness): void {
  if (h.errors.length > 0) throw new Error(`${h.platform}: ${h.errors.length} error(s) recorded:\n${formatErrors(h.errors)}`)
}
