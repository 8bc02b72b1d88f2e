/**
 * The H5 first screen (config/first-screen.ts): index.html draws the consent sheet before any script runs, in the
 * very boxes the app's sheet then takes, and the app removes it as it draws its own — so a first visit's largest
 * paint does not wait for the JavaScript, and nothing moves when the app takes over. A visitor who has agreed
 * never sees it.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { type E2E, H5_DIST, startE2E, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip

jest.setTimeout(60_000)

/** The browser's clock, pinned: what the app draws never depends on the day the tests run. */
const NOW = new Date('2026-11-24T02:00:00Z')

/** A page of its own on the pinned clock. */
async function pinnedPage(e2e: E2E, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await e2e.newPage(viewport)
  await page.clock.setFixedTime(NOW)
  return page
}

const PARTS = ['.sheet', '.privacy-sheet__title', '.privacy-sheet__body', '.privacy-sheet__link', '.privacy-sheet__decline', '.privacy-sheet__agree']

/** The boxes of a sheet's mask (`mask`) and of its parts, in CSS px. */
async function boxes(page: Page, mask: string): Promise<Record<string, number[]>> {
  return page.evaluate(
    ({ mask, parts }) => {
      const box = (el: Element) => {
        const r = el.getBoundingClientRect()
        return [r.x, r.y, r.width, r.height].map((n) => Math.round(n))
      }
      const root = document.querySelector(mask)!
      return Object.fromEntries([['mask', box(root)], ...parts.map((p) => [p, box(root.querySelector(p)!)])])
    },
    { mask, parts: PARTS },
  )
}

/** The page as it stands before its scripts run: the app's own scripts never arrive. */
async function withoutApp(page: Page): Promise<void> {
  await page.route('**/js/**', (route) => route.abort())
}

describeBuilt('H5 first screen before the JavaScript', () => {
  let e2e: E2E
  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    await e2e?.close()
  })

  test.each([
    ['a tab page at 375×667', 'pages/home/index', { width: 375, height: 667 }],
    ['a tab page at 412×823 (Lighthouse’s phone)', 'pages/home/index', { width: 412, height: 823 }],
    ['a page opened directly, no tab bar', 'packages/mall/orders/index', { width: 375, height: 667 }],
  ])('%s: the static sheet takes the same boxes as the app’s; the app removes it', async (_, route, viewport) => {
    const bare = await pinnedPage(e2e, viewport)
    await withoutApp(bare)
    await visit(bare, e2e.server, route)
    await bare.locator('#first-screen .privacy-sheet__body').waitFor()
    await expect(bare.locator('#first-screen .privacy-sheet__body').innerText()).resolves.toContain('会员身份信息')
    const before = await boxes(bare, '#first-screen .sheet-mask')
    await bare.context().close()

    const app = await pinnedPage(e2e, viewport)
    await visit(app, e2e.server, route)
    await app.locator('#privacy-sheet .privacy-sheet__body').waitFor()
    expect(await app.locator('#first-screen').count()).toBe(0)
    expect(await boxes(app, '#privacy-sheet')).toEqual(before)
    await app.context().close()
  })

  test('a visitor who has agreed gets no first screen; the app opens as usual', async () => {
    const page = await pinnedPage(e2e)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#privacy-sheet').waitFor({ state: 'detached' })
    await withoutApp(page)
    await page.reload()
    await page.waitForLoadState('load')
    expect(await page.locator('#first-screen').isHidden()).toBe(true)
    await page.context().close()
  })
})
