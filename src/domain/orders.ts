/**
 * Order rules (SPEC §2.7 and what a shop needs around it): a paid goods order can be refunded within
 * `refundWindowDays` business days of its payment (paid memberships are not refundable); an order left unpaid
 * expires after `pendingExpiryMinutes`, returning its coupon and points (nothing was taken before payment).
 */
import { addDays, businessDateOf, type BusinessDate, type CalendarRules } from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'

export interface OrderRules {
  refundWindowDays: number
  pendingExpiryMinutes: number
}

export const DEFAULT_ORDER_RULES: OrderRules = { refundWindowDays: 7, pendingExpiryMinutes: 15 }

type OrdersCtx = Pick<Ctx<{ calendar: CalendarRules; orders: OrderRules }>, 'now' | 'config'>

/** The order rules as the member reads them before ordering (下单须知 on the shop page). */
export function orderRulesWords(rules: OrderRules): string[] {
  return [
    `下单后请在 ${rules.pendingExpiryMinutes} 分钟内完成支付，超时订单自动取消，选用的优惠券和积分不会扣除。`,
    // The window's days are counted from the day after the payment (`refundableUntil`); 0 leaves the payment day.
    rules.refundWindowDays === 0
      ? '商品仅可在支付当天于「我的订单」申请退款；付费会员开通后不支持退款。'
      : `商品支付后 ${rules.refundWindowDays} 天内（支付次日起算）可在「我的订单」申请退款；付费会员开通后不支持退款。`,
  ]
}

/**
 * What 申请退款 asks the member to confirm, for this order: the money back, and only what applies of the rest — the
 * points and growth it earned (taken back), the leaderboards its points counted on (the rank is worked out again, a
 * prize won by them taken back), the points and the coupon it used (returned).
 */
export function refundConfirmWords(
  order: {
    quote: { payableFen: number; pointsToEarn: number; growthToEarn: number; pointsUsed: number; coupon: { name: string } | null }
    paidAt: string | null
    /** What the payment earned (the day's 下单 award included); absent: the quote's purchase points. */
    earned?: { points: number; growth: number } | null
  },
  leaderboards: readonly { name: string; startsAt: string; endsAt: string }[],
  formatFen: (fen: number) => string,
  /** The month's free services the member has taken (MemberMe.freeServices.used): a lower tier takes back unused ones. */
  freeServicesTaken = 0,
): string {
  const q = order.quote
  const paidAt = order.paidAt ? Date.parse(order.paidAt) : NaN
  const got = order.earned ?? { points: q.pointsToEarn, growth: q.growthToEarn }
  const earned = [got.points > 0 ? `${got.points} 积分` : '', got.growth > 0 ? `${got.growth} 成长值` : ''].filter(Boolean)
  const boards = got.points > 0 ? leaderboards.filter((c) => Date.parse(c.startsAt) <= paidAt && paidAt < Date.parse(c.endsAt)) : []
  const used = [q.pointsUsed > 0 ? ` ${q.pointsUsed} 积分` : '', q.coupon ? `优惠券「${q.coupon.name}」` : ''].filter(Boolean)
  return [
    `退款后将退回 ${formatFen(q.payableFen)}`,
    earned.length > 0 ? `本单获得的 ${earned.join('和 ')}会扣回` : '',
    boards.length > 0 ? `${boards.map((c) => `「${c.name}」`).join('、')}的排名按退款后的积分计算，多得的排行奖励会收回` : '',
    used.length > 0 ? `使用的${used.join('和')}会退还（已过有效期的除外）` : '',
    got.growth > 0 && freeServicesTaken > 0 ? '若会员等级因此降低，本月未使用的会员免费服务会作废' : '',
  ]
    .filter(Boolean)
    .join('，')
    .concat('。')
}

/**
 * What a member is told after a refund besides 退款成功: what was taken back, or not returned, that the member might
 * not expect. `couponName`: the coupon the order used.
 */
export function refundNotes(
  reversed: { shortfall: number; leaderboardPrize: number; leaderboardCoupons: number; pointsExpired: number; pointsSettled: number; couponKept: boolean; freeServicesRevoked: number },
  couponName?: string,
): string[] {
  const notes: string[] = []
  if (reversed.pointsExpired > 0) notes.push(`使用的积分中 ${reversed.pointsExpired} 积分已过期，未退回`)
  if (reversed.pointsSettled > 0) notes.push(`使用的积分中 ${reversed.pointsSettled} 积分用于抵扣此前退款未能扣回的积分`)
  if (reversed.couponKept) notes.push(`优惠券${couponName ? `「${couponName}」` : ''}已过有效期，未退还`)
  if (reversed.leaderboardPrize > 0 || reversed.leaderboardCoupons > 0) {
    const what = [reversed.leaderboardPrize > 0 ? `${reversed.leaderboardPrize} 积分` : '', reversed.leaderboardCoupons > 0 ? `${reversed.leaderboardCoupons} 张优惠券` : '']
    notes.push(`收回排行榜奖励 ${what.filter(Boolean).join('和 ')}`)
  }
  if (reversed.freeServicesRevoked > 0) notes.push(`会员等级调整，本月未使用的 ${reversed.freeServicesRevoked} 次会员免费服务已作废`)
  if (reversed.shortfall > 0) notes.push(`${reversed.shortfall} 积分已使用，将从之后获得的积分中扣回`)
  return notes
}

