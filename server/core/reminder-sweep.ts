/**
 * The reminder sweep (src/domain/reminders.ts): every member with a scheduled reminder due at `now` gets it, one
 * write each, found through the storage's `remindable` pre-filter. Run it every few minutes (the server does:
 * REMINDER_INTERVAL_MINUTES; the mock only on POST /__mock/reminders); twice, or on two servers, it sends once.
 *
 * Not part of the core the app embeds: the demo on a phone sends nothing on a schedule, and the mini program's main
 * package has a size budget.
 */
import { campaignsAboutToOpen, scheduledReminders, signinReminderDay } from '../../src/domain/reminders'
import type { Core } from './pipeline'
import type { Storage } from './port'
import type { MemberTx } from './tx'

/** `now`: the clock, read again for each member (a sweep may run past business midnight: the new day's rules apply). */
export type ReminderSweep = (now: () => number, stopping?: () => boolean) => Promise<{ members: number; sent: number }>

const PAGE = 200

/** One member's part (reminders.ts): sends what is due now and remembers it; how many. */
export function remindOp(tx: MemberTx): number {
  const member = { messages: tx.member.messages, signin: tx.member.signin, campaign: tx.campaignMember(), earlyMinutes: tx.earlyMinutes() }
  const { due, state } = scheduledReminders(member, tx.ctx)
  if (due.length === 0) return 0
  for (const r of due) tx.message(r.template, r.payload)
  tx.member = { ...tx.member, messages: { ...tx.member.messages, reminded: state } }
  return due.length
}

/** `stopping` (shutdown) ends a sweep after the member under way; the next sweep goes on from there. */
export function reminderSweep(
  core: Pick<Core, 'write'>,
  storage: Pick<Storage, 'read'>,
  logError: (message: string, error: unknown) => void = (message, e) => console.error(message, e),
): ReminderSweep {
  return async (now, stopping = () => false) => {
    const start = now()
    const rules = await storage.read((scope) => scope.rules())
    const signin = signinReminderDay(start, rules) ?? undefined
    const campaignIds = campaignsAboutToOpen(rules, start)
    let members = 0
    let sent = 0
    for (let after: string | null = null; ; ) {
      const ids: string[] = await storage.read((scope) => scope.remindable({ signin, campaignIds, after, limit: PAGE }))
      for (const id of ids) {
        if (stopping()) return { members, sent }
        try {
          const n = await core.write(now(), async (work) => remindOp(await work.member(id)))
          if (n > 0) members++
          sent += n
        } catch (e) {
          // One member's failure (a storage hiccup) is logged; the others still get theirs, and the next sweep retries.
          logError(`[reminders] ${id} failed`, e)
        }
      }
      if (ids.length < PAGE) return { members, sent }
      after = ids[ids.length - 1]
    }
  }
}
