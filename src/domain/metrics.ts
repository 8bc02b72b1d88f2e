/**
 * Operator metrics (数据看板, SPEC §2.11), computed on BUSINESS dates from daily aggregates the storage keeps
 * for the reporting horizon (`MetricsAggregates`: per-date sets of active users, per-user first dates), which each
 * write folds its events into (`metricsRowsOf`, here); `computeMetrics` folds a whole event log the same way first.
 * The figures themselves are computed in metrics-dashboard.ts, on bitsets: only the operator routes use them.
 *
 * Definitions (each metric is a count pair, so charts can show both numbers):
 * - Active: a user is active on a date when they have any event that date other than the operator-side cost
 *   events (`prize_cost`, `coupon_cost`) and those marked `passive`. The backend logs an `active` event on the
 *   first request a member makes each business day (the tier metric `activeDays`), so a member's active days
 *   are exactly the days their own `activeDays` is 1.
 * - Member: a user is a member from the date of their `register` event or of their first event flagged
 *   `isMember: true`, whichever is earlier; before that (or never) they are a non-member visitor.
 * - Cohort: users whose FIRST active date in the whole log (C) lies in [from, to]; each is a member or a
 *   non-member according to their status on C.
 * - Dn retention: among cohort users with C + n ≤ the last complete day (the earlier of `to` and yesterday),
 *   the share active exactly on C + n.
 * - Dn return by plan (付费会员 vs 普通会员): every user active on a date d in [from, to] with d + n ≤ the last
 *   complete day is one sample, of the paid side when they had bought a paid plan (`paid_member`) by d; the share
 *   active again on d + n. (Everyone who logs in is a member, so the retention split above has no non-members
 *   unless visitors are logged; the plan is the split an operator can act on.)
 * - DAU / MAU: distinct actives on `to` / distinct actives in the `mauWindowDays` days ending `to`.
 * - Sign-in participation: distinct users who signed in during [from, to] / distinct actives in [from, to].
 * - Benefit usage: members active in [from, to] with a `benefit_use` in it / members active in [from, to].
 * - Paid-member rate (member conversion): members registered by `to` with a `paid_member` event by `to` /
 *   members registered by `to`.
 * - Campaigns: those whose business days meet [from, to] (`campaignsMeeting`), each with its own figures below.
 * - Campaign participation: distinct `campaign_join` users / distinct actives during the campaign's business
 *   days; completion: distinct joiners with a `campaign_complete` / joiners.
 * - Retention lift, with W = liftWindowDays and S the campaign's first business day: BEFORE = users active in
 *   [S−2W, S−W−1] who were active again in [S−W, S−1]; AFTER = users active in [S, S+W−1] who were active again
 *   in [S+W, S+2W−1]; lift = AFTER − BEFORE in basis points (null until the after window is complete).
 * - ROI: value / cost. Value = retainedActiveDayValueFen × retained active days; cost = Σ costFen of
 *   `prize_cost` and `coupon_cost` events (a refund logs the cost it reverses as a negative one); a span whose
 *   reversals exceed its costs costs 0, the excess reported as `creditFen`. Overall (in [from, to]): retained
 *   active days are active days of users on a date after their first active date. Per campaign: active days of
 *   each joiner after their first join date, up to W days after the campaign's last day (and the last complete day).
 */
import { addDays, addDaysClamped, businessDateOf, parseInstant, type BusinessDate, type BusinessMonth, type CalendarRules } from './calendar'
import type { Ctx } from './context'
import type { PointsRules } from './points'
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
  points: Pick<PointsRules, 'pointValueFen'>
}

export type MetricsEventType =
  | 'register'
  | 'active'
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
  /** Written for a member who did not make the request (a leaderboard award, a gifted card): not activity. */
  passive?: boolean
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
  /** Members by their effective tier now. */
  tierCounts: { tierId: string; members: number }[]
  /** Tier ids in display order (normal → diamond); tiers not listed follow in order of appearance. */
  tierOrder?: string[]
  campaigns: MetricsCampaign[]
  /** Points members hold now, by lot expiry (`Lot.expiresAt`, epoch ms): the liability is a snapshot of now, not of the range. */
  liveLots: { expiresAt: number; points: number }[]
  /** Changes of a member's effective tier in the range, counted by from → to. */
  tierChanges: TierFlow[]
}

