/**
 * The sheet after a sign-in says what the points were made of: on a double-points day the base already holds the
 * campaign's ×2 (a gold member's 12 paid as 24), so it must not read as "24, then doubled".
 */
import { render } from '@testing-library/react'
import type { SigninResponse } from '@/api/contract'
import { SigninResultSheet } from '@/components/signin/signin-result-sheet'

const result = (awarded: Partial<SigninResponse['awarded']>): SigninResponse =>
  ({
    awarded: { base: 12, bonus: 0, capped: 0, cappedBy: null, settled: 0, ...awarded },
    streak: 7,
    cycleDay: 7,
    balance: 1000,
    followUpTasks: [],
    calendar: { month: '2026-12', days: [] },
  }) as unknown as SigninResponse

function words(r: SigninResponse, multiplier: number): string {
  const { container, unmount } = render(<SigninResultSheet result={r} multiplier={multiplier} onClose={() => undefined} onTask={() => undefined} />)
  const text = [container.querySelector('#signin-result-points')?.textContent, container.querySelector('#signin-result-points + .muted')?.textContent]
  unmount()
  return text.join(' | ')
}

test('the base says it already holds the campaign multiplier; a streak bonus adds to it', () => {
  expect(words(result({ base: 12 }), 1)).toBe('+12 积分 | 基础 12')
  expect(words(result({ base: 24 }), 2)).toBe('+24 积分 | 基础 24（已含活动 ×2）')
  expect(words(result({ base: 24, bonus: 30 }), 2)).toBe('+54 积分 | 基础 24（已含活动 ×2） + 连签奖励 30')
})
