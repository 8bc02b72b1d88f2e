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
  /** Ends the schedule; a run under way ends after the step it is on (a purge is not followed by its vacuum). */
  stop(): Promise<void>
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
    /** Deletes expired rows; `stopping()` turns true on a shutdown (it ends after the batch it is on). */
    purge?: (stopping: () => boolean) => Promise<object>
  },
): VacuumSchedule {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<void> | null = null
  const plan = async () => {
    if (stopped) return
    const calendar = await options.calendar()
    if (stopped) return
    const delay = nextVacuumAt(Date.now(), options.hour, calendar) - Date.now()
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = null
      })
    }, Math.max(delay, 1000))
    timer.unref()
  }
  const run = async () => {
    if (options.purge) {
      try {
        options.log.info(await options.purge(() => stopped), 'expired rows deleted')
      } catch (e) {
        options.log.error({ err: e }, 'deleting expired rows failed')
      }
    }
    // A shutdown during the purge: the database is about to close, the vacuum waits for tomorrow's run.
    if (stopped) return
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
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}

/**
 * Rows no request can use any more, deleted (on both databases; without it they pile up for ever): an Idempotency-Key
 * past its 24 h (a retry after that runs again anyway; each row holds a whole answer — every member write leaves
 * one), a session that has expired or was ended (its token answers 401 whether its row is there or not; every
 * sign-in leaves one), and console password failures whose window has ended (login-failures.ts). `now` is the server's clock. In batches of `batch` rows, found by their indexes (migration
 * 028): the first run on a server that never purged has months to delete, and on PGlite every request waits for the
 * statement under way — one batch, not the whole backlog. The outer delete checks the age again: on PostgreSQL a
 * key taken again by a member write (its answer renewed) while the batch waited for its row is kept.
 */
export async function purgeExpired(
  db: Db,
  now: number,
  { batch = 5000, stopping = () => false }: { batch?: number; stopping?: () => boolean } = {},
): Promise<{ idempotencyKeys: number; sessions: number; loginFailures: number }> {
  const drain = async (sql: string, params: unknown[]) => {
    let total = 0
    // A shutdown ends it after the batch under way (the rest waits for the next run).
    while (!stopping()) {
      const r = await db.query<{ n: string }>(`with gone as (${sql} returning 1) select count(*) as n from gone`, [...params, batch])
      const n = Number(r.rows[0].n)
      total += n
      if (n < batch) break
    }
    return total
  }
  return {
    idempotencyKeys: await drain(
      'delete from idempotency_keys where (member_id, key) in (select member_id, key from idempotency_keys where created_at <= $1 limit $2) and created_at <= $1',
      [now - IDEMPOTENCY_TTL_MS],
    ),
    sessions: await drain(
      'delete from sessions where token_hash in (select token_hash from sessions where expires_at <= $1 or revoked_at <= $1 limit $2) and (expires_at <= $1 or revoked_at <= $1)',
      [now],
    ),
    loginFailures: await drain('delete from login_failures where key_hash in (select key_hash from login_failures where until_at <= $1 limit $2) and until_at <= $1', [now]),
  }
}
