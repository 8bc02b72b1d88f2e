import { DEFAULT_CALENDAR_RULES, endOfBusinessDay, parseInstant } from '@/domain/calendar'
import {
  DEFAULT_METRICS_RULES,
  rateOf,
  roiOf,
  validateMetricsRules,
  type MetricsConfig,
  type MetricsEvent,
  type MetricsInput,
} from '@/domain/metrics'
import { computeMetrics } from '@/domain/metrics-dashboard'

// Every event at 10:00 business time of its date.
const ev = (type: string, memberId: string, date: string, extra: Partial<MetricsEvent> = {}): MetricsEvent => ({
  type,
  memberId,
  at: `${date}T10:00:00+08:00`,
  ...extra,
})

/*
 * Hand-computed log, range 2026-03-01 … 2026-03-10, today 2026-03-12:
 *   A  member from 03-01: active 03-01, 03-02 (signin), 03-05 (paid_member, joins cw), 03-08 (benefit_use)
 *   B  visitor 03-01, 03-02; registers 03-03 (joins + completes cw)
 *   C  member from 03-02: active 03-02, 03-09 (signin)
 *   D  visitor: active 03-03 (joins cw)
 *   E  member since 02-20: active 02-20, 03-04
 *   F  visitor: active 03-10
 *   costs: prize 300 fen (cw) on 03-05, coupon 200 fen on 03-06
 */
const events: MetricsEvent[] = [
  ev('register', 'E', '2026-02-20', { isMember: true }),
  ev('open', 'E', '2026-03-04', { isMember: true }),
  ev('register', 'A', '2026-03-01', { isMember: true }),
  ev('open', 'A', '2026-03-01', { isMember: true }),
  ev('open', 'B', '2026-03-01', { isMember: false }),
  ev('signin', 'A', '2026-03-02', { isMember: true }),
  ev('open', 'B', '2026-03-02', { isMember: false }),
  ev('register', 'C', '2026-03-02', { isMember: true }),
  ev('open', 'C', '2026-03-02', { isMember: true }),
  ev('register', 'B', '2026-03-03', { isMember: true }),
  ev('campaign_join', 'B', '2026-03-03', { campaignId: 'cw', isMember: true }),
  ev('campaign_complete', 'B', '2026-03-03', { campaignId: 'cw', isMember: true }),
  ev('open', 'D', '2026-03-03', { isMember: false }),
  ev('campaign_join', 'D', '2026-03-03', { campaignId: 'cw', isMember: false }),
  ev('paid_member', 'A', '2026-03-05', { isMember: true }),
  ev('campaign_join', 'A', '2026-03-05', { campaignId: 'cw', isMember: true }),
  ev('prize_cost', 'A', '2026-03-05', { campaignId: 'cw', costFen: 300 }),
  ev('coupon_cost', 'B', '2026-03-06', { costFen: 200 }),
  ev('benefit_use', 'A', '2026-03-08', { isMember: true }),
  ev('signin', 'C', '2026-03-09', { isMember: true }),
  ev('open', 'F', '2026-03-10', { isMember: false }),
]

const input: MetricsInput = {
  events,
  from: '2026-03-01',
  to: '2026-03-10',
  // A gold, B and C normal, E silver.
  tierCounts: [
    { tierId: 'gold', members: 1 },
    { tierId: 'normal', members: 2 },
    { tierId: 'silver', members: 1 },
  ],
  tierOrder: ['normal', 'silver', 'gold', 'diamond'],
  campaigns: [
    { id: 'cw', name: '幸运大转盘', startsAt: '2026-03-03T00:00:00+08:00', endsAt: '2026-03-06T00:00:00+08:00' },
    { id: 'cx', name: '春节集福卡', startsAt: '2026-03-05T00:00:00+08:00', endsAt: '2026-03-07T00:00:00+08:00' },
  ],
  // A lot's expiresAt is the last millisecond of its last business day (Shanghai: 2026-03-31 ends 15:59:59.999Z).
  liveLots: [
    { expiresAt: endOfBusinessDay('2026-03-31'), points: 40 },
    { expiresAt: endOfBusinessDay('2026-04-01'), points: 25 },
    { expiresAt: endOfBusinessDay('2026-04-30'), points: 5 },
    { expiresAt: endOfBusinessDay('2027-01-31'), points: 100 },
  ],
  tierChanges: [
    { from: 'normal', to: 'silver', changes: 2 },
    { from: 'silver', to: 'gold', changes: 1 },
    { from: 'normal', to: 'silver', changes: 1 },
    { from: 'gold', to: 'silver', changes: 2 },
    { from: 'silver', to: 'silver', changes: 4 },
  ],
}
const ctx = (metrics = DEFAULT_METRICS_RULES, now = '2026-03-12T02:00:00Z'): { now: number; config: MetricsConfig } => ({
  now: parseInstant(now),
  config: { calendar: DEFAULT_CALENDAR_RULES, metrics, points: { pointValueFen: 1 } },
})

