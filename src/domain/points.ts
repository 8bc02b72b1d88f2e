/**
 * Points (SPEC §2.2): earning rules with count limits and amount caps, lots with their own expiry, FIFO
 * spending, expiry sweeps, order refunds, expiry reminders, and an append-only ledger.
 *
 * Money model:
 * - Every award is a LOT `{amount, remaining, expired}`; the balance is Σ `remaining` of the lots not yet
 *   expired at `now` — never credits minus debits. `amount = remaining + consumed + expired` for every lot.
 * - Lots are kept ordered by (expiresAt, creation), which is exactly the FIFO spending order.
 * - Ledger amounts are SIGNED (+ credit, − debit) and `balanceAfter` is the balance right after the entry.
 *   Every mutating rule first sweeps lots whose expiry passed (writing their `expire` entries), so after any
 *   rule the last `balanceAfter` equals `balanceOf(state, now)`.
 * - Ids are sequence numbers kept in the state (`lot-N`, `pl-N`), never random.
 */
import {
  addDays,
  addMonths,
  businessDateOf,
  dayNumber,
  daysBetween,
  endOfBusinessDay,
  toIso,
  weekStartOf,
  type BusinessDate,
  type BusinessMonth,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import { NotLoaded, RuleError } from './errors'
import { textProblem } from './rule-text'

// ───────────────────────────── config ─────────────────────────────

/**
 * The most points a balance may hold, and the most points or growth one award or credit may bring (10 亿). What the
 * SQL storage keeps of points — a ledger line's amount, a lot's remainder, a balance read back — is a 32-bit integer
 * (≤ 2,147,483,647), and no line is more than one award or a balance. The rules allow any one value up to the same
 * 1e9 (rules-shape.ts), but an order multiplies a rate by what is paid. What is asked for past the limit — an order
 * quoted or placed (pricing.ts assertQuoteWithinLimit), an operator's credit — is refused (`POINTS_LIMIT_EXCEEDED`,
 * 422) before anything is written, on every backend alike; an award that follows what is already done (a payment
 * taken, a prize won) is cut to what fits (awardInto). A refund that returns spent points may leave a balance above
 * it; such a balance takes no more.
 */
export const MAX_POINTS = 1_000_000_000

/** How the limit reads to a member. */
export const MAX_POINTS_WORDS = '10 亿'

/** Refuses an operator's credit past `MAX_POINTS` — itself, or the balance it would leave (422). */
function assertCreditWithinLimit(points: number, balanceAfter: number): void {
  if (points > MAX_POINTS) throw new RuleError('POINTS_LIMIT_EXCEEDED', `单笔积分不能超过 ${MAX_POINTS_WORDS}`, 422, { limit: MAX_POINTS, points })
  if (balanceAfter > MAX_POINTS) throw new RuleError('POINTS_LIMIT_EXCEEDED', `积分余额最多 ${MAX_POINTS_WORDS}，本次积分无法入账`, 422, { limit: MAX_POINTS, points, balanceAfter })
}

export type Platform = 'weapp' | 'alipay' | 'h5'
export const PLATFORMS: readonly Platform[] = ['weapp', 'alipay', 'h5']

/** SPEC §1.6: rewarding a share is forbidden on WeChat (and Alipay) unless explicitly overridden. */
export interface ComplianceRules {
  shareRewards: Record<Platform, boolean>
  /** The explicit override needed before any share reward may be switched on for weapp/alipay. */
  allowShareRewardsOnMiniPrograms: boolean
}

export const DEFAULT_COMPLIANCE_RULES: ComplianceRules = {
  shareRewards: { weapp: false, alipay: false, h5: true },
  allowShareRewardsOnMiniPrograms: false,
}

/** Whether a share-based reward may be given on `platform` (both the switch and, on mini programs, the override). */
export function shareRewardsAllowed(compliance: ComplianceRules, platform: Platform): boolean {
  if (!compliance.shareRewards[platform]) return false
  return platform === 'h5' || compliance.allowShareRewardsOnMiniPrograms
}

export interface EarningLimits {
  day?: number
  week?: number
  month?: number
  /** Total times ever. */
  lifetime?: number
  /** Once per distinct `ref` (e.g. one survey id pays once). */
  oncePerRef?: boolean
}

export interface EarningRule {
  points: number
  limits: EarningLimits
  /** Counts against the day/month amount caps. */
  capped: boolean
  /** Governed by `compliance.shareRewards` (SPEC §1.6). */
  shareBased?: boolean
  /** When set, the rule pays only on these platforms. */
  platforms?: Platform[]
  /**
   * When set, the rule pays only for these refs — the surveys the brand runs now, say: a client could otherwise
   * name a new survey every day. Any other ref is refused (422 `EVENT_NOT_VERIFIED`); an empty list pays none.
   */
  refs?: string[]
  /** zh-CN ledger reason. */
  reason: string
}

/**
 * Where an award comes from. `behaviour` = a `POST /events` earning rule. Sign-in, task and invite rewards
 * are behaviour-earned too (capped); prizes, card-set prizes, purchases and operator grants are not.
 */
export type GrantSource = 'behaviour' | 'signin' | 'task' | 'invite' | 'prize' | 'cards' | 'purchase' | 'grant'
export const GRANT_SOURCES: readonly GrantSource[] = ['behaviour', 'signin', 'task', 'invite', 'prize', 'cards', 'purchase', 'grant']

export interface GrantSourceRule {
  /** Counts against the day/month caps. */
  capped: boolean
  ledgerType: 'earn' | 'grant'
  /** Growth = awarded points × growthPerPoint unless the caller gives growth explicitly. */
  growthFromPoints: boolean
  /** A second award with the same ref is refused (an order earns once). */
  uniqueRef: boolean
  /** Default zh-CN ledger reason. */
  reason: string
}

export interface PointsRules {
  /**
   * Keyed by event type. `guide_read`, `follow_account`, `browse_product` and `profile_complete` are
   * deliberately absent: they pay only as task rewards (SPEC §2.2 "task rewards", §2.4 growth task
   * "complete profile +50"), so one action never pays twice.
   */
  earningRules: Record<string, EarningRule>
  grantSources: Record<GrantSource, GrantSourceRule>
  caps: { dayPoints: number; monthPoints: number }
  /** Integer growth per behaviour point (SPEC: 1:1). */
  growthPerPoint: number
  /** 1 point = 10 fen. */
  pointValueFen: number
  expiryMonths: number
  /** Days before a lot's expiry date at which one reminder each is due. */
  reminderDaysBefore: number[]
}

export const DEFAULT_POINTS_RULES: PointsRules = {
  earningRules: {
    first_open: { points: 10, limits: { day: 1 }, capped: true, reason: '每日首次使用' },
    core_use: { points: 15, limits: { day: 3 }, capped: true, reason: '下单奖励' },
    share: { points: 30, limits: { day: 1 }, capped: true, shareBased: true, reason: '分享给好友' },
    review: { points: 20, limits: { day: 5 }, capped: true, reason: '有效评价' },
    // No survey runs until the brand lists its id (console: 积分与上限 → survey → 仅奖励这些编号).
    survey: { points: 50, limits: { oncePerRef: true }, refs: [], capped: true, reason: '完成问卷调研' },
  },
  grantSources: {
    behaviour: { capped: true, ledgerType: 'earn', growthFromPoints: true, uniqueRef: false, reason: '行为奖励' },
    signin: { capped: true, ledgerType: 'earn', growthFromPoints: true, uniqueRef: false, reason: '每日签到' },
    task: { capped: true, ledgerType: 'earn', growthFromPoints: true, uniqueRef: false, reason: '任务奖励' },
    invite: { capped: true, ledgerType: 'earn', growthFromPoints: false, uniqueRef: true, reason: '邀请好友注册奖励' },
    prize: { capped: false, ledgerType: 'grant', growthFromPoints: false, uniqueRef: false, reason: '活动奖品' },
    cards: { capped: false, ledgerType: 'grant', growthFromPoints: false, uniqueRef: true, reason: '集卡奖励' },
    purchase: { capped: false, ledgerType: 'earn', growthFromPoints: false, uniqueRef: true, reason: '消费得积分' },
    grant: { capped: false, ledgerType: 'grant', growthFromPoints: false, uniqueRef: false, reason: '系统赠送' },
  },
  caps: { dayPoints: 100, monthPoints: 2000 },
  growthPerPoint: 1,
  pointValueFen: 10,
  expiryMonths: 12,
  reminderDaysBefore: [30, 7],
}

export type PointsCtx = Ctx<{ calendar: CalendarRules; points: PointsRules }>
export type EarningCtx = Ctx<{ calendar: CalendarRules; points: PointsRules; compliance: ComplianceRules }>

// ───────────────────────────── state ─────────────────────────────

export interface Lot {
  id: string
  earnedOn: BusinessDate
  /** Last business date the lot is valid. */
  expiresOn: BusinessDate
  /** UTC epoch ms of the last valid millisecond: endOfBusinessDay(addMonths(earnedOn, expiryMonths)). */
  expiresAt: number
  amount: number
  remaining: number
  /** Points lost to expiry (including points a refund restored into an already-expired lot). */
  expired: number
  source: GrantSource
  ref: string
}

export type LedgerType = 'earn' | 'spend' | 'expire' | 'refund' | 'grant' | 'adjust'

export interface LotMovement {
  lotId: string
  amount: number
}

export interface LedgerEntry {
  id: string
  type: LedgerType
  /** Signed: + credit, − debit. */
  amount: number
  balanceAfter: number
  reason: string
  ref: string
  businessDate: BusinessDate
  /** ISO instant at which it was recorded. */
  at: string
  source?: GrantSource
  eventType?: string
  /** Lots credited (earn/grant), consumed (spend, refund reversal), expired (expire) or restored (refund). */
  lots?: LotMovement[]
  /** Growth that came with this award; reversed with it on refund. */
  growth?: number
  /** Truncation by caps (earn entries). */
  requested?: number
  cappedBy?: CappedBy
  /**
   * Whether a behaviour award counted toward the day/month caps (the rule's flag then): a refund gives back to the caps
   * what the award took from them, whatever the rule says since. Absent on other awards and on entries written before.
   */
  countedInCaps?: boolean
  /** Refund details. */
  shortfall?: number
  restoredExpired?: number
  /** A `refund` entry that settled what earlier refunds could not take back (`PointsState.owed`): its points. */
  settles?: number
  /**
   * A `refund` entry that took back part of a leaderboard prize an order's refund made undeserved (`takeBackPrize`;
   * its ref is the prize's): what is still held of a prize, and what a member and the dashboard are told, come from
   * these lines. (Like every refund line it scores nothing: leaderboards count `earn` lines only.)
   */
  revokesPrize?: true
}

export interface EarningCounters {
  day: { key: BusinessDate; cappedPoints: number; counts: Record<string, number> }
  week: { key: BusinessDate; counts: Record<string, number> }
  month: { key: BusinessMonth; cappedPoints: number; counts: Record<string, number> }
  lifetime: Record<string, number>
  /** `${eventType}:${ref}` of oncePerRef rules already paid. */
  refs: Record<string, true>
}

export interface PointsState {
  /** Ordered by (expiresAt, creation) = FIFO spending order. Expired lots stay (refunds need them). */
  lots: Lot[]
  /**
   * Live lots a storage left out of `lots`, summed: the ones expiring after every loaded lot (see `lotsWindow`).
   * Absent: `lots` holds every live lot. A rule that would need one of them throws `NotLoaded`.
   */
  unloaded?: UnloadedLots
  /** Append-only. */
  ledger: LedgerEntry[]
  counters: EarningCounters
  /** lotId → tightest reminder threshold (days) already sent for it. */
  remindersSent: Record<string, number>
  /** Order refs already refunded. */
  refundedRefs: Record<string, true>
  /**
   * Points refunds could not take back (their shortfalls; absent: none), settled first from what a later refund
   * gives back — the points the member spent on that order, which may be the ones a refund missed — and from the
   * points the member earns next (`settleOwed`).
   */
  owed?: number
  seq: { lot: number; entry: number }
}

export interface UnloadedLots {
  /** Σ remaining of the lots not loaded. */
  remaining: number
  /** The soonest expiry among them: every loaded lot a rule may spend or expire comes before it. */
  firstExpiresAt: number
}

interface WindowRules {
  points: PointsRules
  calendar: CalendarRules
}

/**
 * The furthest expiry reminders read (`dueReminders`): a reminder at a threshold covers the lots expiring within that
 * many days of the first that crossed it, so the widest threshold reaches twice as far, less a day.
 */
function reminderHorizon(now: number, rules: WindowRules): number {
  const widest = Math.max(0, ...rules.points.reminderDaysBefore)
  return endOfBusinessDay(addDays(businessDateOf(now, rules.calendar), Math.max(0, 2 * widest - 1)), rules.calendar)
}

/** The least number of lots a storage loads for a member with more (`lotsWindow`). */
export const LOTS_WINDOW_MIN = 200

/**
 * Which live lots a storage must load for the rules to run without the rest (SPEC §7: a write costs the same
 * for a member of ten years as for a new one; a member who never spends keeps a year of daily lots live):
 * every lot expiring by `through` (expiry and reminders read no further), and at least the first `minLots` in
 * FIFO order (most spends are covered by them). The others are summed into `PointsState.unloaded`.
 */
export function lotsWindow(now: number, rules: WindowRules, minLots = LOTS_WINDOW_MIN): { through: number; minLots: number } {
  return { through: reminderHorizon(now, rules), minLots }
}

/** `lots` and `unloaded` of a member whose live lots (FIFO order) are `live`, as a storage loads them. */
export function windowOfLots(live: readonly Lot[], window: { through: number; minLots: number }): { lots: Lot[]; unloaded?: UnloadedLots } {
  let n = Math.min(live.length, window.minLots)
  while (n < live.length && live[n].expiresAt <= window.through) n++
  if (n === live.length) return { lots: live.slice() }
  let remaining = 0
  for (let i = n; i < live.length; i++) remaining += live[i].remaining
  return { lots: live.slice(0, n), unloaded: { remaining, firstExpiresAt: live[n].expiresAt } }
}

/** The loaded lots reach past `instant`: nothing unloaded expires by it. */
function loadedThrough(state: PointsState, instant: number): boolean {
  return !state.unloaded || state.unloaded.firstExpiresAt > instant
}

export function emptyPointsState(): PointsState {
  return {
    lots: [],
    ledger: [],
    counters: {
      day: { key: '', cappedPoints: 0, counts: {} },
      week: { key: '', counts: {} },
      month: { key: '', cappedPoints: 0, counts: {} },
      lifetime: {},
      refs: {},
    },
    remindersSent: {},
    refundedRefs: {},
    seq: { lot: 0, entry: 0 },
  }
}

export type PointsEventType = `points_${LedgerType}`

export interface PointsEvent {
  type: PointsEventType
  entryId: string
  amount: number
  balanceAfter: number
  ref: string
  businessDate: BusinessDate
}

export interface PointsResult {
  state: PointsState
  events: PointsEvent[]
}

// ───────────────────────────── queries ─────────────────────────────

/** Σ remaining of the lots not expired at `now`. One pass, no allocation. */
export function balanceOf(state: PointsState, now: number): number {
  if (!loadedThrough(state, now - 1)) throw new NotLoaded('unloaded lots may have expired')
  const lots = state.lots
  let sum = state.unloaded?.remaining ?? 0
  for (let i = 0; i < lots.length; i++) {
    const lot = lots[i]
    if (lot.expiresAt >= now) sum += lot.remaining
  }
  return sum
}

/** Value of a balance in fen (integer). */
export function pointsValueFen(points: number, rules: PointsRules): number {
  return points * rules.pointValueFen
}

export interface ExpiryGroup {
  /** Last valid business date of the lots in the group. */
  date: BusinessDate
  amount: number
}

/** Upcoming expiries grouped by expiry business date, soonest first (the points page lists all of them). */
export function expiringSummary(state: PointsState, now: number): ExpiryGroup[] {
  const byDate = new Map<BusinessDate, number>()
  for (const lot of liveLots(state, now)) {
    byDate.set(lot.expiresOn, (byDate.get(lot.expiresOn) ?? 0) + lot.remaining)
  }
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, amount]) => ({ date, amount }))
}

