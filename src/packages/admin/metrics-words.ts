/**
 * What the figures of `GET /admin/metrics` say in words, for both screens that show them: the H5 运营看板
 * (dashboard/index.tsx here) and the operator console's 数据看板 (console/src/pages/dashboard.tsx,
 * console/src/lib/campaign-metrics.ts). Pure, and in the admin subpackage, which only the H5 build has (the mini
 * programs leave the operator routes out, src/app.config.ts): no main package carries it. Like src/domain, it
 * imports nothing of the app but types (the console may import it, .eslintrc.cjs). Each screen formats money its own
 * way and passes that in.
 */
import type { BusinessDate, OperatorMetrics } from '@/api/contract'
import type { CampaignMetrics, Roi } from '@/domain/metrics'

type Money = (fen: number) => string

/**
 * A span's prize and coupon cost: never below ¥0, and when refunds in the span gave back more than it spent (costs of
 * an earlier span reversed), that credit beside it: ¥0（退款冲回此前成本 ¥2.50）.
 */
export function costWords(roi: Pick<Roi, 'costFen' | 'creditFen'>, money: Money): string {
  return `${money(roi.costFen)}${roi.creditFen > 0 ? `（退款冲回此前成本 ${money(roi.creditFen)}）` : ''}`
}

/** What an ROI is the ratio of: 价值 ¥12 / 成本 ¥5. */
export function roiBasis(roi: Roi, money: Money): string {
  return `价值 ${money(roi.valueFen)} / 成本 ${costWords(roi, money)}`
}

/**
 * A campaign's retention lift in signed percentage points with the screen's unit (+1.98 pp, -0.50 pp, 0.00 pp), or why it has
 * none: 活动未开始 (its before-window is not over, nothing after its start exists), 观察期未结束 (the after-window is
 * not complete), — (a window without users).
 */
export function liftWords(c: Pick<CampaignMetrics, 'started' | 'retentionAfter' | 'retentionLiftBasisPoints'>, unit: string): string {
  if (!c.started) return '活动未开始'
  if (!c.retentionAfter) return '观察期未结束'
  const bp = c.retentionLiftBasisPoints
  if (bp === null) return '—'
  const abs = Math.abs(bp)
  return `${bp > 0 ? '+' : bp < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${unit}`
}

/** After a date the range's data is not complete for (today): its figure is so far, said so. */
export function soFar(date: BusinessDate, completeThrough: BusinessDate): string {
  return date > completeThrough ? '（今日，截至目前）' : ''
}

/**
 * Why the retention of members vs non-members has no figures to compare: no new user in the range, or (signing in is
 * joining, 普通会员转化率 100%) no non-member among them. Undefined when there is a comparison.
 */
export function retentionNote({ newMembers, retention }: Pick<OperatorMetrics, 'newMembers' | 'retention'>): string | undefined {
  const sampled = (side: OperatorMetrics['retention']['member']) => Object.values(side).some((r) => r.denominator > 0)
  if (sampled(retention.nonMember)) return undefined
  return newMembers === 0 && !sampled(retention.member) ? '本期没有新用户，没有留存样本。' : '本期新用户都已注册为会员（登录即入会），没有非会员样本可比。'
}

/** The campaigns listed and what their figures are of. */
export const CAMPAIGNS_NOTE = '列出日期与所选区间有交集的活动；参与人数、参与率、完成率、留存和投入产出比按整个活动期计算，不随所选区间变化。'
