import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng, type Ctx } from '@/domain/context'
import {
  DEFAULT_COUPON_RULES,
  availableCoupons,
  couponApplicability,
  couponDaysLeft,
  couponDiscountFen,
  couponHistory,
  couponStatus,
  dueCouponReminders,
  emptyWallet,
  expiringSoon,
  issueCoupon,
  markCouponsReminded,
  percentDiscountFen,
  restoreCoupon,
  revokeCoupon,
  useCoupon,
  validateCouponRules,
  type CouponHistoryList,
  type CouponRules,
  type CouponsConfig,
  type CouponWallet,
} from '@/domain/coupons'

const config: CouponsConfig = { calendar: DEFAULT_CALENDAR_RULES, coupons: DEFAULT_COUPON_RULES }
const ctxAt = (iso: string, c: CouponsConfig = config): Ctx<CouponsConfig> => ({ now: parseInstant(iso), rng: seededRng(1), config: c })
const template = (id: string) => {
  const t = DEFAULT_COUPON_RULES.templates.find((x) => x.id === id)
  if (!t) throw new Error(id)
  return t
}

function issued(templateId: string, iso: string, ref = `ref-${templateId}`, wallet: CouponWallet = emptyWallet('m1')) {
  return issueCoupon(wallet, { templateId, ref }, ctxAt(iso))
}

describe('§2.6 coupon kinds and their discount (fen)', () => {
  test('无门槛 ¥10 takes ¥10 off, never more than the amount', () => {
    expect(couponDiscountFen(template('mall-10'), 5000)).toBe(1000)
    expect(couponDiscountFen(template('mall-10'), 800)).toBe(800)
    expect(couponDiscountFen(template('mall-10'), 0)).toBe(0)
  })
  test('满100减20 needs exactly ¥100', () => {
    expect(couponDiscountFen(template('mall-100-20'), 9999)).toBe(0)
    expect(couponDiscountFen(template('mall-100-20'), 10000)).toBe(2000)
  })
  test('9折 takes 10% off, at most ¥30', () => {
    expect(couponDiscountFen(template('mall-9off'), 10000)).toBe(1000)
    expect(couponDiscountFen(template('mall-9off'), 30000)).toBe(3000)
    expect(couponDiscountFen(template('mall-9off'), 50000)).toBe(3000)
  })
  test('rounding: the percentage discount rounds DOWN to whole fen', () => {
    expect(couponDiscountFen(template('mall-9off'), 29999)).toBe(2999) // 2999.9
    expect(couponDiscountFen(template('mall-9off'), 99)).toBe(9) // 9.9
    expect(percentDiscountFen(99, 98)).toBe(1) // 1.98
    expect(percentDiscountFen(12345, 100)).toBe(0)
  })
})

describe('§2.6 issuing: validity and dedupe by ref', () => {
  test('"valid 3 days" counts the issue day as day 1', () => {
    const { coupon } = issued('winback-10', '2026-03-10T15:59:59Z') // 2026-03-10 23:59:59 business
    expect(coupon.validFrom).toBe('2026-03-10')
    expect(coupon.validTo).toBe('2026-03-12')
    expect(coupon.offFen).toBe(1000)
    expect(coupon.source).toBe('dormant')
    const next = issued('winback-10', '2026-03-10T16:00:00Z') // 2026-03-11 00:00 business
    expect(next.coupon.validTo).toBe('2026-03-13')
  })

  test('the same ref issues once; the replay returns the first coupon', () => {
    const first = issued('signin-day7', '2026-03-10T02:00:00Z', 'signin:2026-03-10')
    const again = issueCoupon(first.state, { templateId: 'signin-day7', ref: 'signin:2026-03-10' }, ctxAt('2026-03-11T02:00:00Z'))
    expect(again.duplicate).toBe(true)
    expect(again.state).toBe(first.state)
    expect(again.coupon).toEqual(first.coupon)
    expect(again.events).toEqual([])
  })

  test('fixed validity and the refusal to issue a coupon whose validity has passed', () => {
    const rules: CouponRules = {
      ...DEFAULT_COUPON_RULES,
      templates: [{ id: 'cny', name: '春节券', kind: 'no_threshold', offFen: 800, validity: { kind: 'fixed', from: '2026-02-10', to: '2026-02-20' }, source: 'campaign' }],
    }
    const c = { ...config, coupons: rules }
    const ok = issueCoupon(emptyWallet('m1'), { templateId: 'cny', ref: 'a' }, ctxAt('2026-02-20T15:59:59Z', c))
    expect([ok.coupon.validFrom, ok.coupon.validTo]).toEqual(['2026-02-10', '2026-02-20'])
    expect(() => issueCoupon(emptyWallet('m1'), { templateId: 'cny', ref: 'b' }, ctxAt('2026-02-20T16:00:00Z', c))).toThrow(
      expect.objectContaining({ code: 'COUPON_TEMPLATE_EXPIRED', status: 422 }),
    )
  })

  test('unknown template → 404, missing ref → 400', () => {
    expect(() => issued('nope', '2026-03-10T02:00:00Z')).toThrow(expect.objectContaining({ code: 'COUPON_TEMPLATE_UNKNOWN', status: 404 }))
    expect(() => issueCoupon(emptyWallet('m1'), { templateId: 'mall-10', ref: '' }, ctxAt('2026-03-10T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_REF_REQUIRED', status: 400 }),
    )
  })
})

