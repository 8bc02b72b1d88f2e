/**
 * The mock's test controls (`POST /__mock/clock`, `/__mock/reset`: the mock server and the production server, off unless MOCK_TEST_CONTROLS=1).
 * The clock accepts instants from 2000-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z: the rules look a few
 * years ahead (expiry, tier terms, reports' next month) and back (retention, compaction), so every date they
 * compute stays far inside the business calendar (src/domain/calendar.ts, 1970 … 9999). Outside the range the
 * control answers 400 and the clock stays where it was.
 */

export const CLOCK_MIN = Date.parse('2000-01-01T00:00:00.000Z')
export const CLOCK_MAX = Date.parse('2999-12-31T23:59:59.999Z')

export type ClockSetting = { ok: true; now: number | null } | { ok: false; message: string }

/** `{now: ISO | null}` of `POST /__mock/clock` → the instant to pin (null = real time), or why not. */
export function parseClockSetting(now: unknown): ClockSetting {
  if (now === null) return { ok: true, now: null }
  const at = typeof now === 'string' ? Date.parse(now) : NaN
  if (Number.isNaN(at)) return { ok: false, message: 'now 必须是 ISO 时间或 null' }
  if (at < CLOCK_MIN || at > CLOCK_MAX) return { ok: false, message: 'now 必须在 2000年1月1日至2999年12月31日之间' }
  return { ok: true, now: at }
}
