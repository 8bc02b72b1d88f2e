/**
 * Background work on a timer (server/periodic.ts runEvery): a first run that can come sooner than the period — the
 * PostgreSQL purge runs a minute after start and hourly after that, so a server restarted more often than hourly
 * still deletes expired rows — then one run per period, never two at once.
 */
import { runEvery } from '../../server/periodic'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('runEvery', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-02T12:00:00Z') }))
  afterEach(() => jest.useRealTimers())

  test('the first run comes after firstAfterMs, then one every period', async () => {
    const runs: number[] = []
    const periodic = runEvery(HOUR, async () => void runs.push(Date.now()), { firstAfterMs: MINUTE })
    await jest.advanceTimersByTimeAsync(MINUTE - 1)
    expect(runs).toHaveLength(0)
    await jest.advanceTimersByTimeAsync(1)
    expect(runs).toEqual([Date.parse('2026-12-02T12:01:00Z')])
    await jest.advanceTimersByTimeAsync(HOUR)
    expect(runs).toEqual([Date.parse('2026-12-02T12:01:00Z'), Date.parse('2026-12-02T13:01:00Z')])
    await periodic.stop()
    await jest.advanceTimersByTimeAsync(2 * HOUR)
    expect(runs).toHaveLength(2)
  })

  test('stopped before its first run, it never runs', async () => {
    let runs = 0
    const periodic = runEvery(HOUR, async () => void runs++, { firstAfterMs: MINUTE })
    await periodic.stop()
    await jest.advanceTimersByTimeAsync(2 * HOUR)
    expect(runs).toBe(0)
  })

  test('without firstAfterMs the first run waits a whole period', async () => {
    let runs = 0
    const periodic = runEvery(HOUR, async () => void runs++)
    await jest.advanceTimersByTimeAsync(HOUR - 1)
    expect(runs).toBe(0)
    await jest.advanceTimersByTimeAsync(1)
    expect(runs).toBe(1)
    await periodic.stop()
  })
})
