/**
 * An audit entry's before/after as staff read it: `{"balance":120,"adjustment":{"amount":50,…}}` becomes
 * 积分余额：120；积分调整：（积分 +50，原因 补偿，状态 已生效）. Keys and values the log does not know stay as they are,
 * so nothing recorded is hidden; the CSV keeps the exact JSON.
 */
import type { AuditAction } from '@/api/contract'
import { DELIVERY_STATUS_WORDS } from '@/domain/mall'
import { RULE_SECTIONS, sectionOfPath } from '../pages/rules/sections'
import { ROLE_LABEL } from '../session'
import { fmtInstant } from './format'
import type { Adjustment } from '../api'
import { ADJ_STATUS, decisionWords, ORDER_STATUS, RULES_VERSION_STATUS, VOUCHER_STATUS } from './labels'

const KEYS: Record<string, string> = {
  balance: '积分余额',
  adjustment: '积分调整',
  amount: '积分',
  reason: '原因',
  status: '状态',
  note: '备注',
  memberId: '会员',
  id: '编号',
  requestedBy: '申请人',
  requestedAt: '申请时间',
  decidedBy: '审批人',
  decidedAt: '审批时间',
  redemptionId: '兑换记录',
  trackingNo: '快递单号',
  orderId: '订单',
  reversed: '冲回',
  pointsEarned: '扣回下单所得积分',
  pointsRestored: '退回下单所用积分',
  pointsExpired: '所用积分已过期未退回',
  pointsSettled: '所用积分抵扣此前欠扣',
  couponKept: '优惠券已过期未退还',
  growth: '扣回成长值',
  shortfall: '余额不足未扣回',
  leaderboardPrize: '收回排行榜奖励',
  freeServicesRevoked: '作废本月会员免费服务',
  couponId: '优惠券',
  templateId: '券模板',
  versionNo: '版本',
  effectiveAt: '生效时间',
  changed: '修改部分',
  restoredFrom: '恢复自版本',
  requestNo: '申请编号',
  requestId: '内部编号',
  feedbackId: '反馈编号',
  reply: '回复',
  username: '账号',
  displayName: '显示名',
  role: '角色',
  disabled: '已停用',
  createdAt: '创建时间',
  expiresAt: '登录有效至',
}

const labels = (m: Record<string, { label: string }>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.label]))
const ADJUSTMENT = labels(ADJ_STATUS)

/** A status in the words of the page it belongs to, by the action that recorded it. */
const STATUS_OF: Partial<Record<AuditAction, Record<string, string>>> = {
  'member.adjust': ADJUSTMENT,
  'adjustment.approve': ADJUSTMENT,
  'adjustment.reject': ADJUSTMENT,
  'delivery.update': DELIVERY_STATUS_WORDS,
  'voucher.use': labels(VOUCHER_STATUS),
  'order.refund': ORDER_STATUS,
  'rules.cancel': labels(RULES_VERSION_STATUS),
  'privacy.handle': { received: '待处理', done: '已处理' },
  'feedback.reply': { open: '待回复', replied: '已回复' },
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** The record as JSON, its instants in business time like every other time on the page (`2026-12-04 12:30:00`). */
export function auditJson(v: unknown, indent?: number): string {
  if (v === null || v === undefined) return ''
  return JSON.stringify(v, (_, x: unknown) => (typeof x === 'string' && ISO_INSTANT.test(x) ? fmtInstant(x, true) : x), indent)
}

function value(action: AuditAction, key: string, v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (key === 'changed' && Array.isArray(v)) {
    const labels = [...new Set(v.map((root) => sectionOfPath(String(root)).label))]
    return RULE_SECTIONS.map((s) => s.label).filter((l) => labels.includes(l)).join('、') || '（无）'
  }
  if (key === 'status' && typeof v === 'string') return STATUS_OF[action]?.[v] ?? v
  if (key === 'role' && typeof v === 'string') return ROLE_LABEL[v as keyof typeof ROLE_LABEL] ?? v
  if (key === 'amount' && typeof v === 'number') return v > 0 ? `+${v}` : String(v)
  if (key === 'versionNo' || key === 'restoredFrom') return `#${String(v)}`
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'string') return ISO_INSTANT.test(v) ? fmtInstant(v, true) : v
  if (Array.isArray(v)) return v.map((x) => value(action, '', x)).join('、')
  if (typeof v === 'object') return `（${pairs(action, v as Record<string, unknown>).join('，')}）`
  return String(v)
}

/**
 * An adjustment applied as it was asked for (within the day's approval amount) is recorded as decided by whoever
 * asked, at that instant: it reads 审批 无需审批（未超额度）, as on the member page, not as approved by the requester.
 */
function unapproved(k: string, v: unknown): v is Record<string, unknown> {
  if (k !== 'adjustment' || !v || typeof v !== 'object' || Array.isArray(v)) return false
  const a = v as Record<string, unknown>
  return a.status === 'applied' && typeof a.decidedBy === 'string' && a.decidedBy === a.requestedBy
}

function pairs(action: AuditAction, o: Record<string, unknown>, sep = ' '): string[] {
  return Object.entries(o).flatMap(([k, v]) => {
    if (!unapproved(k, v)) return [`${KEYS[k] ?? k}${sep}${value(action, k, v)}`]
    const words = Object.entries(v).flatMap(([ak, av]) =>
      ak === 'decidedAt' ? [] : ak === 'decidedBy' ? [`审批 ${decisionWords(v as unknown as Adjustment)}`] : [`${KEYS[ak] ?? ak} ${value(action, ak, av)}`],
    )
    return [`${KEYS[k] ?? k}${sep}（${words.join('，')}）`]
  })
}

/** One line per recorded field (`积分余额：120`); [] for nothing recorded. */
export function auditLines(action: AuditAction, v: unknown): string[] {
  if (v === null || v === undefined) return []
  if (typeof v !== 'object' || Array.isArray(v)) return [value(action, '', v)]
  return pairs(action, v as Record<string, unknown>, '：')
}

/** The fields on one line (the table's column); '' for nothing recorded. */
export function auditWords(action: AuditAction, v: unknown): string {
  return auditLines(action, v).join('；')
}
