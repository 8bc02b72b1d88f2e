/**
 * The business calendar. "Today", "this month", streaks, caps and expiry are all computed from a UTC
 * instant plus a fixed offset (default +480 min, Asia/Shanghai, no DST), never from the device's zone.
 * Business dates are 'YYYY-MM-DD' strings and months 'YYYY-MM'; both compare correctly as strings.
 *
 * The calendar spans 1970-01-01 … 9999-12-31 (MIN_BUSINESS_DATE … MAX_BUSINESS_DATE: four-digit years, so
 * string order stays date order). Every function is total over that span and throws a RangeError for an
 * input or a result outside it (a malformed date, month or instant too) — never a five-digit or negative
 * year. Callers keep their instants well inside it (the mock's test clock: 2000 … 2999).
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

export const MIN_BUSINESS_DATE: BusinessDate = '1970-01-01'
export const MAX_BUSINESS_DATE: BusinessDate = '9999-12-31'
const MIN_YEAR = 1970
const MAX_YEAR = 9999
/** dayNumber(MAX_BUSINESS_DATE). */
const MAX_DAY_NUMBER = Math.floor(Date.UTC(MAX_YEAR, 11, 31) / MS_PER_DAY)

function outOfRange(what: string): RangeError {
  return new RangeError(`${what} is outside the business calendar (${MIN_BUSINESS_DATE} … ${MAX_BUSINESS_DATE})`)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Days since 1970-01-01 of a business date (a pure calendar count, independent of any zone). */
export function dayNumber(date: BusinessDate): number {
  const [y, m, d] = parseDate(date)
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY)
}

/** The business date `n` days after 1970-01-01; `n` an integer from 0 to dayNumber(MAX_BUSINESS_DATE). */
export function dateFromDayNumber(n: number): BusinessDate {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAY_NUMBER) throw outOfRange(`day number ${n}`)
  const d = new Date(n * MS_PER_DAY)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

function monthDays(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

/** A `YYYY-MM-DD` date that exists, from 1970-01-01 to 9999-12-31. */
export function isBusinessDate(s: unknown): s is BusinessDate {
  return isCalendarDate(s) && Number(s.slice(0, 4)) >= MIN_YEAR
}

/** A `YYYY-MM-DD` date that exists, any year to 9999 (a birthday may be before the business calendar starts). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string') return false
  const m = DATE_RE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= monthDays(y, mo)
}

/** A `YYYY-MM` month from 1970-01 to 9999-12. */
export function isBusinessMonth(s: unknown): s is BusinessMonth {
  if (typeof s !== 'string') return false
  const m = MONTH_RE.exec(s)
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= MIN_YEAR && Number(m[1]) <= MAX_YEAR
}

function parseDate(date: BusinessDate): [number, number, number] {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null
  if (!m) throw new RangeError(`not a business date: ${String(date)}`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays(y, mo)) throw new RangeError(`not a business date: ${date}`)
  if (y < MIN_YEAR) throw outOfRange(date)
  return [y, mo, d]
}

function parseMonth(month: BusinessMonth): [number, number] {
  const m = typeof month === 'string' ? MONTH_RE.exec(month) : null
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a business month: ${String(month)}`)
  if (Number(m[1]) < MIN_YEAR) throw outOfRange(month)
  return [Number(m[1]), Number(m[2])]
}

/** The business date of a UTC instant (epoch ms). */
export function businessDateOf(instant: number, rules: CalendarRules = DEFAULT_CALENDAR_RULES): BusinessDate {
  if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`)
  const n = Math.floor((instant + rules.offsetMinutes * MS_PER_MINUTE) / MS_PER_DAY)
  if (n < 0 || n > MAX_DAY_NUMBER) throw outOfRange(`instant ${instant}`)
  return dateFromDayNumber(n)
}

export function businessMonthOf(instant: number, rules: CalendarRules = DEFAULT_CALENDAR_RULES): BusinessMonth {
  return monthOf(businessDateOf(instant, rules))
}

export function monthOf(date: BusinessDate): BusinessMonth {
  if (typeof date !== 'string' || !DATE_RE.test(date)) throw new RangeError(`not a business date: ${String(date)}`)
  return date.slice(0, 7)
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return dateFromDayNumber(dayNumber(date) + days)
}

