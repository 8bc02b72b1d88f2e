/**
 * Catalogue and orders: `GET /catalogue`, `POST /orders/quote`, `POST /orders`, `GET /orders`,
 * `POST /orders/{id}/pay {result}`, `POST /orders/{id}/payment` (the payment request of an unpaid order again),
 * `POST /orders/{id}/cancel`, `POST /orders/{id}/refund`, and `POST /membership/purchase {planId}` (an
 * order of kind `membership`, paid the same way; on payment `applyPaidPlan`).
 *
 * Payment: the mock's provider is `mock` — the app shows a mock cashier and sends its answer as `result`; a server
 * without a provider (`payments: 'none'`, production) sells nothing (422 PAYMENTS_UNAVAILABLE).
 * With a real provider (`CoreEnv.payments`, ../payments.ts) the app's word is never trusted: an order's answer
 * carries the provider's parameters (asked after the write committed: `complete`), and the order is paid only on
 * the provider's word — its signed notification (confirmPaidOp, from the HTTP layer) or its answer to a query when
 * the app says `paid`. Cancelling closes the trade first (a trade found paid then is confirmed instead), and a
 * refund gives the money back through the provider before the order's points are reversed.
 *
 * Order rules (src/domain/orders.ts): an unpaid order can be paid or cancelled until `orders.pendingExpiryMinutes`
 * after it was created, then it is cancelled (nothing was taken before payment, so its coupon and points are the
 * member's as before: 409 `ORDER_EXPIRED` to a late payment or cancel); a goods order can be
 * refunded until `orders.refundWindowDays` after its payment day (422 `ORDER_REFUND_WINDOW_CLOSED`).
 *
 * Business keys: an order is paid once (409 `ORDER_ALREADY_PAID`) and refunded once (409
 * `ORDER_ALREADY_REFUNDED`), whatever Idempotency-Key a retry carries.
 */
import type { CancelOrderResponse, CreateOrderResponse, OrderWire, OrdersResponse, PayResponse, RefundResponse } from '../../../src/api/contract'
// Renamed on import: the React hooks lint rule would take `useCoupon` for a hook.
import { restoreCoupon, revokeCoupon, useCoupon as markCouponUsed } from '../../../src/domain/coupons'
import { businessDateOf, monthOf, parseInstant, toIso } from '../../../src/domain/calendar'
import type { RulesConfig } from '../../../src/domain/config'
import type { Ctx } from '../../../src/domain/context'
import { assertPendingOrder, assertRefundWindow, orderTitle, payBeforeOf, pendingOrderExpired, refundableUntil } from '../../../src/domain/orders'
import { leaderboardPrizeAfterRefund } from '../../../src/domain/campaigns'
import { freeServiceItemId, voucherStatus } from '../../../src/domain/mall'
import { refundOrderPoints, takeBackPrize, type AwardResult, type CappedBy, type LedgerEntry } from '../../../src/domain/points'
import { assertQuoteWithinLimit, quoteOrder, type OrderQuote } from '../../../src/domain/pricing'
import { applyPaidPlan, reevaluateAfterRefund } from '../../../src/domain/tiers'
import { isInNewcomerWindow, withdrawTaskEvent, type TaskDefinition } from '../../../src/domain/tasks'
import { isRuleError, RuleError } from '../../../src/domain/errors'
import { HttpError } from '../http'
import type { OrderRecord, Product } from '../records'
import { outRefundNoOf, outTradeNoOf, PaymentProviderError, type PaymentProvider, type TradeState } from '../payments'
import type { ReadScope } from '../port'
import type { HandlerResult, PrepareInput, RouteEntry } from '../route'
import { memberScopedId, type CoreEnv, type MemberTx } from '../tx'
import { idNumber } from '../member-ids'
import { invalid, listPage, objectBody, oneOf, optionalInt, pathId, requiredString } from '../validate'
import { freeServicesOf, memberMe } from '../views'
import { orderUseOp } from './events'

export interface OrderLineInput {
  sku: string
  qty: number
}

function linesOf(body: Record<string, unknown>): OrderLineInput[] {
  const items = body.items
  if (items === undefined || items === null) throw invalid('items', 'required')
  if (!Array.isArray(items)) throw invalid('items', 'must be a list')
  if (items.length > 20) throw invalid('items', 'at most 20 lines')
  return items.map((raw, i) => {
    try {
      const line = objectBody(raw)
      const sku = requiredString(line, 'sku', { max: 32 })
      const qty = optionalInt(line, 'qty', 1, 99)
      if (qty === undefined) throw invalid('qty', 'required')
      return { sku, qty }
    } catch (e) {
      // Named by its place in the body (`items[0].qty`), as the contract's validation names it.
      if (!(e instanceof HttpError) || e.code !== 'INVALID_INPUT') throw e
      const inner = String(e.details?.field)
      throw invalid(inner === 'body' ? `items[${i}]` : `items[${i}].${inner}`, String(e.details?.reason))
    }
  })
}

function couponChoice(body: Record<string, unknown>): string | null | undefined {
  const v = body.couponId
  if (v === undefined) return undefined
  if (v === null) return null
  if (typeof v !== 'string' || v.length === 0 || v.length > 128) throw invalid('couponId', 'must be a coupon id, null or absent')
  return v
}

async function pricedLines(tx: MemberTx, lines: OrderLineInput[]): Promise<OrderRecord['items']> {
  const catalogue: Product[] = await tx.work.scope.catalogue()
  return lines.map((l) => {
    const product = catalogue.find((p) => p.sku === l.sku)
    if (!product) throw new HttpError(404, 'PRODUCT_NOT_FOUND', '商品不存在', { sku: l.sku })
    return { sku: l.sku, qty: l.qty, name: product.name, priceFen: product.priceFen }
  })
}

