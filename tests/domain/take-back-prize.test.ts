/**
 * SPEC §2.5: a leaderboard prize a refund made undeserved is taken back like a refund's reversal — oldest lots first,
 * what the balance cannot cover owed (and settled from the next points earned), one `refund` line under the prize's
 * ref that no leaderboard counts.
 */
import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { balanceOf, DEFAULT_POINTS_RULES, emptyPointsState, grantPoints, takeBackPrize, type PointsCtx, type PointsState } from '@/domain/points'
import { expectRuleError } from '../support/rule-error'

const at = (local: string): PointsCtx => ({ now: parseInstant(`${local.replace(' ', 'T')}:00+08:00`), rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, points: DEFAULT_POINTS_RULES } })

function withPrize(): PointsState {
  let s = emptyPointsState()
  s = grantPoints(s, { amount: 30, source: 'signin', ref: 'signin:2026-06-10' }, at('2026-06-10 10:00')).state
  s = grantPoints(s, { amount: 500, source: 'prize', ref: 'leaderboard:race:1', reason: '积分排行榜 第 1 名奖励' }, at('2026-06-15 10:00')).state
  return s
}

test('what the balance covers is taken, oldest lots first, under the prize’s ref', () => {
  const r = takeBackPrize(withPrize(), { amount: 200, reason: '退款后排名第 2 名，收回排行榜奖励 200 积分', ref: 'leaderboard:race:1' }, at('2026-06-18 12:00'))
  expect(r).toMatchObject({ taken: 200, shortfall: 0 })
  expect(r.state.ledger.at(-1)).toMatchObject({ type: 'refund', amount: -200, balanceAfter: 330, ref: 'leaderboard:race:1', shortfall: 0, revokesPrize: true })
  expect(r.state.lots.map((l) => l.remaining)).toEqual([0, 330])
  expect(balanceOf(r.state, at('2026-06-18 12:00').now)).toBe(330)
  expect(r.state.owed).toBeUndefined()
})

test('what the member already spent is owed, and the next points earned settle it', () => {
  const r = takeBackPrize(withPrize(), { amount: 600, reason: '收回', ref: 'leaderboard:race:1' }, at('2026-06-18 12:00'))
  expect(r).toMatchObject({ taken: 530, shortfall: 70 })
  expect(r.state.ledger.at(-1)).toMatchObject({ amount: -530, balanceAfter: 0, shortfall: 70 })
  expect(r.state.owed).toBe(70)
  const next = grantPoints(r.state, { amount: 100, source: 'signin', ref: 'signin:2026-06-19' }, at('2026-06-19 10:00'))
  expect(next.state.owed).toBe(0)
  expect(balanceOf(next.state, at('2026-06-19 10:00').now)).toBe(30)
})

test('refused: nothing, a fraction', () => {
  for (const amount of [0, -5, 1.5]) expectRuleError(() => takeBackPrize(withPrize(), { amount, reason: 'x', ref: 'r' }, at('2026-06-18 12:00')), 'POINTS_INVALID_AMOUNT', 400)
})
