/**
 * The harness itself: setData path semantics, failure detection (lifecycle throws, unhandled rejections,
 * console.error, React render errors in real Taro output), tap dispatch (bubbling, catch, disabled buttons,
 * open-type) and navigation — on a hand-written fixture (fixtures/basic) and on copies of the real build.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type AnyRecord } from './fake-platform'
import { bootMini, distDirFor, type MiniHarness, type Platform } from './harness'
import { parseDataPath, setDataPath } from './set-data-path'

const FIXTURE = path.join(__dirname, 'fixtures', 'basic')
const PLATFORMS: Platform[] = ['weapp', 'alipay']

const open: MiniHarness[] = []
async function boot(platform: Platform, distDir = FIXTURE, extra: Partial<Parameters<typeof bootMini>[0]> = {}): Promise<MiniHarness> {
  const h = await bootMini({ platform, distDir, ...extra })
  open.push(h)
  return h
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()))
})

describe('setData data paths', () => {
  test('parses Taro keys, WeChat keys and nested indexes', () => {
    expect(parseDataPath('root.cn.[0].cn.[2].v')).toEqual(['root', 'cn', 0, 'cn', 2, 'v'])
    expect(parseDataPath('root.cn[0].cn[2].v')).toEqual(['root', 'cn', 0, 'cn', 2, 'v'])
    expect(parseDataPath('i.cn.[3]')).toEqual(['i', 'cn', 3])
    expect(parseDataPath('matrix[1][2].x')).toEqual(['matrix', 1, 2, 'x'])
    expect(parseDataPath('root')).toEqual(['root'])
    expect(() => parseDataPath('list[x]')).toThrow(/bad index/)
    expect(() => parseDataPath('')).toThrow(/empty/)
  })

  test('sets deep paths in place, replacing only the addressed value', () => {
    const kept = { nn: '9', sid: '_a', v: 'a' }
    const data: AnyRecord = { root: { cn: [{ nn: '3', sid: '_p', cn: [kept, { nn: '9', sid: '_b', v: 'b' }, { nn: '9', sid: '_c', v: 'c' }] }] } }
    setDataPath(data, 'root.cn.[0].cn.[2].v', 'C')
    setDataPath(data, 'root.cn.[0].cl', 'box')
    setDataPath(data, 'root.cn.[1]', { nn: '9', sid: '_d', v: 'new sibling' })
    const root = data.root as { cn: AnyRecord[] }
    const first = root.cn[0] as { cn: AnyRecord[]; cl: string }
    expect(first.cn[2].v).toBe('C')
    expect(first.cn[0]).toBe(kept)
    expect(first.cl).toBe('box')
    expect(root.cn[1]).toEqual({ nn: '9', sid: '_d', v: 'new sibling' })
  })

  test('creates missing containers: arrays before an index, objects otherwise; replaces primitives', () => {
    const data: AnyRecord = { flag: 1 }
    setDataPath(data, 'a.b[1].c', 'x')
    setDataPath(data, 'flag.deep', true)
    expect(Array.isArray((data.a as AnyRecord).b)).toBe(true)
    expect(((data.a as AnyRecord).b as unknown[])[1]).toEqual({ c: 'x' })
    expect(data.flag).toEqual({ deep: true })
  })

  test('a whole Taro update (reset a child list, then patch inside the new list) applies in key order', () => {
    const data: AnyRecord = { root: { cn: [] } }
    setDataPath(data, 'root.cn', [{ nn: '3', sid: '_1', cn: [{ nn: '9', sid: '_2', v: 'old' }] }])
    setDataPath(data, 'root.cn.[0].cn.[0].v', 'new')
    expect(data).toEqual({ root: { cn: [{ nn: '3', sid: '_1', cn: [{ nn: '9', sid: '_2', v: 'new' }] }] } })
  })
})

describe.each(PLATFORMS)('fixture bundle on %s', (platform) => {
  test('boots, runs App onLaunch with launch options, opens a page and renders its setData', async () => {
    const h = await boot(platform)
    expect((h.appInstance?.launchOptions as AnyRecord).path).toBe('pages/ok/index')
    const page = await h.open('pages/ok/index', { id: 7 })
    expect(page.instance.query).toEqual({ id: '7' })
    expect(page.text()).toBe('Hello\nCaught\nAgree\nDisabled\nidle\nNo handler here')
    expect(page.firstRenderBytes).toBeGreaterThan(0)
    // 8 elements under the page root (text runs are not elements); catcher > in-catcher is the deepest: root 1, outer 2, catcher 3, in-catcher 4.
    expect(page.elementStats()).toEqual({ nodes: 9, depth: 4 })
    expect(h.setDataLog).toEqual([expect.objectContaining({ page: 'pages/ok/index', target: 'page', keys: ['root.cn'], label: 'open pages/ok/index' })])
    expect(h.errors).toEqual([])
  })

  test('a throw in onLoad fails open() and reaches App.onError', async () => {
    const h = await boot(platform)
    await expect(h.open('pages/boom/index')).rejects.toThrow(/onLoad \(pages\/boom\/index\)\] boom in onLoad/)
    expect(String(h.appInstance?.lastError)).toMatch(/boom in onLoad/)
  })

  test('an unhandled rejection fails open()', async () => {
    const h = await boot(platform)
    await expect(h.open('pages/reject/index')).rejects.toThrow(/\[unhandledrejection\] rejected in onLoad/)
  })

  test('console.error from a timer after the first render fails open()', async () => {
    const h = await boot(platform)
    await expect(h.open('pages/console-error/index')).rejects.toThrow(/\[console.error\] something went wrong later/)
  })

  test('a tap bubbles from the tapped element to the ancestor that binds tap', async () => {
    const h = await boot(platform)
    const page = await h.open('pages/ok/index')
    await page.tap('inner')
    const events = h.appInstance?.events as AnyRecord[]
    expect(events).toHaveLength(1)
    const [event] = events
    expect(event.type).toBe('tap')
    if (platform === 'weapp') {
      expect(event.currentTarget).toMatchObject({ id: 'outer', dataset: { sid: '_1' } })
      expect(event.target).toMatchObject({ id: 'inner', dataset: { sid: '_2' } })
    } else {
      // Alipay: no currentTarget; dataset = bound element, targetDataset = tapped element.
      expect(event.currentTarget).toBeUndefined()
      expect(event.target).toMatchObject({ dataset: { sid: '_1' }, targetDataset: { sid: '_2' } })
    }
    expect(page.findById('status')?.text()).toBe(platform === 'weapp' ? 'tap outer' : 'tap inner')
  })

  test('catch stops the bubbling; elements without any handler refuse the tap; disabled buttons too', async () => {
    const h = await boot(platform)
    const page = await h.open('pages/ok/index')
    await page.tap('in-catcher')
    const events = h.appInstance?.events as AnyRecord[]
    expect(events).toHaveLength(1)
    expect(platform === 'weapp' ? (events[0].currentTarget as AnyRecord).id : ((events[0].target as AnyRecord).dataset as AnyRecord).sid).toBe(
      platform === 'weapp' ? 'catcher' : '_4',
    )
    await expect(page.tap('lonely')).rejects.toThrow(/bind no tap handler/)
    await expect(page.tap('off')).rejects.toThrow(/disabled <button>/)
    await expect(page.tap('missing')).rejects.toThrow(/no element with id "missing"/)
  })

  test('navigateTo pushes a page with its query (undecoded), navigateBack pops it and shows the first again', async () => {
    const h = await boot(platform)
    const first = await h.open('pages/ok/index')
    await first.trigger('goSecond')
    expect(h.pageStack().map((p) => p.route)).toEqual(['pages/ok/index', 'pages/second/index'])
    const second = h.currentPage()
    expect(second?.text()).toBe('second page')
    expect(second?.instance.query).toEqual({ from: 'ok', name: '%E5%B0%8F%E6%98%8E' })
    expect(first.state).toBe('hidden')
    await second?.trigger('back')
    expect(h.currentPage()?.route).toBe('pages/ok/index')
    expect(second?.state).toBe('unloaded')
    expect(first.state).toBe('shown')
    expect(h.navigations.map((n) => `${n.kind}:${n.ok}`)).toEqual(['open:true', 'navigateTo:true', 'navigateBack:true'])
  })

  test('two boots share no module state', async () => {
    const a = await boot(platform)
    const b = await boot(platform)
    await (await a.open('pages/ok/index')).tap('inner')
    expect((a.appInstance?.events as unknown[]).length).toBe(1)
    expect((b.appInstance?.events as unknown[]).length).toBe(0)
    expect(a.appInstance).not.toBe(b.appInstance)
  })

  test('the virtual clock drives Date and timers; Math.random is seeded', async () => {
    const h = await boot(platform, FIXTURE, { now: '2026-11-23T08:00:00Z' })
    expect(h.appInstance?.launchedAt).toBe(Date.parse('2026-11-23T08:00:00Z'))
    await h.advance(60_000)
    expect(h.now()).toBe(Date.parse('2026-11-23T08:01:00Z'))
    const again = await boot(platform)
    expect(again.appInstance?.random).toBe(h.appInstance?.random)
    const other = await boot(platform, FIXTURE, { randomSeed: 7 })
    expect(other.appInstance?.random).not.toBe(h.appInstance?.random)
  })
})

test('weapp: tapping <button open-type="agreePrivacyAuthorization"> grants consent and fires its event', async () => {
  const h = await boot('weapp', FIXTURE, { privacy: { needAuthorization: true } })
  const page = await h.open('pages/ok/index')
  await page.tap('agree')
  expect(h.openTypeTaps).toEqual([expect.objectContaining({ id: 'agree', openType: 'agreePrivacyAuthorization' })])
  // The tap bubbles (button, then the click-view around it), then the framework fires the open-type event.
  const events = h.appInstance?.events as AnyRecord[]
  expect(events.map((e) => `${e.type}@${(e.currentTarget as AnyRecord).id}`)).toEqual(['tap@agree', 'tap@outer', 'agreeprivacyauthorization@agree'])
})

test("alipay: $spliceData splices arrays in the page data and is logged like setData", async () => {
  const h = await boot('alipay')
  const page = await h.open('pages/ok/index')
  await page.trigger('insertNote')
  expect(page.ids().slice(-3)).toEqual(['status', 'note', 'lonely'])
  expect(h.setDataLog[h.setDataLog.length - 1]).toEqual(expect.objectContaining({ keys: ['root.cn'], label: 'insertNote pages/ok/index' }))
})

test('dispatch fires a component event on one element and refuses events the element does not bind', async () => {
  const h = await boot('weapp')
  const page = await h.open('pages/ok/index')
  await page.dispatch('agree', 'agreeprivacyauthorization', { errMsg: 'ok' })
  expect((h.appInstance?.events as AnyRecord[]).map((e) => [e.type, e.detail])).toEqual([['agreeprivacyauthorization', { errMsg: 'ok' }]])
  await expect(page.dispatch('inner', 'input', { value: 'x' })).rejects.toThrow(/does not bind "input"/)
})

// ---- the real Taro build ------------------------------------------------------------------------------

/**
 * Copy dist/<platform> and swap the React component of `route` for `component` (JS source of a function
 * component; `JSX` is the page module's own react/jsx-runtime binding, host elements are tag strings).
 */
