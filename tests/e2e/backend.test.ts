/**
 * The H5 build pointed at a backend (`TARO_APP_API_BASE=/api/v1`, dist/backend/h5: no embedded mock, axios' fetch
 * adapter) on the production server (PGlite, test clock pinned), served from one origin as a brand deploys it: a
 * new visitor agrees to the privacy notice, is registered by the server, signs in, and sees the award in the balance
 * and in the ledger — every answer from the server, through the browser's fetch.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startPinnedServer, type ServerProcess } from '../server/support/server-process'
import { type E2E, number, ROOT, startE2E, visit } from './browser'

const DIST = path.join(ROOT, 'dist/backend/h5')
const describeBuilt = existsSync(path.join(DIST, 'index.html')) ? describe : describe.skip
jest.setTimeout(120_000)

const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai

describeBuilt('the H5 app on the production server', () => {
  let dataDir: string
  let server: ServerProcess | undefined
  let e2e: E2E | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'h5-backend-'))
    server = await startPinnedServer({ DATA_DIR: dataDir }, NOW.toISOString())
    e2e = await startE2E({ root: DIST, apiOrigin: server.url })
  })
  afterAll(async () => {
    try {
      await e2e?.close() // fails on any uncaught error in a page
    } finally {
      await server?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('a new visitor is registered, signs in, and sees the points in the balance and the ledger', async () => {
    const api: { method: string; path: string; status: number }[] = []
    const page = await e2e!.newPage()
    // Watched from the first request: the login follows the consent.
    page.on('response', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/api/')) api.push({ method: r.request().method(), path: url.pathname, status: r.status() })
    })
    await page.clock.setFixedTime(NOW)
    await visit(page, e2e!.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#tier-name').waitFor()
    expect(await page.locator('#tier-name').innerText()).toContain('普通会员')
    await page.locator('#points-balance').waitFor()
    // The first open of the day pays its award after home first draws: the balance is read once home has settled.
    await page.waitForLoadState('networkidle')
    const before = await number(page, '#points-balance')

    await page.locator('#signin-entry').click()
    await page.locator('#signin-button').click()
    await page.locator('#signin-result').waitFor()
    const earned = await number(page, '#signin-result-points')
    expect(earned).toBeGreaterThan(0)
    await page.locator('#signin-result-close').click()
    await expect(page.locator('#signin-button').innerText()).resolves.toBe('今日已签到')

    await visit(page, e2e!.server, 'pages/home/index')
    await page.waitForFunction(([sel, expected]) => document.querySelector(sel as string)?.textContent?.trim() === String(expected), ['#points-balance', before + earned])
    await visit(page, e2e!.server, 'packages/member/points/index')
    await page.getByText(`+${earned}`).first().waitFor()

    // Every answer came from the server through the same origin; the login registered this browser's visitor.
    expect(api.filter((a) => a.status >= 400)).toEqual([])
    expect(api.some((a) => a.method === 'POST' && a.path === '/api/v1/auth/login')).toBe(true)
    expect(api.some((a) => a.method === 'POST' && a.path === '/api/v1/signin')).toBe(true)
    await page.context().close()
  })

  test('我的订单 comes 20 at a time: scrolled to the bottom, the next page follows until the list says it has all', async () => {
    const page = await e2e!.newPage()
    await page.clock.setFixedTime(NOW)
    await visit(page, e2e!.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#tier-name').waitFor()
    // The same visitor, logged in from here by the browser's code (as a second device would be): 23 orders placed
    // and cancelled.
    const code = await page.evaluate(() => (JSON.parse(localStorage.getItem('h5-device-code') ?? 'null') as { data: string }).data)
    const call = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': `e2e-${Math.random().toString(36).slice(2)}` }
      if (token) headers.authorization = `Bearer ${token}`
      const r = await fetch(`${server!.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      expect(r.status).toBeLessThan(300)
      return (await r.json()) as T
    }
    const { token } = await call<{ token: string }>('/auth/login', { platform: 'h5', code })
    const sku = (await (await fetch(`${server!.url}/api/v1/catalogue`, { headers: { authorization: `Bearer ${token}` } })).json()).products[0].sku as string
    const placed: string[] = []
    for (let i = 0; i < 23; i++) {
      const { order } = await call<{ order: { id: string } }>('/orders', { items: [{ sku, qty: 1 }], couponId: null }, token)
      await call(`/orders/${order.id}/cancel`, {}, token)
      placed.unshift(order.id)
    }

    await visit(page, e2e!.server, 'packages/mall/orders/index')
    const footer = page.locator('#orders-footer')
    await footer.waitFor()
    expect(await footer.innerText()).toBe('上滑加载更多')
    expect(await page.locator('.order').count()).toBe(20)
    await page.mouse.wheel(0, 100_000)
    await page.waitForFunction(() => document.querySelector('#orders-footer')?.textContent === '没有更多了')
    // Every order once, the last placed first.
    expect(await page.locator('.order').evaluateAll((els) => els.map((e) => e.id))).toEqual(placed.map((id) => `order-${id}`))
    await page.context().close()
  })
})