describe('§2.11 operator metrics on a hand-computed log', () => {
  const m = computeMetrics(input, ctx())

  test('points liability: what members hold now, worth at checkout, by the month it expires', () => {
    expect(m.liability).toEqual({
      outstandingPoints: 170,
      valueFen: 170,
      expiringByMonth: [
        { month: '2026-03', points: 40 },
        { month: '2026-04', points: 30 },
        { month: '2027-01', points: 100 },
      ],
    })
  })

  test('tier movement: up and down by the tiers\' order, summed by from → to; a change that changed nothing is not one', () => {
    expect(m.tierMovement).toEqual({
      upgrades: 4,
      downgrades: 2,
      flows: [
        { from: 'normal', to: 'silver', changes: 3 },
        { from: 'gold', to: 'silver', changes: 2 },
        { from: 'silver', to: 'gold', changes: 1 },
      ],
    })
  })

  test('new members, paid-member rate, tier distribution', () => {
    expect(m.completeThrough).toBe('2026-03-10')
    expect(m.newMembers).toBe(3) // A, B, C (E registered before the range)
    expect(m.paidMemberRate).toEqual({ numerator: 1, denominator: 4, basisPoints: 2500, percent: '25.00%' })
    expect(m.tierDistribution.map((t) => [t.tierId, t.members, t.share.percent])).toEqual([
      ['normal', 2, '50.00%'],
      ['silver', 1, '25.00%'],
      ['gold', 1, '25.00%'],
      ['diamond', 0, '0.00%'],
    ])
  })

  test('benefit usage and sign-in participation', () => {
    expect(m.benefitUsage.percent).toBe('25.00%') // A of the active members A, B, C, E
    expect(m.signinParticipation).toMatchObject({ numerator: 2, denominator: 6, percent: '33.33%' })
  })

  test('D1 / D7 / D30 retention, members vs non-members (cohort = first active day, status on that day)', () => {
    // members: A (03-01), C (03-02); non-members: B (03-01, registered only on 03-03), D (03-03); F (03-10) is not mature
    expect(m.retention.member.d1).toMatchObject({ numerator: 1, denominator: 2, percent: '50.00%' })
    expect(m.retention.nonMember.d1).toMatchObject({ numerator: 1, denominator: 2 })
    expect(m.retention.member.d7).toMatchObject({ numerator: 2, denominator: 2, percent: '100.00%' })
    expect(m.retention.nonMember.d7).toMatchObject({ numerator: 0, denominator: 2, percent: '0.00%' })
    expect(m.retention.member.d30).toMatchObject({ numerator: 0, denominator: 0, basisPoints: null, percent: '—' })
  })

  test('D1 / D7 return by plan: every active day a sample, paid once a plan was bought (A from 03-05)', () => {
    // D1, days 03-01 … 03-09: free A·B (03-01, both back), A·B·C (03-02, B back), B·D, E, C; paid A on 03-05 and 03-08.
    expect(m.returnByPlan.free.d1).toMatchObject({ numerator: 3, denominator: 9 })
    expect(m.returnByPlan.paid.d1).toMatchObject({ numerator: 0, denominator: 2, percent: '0.00%' })
    // D7, days 03-01 … 03-03 (A before its plan): A back on 03-08, C on 03-09.
    expect(m.returnByPlan.free.d7).toMatchObject({ numerator: 2, denominator: 7 })
    expect(m.returnByPlan.paid.d7).toMatchObject({ numerator: 0, denominator: 0, percent: '—' })
  })

  test('DAU / MAU and the daily series', () => {
    expect([m.dau, m.mau, m.dauMau.percent]).toEqual([1, 6, '16.67%'])
    expect(m.dailyActive.map((d) => d.users)).toEqual([2, 3, 2, 1, 1, 0, 0, 1, 1, 1])
  })

  test('per-campaign participation and completion; ROI; lift null until the after window is complete', () => {
    const cw = m.campaigns.find((c) => c.campaignId === 'cw')
    expect(cw).toMatchObject({
      participants: 3,
      participation: { numerator: 3, denominator: 4, percent: '75.00%' },
      completion: { numerator: 1, denominator: 3, percent: '33.33%' },
      retentionBefore: { numerator: 0, denominator: 1 }, // E active 02-20, not in 02-24 … 03-02
      retentionAfter: null,
      retentionLiftBasisPoints: null,
      roi: { valueFen: 50, costFen: 300, ratioHundredths: 17, display: '0.17' }, // A active 03-08 after joining
    })
  })

  test('overall ROI: returning active days × value / prize and coupon cost', () => {
    // returning days: A 3, B 2, C 1, E 1 → 7 × 50 fen = 350; cost 500
    expect(m.roi).toEqual({ valueFen: 350, costFen: 500, creditFen: 0, ratioHundredths: 70, display: '0.70' })
  })

  test('a range holding only the refund of an earlier cost costs 0, never less; what the refund gave back is its credit', () => {
    // B's coupon of 03-06 comes back on 03-10 with the refund of its order: the cost event reversed, −200 fen.
    const refunded = { ...input, events: [...events, ev('coupon_cost', 'B', '2026-03-10', { costFen: -200 })] }
    const onlyRefund = computeMetrics({ ...refunded, from: '2026-03-10', to: '2026-03-10' }, ctx())
    expect(onlyRefund.roi).toMatchObject({ costFen: 0, creditFen: 200, ratioHundredths: null, display: '—' })
    // A range holding the cost and its reversal: they cancel out, nothing left over.
    expect(computeMetrics(refunded, ctx()).roi).toMatchObject({ valueFen: 350, costFen: 300, creditFen: 0, display: '1.17' })
  })

  test('a campaign whose start is still ahead is said not to have started; one under way or over has', () => {
    // 03-04 10:00 business time: cw began on 03-03, cx begins on 03-05 (at its first instant, it has).
    const early = computeMetrics({ ...input, to: '2026-03-06' }, ctx(DEFAULT_METRICS_RULES, '2026-03-04T02:00:00Z'))
    expect(early.campaigns.map((c) => [c.campaignId, c.started])).toEqual([
      ['cw', true],
      ['cx', false],
    ])
    expect(computeMetrics({ ...input, to: '2026-03-06' }, ctx(DEFAULT_METRICS_RULES, '2026-03-04T16:00:00Z')).campaigns.map((c) => c.started)).toEqual([true, true])
    expect(m.campaigns.map((c) => c.started)).toEqual([true, true])
  })

  test('retention lift: 7-day (here W = 2) retention after vs before the start', () => {
    const short = computeMetrics(input, ctx({ ...DEFAULT_METRICS_RULES, liftWindowDays: 2 }))
    const cx = short.campaigns.find((c) => c.campaignId === 'cx')
    // before: active 03-01…03-02 = {A, B, C}, again 03-03…03-04 = {B} → 33.33%
    // after: active 03-05…03-06 = {A}, again 03-07…03-08 = {A} → 100%
    expect(cx?.retentionBefore.percent).toBe('33.33%')
    expect(cx?.retentionAfter?.percent).toBe('100.00%')
    expect(cx?.retentionLiftBasisPoints).toBe(10000 - 3333)
    expect(cx?.completion.basisPoints).toBeNull()
  })

  test('today is never complete: with today = 03-10 the last complete day is 03-09', () => {
    const early = computeMetrics(input, ctx(DEFAULT_METRICS_RULES, '2026-03-10T02:00:00Z'))
    expect(early.completeThrough).toBe('2026-03-09')
    expect(early.retention.nonMember.d7.denominator).toBe(1) // D's day 7 (03-10) is not complete yet
    // DAU and MAU are of the last complete day, not of today's first hours (the headline read 0 each morning).
    expect(early.dauOn).toBe('2026-03-09')
    expect(early.dau).toBe(early.dailyActive.find((d) => d.date === '2026-03-09')!.users)
    expect(m.dauOn).toBe('2026-03-10')
  })

  test('bad input is 400', () => {
    expect(() => computeMetrics({ ...input, from: '2026-03-11' }, ctx())).toThrow(expect.objectContaining({ code: 'METRICS_BAD_RANGE', status: 400 }))
    expect(() => computeMetrics({ ...input, events: [ev('open', 'A', 'soon')] }, ctx())).toThrow(expect.objectContaining({ code: 'METRICS_BAD_EVENT' }))
  })
})

