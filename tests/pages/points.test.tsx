import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { ApiError } from '@/api/errors'
import { businessDateOf, daysBetween } from '@/domain/calendar'
import PointsPage from '@/packages/member/points/index'
import { usePointsStore } from '@/stores/points'
import { useLedgerStore } from '@/stores/ledger'
import { formatFullDate } from '@/utils/format'
import { newMemberCode, oweAfterRefund, startTestBackend, type TestBackend } from '../support/backend'
import { defaultRules } from '../../mock/seed'
import { found } from '../support/dom'
import { calls } from '../support/taro-mock'
import { announceOrderPaid } from '@/components/mall/order-paid'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})

const rows = (el: Element | null) => [...(el?.querySelectorAll('.points-expiry') ?? [])].map((r) => r.textContent)

test('即将过期 lists what expires within the 30-day reminder window; later expiries are one tap away', async () => {
  await t.loginAs('demo')
  const { container } = render(<PointsPage />)
  await waitFor(() => expect(container.querySelector('#points-expiring .points-expiry')).not.toBeNull())
  const today = businessDateOf(t.now())
  const expiring = usePointsStore.getState().summary!.expiring
  const soon = expiring.filter((e) => daysBetween(today, e.date) <= 30)
  const later = expiring.filter((e) => daysBetween(today, e.date) > 30)
  // The demo's history holds both (months of earning, lots expire 12 months later).
  expect(soon.length).toBeGreaterThan(0)
  expect(later.length).toBeGreaterThan(0)
  const section = container.querySelector('#points-expiring')
  expect(rows(section)).toEqual(soon.map((e) => `${formatFullDate(e.date)} 到期${e.amount} 积分`))
  expect(container.querySelector('#expiries-more')).toHaveTextContent(`查看以后的到期（${later.length} 笔）`)
  fireEvent.click(container.querySelector('#expiries-more')!)
  expect(rows(section)).toEqual(expiring.map((e) => `${formatFullDate(e.date)} 到期${e.amount} 积分`))
  expect(container.querySelector('#expiries-more')).toBeNull()
})

