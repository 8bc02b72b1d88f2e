import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng, type Ctx } from '@/domain/context'
import { DEFAULT_COUPON_RULES, emptyWallet, issueCoupon, type Coupon, type CouponWallet } from '@/domain/coupons'
import {
  DEFAULT_PRICING_RULES,
  quoteOrder,
  refundOrderQuote,
  validatePricingRules,
  type PricingConfig,
  type QuoteOrderInput,
  assertQuoteWithinLimit,
} from '@/domain/pricing'
import fc from 'fast-check'
import { expectRuleError } from '../support/rule-error'

const NOW = '2026-03-10T04:00:00Z'
const pricingCtx: Pick<Ctx<PricingConfig>, 'now' | 'config'> = {
  now: parseInstant(NOW),
  config: { calendar: DEFAULT_CALENDAR_RULES, pricing: DEFAULT_PRICING_RULES },
}

function walletWith(...templateIds: string[]): Coupon[] {
  let w: CouponWallet = emptyWallet('m1')
  for (const t of templateIds) {
    w = issueCoupon(w, { templateId: t, ref: t }, { now: parseInstant('2026-03-09T04:00:00Z'), rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, coupons: DEFAULT_COUPON_RULES } }).state
  }
  return w.coupons
}

const base: QuoteOrderInput = { items: [{ sku: 'tea', priceFen: 6000, qty: 2 }], tierDiscountPercent: 95, coupons: [], balance: 0 }