describe('§2.6 status, expiring soon (≤ 3 days) and my coupons', () => {
  const { coupon, state } = issued('winback-10', '2026-03-10T02:00:00Z') // valid 03-10 … 03-12

  test('available through the end of validTo in business time, expired after (15:59:59Z vs 16:00:00Z)', () => {
    expect(couponStatus(coupon, ctxAt('2026-03-12T15:59:59Z'))).toBe('available')
    expect(couponStatus(coupon, ctxAt('2026-03-12T16:00:00Z'))).toBe('expired')
  })

  test('flagged when at most 3 business days are left, today included', () => {
    const { coupon: month } = issued('mall-10', '2026-03-01T02:00:00Z') // valid 03-01 … 03-30
    expect(expiringSoon(month, ctxAt('2026-03-27T02:00:00Z'))).toBe(false) // 4 days left
    expect(expiringSoon(month, ctxAt('2026-03-28T02:00:00Z'))).toBe(true) // 3 days left
    expect(expiringSoon(month, ctxAt('2026-03-30T15:59:59Z'))).toBe(true)
    expect(expiringSoon(month, ctxAt('2026-03-30T16:00:00Z'))).toBe(false) // expired
  })

  test('reminded once when it starts expiring soon — not on the day it arrived, not when used or gone', () => {
    const ids = (w: CouponWallet, iso: string) => dueCouponReminders(w, ctxAt(iso)).map((c) => c.id)
    // The 3-day win-back coupon is "expiring soon" from the start: the day it arrives is not the day to say so.
    expect(ids(state, '2026-03-10T09:00:00Z')).toEqual([])
    expect(ids(state, '2026-03-11T02:00:00Z')).toEqual([coupon.id])
    const told = markCouponsReminded(state, [coupon.id], '2026-03-11T02:00:00.000Z')
    expect(ids(told, '2026-03-12T02:00:00Z')).toEqual([])
    expect(told.coupons[0].remindedAt).toBe('2026-03-11T02:00:00.000Z')
    expect(ids(state, '2026-03-12T16:00:00Z')).toEqual([]) // expired
    const { state: month } = issued('mall-10', '2026-03-01T02:00:00Z') // valid 03-01 … 03-30
    expect(ids(month, '2026-03-27T02:00:00Z')).toEqual([]) // 4 days left
    expect(ids(month, '2026-03-28T02:00:00Z')).toHaveLength(1)
  })

  test('the available coupons soonest-expiring first; the used and the expired ones in their history lists', () => {
    let w = state
    w = issueCoupon(w, { templateId: 'mall-10', ref: 'mall-a' }, ctxAt('2026-03-10T02:00:00Z')).state
    w = issueCoupon(w, { templateId: 'signin-day7', ref: 'sd7' }, ctxAt('2026-03-01T02:00:00Z')).state // expires 03-07
    w = useCoupon(w, { couponId: 'cpn:m1:mall-a', orderId: 'o1', amountFen: 5000 }, ctxAt('2026-03-11T02:00:00Z')).state
    const available = availableCoupons(w, ctxAt('2026-03-11T02:00:00Z'))
    expect(available.map((c) => c.templateId)).toEqual(['winback-10'])
    expect(couponDaysLeft(available[0], ctxAt('2026-03-11T02:00:00Z'))).toBe(2)
    const history = (list: CouponHistoryList) => couponHistory(w.coupons, { list, today: '2026-03-11', after: null, limit: 10 }).map((c) => c.templateId)
    expect(history('used')).toEqual(['mall-10'])
    expect(history('expired')).toEqual(['signin-day7'])
    expect(history('issued')).toEqual(['mall-10', 'winback-10', 'signin-day7'])
  })

  test('a history list pages newest first, then by id in code units (as SQL collate "C"), from the last row shown', () => {
    let w = emptyWallet('m1')
    // Issued together: one key, the ids decide. Code units put 'B' and 'Z' before 'a' (localeCompare would not).
    for (const ref of ['a', 'B', 'a-2', 'Z', 'a10']) w = issueCoupon(w, { templateId: 'mall-10', ref }, ctxAt('2026-03-10T02:00:00Z')).state
    const page = (after: { key: string; id: string } | null, limit: number) => couponHistory(w.coupons, { list: 'issued', today: '2026-03-11', after, limit })
    const all = page(null, 10)
    expect(all.map((c) => c.ref)).toEqual(['B', 'Z', 'a', 'a-2', 'a10'])
    const first = page(null, 2)
    const last = first[first.length - 1]
    expect([...first, ...page({ key: last.issuedAt, id: last.id }, 10)]).toEqual(all)
  })
})