export interface TierFlow {
  from: string
  to: string
  changes: number
}

export interface PointsLiability {
  /** Points members hold now (Σ live lots). */
  outstandingPoints: number
  /** What they are worth at checkout, fen. */
  valueFen: number
  /** Live points by the business month they expire in, soonest first. */
  expiringByMonth: { month: BusinessMonth; points: number }[]
}

export interface TierMovement {
  upgrades: number
  downgrades: number
  /** Changes of effective tier in the range by from → to, most frequent first. */
  flows: TierFlow[]
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
  /**
   * The prize and coupon cost, net of what refunds in the same span reversed, never below 0: a span whose refunds
   * reverse more than it spent (costs counted in an earlier span) cost nothing, and the excess is `creditFen`.
   */
  costFen: number
  /** What refunds in the span reversed beyond its own cost (costs of earlier spans given back); 0 otherwise. */
  creditFen: number
  /** value / cost × 100, rounded half up (150 = 1.50); null when nothing was spent. */
  ratioHundredths: number | null
  /** '1.50' or '—'. */
  display: string
}

export interface RetentionBySegment {
  member: Record<string, Rate>
  nonMember: Record<string, Rate>
}

/** Dn return rates of active users who had bought a paid plan by that day, and of the others. */
export interface ReturnByPlan {
  paid: Record<string, Rate>
  free: Record<string, Rate>
}

export interface CampaignMetrics {
  campaignId: string
  name: string
  participants: number
  participation: Rate
  completion: Rate
  /**
   * False while the campaign's start is still ahead (it meets a range reaching into the future): its BEFORE window is
   * not over and nothing after the start exists, so no retention figure says anything yet (the console shows 活动未开始).
   */
  started: boolean
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
  returnByPlan: ReturnByPlan
  /**
   * The day DAU and MAU are of: the range's last complete day (today is still under way, and its activity is not
   * all counted yet), or its end when the range has no complete day.
   */
  dauOn: BusinessDate
  dau: number
  mau: number
  dauMau: Rate
  dailyActive: { date: BusinessDate; users: number }[]
  signinParticipation: Rate
  campaigns: CampaignMetrics[]
  roi: Roi
  liability: PointsLiability
  tierMovement: TierMovement
}


function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator))
}

export function rateOf(numerator: number, denominator: number): Rate {
  if (denominator <= 0) return { numerator, denominator, basisPoints: null, percent: '—' }
  const bp = divideHalfUp(numerator * 10000, denominator)
  return { numerator, denominator, basisPoints: bp, percent: `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%` }
}

/** `netCostFen`: the span's cost events summed (a refund's reversal is negative). */
export function roiOf(valueFen: number, netCostFen: number): Roi {
  const costFen = Math.max(0, netCostFen)
  const creditFen = Math.max(0, -netCostFen)
  if (costFen === 0) return { valueFen, costFen, creditFen, ratioHundredths: null, display: '—' }
  const h = divideHalfUp(valueFen * 100, costFen)
  return { valueFen, costFen, creditFen, ratioHundredths: h, display: `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}` }
}

// ── daily aggregates ───────────────────────────────────────────────────────────────────────────────────
//
// The dashboard is computed from two compact forms a storage keeps for the reporting horizon (never an event
// log it may compact): per business date the SETS of users active, signing in and using a benefit, and each
// campaign's cost; and per user the FIRST date of each fact (first active, member since, registered, first paid
// plan, first join and first completion of each campaign), filed by that date. A write folds its own events into
// both (`metricsRowsOf`) in the same transaction as the action.

/** A first-date fact: `active`, `member`, `registered`, `paid`, `join:<campaign id>`, `complete:<campaign id>`. */
export type MetricsFirstKind = 'active' | 'member' | 'registered' | 'paid' | `join:${string}` | `complete:${string}`

