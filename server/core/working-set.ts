/**
 * A member's working set: the part of their state the rules read to decide, which a storage loads for a
 * request. Everything else is history, kept by the storage and read only by the pages that list it (ledger,
 * calendar months, coupons, messages, reports). Keeping the working set small is what makes a write cost the
 * same for a member of ten years as for a new one.
 *
 * `trimWorkingSet` cuts a member down to it; `historyChanges` tells a storage which history rows a write
 * created or changed (the domain updates immutably, so a changed row is a new object).
 */
import { addDays, addMonths, businessDateOf, monthOf, type BusinessDate } from '../../src/domain/calendar'
import { isRetired } from '../../src/domain/campaigns'
import type { RulesConfig } from '../../src/domain/config'
import type { Coupon } from '../../src/domain/coupons'
import type { LotteryDrawRecord } from '../../src/domain/lottery'
import type { Notification } from '../../src/domain/messages'
import type { LedgerEntry, Lot } from '../../src/domain/points'
import { cutSignin, type SigninRecord } from '../../src/domain/signin'
import type { TaskClaimRecord } from '../../src/domain/tasks'
import type { DayMetrics, MemberCampaignState, MemberRecord } from './records'

/** Used or expired coupons stay this long (a refund restores the coupon it used; the quote lists the rest). */
export const RECENT_COUPON_DAYS = 31
/** Notifications kept for mark-as-read and the unread count (the list pages through history). */
export const RECENT_NOTIFICATIONS = 50

/** The first sign-in date the rules read: the previous month (make-up, calendar); a run crossing it is carried. */
export function signinWindowStart(today: BusinessDate): BusinessDate {
  return `${monthOf(addMonths(today, -1))}-01`
}

function isLive(lot: Lot): boolean {
  return lot.remaining > 0
}

function keepCoupon(c: Coupon, horizon: BusinessDate, rules: RulesConfig): boolean {
  if (c.usedAt === null) return c.validTo >= horizon
  return businessDateOf(Date.parse(c.usedAt), rules.calendar) >= horizon
}

function trimCampaigns(campaigns: Record<string, MemberCampaignState>, rules: RulesConfig, now: number, today: BusinessDate): Record<string, MemberCampaignState> {
  const out: Record<string, MemberCampaignState> = {}
  for (const [id, slice] of Object.entries(campaigns)) {
    const def = rules.campaigns.find((c) => c.id === id)
    // As long as the campaign is listed (draw pages and card counts after the end), then dropped — but for a claimed
    // card set (its prize is paid once per campaign id) and the number of draws (their ids stay taken): an admin may
    // reopen the campaign (or add it back) later.
    if (!def || isRetired(def, now)) {
      const kept: MemberCampaignState = {}
      const drawn = (slice.lottery?.earlier ?? 0) + (slice.lottery?.draws.length ?? 0)
      if (drawn > 0) kept.lottery = { daily: {}, draws: [], earlier: drawn }
      if (slice.cards?.setClaimedAt) kept.cards = { holdings: {}, earnedByActionDay: {}, duplicatesInARow: 0, setClaimedAt: slice.cards.setClaimedAt }
      if (kept.lottery || kept.cards) out[id] = kept
      continue
    }
    const next: MemberCampaignState = {}
    if (slice.lottery) {
      const daily: NonNullable<MemberCampaignState['lottery']>['daily'] = {}
      if (slice.lottery.daily[today]) daily[today] = slice.lottery.daily[today]
      next.lottery = { ...slice.lottery, daily }
    }
    if (slice.cards) {
      const earned: NonNullable<MemberCampaignState['cards']>['earnedByActionDay'] = {}
      for (const [k, v] of Object.entries(slice.cards.earnedByActionDay)) if (k.endsWith(`|${today}`)) earned[k as keyof typeof earned] = v
      next.cards = { ...slice.cards, earnedByActionDay: earned }
    }
    out[id] = next
  }
  return out
}

/** The member cut down to what the rules read as of `now` (history rows must already be stored). */
/** The first day of `metricsByDay` a working set keeps. */
export function metricsWindowStart(today: BusinessDate, rules: RulesConfig): BusinessDate {
  // Rolling tier metrics read `retentionMonths`; one spare month keeps re-evaluation at the boundary exact.
  return addMonths(today, -(rules.tiers.retentionMonths + 1))
}

