/** Wire views shared by several use cases: the member card and the task list. Shapes only; rules are domain calls. */
import type { MemberMe, TaskView } from '../../src/api/contract'
import { isNewcomer, newcomerDaysLeft } from '../../src/domain/lifecycle'
import { taskList } from '../../src/domain/tasks'
import { monthOf } from '../../src/domain/calendar'
import { freeServiceItemId } from '../../src/domain/mall'
import { findTier, freeServiceStatus, levelWillExpireInDays, nextTierProgress, retentionNeeds, type FreeServiceStatus } from '../../src/domain/tiers'
import type { MemberTx } from './tx'

/** This month's free services of the member's effective tier (tiers.ts), counted in `redeemed` by month. */
export function freeServicesOf(tx: MemberTx): FreeServiceStatus {
  const used = tx.member.redeemed[freeServiceItemId(monthOf(tx.today))] ?? 0
  return freeServiceStatus(tx.effective().tier, used, tx.today, tx.rules.tiers)
}

export function memberMe(tx: MemberTx): MemberMe {
  const m = tx.member
  const rules = tx.rules
  const effective = tx.effective()
  const metrics = tx.metrics()
  const progress = nextTierProgress(metrics, effective.tier.id, rules.tiers)
  const next = progress.nextTierId ? findTier(rules.tiers, progress.nextTierId) ?? null : null
  const earned = findTier(rules.tiers, m.tier.earned.tierId) ?? effective.tier
  const retention = retentionNeeds(tx.periodMetrics(), m.tier, rules.tiers)
  const paid = m.tier.paid && m.tier.paid.until >= tx.today ? m.tier.paid : null
  return {
    id: m.id,
    nickname: m.nickname,
    birthday: m.birthday ?? null,
    registeredAt: m.registeredAt,
    tier: { id: effective.tier.id, name: effective.tier.name, source: effective.source, until: effective.until, rank: effective.tier.rank },
    earnedTier: { id: earned.id, name: earned.name, expiresOn: m.tier.earned.expiresOn },
    growth: metrics.growth,
    nextTier: next ? { id: next.id, name: next.name } : null,
    progress: { fraction: progress.fraction, words: progress.words, requirements: progress.requirements },
    levelWillExpireInDays: levelWillExpireInDays(m.tier, tx.today),
    retention: { words: retention.words, met: retention.requirements.length === 0, applies: retention.applies },
    benefits: effective.tier.benefits,
    nextTierBenefits: next?.benefits ?? [],
    discountPercent: effective.tier.discountPercent,
    paid: paid ? { planId: m.paidPlanId ?? '', tierId: paid.tierId, until: paid.until } : null,
    metrics,
    newcomer: { active: isNewcomer(m.registeredAt, tx.ctx), daysLeft: newcomerDaysLeft(m.registeredAt, tx.ctx) },
    inviteCode: m.inviteCode,
    balance: tx.balance,
    freeServices: freeServicesOf(tx),
  }
}

export function taskViews(tx: MemberTx): TaskView[] {
  return taskList(tx.member.tasks, tx.taskContext(), tx.ctx)
}
