/**
 * The mock's test controls (`POST /__mock/clock`, `/__mock/reset`: the mock server and the production server, off unless MOCK_TEST_CONTROLS=1).
 * The clock accepts the instants the core works at (2000-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z: `clockInRange`
 * in limits.ts). Outside the range the control answers 400 and the clock stays where it was.
 */
import { parseStrictInstant } from '../../src/domain/calendar'
import { clockInRange } from './limits'

export type ClockSetting = { ok: true; now: number | null } | { ok: false; message: string }

/** `{now: ISO | null}` of `POST /__mock/clock` → the instant to pin (null = real time), or why not. */
export function parseClockSetting(now: unknown): ClockSetting {
  if (now === null) return { ok: true, now: null }
  // Strict: Date.parse would pin 2026-02-30 as 3月2日, a day the caller never named.
  const at = parseStrictInstant(now)
  if (Number.isNaN(at)) return { ok: false, message: 'now 必须是有效的 ISO 时间或 null' }
  if (!clockInRange(at)) return { ok: false, message: 'now 必须在 2000年1月1日至2999年12月31日之间' }
  return { ok: true, now: at }
}
