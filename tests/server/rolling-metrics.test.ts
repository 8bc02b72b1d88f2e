/**
 * The tier metrics' rolling window sums are kept by the map they were summed from and carried forward as a write
 * bumps a day (server/core/tx.ts: withDayMetrics), instead of adding up 13 months of days again on every bump. The
 * carried sums must equal a fresh sum of the same days — with days inside and outside the window, negative
 * increments (refunds) and sums clamped at 0.
 */
import { addDays, addMonths, type BusinessDate } from '../../src/domain/calendar'
import { randomInt, seededRng } from '../../src/domain/context'
import { DEFAULT_RULES_CONFIG } from '../../src/domain/config'
import { NotLoaded } from '../../src/domain/errors'
import type { MemberMetrics } from '../../src/domain/tiers'
import type { MemberRecord } from '../../server/core/records'
import { periodMetrics, rollingMetrics, withDayMetrics } from '../../server/core/tx'

const TODAY: BusinessDate = '2026-12-02'
const rules = DEFAULT_RULES_CONFIG
const months = rules.tiers.retentionMonths

test.each([1, 2, 3, 4])('carried window sums equal a fresh sum (seed %i)', (seed) => {
  const rng = seededRng(seed)
  let byDay: Record<BusinessDate, Partial<MemberMetrics>> = {}
  for (let i = 0; i < 420; i++) byDay[addDays(TODAY, -i)] = { activeDays: 1, spendFen: randomInt(rng, 5000), growth: randomInt(rng, 30) }
  rollingMetrics({ metricsByDay: byDay }, TODAY, rules) // the sums are now known for this map
  const edge = addMonths(TODAY, -months)
  for (let step = 0; step < 200; step++) {
    // Today, a day inside the window, the window's first and last excluded days, a day after today.
    const date = [TODAY, addDays(TODAY, -randomInt(rng, 360)), edge, addDays(edge, 1), addDays(TODAY, 1)][randomInt(rng, 5)]
    const entry: Partial<MemberMetrics> = { ...(byDay[date] ?? {}), spendFen: (byDay[date]?.spendFen ?? 0) + randomInt(rng, 40_000) - 20_000, orders: randomInt(rng, 3) - 1 }
    byDay = withDayMetrics(byDay, date, entry)
    expect(rollingMetrics({ metricsByDay: byDay }, TODAY, rules)).toEqual(rollingMetrics({ metricsByDay: { ...byDay } }, TODAY, rules))
  }
  // Clamped at 0, never negative, even when refunds outweigh spending.
  byDay = withDayMetrics(byDay, TODAY, { spendFen: -10_000_000 })
  expect(rollingMetrics({ metricsByDay: byDay }, TODAY, rules).spendFen).toBe(0)
  expect(rollingMetrics({ metricsByDay: byDay }, TODAY, rules)).toEqual(rollingMetrics({ metricsByDay: { ...byDay } }, TODAY, rules))
})

/**
 * The SQL storage loads the days from the previous month on and sums the rest of the window (`metricsCarried`).
 * The window's figures must be the same either way, as days are bumped; a day it summed cannot be bumped, and a
 * window that moved since it summed them cannot be read: both hand the request back to be run on every day.
 */
