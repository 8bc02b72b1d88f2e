/**
 * What 调整积分 and 补发优惠券 hold against the API before they send: an amount as typed (the field keeps the text,
 * never a double that rounds 20 digits), and what a reissued coupon is worth against the day's approval threshold
 * (`MemberDetail.adjustmentPolicy`, the server's own reckoning in POST /admin/members/{id}/coupons).
 */
import { couponFaceValueFen, type CouponTerms } from '@/domain/coupons'
import { fmtPoints } from './format'

/** The largest adjustment one request may make (the API's own bound, mock/openapi.yaml). */
export const MAX_ADJUST = 10_000_000

/**
 * The amount field's text (InputNumber in stringMode) as whole points from 1 to MAX_ADJUST, or why not. Only digits
 * typed are a whole number: 1e3 or 2.5 are not; 20 digits are too large, said with the bound, never read as
 * 12345678901234567000.
 */
export function adjustAmount(typed: string | number | null | undefined): { points: number } | { problem: string } {
  const text = typed === null || typed === undefined ? '' : String(typed).trim()
  if (text === '') return { problem: '请输入积分数' }
  if (!/^-?\d+$/.test(text) || /^-|^0+$/.test(text)) return { problem: `请输入 1–${fmtPoints(MAX_ADJUST)} 的整数` }
  // Digits alone: more of them than the bound has, or more than it, is too large (no double read of a long one).
  const digits = text.replace(/^0+/, '')
  if (digits.length > String(MAX_ADJUST).length || Number(digits) > MAX_ADJUST) return { problem: `单次最多调整 ${fmtPoints(MAX_ADJUST)} 积分` }
  return { points: Number(digits) }
}

/** A coupon's face value in points, as the server counts it (rounded up); a discount without a cap is unbounded. */
export function reissueWorth(terms: CouponTerms, pointValueFen: number): number {
  return Math.ceil(couponFaceValueFen(terms) / pointValueFen)
}

/** What is left today of the approval threshold for adjustments applied at once and coupons reissued. */
export function reissueRoom(policy: { approvalAbove: number; appliedToday: number }): number {
  return Math.max(0, policy.approvalAbove - policy.appliedToday)
}

/** Why a coupon worth `worth` points cannot be reissued today (the server's 409 COUPON_REISSUE_OVER_LIMIT), if it cannot. */
export function reissueProblem(worth: number, policy: { approvalAbove: number; appliedToday: number }): string | undefined {
  const room = reissueRoom(policy)
  if (worth <= room) return undefined
  const value = Number.isFinite(worth) ? `本券面值折合 ${fmtPoints(worth)} 积分` : '本券为不封顶的折扣券，面值不限'
  return `${value}，超过今日剩余额度 ${fmtPoints(room)} 积分；请改用积分调整，由另一位管理员审批`
}
