/**
 * Coupons (SPEC §2.6): templates an operator configures, coupons issued into a member's wallet, their
 * status (available / used / expired), the discount a coupon gives on an amount, use and restore.
 *
 * Validity is in business dates and inclusive: a coupon is usable from the start of `validFrom` to the
 * end of `validTo` (business time). A "valid N days" template counts the issue day as day 1
 * (领取当日起 N 天内有效), so `validTo = issueDate + N − 1`.
 *
 * Rounding (the project's ONE money rounding rule, shared with pricing.ts): a percentage discount is
 * computed in whole fen and the DISCOUNT is rounded down (`floor(amount × (100 − percent) / 100)`), so a
 * member is never promised a fraction of a fen and the brand never gives away more than configured.
 */
import {
  addDays,
  businessDateOf,
  daysBetween,
  isBusinessDate,
  parseInstant,
  toIso,
  type BusinessDate,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import { byCodeUnits, keysetSlice, type KeysetAfter } from './keyset'
import { isRuleId, RULE_ID_PROBLEM, textProblem } from './rule-text'

export type CouponKind = 'no_threshold' | 'threshold' | 'discount'

export type CouponSource =
  | 'signin'
  | 'task'
  | 'newcomer'
  | 'campaign'
  | 'lottery'
  | 'cards'
  | 'leaderboard'
  | 'mall'
  | 'dormant'
  | 'invite'
  | 'operator'

export type CouponValidity = { kind: 'fixed'; from: BusinessDate; to: BusinessDate } | { kind: 'days'; days: number }

/** The terms that decide a discount; both templates and issued coupons carry them. */
export interface CouponTerms {
  kind: CouponKind
  /** no_threshold and threshold: amount taken off, fen. */
  offFen?: number
  /** threshold (required) and discount (optional): the amount must reach this, fen. */
  minSpendFen?: number
  /** discount: the percentage the member pays, 90 = 9折. */
  percent?: number
  /** discount: the most it takes off, fen. */
  maxOffFen?: number
}

export interface CouponTemplate extends CouponTerms {
  id: string
  /** zh-CN name shown on the coupon ("满100减20"). */
  name: string
  validity: CouponValidity
  /** Where coupons of this template normally come from; `issueCoupon` may say otherwise. */
  source: CouponSource
}

export interface CouponRules {
  templates: CouponTemplate[]
  /** An available coupon with at most this many business days left (today included) is flagged. */
  expiringSoonDays: number
}

export const DEFAULT_COUPON_RULES: CouponRules = {
  expiringSoonDays: 3,
  templates: [
    { id: 'signin-day7', name: '签到7天专享 ¥5 无门槛券', kind: 'no_threshold', offFen: 500, validity: { kind: 'days', days: 7 }, source: 'signin' },
    { id: 'newcomer-5', name: '新人专享 ¥5 无门槛券', kind: 'no_threshold', offFen: 500, validity: { kind: 'days', days: 7 }, source: 'newcomer' },
    { id: 'winback-10', name: '好久不见 ¥10 无门槛券', kind: 'no_threshold', offFen: 1000, validity: { kind: 'days', days: 3 }, source: 'dormant' },
    { id: 'invitee-5', name: '好友邀请 ¥5 无门槛券', kind: 'no_threshold', offFen: 500, validity: { kind: 'days', days: 7 }, source: 'invite' },
    { id: 'mall-10', name: '¥10 无门槛券', kind: 'no_threshold', offFen: 1000, validity: { kind: 'days', days: 30 }, source: 'mall' },
    { id: 'mall-100-20', name: '满100减20', kind: 'threshold', minSpendFen: 10000, offFen: 2000, validity: { kind: 'days', days: 30 }, source: 'mall' },
    { id: 'mall-9off', name: '9折券（最高减30元）', kind: 'discount', percent: 90, maxOffFen: 3000, validity: { kind: 'days', days: 30 }, source: 'mall' },
    { id: 'festival-spring', name: '新春福袋 满100减20', kind: 'threshold', minSpendFen: 10000, offFen: 2000, validity: { kind: 'days', days: 15 }, source: 'campaign' },
  ],
}

export interface CouponsConfig {
  calendar: CalendarRules
  coupons: CouponRules
}

type QueryCtx<C> = Pick<Ctx<C>, 'now' | 'config'>

/** A coupon in a member's wallet. Terms are copied at issue: editing a template never changes issued coupons. */
export interface Coupon extends CouponTerms {
  id: string
  memberId: string
  templateId: string
  name: string
  source: CouponSource
  /** What issued it (sign-in date, draw id, order id …); a wallet holds at most one coupon per ref. */
  ref: string
  issuedAt: string
  validFrom: BusinessDate
  validTo: BusinessDate
  usedAt: string | null
  usedOrderId: string | null
  /** When the member was told it is about to expire (coupon_expiring, once); absent until then. */
  remindedAt?: string
  /**
   * When it was taken back unused (a leaderboard prize a refund no longer earned, revokeCoupon): its `validTo` is
   * then the day before, so every list and rule reads it as expired; absent: never.
   */
  revokedAt?: string
}

export interface CouponWallet {
  memberId: string
  coupons: Coupon[]
}

export type CouponStatus = 'available' | 'used' | 'expired'

export type CouponEvent =
  | { type: 'coupon_issued'; memberId: string; couponId: string; templateId: string; source: CouponSource; ref: string }
  | { type: 'coupon_used'; memberId: string; couponId: string; orderId: string; discountFen: number }
  | { type: 'coupon_restored'; memberId: string; couponId: string; orderId: string }

export function emptyWallet(memberId: string): CouponWallet {
  return { memberId, coupons: [] }
}

/** The fen taken off `amountFen` when the member pays `percentPaid`% of it; the discount rounds down. */
export function percentDiscountFen(amountFen: number, percentPaid: number): number {
  if (amountFen <= 0 || percentPaid >= 100) return 0
  return Math.floor((amountFen * (100 - percentPaid)) / 100)
}

/**
 * The discount `terms` give on `amountFen` (fen), ignoring dates and status; 0 when a threshold is not met.
 * Never more than the amount itself.
 */
export function couponDiscountFen(terms: CouponTerms, amountFen: number): number {
  if (!Number.isInteger(amountFen) || amountFen <= 0) return 0
  if (amountFen < (terms.minSpendFen ?? 0)) return 0
  switch (terms.kind) {
    case 'no_threshold':
    case 'threshold':
      return Math.min(terms.offFen ?? 0, amountFen)
    case 'discount': {
      const off = percentDiscountFen(amountFen, terms.percent ?? 100)
      return terms.maxOffFen === undefined ? off : Math.min(off, terms.maxOffFen)
    }
  }
}

/** The most a coupon of `terms` can take off an order, fen (what it is worth); a discount without a cap: unbounded. */
export function couponFaceValueFen(terms: CouponTerms): number {
  if (terms.kind === 'discount') return terms.maxOffFen ?? Number.POSITIVE_INFINITY
  return terms.offFen ?? 0
}

export function couponStatus(coupon: Coupon, ctx: QueryCtx<{ calendar: CalendarRules }>): CouponStatus {
  if (coupon.usedAt !== null) return 'used'
  return businessDateOf(ctx.now, ctx.config.calendar) > coupon.validTo ? 'expired' : 'available'
}

/** Business days left including today (1 on the last valid day); 0 when used or expired. */
export function couponDaysLeft(coupon: Coupon, ctx: QueryCtx<{ calendar: CalendarRules }>): number {
  if (couponStatus(coupon, ctx) !== 'available') return 0
  return daysBetween(businessDateOf(ctx.now, ctx.config.calendar), coupon.validTo) + 1
}

/** An available coupon with ≤ `expiringSoonDays` business days left, today included. */
export function expiringSoon(coupon: Coupon, ctx: QueryCtx<CouponsConfig>): boolean {
  const left = couponDaysLeft(coupon, ctx)
  return left > 0 && left <= ctx.config.coupons.expiringSoonDays
}

/**
 * Coupons to remind the member of now (消息 coupon_expiring, once each): available, within `expiringSoonDays`, not
 * reminded yet, and issued before today — one that arrived today with a short validity was just seen.
 */
export function dueCouponReminders(wallet: CouponWallet, ctx: QueryCtx<CouponsConfig>): Coupon[] {
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  return wallet.coupons.filter((c) => !c.remindedAt && expiringSoon(c, ctx) && businessDateOf(parseInstant(c.issuedAt), ctx.config.calendar) < today)
}

/** The wallet with these coupons marked reminded at `at`. */
export function markCouponsReminded(wallet: CouponWallet, ids: readonly string[], at: string): CouponWallet {
  const due = new Set(ids)
  return { ...wallet, coupons: wallet.coupons.map((c) => (due.has(c.id) ? { ...c, remindedAt: at } : c)) }
}

export type CouponInapplicableReason = 'used' | 'expired' | 'not_yet_valid' | 'below_min_spend' | 'nothing_to_discount'

export interface CouponApplicability {
  applicable: boolean
  discountFen: number
  reason: CouponInapplicableReason | null
  /** How much more must be spent to reach the threshold (for "再买 ¥X 可用"), 0 when met. */
  shortfallFen: number
}

/** Whether a wallet coupon can be used today on `amountFen` (the amount after the tier discount). */
export function couponApplicability(
  coupon: Coupon,
  amountFen: number,
  ctx: QueryCtx<{ calendar: CalendarRules }>,
): CouponApplicability {
  const status = couponStatus(coupon, ctx)
  const shortfallFen = Math.max(0, (coupon.minSpendFen ?? 0) - amountFen)
  const refuse = (reason: CouponInapplicableReason): CouponApplicability => ({
    applicable: false,
    discountFen: 0,
    reason,
    shortfallFen,
  })
  if (status === 'used') return refuse('used')
  if (status === 'expired') return refuse('expired')
  if (businessDateOf(ctx.now, ctx.config.calendar) < coupon.validFrom) return refuse('not_yet_valid')
  if (shortfallFen > 0) return refuse('below_min_spend')
  const discountFen = couponDiscountFen(coupon, amountFen)
  if (discountFen <= 0) return refuse('nothing_to_discount')
  return { applicable: true, discountFen, reason: null, shortfallFen: 0 }
}

/** Why a coupon cannot be used (`couponApplicability`'s reason), as the API answers it: the precise code and words. */
export function couponRefusal(coupon: Coupon, check: CouponApplicability): RuleError {
  switch (check.reason) {
    case 'used':
      return new RuleError('COUPON_ALREADY_USED', '这张优惠券已经使用过了', 409, { couponId: coupon.id })
    case 'expired':
      return new RuleError('COUPON_EXPIRED', '这张优惠券已过期', 422, { couponId: coupon.id })
    case 'not_yet_valid':
      return new RuleError('COUPON_NOT_YET_VALID', '这张优惠券还未到可用日期', 422, { couponId: coupon.id, validFrom: coupon.validFrom })
    default:
      return new RuleError('COUPON_NOT_APPLICABLE', '这张优惠券不适用于本订单', 422, { couponId: coupon.id, reason: check.reason, shortfallFen: check.shortfallFen })
  }
}

export interface IssueCouponInput {
  templateId: string
  /** Defaults to the template's source. */
  source?: CouponSource
  /** Idempotency: a second issue with the same ref returns the first coupon and changes nothing. */
  ref: string
}

export interface IssueCouponOutcome {
  state: CouponWallet
  events: CouponEvent[]
  coupon: Coupon
  /** True when the ref was already issued (nothing changed). */
  duplicate: boolean
}

export function couponIdFor(memberId: string, ref: string): string {
  return `cpn:${memberId}:${ref}`
}

/**
 * Whether a template can no longer be issued: its fixed dates ended before today. A rule that gives it (a sign-in
 * bonus, a task, a prize) gives the rest of its award without it (`MemberTx.give`); a lottery leaves the prize out.
 */
export function couponTemplateEnded(templateId: string, ctx: QueryCtx<CouponsConfig>): boolean {
  const template = ctx.config.coupons.templates.find((t) => t.id === templateId)
  return template?.validity.kind === 'fixed' && businessDateOf(ctx.now, ctx.config.calendar) > template.validity.to
}

/** Issues a coupon of a configured template into the wallet, deduplicated by `ref`. */
export function issueCoupon(wallet: CouponWallet, input: IssueCouponInput, ctx: Ctx<CouponsConfig>): IssueCouponOutcome {
  if (typeof input.ref !== 'string' || input.ref === '') {
    throw new RuleError('COUPON_REF_REQUIRED', '发券请求缺少来源标识', 400)
  }
  const existing = wallet.coupons.find((c) => c.ref === input.ref)
  if (existing) return { state: wallet, events: [], coupon: existing, duplicate: true }
  const template = ctx.config.coupons.templates.find((t) => t.id === input.templateId)
  if (!template) {
    throw new RuleError('COUPON_TEMPLATE_UNKNOWN', '优惠券不存在', 404, { templateId: input.templateId })
  }
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  let validFrom: BusinessDate
  let validTo: BusinessDate
  if (template.validity.kind === 'fixed') {
    validFrom = template.validity.from
    validTo = template.validity.to
    if (couponTemplateEnded(template.id, ctx)) {
      throw new RuleError('COUPON_TEMPLATE_EXPIRED', '该优惠券已过发放有效期', 422, { templateId: template.id, validTo })
    }
  } else {
    validFrom = today
    validTo = addDays(today, template.validity.days - 1)
  }
  const coupon: Coupon = {
    id: couponIdFor(wallet.memberId, input.ref),
    memberId: wallet.memberId,
    templateId: template.id,
    name: template.name,
    kind: template.kind,
    ...(template.offFen !== undefined ? { offFen: template.offFen } : {}),
    ...(template.minSpendFen !== undefined ? { minSpendFen: template.minSpendFen } : {}),
    ...(template.percent !== undefined ? { percent: template.percent } : {}),
    ...(template.maxOffFen !== undefined ? { maxOffFen: template.maxOffFen } : {}),
    source: input.source ?? template.source,
    ref: input.ref,
    issuedAt: toIso(ctx.now),
    validFrom,
    validTo,
    usedAt: null,
    usedOrderId: null,
  }
  return {
    state: { ...wallet, coupons: [...wallet.coupons, coupon] },
    events: [
      { type: 'coupon_issued', memberId: wallet.memberId, couponId: coupon.id, templateId: template.id, source: coupon.source, ref: input.ref },
    ],
    coupon,
    duplicate: false,
  }
}

/**
 * The lists of a member's coupons that grow with their history, each newest first and then by id (code units): the
 * used ones by when they were used, the expired ones by their last valid day, every coupon by when it was issued.
 * The storages page through them (`couponPage`, server/core/port.ts), in SQL or with `couponHistory` (keyset.ts).
 */
export type CouponHistoryList = 'used' | 'expired' | 'issued'

/** What a coupon is ordered by in `list`. */
export function couponHistoryKey(list: CouponHistoryList, c: Coupon): string {
  return list === 'used' ? (c.usedAt ?? '') : list === 'expired' ? c.validTo : c.issuedAt
}

/** Whether a coupon belongs to `list` on business day `today` (`couponStatus`). */
export function inCouponHistory(list: CouponHistoryList, c: Coupon, today: BusinessDate): boolean {
  return list === 'issued' || (list === 'used' ? c.usedAt !== null : c.usedAt === null && c.validTo < today)
}

/** A page of `list` from a member's coupons: the `limit` after `after` (the previous page's last row). */
export function couponHistory(coupons: Coupon[], q: { list: CouponHistoryList; today: BusinessDate; after: KeysetAfter | null; limit: number }): Coupon[] {
  return keysetSlice(
    coupons.filter((c) => inCouponHistory(q.list, c, q.today)),
    (c) => couponHistoryKey(q.list, c),
    q.after,
    q.limit,
  )
}

/** The coupons a member can use now (`wallet` holds every unused one still valid), soonest-expiring first. */
export function availableCoupons(wallet: CouponWallet, ctx: QueryCtx<CouponsConfig>): Coupon[] {
  return wallet.coupons.filter((c) => couponStatus(c, ctx) === 'available').sort((a, b) => byCodeUnits(a.validTo, b.validTo) || byCodeUnits(a.id, b.id))
}

function findCoupon(wallet: CouponWallet, couponId: string): Coupon {
  const coupon = wallet.coupons.find((c) => c.id === couponId)
  if (!coupon) throw new RuleError('COUPON_NOT_FOUND', '优惠券不存在', 404, { couponId })
  return coupon
}

function replaceCoupon(wallet: CouponWallet, next: Coupon): CouponWallet {
  return { ...wallet, coupons: wallet.coupons.map((c) => (c.id === next.id ? next : c)) }
}

export interface UseCouponInput {
  couponId: string
  orderId: string
  /** The order amount the coupon applies to (after the tier discount), fen. */
  amountFen: number
}

/**
 * Marks a coupon used by an order (at payment). Replaying the same order is a no-op; any other use of a used
 * coupon is refused.
 */
export function useCoupon(
  wallet: CouponWallet,
  input: UseCouponInput,
  ctx: Ctx<CouponsConfig>,
): { state: CouponWallet; events: CouponEvent[]; discountFen: number } {
  const coupon = findCoupon(wallet, input.couponId)
  if (coupon.usedAt !== null) {
    if (coupon.usedOrderId === input.orderId) {
      return { state: wallet, events: [], discountFen: couponDiscountFen(coupon, input.amountFen) }
    }
    throw new RuleError('COUPON_ALREADY_USED', '这张优惠券已经使用过了', 409, { couponId: coupon.id })
  }
  const check = couponApplicability(coupon, input.amountFen, ctx)
  if (!check.applicable) throw couponRefusal(coupon, check)
  const used: Coupon = { ...coupon, usedAt: toIso(ctx.now), usedOrderId: input.orderId }
  return {
    state: replaceCoupon(wallet, used),
    events: [{ type: 'coupon_used', memberId: wallet.memberId, couponId: coupon.id, orderId: input.orderId, discountFen: check.discountFen }],
    discountFen: check.discountFen,
  }
}

/**
 * Gives back a coupon used by a refunded order — only while it is still within its validity (the refund
 * day ≤ validTo). A coupon whose validity has passed stays "used": it would be expired anyway, and showing it
 * as expired would hide that it was spent. Restoring twice, or restoring an unused coupon, changes nothing.
 */
export function restoreCoupon(
  wallet: CouponWallet,
  input: { couponId: string; orderId: string },
  ctx: Ctx<CouponsConfig>,
): { state: CouponWallet; events: CouponEvent[]; restored: boolean; reason: 'restored' | 'not_used' | 'validity_passed' } {
  const coupon = findCoupon(wallet, input.couponId)
  if (coupon.usedAt === null) return { state: wallet, events: [], restored: false, reason: 'not_used' }
  if (coupon.usedOrderId !== input.orderId) {
    throw new RuleError('COUPON_NOT_USED_BY_ORDER', '这张优惠券不是在该订单中使用的', 409, {
      couponId: coupon.id,
      orderId: input.orderId,
    })
  }
  if (businessDateOf(ctx.now, ctx.config.calendar) > coupon.validTo) {
    return { state: wallet, events: [], restored: false, reason: 'validity_passed' }
  }
  const restored: Coupon = { ...coupon, usedAt: null, usedOrderId: null }
  return {
    state: replaceCoupon(wallet, restored),
    events: [{ type: 'coupon_restored', memberId: wallet.memberId, couponId: coupon.id, orderId: input.orderId }],
    restored: true,
    reason: 'restored',
  }
}

/**
 * Takes back an unused coupon that is still valid (a leaderboard prize a refund no longer earned): it ends the day
 * before today — expired in every list and rule from now on — and says when it was taken back. A used or already
 * expired one stays as it is (`revoked` false).
 */
export function revokeCoupon(wallet: CouponWallet, couponId: string, ctx: Ctx<CouponsConfig>): { state: CouponWallet; revoked: boolean } {
  const coupon = findCoupon(wallet, couponId)
  if (couponStatus(coupon, ctx) !== 'available') return { state: wallet, revoked: false }
  const ended = addDays(businessDateOf(ctx.now, ctx.config.calendar), -1)
  // One not valid yet ends before it starts: its dates say it was never usable, not a range running backwards.
  const validFrom = coupon.validFrom > ended ? ended : coupon.validFrom
  return { state: replaceCoupon(wallet, { ...coupon, validFrom, validTo: ended, revokedAt: toIso(ctx.now) }), revoked: true }
}

const COUPON_KINDS: CouponKind[] = ['no_threshold', 'threshold', 'discount']
const COUPON_SOURCES: CouponSource[] = ['signin', 'task', 'newcomer', 'campaign', 'lottery', 'cards', 'leaderboard', 'mall', 'dormant', 'invite', 'operator']

function isPosInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1
}

