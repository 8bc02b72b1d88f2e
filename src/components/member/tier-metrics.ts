import type { RequirementProgress, TierMetric } from '@/domain/tiers'
import { formatFen } from '@/utils/format'

/**
 * How a tier metric reads to a member: its name and an amount of it ("消费", "¥1000"; "活跃", "10 天"). Every metric
 * is of the rolling window the tiers count (the rules' `retentionMonths`, which the benefits page states): never
 * "累计", which a member reads as all-time and then sees go down when an old month leaves the window.
 */
export const TIER_METRICS: Record<TierMetric, { name: string; amount: (n: number) => string }> = {
  growth: { name: '成长值', amount: (n) => `${n}` },
  spendFen: { name: '消费', amount: formatFen },
  orders: { name: '订单', amount: (n) => `${n} 笔` },
  activeDays: { name: '活跃', amount: (n) => `${n} 天` },
  signinDays: { name: '签到', amount: (n) => `${n} 天` },
  tasksCompleted: { name: '完成任务', amount: (n) => `${n} 个` },
  shares: { name: '分享', amount: (n) => `${n} 次` },
}

/** "消费 ≥ ¥1000": a tier's requirement on the benefits page. */
export function requirementWords(metric: TierMetric, min: number): string {
  return `${TIER_METRICS[metric].name} ≥ ${TIER_METRICS[metric].amount(min)}`
}

/**
 * What the progress bar tracks: the unmet requirement furthest from done (the bar is the minimum over
 * requirements), as "消费 ¥520 / ¥1000". Null when nothing blocks the next tier.
 */
export function blockingRequirement(requirements: RequirementProgress[]): string | null {
  const blocking = requirements.reduce<RequirementProgress | null>((a, r) => (a && a.fraction <= r.fraction ? a : r), null)
  if (!blocking) return null
  const { name, amount } = TIER_METRICS[blocking.metric]
  return `${name} ${amount(blocking.current)} / ${amount(blocking.required)}`
}

/**
 * Every condition still missing to keep the tier, in one phrase — each must be met, so none may be left out:
 * ["保级还需 394 成长值", "保级还需活跃 7 天"] → "保级还需 394 成长值、活跃 7 天".
 */
export function retentionSummary(words: readonly string[]): string {
  return words.map((w, i) => (i === 0 ? w : w.replace(/^保级还需\s*/, ''))).join('、')
}
