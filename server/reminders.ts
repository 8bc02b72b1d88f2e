/**
 * The reminder sweep on a timer: every REMINDER_INTERVAL_MINUTES the server sends the scheduled reminders that have
 * come due (签到提醒 from 20:00 business time, 活动即将开始 a day before a campaign opens: src/domain/reminders.ts) and
 * brings up to date the members something has come due for without their doing anything (points and coupons close
 * to expiry, expired points, a tier period's end: server/core/reminder-sweep.ts). A sweep run by two server processes
 * at once sends each reminder once (the member row is locked, what was sent is remembered).
 */
import type { ReminderSweep } from './core/reminder-sweep'
import { runEvery, type Periodic } from './periodic'

export function scheduleReminders(
  sweep: ReminderSweep,
  options: { everyMs: number; now: () => number; log: { info(o: object, msg: string): void; error(o: object, msg: string): void } },
): Periodic {
  return runEvery(options.everyMs, async (stopping) => {
    const started = Date.now()
    try {
      const r = await sweep(options.now, stopping)
      if (r.members > 0) options.log.info({ ...r, ms: Date.now() - started }, 'reminder sweep')
    } catch (e) {
      options.log.error({ err: e }, 'reminder sweep failed')
    }
  })
}