export function validateCouponRules(rules: CouponRules): string[] {
  const problems: string[] = []
  if (!Number.isInteger(rules.expiringSoonDays) || rules.expiringSoonDays < 0) {
    problems.push(`coupons.expiringSoonDays: must be an integer ≥ 0, got ${String(rules.expiringSoonDays)}`)
  }
  if (!Array.isArray(rules.templates)) {
    problems.push('coupons.templates: must be a list')
    return problems
  }
  const seen = new Set<string>()
  rules.templates.forEach((t, i) => {
    const at = `coupons.templates[${i}]`
    if (!isRuleId(t.id)) problems.push(`${at}.id: ${RULE_ID_PROBLEM}`)
    else if (seen.has(t.id)) problems.push(`${at}.id: duplicate template id "${t.id}"`)
    else seen.add(t.id)
    const name = textProblem(t.name)
    if (name) problems.push(`${at}.name: ${name}`)
    if (!COUPON_SOURCES.includes(t.source)) problems.push(`${at}.source: unknown source "${String(t.source)}"`)
    if (!COUPON_KINDS.includes(t.kind)) {
      problems.push(`${at}.kind: must be one of ${COUPON_KINDS.join(', ')}, got "${String(t.kind)}"`)
    } else if (t.kind === 'no_threshold') {
      if (!isPosInt(t.offFen)) problems.push(`${at}.offFen: a no_threshold coupon needs a positive integer fen amount, got ${String(t.offFen)}`)
      if (t.minSpendFen !== undefined && t.minSpendFen !== 0) problems.push(`${at}.minSpendFen: a no_threshold coupon cannot have a threshold; use kind "threshold"`)
    } else if (t.kind === 'threshold') {
      if (!isPosInt(t.offFen)) problems.push(`${at}.offFen: a threshold coupon needs a positive integer fen amount, got ${String(t.offFen)}`)
      if (!isPosInt(t.minSpendFen)) problems.push(`${at}.minSpendFen: a threshold coupon needs a positive integer fen threshold, got ${String(t.minSpendFen)}`)
      else if (isPosInt(t.offFen) && t.offFen > t.minSpendFen) {
        problems.push(`${at}.offFen: ${t.offFen} must not exceed minSpendFen ${t.minSpendFen}`)
      }
    } else {
      if (!Number.isInteger(t.percent) || (t.percent as number) < 1 || (t.percent as number) > 99) {
        problems.push(`${at}.percent: a discount coupon needs an integer percent paid between 1 and 99 (90 = 90% paid), got ${String(t.percent)}`)
      }
      if (t.maxOffFen !== undefined && !isPosInt(t.maxOffFen)) problems.push(`${at}.maxOffFen: must be a positive integer fen amount, got ${String(t.maxOffFen)}`)
      if (t.minSpendFen !== undefined && !(Number.isInteger(t.minSpendFen) && t.minSpendFen >= 0)) {
        problems.push(`${at}.minSpendFen: must be an integer fen amount ≥ 0, got ${String(t.minSpendFen)}`)
      }
    }
    const v = t.validity
    if (!v || (v.kind !== 'fixed' && v.kind !== 'days')) {
      problems.push(`${at}.validity.kind: must be "fixed" or "days"`)
    } else if (v.kind === 'days') {
      if (!isPosInt(v.days)) problems.push(`${at}.validity.days: must be a positive integer, got ${String(v.days)}`)
    } else {
      if (!isBusinessDate(v.from)) problems.push(`${at}.validity.from: must be a business date YYYY-MM-DD, got "${String(v.from)}"`)
      if (!isBusinessDate(v.to)) problems.push(`${at}.validity.to: must be a business date YYYY-MM-DD, got "${String(v.to)}"`)
      if (isBusinessDate(v.from) && isBusinessDate(v.to) && v.to < v.from) {
        problems.push(`${at}.validity.to: ${v.to} is before validity.from ${v.from}`)
      }
    }
  })
  return problems
}