/** A quote for an order still to be placed: refused (422) when what it would earn does not fit (assertQuoteWithinLimit). */
function placeableQuote(tx: MemberTx, items: OrderRecord['items'], couponId: string | null | undefined, pointsToUse: number): OrderQuote {
  const quote = quoteFor(tx, items, couponId, pointsToUse)
  assertQuoteWithinLimit(quote, tx.balance)
  return quote
}

export function quoteFor(tx: MemberTx, items: OrderRecord['items'], couponId: string | null | undefined, pointsToUse: number): OrderQuote {
  return quoteOrder(
    {
      items: items.map((i) => ({ sku: i.sku, priceFen: i.priceFen, qty: i.qty })),
      tierDiscountPercent: tx.effective().tier.discountPercent,
      coupons: tx.member.wallet.coupons,
      chosenCouponId: couponId,
      pointsToUse,
      balance: tx.balance,
    },
    tx.ctx,
  )
}

type OrdersCtx = Pick<Ctx<RulesConfig>, 'now' | 'config'>

/** An unpaid order past its time is cancelled, whether or not anything wrote that down (nothing was taken). */
function statusOf(o: OrderRecord, ctx: OrdersCtx): OrderRecord['status'] {
  return o.status === 'pending_payment' && pendingOrderExpired(o, ctx) ? 'cancelled' : o.status
}

/** The last day a refund is accepted, while it still is (a paid goods order inside its window). */
function refundableNow(o: OrderRecord, status: OrderRecord['status'], ctx: OrdersCtx): string | null {
  if (status !== 'paid' || o.kind !== 'goods' || !o.paidOn) return null
  const until = refundableUntil(o.paidOn, ctx.config.orders)
  return businessDateOf(ctx.now, ctx.config.calendar) <= until ? until : null
}

export function orderWire(o: OrderRecord, ctx: OrdersCtx): OrderWire {
  const status = statusOf(o, ctx)
  return {
    id: o.id,
    kind: o.kind,
    title: o.title,
    items: o.items,
    quote: o.quote,
    status,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    refundedAt: o.refundedAt,
    payBefore: status === 'pending_payment' ? toIso(payBeforeOf(o, ctx.config.orders)) : null,
    refundableUntil: refundableNow(o, status, ctx),
    earned: o.paid ? { points: o.paid.pointsEarned, growth: o.paid.growthEarned } : null,
    refundPoints: o.refundPoints ? { ...o.refundPoints, leaderboardPrize: o.refundPoints.leaderboardPrize ?? 0 } : null,
  }
}

/** The last placed first (as `GET /orders` pages them: ReadScope.ordersPage). */
export function newestFirst(orders: OrderRecord[]): OrderRecord[] {
  return [...orders].sort((a, b) => idNumber(b.id) - idNumber(a.id))
}

/**
 * Without a payment provider (CoreEnv.payments `none`) nothing is bought: an order that could never be paid is not
 * created, and no order is paid on the app's word.
 */
function assertPayments(env: CoreEnv): void {
  if (env.payments === 'none') throw new HttpError(422, 'PAYMENTS_UNAVAILABLE', '暂未开通在线支付，请到店办理')
}

function paymentOf(o: OrderRecord, env: CoreEnv): CreateOrderResponse['payment'] {
  return { provider: typeof env.payments === 'object' ? env.payments.name : 'mock', amountFen: o.quote.payableFen, description: o.title }
}

const providerOf = (env: CoreEnv): PaymentProvider | null => (typeof env.payments === 'object' ? env.payments : null)

/** The provider could not be reached or refused: nothing changed, and the member is told what to do. */
function providerFailed(e: unknown, message: string): never {
  if (e instanceof PaymentProviderError) throw new HttpError(e.busy ? 503 : 502, 'PAYMENT_PROVIDER_UNAVAILABLE', message, undefined, e.busy ? { 'Retry-After': '2' } : undefined)
  throw e
}

/**
 * `complete` of the routes that answer a payment request: the provider's parameters for the app's payment call
 * (none for an order with nothing to pay). The order is kept when the provider fails: 我的订单 pays it later.
 */
async function withProviderParams(result: HandlerResult, input: PrepareInput, env: CoreEnv): Promise<HandlerResult> {
  const provider = providerOf(env)
  const answer = result.body as CreateOrderResponse
  if (!provider || answer.order.quote.payableFen === 0 || !answer.order.payBefore || !input.memberId) return result
  const trade = {
    outTradeNo: outTradeNoOf(provider.tradePrefix, answer.order.id),
    memberId: input.memberId,
    amountFen: answer.order.quote.payableFen,
    description: answer.order.title,
    payBefore: answer.order.payBefore,
  }
  const params = await provider.prepay(trade).catch((e: unknown) => providerFailed(e, '支付服务暂时不可用，订单已保留，请稍后在「我的订单」中支付'))
  return { ...result, body: { ...answer, payment: { ...answer.payment, params } } }
}

/** What the provider said of an unpaid order's trade before the write (`prepare`), or null when it was not asked. */
type ProviderWord = { state: TradeState; closed: boolean } | null

/**
 * Asks the provider about the caller's unpaid order: what became of its trade, and, to `close` it, closes it unless
 * it was paid. An order with nothing to pay has no trade: it is "paid" by being confirmed.
 */