test('积分明细: a next page that fails says so with 加载失败，点击重试, and a tap loads it', async () => {
  await t.loginAs('demo')
  const { container } = render(<PointsPage />)
  const footer = await found(container, '#ledger-footer')
  await waitFor(() => expect(footer).toHaveTextContent('上滑加载更多'))
  const shown = useLedgerStore.getState().ledger.length
  const ledger = jest.spyOn(api, 'pointsLedger').mockRejectedValueOnce(new ApiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试'))
  // Scrolled to the bottom (useReachBottom): the next page fails.
  await act(() => useLedgerStore.getState().loadMore())
  await waitFor(() => expect(container.querySelector('#ledger-footer')).toHaveTextContent('加载失败，点击重试'))
  expect(useLedgerStore.getState().ledger).toHaveLength(shown)
  fireEvent.click(container.querySelector('#ledger-footer')!)
  await waitFor(() => expect(useLedgerStore.getState().ledger.length).toBeGreaterThan(shown))
  expect(ledger).toHaveBeenCalledTimes(2)
  expect(container.querySelector('#ledger-footer')?.textContent).toMatch(/^(上滑加载更多|没有更多了)$/)
  ledger.mockRestore()
})

test('a member who owes points a refund could not take back is told so until what they earn settles it', async () => {
  await t.loginAs(newMemberCode())
  const { owed: shortfall, items } = await oweAfterRefund()
  expect(shortfall).toBeGreaterThan(0)
  const { container, unmount } = render(<PointsPage />)
  const notice = await found(container, '#owed-notice')
  expect(notice).toHaveTextContent(`退款订单所得的 ${shortfall} 积分已使用，将从之后获得的积分中扣回`)
  unmount()
  // A purchase as large as A earns what A did: enough to settle it all. Nothing owed, no notice.
  const paid = await api.pay((await api.createOrder({ items, couponId: null })).order.id, { result: 'paid' })
  expect(paid.awarded.settled).toBe(shortfall)
  // The payment's toast says where those points went.
  announceOrderPaid(paid)
  const extra = paid.awarded.points - paid.order.quote.pointsToEarn
  const notes = [extra > 0 ? `含下单奖励 ${extra} 积分` : '', `其中 ${shortfall} 积分用于扣回此前订单退款时已使用的积分`].filter(Boolean)
  expect(calls.toasts.at(-1)?.title).toBe(`支付成功，获得 ${paid.awarded.points} 积分（${notes.join('；')}）`)
  const { balance, owed } = await api.pointsSummary()
  expect(owed).toBe(0)
  const again = render(<PointsPage />)
  await waitFor(() => {
    expect(again.container.querySelector('#points-balance')).toHaveTextContent(String(balance))
    expect(again.container.querySelector('#owed-notice')).toBeNull()
  })
})

test('积分明细 keeps the pages the member scrolled through when it loads again (shown again, a new line): the new line on top, the place kept', async () => {
  await t.loginAs('demo')
  const { container } = render(<PointsPage />)
  await found(container, '#ledger-footer')
  await act(() => useLedgerStore.getState().loadMore())
  const scrolled = useLedgerStore.getState()
  expect(scrolled.ledger).toHaveLength(40)
  // Shown again: nothing new, the 40 lines and where the next page starts stay.
  await act(() => useLedgerStore.getState().loadLedger())
  expect(useLedgerStore.getState().ledger).toEqual(scrolled.ledger)
  expect(useLedgerStore.getState().nextCursor).toBe(scrolled.nextCursor)
  // A new line (an order paid): it comes on top of the 40.
  const paid = await api.pay((await api.createOrder({ items: [{ sku: 'latte', qty: 1 }], couponId: null })).order.id, { result: 'paid' })
  expect(paid.awarded.points).toBeGreaterThan(0)
  await act(() => useLedgerStore.getState().loadLedger())
  const after = useLedgerStore.getState().ledger
  expect(after.length).toBeGreaterThan(40)
  expect(after[0].balanceAfter).toBe(paid.balance)
  expect(after.slice(after.length - 40)).toEqual(scrolled.ledger)
  expect(new Set(after.map((e) => e.id)).size).toBe(after.length)
})

test('规则说明 lists the daily sign-in (by tier, with its streak bonuses and their coupon) and 完善个人资料, as the rules set them', async () => {
  const rules = defaultRules(t.now())
  const open = async () => {
    await t.loginAs(newMemberCode())
    const { container, unmount } = render(<PointsPage />)
    fireEvent.click(await found(container, '#points-rules-link'))
    const text = [(await found(container, '#points-rules-signin')).textContent, container.querySelector('#points-rules-growth-profile')?.textContent]
    unmount()
    return text
  }
  // The demo's rules: 5/8/12/15 by tier, +10 on the 3rd day in a row and +30 with a coupon on the 7th (as 签到规则 says
  // it; the coupon went unmentioned here); the profile task +50 once.
  // The demo's 春节集福卡 doubles the base points while it runs (through the end of 12月7日): said too, as 签到 says it.
  expect(await open()).toEqual([
    '每日签到+5–15 积分（按会员等级） · 每天 1 次，连续签到第 3 天再 +10，连续签到第 7 天再 +30 和专属优惠券，活动期间（「春节集福卡」，至 12月7日 24:00）签到基础积分 ×2',
    '完善个人资料+50 积分 · 仅 1 次',
  ])
  // Rules an operator changed (no campaign multiplies sign-in any more): the page says what they say.
  const campaigns = rules.campaigns.map((c) => ({ ...c, signinMultiplier: 1 }))
  const levels = rules.tiers.levels.map((l) => ({ ...l, signinBasePoints: 6 }))
  const definitions = rules.tasks.definitions.map((d) => (d.id === 'growth-profile' ? { ...d, reward: { points: 80 } } : d))
  t = await startTestBackend(undefined, {
    config: { ...rules, campaigns, tiers: { ...rules.tiers, levels }, signin: { ...rules.signin, bonuses: [{ day: 5, points: 20 }] }, tasks: { ...rules.tasks, definitions } },
  })
  expect(await open()).toEqual(['每日签到+6 积分 · 每天 1 次，连续签到第 5 天再 +20', '完善个人资料+80 积分 · 仅 1 次'])
})
