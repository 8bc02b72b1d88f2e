/**
 * The points mall (SPEC §2.2 spending (a)): the items on offer are part of the rules document (an operator edits
 * them like any rule); an item can be redeemed while it has stock and the member is under its per-member limit.
 * The price is paid through the points module (FIFO over lots) in the same step. An in-store item (`service`)
 * gives a voucher the staff redeem (核销) within `voucherValidDays`; a physical item (`gift`) is delivered to an
 * address the member gives when redeeming.
 */
import { addDays, type BusinessDate, type BusinessMonth, monthDayWords } from './calendar'
import { RuleError } from './errors'
import { optionalTextProblem, textProblem } from './rule-text'

export interface MallItem {
  id: string
  name: string
  description: string
  kind: 'coupon' | 'gift' | 'service'
  pointsPrice: number
  /** Stock when the item is first offered (the backend keeps what is left). */
  initialStock: number
  perMemberLimit: number
  /** The coupon a `coupon` item puts in the wallet. */
  couponTemplateId?: string
}

export interface MallRules {
  items: MallItem[]
  /** Business days an in-store item's voucher stays valid (the day it is issued included). */
  voucherValidDays: number
}

export interface MallItemLimits {
  id: string
  perMemberLimit: number
}

export const DEFAULT_MALL_RULES: MallRules = {
  voucherValidDays: 30,
  items: [
    { id: 'rw-coupon-10', name: '¥10 无门槛券', description: '兑换后 30 天内有效，全场通用', kind: 'coupon', pointsPrice: 100, initialStock: 1000, perMemberLimit: 5, couponTemplateId: 'mall-10' },
    { id: 'rw-coupon-100-20', name: '满100减20券', description: '订单满 ¥100 可用，30 天内有效', kind: 'coupon', pointsPrice: 150, initialStock: 500, perMemberLimit: 3, couponTemplateId: 'mall-100-20' },
    { id: 'rw-coupon-9off', name: '9折券（最高减30元）', description: '全场 9 折，30 天内有效', kind: 'coupon', pointsPrice: 200, initialStock: 300, perMemberLimit: 2, couponTemplateId: 'mall-9off' },
    { id: 'rw-free-drink', name: '任意饮品免费兑换', description: '到店出示核销码兑换任意中杯饮品一杯', kind: 'service', pointsPrice: 300, initialStock: 200, perMemberLimit: 2 },
    { id: 'rw-badge', name: '限量周年徽章', description: '品牌周年限定珐琅徽章，限量 5 枚', kind: 'gift', pointsPrice: 10, initialStock: 5, perMemberLimit: 1 },
    { id: 'rw-umbrella', name: '品牌晴雨伞', description: '已兑完，敬请期待补货', kind: 'gift', pointsPrice: 800, initialStock: 0, perMemberLimit: 1 },
    { id: 'rw-tote', name: '帆布托特包', description: '加厚帆布，可装 14 寸电脑', kind: 'gift', pointsPrice: 500, initialStock: 50, perMemberLimit: 1 },
  ],
}

/** Refuses a redemption that stock or the per-member limit does not allow; stock never goes below 0. */
export function assertRedeemable(item: MallItemLimits, stock: number, redeemedByMe: number): void {
  if (stock <= 0) throw new RuleError('REWARD_SOLD_OUT', '该商品已兑完', 409, { itemId: item.id })
  if (redeemedByMe >= item.perMemberLimit) {
    throw new RuleError('REWARD_LIMIT_REACHED', `每人限兑 ${item.perMemberLimit} 次，你已经兑换过了`, 422, { itemId: item.id, limit: item.perMemberLimit })
  }
}

/** The mall's rules as the member reads them before redeeming (兑换说明 on the mall page). */
export function mallRulesWords(rules: Pick<MallRules, 'voucherValidDays'>): string[] {
  return [
    `到店服务兑换后发放核销码，${rules.voucherValidDays} 天内（含兑换当天）到店出示二维码或核销码使用，过期作废。`,
    '实物礼品兑换时填写收货地址，发货进度在「兑换记录」查看。',
    '兑换成功后积分不退回。',
  ]
}