async function askProvider(
  input: PrepareInput,
  env: CoreEnv,
  read: <T>(fn: (scope: ReadScope) => Promise<T>) => Promise<T>,
  close: boolean,
  whenDown: string,
): Promise<ProviderWord> {
  const provider = providerOf(env)
  if (!provider || !input.memberId) return null
  const order = await read((scope) => scope.order(input.memberId!, pathId(input.params, 'id')))
  if (!order || order.status !== 'pending_payment') return null
  if (order.quote.payableFen === 0) return { state: close ? { paid: false, state: 'NOTHING_TO_PAY' } : { paid: true, amountFen: 0, transactionId: '', paidAt: toIso(input.now) }, closed: close }
  const outTradeNo = outTradeNoOf(provider.tradePrefix, order.id)
  try {
    const state = await provider.query(outTradeNo)
    if (close && !state.paid) await provider.close(outTradeNo)
    return { state, closed: close && !state.paid }
  } catch (e) {
    return providerFailed(e, whenDown)
  }
}

const CANNOT_CLOSE = '暂时无法取消支付，请稍后重试'

/** What paying an order did; `settled` is the part of `points` that went to what earlier refunds could not take back. */
/** `capped`/`cappedBy`: what the day's or month's cap took off the day's 下单 award (purchase points are not capped). */
type PaidOutcome = { order: OrderRecord; points: number; growth: number; settled?: number; capped?: number; cappedBy?: CappedBy }

/**
 * The order as the provider's word leaves it: paid when its trade is, cancelled when the trade was closed, and as it
 * was otherwise (not paid yet: the app says "confirming").
 */
async function settleByProvider(tx: MemberTx, orderId: string, word: ProviderWord, fallback: () => Promise<PaidOutcome>): Promise<PaidOutcome> {
  if (!word) return fallback()
  if (word.state.paid) return confirmPaidOp(tx, orderId, word.state)
  const order = await ownOrder(tx, orderId)
  if (word.closed && order.status === 'pending_payment') return { order: cancelOrder(tx, order), points: 0, growth: 0 }
  return { order, points: 0, growth: 0 }
}

function newOrder(tx: MemberTx, fields: Pick<OrderRecord, 'kind' | 'title' | 'items' | 'planId' | 'request' | 'quote'>): OrderRecord {
  const n = tx.member.seq.order + 1
  const order: OrderRecord = {
    id: memberScopedId('ord', tx.member.id, n),
    memberId: tx.member.id,
    ...fields,
    status: 'pending_payment',
    createdAt: tx.iso,
    // The deadline the member is given now, kept: rules changed later do not move it (payBeforeOf).
    payBefore: toIso(payBeforeOf({ createdAt: tx.iso }, tx.rules.orders)),
    paidAt: null,
    paidOn: null,
    refundedAt: null,
    paid: null,
  }
  tx.member = { ...tx.member, seq: { ...tx.member.seq, order: n } }
  tx.work.putOrder(order)
  return order
}

export async function createOrderOp(tx: MemberTx, lines: OrderLineInput[], couponId: string | null | undefined, pointsToUse: number): Promise<OrderRecord> {
  const items = await pricedLines(tx, lines)
  const quote = placeableQuote(tx, items, couponId, pointsToUse)
  return newOrder(tx, { kind: 'goods', title: orderTitle(items), items, planId: null, request: { couponId: quote.coupon?.id ?? null, pointsToUse }, quote })
}

/** A paid plan's price: no member discount, coupon or points, and no points or growth earned by it. */
function membershipQuote(tx: MemberTx, items: OrderRecord['items']): OrderQuote {
  const quote = quoteOrder(
    { items: items.map((i) => ({ sku: i.sku, priceFen: i.priceFen, qty: i.qty })), tierDiscountPercent: 100, coupons: [], chosenCouponId: null, pointsToUse: 0, balance: tx.balance },
    tx.ctx,
  )
  return { ...quote, pointsToEarn: 0, growthToEarn: 0 }
}

export function purchaseMembershipOp(tx: MemberTx, planId: string): OrderRecord {
  // Dry run: the domain refuses an unknown plan (404) or one below an active higher paid tier (409) now,
  // not after the member has paid.
  applyPaidPlan(tx.member.tier, planId, tx.ctx)
  const plan = tx.rules.tiers.paidPlans.find((p) => p.id === planId)!
  const items = [{ sku: `plan:${plan.id}`, qty: 1, name: plan.name, priceFen: plan.priceFen }]
  return newOrder(tx, { kind: 'membership', title: plan.name, items, planId, request: { couponId: null, pointsToUse: 0 }, quote: membershipQuote(tx, items) })
}

async function ownOrder(tx: MemberTx, orderId: string): Promise<OrderRecord> {
  const order = await tx.work.order(tx.member.id, orderId)
  // Another member's order does not exist for this member.
  if (!order || order.memberId !== tx.member.id) throw new HttpError(404, 'ORDER_NOT_FOUND', '订单不存在', { orderId })
  return order
}

export async function payOrderOp(tx: MemberTx, orderId: string, result: 'paid' | 'cancelled'): Promise<PaidOutcome> {
  const order = await ownOrder(tx, orderId)
  // The cashier's "cancelled" closes an unpaid order even after its time (it was cancelled either way).
  if (result === 'cancelled' && order.status === 'pending_payment') return { order: cancelOrder(tx, order), points: 0, growth: 0 }
  assertPendingOrder(order, 'pay', tx.ctx)
  return takePayment(tx, order)
}