/** Every lot with points left at `now`, soonest expiry first (the points page's list of lots). */
export function liveLots(state: PointsState, now: number): Lot[] {
  if (state.unloaded) throw new NotLoaded('every live lot is listed')
  return state.lots.filter((lot) => lot.remaining > 0 && lot.expiresAt >= now)
}

/**
 * Upcoming expiries split at the reminder window (SPEC §2.2: the furthest reminder, 30 days by default): what
 * is 即将过期 and the banner warns about, and what expires later (still listed, not flagged).
 */
export function splitAtReminderWindow<T extends { date: BusinessDate }>(groups: T[], today: BusinessDate, rules: PointsRules): { soon: T[]; later: T[]; horizon: number } {
  const horizon = Math.max(0, ...rules.reminderDaysBefore)
  const soon = groups.filter((g) => daysBetween(today, g.date) <= horizon)
  return { soon, later: groups.slice(soon.length), horizon }
}

export interface CapStatus {
  dayUsed: number
  dayCap: number
  monthUsed: number
  monthCap: number
}

/** Today's and this month's capped points, as `GET /points/summary` tells them (`CapStatus` on the wire). */
export interface PointsCaps {
  dayUsed: number
  dayLimit: number
  monthUsed: number
  monthLimit: number
}

/** How much of today's and this month's behaviour cap is used (for 规则说明 and the sign-in sheet). */
export function capStatus(state: PointsState, ctx: PointsCtx): CapStatus {
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const c = rolledCounters(state.counters, today)
  return {
    dayUsed: c.day.cappedPoints,
    dayCap: ctx.config.points.caps.dayPoints,
    monthUsed: c.month.cappedPoints,
    monthCap: ctx.config.points.caps.monthPoints,
  }
}

