/**
 * Order pricing (SPEC §2.2 (b), §2.7): list price → tier discount → coupon → points offset → payable, and
 * what a paid order earns.
 *
 * Rounding — ONE rule for every percentage in money: the discount is computed in whole fen and rounded
 * DOWN (`percentDiscountFen` in coupons.ts). So 9.8折 on ¥0.99 (99 fen) takes off floor(99 × 2 / 100) = 1 fen,
 * never 1.98 fen. The tier discount is applied once to the order's list total, not item by item, so the
 * rounding happens once. Points and growth earned round down to whole units (1 per full ¥1 paid).
 *
 * The points offset is capped at `maxOffsetPercent` of the amount AFTER the tier discount and coupon (what the
 * member would otherwise pay), converted to whole points rounding down, and only when the balance is at
 * least `minBalanceToOffset`.
 */
import type { CalendarRules } from './calendar'
import type { Ctx } from './context'
import { couponApplicability, couponRefusal, percentDiscountFen, type Coupon } from './coupons'
import { RuleError } from './errors'
import { MAX_POINTS, MAX_POINTS_WORDS } from './points'

export interface PricingRules {
  /** Fen one point is worth at checkout (100 points = ¥10). */
  pointValueFen: number
  /** Points may pay at most this percent of the amount after the tier discount and coupon. */
  maxOffsetPercent: number
  /** Points can be used only when the balance is at least this. */
  minBalanceToOffset: number
  /** Points earned per full ¥1 (100 fen) of the payable amount. */
  pointsPerYuanPaid: number
  /** Growth earned per full ¥1 (100 fen) of the payable amount. */
  growthPerYuanPaid: number
  /** The single rounding rule; see the file comment. The only supported value is 'discount_down'. */
  rounding: 'discount_down'
}

export const DEFAULT_PRICING_RULES: PricingRules = {
  pointValueFen: 10,
  maxOffsetPercent: 50,
  minBalanceToOffset: 100,
  pointsPerYuanPaid: 1,
  growthPerYuanPaid: 1,
  rounding: 'discount_down',
}

export interface PricingConfig {
  calendar: CalendarRules
  pricing: PricingRules
}

type QueryCtx<C> = Pick<Ctx<C>, 'now' | 'config'>

export interface OrderItem {
  sku: string
  priceFen: number
  qty: number
}

export interface QuoteOrderInput {
  items: OrderItem[]
  /** The member's effective tier's `discountPercent` (100 = none, 98 = 9.8折). */
  tierDiscountPercent: number
  /** The member's wallet coupons (any status; only applicable ones are offered). */
  coupons: Coupon[]
  /**
   * undefined → the best eligible coupon; null or 'none' → no coupon; an id → that coupon, refused when it
   * does not apply to this order.
   */
  chosenCouponId?: string | null
  /** Whole points to use as an offset; 0 / undefined → none. */
  pointsToUse?: number
  /** The member's current points balance. */
  balance: number
}

export interface EligibleCoupon {
  id: string
  name: string
  discountFen: number
  validTo: string
}

/** A coupon the order falls short of: usable once the amount after the member discount reaches its threshold. */
export interface ShortCoupon {
  id: string
  name: string
  /** How much more (after the member discount) the order needs. */
  shortfallFen: number
}

export interface OrderQuote {
  listFen: number
  tierDiscountPercent: number
  tierDiscountFen: number
  afterTierFen: number
  coupon: { id: string; name: string; discountFen: number } | null
  /** Every coupon that applies, best first (largest discount, then soonest expiry). */
  eligibleCoupons: EligibleCoupon[]
  /**
   * Coupons only the threshold keeps out, nearest first: the threshold counts the amount after the member discount,
   * so ¥100 of goods at 9.5折 is short of 满100 by ¥5 — said so, instead of the coupon vanishing from the choice.
   */
  shortCoupons: ShortCoupon[]
  afterCouponFen: number
  /** The most points this order accepts given the cap and the balance (0 below the minimum balance). */
  maxPointsUsable: number
  pointsUsed: number
  pointsOffsetFen: number
  payableFen: number
  pointsToEarn: number
  growthToEarn: number
}

function isNonNegInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
}

/**
 * The rates are bounded, an order's amount is not: an order that would earn past `MAX_POINTS` (one award's points or
 * growth, or the balance it leaves) is refused when it is quoted and placed (422). Not at payment: a payment
 * confirmed by the provider is money taken — what it earns is cut to what fits (points.ts awardInto), never refused.
 */