/**
 * The payment provider says the order's trade is paid (its notification, or its answer to a query): the order is
 * paid now, once — the same word again changes nothing. The provider took the money in time (its trade expired with
 * the order), so a late word still pays an order past its time. An order that can no longer take it (cancelled
 * meanwhile, its coupon used by another order, an amount that is not the order's) is refused: the caller refunds.
 */
export async function confirmPaidOp(tx: MemberTx, orderId: string, paid: { amountFen: number; transactionId: string }): Promise<PaidOutcome & { fresh: boolean }> {
  const order = await ownOrder(tx, orderId)
  if (order.status === 'paid' || order.status === 'refunded') return { ...asPaid(order), fresh: false }
  // An erased member's order takes no payment: it goes back (confirmPayment), and the order is cancelled.
  if (order.status !== 'pending_payment' || tx.member.erasedAt) throw new RuleError('ORDER_NOT_PAYABLE', '订单已取消，款项将原路退回', 409, { orderId })
  if (paid.amountFen !== order.quote.payableFen) {
    throw new RuleError('PAYMENT_AMOUNT_MISMATCH', '支付金额与订单不符，款项将原路退回', 409, { orderId, paidFen: paid.amountFen, payableFen: order.quote.payableFen })
  }
  return { ...(await takePayment(tx, order, paid.transactionId || undefined)), fresh: true }
}

/** A paid order as its payment left it (what it earned) — the same whoever confirmed it first, the app or the provider. */
const asPaid = (order: OrderRecord): PaidOutcome => ({
  order,
  points: order.paid?.pointsEarned ?? 0,
  growth: order.paid?.growthEarned ?? 0,
  settled: order.paid?.pointsSettled ?? 0,
  capped: order.paid?.pointsCapped?.amount ?? 0,
  cappedBy: order.paid?.pointsCapped?.by ?? null,
})

/** An unpaid order whose payment was refused (confirmPaidOp) is cancelled: the money goes back, the order cannot be paid again. */
export async function cancelRefusedOp(tx: MemberTx, orderId: string): Promise<void> {
  const order = await ownOrder(tx, orderId)
  if (order.status === 'pending_payment') cancelOrder(tx, order)
}

async function takePayment(tx: MemberTx, order: OrderRecord, transactionId?: string): Promise<PaidOutcome> {
  // Re-quote at payment (pricing.ts): the coupon and points offset are used only now, in this same step.
  const quote = order.kind === 'goods' ? requote(tx, order) : membershipQuote(tx, order.items)
  if (quote.payableFen !== order.quote.payableFen) {
    throw new HttpError(409, 'ORDER_PRICE_CHANGED', '订单价格有变化，请重新下单', { was: order.quote.payableFen, now: quote.payableFen })
  }
  if (quote.coupon) {
    const used = markCouponUsed(tx.member.wallet, { couponId: quote.coupon.id, orderId: order.id, amountFen: quote.afterTierFen }, tx.ctx)
    tx.member = { ...tx.member, wallet: used.state }
    tx.log('coupon_cost', { costFen: used.discountFen })
    tx.log('benefit_use')
  }
  if (quote.tierDiscountFen > 0) tx.log('benefit_use')
  if (quote.pointsUsed > 0) tx.spend({ amount: quote.pointsUsed, reason: '订单积分抵扣', ref: order.id })
  let points = 0
  let growth = 0
  let settled = 0
  let use: AwardResult | null = null
  if (quote.pointsToEarn > 0) {
    const award = tx.grant({ amount: quote.pointsToEarn, source: 'purchase', ref: order.id, growth: quote.growthToEarn, reason: `消费得积分 ${order.title}` })
    points = award.awarded
    growth = award.growth
    settled = award.settled
  } else if (quote.growthToEarn > 0) {
    tx.bumpMetrics(tx.today, { growth: quote.growthToEarn })
    growth = quote.growthToEarn
  }
  // A paid plan's fee buys the plan's tier for its term; it is not shopping, so it earns no spending toward tiers.
  if (order.kind === 'goods') tx.bumpMetrics(tx.today, { spendFen: quote.payableFen, orders: 1 })
  if (order.kind === 'membership' && order.planId) {
    const r = applyPaidPlan(tx.member.tier, order.planId, tx.ctx)
    tx.member = { ...tx.member, tier: r.state, paidPlanId: order.planId }
    tx.tierMessages(r.events)
    tx.log('paid_member')
  } else {
    tx.recordTasks('order_paid', order.id)
    // The payment is the day's 下单 too: what it earns is the payment's (and a refund takes it back with the rest).
    use = orderUseOp(tx, order.id)
    points += use?.awarded ?? 0
    growth += use?.growth ?? 0
    settled += use?.settled ?? 0
  }
  const paid: OrderRecord = {
    ...order,
    quote,
    status: 'paid',
    paidAt: tx.iso,
    paidOn: tx.today,
    paid: {
      couponId: quote.coupon?.id ?? null,
      pointsUsed: quote.pointsUsed,
      pointsEarned: points,
      growthEarned: growth,
      ...(settled > 0 ? { pointsSettled: settled } : {}),
      ...(use?.capped ? { pointsCapped: { amount: use.capped, by: use.cappedBy } } : {}),
      spendFen: quote.payableFen,
      ...(transactionId ? { transactionId } : {}),
    },
  }
  tx.work.putOrder(paid)
  tx.upgrade()
  return asPaid(paid)
}

/**
 * A goods order's quote again, at payment. Its coupon may have gone since it was placed (paid for another order,
 * or expired): the refusal says so (COUPON_ALREADY_USED, COUPON_EXPIRED …) and what is left to do.
 */
