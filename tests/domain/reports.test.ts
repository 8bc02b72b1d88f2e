import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { monthlyReport, reportIsEmpty, reportMonths, type MonthlyReportInput } from '@/domain/reports'

const ctxAt = (iso: string) => ({ now: parseInstant(iso), config: { calendar: DEFAULT_CALENDAR_RULES } })
const NOW = '2026-02-10T04:00:00Z'

const input: MonthlyReportInput = {
  registeredAt: '2025-11-15T04:00:00Z',
  ledger: [
    { type: 'earn', amount: 10, businessDate: '2025-12-31' },
    { type: 'earn', amount: 15, businessDate: '2026-01-01' },
    { type: 'grant', amount: 100, businessDate: '2026-01-05' },
    { type: 'spend', amount: -50, businessDate: '2026-01-06' },
    { type: 'refund', amount: 20, businessDate: '2026-01-10' },
    { type: 'refund', amount: -7, businessDate: '2026-01-11' },
    { type: 'adjust', amount: 3, businessDate: '2026-01-12' },
    { type: 'expire', amount: -5, businessDate: '2026-01-31' },
    { type: 'earn', amount: 8, businessDate: '2026-02-01' },
  ],
  signins: ['2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-31', '2026-02-01'].map(
    (date) => ({ date }),
  ),
  tasksClaimed: [{ date: '2026-01-02' }, { date: '2026-01-02' }, { date: '2026-01-20' }, { date: '2026-02-01' }],
  couponsUsed: [
    { usedOn: '2025-12-30', savedFen: 100 },
    { usedOn: '2026-01-10', savedFen: 2000 },
    { usedOn: '2026-01-20', savedFen: 500 },
  ],
  growth: [
    { amount: 15, businessDate: '2026-01-01' },
    { amount: 100, businessDate: '2026-01-05' },
    { amount: -7, businessDate: '2026-01-11' },
    { amount: 50, businessDate: '2026-02-02' },
  ],
  tier: { name: '白银会员', nextTierName: '黄金会员', progressLines: ['距离黄金会员还差 285 成长值'] },
  nextMonthBenefits: ['消费 9.8 折', '会员月度免费饮品（每月 1 次）'],
  pointsExpiringNextMonth: 30,
}

describe('§2.9 monthly report (business month)', () => {
  test('a past month, hand-computed', () => {
    const r = monthlyReport(input, '2026-01', ctxAt(NOW))
    expect(r).toEqual({
      month: '2026-01',
      partial: false,
      label: '2026年1月',
      points: { earned: 115, spent: 50, expired: 5, returned: 20, reversed: 7, adjusted: 3, netChange: 76 },
      // the run 12-31 → 01-03 is cut at the month start: best streak inside January is 01-05 … 01-08
      signin: { days: 8, bestStreak: 4 },
      tasksDone: 3,
      coupons: { used: 2, savedFen: 2500 },
      growth: { gained: 115, reversed: 7 },
      tier: input.tier,
      nextMonth: { month: '2026-02', benefits: ['消费 9.8 折', '会员月度免费饮品（每月 1 次）'], pointsExpiring: 30 },
    })
  })

  test('the current month is shown as 本月至今; a future month is refused (month boundary 15:59:59Z vs 16:00:00Z)', () => {
    expect(() => monthlyReport(input, '2026-02', ctxAt('2026-01-31T15:59:59Z'))).toThrow(
      expect.objectContaining({ code: 'REPORT_MONTH_IN_FUTURE', status: 422 }),
    )
    const r = monthlyReport(input, '2026-02', ctxAt('2026-01-31T16:00:00Z'))
    expect(r).toMatchObject({ partial: true, label: '2026年2月（本月至今）' })
    expect(r.signin.days).toBe(1)
  })

  test('year end: December reports preview January of the next year', () => {
    const r = monthlyReport(input, '2025-12', ctxAt(NOW))
    expect(r.nextMonth.month).toBe('2026-01')
    expect(r.points.earned).toBe(10)
    expect(r.coupons).toEqual({ used: 1, savedFen: 100 })
  })

  test('before registration (422) and malformed months (400)', () => {
    expect(monthlyReport(input, '2025-11', ctxAt(NOW)).points.earned).toBe(0)
    expect(() => monthlyReport(input, '2025-10', ctxAt(NOW))).toThrow(expect.objectContaining({ code: 'REPORT_MONTH_BEFORE_REGISTRATION', status: 422 }))
    expect(() => monthlyReport(input, '2026-13', ctxAt(NOW))).toThrow(expect.objectContaining({ code: 'REPORT_MONTH_INVALID', status: 400 }))
    expect(() => monthlyReport(input, '2026-1', ctxAt(NOW))).toThrow(expect.objectContaining({ code: 'REPORT_MONTH_INVALID' }))
  })

  test('report months offered: registration month to the current month, newest first', () => {
    expect(reportMonths('2025-11-15T04:00:00Z', ctxAt(NOW))).toEqual(['2026-02', '2026-01', '2025-12', '2025-11'])
  })
})

test('a month is empty when nothing moved: no points (an adjustment included), sign-in, task, coupon or growth (issue 13 item 8)', () => {
  const nothing = {
    points: { earned: 0, spent: 0, expired: 0, returned: 0, reversed: 0, adjusted: 0, netChange: 0 },
    signin: { days: 0, bestStreak: 0 },
    tasksDone: 0,
    coupons: { used: 0, savedFen: 0 },
    growth: { gained: 0, reversed: 0 },
  }
  expect(reportIsEmpty(nothing)).toBe(true)
  expect(reportIsEmpty({ ...nothing, points: { ...nothing.points, expired: 5, netChange: -5 } })).toBe(false)
  // An operator's adjustment alone is points that moved.
  expect(reportIsEmpty({ ...nothing, points: { ...nothing.points, adjusted: 40, netChange: 40 } })).toBe(false)
  expect(reportIsEmpty({ ...nothing, points: { ...nothing.points, adjusted: -40, netChange: -40 } })).toBe(false)
  // From a server before `adjusted` (an app newer than its server): nothing adjusted, and an empty month stays empty.
  const { adjusted: _, ...older } = nothing.points
  expect(reportIsEmpty({ ...nothing, points: older as typeof nothing.points })).toBe(true)
  expect(reportIsEmpty({ ...nothing, signin: { days: 1, bestStreak: 1 } })).toBe(false)
  expect(reportIsEmpty({ ...nothing, tasksDone: 1 })).toBe(false)
  expect(reportIsEmpty({ ...nothing, coupons: { used: 1, savedFen: 500 } })).toBe(false)
  expect(reportIsEmpty({ ...nothing, growth: { gained: 0, reversed: 3 } })).toBe(false)
})
