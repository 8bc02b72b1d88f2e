/**
 * Operator metrics (数据看板, SPEC §2.11), computed from the backend's event log on BUSINESS dates.
 *
 * Definitions (each metric is a count pair, so charts can show both numbers):
 * - Active: a user is active on a date when they have any event that date other than the operator-side cost
 *   events (`prize_cost`, `coupon_cost`).
 * - Member: a user is a member from the date of their `register` event or of their first event flagged
 *   `isMember: true`, whichever is earlier; before that (or never) they are a non-member visitor.
 * - Cohort: users whose FIRST active date in the whole log (C) lies in [from, to]; each is a member or a
 *   non-member according to their status on C.
 * - Dn retention: among cohort users with C + n ≤ the last complete day (the earlier of `to` and yesterday),
 *   the share active exactly on C + n.
 * - DAU / MAU: distinct actives on `to` / distinct actives in the `mauWindowDays` days ending `to`.
 * - Sign-in participation: distinct users who signed in during [from, to] / distinct actives in [from, to].
 * - Benefit usage: members active in [from, to] with a `benefit_use` in it / members active in [from, to].
 * - Paid-member rate (member conversion): members registered by `to` with a `paid_member` event by `to` /
 *   members registered by `to`.
 * - Campaign participation: distinct `campaign_join` users / distinct actives during the campaign's business
 *   days; completion: distinct joiners with a `campaign_complete` / joiners.
 * - Retention lift, with W = liftWindowDays and S the campaign's first business day: BEFORE = users active in
 *   [S−2W, S−W−1] who were active again in [S−W, S−1]; AFTER = users active in [S, S+W−1] who were active again
 *   in [S+W, S+2W−1]; lift = AFTER − BEFORE in basis points (null until the after window is complete).
 * - ROI: value / cost. Value = retainedActiveDayValueFen × retained active days; cost = Σ costFen of
 *   `prize_cost` and `coupon_cost` events. Overall (in [from, to]): retained active days are active days of
 *   users on a date after their first active date. Per campaign: active days of each joiner after their first
 *   join date, up to W days after the campaign's last day (and the last complete day).
 */
import {
  addDays,
  businessDateOf,
  dateFromDayNumber,
  addDaysClamped,
  dayNumber,
  isBusinessDate,
  MIN_BUSINESS_DATE,
  parseInstant,
  type BusinessDate,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'

export interface MetricsRules {
  /** What one retained active day is worth to the brand, fen (the ROI numerator). */
  retainedActiveDayValueFen: number
  retentionDays: number[]
  liftWindowDays: number
  mauWindowDays: number
}

export const DEFAULT_METRICS_RULES: MetricsRules = {
  retainedActiveDayValueFen: 50,
  retentionDays: [1, 7, 30],
  liftWindowDays: 7,
  mauWindowDays: 30,
}

export interface MetricsConfig {
  calendar: CalendarRules
  metrics: MetricsRules
}

export type MetricsEventType =
  | 'register'
  | 'open'
  | 'signin'
  | 'campaign_join'
  | 'campaign_complete'
  | 'paid_member'
  | 'benefit_use'
  | 'prize_cost'
  | 'coupon_cost'
  | (string & {})

export interface MetricsEvent {
  type: MetricsEventType
  memberId: string
  isMember?: boolean
  /** ISO instant. */
  at: string
  campaignId?: string
  costFen?: number
  valueFen?: number
}

export interface MetricsCampaign {
  id: string
  name: string
  startsAt: string
  endsAt: string
}

export interface MetricsInput {
  events: MetricsEvent[]
  from: BusinessDate
  to: BusinessDate
  /** Current effective tier of each member. */
  tiers: { memberId: string; tierId: string }[]
  /** Tier ids in display order (normal → diamond); tiers not listed follow in order of appearance. */
  tierOrder?: string[]
  campaigns: MetricsCampaign[]
}

export interface Rate {
  numerator: number
  denominator: number
  /** numerator / denominator in 1/100 of a percent, rounded half up; null when the denominator is 0. */
  basisPoints: number | null
  /** '40.00%' or '—'. */
  percent: string
}

export interface Roi {
  valueFen: number
  costFen: number
  /** value / cost × 100, rounded half up (150 = 1.50); null when nothing was spent. */
  ratioHundredths: number | null
  /** '1.50' or '—'. */
  display: string
}

export interface RetentionBySegment {
  member: Record<string, Rate>
  nonMember: Record<string, Rate>
}

export interface CampaignMetrics {
  campaignId: string
  name: string
  participants: number
  participation: Rate
  completion: Rate
  retentionBefore: Rate
  retentionAfter: Rate | null
  /** AFTER − BEFORE, basis points; null until the after window is complete or a side has no users. */
  retentionLiftBasisPoints: number | null
  roi: Roi
}

export interface OperatorMetrics {
  from: BusinessDate
  to: BusinessDate
  /** The last day whose data is complete (earlier of `to` and yesterday). */
  completeThrough: BusinessDate
  newMembers: number
  paidMemberRate: Rate
  tierDistribution: { tierId: string; members: number; share: Rate }[]
  benefitUsage: Rate
  retention: RetentionBySegment
  dau: number
  mau: number
  dauMau: Rate
  dailyActive: { date: BusinessDate; users: number }[]
  signinParticipation: Rate
  campaigns: CampaignMetrics[]
  roi: Roi
}

const COST_TYPES = new Set(['prize_cost', 'coupon_cost'])

function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator))
}