// ───────────────────────────── internals ─────────────────────────────

/** Σ remaining over all lots, loaded or not = the ledger balance once every due expiry has been swept. */
function ledgerBalance(state: PointsState): number {
  const lots = state.lots
  let sum = state.unloaded?.remaining ?? 0
  for (let i = 0; i < lots.length; i++) sum += lots[i].remaining
  return sum
}

function rolledCounters(c: EarningCounters, today: BusinessDate): EarningCounters {
  const week = weekStartOf(today)
  const month = today.slice(0, 7)
  if (c.day.key === today && c.week.key === week && c.month.key === month) return c
  return {
    ...c,
    day: c.day.key === today ? c.day : { key: today, cappedPoints: 0, counts: {} },
    week: c.week.key === week ? c.week : { key: week, counts: {} },
    month: c.month.key === month ? c.month : { key: month, cappedPoints: 0, counts: {} },
  }
}

/**
 * A behaviour award taken back by a refund no longer counts toward its rule's limits (the 3 下单 a day) or, where it
 * was capped, the day's and month's caps — in the periods the counters still hold; lifetime counts too.
 */
function uncounted(c: EarningCounters, entry: LedgerEntry, capped: boolean): EarningCounters {
  const type = entry.eventType!
  const less = (m: Record<string, number>) => (m[type] ? { ...m, [type]: m[type] - 1 } : m)
  const points = capped ? entry.amount : 0
  const day = c.day.key === entry.businessDate ? { key: c.day.key, cappedPoints: Math.max(0, c.day.cappedPoints - points), counts: less(c.day.counts) } : c.day
  const week = c.week.key === weekStartOf(entry.businessDate) ? { ...c.week, counts: less(c.week.counts) } : c.week
  const month = c.month.key === entry.businessDate.slice(0, 7) ? { key: c.month.key, cappedPoints: Math.max(0, c.month.cappedPoints - points), counts: less(c.month.counts) } : c.month
  return { ...c, day, week, month, lifetime: less(c.lifetime) }
}

interface Draft {
  state: PointsState
  events: PointsEvent[]
  now: number
  today: BusinessDate
  at: string
}

type NewEntry = Omit<LedgerEntry, 'id' | 'businessDate' | 'at'> & { businessDate?: BusinessDate }

/** Append entries with one copy of the ledger (a sweep may write many; the ledger may be long). */
function appendEntries(draft: Draft, entries: NewEntry[]): LedgerEntry[] {
  let seq = draft.state.seq.entry
  const full = entries.map((entry): LedgerEntry => ({ ...entry, id: `pl-${++seq}`, businessDate: entry.businessDate ?? draft.today, at: draft.at }))
  draft.state = { ...draft.state, ledger: draft.state.ledger.concat(full), seq: { ...draft.state.seq, entry: seq } }
  for (const e of full) {
    draft.events.push({ type: `points_${e.type}`, entryId: e.id, amount: e.amount, balanceAfter: e.balanceAfter, ref: e.ref, businessDate: e.businessDate })
  }
  return full
}

function appendEntry(draft: Draft, entry: NewEntry): LedgerEntry {
  return appendEntries(draft, [entry])[0]
}

/**
 * Lots whose last valid millisecond is before `now` lose their remainder: one `expire` entry per expiry
 * business date (a member reads "3月10日 到期 120 积分", not one line per tiny lot).
 */
function sweepExpired(draft: Draft, now: number): void {
  if (!loadedThrough(draft.state, now - 1)) throw new NotLoaded('unloaded lots have expired')
  const lots = draft.state.lots
  let changed: Lot[] | null = null
  const groups = new Map<BusinessDate, LotMovement[]>()
  for (let i = 0; i < lots.length; i++) {
    const lot = lots[i]
    // Lots are ordered by expiresAt: nothing after this one has expired.
    if (lot.expiresAt >= now) break
    if (lot.remaining === 0) continue
    if (!changed) changed = lots.slice()
    changed[i] = { ...lot, remaining: 0, expired: lot.expired + lot.remaining }
    let group = groups.get(lot.expiresOn)
    if (!group) groups.set(lot.expiresOn, (group = []))
    group.push({ lotId: lot.id, amount: lot.remaining })
  }
  if (!changed) return
  let balance = ledgerBalance(draft.state)
  draft.state = { ...draft.state, lots: changed }
  const entries: NewEntry[] = []
  for (const [date, movements] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const amount = movements.reduce((s, m) => s + m.amount, 0)
    balance -= amount
    entries.push({
      type: 'expire',
      amount: -amount,
      balanceAfter: balance,
      reason: '积分过期',
      ref: `expire:${date}`,
      businessDate: date,
      lots: movements,
    })
  }
  appendEntries(draft, entries)
}

function startDraft(state: PointsState, ctx: Ctx<{ calendar: CalendarRules }>): Draft {
  const draft: Draft = { state, events: [], now: ctx.now, today: businessDateOf(ctx.now, ctx.config.calendar), at: toIso(ctx.now) }
  sweepExpired(draft, ctx.now)
  return draft
}

/** Insert keeping (expiresAt, creation) order; almost always an append. */
function insertLot(lots: readonly Lot[], lot: Lot): Lot[] {
  let lo = 0
  let hi = lots.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (lots[mid].expiresAt <= lot.expiresAt) lo = mid + 1
    else hi = mid
  }
  const out = lots.slice()
  out.splice(lo, 0, lot)
  return out
}

/**
 * Take `amount` from the unexpired lots, oldest expiry first. The caller has checked the balance.
 * Returns new lots and the movements; never touches a lot while an older one still has points. With lots
 * unloaded, only the loaded lots that expire before all of them may be taken.
 */
function consumeLotsFifo(state: PointsState, lots: readonly Lot[], amount: number, now: number): { lots: Lot[]; consumed: LotMovement[] } {
  const before = state.unloaded?.firstExpiresAt ?? Infinity
  const out = lots.slice()
  const consumed: LotMovement[] = []
  let left = amount
  for (let i = 0; i < out.length && left > 0; i++) {
    const lot = out[i]
    if (lot.expiresAt >= before) break
    if (lot.remaining === 0 || lot.expiresAt < now) continue
    const take = Math.min(lot.remaining, left)
    out[i] = { ...lot, remaining: lot.remaining - take }
    consumed.push({ lotId: lot.id, amount: take })
    left -= take
  }
  if (left > 0) throw new NotLoaded('the spend reaches past the loaded lots')
  return { lots: out, consumed }
}

