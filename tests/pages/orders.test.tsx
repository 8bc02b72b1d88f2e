/**
 * 我的订单 (issue 13 item 7): an order left unpaid — the cashier closed, the page reloaded while it was open — can
 * always be paid or cancelled from the list, says how long is left to pay, and a cancel keeps the coupon and points.
 */
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { ApiError } from '@/api/errors'
import OrdersPage from '@/packages/mall/orders/index'
import { platform } from '@/platform'
import { formatFen } from '@/utils/format'
import { found } from '../support/dom'
import { requestsSettled } from '../support/requests'
import { fillTheDayCap, newMemberCode, oweAfterRefund, startTestBackend, type TestBackend, paidOrder } from '../support/backend'
import { calls, modalAnswer, reachBottom } from '../support/taro-mock'
import { useConfigStore } from '@/stores/config'
import { useMemberStore } from '@/stores/member'
import { defaultRules } from '../../mock/seed'

jest.setTimeout(60_000)

let t: TestBackend
let orderId: string
let couponId: string
beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z') // 10:00 in Shanghai
  await t.loginAs(newMemberCode())
  await paidOrder()
  couponId = (await api.claimTask('newcomer-first-core-use')).coupon!.id
  const { products } = await api.catalogue()
  const created = await api.createOrder({ items: [{ sku: products[0].sku, qty: 2 }] })
  expect(created.order.quote.coupon?.id).toBe(couponId)
  orderId = created.order.id
})
afterEach(() => jest.restoreAllMocks())

const text = (c: HTMLElement, selector: string) => c.querySelector(selector)?.textContent ?? null
/** The parts of a line of parts, each whole (the page sets them apart with a margin and a ·). */
const parts = (c: HTMLElement, selector: string) => Array.from(c.querySelectorAll(`${selector} .order__amount`), (e) => e.textContent!.replace(/^· /, ''))

test('paid with 去支付 after the day’s points cap is reached: the toast says what the cap took off the 下单 award', async () => {
  await fillTheDayCap(t)
  const { container } = render(<OrdersPage />)
  fireEvent.click(await found(container, `#pay-${orderId}`))
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toMatch(/^支付成功，获得 \d+ 积分（当日积分已达上限，下单奖励少得 15 积分）$/))
})

test('an unpaid order shows 待支付, the minutes left and when it is cancelled, and pays with 去支付', async () => {
  const { container } = render(<OrdersPage />)
  const pay = await found(container, `#pay-${orderId}`)
  expect(text(container, `#order-${orderId}`)).toContain('待支付')
  expect(text(container, `#pay-before-${orderId}`)).toBe('剩 15 分钟支付，11月24日 10:15 前未支付将自动取消')
  expect(container.querySelector(`#cancel-${orderId}`)).not.toBeNull()

  // The cashier closed again: the order stays unpaid, to be paid or cancelled later.
  jest.spyOn(platform, 'pay').mockResolvedValueOnce('cancelled')
  fireEvent.click(pay)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('未完成支付，订单已保留'))
  expect((await api.orders()).orders[0].status).toBe('pending_payment')

  const paid = jest.spyOn(api, 'pay')
  fireEvent.click(container.querySelector(`#pay-${orderId}`)!)
  await waitFor(() => expect(paid).toHaveBeenCalled())
  const res = await paid.mock.results[0].value
  // The toast's figure is the payment's, and what is more than the checkout's purchase points is named as the 下单 award.
  const extra = res.awarded.points - res.order.quote.pointsToEarn
  expect(extra).toBeGreaterThan(0) // the member's first order of the day: the 下单 task pays too
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe(`支付成功，获得 ${res.awarded.points} 积分${extra > 0 ? `（含下单奖励 ${extra} 积分）` : ''}`))
  await waitFor(() => expect(text(container, `#order-${orderId}`)).toContain('已支付'))
  expect(container.querySelector(`#pay-${orderId}`)).toBeNull()
  expect(container.querySelector(`#pay-before-${orderId}`)).toBeNull()
  expect((await api.coupons()).used.map((c) => c.id)).toContain(couponId)
  // Paid today: refundable for the rules' 7 days, and the list says until when.
  await waitFor(() => expect(text(container, `#refund-until-${orderId}`)).toBe('可申请退款至 12月1日'))
  expect(container.querySelector(`#refund-${orderId}`)).not.toBeNull()
})

