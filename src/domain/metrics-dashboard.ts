/**
 * The dashboard's figures (metrics.ts defines them) computed from the daily aggregates, on bitsets of members.
 * Apart from metrics.ts, which holds what a write needs (its events folded into rows, the rules): the mini
 * programs' embedded backend, which serves no dashboard, never bundles the bitset library (README, Performance).
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
  monthOf,
  parseInstant,
  type BusinessDate,
  type BusinessMonth,
} from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import {
  aggregatesOf,
  campaignsMeeting,
  metricsRowsOf,
  rateOf,
  roiOf,
  type CampaignMetrics,
  type MetricsAggregates,
  type MetricsConfig,
  type MetricsFirstKind,
  type MetricsInput,
  type OperatorMetrics,
  type PointsLiability,
  type Rate,
  type RetentionBySegment,
  type ReturnByPlan,
  type TierFlow,
  type TierMovement,
} from './metrics'
// The dense bitset only: the package's index also pulls in its sparse variant (54 KB).
import { TypedFastBitSet } from 'typedfastbitset/lib/TypedFastBitSet'

/** Computes the dashboard from a log of events (folded into aggregates first). */
export function computeMetrics(input: MetricsInput, ctx: Pick<Ctx<MetricsConfig>, 'now' | 'config'>): OperatorMetrics {
  const { events, ...rest } = input
  return computeMetricsFromAggregates({ ...rest, aggregates: aggregatesOf(metricsRowsOf(events, ctx.config.calendar)) }, ctx)
}

export interface AggregateMetricsInput extends Omit<MetricsInput, 'events'> {
  /** At least the day sets of `metricsDayWindow` and every first-date fact and cost up to the window's end. */
  aggregates: MetricsAggregates
}

/** Every date from `from` to `to` (by day number: never a step past `to`, which may be the calendar's last day). */
function datesBetween(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = []
  for (let n = dayNumber(from), last = dayNumber(to); n <= last; n++) out.push(dateFromDayNumber(n))
  return out
}

/** A member's first-date fact not (yet) recorded: later than every day number. */
const NEVER = 0x7fffffff

/**
 * The aggregates as bitsets indexed by member number (TypedFastBitSet: unions, intersections and their sizes word
 * by word) and each first-date fact as a day number per member. At 50,000 members a 100-day window is a few hundred
 * 6 KB bitsets; the same figures over JavaScript sets of id strings took ten times as long.
 */
class MemberSets {
  private readonly firstDays = new Map<MetricsFirstKind, Int32Array>()
  /** One past the highest member number met. */
  private readonly size: number
  readonly active = new Map<BusinessDate, TypedFastBitSet>()
  readonly signin = new Map<BusinessDate, TypedFastBitSet>()
  readonly benefit = new Map<BusinessDate, TypedFastBitSet>()

  constructor(private readonly aggregates: MetricsAggregates) {
    let size = 0
    const track = (n: number) => {
      if (!Number.isInteger(n) || n < 0) throw new RuleError('METRICS_BAD_EVENT', '统计数据有误', 400, { member: n })
      if (n >= size) size = n + 1
      return n
    }
    const setOf = (members: readonly number[]) => {
      const s = new TypedFastBitSet()
      for (const n of members) s.add(track(n))
      return s
    }
    for (const d of aggregates.days) {
      this.active.set(d.date, setOf(d.active))
      this.signin.set(d.date, setOf(d.signin))
      this.benefit.set(d.date, setOf(d.benefit))
    }
    for (const f of aggregates.firsts) f.members.forEach(track)
    this.size = size
  }

  /** Each member's day number of a first-date fact (NEVER without one). */
  first(kind: MetricsFirstKind): Int32Array {
    let days = this.firstDays.get(kind)
    if (!days) {
      days = new Int32Array(this.size).fill(NEVER)
      for (const f of this.aggregates.firsts) {
        if (f.kind !== kind) continue
        const day = dayNumber(f.date)
        for (const n of f.members) days[n] = day
      }
      this.firstDays.set(kind, days)
    }
    return days
  }