function assertPositiveInt(amount: number, field = 'amount'): void {
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new RuleError('POINTS_INVALID_AMOUNT', '积分数量必须是正整数', 400, { [field]: amount })
  }
}

// ───────────────────────────── awarding ─────────────────────────────

export interface GrantInput {
  amount: number
  source: GrantSource
  ref: string
  /** zh-CN; defaults to the source's reason. */
  reason?: string
  /** Explicit growth (e.g. purchase: 1 per ¥1; invite task: +100); otherwise derived from the source rule. */
  growth?: number
  eventType?: string
  /** Overrides the source's `capped` (an earning rule's own flag); not for API callers. */
  cappedOverride?: boolean
  /**
   * An award the caps cut to nothing still writes a ledger line of 0 points that says so (its `requested` and
   * `cappedBy`): an invite's reward, which the invite list shows per friend, is never silently missing.
   */
  noteIfCapped?: boolean
}

/**
 * What cut an award: the day's or the month's behaviour cap, or the balance limit (`MAX_POINTS`) — the one that left
 * the least room, a tie reported as the balance (it does not free up by itself). Null when nothing was cut.
 */
export type CappedBy = 'day' | 'month' | 'balance' | null

export interface AwardResult {
  requested: number
  awarded: number
  /** Points cut by a cap. */
  capped: number
  cappedBy: CappedBy
  /** Of `awarded`, what settled points earlier refunds could not take back (`PointsState.owed`). */
  settled: number
  /** Growth the caller adds to the member's metrics. */
  growth: number
  lotId: string | null
  entryId: string | null
}

export interface GrantResult extends PointsResult {
  award: AwardResult
}

function awardInto(draft: Draft, input: GrantInput, rules: PointsRules, calendar: CalendarRules): AwardResult {
  const sourceRule = rules.grantSources[input.source]
  if (!sourceRule) throw new RuleError('POINTS_SOURCE_UNKNOWN', '积分来源无效', 400, { source: input.source })
  if (sourceRule.uniqueRef) {
    if (draft.state.lots.some((l) => l.source === input.source && l.ref === input.ref)) {
      throw new RuleError('POINTS_ALREADY_GRANTED', '该笔积分已经发放过了', 409, { source: input.source, ref: input.ref })
    }
    if (draft.state.unloaded) throw new NotLoaded(`a ${input.source} award is paid once per ref`)
  }
  const capped = input.cappedOverride ?? sourceRule.capped
  // Past MAX_POINTS an award is cut to what the balance can hold, never refused: it follows what is already done (a
  // payment taken, a prize won, a friend invited). What a member or an operator asks for is refused before
  // (assertQuoteWithinLimit, adjustPoints).
  const room = Math.max(0, MAX_POINTS - ledgerBalance(draft.state))
  let awarded = Math.min(input.amount, room)
  let cappedBy: CappedBy = awarded < input.amount ? 'balance' : null
  let counters = draft.state.counters
  if (capped) {
    counters = rolledCounters(counters, draft.today)
    const dayLeft = Math.max(0, rules.caps.dayPoints - counters.day.cappedPoints)
    const monthLeft = Math.max(0, rules.caps.monthPoints - counters.month.cappedPoints)
    // On a tie the day cap is reported: it is the one that frees up first.
    if (awarded > Math.min(dayLeft, monthLeft)) cappedBy = dayLeft <= monthLeft ? 'day' : 'month'
    awarded = Math.min(awarded, dayLeft, monthLeft)
    counters = {
      ...counters,
      day: { ...counters.day, cappedPoints: counters.day.cappedPoints + awarded },
      month: { ...counters.month, cappedPoints: counters.month.cappedPoints + awarded },
    }
  }
  const growth = Math.min(MAX_POINTS, input.growth ?? (sourceRule.growthFromPoints ? awarded * rules.growthPerPoint : 0))
  if (awarded === 0) {
    const note = input.noteIfCapped
      ? appendEntry(draft, {
          type: sourceRule.ledgerType,
          amount: 0,
          balanceAfter: ledgerBalance(draft.state),
          reason: `${input.reason ?? sourceRule.reason}（${capWords(cappedBy)}）`,
          ref: input.ref,
          source: input.source,
          eventType: input.eventType,
          lots: [],
          growth,
          requested: input.amount,
          cappedBy,
        })
      : null
    return { requested: input.amount, awarded: 0, capped: input.amount, cappedBy, settled: 0, growth, lotId: null, entryId: note?.id ?? null }
  }
  const lotSeq = draft.state.seq.lot + 1
  const expiresOn = addMonths(draft.today, rules.expiryMonths)
  const lot: Lot = {
    id: `lot-${lotSeq}`,
    earnedOn: draft.today,
    expiresOn,
    expiresAt: endOfBusinessDay(expiresOn, calendar),
    amount: awarded,
    remaining: awarded,
    expired: 0,
    source: input.source,
    ref: input.ref,
  }
  const balance = ledgerBalance(draft.state) + awarded
  draft.state = { ...draft.state, lots: insertLot(draft.state.lots, lot), counters, seq: { ...draft.state.seq, lot: lotSeq } }
  const entry = appendEntry(draft, {
    type: sourceRule.ledgerType,
    amount: awarded,
    balanceAfter: balance,
    reason: input.reason ?? sourceRule.reason,
    ref: input.ref,
    source: input.source,
    eventType: input.eventType,
    lots: [{ lotId: lot.id, amount: awarded }],
    growth,
    requested: input.amount,
    cappedBy,
    // Kept where a refund reads it (behaviour awards: refundOrderPoints), not on every line of the embedded storage.
    ...(input.source === 'behaviour' ? { countedInCaps: capped } : {}),
  })
  const settled = settleOwed(draft, entry)
  return { requested: input.amount, awarded, capped: input.amount - awarded, cappedBy, settled, growth, lotId: lot.id, entryId: entry.id }
}

/**
 * What earlier refunds could not take back (`owed`) is settled from the points the member earns next, as a spend
 * would take them (oldest first): one `refund` entry (−) after the award, marked `settles` — the refund's shortfall
 * already came off the leaderboards, so they do not count it again. Without it, buying, spending the purchase's
 * points and refunding the purchase would keep what the points bought.
 */
function settleOwed(draft: Draft, award: LedgerEntry): number {
  const settled = Math.min(award.amount, draft.state.owed ?? 0)
  if (settled === 0) return 0
  const { lots, consumed } = consumeLotsFifo(draft.state, draft.state.lots, settled, draft.now)
  draft.state = { ...draft.state, lots, owed: draft.state.owed! - settled }
  appendEntry(draft, {
    type: 'refund',
    amount: -settled,
    balanceAfter: award.balanceAfter - settled,
    reason: '扣回此前订单退款时已使用的积分',
    ref: `settle:${award.id}`,
    lots: consumed,
    settles: settled,
  })
  return settled
}

/** Which limit cut an award, as a member reads it (the ledger note, the invite list). */
export function capWords(by: CappedBy): string {
  return by === 'balance' ? '积分余额已达上限' : by === 'month' ? '当月积分已达上限' : '当日积分已达上限'
}

/** What a member is told when some of the points just earned settled what earlier refunds could not take back. */
export function settledNote(settled: number): string {
  return settled > 0 ? `其中 ${settled} 积分用于扣回此前订单退款时已使用的积分` : ''
}

/**
 * The one way points are awarded. Whether the award counts against the day/month caps comes from
 * `rules.grantSources[source].capped` (sign-in, tasks, invites: yes; prizes, card sets, purchases,
 * operator grants: no) — never from the caller, so no caller can bypass a cap. An award truncated to 0 by
 * a cap is a success that reports the cut and writes nothing.
 */
