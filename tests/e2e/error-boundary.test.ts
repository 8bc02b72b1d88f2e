/**
 * The page shell's error boundary on the H5 build in Chromium: a member snapshot that cannot be rendered makes
 * the real home page throw on its first render; the page shows the error state with retry, not a blank page, and
 * retry loads it again. A snapshot of another schema version is discarded at start instead. (No test-only page:
 * the throw comes from the data.)
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { type E2E, H5_DIST, startE2E, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
jest.setTimeout(60_000)

const NOW = new Date('2026-11-24T02:00:00Z')

/** Rewrites the member snapshot Taro keeps in localStorage ({data: <zustand JSON>}). */
async function editMemberSnapshot(page: Page, edit: string): Promise<void> {
  await page.evaluate((body) => {
    const outer = JSON.parse(localStorage.getItem('member-snapshot') ?? 'null') as { data: string }
    const snapshot = JSON.parse(outer.data) as { state: { me: Record<string, unknown> }; version: number }
    new Function('snapshot', body)(snapshot)
    localStorage.setItem('member-snapshot', JSON.stringify({ data: JSON.stringify(snapshot) }))
  }, edit)
}

describeBuilt('H5 error boundary and snapshot versions', () => {
  let e2e: E2E
  let page: Page
  const consoleErrors: string[] = []

  beforeAll(async () => {
    e2e = await startE2E()
    page = await e2e.newPage()
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    await page.clock.setFixedTime(NOW)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#tier-name').waitFor()
  })
  afterAll(async () => {
    await e2e?.close()
  })

  test('a page that throws while rendering shows the error state with retry; retry brings it back', async () => {
    await editMemberSnapshot(page, 'snapshot.state.me.tier = null')
    consoleErrors.length = 0
    await page.reload()
    const error = page.locator('#page-error')
    await error.waitFor()
    expect(await error.innerText()).toContain('页面出了点问题，请重新加载')
    // React reported what it caught; the shell (theme, privacy gate) is still there around the error state.
    expect(consoleErrors.join('\n')).toMatch(/Cannot read properties of null|tier/)
    expect(await page.locator('#page-home').count()).toBe(1)
    // The retry button stands clear of the words above it.
    const gap = await error.evaluate((e) => e.querySelector('#retry-button')!.getBoundingClientRect().top - e.querySelector('.state-view__hint')!.getBoundingClientRect().bottom)
    expect(gap).toBeGreaterThanOrEqual(12)

    await page.locator('#page-error #retry-button').click()
    await page.locator('#tier-name').waitFor()
    expect(await page.locator('#page-error').count()).toBe(0)
    expect(await page.locator('#tier-name').innerText()).toMatch(/会员$/)
  })

  test('a member snapshot of another schema version is discarded at start, not read', async () => {
    await editMemberSnapshot(page, "snapshot.version = 1; snapshot.state.me = { id: 'old', tier: 'gold' }")
    consoleErrors.length = 0
    await page.reload()
    await page.locator('#tier-name').waitFor()
    expect(await page.locator('#page-error').count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })

  /** Home shown, then every page script it has not fetched yet fails to load (the network gone); unroute to bring it back. */
  async function homeWithPagesUnreachable(): Promise<{ p: Page; notYetFetched: (url: URL) => boolean }> {
    // No shell worker: a request it answered would never reach page.route.
    const p = await e2e.newPage(undefined, { serviceWorkers: 'block' })
    await p.clock.setFixedTime(NOW)
    await visit(p, e2e.server, 'pages/home/index')
    await p.locator('#privacy-agree').click()
    await p.locator('#tier-name').waitFor()
    const fetched = new Set(await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)))
    const notYetFetched = (url: URL) => /\/js\/[^/]+\.js$/.test(url.pathname) && !fetched.has(url.href)
    await p.route(notYetFetched, (r) => r.abort())
    return { p, notYetFetched }
  }

  test('a page whose code cannot be fetched says so, with 重试 that opens it once the network answers again', async () => {
    const { p, notYetFetched } = await homeWithPagesUnreachable()
    await p.locator('.weui-tabbar__item', { hasText: '我的' }).click()
    const dialog = p.getByRole('alertdialog', { name: '页面加载失败' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain('请检查网络后重试')
    await p.unroute(notYetFetched)
    await dialog.getByRole('button', { name: '重试' }).click()
    await p.locator('#page-me').waitFor()
    await p.context().close()
  })

  test('返回 on that dialog after the browser went back already closes it and stays on the page, not out of the app', async () => {
    const { p } = await homeWithPagesUnreachable()
    const home = p.url()
    await p.locator('#festival-banner').click()
    const dialog = p.getByRole('alertdialog', { name: '页面加载失败' })
    await dialog.waitFor()
    await p.evaluate(() => window.history.back())
    await p.waitForURL(home)
    await dialog.getByRole('button', { name: '返回' }).click()
    await dialog.waitFor({ state: 'detached' })
    // Still the app's home: the dialog's 返回 went nowhere (before, it went back once more, past the app's first page).
    await p.waitForTimeout(300)
    expect(p.url()).toBe(home)
    await p.locator('#tier-name').waitFor()
    await p.context().close()
  })
})
