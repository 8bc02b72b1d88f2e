/** zh-CN labels shared by several pages. */
import { DELIVERY_STATUS_WORDS } from '@/domain/mall'
import type { Adjustment, RulesVersionStatus } from '../api'
import { fmtInstant } from './format'

/** The platform a member signs in on, or a message goes to. */
export const PLATFORM_LABEL: Record<string, string> = { weapp: '微信', alipay: '支付宝', h5: 'H5' }

export const LEDGER_TYPE: Record<string, { label: string; color: string }> = {
  earn: { label: '获得', color: 'green' },
  spend: { label: '消耗', color: 'orange' },
  expire: { label: '过期', color: 'default' },
  refund: { label: '退款', color: 'purple' },
  grant: { label: '赠送', color: 'cyan' },
  adjust: { label: '调整', color: 'red' },
}

/** Why a member's effective tier changed (src/domain/tiers.ts TierChangedEvent's reason). */
export const TIER_CHANGE_REASON: Record<string, string> = {
  upgrade: '达标升级',
  reevaluation: '保级评估',
  refund: '退款扣回',
  paid_plan: '付费会员',
  expired: '到期',
}

export const ADJ_STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: '待审批', color: 'gold' },
  applied: { label: '已生效', color: 'green' },
  rejected: { label: '已驳回', color: 'default' },
}

/** An adjustment's decision; `decidedByName` (the admin list's) names the approver by display name, else the username. */
type Decision = Pick<Adjustment, 'status' | 'requestedBy' | 'decidedBy' | 'decidedAt'> & { decidedByName?: string | null }

/**
 * Who decided an adjustment, in words. One within the day's approval amount is applied as it is asked for, recorded as
 * decided by whoever asked (nobody approves their own: approvals.tsx): it reads 无需审批, not as a self-approval.
 */
export function decisionWords(a: Decision): string {
  if (!a.decidedBy) return ''
  return approvedWithin(a) ? NO_APPROVAL_NEEDED : `${a.decidedByName ?? a.decidedBy} · ${fmtInstant(a.decidedAt)}`
}

const NO_APPROVAL_NEEDED = '无需审批（未超额度）'

/** Applied as asked, within the day's approval amount: recorded as decided by whoever asked. */
function approvedWithin(a: Decision): boolean {
  return a.status === 'applied' && a.decidedBy === a.requestedBy
}

/** The 审批人 and 审批时间 columns of an export: 无需审批 and no time for one applied within the day's amount. */
export function approverColumns(a: Decision): { approver: string; decidedAt: string } {
  if (approvedWithin(a)) return { approver: NO_APPROVAL_NEEDED, decidedAt: '' }
  return { approver: a.decidedByName ?? a.decidedBy ?? '', decidedAt: fmtInstant(a.decidedAt) }
}

/** The member app's words (src/domain/mall.ts), with the console's tag colours. */
export const DELIVERY_STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: DELIVERY_STATUS_WORDS.pending, color: 'gold' },
  shipped: { label: DELIVERY_STATUS_WORDS.shipped, color: 'blue' },
  delivered: { label: DELIVERY_STATUS_WORDS.delivered, color: 'green' },
  cancelled: { label: DELIVERY_STATUS_WORDS.cancelled, color: 'default' },
}

export const ORDER_STATUS: Record<string, string> = { pending_payment: '待支付', paid: '已支付', refunded: '已退款', cancelled: '已取消' }

export const RULES_VERSION_STATUS: Record<RulesVersionStatus, { label: string; color: string }> = {
  scheduled: { label: '待生效', color: 'blue' },
  current: { label: '生效中', color: 'green' },
  past: { label: '已被取代', color: 'default' },
  cancelled: { label: '已取消', color: 'default' },
}

export const VOUCHER_STATUS: Record<string, { label: string; color: string }> = {
  valid: { label: '有效，未核销', color: 'green' },
  used: { label: '已核销', color: 'default' },
  expired: { label: '已过期', color: 'red' },
  revoked: { label: '已作废', color: 'red' },
}

/** Where a lot of points came from (src/domain/points.ts GrantSource). */
export const GRANT_SOURCE: Record<string, string> = {
  behaviour: '行为奖励',
  signin: '签到',
  task: '任务',
  invite: '邀请',
  prize: '活动奖品',
  cards: '集卡奖励',
  purchase: '消费得积分',
  grant: '系统赠送',
}

/** Where a coupon came from (src/domain/coupons.ts CouponSource). */
export const COUPON_SOURCE: Record<string, string> = {
  signin: '签到',
  task: '任务',
  newcomer: '新人',
  campaign: '活动',
  lottery: '抽奖',
  cards: '集卡',
  leaderboard: '排行榜',
  mall: '积分商城',
  dormant: '沉睡召回',
  invite: '邀请',
  operator: '运营补发',
}