function requote(tx: MemberTx, order: OrderRecord): OrderQuote {
  try {
    return quoteFor(tx, order.items, order.request.couponId, order.request.pointsToUse)
  } catch (e) {
    if (isRuleError(e) && e.code.startsWith('COUPON_')) throw new RuleError(e.code, `${e.message}，请取消本订单后重新下单`, e.status, e.details)
    throw e
  }
}

/**
 * Cancelled: the order can no longer be paid. Its coupon and points offset were only reserved by the quote (they
 * are taken at payment, payOrderOp), so they are the member's again as they were.
 */
function cancelOrder(tx: MemberTx, order: OrderRecord): OrderRecord {
  const cancelled: OrderRecord = { ...order, status: 'cancelled' }
  tx.work.putOrder(cancelled)
  return cancelled
}

/** The member cancels an unpaid order (我的订单 → 取消). */
export async function cancelOrderOp(tx: MemberTx, orderId: string): Promise<OrderRecord> {
  const order = await ownOrder(tx, orderId)
  assertPendingOrder(order, 'cancel', tx.ctx)
  return cancelOrder(tx, order)
}

/**
 * The payment request of an unpaid order again (我的订单 → 去支付, after a closed cashier or a reload). What the
 * payment would refuse — a coupon gone since the order was placed — is refused now, before the member is asked
 * to pay.
 */
export async function paymentAgainOp(tx: MemberTx, orderId: string): Promise<OrderRecord> {
  const order = await ownOrder(tx, orderId)
  assertPendingOrder(order, 'pay', tx.ctx)
  if (order.kind === 'goods') requote(tx, order)
  // A plan another purchase has since put below the member's paid tier is refused now, as paying it would be.
  else if (order.planId) applyPaidPlan(tx.member.tier, order.planId, tx.ctx)
  return order
}

/**
 * Refuses the refund of an order that cannot be refunded (now). Customer service (`staff`) may refund a goods order
 * after the member's window has closed; a paid plan is never refunded.
 */
function assertRefundable(order: OrderRecord, ctx: OrdersCtx, staff = false): asserts order is OrderRecord & { paid: NonNullable<OrderRecord['paid']>; paidOn: string } {
  const orderId = order.id
  if (order.status === 'refunded') throw new HttpError(409, 'ORDER_ALREADY_REFUNDED', '该订单已退款', { orderId })
  if (order.status !== 'paid' || !order.paid || !order.paidOn) throw new HttpError(422, 'ORDER_NOT_PAID', '订单未支付，无需退款', { orderId })
  if (order.kind === 'membership') throw new HttpError(422, 'ORDER_NOT_REFUNDABLE', staff ? '付费会员开通后不支持退款' : '付费会员开通后不支持退款，请联系客服', { orderId })
  if (!staff) assertRefundWindow(order.paidOn, ctx)
}

/**
 * `prepare` of a refund with a real provider: the money goes back first (the same refund number on a retry, so it
 * goes back once); when the provider refuses, nothing changes. An order that cannot be refunded is left to the write,
 * which refuses it the same way.
 */
export async function refundWithProvider(
  target: { memberId: string | null; orderId: string; now: number; staff?: boolean },
  env: CoreEnv,
  read: <T>(fn: (scope: ReadScope) => Promise<T>) => Promise<T>,
): Promise<void> {
  const provider = providerOf(env)
  const { memberId } = target
  if (!provider || !memberId) return
  const [order, rules] = await read(async (scope) => [await scope.order(memberId, target.orderId), await scope.rules()] as const)
  if (!order) return
  try {
    assertRefundable(order, { now: target.now, config: rules }, target.staff)
  } catch {
    return
  }
  if (order.paid.spendFen === 0) return
  const outTradeNo = outTradeNoOf(provider.tradePrefix, order.id)
  await provider
    .refund({ outTradeNo, outRefundNo: outRefundNoOf(outTradeNo), amountFen: order.paid.spendFen, totalFen: order.paid.spendFen, reason: `退款 ${order.title}` })
    .catch((e: unknown) => providerFailed(e, '退款暂时无法办理，请稍后重试；如仍不成功请联系客服'))
}

/**
 * What a refunded goods order had counted toward besides points: the tasks (完成首笔订单, 下单 1 次, 新人首次下单, a
 * campaign's 下单), where unclaimed, keep only what the member's other paid orders give them — those the task could
 * have counted (paid that day, in the newcomer days, while the campaign ran); the day's 下单 福卡 goes, unless another
 * order paid that day still earns it.
 */
async function withdrawOrderUse(tx: MemberTx, order: OrderRecord & { paidOn: string }, orders: () => Promise<OrderRecord[]>): Promise<void> {
  const others = (await orders()).filter((o) => o.id !== order.id && o.kind === 'goods' && o.status === 'paid')
  const joined = tx.joined()
  const campaignFrom = (id: string | undefined) => {
    const c = tx.rules.campaigns.find((x) => x.id === id)
    return c ? parseInstant(c.startsAt) - tx.earlyMinutes() * 60_000 : -Infinity
  }
  const counted = (def: TaskDefinition, period: string, o: OrderRecord) => {
    if (!o.paidOn || !o.paidAt) return false
    if (def.kind === 'daily') return o.paidOn === period
    if (def.kind === 'newcomer') return isInNewcomerWindow(joined, o.paidOn, tx.rules.tasks)
    if (def.kind === 'campaign') return parseInstant(o.paidAt) >= campaignFrom(def.campaignId)
    return true
  }
  const remaining = (def: TaskDefinition, period: string) => others.filter((o) => counted(def, period, o)).length
  const withdrawn = { eventTypes: ['order_paid', 'core_use'], occurredOn: order.paidOn, remaining }
  tx.member = { ...tx.member, tasks: withdrawTaskEvent(tx.member.tasks, withdrawn, tx.rules.tasks) }
  if (!others.some((o) => o.paidOn === order.paidOn)) tx.withdrawCards('core_use', order.paidOn)
}

