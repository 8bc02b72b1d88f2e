/**
 * Offline on the H5 demo build (issue 13 item 14), with Playwright's `context.setOffline`: the page shell shows an
 * offline banner as the connection drops and hides it when it is back; a task claim made offline fails like a
 * network failure (the error toast, the task still 领取) and nothing changed — it is still claimable once back
 * online; and a reload with no connection opens the app from the service worker's cache, with its banner, instead
 * of the browser's error page. The worker keeps the app's own files only, never an API answer.
 */
import { existsSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { consentedPage, type E2E, H5_DIST, screenshot, startE2E, toast, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
jest.setTimeout(90_000)

const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai
const GUIDE_TASK = '#task-button-daily-guide-read'
/** The app's page (index.html) as the server answers for it. */
const PAGE = /^http:\/\/[^/]+\/(index\.html)?(\?[^#]*)?$/

async function label(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).innerText()).trim()
}

/** In the page: every script and style it has fetched is in the shell cache (the worker keeps them once it runs). */
async function shellCached(): Promise<boolean> {
  if (!navigator.serviceWorker?.controller) return false
  const fetched = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((url) => /\.(js|css)$/.test(new URL(url).pathname))
  const hits = await Promise.all([...fetched, new URL('./', location.href).href].map((url) => caches.match(url)))
  return fetched.length > 0 && hits.every(Boolean)
}

/** In the page: the build's list of the tab pages' files (config/shell-files.ts), each in the shell cache. */
async function tabsCached(): Promise<boolean> {
  if (!navigator.serviceWorker?.controller) return false
  const files = (await (await fetch('./shell-files.json', { cache: 'no-store' })).json()) as string[]
  const hits = await Promise.all(files.map((file) => caches.match(new URL(file, location.href).href)))
  return files.length > 0 && hits.every(Boolean)
}

describeBuilt('offline on the H5 demo', () => {
  let e2e: E2E
  let page: Page
  let context: BrowserContext

  beforeAll(async () => {
    e2e = await startE2E()
    page = await consentedPage(e2e, NOW)
    context = page.context()
    await page.locator('#tier-name').waitFor()
  })
  afterAll(async () => {
    await context?.setOffline(false)
    await e2e?.close()
  })

  test('the shell shows an offline banner while the connection is down', async () => {
    expect(await page.locator('#network-banner').count()).toBe(0)
    await context.setOffline(true)
    const banner = page.locator('#page-home #network-banner')
    await banner.waitFor()
    await expect(banner.innerText()).resolves.toContain('网络已断开')
    await expect(banner.getAttribute('role')).resolves.toBe('status')
    await screenshot(page, 'h5-offline-banner')
    await context.setOffline(false)
    await banner.waitFor({ state: 'detached' })
  })

  test('a task claim made offline fails like the network and changes nothing', async () => {
    // Reading the guide completes its daily task (the page reports the read as it shows).
    await visit(page, e2e.server, 'packages/member/guide/index')
    await page.locator('#page-guide').waitFor()
    let state = ''
    for (let attempt = 0; attempt < 10 && state !== '领取'; attempt++) {
      if (attempt > 0) await page.waitForTimeout(300)
      await visit(page, e2e.server, 'pages/tasks/index')
      await page.locator(GUIDE_TASK).waitFor()
      state = await label(page, GUIDE_TASK)
    }
    expect(state).toBe('领取')

    await context.setOffline(true)
    await page.locator('#page-tasks #network-banner').waitFor()
    await page.locator(GUIDE_TASK).click()
    // The client retries a keyed POST twice (0.3 s, 0.9 s), then says what failed.
    await toast(page, /网络不给力/)
    // Done trying: the button is no longer busy (Taro's H5 button takes `loading` as a property under Preact, an
    // attribute under React) and still offers 领取.
    await page.waitForFunction((sel) => {
      const el = document.querySelector<HTMLElement & { loading?: boolean }>(sel)
      return !!el && el.loading !== true && el.getAttribute('loading') !== 'true' && el.textContent?.trim() === '领取'
    }, GUIDE_TASK)

    await context.setOffline(false)
    await page.locator('#page-tasks #network-banner').waitFor({ state: 'detached' })
    // Back online the page loads again by itself: the task is still there to claim, and claiming it works.
    await page.waitForTimeout(300)
    await expect(label(page, GUIDE_TASK)).resolves.toBe('领取')
    await page.locator(GUIDE_TASK).click()
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '已领取', GUIDE_TASK)
  })

  test('a reload offline opens the app from the service worker cache, with its offline banner', async () => {
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#tier-name').waitFor()
    // The worker keeps what this visit fetched; wait until it has (it is handed the list after the page loaded).
    await page.waitForFunction(shellCached, undefined, { timeout: 15_000, polling: 250 })

    await context.setOffline(true)
    await page.reload()
    // The demo member's card, not the browser's error page: the shell came from the cache…
    await page.locator('#page-home #tier-name').waitFor()
    // …for there is no network: a file the worker does not keep cannot be fetched.
    await expect(page.evaluate(() => fetch(`./not-kept.txt?${Math.random()}`).then(() => 'fetched', () => 'failed'))).resolves.toBe('failed')
    // Chromium's emulation does not carry navigator.onLine into a reloaded document (it reads true while every fetch
    // fails; a browser really offline reads false, which the banner follows at start), so the offline state is told
    // to this document again.
    await context.setOffline(false)
    await context.setOffline(true)
    await page.locator('#page-home #network-banner').waitFor()
    await screenshot(page, 'h5-offline-reload')

    const kept = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith('shell-') && n !== 'shell-meta')
      return (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat()
    })
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.some((p) => p.includes('/api/'))).toBe(false)
    await context.setOffline(false)
  })

  test('every tab opens offline, even one this visit never opened', async () => {
    // A visit that only saw home: the worker kept the other tabs' files when it installed.
    const visit = await consentedPage(e2e, NOW)
    await visit.locator('#tier-name').waitFor()
    await visit.waitForFunction(tabsCached, undefined, { timeout: 15_000, polling: 250 })
    // Everything the tabs fetch from here on is answered by the worker, or fails.
    const served: string[] = []
    visit.on('response', (response) => {
      if (response.fromServiceWorker() && /\.js$/.test(new URL(response.url()).pathname)) served.push(response.url())
    })
    await visit.context().setOffline(true)
    for (const [tab, id] of [['任务', '#page-tasks'], ['我的', '#page-me']]) {
      await visit.locator('.weui-tabbar__item', { hasText: tab }).click()
      await visit.locator(`${id} #network-banner`).waitFor()
    }
    expect(await visit.getByRole('alertdialog', { name: '页面加载失败' }).count()).toBe(0)
    // Their code was not part of this visit: the worker kept it when it installed.
    expect(served.length).toBeGreaterThanOrEqual(2)
    await visit.context().close()
  })

  test('each deployment starts a generation of the cache; only the current and the previous one are kept', async () => {
    const generations = () => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('shell-') && n !== 'shell-meta').sort())
    const first = await generations()
    expect(first).toHaveLength(1)
    // Three deployments: the same files under a different index.html each time (a new build's page differs).
    for (const deployment of [1, 2, 3]) {
      // The worker fetches the page: routed on the context, which sees the worker's requests too.
      await context.route(PAGE, async (route) => {
        const response = await route.fetch()
        await route.fulfill({ response, body: `${await response.text()}<!-- deployment ${deployment} -->` })
      })
      await page.reload()
      await page.locator('#tier-name').waitFor()
      await context.unroute(PAGE)
      // The worker files the page after answering it, and drops the generation before the previous one after that
      // (up to 15 s: a loaded CI machine has taken more than 4).
      const want = Math.min(deployment + 1, 2)
      for (let i = 0; i < 150 && (await generations()).length !== want; i++) await page.waitForTimeout(100)
      expect(await generations()).toHaveLength(want)
    }
    const last = await generations()
    expect(last).toHaveLength(2)
    expect(last).not.toContain(first[0])
    // The files the app still uses came forward into the current generation: a reload offline still opens it.
    await page.waitForFunction(shellCached, undefined, { timeout: 15_000, polling: 250 })
    await context.setOffline(true)
    await page.reload()
    await page.locator('#page-home #tier-name').waitFor()
    await context.setOffline(false)
  })
})