export function validateMallRules(rules: MallRules, couponTemplateIds: string[]): string[] {
  const problems: string[] = []
  if (!Number.isInteger(rules.voucherValidDays) || rules.voucherValidDays < 1 || rules.voucherValidDays > 3650) {
    problems.push(`mall.voucherValidDays: must be an integer from 1 to 3650, got ${String(rules.voucherValidDays)}`)
  }
  if (!Array.isArray(rules.items)) return [...problems, 'mall.items: must be a list']
  const seen = new Set<string>()
  rules.items.forEach((item, i) => {
    const path = `mall.items[${i}]`
    if (typeof item.id !== 'string' || !/^[\w-]{1,64}$/.test(item.id)) problems.push(`${path}.id: 1–64 letters, digits, - or _`)
    else if (seen.has(item.id)) problems.push(`${path}.id: "${item.id}" is used twice`)
    seen.add(item.id)
    // Counted as members see them (code points), like every name: an item's name is a title on its card, so it may
    // run longer than a tier's; the description may be empty.
    const nameProblem = textProblem(item.name, 'name', 40)
    if (nameProblem) problems.push(`${path}.name: ${nameProblem}`)
    const descriptionProblem = optionalTextProblem(item.description)
    if (descriptionProblem) problems.push(`${path}.description: ${descriptionProblem}`)
    if (!['coupon', 'gift', 'service'].includes(item.kind)) problems.push(`${path}.kind: coupon, gift or service`)
    // A mall item is bought with points: a price of 0 would give it away (and write a ledger line of 0).
    if (!Number.isInteger(item.pointsPrice) || item.pointsPrice < 1) problems.push(`${path}.pointsPrice: must be an integer ≥ 1, got ${String(item.pointsPrice)}`)
    if (!Number.isInteger(item.initialStock) || item.initialStock < 0) problems.push(`${path}.initialStock: must be an integer ≥ 0, got ${String(item.initialStock)}`)
    if (!Number.isInteger(item.perMemberLimit) || item.perMemberLimit < 1) problems.push(`${path}.perMemberLimit: must be an integer ≥ 1, got ${String(item.perMemberLimit)}`)
    if (item.kind === 'coupon') {
      if (!item.couponTemplateId) problems.push(`${path}.couponTemplateId: a coupon item names its coupon template`)
      else if (!couponTemplateIds.includes(item.couponTemplateId)) problems.push(`${path}.couponTemplateId: unknown coupon template "${item.couponTemplateId}"`)
    }
  })
  return problems
}

// ───────────────────────────── vouchers and delivery ─────────────────────────────

export interface VoucherState {
  code: string
  validTo: BusinessDate
  usedAt: string | null
  /** When it was taken back unused: a tier's free service a refund made undeserved (absent: never). */
  revokedAt?: string | null
  /** Why, when not for a refund: the member's account was closed (会员注销). */
  revokedFor?: 'erased'
}

/** The item id of a physical prize's line in 兑换记录: `lottery:<campaign id>:<prize id>` (mall ids have no colon). */
export const PRIZE_ITEM_PREFIX = 'lottery:'

/** The item id of a month's free-service vouchers (tiers.ts; also the per-month count in `MemberRecord.redeemed`). */
const FREE_SERVICE_ITEM_PREFIX = 'tier-service:'

export function freeServiceItemId(month: BusinessMonth): string {
  return `${FREE_SERVICE_ITEM_PREFIX}${month}`
}

/** Where a line of 兑换记录 came from: bought with points in the mall, won in a draw, or a tier's free service. */
export function redemptionOrigin(itemId: string): 'mall' | 'prize' | 'free_service' {
  return itemId.startsWith(PRIZE_ITEM_PREFIX) ? 'prize' : itemId.startsWith(FREE_SERVICE_ITEM_PREFIX) ? 'free_service' : 'mall'
}

const ORIGIN_WORDS = { prize: { cost: '抽奖奖品', verb: '中奖' }, free_service: { cost: '会员权益', verb: '领取' } }

/** How 兑换记录 says where a line came from: what it cost, and what the member did. */
export function redemptionWords(r: { itemId: string; points: number }): { cost: string; verb: string } {
  const origin = redemptionOrigin(r.itemId)
  return origin === 'mall' ? { cost: `-${r.points} 积分`, verb: '兑换' } : ORIGIN_WORDS[origin]
}

/** A parcel with nowhere to go yet: a prize whose address the member has not given (a mall gift has one from the start). */
export function awaitsAddress(r: { kind: string; delivery: unknown }): boolean {
  return r.kind === 'gift' && r.delivery === null
}