export function grantPoints(state: PointsState, input: Omit<GrantInput, 'cappedOverride'>, ctx: PointsCtx): GrantResult {
  assertPositiveInt(input.amount)
  if (input.growth !== undefined && (!Number.isInteger(input.growth) || input.growth < 0)) {
    throw new RuleError('POINTS_INVALID_AMOUNT', '成长值必须是非负整数', 400, { growth: input.growth })
  }
  const draft = startDraft(state, ctx)
  const award = awardInto(draft, { ...input, cappedOverride: undefined }, ctx.config.points, ctx.config.calendar)
  return { state: draft.state, events: draft.events, award }
}

export interface BehaviourEventInput {
  eventType: string
  ref: string
  platform: Platform
}

export interface EarnResult extends GrantResult {
  eventType: string
}

/**
 * A behaviour event (`POST /events`). Refusals: no rule for the type (`EARNING_RULE_NOT_FOUND` 404 — the
 * caller should still feed the event to tasks), a share event where sharing may not be rewarded
 * (`SHARE_REWARD_DISABLED` 422), a platform the rule excludes (`EARNING_PLATFORM_NOT_ALLOWED` 422), a count
 * limit already reached (`EARNING_LIMIT_REACHED` 409: the member has already done it as often as it pays).
 * Amount caps truncate instead of refusing. An event the caps cut to 0 does not use up a count slot, so a
 * once-per-survey reward can still pay once the cap frees up.
 */
export function earnBehaviourPoints(state: PointsState, input: BehaviourEventInput, ctx: EarningCtx): EarnResult {
  const rules = ctx.config.points
  const rule = rules.earningRules[input.eventType]
  if (!rule) throw new RuleError('EARNING_RULE_NOT_FOUND', '该行为不直接获得积分', 404, { eventType: input.eventType })
  if (!PLATFORMS.includes(input.platform)) {
    throw new RuleError('PLATFORM_INVALID', '平台参数无效', 400, { platform: input.platform })
  }
  if (rule.shareBased && !shareRewardsAllowed(ctx.config.compliance, input.platform)) {
    throw new RuleError('SHARE_REWARD_DISABLED', '当前平台分享不再获得积分奖励', 422, { platform: input.platform })
  }
  if (rule.platforms && !rule.platforms.includes(input.platform)) {
    throw new RuleError('EARNING_PLATFORM_NOT_ALLOWED', '当前平台不参与该积分奖励', 422, { platform: input.platform })
  }
  if (rule.limits.oncePerRef && !input.ref) throw new RuleError('EVENT_REF_REQUIRED', '缺少事件编号', 400)
  if (rule.refs && !(input.ref && rule.refs.includes(input.ref))) {
    throw new RuleError('EVENT_NOT_VERIFIED', '这项活动不在进行中，无法获得积分', 422, { eventType: input.eventType, ref: input.ref ?? null })
  }

  const draft = startDraft(state, ctx)
  const counters = rolledCounters(draft.state.counters, draft.today)
  const type = input.eventType
  const refKey = `${type}:${input.ref}`
  const limits = rule.limits
  const checks: [string, number | undefined, number][] = [
    ['day', limits.day, counters.day.counts[type] ?? 0],
    ['week', limits.week, counters.week.counts[type] ?? 0],
    ['month', limits.month, counters.month.counts[type] ?? 0],
    ['lifetime', limits.lifetime, counters.lifetime[type] ?? 0],
  ]
  for (const [period, limit, used] of checks) {
    if (limit !== undefined && used >= limit) {
      throw new RuleError('EARNING_LIMIT_REACHED', '该行为的积分奖励次数已用完', 409, { eventType: type, period, limit })
    }
  }
  if (limits.oncePerRef && counters.refs[refKey]) {
    throw new RuleError('EARNING_LIMIT_REACHED', '该任务的积分已经领取过了', 409, { eventType: type, period: 'ref', ref: input.ref })
  }
  draft.state = { ...draft.state, counters }
  const award = awardInto(
    draft,
    // Every line has a reference (SPEC §2.2): an event nothing names (a share) is the day's, as 首次使用's.
    { amount: rule.points, source: 'behaviour', ref: input.ref || `${type}:${draft.today}`, reason: rule.reason, eventType: type, cappedOverride: rule.capped },
    rules,
    ctx.config.calendar,
  )
  if (award.awarded > 0) {
    const c = draft.state.counters
    const bump = (m: Record<string, number>) => ({ ...m, [type]: (m[type] ?? 0) + 1 })
    draft.state = {
      ...draft.state,
      counters: {
        day: { ...c.day, counts: bump(c.day.counts) },
        week: { ...c.week, counts: bump(c.week.counts) },
        month: { ...c.month, counts: bump(c.month.counts) },
        lifetime: bump(c.lifetime),
        refs: limits.oncePerRef ? { ...c.refs, [refKey]: true } : c.refs,
      },
    }
  }
  return { state: draft.state, events: draft.events, award, eventType: type }
}

// ───────────────────────────── spending ─────────────────────────────

export interface SpendInput {
  amount: number
  /** zh-CN, e.g. "积分商城兑换" / "订单抵扣" / "补签". */
  reason: string
  /** Order id / redemption id / idempotency key; refunds find the spend by it. */
  ref: string
}

export interface SpendResult extends PointsResult {
  consumed: LotMovement[]
  balanceAfter: number
  entryId: string
}

/** Spend FIFO over unexpired lots. Refuses `POINTS_INSUFFICIENT` (422) with no change. */
export function spendPoints(state: PointsState, input: SpendInput, ctx: PointsCtx): SpendResult {
  assertPositiveInt(input.amount)
  const draft = startDraft(state, ctx)
  const balance = ledgerBalance(draft.state)
  if (balance < input.amount) {
    throw new RuleError('POINTS_INSUFFICIENT', '积分不足', 422, { balance, required: input.amount })
  }
  const { lots, consumed } = consumeLotsFifo(draft.state, draft.state.lots, input.amount, ctx.now)
  draft.state = { ...draft.state, lots }
  const entry = appendEntry(draft, {
    type: 'spend',
    amount: -input.amount,
    balanceAfter: balance - input.amount,
    reason: input.reason,
    ref: input.ref,
    lots: consumed,
  })
  return { state: draft.state, events: draft.events, consumed, balanceAfter: entry.balanceAfter, entryId: entry.id }
}

// ───────────────────────────── operator adjustments ─────────────────────────────

export interface AdjustInput {
  /** Signed, non-zero: + credits a new lot, − takes from the oldest lots first. */
  amount: number
  /** Why (required; shown in the member's ledger). */
  reason: string
  /** The adjustment's id. */
  ref: string
}

export interface AdjustResult extends PointsResult {
  entryId: string
  balanceAfter: number
}

/**
 * An operator's correction of a balance (SPEC §8): an `adjust` ledger entry, uncapped and without growth. A
 * credit is a lot of its own with the usual expiry; a debit takes the oldest lots first and may not take the
 * balance below 0 (`POINTS_ADJUST_BELOW_ZERO`, 422).
 */
export function adjustPoints(state: PointsState, input: AdjustInput, ctx: PointsCtx): AdjustResult {
  if (!Number.isInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > 10_000_000) {
    throw new RuleError('POINTS_INVALID_AMOUNT', '调整的积分必须是非零整数', 400, { amount: input.amount })
  }
  const reason = (input.reason ?? '').trim()
  if (reason === '') throw new RuleError('POINTS_ADJUST_REASON_REQUIRED', '请填写调整原因', 400)
  const draft = startDraft(state, ctx)
  const balance = ledgerBalance(draft.state)
  let moves: LotMovement[]
  if (input.amount > 0) {
    assertCreditWithinLimit(input.amount, balance + input.amount)
    const lotSeq = draft.state.seq.lot + 1
    const expiresOn = addMonths(draft.today, ctx.config.points.expiryMonths)
    const lot: Lot = {
      id: `lot-${lotSeq}`,
      earnedOn: draft.today,
      expiresOn,
      expiresAt: endOfBusinessDay(expiresOn, ctx.config.calendar),
      amount: input.amount,
      remaining: input.amount,
      expired: 0,
      source: 'grant',
      ref: input.ref,
    }
    draft.state = { ...draft.state, lots: insertLot(draft.state.lots, lot), seq: { ...draft.state.seq, lot: lotSeq } }
    moves = [{ lotId: lot.id, amount: input.amount }]
  } else {
    const take = -input.amount
    if (balance < take) throw new RuleError('POINTS_ADJUST_BELOW_ZERO', '扣减后积分不能为负', 422, { balance, amount: input.amount })
    const { lots, consumed } = consumeLotsFifo(draft.state, draft.state.lots, take, ctx.now)
    draft.state = { ...draft.state, lots }
    moves = consumed
  }
  const entry = appendEntry(draft, { type: 'adjust', amount: input.amount, balanceAfter: balance + input.amount, reason, ref: input.ref, lots: moves })
  return { state: draft.state, events: draft.events, entryId: entry.id, balanceAfter: entry.balanceAfter }
}