test('取消 asks once, cancels, and the coupon stays available; declining the dialog changes nothing', async () => {
  const { container } = render(<OrdersPage />)
  const cancel = await found(container, `#cancel-${orderId}`)
  modalAnswer.confirm = false
  fireEvent.click(cancel)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  await requestsSettled()
  expect((await api.orders()).orders[0].status).toBe('pending_payment')

  modalAnswer.confirm = true
  fireEvent.click(container.querySelector(`#cancel-${orderId}`)!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('订单已取消'))
  expect(calls.modals.at(-1)).toMatchObject({ title: '取消订单', content: expect.stringContaining('优惠券和积分不会被扣除'), confirmText: '取消订单', cancelText: '保留订单' })
  await waitFor(() => expect(text(container, `#order-${orderId}`)).toContain('已取消'))
  expect(container.querySelector(`#pay-${orderId}`)).toBeNull()
  expect(container.querySelector(`#cancel-${orderId}`)).toBeNull()
  expect((await api.coupons()).available.map((c) => c.id)).toContain(couponId)
})

test('an order past its time is listed as cancelled, with nothing to pay and no 实付 (nobody paid it)', async () => {
  const before = render(<OrdersPage />)
  await waitFor(() => expect(text(before.container, `#amount-${orderId}`)).toMatch(/^应付 ¥/))
  before.unmount()
  t.setNow('2026-11-24T02:16:00.000Z')
  const { container } = render(<OrdersPage />)
  await waitFor(() => expect(text(container, `#order-${orderId}`)).toContain('已取消'))
  expect(text(container, `#amount-${orderId}`)).toMatch(/^未支付 ¥/)
  expect(text(container, `#order-${orderId}`)).not.toContain('实付')
  expect(container.querySelector(`#pay-${orderId}`)).toBeNull()
  expect(container.querySelector(`#cancel-${orderId}`)).toBeNull()
})

test('the minutes left count down while the page is open, and an order past its time turns 已取消 without a reload', async () => {
  // Faked timers that also run on their own: the page loads as usual, and the test can jump the clock.
  const started = Date.now()
  jest.useFakeTimers({ advanceTimers: true, now: started })
  try {
    const { container } = render(<OrdersPage />)
    await found(container, `#pay-${orderId}`)
    expect(text(container, `#pay-before-${orderId}`)).toMatch(/^剩 15 分钟支付/)
    // The page stays open: 6 minutes later it says 9.
    jest.setSystemTime(started + 6 * 60_000)
    await act(() => jest.advanceTimersByTimeAsync(15_000))
    expect(text(container, `#pay-before-${orderId}`)).toMatch(/^剩 9 分钟支付/)
    // Past 10:15 the backend has cancelled it; the page reads the list again by itself.
    t.setNow('2026-11-24T02:16:00.000Z')
    jest.setSystemTime(started + 16 * 60_000)
    await act(() => jest.advanceTimersByTimeAsync(15_000))
    await waitFor(() => expect(text(container, `#order-${orderId}`)).toContain('已取消'))
    expect(container.querySelector(`#pay-${orderId}`)).toBeNull()
    expect(container.querySelector(`#pay-before-${orderId}`)).toBeNull()
  } finally {
    jest.useRealTimers()
  }
})

test('申请退款 is offered only where a refund would be accepted: never for a paid membership, not after the window', async () => {
  const { order: plan } = await api.purchaseMembership({ planId: 'monthly' })
  await api.pay(plan.id, { result: 'paid' })
  const goods = (await api.orders()).orders.find((o) => o.status === 'paid' && o.kind === 'goods')!
  const { container, unmount } = render(<OrdersPage />)
  await waitFor(() => expect(text(container, `#order-${plan.id}`)).toContain('已支付'))
  expect(container.querySelector(`#refund-${plan.id}`)).toBeNull()
  expect(container.querySelector(`#refund-until-${plan.id}`)).toBeNull()
  // The goods order paid today: 7 days after it, through 12月1日; on 12月2日 it is no longer offered.
  expect(text(container, `#refund-until-${goods.id}`)).toBe('可申请退款至 12月1日')
  unmount()
  t.setNow('2026-12-02T02:00:00.000Z')
  const later = render(<OrdersPage />)
  await waitFor(() => expect(text(later.container, `#order-${goods.id}`)).toContain('已支付'))
  await requestsSettled()
  expect(later.container.querySelector(`#refund-${goods.id}`)).toBeNull()
  expect(later.container.querySelector(`#refund-until-${goods.id}`)).toBeNull()
})

