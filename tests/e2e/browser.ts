/**
 * Headless Chromium driven by playwright-core, against dist/h5 served on localhost.
 * `npx playwright install` cannot run here: scripts/chromium.ts finds the system browser (CHROMIUM_PATH wins).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromiumExecutable, launchChromium, throttleCpu } from '../../scripts/chromium'
import { startStaticServer, type StaticServer } from '../../scripts/serve'

export const ROOT = path.resolve(__dirname, '../..')
export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts/screenshots')
export const H5_DIST = path.join(ROOT, 'dist/h5')

export interface E2E {
  browser: Browser
  server: StaticServer
  /**
   * A page in a context of its own: a phone of 375×667 CSS px unless told another size. `serviceWorkers: 'block'`
   * keeps the shell worker out (a request it answers never reaches `page.route`).
   */
  newPage(viewport?: { width: number; height: number }, options?: { serviceWorkers?: 'allow' | 'block' }): Promise<Page>
  close(): Promise<void>
}

/**
 * Starts the server and the browser; if the browser cannot start, the server is closed before the error surfaces.
 * Serves the demo build unless told another (`root`), with `/api/` forwarded to `apiOrigin` when given.
 */
export async function startE2E(options: { root?: string; apiOrigin?: string } = {}): Promise<E2E> {
  chromiumExecutable() // a missing browser is reported before a server is started
  const server = await startStaticServer(options.root ?? H5_DIST, 0, '127.0.0.1', { apiOrigin: options.apiOrigin })
  let browser: Browser
  try {
    browser = await launchChromium(['--disable-quic'])
  } catch (e) {
    // An open server would keep Jest from exiting after the failed suite.
    await server.close()
    throw e
  }
  const pageErrors: string[] = []
  return {
    browser,
    server,
    async newPage(viewport = { width: 375, height: 667 }, { serviceWorkers = 'allow' } = {}) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', serviceWorkers })
      const page = await context.newPage()
      page.on('pageerror', (e) => pageErrors.push(e.message))
      return throttleCpu(page)
    },
    async close() {
      try {
        await browser.close()
      } finally {
        await server.close()
      }
      if (pageErrors.length) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`)
    },
  }
}

export function pageUrl(server: StaticServer, route: string): string {
  return `${server.url}/#/${route.replace(/^\//, '')}`
}

/**
 * Opens `route` as a member typing its address would, once the page shown has finished arriving. Taro's H5 router hides
 * the page under a newly opened one 350 ms after opening it and never cancels that: going back to that page sooner shows
 * it and then hides it, a blank screen (seen on a slower machine when a test began right after the last one opened a page).
 */
export async function visit(page: Page, server: StaticServer, route: string): Promise<void> {
  await settled(page)
  await page.goto(pageUrl(server, route))
}

/** The browser's back, as a member presses it, once the page shown has finished arriving (see visit). */
export async function back(page: Page): Promise<void> {
  await settled(page)
  await page.goBack()
}

/** One page shown, its transition over: the router has nothing left to do to the pages under it. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('.taro_router > .taro_page:not(.taro_page_shade)')]
    return shown.length === 0 || (shown.length === 1 && shown[0].classList.contains('taro_page_stationed'))
  })
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // Let page transitions and sheets finish sliding in.
  await page.waitForTimeout(450)
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) })
}

/** Every page route of the app, main package and subpackages, from the built app config. */
export function appPages(config: { pages: string[]; subPackages?: { root: string; pages: string[] }[] }): string[] {
  return [...config.pages, ...(config.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
}

/** A page of a new browser (own storage, so its own embedded backend) on a fixed clock, the privacy notice accepted. */
export async function consentedPage(e2e: E2E, now: Date, route = 'pages/home/index', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await e2e.newPage(viewport)
  await page.clock.setFixedTime(now)
  await visit(page, e2e.server, route)
  await page.locator('#privacy-agree').click()
  await page.getByText('隐私保护提示').waitFor({ state: 'detached' })
  return page
}

/** The number a page shows in `selector` (its first match), digits and sign only. */
export async function number(page: Page, selector: string): Promise<number> {
  return Number((await page.locator(selector).first().innerText()).replace(/[^\d-]/g, ''))
}

/** Taro's H5 toast is a zero-size box around fixed children, so wait on its style and text, not its box. */
export async function toast(page: Page, text: RegExp): Promise<void> {
  await page.waitForFunction(
    (source) => [...document.querySelectorAll<HTMLElement>('.taro__toast')].some((t) => t.style.display !== 'none' && new RegExp(source).test(t.textContent ?? '')),
    text.source,
  )
}