/**
 * A refund after a leaderboard's results takes back what the order's points won there (SPEC §2.5; README "Campaigns"):
 * the member's score without every order refunded since the end — this one too; their refunds came after the window,
 * so the board as stored still counts them — is ranked among the others as published (leaderboardPrizeAfterRefund),
 * and the points prize paid beyond that rank's is taken back (takeBackPrize: what the balance cannot cover is owed),
 * and a prize coupon that rank does not give, unused, is revoked (a used one stays used) for the one that rank
 * gives. The campaign's cost on the dashboard goes down by the points that came back. Returns the points taken back,
 * owed ones included, and how many coupons were. The boards are those paid, as they were then: an ended campaign
 * the rules no longer list (dropped, or a rollback to a version before it) still takes back what the order won there.
 */
async function takeBackLeaderboardPrizes(
  tx: MemberTx,
  order: OrderRecord,
  entries: LedgerEntry[],
  orders: () => Promise<OrderRecord[]>,
): Promise<{ points: number; coupons: number }> {
  const scope = tx.work.scope
  let total = 0
  let coupons = 0
  const settled = (await scope.settledLeaderboards()).map((s) => s.campaign ?? tx.rules.campaigns.find((c) => c.id === s.campaignId))
  for (const c of settled) {
    if (!c?.leaderboard) continue
    const from = parseInstant(c.startsAt)
    const to = parseInstant(c.endsAt)
    const counted = (list: LedgerEntry[]) => list.filter((e) => e.type === 'earn' && e.amount > 0 && parseInstant(e.at) >= from && parseInstant(e.at) < to).reduce((n, e) => n + e.amount, 0)
    const earned = counted(entries)
    if (earned === 0) continue
    const prizeLines = await scope.ledgerByRefs(tx.member.id, Array.from({ length: c.leaderboard.topN }, (_, i) => `leaderboard:${c.id}:${i + 1}`))
    const paid = prizeLines.find((e) => e.amount > 0 && !e.revokesPrize)
    // A prize coupon the member has not used yet (the wallet holds every unused one).
    const coupon = tx.member.wallet.coupons.find((k) => k.source === 'leaderboard' && k.ref.startsWith(`leaderboard:${c.id}:`) && k.usedAt === null && !k.revokedAt)
    if (!paid && !coupon) continue
    const earlier = (await orders()).filter((o) => o.id !== order.id && o.refundedAt !== null && parseInstant(o.refundedAt) >= to)
    const lost = earned + (earlier.length > 0 ? counted(await scope.ledgerByRefs(tx.member.id, earlier.map((o) => o.id))) : 0)
    const score = ((await scope.leaderboardRankOf(tx.member.id, c.startsAt, c.endsAt))?.points ?? 0) - lost
    const others = (await scope.leaderboardScores(c.startsAt, c.endsAt, c.leaderboard.topN + 1)).filter((s) => s.memberId !== tx.member.id)
    const due = leaderboardPrizeAfterRefund(c, score, others)
    if (coupon && coupon.templateId !== due.couponTemplateId) {
      const r = revokeCoupon(tx.member.wallet, coupon.id, tx.ctx)
      tx.member = { ...tx.member, wallet: r.state }
      if (r.revoked) {
        coupons++
        // The rank the member keeps gives a coupon of its own: that one, as its winners got it (as the points are).
        if (due.couponTemplateId && due.rank !== null) tx.give(due.couponTemplateId, `leaderboard:${c.id}:${due.rank}`, 'leaderboard')
      }
    }
    if (!paid) continue
    // What the member still holds of it: what earlier refunds took back (or left owed) is not taken again.
    const held = prizeLines.reduce((n, e) => (e.revokesPrize ? n + e.amount - (e.shortfall ?? 0) : n), paid.amount)
    const take = held - due.points
    if (take <= 0) continue
    const reason = due.rank === null ? `退款后未进入「${c.name}」获奖名次，收回排行奖励` : `退款后「${c.name}」排名第 ${due.rank} 名，收回多得的排行奖励`
    tx.member = { ...tx.member, points: takeBackPrize(tx.member.points, { amount: take, reason, ref: paid.ref }, tx.ctx).state }
    // The campaign cost what it paid, less what came back (owed points included: the next points earned settle them).
    tx.log('prize_cost', { campaignId: c.id, costFen: -take * tx.rules.points.pointValueFen })
    total += take
  }
  return { points: total, coupons }
}

/**
 * A refund that lowered the tier takes back the month's free services (tiers.ts) the allowance it lost gave: of the
 * month's vouchers, those beyond what the tier held now gives and within what the tier before gave — unused ones, the
 * last taken first — are revoked (作废), and the month's count comes down with them; one already used at the counter
 * stays used. Vouchers taken under an allowance lost some other way (a paid plan ended, the rules changed) are not the
 * refund's to take. Returns how many were revoked.
 */