/**
 * Takes back `amount` points of a prize (a leaderboard prize an order's refund made undeserved: server/core/use-cases/
 * orders.ts): oldest lots first, as a spend; what the balance cannot cover is owed (settled from the points earned
 * next, as a refund's shortfall is). One `refund` entry (−) under the prize's ref, marked `revokesPrize`.
 */
export function takeBackPrize(state: PointsState, input: { amount: number; reason: string; ref: string }, ctx: PointsCtx): PointsResult & { taken: number; shortfall: number } {
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new RuleError('POINTS_INVALID_AMOUNT', '收回的积分必须是正整数', 400, { amount: input.amount })
  const draft = startDraft(state, ctx)
  const balance = ledgerBalance(draft.state)
  const taken = Math.min(input.amount, balance)
  const shortfall = input.amount - taken
  const { lots, consumed } = consumeLotsFifo(draft.state, draft.state.lots, taken, ctx.now)
  const owed = (draft.state.owed ?? 0) + shortfall
  draft.state = { ...draft.state, lots, ...(owed > 0 || draft.state.owed ? { owed } : {}) }
  appendEntry(draft, { type: 'refund', amount: -taken, balanceAfter: balance - taken, reason: input.reason, ref: input.ref, lots: consumed, shortfall, revokesPrize: true })
  return { state: draft.state, events: draft.events, taken, shortfall }
}

/**
 * A coupon an operator reissued, in the member's ledger as an `adjust` line of 0 points: every operator action
 * on a member shows there (SPEC §8), and the balance and lots are untouched.
 */
export function noteCouponReissue(state: PointsState, input: { coupon: string; reason: string; ref: string }, ctx: PointsCtx): AdjustResult {
  const reason = input.reason.trim()
  if (reason === '') throw new RuleError('POINTS_ADJUST_REASON_REQUIRED', '请填写调整原因', 400)
  const draft = startDraft(state, ctx)
  const balance = ledgerBalance(draft.state)
  const entry = appendEntry(draft, { type: 'adjust', amount: 0, balanceAfter: balance, reason: `补发优惠券：${input.coupon}（${reason}）`, ref: input.ref, lots: [] })
  return { state: draft.state, events: draft.events, entryId: entry.id, balanceAfter: entry.balanceAfter }
}

/**
 * 会员注销 forfeits every live point (积分作废): nobody can sign in to the account any more, so the brand owes nothing on
 * it, and what refunds could not take back (`owed`) is written off — nothing will ever be earned to settle it. The lots
 * end as expired and one `expire` entry under `ref` says so (with what was written off); the ledger stays. Nothing
 * live and nothing owed: no entry.
 */
export function forfeitPoints(state: PointsState, input: { reason: string; ref: string }, ctx: PointsCtx): PointsResult & { forfeited: number } {
  const draft = startDraft(state, ctx)
  if (draft.state.unloaded) throw new NotLoaded('forfeiting takes every live lot')
  const movements: LotMovement[] = []
  const lots = draft.state.lots.map((lot) => {
    if (lot.remaining === 0) return lot
    movements.push({ lotId: lot.id, amount: lot.remaining })
    return { ...lot, remaining: 0, expired: lot.expired + lot.remaining }
  })
  const forfeited = movements.reduce((n, m) => n + m.amount, 0)
  const owed = draft.state.owed ?? 0
  if (forfeited > 0 || owed > 0) {
    const balance = ledgerBalance(draft.state)
    draft.state = { ...draft.state, lots, ...(owed > 0 ? { owed: 0 } : {}) }
    const reason = owed > 0 ? `${input.reason}（另有 ${owed} 积分待扣回，不再扣回）` : input.reason
    appendEntry(draft, { type: 'expire', amount: forfeited > 0 ? -forfeited : 0, balanceAfter: balance - forfeited, reason, ref: input.ref, lots: movements })
  }
  return { state: draft.state, events: draft.events, forfeited }
}

// ───────────────────────────── expiry ─────────────────────────────

/** Expire every lot whose last valid instant is before `now` (one `expire` entry per expiry date). */
export function expirePoints(state: PointsState, ctx: Ctx<{ calendar: CalendarRules }>): PointsResult {
  const draft = startDraft(state, ctx)
  return { state: draft.state, events: draft.events }
}

// ───────────────────────────── refunds ─────────────────────────────

export interface RefundSummary {
  /** Spent points returned to live lots (with their original expiry). */
  restored: number
  /** Spent points whose original lot had expired meanwhile: restored as expired, not to the balance. */
  restoredExpired: number
  /** Spent points that came back to settle what earlier refunds could not take back (`owed`), not to the balance. */
  settled: number
  /** Earned points taken back. */
  reversed: number
  /** Earned points that could not be taken back because the balance would go below 0. */
  shortfall: number
  /** Growth the order's award brought; the caller subtracts it (never below 0). */
  growthToReverse: number
  /** The same growth by the business day it was earned (a 有效评价 days after the payment), to subtract there. */
  growthByDate: Record<BusinessDate, number>
}

export interface RefundResult extends PointsResult {
  refund: RefundSummary
}

/**
 * What an order earned, under its ref: the purchase points, and the 下单 / 有效评价 behaviour awards that name the order
 * (the backend checks that they do: server/core/use-cases/events.ts). A refund takes them all back.
 */
const REVERSED_BY_REFUND: ReadonlySet<GrantSource> = new Set<GrantSource>(['purchase', 'behaviour'])

/**
 * Refund an order (whole order):
 * 1. Points it spent (spend entries with ref = orderRef) go back to their ORIGINAL lots with their original
 *    expiry; into a lot that has expired meanwhile they go back as expired (the member could not have used
 *    them either). What earlier refunds could not take back (`owed`) is settled first from the points that come
 *    back live. One `refund` entry (+).
 * 2. Points it earned (lots with this ref: the purchase's, and a 下单 / 有效评价 naming the order) are taken back:
 *    first what is left of those lots; the part the member already spent is taken from the other live lots FIFO.
 *    What the balance cannot cover is the shortfall (the balance never goes below 0; added to `owed`, which the
 *    points earned next settle: `settleOwed`); the part of the lot that expired unused is not taken again. One
 *    `refund` entry (−).
 * Refunding the same order twice is refused (`ORDER_ALREADY_REFUNDED` 409).
 */
/** `closed`: the member's account was closed (会员注销): what they already spent is not taken back later (nothing owed). */
export function refundOrderPoints(state: PointsState, input: { orderRef: string; closed?: boolean }, ctx: PointsCtx): RefundResult {
  const r = refundWithin(state, input, ctx, Infinity)
  // No balance past MAX_POINTS (10 亿): spent points that would take it further are not returned — like any points
  // that follow what is already done (awardInto), cut to what the balance holds once the earned points are taken back.
  const over = ledgerBalance(r.state) - MAX_POINTS
  return over > 0 && r.refund.restored > 0 ? refundWithin(state, input, ctx, Math.max(0, r.refund.restored - over)) : r
}