describe('§2.7 quote: list → tier discount → best coupon → points offset → payable', () => {
  test('a gold member with three coupons and 1000 points', () => {
    const q = quoteOrder({ ...base, coupons: walletWith('mall-10', 'mall-100-20', 'mall-9off'), pointsToUse: 470, balance: 1000 }, pricingCtx)
    expect(q.listFen).toBe(12000)
    expect(q.tierDiscountFen).toBe(600) // 9.5折
    expect(q.afterTierFen).toBe(11400)
    // 满100减20 (2000) beats 9折 (1140) and ¥10 (1000)
    expect(q.eligibleCoupons.map((c) => [c.id, c.discountFen])).toEqual([
      ['cpn:m1:mall-100-20', 2000],
      ['cpn:m1:mall-9off', 1140],
      ['cpn:m1:mall-10', 1000],
    ])
    expect(q.coupon).toEqual({ id: 'cpn:m1:mall-100-20', name: '满100减20', discountFen: 2000 })
    expect(q.afterCouponFen).toBe(9400)
    // at most 50% of the amount AFTER the coupon: 4700 fen = 470 points
    expect(q.maxPointsUsable).toBe(470)
    expect(q.pointsOffsetFen).toBe(4700)
    expect(q.payableFen).toBe(4700)
    expect(q.pointsToEarn).toBe(47)
    expect(q.growthToEarn).toBe(47)
  })

  test('the member can choose another coupon, or none', () => {
    const coupons = walletWith('mall-10', 'mall-100-20')
    expect(quoteOrder({ ...base, coupons, chosenCouponId: 'cpn:m1:mall-10' }, pricingCtx).coupon?.discountFen).toBe(1000)
    expect(quoteOrder({ ...base, coupons, chosenCouponId: 'none' }, pricingCtx).coupon).toBeNull()
    expect(quoteOrder({ ...base, coupons, chosenCouponId: null }, pricingCtx).payableFen).toBe(11400)
  })

  test('an ineligible chosen coupon is refused (422), an unknown one is 404', () => {
    const coupons = walletWith('mall-100-20')
    const small = { ...base, items: [{ sku: 'tea', priceFen: 10000, qty: 1 }], coupons } // 9500 after tier
    expect(() => quoteOrder({ ...small, chosenCouponId: 'cpn:m1:mall-100-20' }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_APPLICABLE', status: 422, details: expect.objectContaining({ shortfallFen: 500 }) }),
    )
    expect(quoteOrder(small, pricingCtx).coupon).toBeNull()
    expect(() => quoteOrder({ ...small, chosenCouponId: 'nope' }, pricingCtx)).toThrow(expect.objectContaining({ code: 'COUPON_NOT_FOUND', status: 404 }))
  })

  test('the coupon threshold is checked on the amount after the tier discount', () => {
    const coupons = walletWith('mall-100-20')
    const exactly = quoteOrder({ ...base, items: [{ sku: 'x', priceFen: 10000, qty: 1 }], tierDiscountPercent: 100, coupons }, pricingCtx)
    expect(exactly.coupon?.discountFen).toBe(2000)
    const afterTier = quoteOrder({ ...base, items: [{ sku: 'x', priceFen: 10000, qty: 1 }], tierDiscountPercent: 98, coupons }, pricingCtx)
    expect(afterTier.afterTierFen).toBe(9800)
    expect(afterTier.coupon).toBeNull()
    // …and the quote says how far it is, so the coupon does not just vanish from the choice.
    expect(afterTier.shortCoupons).toEqual([{ id: coupons[0].id, name: '满100减20', shortfallFen: 200 }])
    expect(exactly.shortCoupons).toEqual([])
  })

  test('used, expired or not-yet-valid coupons are not "short": only a threshold is', () => {
    const coupons = walletWith('winback-10', 'mall-100-20')
    const later = { ...pricingCtx, now: parseInstant('2026-03-11T16:00:00Z') }
    const q = quoteOrder({ ...base, items: [{ sku: 'x', priceFen: 1000, qty: 1 }], coupons }, later)
    expect(q.shortCoupons.map((c) => c.name)).toEqual(['满100减20'])
  })

  test('expired or used coupons are never offered', () => {
    const coupons = walletWith('winback-10') // valid 03-09 … 03-11
    const later = { ...pricingCtx, now: parseInstant('2026-03-11T16:00:00Z') }
    expect(quoteOrder({ ...base, coupons }, later).eligibleCoupons).toEqual([])
    const used = coupons.map((c) => ({ ...c, usedAt: NOW, usedOrderId: 'o0' }))
    expect(quoteOrder({ ...base, coupons: used }, pricingCtx).eligibleCoupons).toEqual([])
  })
})

describe('§2.7 rounding: the tier discount rounds the DISCOUNT down to whole fen', () => {
  test('9.8折 on 99 fen takes 1 fen off (1.98 → 1)', () => {
    const q = quoteOrder({ ...base, items: [{ sku: 'gum', priceFen: 99, qty: 1 }], tierDiscountPercent: 98 }, pricingCtx)
    expect(q.tierDiscountFen).toBe(1)
    expect(q.payableFen).toBe(98)
  })
  test('9.5折 on 101 fen takes 5 fen off (5.05 → 5); applied once on the total, not per item', () => {
    const q = quoteOrder({ ...base, items: [{ sku: 'a', priceFen: 33, qty: 1 }, { sku: 'b', priceFen: 34, qty: 2 }], tierDiscountPercent: 95 }, pricingCtx)
    expect(q.listFen).toBe(101)
    expect(q.tierDiscountFen).toBe(5)
  })
  test('property: integers, never negative, discount never above the exact value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constant('s'), priceFen: fc.integer({ min: 0, max: 100000 }), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(100, 98, 95, 90),
        fc.integer({ min: 0, max: 5000 }),
        (items, tier, balance) => {
          const q = quoteOrder({ items, tierDiscountPercent: tier, coupons: walletWith('mall-10', 'mall-9off'), balance }, pricingCtx)
          for (const v of [q.tierDiscountFen, q.afterTierFen, q.afterCouponFen, q.payableFen, q.maxPointsUsable, q.pointsToEarn]) {
            expect(Number.isInteger(v)).toBe(true)
            expect(v).toBeGreaterThanOrEqual(0)
          }
          expect(q.tierDiscountFen * 100).toBeLessThanOrEqual(q.listFen * (100 - tier))
          expect(q.tierDiscountFen * 100).toBeGreaterThan(q.listFen * (100 - tier) - 100)
          expect(q.maxPointsUsable * 10 * 2).toBeLessThanOrEqual(q.afterCouponFen)
          if (q.maxPointsUsable > 0) {
            const full = quoteOrder({ items, tierDiscountPercent: tier, coupons: [], chosenCouponId: null, balance, pointsToUse: q.maxPointsUsable }, pricingCtx)
            expect(full.payableFen).toBeGreaterThanOrEqual(0)
          }
        },
      ),
    )
  })
})