describe('§2.6 use and restore', () => {
  const base = issued('mall-100-20', '2026-03-10T02:00:00Z', 'mall-b') // valid to 04-08
  const id = base.coupon.id

  test('use marks it used; replaying the same order changes nothing; another order is refused (409)', () => {
    const used = useCoupon(base.state, { couponId: id, orderId: 'o1', amountFen: 12000 }, ctxAt('2026-03-11T02:00:00Z'))
    expect(used.discountFen).toBe(2000)
    expect(couponStatus(used.state.coupons[0], ctxAt('2026-03-11T02:00:00Z'))).toBe('used')
    const replay = useCoupon(used.state, { couponId: id, orderId: 'o1', amountFen: 12000 }, ctxAt('2026-03-11T02:00:01Z'))
    expect(replay.state).toBe(used.state)
    expect(() => useCoupon(used.state, { couponId: id, orderId: 'o2', amountFen: 12000 }, ctxAt('2026-03-11T03:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_ALREADY_USED', status: 409 }),
    )
  })

  test('refusals: below the threshold (422), expired (422), unknown (404)', () => {
    expect(() => useCoupon(base.state, { couponId: id, orderId: 'o1', amountFen: 9999 }, ctxAt('2026-03-11T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_APPLICABLE', status: 422, details: expect.objectContaining({ shortfallFen: 1 }) }),
    )
    expect(() => useCoupon(base.state, { couponId: id, orderId: 'o1', amountFen: 20000 }, ctxAt('2026-04-08T16:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_EXPIRED', status: 422 }),
    )
    expect(() => useCoupon(base.state, { couponId: 'x', orderId: 'o1', amountFen: 20000 }, ctxAt('2026-03-11T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_FOUND', status: 404 }),
    )
  })

  test('a refund within validity restores the coupon; after validTo it stays used', () => {
    const used = useCoupon(base.state, { couponId: id, orderId: 'o1', amountFen: 12000 }, ctxAt('2026-03-11T02:00:00Z')).state
    const back = restoreCoupon(used, { couponId: id, orderId: 'o1' }, ctxAt('2026-04-08T15:59:59Z'))
    expect(back.restored).toBe(true)
    expect(couponStatus(back.state.coupons[0], ctxAt('2026-04-08T15:59:59Z'))).toBe('available')
    const late = restoreCoupon(used, { couponId: id, orderId: 'o1' }, ctxAt('2026-04-08T16:00:00Z'))
    expect(late).toMatchObject({ restored: false, reason: 'validity_passed' })
    expect(late.state).toBe(used)
    // idempotent
    expect(restoreCoupon(back.state, { couponId: id, orderId: 'o1' }, ctxAt('2026-04-01T00:00:00Z'))).toMatchObject({ restored: false, reason: 'not_used' })
    expect(() => restoreCoupon(used, { couponId: id, orderId: 'o9' }, ctxAt('2026-04-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_USED_BY_ORDER', status: 409 }),
    )
  })

  test('a coupon whose fixed validity has not started yet is not applicable', () => {
    const rules: CouponRules = {
      ...DEFAULT_COUPON_RULES,
      templates: [{ id: 'later', name: '预告券', kind: 'no_threshold', offFen: 500, validity: { kind: 'fixed', from: '2026-05-01', to: '2026-05-05' }, source: 'campaign' }],
    }
    const c = { ...config, coupons: rules }
    const { coupon } = issueCoupon(emptyWallet('m1'), { templateId: 'later', ref: 'l' }, ctxAt('2026-04-20T02:00:00Z', c))
    expect(couponApplicability(coupon, 5000, ctxAt('2026-04-30T15:59:59Z', c))).toMatchObject({ applicable: false, reason: 'not_yet_valid' })
    expect(couponApplicability(coupon, 5000, ctxAt('2026-04-30T16:00:00Z', c))).toMatchObject({ applicable: true, discountFen: 500 })
  })
})

