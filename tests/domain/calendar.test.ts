/** src/domain/calendar.ts: total over 1970-01-01 … 9999-12-31, a RangeError outside it, never a malformed date. */
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  addMonthsToMonth,
  businessDateOf,
  businessMonthOf,
  dateFromDayNumber,
  datesOfMonth,
  dayNumber,
  daysBetween,
  daysInMonth,
  endOfBusinessDay,
  firstDayOfMonth,
  isBusinessDate,
  isBusinessMonth,
  lastDayOfMonth,
  MAX_BUSINESS_DATE,
  MIN_BUSINESS_DATE,
  monthOf,
  parseStrictInstant,
  startOfBusinessDay,
  toIso,
  weekdayOf,
} from '@/domain/calendar'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-\d{2}$/
const MAX_DAY = dayNumber(MAX_BUSINESS_DATE)
const SEED = 20260217

describe('the span of the calendar', () => {
  test('its ends', () => {
    expect(dayNumber(MIN_BUSINESS_DATE)).toBe(0)
    expect(dateFromDayNumber(0)).toBe('1970-01-01')
    expect(dateFromDayNumber(MAX_DAY)).toBe('9999-12-31')
    expect(isBusinessDate(MIN_BUSINESS_DATE) && isBusinessDate(MAX_BUSINESS_DATE)).toBe(true)
    expect(addMonthsToMonth('9999-11', 1)).toBe('9999-12')
    expect(addMonthsToMonth('1970-02', -1)).toBe('1970-01')
    expect(lastDayOfMonth('9999-12')).toBe('9999-12-31')
    expect(endOfBusinessDay('9999-12-31')).toBe(startOfBusinessDay('9999-12-31') + 86_400_000 - 1)
    expect(businessDateOf(Date.parse('9999-12-31T15:59:59.999Z'))).toBe('9999-12-31')
    expect(toIso(Date.parse('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59.999Z')
  })

  test('past either end: a RangeError, never a five-digit or negative year', () => {
    const beyond: [string, () => unknown][] = [
      ['addDays past the end', () => addDays('9999-12-31', 1)],
      ['addDays before the start', () => addDays('1970-01-01', -1)],
      ['next month of 9999-12', () => addMonthsToMonth('9999-12', 1)],
      ['month before 1970-01', () => addMonthsToMonth('1970-01', -1)],
      ['addMonths past the end', () => addMonths('9999-12-15', 1)],
      ['day number past the end', () => dateFromDayNumber(MAX_DAY + 1)],
      ['negative day number', () => dateFromDayNumber(-1)],
      ['fractional day number', () => dateFromDayNumber(1.5)],
      ['instant in year 10000 (business time)', () => businessDateOf(Date.parse('9999-12-31T16:00:00Z'))],
      ['instant before 1970 (business time)', () => businessDateOf(Date.parse('1969-12-31T15:59:59Z'))],
      ['NaN instant', () => businessDateOf(NaN)],
      ['infinite instant', () => businessMonthOf(Infinity)],
      ['ISO of year 10000', () => toIso(Date.parse('+010000-01-01T00:00:00Z'))],
      ['ISO of NaN', () => toIso(NaN)],
      ['a date before 1970', () => dayNumber('1969-12-31')],
      ['a month before 1970', () => daysInMonth('1969-12')],
      ['fractional months', () => addMonthsToMonth('2026-01', 0.5)],
    ]
    for (const [what, fn] of beyond) expect({ what, error: (() => { try { fn(); return null } catch (e) { return (e as Error).name } })() }).toEqual({ what, error: 'RangeError' })
  })

  test('malformed dates and months are RangeErrors too, and isBusinessDate / isBusinessMonth never throw', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-00-10', '2026-1-1', '26-01-01', '', 'today', '0000-01-01', '10000-01-01']) {
      expect(() => dayNumber(bad)).toThrow(RangeError)
      expect(() => addDays(bad, 1)).toThrow(RangeError)
      expect(isBusinessDate(bad)).toBe(false)
    }
    for (const bad of ['2026-13', '2026-00', '2026-1', '10000-01', '0000-01', '1969-12', 'x']) {
      expect(() => daysInMonth(bad)).toThrow(RangeError)
      expect(() => addMonthsToMonth(bad, 1)).toThrow(RangeError)
      expect(() => firstDayOfMonth(bad)).toThrow(RangeError)
      expect(isBusinessMonth(bad)).toBe(false)
    }
    expect(() => monthOf('garbage')).toThrow(RangeError)
    expect(isBusinessDate(null)).toBe(false)
    expect(isBusinessMonth(202601)).toBe(false)
    expect(isBusinessDate('2028-02-29')).toBe(true)
    expect(isBusinessDate('2100-02-29')).toBe(false)
    expect(isBusinessDate('2000-02-29')).toBe(true)
  })
})