/** One write's contribution to the aggregates (a storage merges: sets by union, costs by sum, firsts by min). */
export interface MetricsRows {
  days: { memberId: string; date: BusinessDate; active: boolean; signin: boolean; benefit: boolean }[]
  costs: { memberId: string; date: BusinessDate; campaignId: string; costFen: number }[]
  firsts: { memberId: string; kind: MetricsFirstKind; date: BusinessDate }[]
}

/**
 * The sets of one business date. A set names each member by a NUMBER unique among the members — the storages use
 * the member number of the id `mbr-N` (server/core/member-ids.ts), `aggregatesOf` numbers the ids of a log — so the
 * dashboard's set algebra runs on bitsets indexed by it.
 */
export interface MetricsDay {
  date: BusinessDate
  active: number[]
  signin: number[]
  benefit: number[]
}

export interface MetricsAggregates {
  /** Day sets; a date missing had no activity. */
  days: MetricsDay[]
  /** Cost by date and campaign ('' = not a campaign's, e.g. coupons used at checkout). */
  costs: { date: BusinessDate; campaignId: string; costFen: number }[]
  /** Users (by number) by first-date fact and date. */
  firsts: { kind: MetricsFirstKind; date: BusinessDate; members: number[] }[]
}

const COST_TYPES = new Set(['prize_cost', 'coupon_cost'])

/**
 * Folds events into aggregate rows. Activity: every event but the cost events and those marked `passive`
 * (written for a member who did not make the request: a leaderboard award, a gifted card).
 */
export function metricsRowsOf(events: MetricsEvent[], calendar: CalendarRules): MetricsRows {
  const days = new Map<string, MetricsRows['days'][number]>()
  const costs = new Map<string, MetricsRows['costs'][number]>()
  const firsts = new Map<string, MetricsRows['firsts'][number]>()
  const first = (memberId: string, kind: MetricsFirstKind, date: BusinessDate) => {
    const key = `${memberId}|${kind}`
    const known = firsts.get(key)
    if (!known || date < known.date) firsts.set(key, { memberId, kind, date })
  }
  for (const e of events) {
    const ms = parseInstant(e.at)
    if (Number.isNaN(ms) || typeof e.memberId !== 'string') {
      throw new RuleError('METRICS_BAD_EVENT', '事件数据有误', 400, { event: e })
    }
    const date = businessDateOf(ms, calendar)
    if (COST_TYPES.has(e.type)) {
      const campaignId = e.campaignId ?? ''
      const key = `${e.memberId}|${date}|${campaignId}`
      const c = costs.get(key) ?? { memberId: e.memberId, date, campaignId, costFen: 0 }
      c.costFen += e.costFen ?? 0
      costs.set(key, c)
      continue
    }
    const key = `${e.memberId}|${date}`
    const d = days.get(key) ?? { memberId: e.memberId, date, active: false, signin: false, benefit: false }
    days.set(key, d)
    if (!e.passive) {
      d.active = true
      first(e.memberId, 'active', date)
    }
    if (e.type === 'signin') d.signin = true
    if (e.type === 'benefit_use') d.benefit = true
    if (e.type === 'register') {
      first(e.memberId, 'registered', date)
      first(e.memberId, 'member', date)
    }
    if (e.isMember === true) first(e.memberId, 'member', date)
    if (e.type === 'paid_member') first(e.memberId, 'paid', date)
    if (e.type === 'campaign_join' && e.campaignId) first(e.memberId, `join:${e.campaignId}`, date)
    if (e.type === 'campaign_complete' && e.campaignId) first(e.memberId, `complete:${e.campaignId}`, date)
  }
  return { days: [...days.values()], costs: [...costs.values()], firsts: [...firsts.values()] }
}

