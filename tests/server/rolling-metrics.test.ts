/**
 * The tier metrics' rolling window sums are kept by the map they were summed from and carried forward as a write
 * bumps a day (server/core/tx.ts: withDayMetrics), instead of adding up 13 months of days again on every bump. The
 * carried sums must equal a fresh sum of the same days — with days inside and outside the window, negative
 * increments (refunds) and sums clamped at 0.
 */
import { addDays, addMonths, type BusinessDate } from '../../src/domain/calendar'
import { randomInt, seededRng } from '../../src/domain/context'
import { DEFAULT_RULES_CONFIG } from '../../src/domain/config'
import type { MemberMetrics } from '../../src/domain/tiers'
import { rollingMetrics, withDayMetrics } from '../../server/core/tx'

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
