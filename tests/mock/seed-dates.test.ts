/**
 * The demo seed keeps its promises whatever day it is played up to (issue #9): a fixed sample of awkward
 * instants here; `npm run test:dates` sweeps every day from 2026-01-01 to 2028-03-31 with the same checks.
 */
import { awkwardInstants, checkDemoAt } from './support/demo-invariants'

const instants = awkwardInstants()

test('the sample has at least 60 awkward instants', () => {
  expect(instants.length).toBeGreaterThanOrEqual(60)
})

test.each(instants)('the demo seeded at %s adds up and has every promised kind of history', async (iso) => {
  expect(await checkDemoAt(iso)).toEqual([])
})