describe('inside the span: total and consistent (properties)', () => {
  const dayNo = fc.integer({ min: 0, max: MAX_DAY })

  test('dateFromDayNumber and dayNumber are inverse; dates are well-formed and ordered as strings', () => {
    fc.assert(
      fc.property(dayNo, dayNo, (a, b) => {
        const da = dateFromDayNumber(a)
        const db = dateFromDayNumber(b)
        return DATE.test(da) && isBusinessDate(da) && dayNumber(da) === a && Math.sign(a - b) === Math.sign(da.localeCompare(db)) && daysBetween(da, db) === b - a
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  test('addDays either lands inside the span or throws a RangeError', () => {
    fc.assert(
      fc.property(dayNo, fc.integer({ min: -4_000_000, max: 4_000_000 }), (n, k) => {
        const date = dateFromDayNumber(n)
        const inside = n + k >= 0 && n + k <= MAX_DAY
        try {
          const out = addDays(date, k)
          return inside && out === dateFromDayNumber(n + k)
        } catch (e) {
          return !inside && e instanceof RangeError
        }
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  test('months: addMonths / addMonthsToMonth stay well-formed or throw a RangeError; the days of a month are its days', () => {
    fc.assert(
      fc.property(dayNo, fc.integer({ min: -120_000, max: 120_000 }), (n, k) => {
        const date = dateFromDayNumber(n)
        const month = monthOf(date)
        const [y, m] = month.split('-').map(Number)
        const idx = y * 12 + m - 1 + k
        const inside = idx >= 1970 * 12 && idx <= 9999 * 12 + 11
        try {
          const next = addMonthsToMonth(month, k)
          const moved = addMonths(date, k)
          const days = datesOfMonth(next)
          return (
            inside && MONTH.test(next) && isBusinessMonth(next) && monthOf(moved) === next && isBusinessDate(moved) && days.length === daysInMonth(next) && days.every(isBusinessDate)
          )
        } catch (e) {
          return !inside && e instanceof RangeError
        }
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  test('instants: business date, month, day bounds and ISO form agree', () => {
    const lo = startOfBusinessDay(MIN_BUSINESS_DATE)
    const hi = endOfBusinessDay(MAX_BUSINESS_DATE)
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), (t) => {
        const d = businessDateOf(t)
        return (
          DATE.test(d) &&
          businessMonthOf(t) === monthOf(d) &&
          startOfBusinessDay(d) <= t &&
          t <= endOfBusinessDay(d) &&
          weekdayOf(d) >= 0 &&
          weekdayOf(d) <= 6 &&
          (t < 0 || Date.parse(toIso(t)) === t)
        )
      }),
      { seed: SEED, numRuns: 2000 },
    )
    expect(() => businessDateOf(lo - 1)).toThrow(RangeError)
    expect(() => businessDateOf(hi + 1)).toThrow(RangeError)
  })
})

describe('parseStrictInstant: an instant a client names, only if it exists', () => {
  test('RFC 3339 instants read as Date.parse reads them', () => {
    for (const iso of ['2026-02-28T23:59:59Z', '2024-02-29T00:00:00.000Z', '2026-11-24T10:00:00+08:00', '2026-03-01t00:00:00.123456z', '2026-01-01T00:00:00-12:00']) {
      expect({ iso, ms: parseStrictInstant(iso) }).toEqual({ iso, ms: Date.parse(iso) })
    }
  })

  test('a day or time that does not exist, or another form, is NaN (Date.parse would roll it over or guess)', () => {
    for (const iso of ['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-04-31T10:00:00+08:00', '2026-02-28T24:00:00Z', '2026-02-28T23:60:00Z', '2026-02-28T23:59:60Z',
      '2026-02-28T10:00:00+24:00', '2026-02-28T10:00:00+0800', '2026-03-01', '2026-03-01T10:00Z', 'March 1 2026', '', null, 0]) {
      expect({ iso, ms: parseStrictInstant(iso) }).toEqual({ iso, ms: NaN })
    }
    // What Date.parse does with the first of them: the defect this guards against.
    expect(new Date(Date.parse('2026-02-30T00:00:00Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z')
  })
})