/**
 * An order's title (我的订单, the cashier, the ledger line of its points): the item, with how many when more than one
 * (招牌拿铁 ×2), or the first item and how many pieces in all (精品咖啡豆 250g 等 3 件商品) — pieces, not lines.
 */
export function orderTitle(items: readonly { name: string; qty: number }[]): string {
  const pieces = items.reduce((n, i) => n + i.qty, 0)
  if (items.length === 1) return pieces > 1 ? `${items[0].name} ×${pieces}` : items[0].name
  return `${items[0].name} 等 ${pieces} 件商品`
}

/**
 * What an order's amount is called in 我的订单: 实付 only for money that was paid (a refunded order's too — it says
 * 已退款 beside it); an order waiting for payment is 应付, and one cancelled before anyone paid 未支付 — never 实付,
 * which a member reads as having been charged.
 */
export function amountLabel(status: OrderStatus): string {
  return status === 'pending_payment' ? '应付' : status === 'cancelled' ? '未支付' : '实付'
}

/** The last business day a goods order paid on `paidOn` can be refunded. */
export function refundableUntil(paidOn: BusinessDate, rules: OrderRules): BusinessDate {
  return addDays(paidOn, rules.refundWindowDays)
}

/** Refuses a refund after the window (`ORDER_REFUND_WINDOW_CLOSED`, 422). */
export function assertRefundWindow(paidOn: BusinessDate, ctx: OrdersCtx): void {
  const until = refundableUntil(paidOn, ctx.config.orders)
  if (businessDateOf(ctx.now, ctx.config.calendar) > until) {
    throw new RuleError('ORDER_REFUND_WINDOW_CLOSED', `订单已超过 ${ctx.config.orders.refundWindowDays} 天退款期限，如有问题请联系客服`, 422, { refundableUntil: until })
  }
}

/** An unpaid order's payment deadline as the member was given it; `payBefore` absent (orders placed before it was kept): from the rules in force. */
export interface PendingTimes {
  createdAt: string
  payBefore?: string
}

/**
 * The instant an unpaid order can be paid until: the one fixed when it was placed — rules changed since neither bring
 * an expired order back nor cut the time of one at the cashier.
 */
export function payBeforeOf(order: PendingTimes, rules: OrderRules): number {
  return order.payBefore ? Date.parse(order.payBefore) : Date.parse(order.createdAt) + rules.pendingExpiryMinutes * 60_000
}

/** Whether an unpaid order has expired by now. */
export function pendingOrderExpired(order: PendingTimes, ctx: OrdersCtx): boolean {
  return ctx.now >= payBeforeOf(order, ctx.config.orders)
}

export type OrderStatus = 'pending_payment' | 'paid' | 'refunded' | 'cancelled'

/**
 * What a member may do with an order while it waits for payment: pay it (again, after a cashier that was closed
 * or a reload) or cancel it. Anything but a live unpaid order is refused, each case with its own code (409):
 * `ORDER_ALREADY_PAID` / `ORDER_NOT_CANCELLABLE` (paid or refunded), `ORDER_NOT_PAYABLE` /
 * `ORDER_ALREADY_CANCELLED` (cancelled), `ORDER_EXPIRED` (left unpaid past `pendingExpiryMinutes`).
 */
export function assertPendingOrder(order: PendingTimes & { id: string; status: OrderStatus }, action: 'pay' | 'cancel', ctx: OrdersCtx): void {
  const details = { orderId: order.id }
  if (order.status === 'paid' || order.status === 'refunded') {
    if (action === 'pay') throw new RuleError('ORDER_ALREADY_PAID', '订单已经支付过了', 409, details)
    throw new RuleError('ORDER_NOT_CANCELLABLE', order.status === 'paid' ? '订单已支付，不能取消；如需退款请申请退款' : '订单已退款，不能取消', 409, details)
  }
  if (order.status === 'cancelled') {
    if (action === 'pay') throw new RuleError('ORDER_NOT_PAYABLE', '订单已取消，请重新下单', 409, details)
    throw new RuleError('ORDER_ALREADY_CANCELLED', '订单已经取消了', 409, details)
  }
  if (pendingOrderExpired(order, ctx)) {
    const minutes = Math.round((payBeforeOf(order, ctx.config.orders) - Date.parse(order.createdAt)) / 60_000)
    throw new RuleError('ORDER_EXPIRED', `订单超过 ${minutes} 分钟未支付，已自动取消，请重新下单`, 409, details)
  }
}

/** Whole minutes left to pay an order due at `payBefore` (rounded up: "1 分钟" until the last second), never below 0. */
export function minutesLeftToPay(payBefore: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(payBefore) - now) / 60_000))
}

export function validateOrderRules(rules: OrderRules): string[] {
  const problems: string[] = []
  if (!Number.isInteger(rules.refundWindowDays) || rules.refundWindowDays < 0 || rules.refundWindowDays > 365) {
    problems.push(`orders.refundWindowDays: must be an integer from 0 to 365, got ${String(rules.refundWindowDays)}`)
  }
  if (!Number.isInteger(rules.pendingExpiryMinutes) || rules.pendingExpiryMinutes < 1 || rules.pendingExpiryMinutes > 24 * 60) {
    problems.push(`orders.pendingExpiryMinutes: must be an integer from 1 to 1440, got ${String(rules.pendingExpiryMinutes)}`)
  }
  return problems
}