export function assertQuoteWithinLimit(quote: Pick<OrderQuote, 'pointsToEarn' | 'growthToEarn' | 'pointsUsed'>, balance: number): void {
  const { pointsToEarn, growthToEarn } = quote
  const details = { limit: MAX_POINTS, pointsToEarn, growthToEarn, balance }
  if (pointsToEarn > MAX_POINTS || growthToEarn > MAX_POINTS) {
    throw new RuleError('POINTS_LIMIT_EXCEEDED', `本单可得积分或成长值超过单笔上限 ${MAX_POINTS_WORDS}，请减少商品数量`, 422, details)
  }
  if (pointsToEarn > 0 && balance - quote.pointsUsed + pointsToEarn > MAX_POINTS) {
    throw new RuleError('POINTS_LIMIT_EXCEEDED', `积分余额最多 ${MAX_POINTS_WORDS}，本单积分无法入账，请减少商品数量`, 422, details)
  }
}

/**
 * Prices an order. A pure preview: nothing is spent or reserved. At payment the caller re-quotes, marks
 * the coupon used (`useCoupon`) and spends `pointsUsed` through the points module in the same atomic step.
 */
export function quoteOrder(input: QuoteOrderInput, ctx: QueryCtx<PricingConfig>): OrderQuote {
  const rules = ctx.config.pricing
  if (!Array.isArray(input.items) || input.items.length === 0) {
    throw new RuleError('ORDER_EMPTY', '订单里还没有商品', 400)
  }
  input.items.forEach((item, i) => {
    if (typeof item.sku !== 'string' || item.sku === '' || !isNonNegInt(item.priceFen) || !Number.isInteger(item.qty) || item.qty < 1) {
      throw new RuleError('ORDER_ITEM_INVALID', '订单商品信息有误', 400, { index: i })
    }
  })
  if (!Number.isInteger(input.tierDiscountPercent) || input.tierDiscountPercent < 1 || input.tierDiscountPercent > 100) {
    throw new RuleError('ORDER_TIER_DISCOUNT_INVALID', '会员折扣信息有误', 400, { tierDiscountPercent: input.tierDiscountPercent })
  }
  const pointsToUse = input.pointsToUse ?? 0
  if (!isNonNegInt(pointsToUse)) {
    throw new RuleError('POINTS_AMOUNT_INVALID', '抵扣积分必须是整数', 400, { pointsToUse })
  }
  if (!isNonNegInt(input.balance)) {
    throw new RuleError('POINTS_AMOUNT_INVALID', '积分余额有误', 400, { balance: input.balance })
  }

  const listFen = input.items.reduce((sum, item) => sum + item.priceFen * item.qty, 0)
  const tierDiscountFen = percentDiscountFen(listFen, input.tierDiscountPercent)
  const afterTierFen = listFen - tierDiscountFen

  const eligibleCoupons: EligibleCoupon[] = []
  const shortCoupons: ShortCoupon[] = []
  for (const c of input.coupons) {
    const check = couponApplicability(c, afterTierFen, ctx)
    if (check.applicable) eligibleCoupons.push({ id: c.id, name: c.name, discountFen: check.discountFen, validTo: c.validTo })
    else if (check.reason === 'below_min_spend') shortCoupons.push({ id: c.id, name: c.name, shortfallFen: check.shortfallFen })
  }
  shortCoupons.sort((a, b) => a.shortfallFen - b.shortfallFen || a.id.localeCompare(b.id))
  eligibleCoupons.sort((a, b) => b.discountFen - a.discountFen || a.validTo.localeCompare(b.validTo) || a.id.localeCompare(b.id))

  let coupon: OrderQuote['coupon'] = null
  if (input.chosenCouponId === undefined) {
    const best = eligibleCoupons[0]
    coupon = best ? { id: best.id, name: best.name, discountFen: best.discountFen } : null
  } else if (input.chosenCouponId !== null && input.chosenCouponId !== 'none') {
    const owned = input.coupons.find((c) => c.id === input.chosenCouponId)
    if (!owned) throw new RuleError('COUPON_NOT_FOUND', '优惠券不存在', 404, { couponId: input.chosenCouponId })
    const chosen = eligibleCoupons.find((c) => c.id === input.chosenCouponId)
    if (!chosen) throw couponRefusal(owned, couponApplicability(owned, afterTierFen, ctx))
    coupon = { id: chosen.id, name: chosen.name, discountFen: chosen.discountFen }
  }
  const afterCouponFen = afterTierFen - (coupon?.discountFen ?? 0)

  const capPoints = offsetCapPoints(afterCouponFen, rules)
  const maxPointsUsable = input.balance < rules.minBalanceToOffset ? 0 : Math.min(capPoints, input.balance)
  if (pointsToUse > 0) {
    if (input.balance < rules.minBalanceToOffset) {
      throw new RuleError('POINTS_OFFSET_MIN_BALANCE', `积分满 ${rules.minBalanceToOffset} 才可以抵扣`, 422, {
        minBalance: rules.minBalanceToOffset,
        balance: input.balance,
      })
    }
    if (pointsToUse > input.balance) {
      throw new RuleError('POINTS_INSUFFICIENT', '积分余额不足', 422, { balance: input.balance, required: pointsToUse })
    }
    if (pointsToUse > capPoints) {
      throw new RuleError('POINTS_OFFSET_OVER_LIMIT', `本单最多可用 ${maxPointsUsable} 积分抵扣`, 422, {
        maxPoints: maxPointsUsable,
        maxOffsetPercent: rules.maxOffsetPercent,
      })
    }
  }
  const pointsOffsetFen = pointsToUse * rules.pointValueFen
  const payableFen = afterCouponFen - pointsOffsetFen
  const pointsToEarn = Math.floor((payableFen * rules.pointsPerYuanPaid) / 100)
  const growthToEarn = Math.floor((payableFen * rules.growthPerYuanPaid) / 100)
  return {
    listFen,
    tierDiscountPercent: input.tierDiscountPercent,
    tierDiscountFen,
    afterTierFen,
    coupon,
    eligibleCoupons,
    shortCoupons,
    afterCouponFen,
    maxPointsUsable,
    pointsUsed: pointsToUse,
    pointsOffsetFen,
    payableFen,
    pointsToEarn,
    growthToEarn,
  }
}