test.each([1, 2, 3])('days summed before the loaded ones give the window the same figures (seed %i)', (seed) => {
  const rng = seededRng(seed)
  let byDay: Record<BusinessDate, Partial<MemberMetrics>> = {}
  for (let i = 0; i < 420; i++) if (randomInt(rng, 4) > 0) byDay[addDays(TODAY, -i)] = { activeDays: 1, spendFen: randomInt(rng, 5000) - 500, growth: randomInt(rng, 30) }
  const start = addMonths(TODAY, -months)
  const from: BusinessDate = '2026-11-01'
  const sums: MemberMetrics = { growth: 0, spendFen: 0, orders: 0, activeDays: 0, signinDays: 0, tasksCompleted: 0, shares: 0 }
  let loaded: Record<BusinessDate, Partial<MemberMetrics>> = {}
  for (const [date, m] of Object.entries(byDay)) {
    if (date >= from) loaded[date] = m
    else if (date > start) for (const [k, v] of Object.entries(m) as [keyof MemberMetrics, number][]) sums[k] += v
  }
  const carried = { start, from, sums }
  for (let step = 0; step < 100; step++) {
    expect(rollingMetrics({ metricsByDay: loaded, metricsCarried: carried }, TODAY, rules)).toEqual(rollingMetrics({ metricsByDay: byDay }, TODAY, rules))
    const date = addDays(TODAY, -randomInt(rng, 32))
    const entry: Partial<MemberMetrics> = { ...(byDay[date] ?? {}), growth: (byDay[date]?.growth ?? 0) + randomInt(rng, 200) - 100 }
    byDay = withDayMetrics(byDay, date, entry)
    loaded = withDayMetrics(loaded, date, entry)
  }
  expect(() => rollingMetrics({ metricsByDay: loaded, metricsCarried: carried }, addDays(TODAY, 1), rules)).toThrow(NotLoaded)
})

/**
 * 保级 counts what was done after the earned tier was reached (`periodMetrics`): from the days loaded and, for the
 * older ones, the sums of the days after `since` — the same figures as from every day, for a `since` among the summed
 * days or among the loaded ones; a `since` other than the one the storage summed for cannot be read from its sums.
 */
test.each([1, 2, 3])('the period since the tier was reached has the same figures summed or loaded (seed %i)', (seed) => {
  const rng = seededRng(seed)
  const byDay: Record<BusinessDate, Partial<MemberMetrics>> = {}
  for (let i = 0; i < 420; i++) if (randomInt(rng, 3) > 0) byDay[addDays(TODAY, -i)] = { activeDays: 1, spendFen: randomInt(rng, 5000), growth: randomInt(rng, 30) }
  const start = addMonths(TODAY, -months)
  const from: BusinessDate = '2026-11-01'
  const tierSince = (since: BusinessDate) => ({ earned: { tierId: 'gold', since, expiresOn: addMonths(since, months) } }) as MemberRecord['tier']
  for (const since of [addDays(start, -40), addDays(start, 20), '2026-06-15', addDays(from, -1), from, addDays(TODAY, -3), TODAY]) {
    const sum = (after: BusinessDate, before: BusinessDate): MemberMetrics => {
      const out: MemberMetrics = { growth: 0, spendFen: 0, orders: 0, activeDays: 0, signinDays: 0, tasksCompleted: 0, shares: 0 }
      for (const [date, m] of Object.entries(byDay)) if (date > after && date < before) for (const [k, v] of Object.entries(m) as [keyof MemberMetrics, number][]) out[k] += v
      return out
    }
    const loaded = Object.fromEntries(Object.entries(byDay).filter(([date]) => date >= from))
    const carried = { start, from, sums: sum(start, from), period: { since, sums: sum(since > start ? since : start, from) } }
    const whole = periodMetrics({ metricsByDay: byDay, tier: tierSince(since) }, TODAY, rules)
    expect(periodMetrics({ metricsByDay: loaded, metricsCarried: carried, tier: tierSince(since) }, TODAY, rules)).toEqual(whole)
    // Never more than the rolling window: only its days after `since`.
    expect(whole.growth).toBeLessThanOrEqual(rollingMetrics({ metricsByDay: byDay }, TODAY, rules).growth)
    if (since > start) expect(whole).toEqual(sum(since, addDays(TODAY, 1)))
    // Summed for another `since`: the request runs again on every day — unless every day after `since` is loaded.
    const other = { ...carried, period: { since: addDays(since, -1), sums: carried.period.sums } }
    if (since < from) expect(() => periodMetrics({ metricsByDay: loaded, metricsCarried: other, tier: tierSince(since) }, TODAY, rules)).toThrow(NotLoaded)
    else expect(periodMetrics({ metricsByDay: loaded, metricsCarried: other, tier: tierSince(since) }, TODAY, rules)).toEqual(whole)
  }
})