  /** Members whose fact's day is in [lo, hi] (day numbers). */
  static within(days: Int32Array, lo: number, hi: number): TypedFastBitSet {
    const s = new TypedFastBitSet()
    for (let i = 0; i < days.length; i++) if (days[i] >= lo && days[i] <= hi) s.add(i)
    return s
  }

  /** Members whose fact's day is exactly `day`, by day. */
  static byDay(days: Int32Array): Map<number, TypedFastBitSet> {
    const out = new Map<number, TypedFastBitSet>()
    for (let i = 0; i < days.length; i++) {
      if (days[i] === NEVER) continue
      let s = out.get(days[i])
      if (!s) out.set(days[i], (s = new TypedFastBitSet()))
      s.add(i)
    }
    return out
  }
}

/** The union of a date-keyed family of sets over [a, b] (empty when a > b). */
function unionOver(on: Map<BusinessDate, TypedFastBitSet>, a: BusinessDate, b: BusinessDate): TypedFastBitSet {
  const out = new TypedFastBitSet()
  if (a > b) return out
  for (const date of datesBetween(a, b)) {
    const s = on.get(date)
    if (s) out.union(s)
  }
  return out
}

/**
 * Σ over the dates of [a, b] of the members active that date whose fact (`days`) fell on an EARLIER day: the
 * retained active days of the ROI figures. The set of members with the fact so far grows date by date.
 */
function activeDaysAfterFirst(sets: MemberSets, days: Int32Array, a: BusinessDate, b: BusinessDate): number {
  if (a > b) return 0
  const before = MemberSets.within(days, 0, dayNumber(a) - 1)
  const on = MemberSets.byDay(days)
  let total = 0
  for (const date of datesBetween(a, b)) {
    const active = sets.active.get(date)
    if (active) total += active.intersection_size(before)
    const joined = on.get(dayNumber(date))
    if (joined) before.union(joined)
  }
  return total
}

const EMPTY_SET = new TypedFastBitSet()