/** What a paid order recorded; the refund reverses exactly this. */
export interface PaidOrderFacts {
  orderId: string
  couponId: string | null
  pointsUsed: number
  pointsEarned: number
  growthEarned: number
}

export interface OrderRefundPlan {
  /** Points the order earned, to take back (the points module never takes the balance below 0). */
  pointsToReverse: number
  /** Growth the order earned, to take back (never below 0). */
  growthToReverse: number
  /** Points the member spent as an offset, to return. */
  pointsToReturn: number
  /** The coupon to give back with `restoreCoupon` (restored only while still within its validity). */
  couponToRestore: string | null
  /** Refs the caller should use so a replayed refund reverses nothing twice. */
  refs: { reverseEarned: string; returnSpent: string }
}

/**
 * What a full refund must undo. The caller applies it atomically: reverse earned points and growth, return
 * spent points, `restoreCoupon`, then re-evaluate the tier (SPEC §2.2 ledger).
 */
export function refundOrderQuote(order: PaidOrderFacts): OrderRefundPlan {
  return {
    pointsToReverse: order.pointsEarned,
    growthToReverse: order.growthEarned,
    pointsToReturn: order.pointsUsed,
    couponToRestore: order.couponId,
    refs: { reverseEarned: `refund:${order.orderId}:earned`, returnSpent: `refund:${order.orderId}:spent` },
  }
}

export function validatePricingRules(rules: PricingRules): string[] {
  const problems: string[] = []
  const posInt = (field: keyof PricingRules) => {
    const v = rules[field]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) problems.push(`pricing.${field}: must be a positive integer, got ${String(v)}`)
  }
  posInt('pointValueFen')
  if (!Number.isInteger(rules.maxOffsetPercent) || rules.maxOffsetPercent < 0 || rules.maxOffsetPercent > 100) {
    problems.push(`pricing.maxOffsetPercent: must be an integer between 0 and 100, got ${String(rules.maxOffsetPercent)}`)
  }
  if (!isNonNegInt(rules.minBalanceToOffset)) {
    problems.push(`pricing.minBalanceToOffset: must be an integer ≥ 0, got ${String(rules.minBalanceToOffset)}`)
  }
  if (!isNonNegInt(rules.pointsPerYuanPaid)) problems.push(`pricing.pointsPerYuanPaid: must be an integer ≥ 0, got ${String(rules.pointsPerYuanPaid)}`)
  if (!isNonNegInt(rules.growthPerYuanPaid)) problems.push(`pricing.growthPerYuanPaid: must be an integer ≥ 0, got ${String(rules.growthPerYuanPaid)}`)
  if (rules.rounding !== 'discount_down') problems.push(`pricing.rounding: only "discount_down" is supported, got "${String(rules.rounding)}"`)
  return problems
}

/** The most points an order may use by the offset cap alone (`maxOffsetPercent` of what is left after tier and coupon). */
export function offsetCapPoints(afterCouponFen: number, rules: Pick<PricingRules, 'maxOffsetPercent' | 'pointValueFen'>): number {
  return Math.floor((afterCouponFen * rules.maxOffsetPercent) / (100 * rules.pointValueFen))
}
