/**
 * PGlite has no autovacuum (it is one backend, with no background workers): without a VACUUM the visibility map is
 * never set, so index-only scans — the dashboard's points liability, over a million lots at 50,000 members — visit
 * the table anyway (×3 slower), dead rows pile up and the planner's statistics are never refreshed. The server on
 * PGlite therefore runs `VACUUM (ANALYZE)` once a day at a quiet hour of the business day (PGLITE_VACUUM_HOUR,
 * default 04:00). Requests wait while it runs (a few seconds at 50,000 members). PostgreSQL has autovacuum: nothing
 * is scheduled there.
 */
import { addDays, businessDateOf, startOfBusinessDay, type CalendarRules } from '../../src/domain/calendar'
import { IDEMPOTENCY_TTL_MS } from '../core/limits'
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

/**
 * Vacuums `db` every day at `hour` business time (real time, not a test clock), until stopped; `purge` first, when
 * given (the expired rows, so the vacuum reclaims their space the same night).
 */
export function scheduleVacuum(
  db: Db,
  options: {
    hour: number
    calendar: () => Promise<CalendarRules>
    log: { info(o: object, msg: string): void; error(o: object, msg: string): void }
    purge?: () => Promise<object>
  },
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
    if (options.purge) {
      try {
        options.log.info(await options.purge(), 'expired rows deleted')
      } catch (e) {
        options.log.error({ err: e }, 'deleting expired rows failed')
      }
    }
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

/**
 * Rows no request can use any more, deleted (on both databases; without it they pile up for ever): an Idempotency-Key
 * past its 24 h (a retry after that runs again anyway; each row holds a whole answer — every member write leaves
 * one), and a session that has expired or was ended (its token answers 401 whether its row is there or not; every
 * sign-in leaves one). `now` is the server's clock.
 */
export async function purgeExpired(db: Db, now: number): Promise<{ idempotencyKeys: number; sessions: number }> {
  const count = async (sql: string, params: unknown[]) => Number((await db.query<{ n: string }>(`with gone as (${sql} returning 1) select count(*) as n from gone`, params)).rows[0].n)
  return {
    idempotencyKeys: await count('delete from idempotency_keys where created_at <= $1', [now - IDEMPOTENCY_TTL_MS]),
    sessions: await count('delete from sessions where expires_at <= $1 or revoked_at <= $1', [now]),
  }
}