const copies: string[] = []
afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true })
})

function distWithComponent(platform: Platform, route: string, component: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mini-${platform}-`))
  copies.push(dir)
  fs.cpSync(distDirFor(platform), dir, { recursive: true })
  const file = path.join(dir, `${route}.js`)
  const source = fs.readFileSync(file, 'utf8')
  const jsx = /\(0,([\w$]+)\.jsxs?\)/.exec(source)?.[1]
  const createPage = new RegExp(`(\\(0,[\\w$]+\\.[\\w$]+\\))\\([\\w$]+,"${route.replace(/\//g, '\\/')}"`)
  if (!jsx || !createPage.test(source)) throw new Error(`${route}.js does not look like a Taro React page module`)
  const replaced = source.replace(createPage, (_m, call: string) => `${call}((function(){var JSX=${jsx};return ${component}})(),"${route}"`)
  fs.writeFileSync(file, replaced)
  return dir
}

const realBuild = PLATFORMS.filter((p) => fs.existsSync(path.join(distDirFor(p), 'app.js')))
for (const missing of PLATFORMS.filter((p) => !realBuild.includes(p))) {
  test.skip(`real Taro build on ${missing} — SKIPPED: no dist/${missing} (run NODE_ENV=production npx taro build --type ${missing})`, () => undefined)
}

/** describe.each refuses an empty table, hence the guard. */
function describeEachBuild(name: string, fn: (platform: Platform) => void): void {
  if (realBuild.length > 0) describe.each(realBuild)(name, fn)
}

describeEachBuild('real Taro build on %s', (platform) => {
  const route = 'pages/home/index'

  test('a React render error in a page component fails open() (error boundary → App.onError, console.error)', async () => {
    const dir = distWithComponent(platform, route, 'function Broken(){throw new Error("injected render failure")}')
    const h = await boot(platform, dir)
    await expect(h.open(route)).rejects.toThrow(/injected render failure/)
    expect(h.errors.map((e) => e.source)).toEqual(expect.arrayContaining(['App.onError', 'console.error']))
  })

  test("a tap reaches React onClick handlers through Taro's eh, bubbling like a device (stopPropagation honoured)", async () => {
    // Each handler appends its name to storage key "probe" through the platform's own sync storage API.
    const component = `function Probe(){
      function log(s){
        if (typeof wx !== "undefined") { var p = wx.getStorageSync("probe"); wx.setStorageSync("probe", p ? p + "," + s : s) }
        else { var q = my.getStorageSync({ key: "probe" }).data; my.setStorageSync({ key: "probe", data: q ? q + "," + s : s }) }
      }
      return (0,JSX.jsx)("view",{id:"probe-outer",onClick:function(){log("outer")},children:[
        (0,JSX.jsx)("text",{id:"probe-inner",onClick:function(){log("inner")},children:"inner"},"a"),
        (0,JSX.jsx)("text",{id:"probe-stop",onClick:function(e){e.stopPropagation();log("stop")},children:"stop"},"b"),
        (0,JSX.jsx)("text",{id:"probe-plain",children:"plain"},"c")
      ]})
    }`
    const h = await boot(platform, distWithComponent(platform, route, component))
    const page = await h.open(route)
    expect(page.text()).toBe('inner\nstop\nplain')
    await page.tap('probe-plain')
    expect(h.storage.probe).toBe('outer')
    await page.tap('probe-inner')
    expect(h.storage.probe).toBe('outer,inner,outer')
    await page.tap('probe-stop')
    expect(h.storage.probe).toBe('outer,inner,outer,stop')
    expect(h.errors).toEqual([])
  })
})

describe.each(PLATFORMS)('fake %s platform', (platform) => {
  const results = (h: MiniHarness) => h.appInstance?.results as { name: string; ok: boolean; res: AnyRecord }[]

  test('requests go to the test handler in the native shape; without one they fail like a network error', async () => {
    const seen: unknown[] = []
    const h = await boot(platform, FIXTURE, {
      request: async (req) => {
        seen.push(req)
        return req.url.endsWith('/conflict')
          ? { statusCode: 409, data: { code: 'ALREADY_SIGNED' }, header: { 'content-type': 'application/json' } }
          : { statusCode: 200, data: '{"name":"小明"}', header: { 'content-type': 'application/json' } }
      },
    })
    const page = await h.open('pages/ok/index')
    const headerKey = platform === 'weapp' ? 'header' : 'headers'
    await page.trigger('call', 'request', { url: 'https://api.test/me', method: 'post', data: { a: 1 }, [headerKey]: { authorization: 'Bearer t' } })
    await page.trigger('call', 'request', { url: 'https://api.test/conflict' })
    expect(seen[0]).toEqual({ platform, url: 'https://api.test/me', method: 'POST', header: { authorization: 'Bearer t' }, data: { a: 1 } })
    const [me, conflict] = results(h)
    if (platform === 'weapp') {
      expect(me).toEqual({ name: 'request', ok: true, res: expect.objectContaining({ statusCode: 200, data: { name: '小明' }, errMsg: 'request:ok' }) })
      expect(conflict).toEqual({ name: 'request', ok: true, res: expect.objectContaining({ statusCode: 409, data: { code: 'ALREADY_SIGNED' } }) })
    } else {
      expect(me).toEqual({ name: 'request', ok: true, res: { status: 200, data: { name: '小明' }, headers: { 'content-type': 'application/json' } } })
      expect(conflict).toEqual({ name: 'request', ok: false, res: expect.objectContaining({ error: 19, status: 409, data: { code: 'ALREADY_SIGNED' } }) })
    }

    const offline = await boot(platform)
    const offlinePage = await offline.open('pages/ok/index')
    await offlinePage.trigger('call', 'request', { url: 'https://api.test/me' })
    expect(results(offline)[0].ok).toBe(false)
    expect(results(offline)[0].res).toEqual(platform === 'weapp' ? expect.objectContaining({ errMsg: expect.stringMatching(/^request:fail/) }) : expect.objectContaining({ error: 12 }))
  })

  test('modals wait for an answer; toasts and loading are recorded', async () => {
    const h = await boot(platform)
    const page = await h.open('pages/ok/index')
    const modalApi = platform === 'weapp' ? 'showModal' : 'confirm'
    await page.trigger('call', modalApi, { title: '确认兑换', content: '将消耗 100 积分' })
    expect(h.modals).toEqual([expect.objectContaining({ title: '确认兑换', content: '将消耗 100 积分', answered: false })])
    expect(results(h)).toEqual([])
    await h.answerModal(false)
    expect(results(h)[0]).toEqual({ name: modalApi, ok: true, res: expect.objectContaining({ confirm: false }) })
    await page.trigger('call', 'showToast', platform === 'weapp' ? { title: '兑换成功', icon: 'success' } : { content: '兑换成功', type: 'success' })
    await page.trigger('call', 'showLoading', platform === 'weapp' ? { title: '加载中' } : { content: '加载中' })
    await page.trigger('call', 'hideLoading')
    expect(h.toasts).toEqual([expect.objectContaining({ title: '兑换成功', icon: 'success' })])
    expect(h.loadings).toEqual([expect.objectContaining({ title: '加载中', hiddenAt: expect.any(Number) })])
  })

  test('storage: seeded values, and what a missing key gives on this platform', async () => {
    const h = await boot(platform, FIXTURE, { storage: { token: 'abc', profile: { name: '小明' } } })
    const get = h.api.getStorageSync as (arg: unknown) => unknown
    if (platform === 'weapp') {
      expect(get('token')).toBe('abc')
      expect(get('profile')).toEqual({ name: '小明' })
      expect(get('missing')).toBe('')
    } else {
      expect(get({ key: 'token' })).toEqual({ data: 'abc' })
      expect(get({ key: 'missing' })).toEqual({ data: null })
    }
  })

  test('navigation rules: tab pages, first page, unknown pages, redirectTo, switchTab', async () => {
    const h = await boot(platform)
    const page = await h.open('pages/ok/index')
    await page.trigger('call', 'navigateTo', { url: '/pages/console-error/index' })
    await page.trigger('call', 'navigateTo', { url: '/pages/nope/index' })
    await page.trigger('call', 'navigateBack', {})
    expect(results(h).map((r) => `${r.name}:${r.ok}`)).toEqual(['navigateTo:false', 'navigateTo:false', 'navigateBack:false'])
    if (platform === 'weapp') expect(results(h)[0].res.errMsg).toBe('navigateTo:fail can not navigateTo a tabbar page')
    await page.trigger('call', 'redirectTo', { url: '/pages/second/index' })
    expect(h.pageStack().map((p) => p.route)).toEqual(['pages/second/index'])
    expect(page.state).toBe('unloaded')

    const tabs = await boot(platform)
    const ok = await tabs.open('pages/ok/index')
    await ok.trigger('goSecond')
    const okAgain = await tabs.open('pages/ok/index')
    expect(okAgain.state).toBe('shown')
    await okAgain.trigger('call', 'switchTab', { url: '/pages/console-error/index' }).catch(() => undefined)
    // pages/console-error logs an error 200 ms after onShow: the harness reports it.
    expect(tabs.errors.map((e) => e.source)).toEqual(['console.error'])
    expect(tabs.pageStack().map((p) => p.route)).toEqual(['pages/console-error/index'])
    expect(okAgain.state).toBe('hidden')
  })

  test('custom-wrapper components own their subtree, get their own setData, follow the page data', async () => {
    const h = await boot(platform)
    const page = await h.open('pages/wrapped/index')
    expect(h.appInstance?.wrappers).toEqual(['attached _w'])
    expect(page.text()).toBe('before wrapper\ninside wrapper')
    await page.tap('inside')
    expect(page.text()).toBe('before wrapper\nclicked inside')
    expect(h.setDataLog[h.setDataLog.length - 1]).toEqual(expect.objectContaining({ target: 'custom-wrapper#_w', keys: ['i.cn.[0].cn.[0].v'] }))
    await page.trigger('replaceWrapper')
    expect(page.text()).toBe('before wrapper\nreplaced by the page')
    await page.trigger('dropWrapper')
    expect(page.text()).toBe('before wrapper')
    expect(h.appInstance?.wrappers).toEqual(['attached _w', 'detached _w'])
  })
})