/** `refundOrderPoints` returning at most `restoreCap` spent points to the balance (the rest is said on its ledger line). */
function refundWithin(state: PointsState, input: { orderRef: string; closed?: boolean }, ctx: PointsCtx, restoreCap: number): RefundResult {
  const ref = input.orderRef
  if (!ref) throw new RuleError('ORDER_REF_REQUIRED', '缺少订单号', 400)
  if (state.refundedRefs[ref]) throw new RuleError('ORDER_ALREADY_REFUNDED', '该订单已退款', 409, { orderRef: ref })
  if (state.unloaded) throw new NotLoaded('a refund finds the lots an order earned')
  const draft = startDraft(state, ctx)
  const now = ctx.now
  const lots = draft.state.lots.slice()
  const indexById = new Map<string, number>()
  lots.forEach((l, i) => indexById.set(l.id, i))

  let restored = 0
  let restoredExpired = 0
  let overLimit = 0
  let owed = state.owed ?? 0
  let settled = 0
  const restoredMoves: LotMovement[] = []
  const remindersSent = { ...draft.state.remindersSent }
  const thresholds = [...ctx.config.points.reminderDaysBefore].sort((a, b) => a - b)
  for (const entry of draft.state.ledger) {
    if (entry.type !== 'spend' || entry.ref !== ref) continue
    for (const move of entry.lots ?? []) {
      const i = indexById.get(move.lotId)
      if (i === undefined) continue
      const lot = lots[i]
      if (lot.expiresAt < now) {
        lots[i] = { ...lot, expired: lot.expired + move.amount }
        restoredExpired += move.amount
        continue
      }
      // What earlier refunds could not take back (`owed`) is settled first from what comes back.
      const settles = Math.min(move.amount, owed)
      owed -= settles
      settled += settles
      const back = Math.min(move.amount - settles, restoreCap - restored)
      overLimit += move.amount - settles - back
      if (back > 0) {
        lots[i] = { ...lot, remaining: lot.remaining + back }
        restored += back
        restoredMoves.push({ lotId: lot.id, amount: back })
        // A lot spent whole lost its reminder mark (working sets keep the marks of live lots only). Every request
        // sends the reminders due before it does anything, so a lot spent within a threshold's days had been
        // reminded at it: marked again, the points that come back are not announced a second time (SPEC §2.2).
        const daysLeftWhenSpent = dayNumber(lot.expiresOn) - dayNumber(entry.businessDate)
        const told = thresholds.find((t) => daysLeftWhenSpent <= t)
        if (told !== undefined && !(remindersSent[lot.id] <= told)) remindersSent[lot.id] = told
      }
    }
  }
  const before = ledgerBalance(draft.state)
  draft.state = { ...draft.state, lots, remindersSent }
  let balance = ledgerBalance(draft.state)
  let restoreLine: NewEntry | null = null
  if (restored > 0 || restoredExpired > 0 || settled > 0 || overLimit > 0) {
    const notes = [
      restoredExpired > 0 ? `其中 ${restoredExpired} 积分已过期` : '',
      settled > 0 ? `${settled} 积分抵扣此前退款未能扣回的积分` : '',
      overLimit > 0 ? `${overLimit} 积分超出积分余额上限 ${MAX_POINTS_WORDS}，未退回` : '',
    ].filter(Boolean)
    restoreLine = {
      type: 'refund',
      amount: restored,
      balanceAfter: balance,
      reason: notes.length > 0 ? `订单退款退回积分（${notes.join('；')}）` : '订单退款退回积分',
      ref,
      lots: restoredMoves,
      restoredExpired,
    }
  }

  let fromOwnLots = 0
  let spentElsewhere = 0
  const earnedLotIds = new Set<string>()
  let working = draft.state.lots.slice()
  const reversedMoves: LotMovement[] = []
  for (let i = 0; i < working.length; i++) {
    const lot = working[i]
    if (!REVERSED_BY_REFUND.has(lot.source) || lot.ref !== ref) continue
    earnedLotIds.add(lot.id)
    const live = lot.expiresAt >= now ? lot.remaining : 0
    spentElsewhere += lot.amount - lot.remaining - lot.expired
    if (live > 0) {
      working[i] = { ...lot, remaining: lot.remaining - live }
      reversedMoves.push({ lotId: lot.id, amount: live })
      fromOwnLots += live
    }
  }
  balance -= fromOwnLots
  const fromOthers = Math.min(spentElsewhere, balance)
  if (fromOthers > 0) {
    const taken = consumeLotsFifo(draft.state, working, fromOthers, now)
    working = taken.lots
    reversedMoves.push(...taken.consumed)
  }
  balance -= fromOthers
  const reversed = fromOwnLots + fromOthers
  const notTaken = spentElsewhere - fromOthers
  // What a closed account already spent is let go, said on the line: no points will come to settle it.
  const shortfall = input.closed ? 0 : notTaken
  draft.state = { ...draft.state, lots: working }
  const reverseLine: NewEntry | null =
    reversed > 0 || notTaken > 0
      ? {
          type: 'refund',
          amount: -reversed,
          balanceAfter: balance,
          reason:
            notTaken === 0
              ? '订单退款扣回所得积分'
              : input.closed
                ? `订单退款扣回所得积分（${notTaken} 积分已使用，会员已注销，不再扣回）`
                : `订单退款扣回所得积分（${notTaken} 积分已使用，将从之后获得的积分中扣回）`,
          ref,
          lots: reversedMoves,
          shortfall,
        }
      : null
  // Points given back come first — unless that line would say a balance past MAX_POINTS (a refund cut at the 10 亿
  // ceiling): then the take-back comes first, and no line says more than the ceiling.
  if (restoreLine && reverseLine && restoreLine.balanceAfter > MAX_POINTS) {
    appendEntries(draft, [
      { ...reverseLine, balanceAfter: before - reversed },
      { ...restoreLine, balanceAfter: balance },
    ])
  } else {
    appendEntries(draft, [restoreLine, reverseLine].filter((line): line is NewEntry => line !== null))
  }
  let growthToReverse = 0
  const growthByDate: Record<BusinessDate, number> = {}
  let counters = rolledCounters(draft.state.counters, draft.today)
  for (const entry of draft.state.ledger) {
    if (entry.ref === ref && entry.source && REVERSED_BY_REFUND.has(entry.source) && entry.lots?.some((m) => earnedLotIds.has(m.lotId))) {
      growthToReverse += entry.growth ?? 0
      if (entry.growth) growthByDate[entry.businessDate] = (growthByDate[entry.businessDate] ?? 0) + entry.growth
      if (entry.source === 'behaviour' && entry.eventType) {
        // Capped as the award was (awardInto: the earning rule's flag then; older entries: the rule's now).
        const capped = entry.countedInCaps ?? ctx.config.points.earningRules[entry.eventType]?.capped ?? ctx.config.points.grantSources.behaviour.capped
        counters = uncounted(counters, entry, capped)
      }
    }
  }
  owed += shortfall
  draft.state = { ...draft.state, counters, refundedRefs: { ...draft.state.refundedRefs, [ref]: true }, ...(owed > 0 || draft.state.owed ? { owed } : {}) }
  return {
    state: draft.state,
    events: draft.events,
    refund: { restored, restoredExpired, settled, reversed, shortfall, growthToReverse, growthByDate },
  }
}

// ───────────────────────────── reminders ─────────────────────────────

export interface DueReminder {
  /** The threshold (days before expiry) this reminder is for. */
  threshold: number
  /** The first and last expiry dates among the reminded lots. */
  expiresOn: BusinessDate
  lastExpiresOn: BusinessDate
  /** Days to the first expiry. */
  daysLeft: number
  amount: number
  lotIds: string[]
}

/**
 * Reminders due now (SPEC §2.2: at 30 and 7 days before a lot expires, "at most one reminder per threshold, not one
 * per day"). A member who earns every day has a lot expiring every day; reminding lot by lot would send a message a
 * day. So when a live lot crosses a threshold unreminded (days to its expiry ≤ the threshold, and no tighter one
 * crossed), the reminder covers it and every live lot expiring within that many days of it not yet reminded at that
 * or a tighter threshold: each lot hears of each threshold between that many days and twice as many before it expires
 * (the 7-day one 7–13 days before), and a member gets at most one reminder per threshold in that many days. A lot
 * first seen past both thresholds (the member was away) is reminded once, at the tighter one.
 */