describe('§2.2 (b) checkout offset: ≤ 50%, whole points, balance ≥ 100', () => {
  const order = { ...base, items: [{ sku: 'x', priceFen: 10000, qty: 1 }], tierDiscountPercent: 100 }
  test('balance 99 cannot offset at all; exactly 100 can', () => {
    expect(quoteOrder({ ...order, balance: 99 }, pricingCtx).maxPointsUsable).toBe(0)
    expect(() => quoteOrder({ ...order, balance: 99, pointsToUse: 10 }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'POINTS_OFFSET_MIN_BALANCE', status: 422 }),
    )
    const q = quoteOrder({ ...order, balance: 100, pointsToUse: 100 }, pricingCtx)
    expect(q.pointsOffsetFen).toBe(1000)
    expect(q.payableFen).toBe(9000)
  })
  test('exactly 50% is allowed; one point more is refused with the maximum', () => {
    expect(quoteOrder({ ...order, balance: 600, pointsToUse: 500 }, pricingCtx).payableFen).toBe(5000)
    expect(() => quoteOrder({ ...order, balance: 600, pointsToUse: 501 }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'POINTS_OFFSET_OVER_LIMIT', status: 422, details: expect.objectContaining({ maxPoints: 500 }) }),
    )
  })
  test('the cap rounds down to whole points (odd fen amounts)', () => {
    const q = quoteOrder({ ...order, items: [{ sku: 'x', priceFen: 1019, qty: 1 }], balance: 1000 }, pricingCtx)
    expect(q.maxPointsUsable).toBe(50) // 509.5 fen → 50 points (500 fen)
  })
  test('more than the balance is refused; fractions are malformed', () => {
    expect(() => quoteOrder({ ...order, balance: 150, pointsToUse: 151 }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'POINTS_INSUFFICIENT', status: 422 }),
    )
    expect(() => quoteOrder({ ...order, balance: 150, pointsToUse: 1.5 }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'POINTS_AMOUNT_INVALID', status: 400 }),
    )
  })
  test('points earned: 1 per full ¥1 of payable, rounded down', () => {
    const q = quoteOrder({ ...order, items: [{ sku: 'x', priceFen: 4799, qty: 1 }] }, pricingCtx)
    expect(q.pointsToEarn).toBe(47)
    expect(q.growthToEarn).toBe(47)
  })
  test('malformed orders are 400', () => {
    expect(() => quoteOrder({ ...order, items: [] }, pricingCtx)).toThrow(expect.objectContaining({ code: 'ORDER_EMPTY', status: 400 }))
    expect(() => quoteOrder({ ...order, items: [{ sku: 'x', priceFen: 10.5, qty: 1 }] }, pricingCtx)).toThrow(
      expect.objectContaining({ code: 'ORDER_ITEM_INVALID', status: 400 }),
    )
    expect(() => quoteOrder({ ...order, tierDiscountPercent: 0 }, pricingCtx)).toThrow(expect.objectContaining({ code: 'ORDER_TIER_DISCOUNT_INVALID' }))
  })
})

describe('§2.2 refund: what to reverse', () => {
  test('reverses earned points and growth, returns spent points, restores the coupon', () => {
    expect(refundOrderQuote({ orderId: 'o1', couponId: 'c1', pointsUsed: 470, pointsEarned: 47, growthEarned: 47 })).toEqual({
      pointsToReverse: 47,
      growthToReverse: 47,
      pointsToReturn: 470,
      couponToRestore: 'c1',
      refs: { reverseEarned: 'refund:o1:earned', returnSpent: 'refund:o1:spent' },
    })
  })
})

describe('validatePricingRules', () => {
  test('defaults (100 points = ¥10, 50%, min 100, 1 per ¥1) are valid', () => {
    expect(DEFAULT_PRICING_RULES).toMatchObject({ pointValueFen: 10, maxOffsetPercent: 50, minBalanceToOffset: 100, pointsPerYuanPaid: 1, growthPerYuanPaid: 1 })
    expect(validatePricingRules(DEFAULT_PRICING_RULES)).toEqual([])
  })
  test('precise problems', () => {
    expect(validatePricingRules({ ...DEFAULT_PRICING_RULES, pointValueFen: 0, maxOffsetPercent: 120 })).toEqual([
      'pricing.pointValueFen: must be a positive integer, got 0',
      'pricing.maxOffsetPercent: must be an integer between 0 and 100, got 120',
    ])
  })
})

describe('what an order earns is held to MAX_POINTS (10 亿)', () => {
  const rates = (pointsPerYuanPaid: number, growthPerYuanPaid: number) => ({ ...pricingCtx, config: { ...pricingCtx.config, pricing: { ...DEFAULT_PRICING_RULES, pointsPerYuanPaid, growthPerYuanPaid } } })
  const lattes = { ...base, items: [{ sku: 'latte', priceFen: 2800, qty: 99 }], tierDiscountPercent: 100 }

  const checked = (input: QuoteOrderInput, ctx: Parameters<typeof quoteOrder>[1]) => assertQuoteWithinLimit(quoteOrder(input, ctx), input.balance)

  test('a rate the rules allow times a large order: the quote is refused, for points and for growth', () => {
    // The tester's case: 99 lattes at 1,000,000 points per ¥1 would earn 2,772,000,000.
    for (const [p, g] of [[1_000_000, 1], [1, 1_000_000]]) {
      expectRuleError(() => checked(lattes, rates(p, g)), 'POINTS_LIMIT_EXCEEDED', 422)
    }
    expect(() => checked({ ...lattes, items: [{ sku: 'latte', priceFen: 2800, qty: 3 }] }, rates(1_000_000, 1))).not.toThrow()
  })

  test('an order whose points would take the balance past the limit is refused; one that earns nothing is not', () => {
    const one = { ...lattes, items: [{ sku: 'latte', priceFen: 2800, qty: 1 }] }
    expectRuleError(() => checked({ ...one, balance: 1_000_000_000 - 27 }, pricingCtx), 'POINTS_LIMIT_EXCEEDED', 422)
    expect(() => checked({ ...one, balance: 1_000_000_000 - 28 }, pricingCtx)).not.toThrow()
    expect(() => checked({ ...one, balance: 1_000_000_000 }, rates(0, 0))).not.toThrow()
  })
})
