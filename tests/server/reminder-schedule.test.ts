/**
 * The server's reminder sweep on a timer (server/reminders.ts): every REMINDER_INTERVAL_MINUTES at the backend's
 * clock, never two at once, a failure logged and the next run still made; shutdown tells a sweep under way to end
 * and waits for it.
 */
import { readConfig } from '../../server/config'
import { scheduleReminders } from '../../server/reminders'

const MINUTE = 60_000

describe('the reminder sweep on a timer', () => {
  test('runs every interval at the backend’s clock, one at a time, and goes on after a failure', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-02T12:00:00Z') })
    try {
      const runs: number[] = []
      let finish: (() => void) | null = null
      let fail = true
      let stopping = () => false
      const sweep = (now: () => number, isStopping?: () => boolean) =>
        new Promise<{ members: number; sent: number }>((resolve, reject) => {
          runs.push(now())
          stopping = isStopping!
          if (fail) {
            fail = false
            reject(new Error('database went away'))
            return
          }
          finish = () => resolve({ members: 1, sent: 2 })
        })
      const logged: string[] = []
      const log = { info: (o: object, msg: string) => void logged.push(`${msg} ${JSON.stringify({ ...o, ms: undefined })}`), error: (_: object, msg: string) => void logged.push(`error: ${msg}`) }
      const schedule = scheduleReminders(sweep, { everyMs: 10 * MINUTE, now: () => 42, log })
      await jest.advanceTimersByTimeAsync(10 * MINUTE - 1)
      expect(runs).toEqual([])
      await jest.advanceTimersByTimeAsync(1)
      expect(runs).toEqual([42])
      expect(logged).toEqual(['error: reminder sweep failed'])
      await jest.advanceTimersByTimeAsync(10 * MINUTE)
      expect(runs).toEqual([42, 42])
      // Still running at the next tick: not started twice.
      await jest.advanceTimersByTimeAsync(10 * MINUTE)
      expect(runs).toHaveLength(2)
      let stopped = false
      const stop = schedule.stop().then(() => (stopped = true))
      await Promise.resolve()
      expect(stopped).toBe(false)
      // The sweep under way is told, and ends after the member it is on.
      expect(stopping()).toBe(true)
      finish!()
      await stop
      expect(logged).toEqual(['error: reminder sweep failed', 'reminder sweep {"members":1,"sent":2}'])
      await jest.advanceTimersByTimeAsync(60 * MINUTE)
      expect(runs).toHaveLength(2)
    } finally {
      jest.useRealTimers()
    }
  })

  test('REMINDER_INTERVAL_MINUTES: default 10, off with test controls unless set, "off" for never', () => {
    const env = (vars: Record<string, string> = {}) => ({ NODE_ENV: 'development', ...vars }) as NodeJS.ProcessEnv
    expect(readConfig(env()).reminderIntervalMinutes).toBe(10)
    expect(readConfig(env({ REMINDER_INTERVAL_MINUTES: '1' })).reminderIntervalMinutes).toBe(1)
    expect(readConfig(env({ REMINDER_INTERVAL_MINUTES: 'off' })).reminderIntervalMinutes).toBeNull()
    expect(readConfig(env({ MOCK_TEST_CONTROLS: '1' })).reminderIntervalMinutes).toBeNull()
    expect(readConfig(env({ MOCK_TEST_CONTROLS: '1', REMINDER_INTERVAL_MINUTES: '5' })).reminderIntervalMinutes).toBe(5)
    expect(() => readConfig(env({ REMINDER_INTERVAL_MINUTES: '0' }))).toThrow('REMINDER_INTERVAL_MINUTES')
  })

  // A test moves the clock days ahead and back: expired rows purged at a moved clock would include the operator's
  // session, live again once the clock is back (the PostgreSQL contract suite saw 401s when a purge fell in such a window).
  test('the purge of expired rows: hourly on PostgreSQL, PGlite before its 04:00 vacuum — both off with test controls unless set', () => {
    const env = (vars: Record<string, string> = {}) => ({ NODE_ENV: 'development', ...vars }) as NodeJS.ProcessEnv
    expect(readConfig(env())).toMatchObject({ purgeIntervalMinutes: 60, pgliteVacuumHour: 4 })
    expect(readConfig(env({ MOCK_TEST_CONTROLS: '1' }))).toMatchObject({ purgeIntervalMinutes: null, pgliteVacuumHour: null })
    expect(readConfig(env({ MOCK_TEST_CONTROLS: '1', PURGE_INTERVAL_MINUTES: '5', PGLITE_VACUUM_HOUR: '3' }))).toMatchObject({ purgeIntervalMinutes: 5, pgliteVacuumHour: 3 })
    expect(readConfig(env({ PURGE_INTERVAL_MINUTES: 'off', PGLITE_VACUUM_HOUR: 'off' }))).toMatchObject({ purgeIntervalMinutes: null, pgliteVacuumHour: null })
    expect(() => readConfig(env({ PURGE_INTERVAL_MINUTES: '0' }))).toThrow('PURGE_INTERVAL_MINUTES')
  })
})