async function revokeFreeServices(tx: MemberTx, allowanceBefore: number): Promise<number> {
  const status = freeServicesOf(tx)
  const excess = Math.min(status.used, allowanceBefore) - status.perMonth
  if (excess <= 0) return 0
  const itemId = freeServiceItemId(monthOf(tx.today))
  const unused = (await tx.work.scope.redemptions(tx.member.id)).filter((r) => r.itemId === itemId && r.voucher && voucherStatus(r.voucher, tx.today) === 'valid')
  const revoked = unused.sort((a, b) => idNumber(b.id) - idNumber(a.id)).slice(0, excess)
  for (const r of revoked) tx.work.redemptions.push({ ...r, voucher: { ...r.voucher!, revokedAt: tx.iso } })
  if (revoked.length > 0) tx.member = { ...tx.member, redeemed: { ...tx.member.redeemed, [itemId]: status.used - revoked.length } }
  return revoked.length
}

/** Refunds a paid goods order: the member (inside the window), or customer service (`staff`, any time). */
export async function refundOrderOp(tx: MemberTx, orderId: string, staff = false): Promise<{ order: OrderRecord; reversed: RefundResponse['reversed'] }> {
  const order = await ownOrder(tx, orderId)
  assertRefundable(order, tx.ctx, staff)
  // The refund reads what the payment did: its ledger entries, the lots they moved and the coupon it used.
  const entries = await tx.work.scope.ledgerByRefs(tx.member.id, [order.id])
  const lotIds = [...new Set(entries.flatMap((e) => (e.lots ?? []).map((m) => m.lotId)))]
  const lots = await tx.work.scope.lotsByIds(tx.member.id, lotIds)
  const couponId = order.paid.couponId
  const coupons = couponId ? await tx.work.scope.couponsByIds(tx.member.id, [couponId]) : []
  tx.work.withHistory(tx, { entries, lots, coupons })
  // The account of an erased member is closed (会员注销, eraseOp): the money goes back, but its prizes, tier and
  // vouchers went with it, what it already spent is not owed, and what the refund hands back (spent points, the
  // coupon) is given up again below.
  const closed = Boolean(tx.member.erasedAt)
  const r = refundOrderPoints(tx.member.points, { orderRef: order.id, closed }, tx.ctx)
  tx.member = { ...tx.member, points: r.state }
  // The member's orders, read once if at all (the prize take-back and the task withdrawal both ask).
  let all: Promise<OrderRecord[]> | undefined
  const orders = () => (all ??= tx.work.scope.orders(tx.member.id))
  const { points: leaderboardPrize, coupons: leaderboardCoupons } = closed ? { points: 0, coupons: 0 } : await takeBackLeaderboardPrizes(tx, order, entries, orders)
  // The purchase's growth without purchase points (a brand giving no points for spending) has no ledger entry to undo.
  const unledgered = order.quote.pointsToEarn > 0 ? 0 : order.quote.growthToEarn
  const growth = r.refund.growthToReverse + unledgered
  // Undo the order's metrics on the days they were counted (growth never below 0: rollingMetrics clamps); the
  // monthly reports still say the growth was gained then (growthWithdrawn) and taken back today (growthReversed).
  tx.bumpMetrics(order.paidOn, { growth: -unledgered, growthWithdrawn: unledgered, spendFen: -order.paid.spendFen, orders: -1 })
  for (const [date, g] of Object.entries(r.refund.growthByDate)) tx.bumpMetrics(date, { growth: -g, growthWithdrawn: g })
  if (growth > 0) tx.bumpMetrics(tx.today, { growthReversed: growth })
  let couponKept = false
  if (order.paid.couponId) {
    const restored = restoreCoupon(tx.member.wallet, { couponId: order.paid.couponId, orderId: order.id }, tx.ctx)
    tx.member = { ...tx.member, wallet: restored.state }
    couponKept = restored.reason === 'validity_passed'
    // A refunded order cost the brand nothing: what its coupon took off leaves the dashboard's cost on the refund day
    // (a range holding the refund but not the payment can show a negative cost: what came back then).
    const discountFen = order.quote.coupon?.id === order.paid.couponId ? order.quote.coupon.discountFen : 0
    if (discountFen > 0) tx.log('coupon_cost', { costFen: -discountFen })
  }
  if (order.kind === 'goods') await withdrawOrderUse(tx, order, orders)
  let freeServicesRevoked = 0
  if (closed) tx.forfeitHoldings()
  else {
    const allowanceBefore = freeServicesOf(tx).perMonth
    const tier = reevaluateAfterRefund(tx.member.tier, { metrics: tx.metrics(), orderPaidOn: order.paidOn }, tx.ctx)
    tx.member = { ...tx.member, tier: tier.state }
    tx.tierMessages(tier.events)
    freeServicesRevoked = await revokeFreeServices(tx, allowanceBefore)
  }
  const { restored, restoredExpired: expired, settled, reversed, shortfall } = r.refund
  const refunded: OrderRecord = { ...order, status: 'refunded', refundedAt: tx.iso, refundPoints: { restored, expired, settled, reversed, shortfall, leaderboardPrize } }
  tx.work.putOrder(refunded)
  return {
    order: refunded,
    reversed: {
      pointsEarned: reversed,
      pointsRestored: restored,
      pointsExpired: expired,
      pointsSettled: settled,
      couponKept,
      growth,
      shortfall,
      leaderboardPrize,
      leaderboardCoupons,
      freeServicesRevoked,
    },
  }
}

