/**
 * A reference for the operator metrics: every set figure computed straight from its definition (metrics.ts's
 * header) over JavaScript sets of member numbers, as metrics.ts did before it moved to bitsets. The bitset version must
 * answer exactly the same on any aggregates (tests/domain/metrics-reference.test.ts). Only the figures of the set
 * algebra: the tier distribution, the liability and tier movement are sums of the storage's counts, tested in
 * tests/domain/metrics.test.ts.
 */
import {
  addDays,
  addDaysClamped,
  businessDateOf,
  dateFromDayNumber,
  dayNumber,
  isBusinessDate,
  MAX_BUSINESS_DATE,
  MIN_BUSINESS_DATE,
  parseInstant,
  type BusinessDate,
} from '@/domain/calendar'
import type { Ctx } from '@/domain/context'
import { RuleError } from '@/domain/errors'
import {
  rateOf,
  roiOf,
  type CampaignMetrics,
  type MetricsConfig,
  type MetricsFirstKind,
  type OperatorMetrics,
  type Rate,
  type RetentionBySegment,
  type ReturnByPlan,
} from '@/domain/metrics'
import type { AggregateMetricsInput } from '@/domain/metrics-dashboard'

/** Every date from `from` to `to` (by day number: never a step past `to`, which may be the calendar's last day). */
function datesBetween(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = []
  for (let n = dayNumber(from), last = dayNumber(to); n <= last; n++) out.push(dateFromDayNumber(n))
  return out
}

const EMPTY: ReadonlySet<number> = new Set()

export type SetFigures = Omit<OperatorMetrics, 'tierDistribution' | 'liability' | 'tierMovement'>