export function dueReminders(state: PointsState, ctx: Pick<PointsCtx, 'now' | 'config'>): DueReminder[] {
  const today = dayNumber(businessDateOf(ctx.now, ctx.config.calendar))
  const thresholds = [...new Set(ctx.config.points.reminderDaysBefore)].sort((a, b) => a - b)
  // Runs on every request of a member: a lot past the horizon cannot be reminded today, so it is dropped before any
  // date is parsed.
  const horizon = reminderHorizon(ctx.now, ctx.config)
  if (!loadedThrough(state, horizon)) throw new NotLoaded('reminders read the lots expiring within the horizon')
  const live = state.lots
    .filter((lot) => lot.remaining > 0 && lot.expiresAt >= ctx.now && lot.expiresAt <= horizon)
    .map((lot) => ({ lot, daysLeft: dayNumber(lot.expiresOn) - today }))
  const unreminded = (lot: Lot, threshold: number) => {
    const sent = state.remindersSent[lot.id]
    return sent === undefined || sent > threshold
  }
  const due: DueReminder[] = []
  const covered = new Set<string>()
  for (const threshold of thresholds) {
    // The soonest lot whose tightest crossed threshold is this one, unreminded at it.
    const first = live
      .filter(({ lot, daysLeft }) => !covered.has(lot.id) && thresholds.find((t) => daysLeft <= t) === threshold && unreminded(lot, threshold))
      .reduce<number | null>((min, { daysLeft }) => (min === null || daysLeft < min ? daysLeft : min), null)
    if (first === null) continue
    // Every lot within the threshold, too: one expiring today would otherwise leave one due in `threshold` days.
    const bundle = live.filter(({ lot, daysLeft }) => !covered.has(lot.id) && daysLeft < Math.max(first, 1) + threshold && unreminded(lot, threshold))
    for (const { lot } of bundle) covered.add(lot.id)
    const dates = bundle.map(({ lot }) => lot.expiresOn).sort()
    due.push({
      threshold,
      expiresOn: dates[0],
      lastExpiresOn: dates[dates.length - 1],
      daysLeft: dayNumber(dates[0]) - today,
      amount: bundle.reduce((sum, { lot }) => sum + lot.remaining, 0),
      lotIds: bundle.map(({ lot }) => lot.id),
    })
  }
  return due
}

/** Record that these reminders went out (in-app banner and/or subscription message). */
export function markRemindersSent(state: PointsState, input: { reminders: DueReminder[] }): PointsResult {
  const sent = { ...state.remindersSent }
  for (const r of input.reminders) {
    for (const id of r.lotIds) sent[id] = Math.min(sent[id] ?? Infinity, r.threshold)
  }
  return { state: { ...state, remindersSent: sent }, events: [] }
}

// ───────────────────────────── validation ─────────────────────────────

function isNonNegativeInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
}

/** The largest single award a capped earning rule can make (used by the cross-slice cap check). */
export function largestCappedEarningAward(rules: PointsRules): number {
  return Object.values(rules.earningRules ?? {}).reduce((max, r) => (r.capped ? Math.max(max, r.points) : max), 0)
}

export function validatePointsRules(rules: PointsRules, path = 'points'): string[] {
  const problems: string[] = []
  for (const [type, rule] of Object.entries(rules.earningRules ?? {})) {
    const p = `${path}.earningRules.${type}`
    if (!isNonNegativeInt(rule.points)) problems.push(`${p}.points: must be a non-negative integer, got ${rule.points}`)
    if (typeof rule.limits !== 'object' || rule.limits === null || Array.isArray(rule.limits)) problems.push(`${p}.limits: must be an object of count limits ({} for none)`)
    for (const k of ['day', 'week', 'month', 'lifetime'] as const) {
      const v = rule.limits?.[k]
      if (v !== undefined && !isNonNegativeInt(v)) problems.push(`${p}.limits.${k}: must be a non-negative integer, got ${v}`)
    }
    const { day, week, month } = rule.limits ?? {}
    if (day !== undefined && week !== undefined && week < day) problems.push(`${p}.limits.week: ${week} is below the day limit ${day}`)
    if (week !== undefined && month !== undefined && month < week) problems.push(`${p}.limits.month: ${month} is below the week limit ${week}`)
    if (rule.platforms) {
      for (const pl of rule.platforms) if (!PLATFORMS.includes(pl)) problems.push(`${p}.platforms: unknown platform "${pl}"`)
    }
    if (rule.refs !== undefined) {
      if (!Array.isArray(rule.refs)) problems.push(`${p}.refs: must be a list of ids`)
      else {
        for (const [i, r] of rule.refs.entries()) {
          if (typeof r !== 'string' || r.trim() === '' || r.length > 64) problems.push(`${p}.refs[${i}]: must be an id of 1 to 64 characters, got ${JSON.stringify(r)}`)
        }
        if (new Set(rule.refs).size !== rule.refs.length) problems.push(`${p}.refs: lists an id twice`)
      }
    }
    const reason = textProblem(rule.reason, 'string')
    if (reason) problems.push(`${p}.reason: ${reason}`)
  }
  for (const source of GRANT_SOURCES) {
    const r = rules.grantSources?.[source]
    if (!r) problems.push(`${path}.grantSources.${source}: missing`)
    else {
      if (r.ledgerType !== 'earn' && r.ledgerType !== 'grant') problems.push(`${path}.grantSources.${source}.ledgerType: must be "earn" or "grant"`)
      const reason = textProblem(r.reason, 'string')
      if (reason) problems.push(`${path}.grantSources.${source}.reason: ${reason}`)
    }
  }
  const caps = rules.caps ?? { dayPoints: NaN, monthPoints: NaN }
  if (!Number.isInteger(caps.dayPoints) || caps.dayPoints < 1) problems.push(`${path}.caps.dayPoints: must be a positive integer, got ${caps.dayPoints}`)
  if (!Number.isInteger(caps.monthPoints) || caps.monthPoints < 1) problems.push(`${path}.caps.monthPoints: must be a positive integer, got ${caps.monthPoints}`)
  if (caps.monthPoints < caps.dayPoints) problems.push(`${path}.caps.monthPoints: ${caps.monthPoints} is below the day cap ${caps.dayPoints}`)
  const largest = largestCappedEarningAward(rules)
  if (caps.dayPoints < largest) problems.push(`${path}.caps.dayPoints: ${caps.dayPoints} is below the largest capped single award ${largest}`)
  if (!isNonNegativeInt(rules.growthPerPoint)) problems.push(`${path}.growthPerPoint: must be a non-negative integer, got ${rules.growthPerPoint}`)
  if (!Number.isInteger(rules.pointValueFen) || rules.pointValueFen < 1) problems.push(`${path}.pointValueFen: must be a positive integer (fen), got ${rules.pointValueFen}`)
  if (!Number.isInteger(rules.expiryMonths) || rules.expiryMonths < 1) problems.push(`${path}.expiryMonths: must be an integer ≥ 1, got ${rules.expiryMonths}`)
  const seen = new Set<number>()
  for (const [i, d] of (rules.reminderDaysBefore ?? []).entries()) {
    if (!Number.isInteger(d) || d < 1) problems.push(`${path}.reminderDaysBefore[${i}]: must be an integer ≥ 1, got ${d}`)
    if (seen.has(d)) problems.push(`${path}.reminderDaysBefore[${i}]: duplicate threshold ${d}`)
    seen.add(d)
  }
  return problems
}

export function validateComplianceRules(rules: ComplianceRules, path = 'compliance'): string[] {
  const problems: string[] = []
  for (const platform of PLATFORMS) {
    if (typeof rules.shareRewards?.[platform] !== 'boolean') problems.push(`${path}.shareRewards.${platform}: must be true or false`)
  }
  if (!rules.allowShareRewardsOnMiniPrograms) {
    for (const platform of ['weapp', 'alipay'] as const) {
      if (rules.shareRewards?.[platform]) {
        problems.push(
          `${path}.shareRewards.${platform}: share rewards are switched on for a mini program without ${path}.allowShareRewardsOnMiniPrograms (WeChat 运营规范 5.1 forbids rewarding shares)`,
        )
      }
    }
  }
  return problems
}