export function trimWorkingSet(m: MemberRecord, now: number, rules: RulesConfig): MemberRecord {
  const today = businessDateOf(now, rules.calendar)
  const lots = m.points.lots.filter(isLive)
  const lotIds = new Set(lots.map((l) => l.id))
  // Reminders are kept for live lots only. With a window of lots loaded (`PointsState.unloaded`) a reminded lot
  // is still in it: reminders reach no further than the window, and the window only moves forward with the clock.
  const remindersSent: Record<string, number> = {}
  for (const [id, t] of Object.entries(m.points.remindersSent)) if (lotIds.has(id)) remindersSent[id] = t
  const couponHorizon = addDays(today, -RECENT_COUPON_DAYS)
  const metricsFrom = metricsWindowStart(today, rules)
  const metricsByDay: MemberRecord['metricsByDay'] = {}
  for (const [d, v] of Object.entries(m.metricsByDay)) if (d >= metricsFrom) metricsByDay[d] = v
  const weekAgo = now - (rules.messages.windowDays + 1) * 86_400_000
  return {
    ...m,
    points: { ...m.points, lots, ledger: [], remindersSent },
    signin: cutSignin(m.signin, signinWindowStart(today)),
    wallet: { ...m.wallet, coupons: m.wallet.coupons.filter((c) => keepCoupon(c, couponHorizon, rules)) },
    messages: {
      ...m.messages,
      notifications: m.messages.notifications.slice(-RECENT_NOTIFICATIONS),
      sends: m.messages.sends.filter((s) => Date.parse(s.at) >= weekAgo),
    },
    metricsByDay,
    feedbackDates: m.feedbackDates.filter((d) => d === today),
    campaigns: trimCampaigns(m.campaigns, rules, now, today),
    campaignsJoined: Object.fromEntries(Object.entries(m.campaignsJoined).filter(([id]) => rules.campaigns.some((c) => c.id === id))),
  }
}

export interface Upserts<T> {
  /** Rows the write created. */
  added: T[]
  /** Rows that existed and changed. */
  changed: T[]
}

export interface HistoryChanges {
  ledger: LedgerEntry[]
  lots: Upserts<Lot>
  signins: Upserts<SigninRecord>
  coupons: Upserts<Coupon>
  notifications: Upserts<Notification>
  days: { date: BusinessDate; metrics: DayMetrics }[]
  draws: (LotteryDrawRecord & { campaignId: string })[]
  /** Task claims made (one per task and period: the storage's second guard). */
  taskClaims: { taskId: string; claim: TaskClaimRecord }[]
}

function upserts<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): Upserts<T> {
  const out: Upserts<T> = { added: [], changed: [] }
  // Rows are replaced, never changed in place: an unchanged row is the very same object.
  const same = new Set<T>(before)
  const fresh = after.filter((t) => !same.has(t))
  if (fresh.length === 0) return out
  const known = new Set(before.map(key))
  for (const t of fresh) (known.has(key(t)) ? out.changed : out.added).push(t)
  return out
}

/** The history rows a write created or changed (`before` null: a new member). */
export function historyChanges(before: MemberRecord | null, after: MemberRecord): HistoryChanges {
  const b = before
  const knownEntries = new Set((b?.points.ledger ?? []).map((e) => e.id))
  const days: HistoryChanges['days'] = []
  for (const [date, metrics] of Object.entries(after.metricsByDay)) if (b?.metricsByDay[date] !== metrics) days.push({ date, metrics })
  const draws: HistoryChanges['draws'] = []
  for (const [campaignId, slice] of Object.entries(after.campaigns)) {
    const known = b?.campaigns[campaignId]?.lottery?.draws.length ?? 0
    for (const d of slice.lottery?.draws.slice(known) ?? []) draws.push({ ...d, campaignId })
  }
  const taskClaims: HistoryChanges['taskClaims'] = []
  for (const [taskId, claim] of Object.entries(after.tasks.claims)) if (b?.tasks.claims[taskId] !== claim) taskClaims.push({ taskId, claim })
  return {
    ledger: after.points.ledger.filter((e) => !knownEntries.has(e.id)),
    lots: upserts(b?.points.lots ?? [], after.points.lots, (l) => l.id),
    signins: upserts(b?.signin.records ?? [], after.signin.records, (r) => r.date),
    coupons: upserts(b?.wallet.coupons ?? [], after.wallet.coupons, (c) => c.id),
    notifications: upserts(b?.messages.notifications ?? [], after.messages.notifications, (n) => n.id),
    days,
    draws,
    taskClaims,
  }
}

/** A history list with the working set's newer versions of its rows laid over it (and rows it lacks added). */
export function overlay<T>(history: readonly T[], working: readonly T[], key: (t: T) => string): T[] {
  const fresh = new Map(working.map((t) => [key(t), t]))
  const out = history.map((t) => fresh.get(key(t)) ?? t)
  const seen = new Set(history.map(key))
  for (const t of working) if (!seen.has(key(t))) out.push(t)
  return out
}