describe('rates and ROI formatting', () => {
  test('half-up basis points', () => {
    expect(rateOf(1, 3).percent).toBe('33.33%')
    expect(rateOf(2, 3).percent).toBe('66.67%')
    expect(rateOf(1, 8).percent).toBe('12.50%')
    expect(roiOf(150, 100).display).toBe('1.50')
    expect(roiOf(1, 0).ratioHundredths).toBeNull()
    expect(roiOf(10, -120)).toEqual({ valueFen: 10, costFen: 0, creditFen: 120, ratioHundredths: null, display: '—' })
  })
  test('validateMetricsRules', () => {
    expect(validateMetricsRules(DEFAULT_METRICS_RULES)).toEqual([])
    expect(validateMetricsRules({ ...DEFAULT_METRICS_RULES, retainedActiveDayValueFen: 1.5, retentionDays: [1, 0] })).toEqual([
      'metrics.retainedActiveDayValueFen: must be an integer fen amount ≥ 0, got 1.5',
      'metrics.retentionDays[1]: must be a positive integer, got 0',
    ])
  })
})

describe('ranges at the ends of the business calendar', () => {
  test('a range ending 9999-12-31 lists its days and stops there; one near 1970-01-01 cuts the MAU window', () => {
    const late = computeMetrics({ ...input, from: '9999-12-29', to: '9999-12-31' }, ctx())
    expect(late.dailyActive.map((d) => d.date)).toEqual(['9999-12-29', '9999-12-30', '9999-12-31'])
    const early = computeMetrics({ ...input, from: '1970-01-01', to: '1970-01-05' }, ctx())
    expect(early.dailyActive).toHaveLength(5)
    expect(early.mau).toBe(0)
  })
})
