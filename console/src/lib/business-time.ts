/**
 * Date pickers show the browser's local wall clock; operators think in business time (calendar.offsetMinutes,
 * UTC+8 by default) wherever the browser is. These convert between an instant and a picker value whose local wall
 * clock reads the business wall clock, so "20:00" in a picker is 20:00 business time on any machine.
 */
import dayjs, { type Dayjs } from 'dayjs'
import { RULES_SCHEDULE_HORIZON_MS } from '@/domain/rules-versions'
import { businessOffset } from './format'

const pad = (n: number) => String(n).padStart(2, '0')

export function toPickerValue(iso: string | null | undefined): Dayjs | undefined {
  if (!iso) return undefined
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  const w = new Date(t + businessOffset() * 60_000)
  return dayjs(new Date(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds()))
}

/** The instant, written with the business offset: `2026-02-17T20:00:00+08:00`. */
export function fromPickerValue(d: Dayjs | null | undefined): string | undefined {
  if (!d) return undefined
  const m = businessOffset()
  const sign = m < 0 ? '-' : '+'
  const off = `${sign}${pad(Math.floor(Math.abs(m) / 60))}:${pad(Math.abs(m) % 60)}`
  return `${d.year()}-${pad(d.month() + 1)}-${pad(d.date())}T${pad(d.hour())}:${pad(d.minute())}:${pad(d.second())}${off}`
}

/**
 * What is wrong with `d` as the instant a rules version takes effect, at the server's `now`: it must be later than now
 * and at most a year after it (the server's RULES_EFFECTIVE_IN_PAST and RULES_EFFECTIVE_TOO_FAR); null when it fits.
 */
export function scheduleProblem(d: Dayjs, now: number): string | null {
  const at = Date.parse(fromPickerValue(d)!)
  if (at <= now) return '生效时刻须晚于现在'
  if (at > now + RULES_SCHEDULE_HORIZON_MS) return '生效时刻不能晚于一年之后'
  return null
}

/** The latest instant a rules version may be scheduled for, as a picker value (the picker offers no later date). */
export function latestSchedule(now: number): Dayjs | undefined {
  return toPickerValue(new Date(now + RULES_SCHEDULE_HORIZON_MS).toISOString())
}