export type VoucherStatus = 'valid' | 'used' | 'expired' | 'revoked'

/** A 12-digit code from the injected randomness (shown as 4-4-4; the staff type it or scan its QR code). */
export function voucherCode(rng: () => number): string {
  let out = ''
  for (let i = 0; i < 12; i++) out += Math.floor(rng() * 10)
  return out
}

/** The voucher of an in-store item redeemed today: valid `voucherValidDays` business days, today included. */
export function newVoucher(code: string, today: BusinessDate, rules: Pick<MallRules, 'voucherValidDays'>): VoucherState {
  return { code, validTo: addDays(today, rules.voucherValidDays - 1), usedAt: null }
}

export function voucherStatus(v: VoucherState, today: BusinessDate): VoucherStatus {
  if (v.usedAt !== null) return 'used'
  if (v.revokedAt) return 'revoked'
  return today > v.validTo ? 'expired' : 'valid'
}

/** Refuses a voucher already used or taken back (409) or past its last day (422), each saying so. */
export function assertVoucherUsable(v: VoucherState, today: BusinessDate): void {
  const status = voucherStatus(v, today)
  if (status === 'used') throw new RuleError('VOUCHER_USED', '该核销码已使用，不能重复核销', 409, { usedAt: v.usedAt })
  if (status === 'revoked') {
    const why = v.revokedFor === 'erased' ? '会员已注销' : '退款后会员等级调整，本月权益已收回'
    throw new RuleError('VOUCHER_REVOKED', `该核销码已作废（${why}），不能使用`, 409, { revokedAt: v.revokedAt })
  }
  if (status === 'expired') throw new RuleError('VOUCHER_EXPIRED', `该核销码已于 ${monthDayWords(v.validTo, today)} 过期`, 422, { validTo: v.validTo })
}

export interface DeliveryAddress {
  name: string
  phone: string
  address: string
}

/** `cancelled`: never to be sent — the member was erased (会员注销) before it went, and with them where it would go. */
export type DeliveryStatus = 'pending' | 'shipped' | 'delivered' | 'cancelled'

/** A delivery's status in words, as the member's 兑换记录 and the console show it. */
export const DELIVERY_STATUS_WORDS: Record<DeliveryStatus, string> = { pending: '待发货', shipped: '已发货', delivered: '已签收', cancelled: '已取消发货' }

/** A status a caller named (the shipping queue's filter): one of DELIVERY_STATUS_WORDS'. */
export function isDeliveryStatus(s: string): s is DeliveryStatus {
  return Object.prototype.hasOwnProperty.call(DELIVERY_STATUS_WORDS, s)
}

export interface DeliveryState extends DeliveryAddress {
  status: DeliveryStatus
  /** The carrier's number (快递单号), given when it is sent. */
  trackingNo?: string | null
}

/**
 * A gift's fulfilment, one step at a time: 待发货 → 已发货 (with the carrier's number) → 已签收. Any other step is
 * refused (`DELIVERY_STATUS_CONFLICT`, 409) and changes nothing.
 */
export function advanceDelivery(d: DeliveryState, to: 'shipped' | 'delivered', trackingNo?: string): DeliveryState {
  const next: Record<DeliveryStatus, DeliveryStatus | null> = { pending: 'shipped', shipped: 'delivered', delivered: null, cancelled: null }
  if (next[d.status] !== to) {
    const now = d.status === 'pending' ? '还未发货' : DELIVERY_STATUS_WORDS[d.status]
    throw new RuleError('DELIVERY_STATUS_CONFLICT', `这件礼品${now}，不能改为${DELIVERY_STATUS_WORDS[to]}`, 409, { status: d.status })
  }
  if (to === 'shipped') {
    if (!trackingNo?.trim()) throw new RuleError('TRACKING_NO_REQUIRED', '发货需要填写快递单号', 422)
    return { ...d, status: to, trackingNo: trackingNo.trim() }
  }
  return { ...d, status: to }
}

/** A physical item needs somewhere to go (`DELIVERY_REQUIRED`, 422); the fields' shapes are the API's to check. */
export function assertDeliveryGiven(item: Pick<MallItem, 'id' | 'kind'>, delivery: DeliveryAddress | undefined): void {
  if (item.kind === 'gift' && !delivery) throw new RuleError('DELIVERY_REQUIRED', '实物商品需要填写收货人、手机号和地址', 422, { itemId: item.id })
}