/** Computes the dashboard from daily aggregates. Refuses METRICS_BAD_RANGE (400). */
export function computeMetricsFromAggregates(input: AggregateMetricsInput, ctx: Pick<Ctx<MetricsConfig>, 'now' | 'config'>): OperatorMetrics {
  const { calendar, metrics: rules } = ctx.config
  const { from, to, aggregates } = input
  if (!isBusinessDate(from) || !isBusinessDate(to) || to < from) {
    throw new RuleError('METRICS_BAD_RANGE', '统计区间不正确', 400, { from, to })
  }
  const yesterday = addDays(businessDateOf(ctx.now, calendar), -1)
  const completeThrough = to < yesterday ? to : yesterday
  const fromDay = dayNumber(from)
  const toDay = dayNumber(to)

  const sets = new MemberSets(aggregates)
  const activeOn = (date: BusinessDate) => sets.active.get(date) ?? EMPTY_SET
  const firstActive = sets.first('active')
  const memberSince = sets.first('member')
  const registeredOn = sets.first('registered')
  const paidOn = sets.first('paid')
  const costIn = (a: BusinessDate, b: BusinessDate, campaignId?: string): number =>
    aggregates.costs.filter((c) => c.date >= a && c.date <= b && (campaignId === undefined || c.campaignId === campaignId)).reduce((s, c) => s + c.costFen, 0)

  // New members, conversion, tiers
  let newMembers = 0
  let registered = 0
  let paid = 0
  for (let i = 0; i < registeredOn.length; i++) {
    if (registeredOn[i] >= fromDay && registeredOn[i] <= toDay) newMembers++
    if (registeredOn[i] > toDay) continue
    registered++
    if (paidOn[i] <= toDay) paid++
  }
  const paidMemberRate = rateOf(paid, registered)
  const tierCounts = new Map<string, number>()
  for (const id of input.tierOrder ?? []) tierCounts.set(id, 0)
  let tiered = 0
  for (const t of input.tierCounts) {
    tierCounts.set(t.tierId, (tierCounts.get(t.tierId) ?? 0) + t.members)
    tiered += t.members
  }
  const tierDistribution = [...tierCounts.entries()].map(([tierId, members]) => ({ tierId, members, share: rateOf(members, tiered) }))

  // Activity in the range
  const activeInRange = unionOver(sets.active, from, to)
  const membersActive = activeInRange.new_intersection(MemberSets.within(memberSince, 0, toDay))
  const benefitUsage = rateOf(membersActive.intersection_size(unionOver(sets.benefit, from, to)), membersActive.size())
  const signinParticipation = rateOf(unionOver(sets.signin, from, to).size(), activeInRange.size())

  // Retention: cohort C = first active date in [from, to]; member or not on C.
  const retention: RetentionBySegment = { member: {}, nonMember: {} }
  const cohorts = MemberSets.byDay(firstActive)
  const membersOn = MemberSets.byDay(memberSince)
  for (const n of rules.retentionDays) {
    const tally = { member: [0, 0], nonMember: [0, 0] }
    const membersBy = MemberSets.within(memberSince, 0, fromDay - 1)
    for (const c of datesBetween(from, to)) {
      const cDay = dayNumber(c)
      const joined = membersOn.get(cDay)
      if (joined) membersBy.union(joined)
      const cohort = cohorts.get(cDay)
      if (!cohort) continue
      const day = addDays(c, n)
      if (day > completeThrough) continue
      const again = activeOn(day)
      const members = cohort.new_intersection(membersBy)
      const visitors = cohort.new_difference(membersBy)
      tally.member[1] += members.size()
      tally.member[0] += members.intersection_size(again)
      tally.nonMember[1] += visitors.size()
      tally.nonMember[0] += visitors.intersection_size(again)
    }
    retention.member[`d${n}`] = rateOf(tally.member[0], tally.member[1])
    retention.nonMember[`d${n}`] = rateOf(tally.nonMember[0], tally.nonMember[1])
  }

  // Return by plan: each user active on d in [from, to] (d + n complete), paid when they had bought a plan by d.
  const returnByPlan: ReturnByPlan = { paid: {}, free: {} }
  const paidOnDay = MemberSets.byDay(paidOn)
  const completeDay = dayNumber(completeThrough)
  for (const n of rules.retentionDays) {
    const tally = { paid: [0, 0], all: [0, 0] }
    const paidBy = MemberSets.within(paidOn, 0, fromDay - 1)
    for (const d of datesBetween(from, to)) {
      // Counted in day numbers: d + n may pass the calendar's last day (which no complete day reaches).
      if (dayNumber(d) + n > completeDay) break
      const bought = paidOnDay.get(dayNumber(d))
      if (bought) paidBy.union(bought)
      const active = activeOn(d)
      const again = activeOn(dateFromDayNumber(dayNumber(d) + n))
      const paidActive = active.new_intersection(paidBy)
      tally.paid[1] += paidActive.size()
      tally.paid[0] += paidActive.intersection_size(again)
      tally.all[1] += active.size()
      tally.all[0] += active.intersection_size(again)
    }
    returnByPlan.paid[`d${n}`] = rateOf(tally.paid[0], tally.paid[1])
    returnByPlan.free[`d${n}`] = rateOf(tally.all[0] - tally.paid[0], tally.all[1] - tally.paid[1])
  }

  // DAU / MAU
  const dauOn = completeThrough >= from ? completeThrough : to
  const dau = activeOn(dauOn).size()
  // The window is cut at the calendar's first day rather than stepping before it.
  const mau = unionOver(sets.active, addDaysClamped(dauOn, -(rules.mauWindowDays - 1)), dauOn).size()
  const dailyActive = datesBetween(from, to).map((date) => ({ date, users: activeOn(date).size() }))

  // Overall ROI: active days in the range after each user's first active date.
  const roi = roiOf(activeDaysAfterFirst(sets, firstActive, from, to) * rules.retainedActiveDayValueFen, costIn(from, to))

  // Campaigns
  const W = rules.liftWindowDays
  const windowRetention = (cohortFrom: BusinessDate, cohortTo: BusinessDate, againFrom: BusinessDate, againTo: BusinessDate): Rate => {
    const cohort = unionOver(sets.active, cohortFrom, cohortTo)
    return rateOf(cohort.intersection_size(unionOver(sets.active, againFrom, againTo)), cohort.size())
  }
  const campaigns: CampaignMetrics[] = campaignsMeeting(input.campaigns, from, to, calendar).map((c) => {
    const startMs = parseInstant(c.startsAt)
    const endMs = parseInstant(c.endsAt)
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
      throw new RuleError('METRICS_BAD_RANGE', '活动时间不正确', 400, { campaignId: c.id })
    }
    const S = businessDateOf(startMs, calendar)
    const E = businessDateOf(endMs - 1, calendar)
    const joinedOn = sets.first(`join:${c.id}`)
    const joined = MemberSets.within(joinedOn, 0, NEVER - 1)
    const completers = MemberSets.within(sets.first(`complete:${c.id}`), 0, NEVER - 1)
    const before = windowRetention(addDays(S, -2 * W), addDays(S, -W - 1), addDays(S, -W), addDays(S, -1))
    const afterComplete = addDays(S, 2 * W - 1) <= completeThrough
    const after = afterComplete ? windowRetention(S, addDays(S, W - 1), addDays(S, W), addDays(S, 2 * W - 1)) : null
    const lift = after && after.basisPoints !== null && before.basisPoints !== null ? after.basisPoints - before.basisPoints : null
    // Active days of each joiner after their first join, up to W days after the campaign (and the last complete day).
    const valueUntil = addDays(E, W) < completeThrough ? addDays(E, W) : completeThrough
    let earliestJoin = NEVER
    for (let i = 0; i < joinedOn.length; i++) if (joinedOn[i] < earliestJoin) earliestJoin = joinedOn[i]
    const campaignRetainedDays =
      earliestJoin !== NEVER && earliestJoin < dayNumber(valueUntil) ? activeDaysAfterFirst(sets, joinedOn, dateFromDayNumber(earliestJoin + 1), valueUntil) : 0
    const activeDuring = unionOver(sets.active, S, E)
    return {
      campaignId: c.id,
      name: c.name,
      participants: joined.size(),
      participation: rateOf(joined.intersection_size(activeDuring), activeDuring.size()),
      completion: rateOf(completers.intersection_size(joined), joined.size()),
      started: startMs <= ctx.now,
      retentionBefore: before,
      retentionAfter: after,
      retentionLiftBasisPoints: lift,
      roi: roiOf(campaignRetainedDays * rules.retainedActiveDayValueFen, costIn(MIN_BUSINESS_DATE, MAX_BUSINESS_DATE, c.id)),
    }
  })

  return {
    from,
    to,
    completeThrough,
    newMembers,
    paidMemberRate,
    tierDistribution,
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
    liability: liabilityOf(input.liveLots, ctx.config),
    tierMovement: tierMovementOf(input.tierChanges, input.tierOrder ?? []),
  }
}