describe('revokeCoupon: a prize taken back unused (a leaderboard rank a refund no longer earned)', () => {
  const base = issued('mall-100-20', '2026-03-10T02:00:00Z', 'leaderboard:race:1') // valid to 04-08
  const id = base.coupon.id
  test('an available one ends yesterday: expired, in the expired list, out of the available ones, said when', () => {
    const ctx = ctxAt('2026-03-20T02:00:00Z')
    const r = revokeCoupon(base.state, id, ctx)
    expect(r.revoked).toBe(true)
    const c = r.state.coupons[0]
    expect(c).toMatchObject({ validFrom: '2026-03-10', validTo: '2026-03-19', revokedAt: '2026-03-20T02:00:00.000Z' })
    expect(couponStatus(c, ctx)).toBe('expired')
    expect(availableCoupons(r.state, ctx)).toEqual([])
    expect(couponHistory(r.state.coupons, { list: 'expired', today: '2026-03-20', after: null, limit: 10 }).map((x) => x.id)).toEqual([id])
  })
  test('one not valid yet ends before it starts, not with dates running backwards; a used one stays used', () => {
    const later = { ...base.state, coupons: [{ ...base.coupon, validFrom: '2026-04-01' }] }
    expect(revokeCoupon(later, id, ctxAt('2026-03-20T02:00:00Z')).state.coupons[0]).toMatchObject({ validFrom: '2026-03-19', validTo: '2026-03-19' })
    const used = useCoupon(base.state, { couponId: id, orderId: 'o1', amountFen: 12000 }, ctxAt('2026-03-11T02:00:00Z')).state
    expect(revokeCoupon(used, id, ctxAt('2026-03-20T02:00:00Z'))).toEqual({ state: used, revoked: false })
  })
})

describe('validateCouponRules', () => {
  test('defaults are valid and include the templates other rules name', () => {
    expect(validateCouponRules(DEFAULT_COUPON_RULES)).toEqual([])
    const ids = DEFAULT_COUPON_RULES.templates.map((t) => t.id)
    expect(ids).toEqual(expect.arrayContaining(['signin-day7', 'newcomer-5', 'winback-10', 'invitee-5', 'mall-10', 'mall-100-20', 'mall-9off', 'festival-spring']))
    expect(template('winback-10')).toMatchObject({ kind: 'no_threshold', offFen: 1000, validity: { kind: 'days', days: 3 } })
    expect(template('mall-9off')).toMatchObject({ kind: 'discount', percent: 90, maxOffFen: 3000 })
    expect(template('mall-100-20')).toMatchObject({ kind: 'threshold', minSpendFen: 10000, offFen: 2000 })
  })
  test('precise problems', () => {
    const problems = validateCouponRules({
      expiringSoonDays: -1,
      templates: [
        { id: 'a', name: 'A', kind: 'threshold', offFen: 3000, minSpendFen: 2000, validity: { kind: 'days', days: 0 }, source: 'mall' },
        { id: 'a', name: '', kind: 'discount', percent: 100, validity: { kind: 'fixed', from: '2026-02-10', to: '2026-02-01' }, source: 'mall' },
      ],
    })
    expect(problems).toEqual([
      'coupons.expiringSoonDays: must be an integer ≥ 0, got -1',
      'coupons.templates[0].offFen: 3000 must not exceed minSpendFen 2000',
      'coupons.templates[0].validity.days: must be a positive integer, got 0',
      'coupons.templates[1].id: duplicate template id "a"',
      'coupons.templates[1].name: must be a non-empty zh-CN name',
      'coupons.templates[1].percent: a discount coupon needs an integer percent paid between 1 and 99 (90 = 90% paid), got 100',
      'coupons.templates[1].validity.to: 2026-02-01 is before validity.from 2026-02-10',
    ])
  })
})
