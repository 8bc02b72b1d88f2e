/** SPEC §8: an operator's points adjustment — `adjust` in the ledger, never below 0, oldest lots first. */
import fc from 'fast-check'
import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { adjustPoints, balanceOf, DEFAULT_POINTS_RULES, emptyPointsState, grantPoints, type PointsCtx, type PointsState } from '@/domain/points'
import { expectRuleError } from '../support/rule-error'

const at = (local: string): PointsCtx => ({ now: parseInstant(`${local.replace(' ', 'T')}:00+08:00`), rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, points: DEFAULT_POINTS_RULES } })

function withLots(): PointsState {
  let s = emptyPointsState()
  s = grantPoints(s, { amount: 30, source: 'grant', ref: 'old' }, at('2026-01-10 10:00')).state
  s = grantPoints(s, { amount: 50, source: 'grant', ref: 'new' }, at('2026-03-10 10:00')).state
  return s
}

test('a credit is a lot of its own with the usual expiry and an adjust entry; no growth', () => {
  const r = adjustPoints(withLots(), { amount: 20, reason: '客服补偿', ref: 'adj-1' }, at('2026-04-01 09:00'))
  const entry = r.state.ledger.at(-1)!
  expect(entry).toMatchObject({ type: 'adjust', amount: 20, balanceAfter: 100, reason: '客服补偿', ref: 'adj-1' })
  expect(entry.growth).toBeUndefined()
  const lot = r.state.lots.find((l) => l.ref === 'adj-1')!
  expect(lot).toMatchObject({ amount: 20, remaining: 20, earnedOn: '2026-04-01', expiresOn: '2027-04-01' })
})

test('a debit takes the oldest lots first and may not take the balance below 0', () => {
  const r = adjustPoints(withLots(), { amount: -40, reason: '误发积分扣回', ref: 'adj-2' }, at('2026-04-01 09:00'))
  expect(r.state.ledger.at(-1)).toMatchObject({ type: 'adjust', amount: -40, balanceAfter: 40 })
  expect(r.state.lots.map((l) => [l.ref, l.remaining])).toEqual([
    ['old', 0],
    ['new', 40],
  ])
  expectRuleError(() => adjustPoints(r.state, { amount: -41, reason: '扣回', ref: 'adj-3' }, at('2026-04-01 09:00')), 'POINTS_ADJUST_BELOW_ZERO', 422)
})

test('refused: zero, a fraction, a missing reason', () => {
  for (const amount of [0, 1.5, Number.NaN]) expectRuleError(() => adjustPoints(withLots(), { amount, reason: 'x', ref: 'a' }, at('2026-04-01 09:00')), 'POINTS_INVALID_AMOUNT', 400)
  expectRuleError(() => adjustPoints(withLots(), { amount: 5, reason: '  ', ref: 'a' }, at('2026-04-01 09:00')), 'POINTS_ADJUST_REASON_REQUIRED', 400)
})

test('property: after any adjustments, balance = Σ live lots = the last balance-after ≥ 0', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -120, max: 120 }).filter((n) => n !== 0), { maxLength: 30 }), (amounts) => {
      let s = withLots()
      amounts.forEach((amount, i) => {
        try {
          s = adjustPoints(s, { amount, reason: '调整', ref: `a-${i}` }, at('2026-04-01 09:00')).state
        } catch {
          // a debit past zero is refused and changes nothing
        }
      })
      const now = at('2026-04-01 09:00').now
      const live = s.lots.filter((l) => l.expiresAt >= now).reduce((t, l) => t + l.remaining, 0)
      expect(balanceOf(s, now)).toBe(live)
      expect(s.ledger.at(-1)!.balanceAfter).toBe(live)
      expect(live).toBeGreaterThanOrEqual(0)
    }),
  )
})