/** addDays stopped at the calendar's ends (a window reaching past them is cut, e.g. "the 30 days up to 1970-01-05"). */
export function addDaysClamped(date: BusinessDate, days: number): BusinessDate {
  return dateFromDayNumber(Math.min(MAX_DAY_NUMBER, Math.max(0, dayNumber(date) + days)))
}

/** b − a in days. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return dayNumber(b) - dayNumber(a)
}

export function daysInMonth(month: BusinessMonth): number {
  const [y, m] = parseMonth(month)
  return monthDays(y, m)
}

export function addMonthsToMonth(month: BusinessMonth, months: number): BusinessMonth {
  const [y, m] = parseMonth(month)
  if (!Number.isInteger(months)) throw new RangeError(`not a whole number of months: ${months}`)
  const idx = y * 12 + (m - 1) + months
  const year = Math.floor(idx / 12)
  if (year < MIN_YEAR || year > MAX_YEAR) throw outOfRange(`${month} + ${months} months`)
  return `${year}-${pad((idx % 12) + 1)}`
}

/** Same day-of-month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const target = addMonthsToMonth(monthOf(date), months)
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(target))
  return `${target}-${pad(day)}`
}

export function firstDayOfMonth(month: BusinessMonth): BusinessDate {
  parseMonth(month)
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

/**
 * "2026-06-30" → "6月30日": member copy never shows ISO dates. Given the business day the words are written on,
 * a date of another year says its year ("2027年1月10日").
 */
export function monthDayWords(date: BusinessDate, today?: BusinessDate): string {
  const year = today && today.slice(0, 4) !== date.slice(0, 4) ? `${Number(date.slice(0, 4))}年` : ''
  return `${year}${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** An instant in business time, in words: "3月10日 11:00" (the year when it is not `today`'s). */
export function instantWords(instant: number, today: BusinessDate, rules: CalendarRules = DEFAULT_CALENDAR_RULES): string {
  const local = new Date(instant + rules.offsetMinutes * MS_PER_MINUTE)
  const hm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`
  return `${monthDayWords(businessDateOf(instant, rules), today)} ${hm}`
}

/** The UTC instant at which a business date starts. */
export function startOfBusinessDay(date: BusinessDate, rules: CalendarRules = DEFAULT_CALENDAR_RULES): number {
  return dayNumber(date) * MS_PER_DAY - rules.offsetMinutes * MS_PER_MINUTE
}

/** The last millisecond of a business date, as a UTC instant. */
export function endOfBusinessDay(date: BusinessDate, rules: CalendarRules = DEFAULT_CALENDAR_RULES): number {
  return startOfBusinessDay(date, rules) + MS_PER_DAY - 1
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

/** ISO instant string of an epoch ms (`YYYY-MM-DDTHH:mm:ss.sssZ`; a RangeError beyond year 9999 or before 0). */
export function toIso(instant: number): string {
  const iso = new Date(instant).toISOString()
  if (iso.length !== 24) throw new RangeError(`instant ${instant} has no four-digit-year ISO form`)
  return iso
}

/** Parse an ISO instant; NaN when it is not one. */
export function parseInstant(iso: string): number {
  return typeof iso === 'string' ? Date.parse(iso) : NaN
}

/** RFC 3339 `date-time` (the contract's format): a date, `T`, a time (a fraction optional), `Z` or an offset. */
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/

/**
 * An instant a client sent, strictly: RFC 3339 with a date and time of day that exist; NaN otherwise. `parseInstant`
 * (Date.parse) reads 2026-02-30 as 3月2日 and 24:00 as the next day, and takes forms the contract does not; what the
 * backend wrote itself it may read leniently, what a client names it must not guess.
 */
export function parseStrictInstant(iso: unknown): number {
  if (typeof iso !== 'string') return NaN
  const m = INSTANT_RE.exec(iso)
  if (!m || !isBusinessDate(m[1])) return NaN
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])]
  if (hour > 23 || minute > 59 || second > 59) return NaN
  if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59)) return NaN
  return Date.parse(iso)
}
