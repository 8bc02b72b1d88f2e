/**
 * PGlite has no autovacuum (it is one backend, with no background workers): without a VACUUM the visibility map is
 * never set, so index-only scans — the dashboard's points liability, over a million lots at 50,000 members — visit
 * the table anyway (×3 slower), dead rows pile up and the planner's statistics are never refreshed. The server on
 * PGlite therefore runs `VACUUM (ANALYZE)` once a day at a quiet hour of the business day (PGLITE_VACUUM_HOUR,
 * default 04:00). Requests wait while it runs (a few seconds at 50,000 members). PostgreSQL has autovacuum: nothing
 * is scheduled there.
 */
import { addDays, businessDateOf, startOfBusinessDay, type CalendarRules } from '../../src/domain/calendar'
import type { Db } from './db'

const HOUR_MS = 3_600_000

/** The next instant after `now` at `hour`:00 business time. */
export function nextVacuumAt(now: number, hour: number, calendar: CalendarRules): number {
  const today = businessDateOf(now, calendar)
  const at = startOfBusinessDay(today, calendar) + hour * HOUR_MS
  return at > now ? at : startOfBusinessDay(addDays(today, 1), calendar) + hour * HOUR_MS
}

export async function vacuum(db: Db): Promise<void> {
  await db.query('vacuum (analyze)')
}

export interface VacuumSchedule {
  stop(): void
}

/** Vacuums `db` every day at `hour` business time (real time, not a test clock), until stopped. */
export function scheduleVacuum(
  db: Db,
  options: { hour: number; calendar: () => Promise<CalendarRules>; log: { info(o: object, msg: string): void; error(o: object, msg: string): void } },
): VacuumSchedule {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const plan = async () => {
    if (stopped) return
    const delay = nextVacuumAt(Date.now(), options.hour, await options.calendar()) - Date.now()
    timer = setTimeout(run, Math.max(delay, 1000))
    timer.unref()
  }
  const run = async () => {
    const started = Date.now()
    try {
      await vacuum(db)
      options.log.info({ ms: Date.now() - started }, 'vacuum (analyze) done')
    } catch (e) {
      options.log.error({ err: e }, 'vacuum (analyze) failed')
    }
    await plan().catch((e) => options.log.error({ err: e }, 'vacuum not scheduled'))
  }
  plan().catch((e) => options.log.error({ err: e }, 'vacuum not scheduled'))
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