test('申请退款 warns of what a refund takes back; after it, one note is a toast, two are a dialog', async () => {
  await api.pay(orderId, { result: 'paid' })
  const [first, second] = (await api.orders()).orders.filter((o) => o.status === 'paid')
  const { container } = render(<OrdersPage />)
  modalAnswer.confirm = true
  fireEvent.click(await found(container, `#refund-${first.id}`))
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  // What the payment earned: the purchase points and the day's 下单 award — all of which the refund takes back.
  expect(first.earned!.points).toBeGreaterThan(first.quote.pointsToEarn)
  expect(calls.modals[0].content).toMatch(new RegExp(`^退款后将退回 ${formatFen(first.quote.payableFen).replace('.', '\\.')}，本单获得的 ${first.earned!.points} 积分和 ${first.earned!.growth} 成长值会扣回`))
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('退款成功'))
  const takenBack = (await api.pointsLedger(null, 50)).entries.filter((e) => e.type === 'refund' && e.ref === first.id && e.amount < 0)
  expect(takenBack.reduce((n, e) => n + e.amount, 0)).toBe(-first.earned!.points)
  // A refund that took back a leaderboard prize and left points owed (as the backend answers one) says both in a dialog.
  const real = api.refund.bind(api)
  jest.spyOn(api, 'refund').mockImplementationOnce(async (id) => {
    const r = await real(id)
    return { ...r, reversed: { ...r.reversed, leaderboardPrize: 200, shortfall: 40 } }
  })
  fireEvent.click(await found(container, `#refund-${second.id}`))
  await waitFor(() => expect(calls.modals.at(-1)).toMatchObject({ title: '退款成功', content: '收回排行榜奖励 200 积分；40 积分已使用，将从之后获得的积分中扣回。' }))
})

test('申请退款 names a leaderboard the order counted in, also when the page is the first one the app opened', async () => {
  // The same backend, its points race running while the order is paid (the lucky wheel out: at most two at once);
  // the app has read neither rules nor member.
  const rules = defaultRules(t.now())
  const race = rules.campaigns.find((c) => c.type === 'leaderboard')!
  const running = { ...race, startsAt: new Date(t.now() - 86_400_000).toISOString(), endsAt: new Date(t.now() + 86_400_000).toISOString() }
  t = await startTestBackend(new Date(t.now()).toISOString(), { config: { ...rules, campaigns: rules.campaigns.filter((c) => c.id !== 'lucky-wheel').map((c) => (c.id === race.id ? running : c)) } })
  await t.loginAs(newMemberCode())
  await paidOrder()
  useConfigStore.setState({ config: null })
  useMemberStore.setState({ me: null })
  const [order] = (await api.orders()).orders
  const { container } = render(<OrdersPage />)
  modalAnswer.confirm = false
  fireEvent.click(await found(container, `#refund-${order.id}`))
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toContain(`「${race.name}」的排名按退款后的积分计算，多得的排行奖励会收回`)
})