function liabilityOf(lots: MetricsInput['liveLots'], config: MetricsConfig): PointsLiability {
  const byMonth = new Map<BusinessMonth, number>()
  let outstandingPoints = 0
  for (const l of lots) {
    outstandingPoints += l.points
    // `expiresAt` is the last valid millisecond of the lot's last business day (points.ts: Lot).
    const month = monthOf(businessDateOf(l.expiresAt, config.calendar))
    byMonth.set(month, (byMonth.get(month) ?? 0) + l.points)
  }
  return {
    outstandingPoints,
    valueFen: outstandingPoints * config.points.pointValueFen,
    expiringByMonth: [...byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, points]) => ({ month, points })),
  }
}

/** Up or down by the tiers' display order (normal → diamond); a tier not listed ranks below every listed one. */
function tierMovementOf(changes: TierFlow[], tierOrder: string[]): TierMovement {
  const rank = (id: string) => tierOrder.indexOf(id)
  const byPair = new Map<string, TierFlow>()
  for (const c of changes) {
    if (c.from === c.to || c.changes <= 0) continue
    const flow = byPair.get(`${c.from}|${c.to}`) ?? { from: c.from, to: c.to, changes: 0 }
    flow.changes += c.changes
    byPair.set(`${c.from}|${c.to}`, flow)
  }
  const flows = [...byPair.values()].sort((a, b) => b.changes - a.changes || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
  let upgrades = 0
  let downgrades = 0
  for (const f of flows) {
    if (rank(f.to) > rank(f.from)) upgrades += f.changes
    else downgrades += f.changes
  }
  return { upgrades, downgrades, flows }
}
