import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { ApiError } from '@/api/errors'
import CouponsPage from '@/packages/mall/coupons/index'
import { CouponCard, SOURCE_LABEL } from '@/components/coupons/coupon-card'
import { revokeCoupon, type CouponSource } from '@/domain/coupons'
import { useConfigStore } from '@/stores/config'
import { useCouponsStore } from '@/stores/coupons'
import { useSessionStore } from '@/stores/session'
import { calls, reachBottom } from '../support/taro-mock'
import { DEFAULT_NOW, newMemberCode, startTestBackend } from '../support/backend'
import { found } from '../support/dom'
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
  // The shop, told which coupon the member came to use.
  expect(calls.navigations.at(-1)?.url?.endsWith(`/shop/index?couponId=${encodeURIComponent(available[0].id)}`)).toBe(true)
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

test('a coupon a refund took back (a leaderboard prize no longer earned) leaves 可使用 and is stamped 已收回 among the expired ones', async () => {
  const t = await startTestBackend(DEFAULT_NOW, { history: false })
  await t.loginAs(newMemberCode())
  const memberId = useSessionStore.getState().memberId!
  const ids = await t.backend.core.write(t.now(), async (work) => {
    const tx = await work.member(memberId)
    const kept = tx.issue('signin-day7', 'test:kept', 'operator')
    const prize = tx.issue('signin-day7', 'leaderboard:race:1', 'leaderboard')
    tx.member = { ...tx.member, wallet: revokeCoupon(tx.member.wallet, prize.id, tx.ctx).state }
    return { kept: kept.id, prize: prize.id }
  })
  const { container } = render(<CouponsPage />)
  await waitFor(() => expect(useCouponsStore.getState().coupons).not.toBeNull())
  expect(useCouponsStore.getState().coupons!.available.map((c) => c.id)).toEqual([ids.kept])
  fireEvent.click(screen.getByText('已过期'))
  const card = await found(container, `#coupon-${CSS.escape(ids.prize)}`)
  expect(card.querySelector('.coupon__stamp')).toHaveTextContent('已收回')
})

test('已过期 shows 20 coupons at first; at the bottom the next ones follow (a failed page is offered again), then 没有更多了', async () => {
  const t = await startTestBackend(DEFAULT_NOW, { history: false })
  await t.loginAs(newMemberCode())
  const memberId = useSessionStore.getState().memberId!
  // 25 coupons of a 7-day template; ten days later all of them have expired.
  await t.backend.core.write(t.now(), async (work) => {
    const tx = await work.member(memberId)
    for (let i = 0; i < 25; i++) tx.issue('signin-day7', `test:${i}`, 'operator')
  })
  t.advanceDays(10)
  const { container } = render(<CouponsPage />)
  await waitFor(() => expect(useCouponsStore.getState().coupons).not.toBeNull())
  fireEvent.click(screen.getByText('已过期'))
  const footer = await found(container, '#coupons-footer')
  expect(footer).toHaveTextContent('上滑加载更多')
  const shown = () => container.querySelectorAll('#coupon-list .coupon').length
  expect(shown()).toBe(20)

  const history = jest.spyOn(api, 'couponHistory').mockRejectedValueOnce(new ApiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试'))
  await act(async () => reachBottom.current?.())
  await waitFor(() => expect(container.querySelector('#coupons-footer')).toHaveTextContent('加载失败，点击重试'))
  expect(shown()).toBe(20)
  fireEvent.click(container.querySelector('#coupons-footer')!)
  await waitFor(() => expect(container.querySelector('#coupons-footer')).toHaveTextContent('没有更多了'))
  expect(history).toHaveBeenCalledTimes(2)
  expect(history).toHaveBeenLastCalledWith('expired', expect.any(String), 20)
  const expired = useCouponsStore.getState().coupons!.expired
  expect(expired.length).toBeGreaterThanOrEqual(25)
  expect(shown()).toBe(expired.length)
  expect(new Set(expired.map((c) => c.id)).size).toBe(expired.length)
  history.mockRestore()
  // 已使用 has none: no footer under its empty state.
  fireEvent.click(screen.getByText('已使用'))
  await waitFor(() => expect(container.querySelector('#coupons-footer')).toBeNull())
  expect(container.querySelector('#coupon-list')).toHaveTextContent('还没有使用过优惠券')
  // The empty state draws a coupon (decoration: hidden from screen readers, its title says it all).
  expect(container.querySelector('#coupon-list .state-view .art--ticket')?.getAttribute('aria-hidden')).toBe('true')
})

test('launched straight onto 我的券, a coupon is judged on the brand\'s business calendar: starting tomorrow there, it is not 去使用 yet', async () => {
  const rules = defaultRules(Date.parse(DEFAULT_NOW))
  const later = { kind: 'fixed' as const, from: '2026-12-01', to: '2026-12-31' }
  const templates = rules.coupons.templates.map((tpl) => (tpl.id === 'mall-10' ? { ...tpl, validity: later } : tpl))
  // The brand's business day is UTC's.
  const t = await startTestBackend(DEFAULT_NOW, { config: { ...rules, calendar: { ...rules.calendar, offsetMinutes: 0 }, coupons: { ...rules.coupons, templates } } })
  await t.loginAs('demo')
  const { redemption } = await api.redeem('rw-coupon-10')
  // 2026-11-30 20:00 UTC: still the 30th for the brand (the 1st in Shanghai).
  t.setNow('2026-11-30T20:00:00.000Z')
  useConfigStore.setState({ config: null })
  render(<CouponsPage />)
  await waitFor(() => expect(document.getElementById(`coupon-upcoming-${redemption.couponId}`)).toHaveTextContent('12月1日起可用'))
  expect(document.getElementById(`coupon-use-${redemption.couponId}`)).toBeNull()
})