export function rateOf(numerator: number, denominator: number): Rate {
  if (denominator <= 0) return { numerator, denominator, basisPoints: null, percent: '—' }
  const bp = divideHalfUp(numerator * 10000, denominator)
  return { numerator, denominator, basisPoints: bp, percent: `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%` }
}

export function roiOf(valueFen: number, costFen: number): Roi {
  if (costFen <= 0) return { valueFen, costFen, ratioHundredths: null, display: '—' }
  const h = divideHalfUp(valueFen * 100, costFen)
  return { valueFen, costFen, ratioHundredths: h, display: `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}` }
}

interface UserFacts {
  activeDates: Set<BusinessDate>
  firstActive: BusinessDate | null
  memberSince: BusinessDate | null
  registeredOn: BusinessDate | null
  paidMemberOn: BusinessDate | null
}

function minDate(a: BusinessDate | null, b: BusinessDate): BusinessDate {
  return a === null || b < a ? b : a
}

/** Every date from `from` to `to` (by day number: never a step past `to`, which may be the calendar's last day). */
function datesBetween(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = []
  for (let n = dayNumber(from), last = dayNumber(to); n <= last; n++) out.push(dateFromDayNumber(n))
  return out
}

/** Computes the dashboard. Refuses METRICS_BAD_RANGE (400) and METRICS_BAD_EVENT (400). */
export function computeMetrics(input: MetricsInput, ctx: Pick<Ctx<MetricsConfig>, 'now' | 'config'>): OperatorMetrics {
  const { calendar, metrics: rules } = ctx.config
  const { from, to } = input
  if (!isBusinessDate(from) || !isBusinessDate(to) || to < from) {
    throw new RuleError('METRICS_BAD_RANGE', '统计区间不正确', 400, { from, to })
  }
  const yesterday = addDays(businessDateOf(ctx.now, calendar), -1)
  const completeThrough = to < yesterday ? to : yesterday

  const users = new Map<string, UserFacts>()
  const byTypeDate: { type: string; memberId: string; date: BusinessDate; e: MetricsEvent }[] = []
  for (const e of input.events) {
    const ms = parseInstant(e.at)
    if (Number.isNaN(ms) || typeof e.memberId !== 'string') {
      throw new RuleError('METRICS_BAD_EVENT', '事件数据有误', 400, { event: e })
    }
    const date = businessDateOf(ms, calendar)
    byTypeDate.push({ type: e.type, memberId: e.memberId, date, e })
    if (COST_TYPES.has(e.type)) continue
    const u = users.get(e.memberId) ?? { activeDates: new Set(), firstActive: null, memberSince: null, registeredOn: null, paidMemberOn: null }
    u.activeDates.add(date)
    u.firstActive = minDate(u.firstActive, date)
    if (e.type === 'register') {
      u.registeredOn = minDate(u.registeredOn, date)
      u.memberSince = minDate(u.memberSince, date)
    }
    if (e.isMember === true) u.memberSince = minDate(u.memberSince, date)
    if (e.type === 'paid_member') u.paidMemberOn = minDate(u.paidMemberOn, date)
    users.set(e.memberId, u)
  }
  const isMemberOn = (u: UserFacts, date: BusinessDate) => u.memberSince !== null && u.memberSince <= date
  const activeIn = (a: BusinessDate, b: BusinessDate): Set<string> => {
    const out = new Set<string>()
    for (const [id, u] of users) for (const d of u.activeDates) if (d >= a && d <= b) {
      out.add(id)
      break
    }
    return out
  }
  const usersWith = (type: string, a: BusinessDate, b: BusinessDate, campaignId?: string): Set<string> => {
    const out = new Set<string>()
    for (const x of byTypeDate) {
      if (x.type === type && x.date >= a && x.date <= b && (campaignId === undefined || x.e.campaignId === campaignId)) out.add(x.memberId)
    }
    return out
  }
  const costIn = (a: BusinessDate, b: BusinessDate, campaignId?: string): number =>
    byTypeDate
      .filter((x) => COST_TYPES.has(x.type) && x.date >= a && x.date <= b && (campaignId === undefined || x.e.campaignId === campaignId))
      .reduce((s, x) => s + (x.e.costFen ?? 0), 0)
  const EARLIEST = MIN_BUSINESS_DATE

  // New members, conversion, tiers
  const newMembers = [...users.values()].filter((u) => u.registeredOn !== null && u.registeredOn >= from && u.registeredOn <= to).length
  const registered = [...users.values()].filter((u) => u.registeredOn !== null && u.registeredOn <= to)
  const paidMemberRate = rateOf(registered.filter((u) => u.paidMemberOn !== null && u.paidMemberOn <= to).length, registered.length)
  const tierCounts = new Map<string, number>()
  for (const id of input.tierOrder ?? []) tierCounts.set(id, 0)
  for (const t of input.tiers) tierCounts.set(t.tierId, (tierCounts.get(t.tierId) ?? 0) + 1)
  const tierDistribution = [...tierCounts.entries()].map(([tierId, members]) => ({ tierId, members, share: rateOf(members, input.tiers.length) }))

  // Activity in the range
  const activeInRange = activeIn(from, to)
  const membersActive = [...activeInRange].filter((id) => {
    const u = users.get(id) as UserFacts
    return u.memberSince !== null && u.memberSince <= to
  })
  const benefitUsers = usersWith('benefit_use', from, to)
  const benefitUsage = rateOf(membersActive.filter((id) => benefitUsers.has(id)).length, membersActive.length)
  const signinParticipation = rateOf(usersWith('signin', from, to).size, activeInRange.size)

  // Retention
  const retention: RetentionBySegment = { member: {}, nonMember: {} }
  for (const n of rules.retentionDays) {
    const tally = { member: [0, 0], nonMember: [0, 0] }
    for (const u of users.values()) {
      const c = u.firstActive
      if (c === null || c < from || c > to) continue
      const day = addDays(c, n)
      if (day > completeThrough) continue
      const side = isMemberOn(u, c) ? tally.member : tally.nonMember
      side[1] += 1
      if (u.activeDates.has(day)) side[0] += 1
    }
    retention.member[`d${n}`] = rateOf(tally.member[0], tally.member[1])
    retention.nonMember[`d${n}`] = rateOf(tally.nonMember[0], tally.nonMember[1])
  }

  // DAU / MAU
  const dau = activeIn(to, to).size
  // The window is cut at the calendar's first day rather than stepping before it.
  const mau = activeIn(addDaysClamped(to, -(rules.mauWindowDays - 1)), to).size
  const dailyActive = datesBetween(from, to).map((date) => ({ date, users: activeIn(date, date).size }))

  // Overall ROI
  let retainedDays = 0
  for (const u of users.values()) for (const d of u.activeDates) if (d >= from && d <= to && u.firstActive !== null && d > u.firstActive) retainedDays += 1
  const roi = roiOf(retainedDays * rules.retainedActiveDayValueFen, costIn(from, to))

  // Campaigns
  const W = rules.liftWindowDays
  const windowRetention = (cohortFrom: BusinessDate, cohortTo: BusinessDate, againFrom: BusinessDate, againTo: BusinessDate): Rate => {
    const cohort = activeIn(cohortFrom, cohortTo)
    const again = activeIn(againFrom, againTo)
    return rateOf([...cohort].filter((id) => again.has(id)).length, cohort.size)
  }
  const campaigns: CampaignMetrics[] = input.campaigns.map((c) => {
    const startMs = parseInstant(c.startsAt)
    const endMs = parseInstant(c.endsAt)
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
      throw new RuleError('METRICS_BAD_RANGE', '活动时间不正确', 400, { campaignId: c.id })
    }
    const S = businessDateOf(startMs, calendar)
    const E = businessDateOf(endMs - 1, calendar)
    const joiners = usersWith('campaign_join', EARLIEST, '9999-12-31', c.id)
    const completers = usersWith('campaign_complete', EARLIEST, '9999-12-31', c.id)
    const activeDuring = activeIn(S, E)
    const before = windowRetention(addDays(S, -2 * W), addDays(S, -W - 1), addDays(S, -W), addDays(S, -1))
    const afterComplete = addDays(S, 2 * W - 1) <= completeThrough
    const after = afterComplete ? windowRetention(S, addDays(S, W - 1), addDays(S, W), addDays(S, 2 * W - 1)) : null
    const lift = after && after.basisPoints !== null && before.basisPoints !== null ? after.basisPoints - before.basisPoints : null

    const valueUntil = addDays(E, W) < completeThrough ? addDays(E, W) : completeThrough
    let campaignRetainedDays = 0
    for (const id of joiners) {
      const firstJoin = byTypeDate
        .filter((x) => x.type === 'campaign_join' && x.memberId === id && x.e.campaignId === c.id)
        .reduce<BusinessDate | null>((m, x) => minDate(m, x.date), null) as BusinessDate
      const u = users.get(id)
      if (!u) continue
      for (const d of u.activeDates) if (d > firstJoin && d <= valueUntil) campaignRetainedDays += 1
    }
    return {
      campaignId: c.id,
      name: c.name,
      participants: joiners.size,
      participation: rateOf([...joiners].filter((id) => activeDuring.has(id)).length, activeDuring.size),
      completion: rateOf([...completers].filter((id) => joiners.has(id)).length, joiners.size),
      retentionBefore: before,
      retentionAfter: after,
      retentionLiftBasisPoints: lift,
      roi: roiOf(campaignRetainedDays * rules.retainedActiveDayValueFen, costIn(EARLIEST, '9999-12-31', c.id)),
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
    dau,
    mau,
    dauMau: rateOf(dau, mau),
    dailyActive,
    signinParticipation,
    campaigns,
    roi,
  }
}

export function validateMetricsRules(rules: MetricsRules): string[] {
  const problems: string[] = []
  if (!Number.isInteger(rules.retainedActiveDayValueFen) || rules.retainedActiveDayValueFen < 0) {
    problems.push(`metrics.retainedActiveDayValueFen: must be an integer fen amount ≥ 0, got ${String(rules.retainedActiveDayValueFen)}`)
  }
  if (!Array.isArray(rules.retentionDays) || rules.retentionDays.length === 0) {
    problems.push('metrics.retentionDays: needs at least one day offset')
  } else {
    rules.retentionDays.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 1) problems.push(`metrics.retentionDays[${i}]: must be a positive integer, got ${String(d)}`)
    })
  }
  if (!Number.isInteger(rules.liftWindowDays) || rules.liftWindowDays < 1) {
    problems.push(`metrics.liftWindowDays: must be a positive integer, got ${String(rules.liftWindowDays)}`)
  }
  if (!Number.isInteger(rules.mauWindowDays) || rules.mauWindowDays < 1) {
    problems.push(`metrics.mauWindowDays: must be a positive integer, got ${String(rules.mauWindowDays)}`)
  }
  return problems
}