/** The aggregates of a whole log (what a storage holds after applying every write's rows); ids numbered as met. */
export function aggregatesOf(rows: MetricsRows): MetricsAggregates {
  const numbers = new Map<string, number>()
  const number = (id: string) => {
    let n = numbers.get(id)
    if (n === undefined) numbers.set(id, (n = numbers.size))
    return n
  }
  const days = new Map<BusinessDate, { active: Set<number>; signin: Set<number>; benefit: Set<number> }>()
  for (const r of rows.days) {
    const d = days.get(r.date) ?? { active: new Set<number>(), signin: new Set<number>(), benefit: new Set<number>() }
    days.set(r.date, d)
    if (r.active) d.active.add(number(r.memberId))
    if (r.signin) d.signin.add(number(r.memberId))
    if (r.benefit) d.benefit.add(number(r.memberId))
  }
  const costs = new Map<string, { date: BusinessDate; campaignId: string; costFen: number }>()
  for (const c of rows.costs) {
    const key = `${c.date}|${c.campaignId}`
    const t = costs.get(key) ?? { date: c.date, campaignId: c.campaignId, costFen: 0 }
    t.costFen += c.costFen
    costs.set(key, t)
  }
  const firstOf = new Map<string, { kind: MetricsFirstKind; date: BusinessDate; memberId: string }>()
  for (const f of rows.firsts) {
    const key = `${f.memberId}|${f.kind}`
    const known = firstOf.get(key)
    if (!known || f.date < known.date) firstOf.set(key, f)
  }
  const firsts = new Map<string, { kind: MetricsFirstKind; date: BusinessDate; members: number[] }>()
  for (const f of firstOf.values()) {
    const key = `${f.kind}|${f.date}`
    const t = firsts.get(key) ?? { kind: f.kind, date: f.date, members: [] }
    t.members.push(number(f.memberId))
    firsts.set(key, t)
  }
  return {
    days: [...days.entries()].map(([date, d]) => ({ date, active: [...d.active], signin: [...d.signin], benefit: [...d.benefit] })),
    costs: [...costs.values()],
    firsts: [...firsts.values()],
  }
}

/**
 * The campaigns a dashboard of [from, to] lists: those with a business day in the range (a campaign's figures are
 * its own window's, whatever the range). One with unreadable dates is kept, for the figures to refuse it.
 */
export function campaignsMeeting<C extends MetricsCampaign>(campaigns: readonly C[], from: BusinessDate, to: BusinessDate, calendar: CalendarRules): C[] {
  return campaigns.filter((c) => {
    const startMs = parseInstant(c.startsAt)
    const endMs = parseInstant(c.endsAt)
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) return true
    return businessDateOf(startMs, calendar) <= to && businessDateOf(endMs - 1, calendar) >= from
  })
}

/** The dates whose day sets the dashboard of [from, to] reads, given the first-date facts (`firstsWindow`). */
export function metricsDayWindow(
  input: { from: BusinessDate; to: BusinessDate; campaigns: MetricsCampaign[]; firsts: MetricsAggregates['firsts'] },
  ctx: Pick<Ctx<MetricsConfig>, 'now' | 'config'>,
): { from: BusinessDate; to: BusinessDate } {
  const { calendar, metrics: rules } = ctx.config
  const today = businessDateOf(ctx.now, calendar)
  let lo = addDaysClamped(input.to, -(rules.mauWindowDays - 1))
  if (input.from < lo) lo = input.from
  let hi = addDaysClamped(input.to, Math.max(...rules.retentionDays, 0))
  for (const c of campaignsMeeting(input.campaigns, input.from, input.to, calendar)) {
    const startMs = parseInstant(c.startsAt)
    const endMs = parseInstant(c.endsAt)
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) continue
    const S = businessDateOf(startMs, calendar)
    const E = businessDateOf(endMs - 1, calendar)
    const a = addDaysClamped(S, -2 * rules.liftWindowDays)
    const b = addDaysClamped(E > addDays(S, 2 * rules.liftWindowDays - 1) ? E : addDays(S, 2 * rules.liftWindowDays - 1), rules.liftWindowDays)
    if (a < lo) lo = a
    if (b > hi) hi = b
  }
  for (const f of input.firsts) if (f.kind.startsWith('join:') && f.date < lo) lo = f.date
  if (hi > today) hi = today
  if (lo > hi) lo = hi
  return { from: lo, to: hi }
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

