/**
 * The WeChat and Alipay bundles built to point at a backend (`TARO_APP_API_BASE`: no embedded mock inside them) —
 * what a brand ships — talking through Taro.request to the backend's own use cases, served in-process here: the
 * login, a write with its Idempotency-Key, and a list that grows with the member's history, a page at a time
 * (onReachBottom).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { InvitesResponse } from '@/api/contract'
import { seededRng } from '@/domain/context'
import { createLoyaltyBackend, type LoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { bootMini, REPO_ROOT, type MiniRequest, type MiniResponse, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'
const DAY = 86_400_000

/** Taro.request → the backend's pipeline, as the HTTP server would carry it. */
function serve(backend: LoyaltyBackend) {
  return async (req: MiniRequest): Promise<MiniResponse> => {
    const url = new URL(req.url)
    const res = await backend.handle({
      method: req.method,
      path: url.pathname.replace(/^\/api\/v1/, '') || '/',
      query: Object.fromEntries(url.searchParams),
      headers: req.header,
      rawBody: req.data === undefined ? undefined : typeof req.data === 'string' ? req.data : JSON.stringify(req.data),
    })
    return { statusCode: res.status, data: JSON.stringify(res.body), header: { 'content-type': 'application/json', ...res.headers } }
  }
}