/** The set figures straight from their definitions over JavaScript sets (what metrics.ts computed before its bitsets). */
export function referenceMetrics(input: AggregateMetricsInput, ctx: Pick<Ctx<MetricsConfig>, 'now' | 'config'>): SetFigures {
  const { calendar, metrics: rules } = ctx.config
  const { from, to, aggregates } = input
  if (!isBusinessDate(from) || !isBusinessDate(to) || to < from) {
    throw new RuleError('METRICS_BAD_RANGE', '统计区间不正确', 400, { from, to })
  }
  const yesterday = addDays(businessDateOf(ctx.now, calendar), -1)
  const completeThrough = to < yesterday ? to : yesterday

  const activeOn = new Map<BusinessDate, Set<number>>()
  const signinOn = new Map<BusinessDate, number[]>()
  const benefitOn = new Map<BusinessDate, number[]>()
  for (const d of aggregates.days) {
    activeOn.set(d.date, new Set(d.active))
    signinOn.set(d.date, d.signin)
    benefitOn.set(d.date, d.benefit)
  }
  const firstOf = (kind: MetricsFirstKind): Map<number, BusinessDate> => {
    const out = new Map<number, BusinessDate>()
    for (const f of aggregates.firsts) if (f.kind === kind) for (const id of f.members) out.set(id, f.date)
    return out
  }
  const firstActive = firstOf('active')
  const memberSince = firstOf('member')
  const registeredOn = firstOf('registered')
  const paidOn = firstOf('paid')
  const byFirstActive = new Map<BusinessDate, number[]>()
  for (const f of aggregates.firsts) if (f.kind === 'active') byFirstActive.set(f.date, [...(byFirstActive.get(f.date) ?? []), ...f.members])

  const activeIn = (a: BusinessDate, b: BusinessDate): Set<number> => {
    const out = new Set<number>()
    if (a > b) return out
    for (const date of datesBetween(a, b)) for (const id of activeOn.get(date) ?? EMPTY) out.add(id)
    return out
  }
  const unionIn = (source: Map<BusinessDate, number[]>, a: BusinessDate, b: BusinessDate): Set<number> => {
    const out = new Set<number>()
    for (const date of datesBetween(a, b)) for (const id of source.get(date) ?? []) out.add(id)
    return out
  }
  const costIn = (a: BusinessDate, b: BusinessDate, campaignId?: string): number =>
    aggregates.costs.filter((c) => c.date >= a && c.date <= b && (campaignId === undefined || c.campaignId === campaignId)).reduce((s, c) => s + c.costFen, 0)

  // New members, conversion, tiers
  let newMembers = 0
  let registered = 0
  let paid = 0
  for (const [id, d] of registeredOn) {
    if (d >= from && d <= to) newMembers++
    if (d > to) continue
    registered++
    const p = paidOn.get(id)
    if (p !== undefined && p <= to) paid++
  }
  const paidMemberRate = rateOf(paid, registered)

  // Activity in the range
  const activeInRange = activeIn(from, to)
  const membersActive = [...activeInRange].filter((id) => {
    const since = memberSince.get(id)
    return since !== undefined && since <= to
  })
  const benefitUsers = unionIn(benefitOn, from, to)
  const benefitUsage = rateOf(membersActive.filter((id) => benefitUsers.has(id)).length, membersActive.length)
  const signinParticipation = rateOf(unionIn(signinOn, from, to).size, activeInRange.size)

  // Retention: cohort C = first active date in [from, to]; member or not on C.
  const retention: RetentionBySegment = { member: {}, nonMember: {} }
  for (const n of rules.retentionDays) {
    const tally = { member: [0, 0], nonMember: [0, 0] }
    for (const [c, ids] of byFirstActive) {
      if (c < from || c > to) continue
      const day = addDays(c, n)
      if (day > completeThrough) continue
      const again = activeOn.get(day) ?? EMPTY
      for (const id of ids) {
        const since = memberSince.get(id)
        const side = since !== undefined && since <= c ? tally.member : tally.nonMember
        side[1] += 1
        if (again.has(id)) side[0] += 1
      }
    }
    retention.member[`d${n}`] = rateOf(tally.member[0], tally.member[1])
    retention.nonMember[`d${n}`] = rateOf(tally.nonMember[0], tally.nonMember[1])
  }

  // Return by plan: each user active on d in [from, to] with d + n complete; paid if they bought a plan by d.
  const returnByPlan: ReturnByPlan = { paid: {}, free: {} }
  for (const n of rules.retentionDays) {
    const tally = { paid: [0, 0], free: [0, 0] }
    for (const d of datesBetween(from, to)) {
      if (dayNumber(d) + n > dayNumber(completeThrough)) continue
      const again = activeOn.get(dateFromDayNumber(dayNumber(d) + n)) ?? EMPTY
      for (const id of activeOn.get(d) ?? EMPTY) {
        const bought = paidOn.get(id)
        const side = bought !== undefined && bought <= d ? tally.paid : tally.free
        side[1] += 1
        if (again.has(id)) side[0] += 1
      }
    }
    returnByPlan.paid[`d${n}`] = rateOf(tally.paid[0], tally.paid[1])
    returnByPlan.free[`d${n}`] = rateOf(tally.free[0], tally.free[1])
  }

  // DAU / MAU
  // Of the last complete day in the range (today is under way), or the range's end when none is complete.
  const dauOn = completeThrough >= from ? completeThrough : to
  const dau = (activeOn.get(dauOn) ?? EMPTY).size
  // The window is cut at the calendar's first day rather than stepping before it.
  const mau = activeIn(addDaysClamped(dauOn, -(rules.mauWindowDays - 1)), dauOn).size
  const dailyActive = datesBetween(from, to).map((date) => ({ date, users: (activeOn.get(date) ?? EMPTY).size }))

  // Overall ROI: active days in the range after each user's first active date.
  let retainedDays = 0
  for (const date of datesBetween(from, to)) {
    for (const id of activeOn.get(date) ?? EMPTY) {
      const f = firstActive.get(id)
      if (f !== undefined && f < date) retainedDays += 1
    }
  }
  const roi = roiOf(retainedDays * rules.retainedActiveDayValueFen, costIn(from, to))

  // Campaigns
  const W = rules.liftWindowDays
  const windowRetention = (cohortFrom: BusinessDate, cohortTo: BusinessDate, againFrom: BusinessDate, againTo: BusinessDate): Rate => {
    const cohort = activeIn(cohortFrom, cohortTo)
    const again = activeIn(againFrom, againTo)
    return rateOf([...cohort].filter((id) => again.has(id)).length, cohort.size)
  }
  const campaigns: CampaignMetrics[] = []
  for (const c of input.campaigns) {
    const startMs = parseInstant(c.startsAt)
    const endMs = parseInstant(c.endsAt)
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
      throw new RuleError('METRICS_BAD_RANGE', '活动时间不正确', 400, { campaignId: c.id })
    }
    const S = businessDateOf(startMs, calendar)
    const E = businessDateOf(endMs - 1, calendar)
    // Listed when one of its business days is in the range.
    if (S > to || E < from) continue
    const joinedOn = firstOf(`join:${c.id}`)
    const completers = firstOf(`complete:${c.id}`)
    const activeDuring = activeIn(S, E)
    const before = windowRetention(addDays(S, -2 * W), addDays(S, -W - 1), addDays(S, -W), addDays(S, -1))
    const afterComplete = addDays(S, 2 * W - 1) <= completeThrough
    const after = afterComplete ? windowRetention(S, addDays(S, W - 1), addDays(S, W), addDays(S, 2 * W - 1)) : null
    const lift = after && after.basisPoints !== null && before.basisPoints !== null ? after.basisPoints - before.basisPoints : null

    // Active days of each joiner after their first join, up to W days after the campaign (and the last complete day).
    const valueUntil = addDays(E, W) < completeThrough ? addDays(E, W) : completeThrough
    let earliestJoin: BusinessDate | null = null
    for (const d of joinedOn.values()) if (earliestJoin === null || d < earliestJoin) earliestJoin = d
    let campaignRetainedDays = 0
    if (earliestJoin !== null && earliestJoin < valueUntil) {
      for (const date of datesBetween(addDays(earliestJoin, 1), valueUntil)) {
        for (const id of activeOn.get(date) ?? EMPTY) {
          const j = joinedOn.get(id)
          if (j !== undefined && j < date) campaignRetainedDays += 1
        }
      }
    }
    let completed = 0
    for (const id of completers.keys()) if (joinedOn.has(id)) completed++
    let participating = 0
    for (const id of joinedOn.keys()) if (activeDuring.has(id)) participating++
    campaigns.push({
      campaignId: c.id,
      name: c.name,
      participants: joinedOn.size,
      participation: rateOf(participating, activeDuring.size),
      completion: rateOf(completed, joinedOn.size),
      started: parseInstant(c.startsAt) <= ctx.now,
      retentionBefore: before,
      retentionAfter: after,
      retentionLiftBasisPoints: lift,
      roi: roiOf(campaignRetainedDays * rules.retainedActiveDayValueFen, costIn(MIN_BUSINESS_DATE, MAX_BUSINESS_DATE, c.id)),
    })
  }

  return {
    from,
    to,
    completeThrough,
    newMembers,
    paidMemberRate,
    benefitUsage,
    retention,
    returnByPlan,
    dauOn,
    dau,
    mau,
    dauMau: rateOf(dau, mau),
    dailyActive,
    signinParticipation,
    campaigns,
    roi,
  }
}

