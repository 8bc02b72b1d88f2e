/**
 * Daily sign-in (SPEC §2.3): one sign-in per business day, streak bonuses in a repeating cycle, make-up
 * sign-in for missed days of the current month, and the calendar view model.
 *
 * Streak: the number of consecutive signed days (normal or make-up) ending at a day. Position p in a run
 * has cycle day ((p − 1) mod cycleDays) + 1; the streak keeps growing past the cycle.
 *
 * BONUS RULE (one rule for sign-ins and make-ups — "as if signed"):
 *   For a run of length L and a bonus on cycle day b, the run is ENTITLED to
 *   entitled(b, L) = L ≥ b ? ⌊(L − b) / cycleDays⌋ + 1 : 0 bonuses of that kind — exactly what an unbroken
 *   run of L days would have paid. Each signed day records the bonus days credited to it. After every
 *   sign-in or make-up, the run containing the day is paid the OUTSTANDING bonuses:
 *   entitled(b, L) − (bonuses b already credited to days of that run), when positive, credited to the
 *   latest days of the run at a position with cycle day b that do not already hold bonus b.
 *   Consequences: a make-up that links a 4-day run to today's 2-day run makes today position 7 and pays
 *   the day-7 bonus (not the day-3 one, already paid on the old run's day 3); no day is ever credited the
 *   same bonus twice; nothing already given is ever taken back (if two runs each paid a day-3 bonus before
 *   being joined, the joined run keeps both, and its next day-3 position pays nothing extra).
 *   A made-up day earns no base points: the member paid to restore the streak, not to be paid for the day.
 */
