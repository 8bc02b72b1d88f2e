/**
 * The business calendar. "Today", "this month", streaks, caps and expiry are all computed from a UTC
 * instant plus a fixed offset (default +480 min, Asia/Shanghai, no DST), never from the device's zone.
 * Business dates are 'YYYY-MM-DD' strings and months 'YYYY-MM'; both compare correctly as strings.
 */
export interface CalendarRules {
  /** Minutes east of UTC. */
  offsetMinutes: number
}

export const DEFAULT_CALENDAR_RULES: CalendarRules = { offsetMinutes: 480 }

export type BusinessDate = string
export type BusinessMonth = string

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Days since 1970-01-01 of a business date (a pure calendar count, independent of any zone). */
export function dayNumber(date: BusinessDate): number {
  const [y, m, d] = parseDate(date)
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY)
}

export function dateFromDayNumber(n: number): BusinessDate {
  const d = new Date(n * MS_PER_DAY)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

export function isBusinessDate(s: unknown): s is BusinessDate {
  if (typeof s !== 'string') return false
  const m = DATE_RE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(`${m[1]}-${m[2]}`) && y >= 1970
}

export function isBusinessMonth(s: unknown): s is BusinessMonth {
  if (typeof s !== 'string') return false
  const m = MONTH_RE.exec(s)
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 1970
}

function parseDate(date: BusinessDate): [number, number, number] {
  const m = DATE_RE.exec(date)
  if (!m) throw new Error(`not a business date: ${date}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** The business date of a UTC instant (epoch ms). */
export function businessDateOf(instant: number, rules: CalendarRules = DEFAULT_CALENDAR_RULES): BusinessDate {
  return dateFromDayNumber(Math.floor((instant + rules.offsetMinutes * MS_PER_MINUTE) / MS_PER_DAY))
}

export function businessMonthOf(instant: number, rules: CalendarRules = DEFAULT_CALENDAR_RULES): BusinessMonth {
  return monthOf(businessDateOf(instant, rules))
}

export function monthOf(date: BusinessDate): BusinessMonth {
  return date.slice(0, 7)
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return dateFromDayNumber(dayNumber(date) + days)
}

/** b − a in days. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return dayNumber(b) - dayNumber(a)
}

export function daysInMonth(month: BusinessMonth): number {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

export function addMonthsToMonth(month: BusinessMonth, months: number): BusinessMonth {
  const [y, m] = month.split('-').map(Number)
  const idx = y * 12 + (m - 1) + months
  return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`
}

/** Same day-of-month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const target = addMonthsToMonth(monthOf(date), months)
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(target))
  return `${target}-${pad(day)}`
}

export function firstDayOfMonth(month: BusinessMonth): BusinessDate {
  return `${month}-01`
}

export function lastDayOfMonth(month: BusinessMonth): BusinessDate {
  return `${month}-${pad(daysInMonth(month))}`
}

/** Every date of a month, in order. */
export function datesOfMonth(month: BusinessMonth): BusinessDate[] {
  const n = daysInMonth(month)
  const out: BusinessDate[] = []
  for (let d = 1; d <= n; d++) out.push(`${month}-${pad(d)}`)
  return out
}

/** The UTC instant at which a business date starts. */
export function startOfBusinessDay(date: BusinessDate, rules: CalendarRules = DEFAULT_CALENDAR_RULES): number {
  return dayNumber(date) * MS_PER_DAY - rules.offsetMinutes * MS_PER_MINUTE
}

/** The last millisecond of a business date, as a UTC instant. */
export function endOfBusinessDay(date: BusinessDate, rules: CalendarRules = DEFAULT_CALENDAR_RULES): number {
  return startOfBusinessDay(addDays(date, 1), rules) - 1
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: BusinessDate): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((dayNumber(date) + 3) % 7) + 7) % 7
}

/** The Monday that starts the (ISO, Monday-first) week of a date; used as the key of weekly limits. */
export function weekStartOf(date: BusinessDate): BusinessDate {
  return addDays(date, -weekdayOf(date))
}

/** ISO instant string of an epoch ms. */
export function toIso(instant: number): string {
  return new Date(instant).toISOString()
}

/** Parse an ISO instant; NaN when it is not one. */
export function parseInstant(iso: string): number {
  return typeof iso === 'string' ? Date.parse(iso) : NaN
}
