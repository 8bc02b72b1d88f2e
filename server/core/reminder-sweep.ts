/**
 * The reminder sweep: every member with something due at `now` gets it, one write each, found through the storage's
 * `remindable` pre-filter — the scheduled reminders (src/domain/reminders.ts), and what comes due for a member who
 * does nothing, which a member's own requests bring about only when they come back: the points-expiring (30 and 7
 * days before) and coupon-expiring reminders, expired points written to the ledger, the earned tier re-evaluated at
 * the end of its period, or within 30 days of it looked at once (保级提醒), a paid plan, grant or trial about to end
 * (会员即将到期) or ended, 权益可用 once a month to a
 * member whose tier has free services (`MemberTx.refresh`). Run it every few minutes (the server does:
 * REMINDER_INTERVAL_MINUTES; the mock only on POST /__mock/reminders); twice, or on two servers, it sends once.
 *
 * Not part of the core the app embeds: the demo on a phone sends nothing on a schedule, and the mini program's main
 * package has a size budget.
 */
import { addDays, businessDateOf, endOfBusinessDay, monthOf, startOfBusinessDay, toIso } from '../../src/domain/calendar'
import type { RulesConfig } from '../../src/domain/config'
import { campaignsAboutToOpen, scheduledReminders, signinReminderDay } from '../../src/domain/reminders'
import { EARNED_TIER_NOTICE_DAYS, earnedTierNoticeDue, HELD_TIER_NOTICE_DAYS, heldTierDue, lowestTier } from '../../src/domain/tiers'
import type { Core } from './pipeline'
import type { ExpiryDue, Storage } from './port'
import type { MemberTx } from './tx'

/**
 * `now`: the clock, read again for each member (a sweep may run past business midnight: the new day's rules apply).
 * Answers how many members something happened to and how many messages they got.
 */
export type ReminderSweep = (now: () => number, stopping?: () => boolean) => Promise<{ members: number; sent: number }>

/**
 * Members asked for at once. The pre-filter's cost is a scan of the lots close to expiry, whatever the page's size
 * (npm run bench:sweep): few large pages, not many small ones.
 */
export const SWEEP_PAGE = 5000

/**
 * What the pre-filter looks for at `now` beside the scheduled reminders (port.ts `ExpiryDue`). `since`: when the
 * previous sweep that brought every member it found up to date started — only lots that have come within a reminder
 * threshold since then can be due for a member who did nothing (null: every lot within a threshold).
 */
export function expiryDue(now: number, rules: RulesConfig, since: number | null = null): ExpiryDue {
  const today = businessDateOf(now, rules.calendar)
  // A clock moved back (tests) starts afresh.
  const from = since !== null && since <= now ? since : null
  const sinceDay = from === null ? null : businessDateOf(from, rules.calendar)
  // points.ts dueReminders: a lot is within a threshold when its expiry date is at most that many days away.
  const thresholds = [...new Set(rules.points.reminderDaysBefore)].sort((a, b) => a - b)
  const lots = thresholds.map((threshold) => ({
    threshold,
    after: Math.max(now - 1, sinceDay === null ? -Infinity : endOfBusinessDay(addDays(sinceDay, threshold), rules.calendar)),
    by: endOfBusinessDay(addDays(today, threshold), rules.calendar),
  }))
  // coupons.ts dueCouponReminders: 1 to expiringSoonDays days left, today included; issued before today.
  const validTo = { from: today, to: addDays(today, rules.coupons.expiringSoonDays - 1) }
  // tx.ts refresh: 权益可用 with a month's first write. Looked for once a month: by the month's first complete sweep.
  const monthStart = startOfBusinessDay(`${monthOf(today)}-01`, rules.calendar)
  const tierIds = rules.tiers.levels.filter((l) => l.freeServicesPerMonth > 0).map((l) => l.id)
  const benefits = (from === null || from < monthStart) && tierIds.length > 0 ? { tierIds, monthStart } : undefined
  // tiers.ts heldTierNotices: the last day within HELD_TIER_NOTICE_DAYS, today included.
  const heldBy = addDays(today, HELD_TIER_NOTICE_DAYS - 1)
  // tiers.ts earnedTierNoticeDue: a period ending within EARNED_TIER_NOTICE_DAYS, not looked at, above the lowest tier.
  const earned = { by: addDays(today, EARNED_TIER_NOTICE_DAYS), lowestTierId: lowestTier(rules.tiers).id }
  return { now, today, offsetMinutes: rules.calendar.offsetMinutes, lots, coupons: { validTo, issuedBefore: toIso(startOfBusinessDay(today, rules.calendar)) }, benefits, heldBy, earned }
}

/**
 * One member's part: the write has brought them up to now (`refresh`); this sends the scheduled reminders due and
 * remembers them. Whether anything happened to the member, and how many messages they got.
 */
export function remindOp(tx: MemberTx): { touched: boolean; sent: number } {
  const member = { messages: tx.member.messages, signin: tx.member.signin, campaign: tx.campaignMember(), earlyMinutes: tx.earlyMinutes() }
  const { due, state } = scheduledReminders(member, tx.ctx)
  for (const r of due) tx.message(r.template, r.payload)
  if (due.length > 0) tx.member = { ...tx.member, messages: { ...tx.member.messages, reminded: state } }
  const before = tx.loaded
  const sent = tx.member.messages.nextNotificationNo - before.messages.nextNotificationNo
  const expired = before.points.lots.some((l) => l.remaining > 0 && l.expiresAt < tx.ctx.now)
  const reevaluated = before.tier.earned.expiresOn <= tx.today
  return { touched: sent > 0 || expired || reevaluated || heldTierDue(before.tier, tx.ctx) || earnedTierNoticeDue(before.tier, tx.ctx), sent }
}

/** `stopping` (shutdown) ends a sweep after the member under way; the next sweep goes on from there. */
export function reminderSweep(
  core: Pick<Core, 'write'>,
  storage: Pick<Storage, 'read'>,
  logError: (message: string, error: unknown) => void = (message, e) => console.error(message, e),
): ReminderSweep {
  // When the last sweep that wrote every member it found began (this process: after a restart, one sweep looks at
  // every lot close to expiry again).
  let since: number | null = null
  return async (now, stopping = () => false) => {
    const start = now()
    const rules = await storage.read((scope) => scope.rules())
    const signin = signinReminderDay(start, rules) ?? undefined
    const campaignIds = campaignsAboutToOpen(rules, start)
    const expiry = expiryDue(start, rules, since)
    let members = 0
    let sent = 0
    let failed = false
    for (let after: string | null = null; ; ) {
      const ids: string[] = await storage.read((scope) => scope.remindable({ signin, campaignIds, expiry, after, limit: SWEEP_PAGE }))
      for (const id of ids) {
        if (stopping()) return { members, sent }
        try {
          const r = await core.write(now(), async (work) => remindOp(await work.member(id)))
          if (r.touched) members++
          sent += r.sent
        } catch (e) {
          // One member's failure (a storage hiccup) is logged; the others still get theirs, and the next sweep retries.
          logError(`[reminders] ${id} failed`, e)
          failed = true
        }
      }
      if (ids.length < SWEEP_PAGE) break
      after = ids[ids.length - 1]
    }
    if (!failed) since = start
    return { members, sent }
  }
}
