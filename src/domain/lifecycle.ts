/**
 * Lifecycle rules (SPEC §2.5 "Lifecycle campaigns"): who counts as a newcomer, when a member is dormant,
 * and when a return from dormancy earns the "好久不见" win-back offer.
 *
 * Every day count here is in BUSINESS days (Asia/Shanghai by default), never 24-hour periods, so that
 * "7 days" means the same thing on the calendar the member sees.
 */
import { businessDateOf, daysBetween, parseInstant, toIso, type CalendarRules } from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'

export interface LifecycleRules {
  /**
   * A return after a gap of at least this many business days ends a dormancy: last seen on a Monday,
   * back on the next Monday (gap 7) is a dormant member's return; back on Sunday (gap 6) is not.
   */
  dormantAfterDays: number
  /** Coupon template granted on the first open that ends a dormancy (once per dormancy). */
  winbackCouponTemplateId: string
  /** The registration day is newcomer day 1; the member is a newcomer through day `newcomerDays`. */
  newcomerDays: number
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = {
  dormantAfterDays: 7,
  winbackCouponTemplateId: 'winback-10',
  newcomerDays: 7,
}

export interface LifecycleConfig {
  calendar: CalendarRules
  lifecycle: LifecycleRules
}

/** A query needs the clock and the config but never the random source. */
type QueryCtx<C> = Pick<Ctx<C>, 'now' | 'config'>

/** Per-member lifecycle facts the backend keeps (ISO instants). */
export interface LifecycleState {
  /** Last time the member opened the app; null before the first open. */
  lastSeenAt: string | null
  /**
   * The `lastSeenAt` that started the dormancy for which the win-back offer was already granted.
   * A dormancy is identified by the visit that preceded it, so a replayed or concurrent open that
   * still sees the same old `lastSeenAt` cannot grant the offer twice.
   */
  winbackGrantedForDormancyStartingAt?: string | null
  /** When the member last came back from a dormancy; campaigns for the `dormant` audience read it. */
  lastDormancyEndedAt?: string | null
}

export type LifecycleEvent =
  | { type: 'dormancy_ended'; dormancyStartedAt: string; endedAt: string; gapDays: number }
  | { type: 'winback_offer_due'; dormancyStartedAt: string; couponTemplateId: string; ref: string }

export interface AppOpenOutcome {
  state: LifecycleState
  events: LifecycleEvent[]
  /** True when this open ends a dormancy (gap ≥ dormantAfterDays business days). */
  endsDormancy: boolean
  /** Business days between the previous visit and this one (0 on the first open). */
  gapDays: number
  /**
   * When true the caller must, in the same atomic step, issue `winbackCouponTemplateId` with `winbackRef`
   * as the coupon's ref (coupons dedupe by ref, so a replay cannot issue it twice either).
   */
  winbackDue: boolean
  winbackCouponTemplateId: string | null
  winbackRef: string | null
}

/**
 * Records an app open. Decides whether it ends a dormancy and whether the win-back offer is due (once per
 * dormancy). `lastSeenAt` never moves backwards, so a late-arriving request cannot reopen a dormancy.
 */
export function onAppOpen(state: LifecycleState, ctx: Ctx<LifecycleConfig>): AppOpenOutcome {
  const { calendar, lifecycle } = ctx.config
  const nowIso = toIso(ctx.now)
  const previous = state.lastSeenAt
  const previousMs = previous === null ? NaN : parseInstant(previous)
  if (previous === null || Number.isNaN(previousMs)) {
    return {
      state: { ...state, lastSeenAt: nowIso },
      events: [],
      endsDormancy: false,
      gapDays: 0,
      winbackDue: false,
      winbackCouponTemplateId: null,
      winbackRef: null,
    }
  }
  if (ctx.now <= previousMs) {
    return {
      state,
      events: [],
      endsDormancy: false,
      gapDays: 0,
      winbackDue: false,
      winbackCouponTemplateId: null,
      winbackRef: null,
    }
  }
  const gapDays = daysBetween(businessDateOf(previousMs, calendar), businessDateOf(ctx.now, calendar))
  const endsDormancy = gapDays >= lifecycle.dormantAfterDays
  if (!endsDormancy) {
    return {
      state: { ...state, lastSeenAt: nowIso },
      events: [],
      endsDormancy: false,
      gapDays,
      winbackDue: false,
      winbackCouponTemplateId: null,
      winbackRef: null,
    }
  }
  const winbackDue = state.winbackGrantedForDormancyStartingAt !== previous
  const ref = winbackRefFor(previous)
  const events: LifecycleEvent[] = [{ type: 'dormancy_ended', dormancyStartedAt: previous, endedAt: nowIso, gapDays }]
  if (winbackDue) {
    events.push({
      type: 'winback_offer_due',
      dormancyStartedAt: previous,
      couponTemplateId: lifecycle.winbackCouponTemplateId,
      ref,
    })
  }
  return {
    state: {
      ...state,
      lastSeenAt: nowIso,
      lastDormancyEndedAt: nowIso,
      winbackGrantedForDormancyStartingAt: winbackDue ? previous : state.winbackGrantedForDormancyStartingAt ?? null,
    },
    events,
    endsDormancy: true,
    gapDays,
    winbackDue,
    winbackCouponTemplateId: winbackDue ? lifecycle.winbackCouponTemplateId : null,
    winbackRef: winbackDue ? ref : null,
  }
}

/** The coupon ref of the win-back offer for the dormancy that started at `dormancyStartedAt`. */
export function winbackRefFor(dormancyStartedAt: string): string {
  return `winback:${dormancyStartedAt}`
}

/** Business days since registration; 0 on the registration day. */
function daysSinceRegistration(registeredAt: string, ctx: QueryCtx<LifecycleConfig>): number {
  const registeredMs = parseInstant(registeredAt)
  if (Number.isNaN(registeredMs)) {
    throw new RuleError('LIFECYCLE_BAD_INSTANT', '注册时间格式不正确', 400, { registeredAt })
  }
  return daysBetween(businessDateOf(registeredMs, ctx.config.calendar), businessDateOf(ctx.now, ctx.config.calendar))
}

/** Newcomer through business day `newcomerDays` counting the registration day as day 1. */
export function isNewcomer(registeredAt: string, ctx: QueryCtx<LifecycleConfig>): boolean {
  const d = daysSinceRegistration(registeredAt, ctx)
  return d >= 0 && d < ctx.config.lifecycle.newcomerDays
}

/** Newcomer days left including today (7 on the registration day, 1 on the last day, then 0). */
export function newcomerDaysLeft(registeredAt: string, ctx: QueryCtx<LifecycleConfig>): number {
  const d = daysSinceRegistration(registeredAt, ctx)
  return d >= 0 && d < ctx.config.lifecycle.newcomerDays ? ctx.config.lifecycle.newcomerDays - d : 0
}

/** True when a member last seen at `lastSeenAt` would be returning from dormancy if they opened now. */
export function isDormant(lastSeenAt: string | null, ctx: QueryCtx<LifecycleConfig>): boolean {
  if (lastSeenAt === null) return false
  const ms = parseInstant(lastSeenAt)
  if (Number.isNaN(ms)) return false
  const { calendar, lifecycle } = ctx.config
  return daysBetween(businessDateOf(ms, calendar), businessDateOf(ctx.now, calendar)) >= lifecycle.dormantAfterDays
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1
}

export function validateLifecycleRules(rules: LifecycleRules): string[] {
  const problems: string[] = []
  if (!isPositiveInt(rules.dormantAfterDays)) {
    problems.push(`lifecycle.dormantAfterDays: must be a positive integer number of days, got ${String(rules.dormantAfterDays)}`)
  }
  if (!isPositiveInt(rules.newcomerDays)) {
    problems.push(`lifecycle.newcomerDays: must be a positive integer number of days, got ${String(rules.newcomerDays)}`)
  }
  if (typeof rules.winbackCouponTemplateId !== 'string' || rules.winbackCouponTemplateId.trim() === '') {
    problems.push('lifecycle.winbackCouponTemplateId: must name a coupon template')
  }
  return problems
}
