/** SPEC §2.7 orders: an unpaid order can be paid or cancelled until it expires (`orders.pendingExpiryMinutes`). */
import { DEFAULT_CALENDAR_RULES } from '@/domain/calendar'
import type { RuleError } from '@/domain/errors'
import { amountLabel, assertPendingOrder, DEFAULT_ORDER_RULES, minutesLeftToPay, orderRulesWords, orderTitle, refundableUntil, refundConfirmWords, refundNotes, type OrderStatus } from '@/domain/orders'
import { formatFen } from '@/utils/format'

const CREATED = '2026-11-24T02:00:00.000Z'
const ctxAt = (iso: string) => ({ now: Date.parse(iso), config: { calendar: DEFAULT_CALENDAR_RULES, orders: DEFAULT_ORDER_RULES } })
const order = (status: OrderStatus) => ({ id: 'ord-1', status, createdAt: CREATED })

function refusal(fn: () => void): { code: string; status: number; zh: boolean } | null {
  try {
    fn()
    return null
  } catch (e) {
    const err = e as RuleError
    return { code: err.code, status: err.status, zh: /[\u4e00-\u9fa5]/.test(err.message) }
  }
}

test('an unpaid order inside its minutes can be paid and cancelled', () => {
  const ctx = ctxAt('2026-11-24T02:14:59.000Z')
  expect(refusal(() => assertPendingOrder(order('pending_payment'), 'pay', ctx))).toBeNull()
  expect(refusal(() => assertPendingOrder(order('pending_payment'), 'cancel', ctx))).toBeNull()
})

test.each([
  ['paid', 'pay', 'ORDER_ALREADY_PAID'],
  ['refunded', 'pay', 'ORDER_ALREADY_PAID'],
  ['cancelled', 'pay', 'ORDER_NOT_PAYABLE'],
  ['paid', 'cancel', 'ORDER_NOT_CANCELLABLE'],
  ['refunded', 'cancel', 'ORDER_NOT_CANCELLABLE'],
  ['cancelled', 'cancel', 'ORDER_ALREADY_CANCELLED'],
] as const)('a %s order: %s is refused with %s (409, zh-CN)', (status, action, code) => {
  expect(refusal(() => assertPendingOrder(order(status), action, ctxAt(CREATED)))).toEqual({ code, status: 409, zh: true })
})

test('at the expiry minute an unpaid order can be neither paid nor cancelled: ORDER_EXPIRED', () => {
  const ctx = ctxAt('2026-11-24T02:15:00.000Z')
  for (const action of ['pay', 'cancel'] as const) {
    expect(refusal(() => assertPendingOrder(order('pending_payment'), action, ctx))).toEqual({ code: 'ORDER_EXPIRED', status: 409, zh: true })
  }
})

test('minutes left to pay round up and never go below 0', () => {
  const payBefore = '2026-11-24T02:15:00.000Z'
  expect(minutesLeftToPay(payBefore, Date.parse(CREATED))).toBe(15)
  expect(minutesLeftToPay(payBefore, Date.parse('2026-11-24T02:14:01.000Z'))).toBe(1)
  expect(minutesLeftToPay(payBefore, Date.parse(payBefore))).toBe(0)
  expect(minutesLeftToPay(payBefore, Date.parse('2026-11-24T03:00:00.000Z'))).toBe(0)
})

test("下单须知 says the brand's own minutes to pay and days to refund", () => {
  expect(orderRulesWords({ pendingExpiryMinutes: 30, refundWindowDays: 10 })).toEqual([
    '下单后请在 30 分钟内完成支付，超时订单自动取消，选用的优惠券和积分不会扣除。',
    '商品支付后 10 天内（支付次日起算）可在「我的订单」申请退款；付费会员开通后不支持退款。',
  ])
  // The same count as the rule: paid on 11月24日, 10 days after it is 12月4日; with 0, the payment day alone.
  expect(refundableUntil('2026-11-24', { pendingExpiryMinutes: 30, refundWindowDays: 10 })).toBe('2026-12-04')
  expect(refundableUntil('2026-11-24', { pendingExpiryMinutes: 30, refundWindowDays: 0 })).toBe('2026-11-24')
  expect(orderRulesWords({ pendingExpiryMinutes: 30, refundWindowDays: 0 })[1]).toBe('商品仅可在支付当天于「我的订单」申请退款；付费会员开通后不支持退款。')
})

