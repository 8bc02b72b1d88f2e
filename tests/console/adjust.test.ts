/** 调整积分's amount as the operator typed it, and 补发优惠券 against the day's approval amount (console/src/lib/adjust.ts). */
import { adjustAmount, reissueProblem, reissueRoom, reissueWorth } from '../../console/src/lib/adjust'

test('a whole number from 1 to 10,000,000 is the points sent, leading zeros aside', () => {
  expect(['1', '50', ' 900 ', '0050', '10000000', 7].map(adjustAmount)).toEqual([1, 50, 900, 50, 10_000_000, 7].map((points) => ({ points })))
})

test('more than the bound is refused for its size, however many digits: none is read through a double', () => {
  for (const typed of ['10000001', '99999999999999', '12345678901234567890', '000000000012345678901234567890']) {
    expect({ typed, said: adjustAmount(typed) }).toEqual({ typed, said: { problem: '单次最多调整 10,000,000 积分' } })
  }
})

test('no whole number of points: zero, negative, a fraction or an exponent', () => {
  for (const typed of ['0', '000', '-300', '-12345678901234567890', '2.5', '1e3', '1.00000000000000000001']) {
    expect({ typed, said: adjustAmount(typed) }).toEqual({ typed, said: { problem: '请输入 1–10,000,000 的整数' } })
  }
  expect([null, undefined, '', '  '].map(adjustAmount)).toEqual(Array(4).fill({ problem: '请输入积分数' }))
})

test('a coupon reissued is worth its face value in points, rounded up as the server counts it', () => {
  expect(reissueWorth({ kind: 'no_threshold', offFen: 500 }, 10)).toBe(50)
  expect(reissueWorth({ kind: 'threshold', offFen: 2000, minSpendFen: 10000 }, 10)).toBe(200)
  expect(reissueWorth({ kind: 'discount', percent: 90, maxOffFen: 3001 }, 10)).toBe(301)
  expect(reissueWorth({ kind: 'discount', percent: 90 }, 10)).toBe(Number.POSITIVE_INFINITY)
})

test('what is left of the day’s approval amount, and a coupon worth more refused with both figures', () => {
  const policy = { approvalAbove: 1000, appliedToday: 800 }
  expect(reissueRoom(policy)).toBe(200)
  expect(reissueRoom({ approvalAbove: 1000, appliedToday: 1200 })).toBe(0)
  expect(reissueProblem(200, policy)).toBeUndefined()
  expect(reissueProblem(300, policy)).toBe('本券面值折合 300 积分，超过今日剩余额度 200 积分；请改用积分调整，由另一位管理员审批')
  expect(reissueProblem(Number.POSITIVE_INFINITY, policy)).toBe('本券为不封顶的折扣券，面值不限，超过今日剩余额度 200 积分；请改用积分调整，由另一位管理员审批')
})
