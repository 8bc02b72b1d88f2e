/**
 * Operator metrics (数据看板, SPEC §2.11), computed on BUSINESS dates from daily aggregates the storage keeps
 * for the reporting horizon (`MetricsAggregates`: per-date sets of active users, per-user first dates), which each
 * write folds its events into; `computeMetrics` folds a whole event log the same way first.
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
import {
  addDays,
  businessDateOf,
  dateFromDayNumber,
  addDaysClamped,
  dayNumber,
  isBusinessDate,
  MAX_BUSINESS_DATE,
  MIN_BUSINESS_DATE,
  monthOf,
  parseInstant,
  type BusinessDate,
  type BusinessMonth,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import type { PointsRules } from './points'
import { RuleError } from './errors'
// The dense bitset only: the package's index also pulls in its sparse variant (54 KB) that the mini-program bundles would carry.
import { TypedFastBitSet } from 'typedfastbitset/lib/TypedFastBitSet'

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