test('a refund says what it took back that the member might not expect: a leaderboard prize, points already spent', () => {
  const none = { shortfall: 0, leaderboardPrize: 0, leaderboardCoupons: 0, pointsExpired: 0, pointsSettled: 0, couponKept: false, freeServicesRevoked: 0 }
  expect(refundNotes(none)).toEqual([])
  expect(refundNotes({ ...none, shortfall: 40 })).toEqual(['40 积分已使用，将从之后获得的积分中扣回'])
  expect(refundNotes({ ...none, shortfall: 40, leaderboardPrize: 200 })).toEqual(['收回排行榜奖励 200 积分', '40 积分已使用，将从之后获得的积分中扣回'])
  expect(refundNotes({ ...none, leaderboardPrize: 400, leaderboardCoupons: 1 })).toEqual(['收回排行榜奖励 400 积分和 1 张优惠券'])
  expect(refundNotes({ ...none, leaderboardCoupons: 1 })).toEqual(['收回排行榜奖励 1 张优惠券'])
  // What is past its validity does not come back, and is said so.
  expect(refundNotes({ ...none, pointsExpired: 27, couponKept: true }, '新春福袋 满100减20')).toEqual(['使用的积分中 27 积分已过期，未退回', '优惠券「新春福袋 满100减20」已过有效期，未退还'])
  expect(refundNotes({ ...none, pointsSettled: 40 })).toEqual(['使用的积分中 40 积分用于抵扣此前退款未能扣回的积分'])
  // A tier the refund took away takes its unused free services of the month with it.
  expect(refundNotes({ ...none, freeServicesRevoked: 4 })).toEqual(['会员等级调整，本月未使用的 4 次会员免费服务已作废'])
})

test('an order is titled by its pieces, not its lines: 2 lattes and a bag of beans are 3 件商品', () => {
  const latte = { name: '招牌拿铁', qty: 1 }
  const beans = { name: '精品咖啡豆 250g', qty: 1 }
  expect(orderTitle([latte])).toBe('招牌拿铁')
  expect(orderTitle([{ ...latte, qty: 2 }])).toBe('招牌拿铁 ×2')
  expect(orderTitle([beans, { ...latte, qty: 2 }])).toBe('精品咖啡豆 250g 等 3 件商品')
  expect(orderTitle([beans, latte])).toBe('精品咖啡豆 250g 等 2 件商品')
})

describe('申请退款 says what applies to this order, and only that (refundConfirmWords)', () => {
  const quote = { payableFen: 2800, pointsToEarn: 0, growthToEarn: 0, pointsUsed: 0, coupon: null }
  const paidAt = '2026-11-24T02:00:00.000Z'
  const race = { name: '积分冲榜赛', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-11-30T00:00:00.000Z' }
  test('nothing earned, nothing used: only the money back', () => {
    expect(refundConfirmWords({ quote, paidAt }, [race], formatFen)).toBe('退款后将退回 ¥28。')
  })
  test('what it earned is taken back; a leaderboard its points counted on is named; what it used comes back', () => {
    const full = { ...quote, pointsToEarn: 110, growthToEarn: 15, pointsUsed: 50, coupon: { name: '满100减20' } }
    expect(refundConfirmWords({ quote: full, paidAt }, [race], formatFen)).toBe(
      '退款后将退回 ¥28，本单获得的 110 积分和 15 成长值会扣回，「积分冲榜赛」的排名按退款后的积分计算，多得的排行奖励会收回，使用的 50 积分和优惠券「满100减20」会退还（已过有效期的除外）。',
    )
    // Paid outside the board's window: its points never counted there.
    expect(refundConfirmWords({ quote: full, paidAt: '2026-11-30T00:00:00.000Z' }, [race], formatFen)).not.toContain('排名')
    expect(refundConfirmWords({ quote: { ...quote, growthToEarn: 15, coupon: { name: '9折券' } }, paidAt }, [race], formatFen)).toBe('退款后将退回 ¥28，本单获得的 15 成长值会扣回，使用的优惠券「9折券」会退还（已过有效期的除外）。')
  })
  test('what the payment earned — the day\'s 下单 award with the purchase points — is what it names', () => {
    const bought = { ...quote, pointsToEarn: 83, growthToEarn: 83 }
    expect(refundConfirmWords({ quote: bought, paidAt, earned: { points: 98, growth: 98 } }, [], formatFen)).toBe('退款后将退回 ¥28，本单获得的 98 积分和 98 成长值会扣回。')
  })
  test('a member who took this month’s free services is told a lower tier takes back the unused ones — only when the order brought growth', () => {
    const bought = { ...quote, pointsToEarn: 83, growthToEarn: 83 }
    expect(refundConfirmWords({ quote: bought, paidAt }, [], formatFen, 3)).toBe('退款后将退回 ¥28，本单获得的 83 积分和 83 成长值会扣回，若会员等级因此降低，本月未使用的会员免费服务会作废。')
    expect(refundConfirmWords({ quote: bought, paidAt }, [], formatFen, 0)).not.toContain('免费服务')
    expect(refundConfirmWords({ quote, paidAt }, [], formatFen, 3)).not.toContain('免费服务')
  })
})

test('an amount is 实付 only where money was paid', () => {
  expect((['pending_payment', 'paid', 'refunded', 'cancelled'] as const).map(amountLabel)).toEqual(['应付', '实付', '实付', '未支付'])
})