test('我的订单 loads 20 at a time: at the bottom the next page follows (a failed one is offered again); the list says when it has all', async () => {
  const { products } = await api.catalogue()
  // 22 orders: beforeEach's paid and unpaid ones, then 20 cancelled.
  for (let i = 0; i < 20; i++) await api.cancelOrder((await api.createOrder({ items: [{ sku: products[0].sku, qty: 1 }], couponId: null })).order.id)
  const { container } = render(<OrdersPage />)
  const footer = await found(container, '#orders-footer')
  expect(footer).toHaveTextContent('上滑加载更多')
  expect(container.querySelectorAll('.order')).toHaveLength(20)
  expect(container.querySelector(`#order-${orderId}`)).toBeNull()

  const orders = jest.spyOn(api, 'orders').mockRejectedValueOnce(new ApiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试'))
  await act(async () => reachBottom.current?.())
  await waitFor(() => expect(container.querySelector('#orders-footer')).toHaveTextContent('加载失败，点击重试'))
  expect(container.querySelectorAll('.order')).toHaveLength(20)
  fireEvent.click(container.querySelector('#orders-footer')!)
  await waitFor(() => expect(container.querySelectorAll('.order')).toHaveLength(22))
  expect(orders).toHaveBeenCalledTimes(2)
  // The older page holds the unpaid order, with its controls.
  expect(container.querySelector(`#pay-${orderId}`)).not.toBeNull()
  expect(container.querySelector('#orders-footer')).toHaveTextContent('没有更多了')
  await act(async () => reachBottom.current?.())
  expect(orders).toHaveBeenCalledTimes(2)
})

/** The amounts of the refund's ledger lines under an order's ref: the + (used points back), the − (earned points taken back). */
async function refundLines(orderId: string): Promise<{ back: number; taken: number }> {
  const lines = (await api.pointsLedger(null, 50)).entries.filter((e) => e.type === 'refund' && e.ref === orderId)
  return { back: lines.find((e) => e.amount > 0)?.amount ?? 0, taken: -(lines.find((e) => e.amount < 0)?.amount ?? 0) }
}

test('a refunded order says how much went back, the points its refund took back, and when, in business time', async () => {
  await api.pay(orderId, { result: 'paid' })
  t.setNow('2026-11-26T06:30:00.000Z') // 14:30 in Shanghai, two days later
  await api.refund(orderId)
  const order = (await api.orders()).orders.find((o) => o.id === orderId)!
  expect(order.quote.payableFen).toBeGreaterThan(0)
  // It used no points: nothing came back; what it earned was taken back, as the ledger's line says.
  const { back, taken } = await refundLines(orderId)
  expect([back, taken > 0]).toEqual([0, true])
  const { container } = render(<OrdersPage />)
  await waitFor(() => expect(text(container, `#order-${orderId}`)).toContain('已退款'))
  expect(parts(container, `#refunded-${orderId}`)).toEqual([`已退款 ${formatFen(order.quote.payableFen)}`, `扣回 ${taken} 积分`, '11月26日 14:30'])
  expect(container.querySelector(`#refunded-${orderId}`)).toHaveClass('order__refunded')
  expect(container.querySelector(`#refunded-${orderId}`)).not.toHaveClass('order__refund-until')
  expect(container.querySelector(`#refund-${orderId}`)).toBeNull()
})

test('a refund that took back a leaderboard prize says so on the order, before when', async () => {
  await api.pay(orderId, { result: 'paid' })
  await api.refund(orderId)
  // What the server writes on an order whose points had won a prize (the contract suite plays the board through).
  const { orders, nextCursor } = await api.orders()
  const withPrize = orders.map((o) => (o.id === orderId ? { ...o, refundPoints: { ...o.refundPoints!, leaderboardPrize: 200 } } : o))
  jest.spyOn(api, 'orders').mockResolvedValue({ orders: withPrize, nextCursor })
  const { container } = render(<OrdersPage />)
  await found(container, `#refunded-${orderId}`)
  expect(parts(container, `#refunded-${orderId}`).slice(-2)).toEqual(['收回排行榜奖励 200 积分', '11月24日 10:00'])
})

test('a refund that could not take back all it earned says what is still owed; the next one, what came back and what settled it', async () => {
  const { owed } = await oweAfterRefund()
  const [b, a] = (await api.orders()).orders.filter((o) => o.status !== 'pending_payment')
  // B's refund: what B used comes back, first to settle what A's refund could not take back.
  expect((await api.refund(b.id)).reversed.pointsSettled).toBe(owed)
  const { container } = render(<OrdersPage />)
  await found(container, `#refunded-${b.id}`)
  const lines = { a: await refundLines(a.id), b: await refundLines(b.id) }
  expect([lines.a.back, lines.a.taken > 0, owed > 0, lines.b.back > 0, lines.b.taken > 0]).toEqual([0, true, true, true, true])
  expect(parts(container, `#refunded-${a.id}`)).toEqual([`已退款 ${formatFen(a.quote.payableFen)}`, `扣回 ${lines.a.taken} 积分`, `${owed} 积分待扣回`, '11月24日 10:00'])
  expect(parts(container, `#refunded-${b.id}`)).toEqual([
    `已退款 ${formatFen(b.quote.payableFen)}`,
    `退回 ${lines.b.back} 积分`,
    `${owed} 积分抵扣此前未扣回的积分`,
    `扣回 ${lines.b.taken} 积分`,
    '11月24日 10:00',
  ])
})
