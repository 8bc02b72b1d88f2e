/**
 * The reminder sweep on a timer: every REMINDER_INTERVAL_MINUTES the server sends the scheduled reminders that have
 * come due (签到提醒 from 20:00 business time, 活动即将开始 a day before a campaign opens: src/domain/reminders.ts,
 * Core.sendReminders). A sweep that is still running when the next is due is not doubled; a sweep run by two
 * server processes at once sends each reminder once (the member row is locked, what was sent is remembered).
 */
import type { Core } from './core/pipeline'

export interface ReminderSchedule {
  stop(): Promise<void>
}

export function scheduleReminders(
  core: Pick<Core, 'sendReminders'>,
  options: { everyMs: number; now: () => number; log: { info(o: object, msg: string): void; error(o: object, msg: string): void } },
): ReminderSchedule {
  let running: Promise<void> | null = null
  const sweep = () => {
    if (running) return
    const started = Date.now()
    running = core
      .sendReminders(options.now())
      .then(
        (r) => {
          if (r.sent > 0) options.log.info({ ...r, ms: Date.now() - started }, 'reminders sent')
        },
        (e) => options.log.error({ err: e }, 'reminder sweep failed'),
      )
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(sweep, options.everyMs)
  timer.unref()
  return {
    // Shutdown waits for a sweep under way (its member writes are short), so the database closes after it.
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
