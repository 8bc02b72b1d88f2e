/**
 * What the SQL storage loads of a member's working set must be what the rules were proved on: the window of lots
 * (`windowOfLots` in src/domain/points.ts, property-tested against every live lot) — found in SQL by index ranges,
 * what it leaves out taken from the ledger's last balance — and the tier window's days, the older ones summed in SQL
 * (`rollingMetrics` with `metricsCarried`, server/core/tx.ts). Compared on the demo's members as the server seeds
 * them, at instants that move the reminder horizon across month and year ends, with windows of 1 to 8 lots.
 */
import { businessDateOf } from '../../src/domain/calendar'
import { lotsWindow, windowOfLots } from '../../src/domain/points'
import { defaultRules } from '../../mock/seed'
import { rollingMetrics } from '../../server/core/tx'
import { forEachDatabase, runScript, type TestDatabase } from './support/databases'
import type { WorkingSets } from './support/working-sets'

const DAY = 86_400_000
/** When the demo is played: a Wednesday afternoon in Shanghai. */
const PLAYED_AT = Date.parse('2026-12-02T15:00:00+08:00')
/** Today; the last instant of the year (the next day the horizon reaches a month further); next month; past the first expiries. */
const INSTANTS = [PLAYED_AT, Date.parse('2026-12-31T23:59:59+08:00'), PLAYED_AT + 40 * DAY, PLAYED_AT + 200 * DAY]
const MIN_LOTS = [1, 3, 8]
const rules = defaultRules(PLAYED_AT)

function workingSets(db: TestDatabase): Promise<WorkingSets> {
  return runScript<WorkingSets>('tests/server/support/working-sets.ts', { playedAt: PLAYED_AT, instants: INSTANTS, minLots: MIN_LOTS }, {
    // The block's database only: a DATABASE_URL in the environment (CI sets one) must not turn the PGlite run into PostgreSQL.
    env: { DATABASE_URL: '', DATA_DIR: '', ...db.serverEnv },
  })
}

forEachDatabase('working sets', (db) => {
  test('hold the window of lots and the tier figures that every live lot and every day give', async () => {
    const { members, cases } = await workingSets(db())
    expect(cases).toHaveLength(Object.keys(members).length * INSTANTS.length * MIN_LOTS.length)
    let windowed = 0
    let summed = 0
    for (const c of cases) {
      const { live, days } = members[c.id]
      const expected = windowOfLots(live, lotsWindow(c.now, rules, c.minLots))
      const at = { id: c.id, now: new Date(c.now).toISOString(), minLots: c.minLots }
      expect({ ...at, lots: c.member.points.lots, unloaded: c.member.points.unloaded }).toEqual({ ...at, lots: expected.lots, unloaded: expected.unloaded })
      const today = businessDateOf(c.now, rules.calendar)
      expect({ ...at, metrics: rollingMetrics(c.member, today, rules) }).toEqual({ ...at, metrics: rollingMetrics({ metricsByDay: days }, today, rules) })
      if (expected.unloaded) windowed++
      if (c.member.metricsCarried && Object.keys(c.member.metricsByDay).length < Object.keys(days).length) summed++
    }
    // Not vacuous: the demo's members have more lots than a window of 1 to 8, and tier days before last month.
    expect(windowed).toBeGreaterThan(cases.length / 4)
    expect(summed).toBeGreaterThan(cases.length / 4)
  }, 120_000)
})
