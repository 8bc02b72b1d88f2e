import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import CouponsPage from '@/packages/mall/coupons/index'
import { CouponCard, SOURCE_LABEL } from '@/components/coupons/coupon-card'
import type { CouponSource } from '@/domain/coupons'
import { useCouponsStore } from '@/stores/coupons'
import { calls } from '../support/taro-mock'
import { DEFAULT_NOW, startTestBackend } from '../support/backend'
import { defaultRules } from '../../mock/seed'

test('every available coupon has 去使用, which opens the shop where coupons are used; used ones have none', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.redeem('rw-coupon-9off')
  render(<CouponsPage />)
  await waitFor(() => expect(useCouponsStore.getState().coupons).not.toBeNull())
  const { available, used } = useCouponsStore.getState().coupons!
  expect(available.length).toBeGreaterThan(0)
  for (const c of available) expect(document.getElementById(`coupon-use-${c.id}`)).toHaveTextContent('去使用')
  fireEvent.click(document.getElementById(`coupon-use-${available[0].id}`)!)
  expect(calls.navigations.at(-1)?.url).toMatch(/\/shop\//)
  fireEvent.click(screen.getByText('已使用'))
  expect(used.length).toBeGreaterThan(0)
  await waitFor(() => expect(document.getElementById(`coupon-${used[0].id}`)).not.toBeNull())
  for (const c of used) expect(document.getElementById(`coupon-use-${c.id}`)).toBeNull()
})

test('a coupon in its last 3 days is tagged 即将过期 with the days left; earlier it is not', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { redemption } = await api.redeem('rw-coupon-10')
  const coupon = (await api.coupons()).available.find((c) => c.id === redemption.couponId)!
  const { unmount } = render(<CouponsPage />)
  await waitFor(() => expect(document.getElementById(`coupon-${coupon.id}`)).not.toBeNull())
  expect(document.getElementById(`coupon-expiring-${coupon.id}`)).toBeNull()
  unmount()

  // Two days before its last valid day, 10:00 in Shanghai.
  const [y, mo, d] = coupon.validTo.split('-').map(Number)
  t.setNow(new Date(Date.UTC(y, mo - 1, d - 2, 2)).toISOString())
  render(<CouponsPage />)
  await waitFor(() => expect(document.getElementById(`coupon-expiring-${coupon.id}`)).toHaveTextContent(/^即将过期 · 剩 \d 天$/))
  const left = (await api.coupons()).available.find((c) => c.id === coupon.id)!
  expect(document.getElementById(`coupon-expiring-${coupon.id}`)).toHaveTextContent(`即将过期 · 剩 ${left.daysLeft} 天`)
})

test('a coupon before its first day says when it starts instead of 去使用 (checkout would refuse it)', async () => {
  const rules = defaultRules(Date.parse(DEFAULT_NOW))
  const later = { kind: 'fixed' as const, from: '2026-12-01', to: '2026-12-31' }
  const templates = rules.coupons.templates.map((tpl) => (tpl.id === 'mall-10' ? { ...tpl, validity: later } : tpl))
  const t = await startTestBackend(DEFAULT_NOW, { config: { ...rules, coupons: { ...rules.coupons, templates } } })
  await t.loginAs('demo')
  const { redemption } = await api.redeem('rw-coupon-10')
  const { unmount } = render(<CouponsPage />)
  await waitFor(() => expect(document.getElementById(`coupon-upcoming-${redemption.couponId}`)).toHaveTextContent('12月1日起可用'))
  expect(document.getElementById(`coupon-use-${redemption.couponId}`)).toBeNull()
  unmount()

  // On its first day it is usable like any other.
  t.setNow('2026-12-01T02:00:00.000Z')
  render(<CouponsPage />)
  await waitFor(() => expect(document.getElementById(`coupon-use-${redemption.couponId}`)).toHaveTextContent('去使用'))
  expect(document.getElementById(`coupon-upcoming-${redemption.couponId}`)).toBeNull()
})

test('every coupon says where it came from — a lottery prize, a set of cards, a leaderboard, a reissue by service too', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { redemption } = await api.redeem('rw-coupon-10')
  const coupon = (await api.coupons()).available.find((c) => c.id === redemption.couponId)!
  for (const [source, label] of Object.entries(SOURCE_LABEL)) {
    const { container, unmount } = render(<CouponCard coupon={{ ...coupon, source: source as CouponSource }} />)
    expect(container.textContent).toContain(`· ${label}`)
    unmount()
  }
  expect(Object.keys(SOURCE_LABEL)).toEqual(expect.arrayContaining(['lottery', 'cards', 'leaderboard', 'operator']))
})