import {
  addDays,
  daysBetween,
  businessDateOf,
  datesOfMonth,
  isBusinessDate,
  isBusinessMonth,
  monthDayWords,
  monthOf,
  toIso,
  type BusinessDate,
  type BusinessMonth,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import { RuleError, isRuleError } from './errors'
import { grantPoints, spendPoints, type AwardResult, type PointsEvent, type PointsRules, type PointsState } from './points'

export interface SigninBonus {
  /** Cycle day (1..cycleDays) that pays it. */
  day: number
  points: number
  couponTemplateId?: string
}

export interface SigninRules {
  cycleDays: number
  bonuses: SigninBonus[]
  makeup: { costPoints: number; maxPerMonth: number; scope: 'current-month' }
  /** 1–2 task ids shown on the result sheet (share follow-ups only where §1.6 allows — none by default). */
  followUpTasks: string[]
}

export const DEFAULT_SIGNIN_RULES: SigninRules = {
  cycleDays: 7,
  bonuses: [
    { day: 3, points: 10 },
    { day: 7, points: 30, couponTemplateId: 'signin-day7' },
  ],
  makeup: { costPoints: 10, maxPerMonth: 3, scope: 'current-month' },
  followUpTasks: ['daily-browse-product'],
}

export type SigninCtx = Ctx<{ calendar: CalendarRules; signin: SigninRules }>

export interface SigninRecord {
  date: BusinessDate
  kind: 'normal' | 'makeup'
  /** ISO instant of the request. */
  at: string
  /** Bonus cycle days credited to this day (see BONUS RULE). */
  bonusDays: number[]
}

export interface SigninState {
  /** Ascending by date, at most one per date. */
  records: SigninRecord[]
  /** The front of a run cut from `records` (cutSignin): the run goes on in records[0]. */
  carried?: SigninCarry
}

/**
 * The days of a run cut off the front of `records` and the bonuses credited to them: a working set keeps a
 * month or two of records (server/core/working-set.ts), and a run of years must stay as long, and as paid, as it
 * was. It counts only while records[0] is the day after `through`.
 */
export interface SigninCarry {
  /** The last day cut. */
  through: BusinessDate
  days: number
  /** Bonus cycle day → how many of the cut days were credited it. */
  bonuses: Record<string, number>
}

export function emptySigninState(): SigninState {
  return { records: [] }
}

export interface SignedInEvent {
  type: 'signed_in'
  kind: 'normal' | 'makeup'
  date: BusinessDate
  streak: number
  cycleDay: number
  bonusPoints: number
  couponTemplateIds: string[]
}

export interface SigninAward {
  base: number
  bonus: number
  /** The coupon of a bonus reached today (day 7 by default). */
  couponTemplateId?: string
  streak: number
  cycleDay: number
}

export interface MakeupAward {
  date: BusinessDate
  costPoints: number
  bonus: number
  /** Coupons of the bonuses the restored streak reached (the caller issues them). */
  couponTemplateIds: string[]
  /** The member's current streak after the make-up. */
  streak: number
}

// ───────────────────────────── streak arithmetic ─────────────────────────────

/** The longest sign-in cycle the rules may set. */
export const MAX_CYCLE_DAYS = 365

export function cycleDayOf(position: number, cycleDays: number): number {
  return ((position - 1) % cycleDays) + 1
}

export function entitledBonuses(bonusDay: number, runLength: number, cycleDays: number): number {
  return runLength >= bonusDay ? Math.floor((runLength - bonusDay) / cycleDays) + 1 : 0
}

function indexOfDate(records: readonly SigninRecord[], date: BusinessDate): number {
  let lo = 0
  let hi = records.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const d = records[mid].date
    if (d === date) return mid
    if (d < date) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

function insertionIndex(records: readonly SigninRecord[], date: BusinessDate): number {
  let lo = 0
  let hi = records.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (records[mid].date < date) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function isSigned(state: SigninState, date: BusinessDate): boolean {
  return indexOfDate(state.records, date) >= 0
}

/** The carried front of a run starting at records[first], if it has one. */
function carriedBefore(state: SigninState, first: number): SigninCarry | null {
  const c = state.carried
  return c && first === 0 && state.records.length > 0 && addDays(c.through, 1) === state.records[0].date ? c : null
}

/** The run (consecutive dates) containing records[i]: its first and last indexes and the days carried before it. */
function runAround(state: SigninState, i: number): { first: number; last: number; before: number; carriedBonuses: Record<string, number> } {
  const { records } = state
  let first = i
  while (first > 0 && addDays(records[first - 1].date, 1) === records[first].date) first--
  let last = i
  while (last < records.length - 1 && addDays(records[last].date, 1) === records[last + 1].date) last++
  const carried = carriedBefore(state, first)
  return { first, last, before: carried?.days ?? 0, carriedBonuses: carried?.bonuses ?? {} }
}

/** Length of the run that ends exactly on `date` (0 if `date` is not signed). */
export function streakEndingAt(state: SigninState, date: BusinessDate): number {
  const i = indexOfDate(state.records, date)
  if (i < 0) return 0
  const { first, before } = runAround(state, i)
  return before + i - first + 1
}

/** The live streak: the run ending today, or ending yesterday while today is still open. */
export function currentStreak(state: SigninState, today: BusinessDate): number {
  return streakEndingAt(state, today) || streakEndingAt(state, addDays(today, -1))
}

/**
 * Whether a made-up day is part of the current streak (`streak` days ending today, or yesterday when today is not
 * signed yet) — a make-up of a day further back fills the calendar without joining it.
 */
export function makeupJoinsStreak(date: BusinessDate, after: Pick<SigninCalendar, 'today' | 'signedToday' | 'streak'>): boolean {
  const end = after.signedToday ? after.today : addDays(after.today, -1)
  return after.streak > 0 && date <= end && daysBetween(date, end) < after.streak
}

/** Pay the outstanding bonuses of the run containing records[i] (mutates the given copy of the records). */
function payOutstandingBonuses(state: SigninState, i: number, rules: SigninRules): { credited: SigninBonus[]; length: number } {
  const { records } = state
  const { first, last, before, carriedBonuses } = runAround(state, i)
  const length = before + last - first + 1
  const credited: SigninBonus[] = []
  for (const bonus of rules.bonuses) {
    let already = carriedBonuses[bonus.day] ?? 0
    for (let k = first; k <= last; k++) if (records[k].bonusDays.includes(bonus.day)) already++
    let due = entitledBonuses(bonus.day, length, rules.cycleDays) - already
    for (let k = last; k >= first && due > 0; k--) {
      const position = before + k - first + 1
      if (cycleDayOf(position, rules.cycleDays) !== bonus.day || records[k].bonusDays.includes(bonus.day)) continue
      records[k] = { ...records[k], bonusDays: [...records[k].bonusDays, bonus.day] }
      credited.push(bonus)
      due--
    }
  }
  return { credited, length }
}

/** Outstanding bonuses if the live run grew by `extraDays` (preview; no state change). */
function bonusesIfExtended(state: SigninState, today: BusinessDate, extraDays: number, rules: SigninRules): SigninBonus[] {
  const signedToday = isSigned(state, today)
  const end = signedToday ? today : addDays(today, -1)
  const i = indexOfDate(state.records, end)
  // No live run (i < 0): nothing carried, nothing credited, length 0.
  const run = i >= 0 ? runAround(state, i) : null
  const length = run ? run.before + i - run.first + 1 : 0
  const out: SigninBonus[] = []
  for (const bonus of rules.bonuses) {
    let already = run?.carriedBonuses[bonus.day] ?? 0
    for (let k = run?.first ?? 0; k <= i; k++) if (state.records[k].bonusDays.includes(bonus.day)) already++
    if (entitledBonuses(bonus.day, length + extraDays, rules.cycleDays) > already) out.push(bonus)
  }
  return out
}

/**
 * The records from `from` on; the days of a run that crosses `from` are carried (SigninCarry), so streaks and
 * the bonuses still owed come out as they did with every record.
 */
export function cutSignin(state: SigninState, from: BusinessDate): SigninState {
  const cut = insertionIndex(state.records, from)
  if (cut === 0) return state
  const records = state.records.slice(cut)
  const lastCut = state.records[cut - 1]
  if (records.length === 0 || addDays(lastCut.date, 1) !== records[0].date) return { records }
  const { first, before, carriedBonuses } = runAround(state, cut - 1)
  const bonuses = { ...carriedBonuses }
  for (let k = first; k < cut; k++) for (const day of state.records[k].bonusDays) bonuses[day] = (bonuses[day] ?? 0) + 1
  return { records, carried: { through: lastCut.date, days: before + cut - first, bonuses } }
}

function makeupsInMonth(state: SigninState, month: BusinessMonth): number {
  let n = 0
  for (const r of state.records) if (r.kind === 'makeup' && monthOf(r.date) === month) n++
  return n
}

// ───────────────────────────── rules ─────────────────────────────

export interface SigninInput {
  /** The member's effective tier's `signinBasePoints`. */
  tierBasePoints: number
  /** A running campaign's `signinMultiplier` (integer, default 1); applies to base points only. */
  multiplier?: number
}

export interface SigninResult {
  state: SigninState
  events: SignedInEvent[]
  award: SigninAward
}

/**
 * Sign in for today. Refuses `SIGNIN_ALREADY_TODAY` (409). The caller grants `base + bonus` points through
 * the points module (source 'signin', capped) and issues the coupon — `performSignin` does both atomically.
 */
export function signIn(state: SigninState, input: SigninInput, ctx: SigninCtx): SigninResult {
  const rules = ctx.config.signin
  const multiplier = input.multiplier ?? 1
  if (!Number.isInteger(input.tierBasePoints) || input.tierBasePoints < 0 || !Number.isInteger(multiplier) || multiplier < 1) {
    throw new RuleError('SIGNIN_INVALID_INPUT', '签到参数无效', 400, { tierBasePoints: input.tierBasePoints, multiplier })
  }
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  if (isSigned(state, today)) throw new RuleError('SIGNIN_ALREADY_TODAY', '今天已经签到过了', 409, { date: today })
  const next: SigninState = { ...state, records: state.records.slice() }
  const at = insertionIndex(next.records, today)
  next.records.splice(at, 0, { date: today, kind: 'normal', at: toIso(ctx.now), bonusDays: [] })
  const { credited } = payOutstandingBonuses(next, at, rules)
  const streak = streakEndingAt(next, today)
  const cycleDay = cycleDayOf(streak, rules.cycleDays)
  const bonus = credited.reduce((s, b) => s + b.points, 0)
  const couponTemplateIds = credited.flatMap((b) => (b.couponTemplateId ? [b.couponTemplateId] : []))
  const award: SigninAward = { base: input.tierBasePoints * multiplier, bonus, streak, cycleDay }
  if (couponTemplateIds.length > 0) award.couponTemplateId = couponTemplateIds[0]
  return {
    state: next,
    events: [{ type: 'signed_in', kind: 'normal', date: today, streak, cycleDay, bonusPoints: bonus, couponTemplateIds }],
    award,
  }
}

export interface MakeupResult {
  state: SigninState
  events: SignedInEvent[]
  award: MakeupAward
}

/** What a make-up names: the day, and the member's registration day (days before it were never missed). */
export interface MakeupInput {
  date: BusinessDate
  joined?: BusinessDate
}

/**
 * Make up a missed day. Allowed only for a past day of the current business month on or after the member's
 * registration day (never today or later, never before joining: `MAKEUP_NOT_ALLOWED_DATE` 422), not already signed (`SIGNIN_ALREADY_SIGNED` 409), at most
 * `makeup.maxPerMonth` per month (`MAKEUP_MONTHLY_LIMIT` 422). Costs `makeup.costPoints` — the caller spends
 * them in the same step (`performMakeup`), so a member who cannot pay gets `POINTS_INSUFFICIENT` and no
 * make-up. Bonuses: see BONUS RULE at the top of this file.
 */
export function makeUpSignin(state: SigninState, input: MakeupInput, ctx: SigninCtx): MakeupResult {
  const rules = ctx.config.signin
  const date = input.date
  if (!isBusinessDate(date)) throw new RuleError('SIGNIN_INVALID_DATE', '日期格式不正确', 400, { date })
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  if (date >= today || monthOf(date) !== monthOf(today)) {
    throw new RuleError('MAKEUP_NOT_ALLOWED_DATE', '只能补签本月已经过去的日期', 422, { date, today })
  }
  if (input.joined !== undefined && date < input.joined) {
    throw new RuleError('MAKEUP_NOT_ALLOWED_DATE', '只能补签成为会员以后错过的日期', 422, { date, joined: input.joined })
  }
  if (isSigned(state, date)) throw new RuleError('SIGNIN_ALREADY_SIGNED', '这一天已经签到过了', 409, { date })
  const used = makeupsInMonth(state, monthOf(today))
  if (used >= rules.makeup.maxPerMonth) {
    throw new RuleError('MAKEUP_MONTHLY_LIMIT', `本月补签次数已用完（每月最多 ${rules.makeup.maxPerMonth} 次）`, 422, {
      used,
      max: rules.makeup.maxPerMonth,
    })
  }
  const next: SigninState = { ...state, records: state.records.slice() }
  const at = insertionIndex(next.records, date)
  next.records.splice(at, 0, { date, kind: 'makeup', at: toIso(ctx.now), bonusDays: [] })
  const { credited } = payOutstandingBonuses(next, at, rules)
  const bonus = credited.reduce((s, b) => s + b.points, 0)
  const couponTemplateIds = credited.flatMap((b) => (b.couponTemplateId ? [b.couponTemplateId] : []))
  const streak = currentStreak(next, today)
  const position = streakEndingAt(next, date)
  return {
    state: next,
    events: [
      { type: 'signed_in', kind: 'makeup', date, streak, cycleDay: cycleDayOf(position, rules.cycleDays), bonusPoints: bonus, couponTemplateIds },
    ],
    award: { date, costPoints: rules.makeup.costPoints, bonus, couponTemplateIds, streak },
  }
}

export interface MakeupQuote {
  allowed: boolean
  costPoints: number
  /** Why not, as the API would answer. */
  reason?: { code: string; message: string }
  remainingThisMonth: number
  /** What the make-up would pay. */
  bonusPoints: number
  couponTemplateIds: string[]
  streakAfter: number
}

/** What a make-up would cost and give, shown before the member confirms. */
export function makeupQuote(state: SigninState, input: MakeupInput, ctx: SigninCtx, balance?: number): MakeupQuote {
  const rules = ctx.config.signin
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const remainingThisMonth = Math.max(0, rules.makeup.maxPerMonth - makeupsInMonth(state, monthOf(today)))
  const base = { costPoints: rules.makeup.costPoints, remainingThisMonth }
  try {
    const { award } = makeUpSignin(state, input, ctx)
    if (balance !== undefined && balance < rules.makeup.costPoints) {
      return {
        ...base,
        allowed: false,
        reason: { code: 'POINTS_INSUFFICIENT', message: '积分不足' },
        bonusPoints: award.bonus,
        couponTemplateIds: award.couponTemplateIds,
        streakAfter: award.streak,
      }
    }
    return { ...base, allowed: true, bonusPoints: award.bonus, couponTemplateIds: award.couponTemplateIds, streakAfter: award.streak }
  } catch (e) {
    if (!isRuleError(e)) throw e
    return {
      ...base,
      allowed: false,
      reason: { code: e.code, message: e.message },
      bonusPoints: 0,
      couponTemplateIds: [],
      streakAfter: currentStreak(state, today),
    }
  }
}

// ───────────────────────────── calendar view ─────────────────────────────

/** `before-join`: a day before the member registered — never theirs to sign, so never missed. */
export type SigninDayStatus = 'signed' | 'makeup' | 'missed' | 'before-join' | 'today' | 'today-signed' | 'future'

export interface SigninCalendarDay {
  date: BusinessDate
  status: SigninDayStatus
  canMakeUp: boolean
}

export interface NextBonus {
  /** Days to sign, counting today when today is not signed yet. */
  inDays: number
  points: number
  couponTemplateIds: string[]
  words: string
}

export interface SigninCalendar {
  month: BusinessMonth
  today: BusinessDate
  days: SigninCalendarDay[]
  signedToday: boolean
  streak: number
  /** Today's cycle day: the one reached if signed, else the one a sign-in today would reach. */
  todayCycleDay: number
  nextBonus: NextBonus | null
  makeupsUsed: number
  makeupsRemaining: number
  makeupCostPoints: number
}

function bonusWords(inDays: number, points: number, coupons: number): string {
  const reward = coupons > 0 ? `${points} 积分和 ${coupons} 张优惠券` : `${points} 积分`
  return `再签 ${inDays} 天额外得 ${reward}`
}

/**
 * The month grid for `month` (make-up figures are always the current month's). `joined`, the member's
 * registration day: the days before it were never missed (`before-join`) and cannot be made up.
 */
export function signinCalendar(state: SigninState, month: BusinessMonth, ctx: SigninCtx, joined?: BusinessDate): SigninCalendar {
  if (!isBusinessMonth(month)) throw new RuleError('SIGNIN_INVALID_MONTH', '月份格式不正确', 400, { month })
  const rules = ctx.config.signin
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const currentMonth = monthOf(today)
  const makeupsUsed = makeupsInMonth(state, currentMonth)
  const makeupsRemaining = Math.max(0, rules.makeup.maxPerMonth - makeupsUsed)
  const days = datesOfMonth(month).map((date): SigninCalendarDay => {
    const i = indexOfDate(state.records, date)
    let status: SigninDayStatus
    if (date > today) status = 'future'
    else if (date === today) status = i >= 0 ? 'today-signed' : 'today'
    else if (i < 0) status = joined !== undefined && date < joined ? 'before-join' : 'missed'
    else status = state.records[i].kind === 'makeup' ? 'makeup' : 'signed'
    const canMakeUp = status === 'missed' && monthOf(date) === currentMonth && makeupsRemaining > 0
    return { date, status, canMakeUp }
  })
  const signedToday = isSigned(state, today)
  const streak = currentStreak(state, today)
  const todayCycleDay = cycleDayOf(signedToday ? streak : streak + 1, rules.cycleDays)
  let nextBonus: NextBonus | null = null
  const horizon = rules.cycleDays + Math.max(0, ...rules.bonuses.map((b) => b.day))
  for (let k = 1; k <= horizon && rules.bonuses.length > 0; k++) {
    const due = bonusesIfExtended(state, today, k, rules)
    if (due.length === 0) continue
    const points = due.reduce((s, b) => s + b.points, 0)
    const couponTemplateIds = due.flatMap((b) => (b.couponTemplateId ? [b.couponTemplateId] : []))
    nextBonus = { inDays: k, points, couponTemplateIds, words: bonusWords(k, points, couponTemplateIds.length) }
    break
  }
  return {
    month,
    today,
    days,
    signedToday,
    streak,
    todayCycleDay,
    nextBonus,
    makeupsUsed,
    makeupsRemaining,
    makeupCostPoints: rules.makeup.costPoints,
  }
}

// ───────────────────────────── atomic member operations ─────────────────────────────

export interface MemberSigninState {
  signin: SigninState
  points: PointsState
}

export type MemberSigninCtx = Ctx<{ calendar: CalendarRules; signin: SigninRules; points: PointsRules }>

export interface PerformSigninResult {
  state: MemberSigninState
  events: (SignedInEvent | PointsEvent)[]
  award: SigninAward
  /** The points award after caps (`capped`, `cappedBy`); null when there was nothing to grant. */
  points: AwardResult | null
  followUpTasks: string[]
}

/**
 * Sign-in and its points in one pure step: the mock stores both new states together or neither. The
 * points are granted as one capped 'signin' award (ref `signin:<date>`); the result reports any cap cut.
 * The caller issues `award.couponTemplateId` (dedupe ref `signin:<date>`).
 */
export function performSignin(member: MemberSigninState, input: SigninInput, ctx: MemberSigninCtx): PerformSigninResult {
  const signed = signIn(member.signin, input, ctx)
  const date = businessDateOf(ctx.now, ctx.config.calendar)
  const total = signed.award.base + signed.award.bonus
  let points = member.points
  let pointsEvents: PointsEvent[] = []
  let award: AwardResult | null = null
  if (total > 0) {
    const granted = grantPoints(points, { amount: total, source: 'signin', ref: `signin:${date}`, reason: '每日签到' }, ctx)
    points = granted.state
    pointsEvents = granted.events
    award = granted.award
  }
  return {
    state: { signin: signed.state, points },
    events: [...signed.events, ...pointsEvents],
    award: signed.award,
    points: award,
    followUpTasks: ctx.config.signin.followUpTasks,
  }
}

export interface PerformMakeupResult {
  state: MemberSigninState
  events: (SignedInEvent | PointsEvent)[]
  award: MakeupAward
  points: AwardResult | null
}

/**
 * Make-up in one pure step: validate, spend the cost (ref `makeup:<date>`; `POINTS_INSUFFICIENT` leaves
 * everything unchanged), then grant any bonus the restored streak reached (capped 'signin' award, ref
 * `makeup-bonus:<date>`). The caller issues `award.couponTemplateIds`.
 */
export function performMakeup(member: MemberSigninState, input: MakeupInput, ctx: MemberSigninCtx): PerformMakeupResult {
  const made = makeUpSignin(member.signin, input, ctx)
  const events: (SignedInEvent | PointsEvent)[] = [...made.events]
  let points = member.points
  if (made.award.costPoints > 0) {
    const spent = spendPoints(points, { amount: made.award.costPoints, reason: `补签 ${monthDayWords(input.date, businessDateOf(ctx.now, ctx.config.calendar))}`, ref: `makeup:${input.date}` }, ctx)
    points = spent.state
    events.push(...spent.events)
  }
  let award: AwardResult | null = null
  if (made.award.bonus > 0) {
    const granted = grantPoints(points, { amount: made.award.bonus, source: 'signin', ref: `makeup-bonus:${input.date}`, reason: '补签连签奖励' }, ctx)
    points = granted.state
    events.push(...granted.events)
    award = granted.award
  }
  return { state: { signin: made.state, points }, events, award: made.award, points: award }
}

// ───────────────────────────── validation ─────────────────────────────

export function validateSigninRules(rules: SigninRules, path = 'signin'): string[] {
  const problems: string[] = []
  // A cycle longer than a year would pay its later bonuses to almost nobody (and the console previews every day of it).
  if (!Number.isInteger(rules.cycleDays) || rules.cycleDays < 1 || rules.cycleDays > MAX_CYCLE_DAYS) {
    problems.push(`${path}.cycleDays: must be an integer from 1 to ${MAX_CYCLE_DAYS}, got ${rules.cycleDays}`)
  }
  const days = new Set<number>()
  ;(rules.bonuses ?? []).forEach((b, i) => {
    const p = `${path}.bonuses[${i}]`
    if (!Number.isInteger(b.day) || b.day < 1 || b.day > rules.cycleDays) problems.push(`${p}.day: must be an integer in 1..${rules.cycleDays}, got ${b.day}`)
    if (days.has(b.day)) problems.push(`${p}.day: duplicate bonus day ${b.day}`)
    days.add(b.day)
    if (!Number.isInteger(b.points) || b.points < 0) problems.push(`${p}.points: must be a non-negative integer, got ${b.points}`)
  })
  const m = rules.makeup
  if (!m) problems.push(`${path}.makeup: missing`)
  else {
    if (!Number.isInteger(m.costPoints) || m.costPoints < 0) problems.push(`${path}.makeup.costPoints: must be a non-negative integer, got ${m.costPoints}`)
    if (!Number.isInteger(m.maxPerMonth) || m.maxPerMonth < 0) problems.push(`${path}.makeup.maxPerMonth: must be a non-negative integer, got ${m.maxPerMonth}`)
    if (m.scope !== 'current-month') problems.push(`${path}.makeup.scope: only "current-month" is supported, got "${m.scope}"`)
  }
  if (!Array.isArray(rules.followUpTasks) || rules.followUpTasks.length > 2) {
    problems.push(`${path}.followUpTasks: must list at most 2 task ids`)
  }
  return problems
}