export const ordersRoutes: RouteEntry[] = [
  ['GET', '/catalogue', { auth: 'member', handler: async (args) => ({ body: { products: await args.work.scope.catalogue() } }) }],
  [
    'POST',
    '/orders/quote',
    {
      auth: 'member',
      // A preview: nothing changes, so nothing is stored for a replay.
      idempotent: false,
      handler: async (args) => {
        const body = objectBody(args.body)
        const lines = linesOf(body)
        const couponId = couponChoice(body)
        const pointsToUse = optionalInt(body, 'pointsToUse', 0, 10_000_000) ?? 0
        const tx = await args.me()
        return { body: placeableQuote(tx, await pricedLines(tx, lines), couponId, pointsToUse) }
      },
    },
  ],
  [
    'POST',
    '/orders',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const lines = linesOf(body)
        const couponId = couponChoice(body)
        const pointsToUse = optionalInt(body, 'pointsToUse', 0, 10_000_000) ?? 0
        assertPayments(args.work.env)
        const tx = await args.me()
        const order = await createOrderOp(tx, lines, couponId, pointsToUse)
        const answer: CreateOrderResponse = { order: orderWire(order, tx.ctx), payment: paymentOf(order, args.work.env) }
        return { body: answer, status: 201 }
      },
      complete: withProviderParams,
    },
  ],
  [
    'GET',
    '/orders',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const page = await listPage(args.query, (before, limit) => args.work.scope.ordersPage(tx.member.id, before, limit), (o) => orderWire(o, tx.ctx))
        const body: OrdersResponse = { orders: page.items, nextCursor: page.nextCursor }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/orders/:id/pay',
    {
      auth: 'member',
      // With a provider, its word (`askProvider`) decides: `paid` from the app is a reason to ask, `cancelled` to close.
      prepare: (input, env, read) => {
        const cancel = oneOf(objectBody(input.body), 'result', ['paid', 'cancelled'] as const) === 'cancelled'
        return askProvider(input, env, read, cancel, cancel ? CANNOT_CLOSE : '支付结果确认中，请稍后在「我的订单」查看')
      },
      handler: async (args) => {
        const result = oneOf(objectBody(args.body), 'result', ['paid', 'cancelled'] as const)
        assertPayments(args.work.env)
        const tx = await args.me()
        const orderId = pathId(args.params, 'id')
        const r = await settleByProvider(tx, orderId, args.prepared as ProviderWord, async () => {
          const order = providerOf(args.work.env) ? await ownOrder(tx, orderId) : null
          // The provider's notification came first: the app's "paid" finds the order paid.
          if (order?.status === 'paid' && result === 'paid') return asPaid(order)
          // With a provider, an unpaid order is never paid on the app's word.
          if (order?.status === 'pending_payment') return { order, points: 0, growth: 0 }
          return payOrderOp(tx, orderId, result)
        })
        const awarded = { points: r.points, growth: r.growth, settled: r.settled ?? 0, capped: r.capped ?? 0, cappedBy: r.cappedBy ?? null }
        const body: PayResponse = { order: orderWire(r.order, tx.ctx), balance: tx.balance, awarded, member: memberMe(tx) }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/orders/:id/payment',
    {
      auth: 'member',
      prepare: (input, env, read) => askProvider(input, env, read, false, '支付服务暂时不可用，请稍后重试'),
      handler: async (args) => {
        objectBody(args.body)
        assertPayments(args.work.env)
        const tx = await args.me()
        const orderId = pathId(args.params, 'id')
        // Paid already, though no word of it had come (the notification is on its way): the order is paid now, and
        // the answer opens no cashier.
        const word = args.prepared as ProviderWord
        const order = word?.state.paid ? (await confirmPaidOp(tx, orderId, word.state)).order : await paymentAgainOp(tx, orderId)
        const answer: CreateOrderResponse = { order: orderWire(order, tx.ctx), payment: paymentOf(order, args.work.env) }
        return { body: answer }
      },
      complete: withProviderParams,
    },
  ],
  [
    'POST',
    '/orders/:id/cancel',
    {
      auth: 'member',
      prepare: (input, env, read) => askProvider(input, env, read, true, CANNOT_CLOSE),
      handler: async (args) => {
        objectBody(args.body)
        const tx = await args.me()
        const orderId = pathId(args.params, 'id')
        // A trade found paid as it was being closed is confirmed: the answer shows the order paid, not cancelled.
        const { order } = await settleByProvider(tx, orderId, args.prepared as ProviderWord, async () => ({ order: await cancelOrderOp(tx, orderId), points: 0, growth: 0 }))
        const body: CancelOrderResponse = { order: orderWire(order, tx.ctx), balance: tx.balance }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/orders/:id/refund',
    {
      auth: 'member',
      prepare: (input, env, read) => {
        objectBody(input.body) // a malformed request is refused before any money moves
        return refundWithProvider({ memberId: input.memberId, orderId: pathId(input.params, 'id'), now: input.now }, env, read)
      },
      handler: async (args) => {
        const tx = await args.me()
        const r = await refundOrderOp(tx, pathId(args.params, 'id'))
        const body: RefundResponse = { order: orderWire(r.order, tx.ctx), balance: tx.balance, reversed: r.reversed, member: memberMe(tx) }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/membership/purchase',
    {
      auth: 'member',
      handler: async (args) => {
        const planId = requiredString(objectBody(args.body), 'planId', { max: 32 })
        assertPayments(args.work.env)
        const tx = await args.me()
        const order = purchaseMembershipOp(tx, planId)
        const answer: CreateOrderResponse = { order: orderWire(order, tx.ctx), payment: paymentOf(order, args.work.env) }
        return { body: answer, status: 201 }
      },
      complete: withProviderParams,
    },
  ],
]