/** A request as the HTTP server would carry it, for the test to set the scene. */
async function call<T>(backend: LoyaltyBackend, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': `test-${Math.random().toString(36).slice(2)}` }
  if (token) headers.authorization = `Bearer ${token}`
  const res = await backend.handle({ method, path, query: {}, headers, rawBody: body === undefined ? undefined : JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as T
}

const login = (backend: LoyaltyBackend, platform: Platform, code: string) =>
  call<{ token: string; member: { id: string; inviteCode: string } }>(backend, 'POST', '/auth/login', { platform, code })

describe.each(['weapp', 'alipay'] as Platform[])('%s pointed at a backend', (platform) => {
  const distDir = path.join(REPO_ROOT, 'dist/backend', platform)
  const run = fs.existsSync(path.join(distDir, 'app.json')) ? test : test.skip

  run('logs in, signs in with an Idempotency-Key, and pages through 已过期 coupons at the bottom of the page', async () => {
    let now = Date.parse(NOW)
    const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(20261123), history: false })
    // A member of some weeks with 25 coupons that expired: more than a page of 已过期.
    const code = `mini-backend-${platform}`
    now -= 30 * DAY
    const memberId = (await login(backend, platform, code)).member.id
    await backend.core.write(now, async (work) => {
      const tx = await work.member(memberId)
      for (let i = 0; i < 25; i++) tx.issue('signin-day7', `test:${i}`, 'operator')
    })
    now = Date.parse(NOW)

    const h = await bootMini({ platform, distDir, now: NOW, loginCode: code, request: serve(backend) })
    try {
      await (await h.open('pages/home/index')).tap('privacy-agree')
      const signin = await h.open('packages/member/signin/index')
      await signin.tap('signin-button')
      expect(signin.text()).toContain('签到成功')
      const signed = h.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/signin'))
      expect(signed).toHaveLength(1)
      expect(Object.entries(signed[0].header).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1]).toMatch(/^[\w-]{16,}$/)
      expect(signed[0].response?.statusCode).toBe(200)

      const coupons = await h.open('packages/mall/coupons/index')
      await coupons.tap('coupon-tabs-expired')
      const shown = () => coupons.findAll((n) => String(n.attr('class') ?? '').split(' ').includes('coupon')).length
      expect(shown()).toBe(20)
      expect(coupons.findById('coupons-footer')?.text()).toBe('上滑加载更多')
      await coupons.trigger('onReachBottom')
      expect(shown()).toBe(25)
      expect(coupons.findById('coupons-footer')?.text()).toBe('没有更多了')
      expect(h.requests.some((r) => r.url.includes('/coupons/history?') && r.url.includes('status=expired'))).toBe(true)
    } finally {
      await h.close()
    }
  })

  run('我的订单 and 我的邀请 with more than a page each: the next page follows at the bottom', async () => {
    const now = Date.parse(NOW)
    const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(20261124), history: false })
    const code = `mini-backend-lists-${platform}`
    const me = await login(backend, platform, code)
    // 22 orders placed and cancelled, and 23 friends registered with my code.
    const { products } = await call<{ products: { sku: string }[] }>(backend, 'GET', '/catalogue', undefined, me.token)
    for (let i = 0; i < 22; i++) {
      const { order } = await call<{ order: { id: string } }>(backend, 'POST', '/orders', { items: [{ sku: products[0].sku, qty: 1 }], couponId: null }, me.token)
      await call(backend, 'POST', `/orders/${order.id}/cancel`, {}, me.token)
    }
    for (let i = 0; i < 23; i++) {
      const friend = await login(backend, platform, `${code}-friend-${i}`)
      await call(backend, 'POST', '/invites/accept', { code: me.member.inviteCode }, friend.token)
    }

    const h = await bootMini({ platform, distDir, now: NOW, loginCode: code, request: serve(backend) })
    try {
      await (await h.open('pages/home/index')).tap('privacy-agree')
      const count = (page: Awaited<ReturnType<typeof h.open>>, cls: string) => page.findAll((n) => String(n.attr('class') ?? '').split(' ').includes(cls)).length
      const orders = await h.open('packages/mall/orders/index')
      expect(count(orders, 'order')).toBe(20)
      expect(orders.findById('orders-footer')?.text()).toBe('上滑加载更多')
      await orders.trigger('onReachBottom')
      expect(count(orders, 'order')).toBe(22)
      expect(orders.findById('orders-footer')?.text()).toBe('没有更多了')

      const invite = await h.open('packages/campaign/invite/index')
      expect(invite.findById('invite-count')?.text()).toBe('已邀请 23 人')
      expect(count(invite, 'invite-list__row')).toBe(20)
      await invite.trigger('onReachBottom')
      expect(count(invite, 'invite-list__row')).toBe(23)
      expect(invite.findById('invites-footer')?.text()).toBe('没有更多了')
    } finally {
      await h.close()
    }
  })

  run('a share card whose code reaches only the page it opens (Alipay’s onLoad; a WeChat card opened with the app in the background) credits the friend who registers', async () => {
    const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => Date.parse(NOW), rng: seededRng(20261208), history: false })
    const inviter = await login(backend, platform, `mini-inviter-${platform}`)
    const { sharePath } = await call<InvitesResponse>(backend, 'GET', '/invites', undefined, inviter.token)
    const [route, query] = sharePath.replace(/^\//, '').split('?')
    // The app's launch carries no query: the code is the page's alone.
    const h = await bootMini({ platform, distDir, now: NOW, loginCode: `mini-invitee-${platform}`, request: serve(backend), launch: { path: route, query: {}, scene: 1007 } })
    try {
      await (await h.open(route, Object.fromEntries(new URLSearchParams(query)))).tap('privacy-agree')
      await h.settle({ horizonMs: 3000 })
      expect(h.requests.filter((r) => r.url.endsWith('/invites/accept')).map((r) => r.response?.statusCode)).toEqual([200])
      expect((await call<InvitesResponse>(backend, 'GET', '/invites', undefined, inviter.token)).invitedCount).toBe(1)
    } finally {
      await h.close()
    }
  })

  run('with the backend out of reach a page offers 重新加载, and a tap loads it once the backend answers again', async () => {
    const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => Date.parse(NOW), rng: seededRng(20261125), history: false })
    const answer = serve(backend)
    let down = false
    const h = await bootMini({
      platform,
      distDir,
      now: NOW,
      loginCode: `mini-backend-down-${platform}`,
      request: (req) => (down ? Promise.reject(new Error('connect ECONNREFUSED')) : answer(req)),
    })
    try {
      await (await h.open('pages/home/index')).tap('privacy-agree')
      down = true
      const coupons = await h.open('packages/mall/coupons/index')
      // The client tries again a few times (a second or so, backing off) before it gives up.
      await h.advance(10_000)
      expect(coupons.findById('retry-button')?.text()).toBe('重新加载')
      expect(coupons.text()).toContain('加载失败')
      down = false
      await coupons.tap('retry-button')
      expect(coupons.findById('retry-button')).toBeNull()
      expect(coupons.text()).toContain('暂无可用优惠券')
    } finally {
      await h.close()
    }
  })
})
