/**
 * PGlite has no autovacuum: the server vacuums it once a day at PGLITE_VACUUM_HOUR business time (default 04:00).
 * The schedule on a fake clock and a recording database; the setting's parsing.
 */
import { DEFAULT_CALENDAR_RULES } from '../../src/domain/calendar'
import { readConfig } from '../../server/config'
import { nextVacuumAt, purgeExpired, scheduleVacuum } from '../../server/sql/maintenance'
import type { Db } from '../../server/sql/db'

const at = (iso: string) => Date.parse(iso)

describe('the daily VACUUM (ANALYZE) of PGlite', () => {
  test('the next run is the coming 04:00 in Shanghai, never now', () => {
    expect(nextVacuumAt(at('2026-12-02T03:59:59+08:00'), 4, DEFAULT_CALENDAR_RULES)).toBe(at('2026-12-02T04:00:00+08:00'))
    expect(nextVacuumAt(at('2026-12-02T04:00:00+08:00'), 4, DEFAULT_CALENDAR_RULES)).toBe(at('2026-12-03T04:00:00+08:00'))
    expect(nextVacuumAt(at('2026-12-31T23:30:00+08:00'), 4, DEFAULT_CALENDAR_RULES)).toBe(at('2027-01-01T04:00:00+08:00'))
    expect(nextVacuumAt(at('2028-02-28T05:00:00+08:00'), 0, DEFAULT_CALENDAR_RULES)).toBe(at('2028-02-29T00:00:00+08:00'))
  })

  test('runs at that hour, every day, logs how long it took, and stops', async () => {
    jest.useFakeTimers({ now: at('2026-12-02T01:00:00+08:00') })
    try {
      const statements: [string, number][] = []
      const db = { kind: 'pglite', query: async (sql: string) => void statements.push([sql, Date.now()]) } as unknown as Db
      const logged: string[] = []
      const log = { info: (_: object, msg: string) => void logged.push(msg), error: (_: object, msg: string) => void logged.push(`error: ${msg}`) }
      const schedule = scheduleVacuum(db, { hour: 4, calendar: async () => DEFAULT_CALENDAR_RULES, log })
      await jest.advanceTimersByTimeAsync(3 * 3_600_000 - 1)
      expect(statements).toEqual([])
      await jest.advanceTimersByTimeAsync(1)
      await jest.advanceTimersByTimeAsync(24 * 3_600_000)
      expect(statements).toEqual([
        ['vacuum (analyze)', at('2026-12-02T04:00:00+08:00')],
        ['vacuum (analyze)', at('2026-12-03T04:00:00+08:00')],
      ])
      expect(logged).toEqual(['vacuum (analyze) done', 'vacuum (analyze) done'])
      await schedule.stop()
      await jest.advanceTimersByTimeAsync(48 * 3_600_000)
      expect(statements).toHaveLength(2)
    } finally {
      jest.useRealTimers()
    }
  })

  test('a failed vacuum is logged and tried again the next day', async () => {
    jest.useFakeTimers({ now: at('2026-12-02T05:00:00+08:00') })
    try {
      let calls = 0
      const db = {
        kind: 'pglite',
        query: async () => {
          calls++
          if (calls === 1) throw new Error('disk full')
        },
      } as unknown as Db
      const logged: string[] = []
      const log = { info: (_: object, msg: string) => void logged.push(msg), error: (_: object, msg: string) => void logged.push(`error: ${msg}`) }
      const schedule = scheduleVacuum(db, { hour: 4, calendar: async () => DEFAULT_CALENDAR_RULES, log })
      await jest.advanceTimersByTimeAsync(47 * 3_600_000)
      expect(logged).toEqual(['error: vacuum (analyze) failed', 'vacuum (analyze) done'])
      await schedule.stop()
    } finally {
      jest.useRealTimers()
    }
  })

  test('the expired rows are deleted just before, so that night’s vacuum reclaims them; a failed deletion still vacuums', async () => {
    jest.useFakeTimers({ now: at('2026-12-02T03:00:00+08:00') })
    try {
      const steps: string[] = []
      const db = { kind: 'pglite', query: async (sql: string) => void steps.push(sql) } as unknown as Db
      const log = { info: (o: object, msg: string) => void steps.push(`${msg} ${JSON.stringify(o)}`), error: (_: object, msg: string) => void steps.push(`error: ${msg}`) }
      let purges = 0
      const purge = async () => {
        purges++
        if (purges === 2) throw new Error('disk full')
        return { idempotencyKeys: 7, sessions: 2 }
      }
      const schedule = scheduleVacuum(db, { hour: 4, calendar: async () => DEFAULT_CALENDAR_RULES, log, purge })
      await jest.advanceTimersByTimeAsync(25 * 3_600_000)
      await schedule.stop()
      expect(steps).toEqual([
        'expired rows deleted {"idempotencyKeys":7,"sessions":2}',
        'vacuum (analyze)',
        expect.stringMatching(/^vacuum \(analyze\) done/),
        'error: deleting expired rows failed',
        'vacuum (analyze)',
        expect.stringMatching(/^vacuum \(analyze\) done/),
      ])
    } finally {
      jest.useRealTimers()
    }
  })

  test('a shutdown during the purge waits for it to end and vacuums nothing after it (the database is about to close)', async () => {
    jest.useFakeTimers({ now: at('2026-12-02T03:00:00+08:00') })
    try {
      const steps: string[] = []
      const db = { kind: 'pglite', query: async (sql: string) => void steps.push(sql) } as unknown as Db
      const log = { info: (_: object, msg: string) => void steps.push(msg), error: (_: object, msg: string) => void steps.push(`error: ${msg}`) }
      let endPurge = () => {}
      let told = () => false
      const purge = (stopping: () => boolean) => {
        told = stopping
        return new Promise<object>((resolve) => (endPurge = () => resolve({ idempotencyKeys: 1, sessions: 0 })))
      }
      const schedule = scheduleVacuum(db, { hour: 4, calendar: async () => DEFAULT_CALENDAR_RULES, log, purge })
      await jest.advanceTimersByTimeAsync(3_600_000)
      let stopped = false
      const stopping = schedule.stop().then(() => (stopped = true))
      await jest.advanceTimersByTimeAsync(0)
      expect(stopped).toBe(false)
      // The purge is told, to end after the batch it is on.
      expect(told()).toBe(true)
      endPurge()
      await stopping
      expect(steps).toEqual(['expired rows deleted'])
      await jest.advanceTimersByTimeAsync(48 * 3_600_000)
      expect(steps).toEqual(['expired rows deleted'])
    } finally {
      jest.useRealTimers()
    }
  })

  test('the purge deletes batch after batch until one comes back short, and ends after the batch under way on a shutdown', async () => {
    // A fake database with 12 expired keys and 3 expired sessions, deleting up to `limit` rows a statement.
    const run = async (stopAfter: number) => {
      const left = { idempotency_keys: 12, sessions: 3, login_failures: 0 }
      let statements = 0
      const db = {
        query: async (sql: string, params: unknown[]) => {
          statements++
          const table = (['idempotency_keys', 'sessions', 'login_failures'] as const).find((t) => sql.includes(`from ${t} `))!
          const n = Math.min(left[table], params.at(-1) as number)
          left[table] -= n
          return { rows: [{ n: String(n) }] }
        },
      } as unknown as Db
      return { purged: await purgeExpired(db, 0, { batch: 5, stopping: () => statements >= stopAfter }), left, statements }
    }
    expect(await run(Infinity)).toEqual({ purged: { idempotencyKeys: 12, sessions: 3, loginFailures: 0 }, left: { idempotency_keys: 0, sessions: 0, login_failures: 0 }, statements: 5 })
    expect(await run(2)).toEqual({ purged: { idempotencyKeys: 10, sessions: 0, loginFailures: 0 }, left: { idempotency_keys: 2, sessions: 3, login_failures: 0 }, statements: 2 })
  })

  test('PGLITE_VACUUM_HOUR: 0–23, default 4, "off" for never; anything else stops the start', () => {
    const env = (vars: Record<string, string> = {}) => ({ NODE_ENV: 'development', ...vars }) as NodeJS.ProcessEnv
    expect(readConfig(env()).pgliteVacuumHour).toBe(4)
    expect(readConfig(env({ PGLITE_VACUUM_HOUR: '23' })).pgliteVacuumHour).toBe(23)
    expect(readConfig(env({ PGLITE_VACUUM_HOUR: 'off' })).pgliteVacuumHour).toBeNull()
    expect(() => readConfig(env({ PGLITE_VACUUM_HOUR: '24' }))).toThrow('PGLITE_VACUUM_HOUR must be an integer from 0 to 23, got "24"')
  })
})
