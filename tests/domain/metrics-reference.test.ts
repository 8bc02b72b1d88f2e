/**
 * The dashboard's set figures are computed over bitsets of member numbers (metrics-dashboard.ts) for speed at 50,000
 * members; they must equal the figures computed straight from the definitions over sets of id strings
 * (support/metrics-reference.ts) on any population. Random populations, random ranges, a pinned clock.
 */
import { addDays, DEFAULT_CALENDAR_RULES, parseInstant, type BusinessDate } from '@/domain/calendar'
import { randomInt, seededRng, type Rng } from '@/domain/context'
import {
  aggregatesOf,
  DEFAULT_METRICS_RULES,
  metricsRowsOf,
  type MetricsConfig,
  type MetricsEvent,
} from '@/domain/metrics'
import { computeMetricsFromAggregates, type AggregateMetricsInput } from '@/domain/metrics-dashboard'
import { referenceMetrics } from './support/metrics-reference'

const START: BusinessDate = '2026-01-01'
const DAYS = 120
const config: MetricsConfig = { calendar: DEFAULT_CALENDAR_RULES, metrics: { ...DEFAULT_METRICS_RULES, liftWindowDays: 5 }, points: { pointValueFen: 1 } }
const campaigns = [
  { id: 'wheel', name: '幸运大转盘', startsAt: '2026-02-01T00:00:00+08:00', endsAt: '2026-02-15T00:00:00+08:00' },
  { id: 'cards', name: '集卡', startsAt: '2026-03-10T00:00:00+08:00', endsAt: '2026-04-20T00:00:00+08:00' },
  { id: 'early', name: '开年活动', startsAt: '2026-01-01T00:00:00+08:00', endsAt: '2026-01-03T00:00:00+08:00' },
]

/** A population: visitors and members with gaps, sign-ins, benefits, paid plans, joins, completions and costs. */
function population(rng: Rng, users: number): MetricsEvent[] {
  const events: MetricsEvent[] = []
  const at = (day: number, hour = 10) => `${addDays(START, day)}T${String(hour).padStart(2, '0')}:00:00+08:00`
  const pick = (p: number) => rng() < p
  for (let u = 0; u < users; u++) {
    const id = `u${u}`
    const first = randomInt(rng, DAYS)
    const joinsAt = pick(0.6) ? first + randomInt(rng, 20) : null
    const rate = 0.1 + rng() * 0.8
    const quitsAfter = first + randomInt(rng, DAYS)
    if (joinsAt !== null && joinsAt === first && pick(0.5)) events.push({ type: 'register', memberId: id, at: at(first, 9), isMember: true })
    for (let d = first; d < Math.min(DAYS, quitsAfter); d++) {
      if (d !== first && !pick(rate)) continue
      const isMember = joinsAt !== null && d >= joinsAt
      if (joinsAt === d && !events.some((e) => e.memberId === id && e.type === 'register')) events.push({ type: 'register', memberId: id, at: at(d, 9), isMember: true })
      events.push({ type: 'open', memberId: id, at: at(d), isMember })
      if (pick(0.5)) events.push({ type: 'signin', memberId: id, at: at(d, 11), isMember })
      if (isMember && pick(0.1)) events.push({ type: 'benefit_use', memberId: id, at: at(d, 12), isMember })
      if (isMember && pick(0.02)) events.push({ type: 'paid_member', memberId: id, at: at(d, 13), isMember })
      for (const c of campaigns) {
        if (parseInstant(at(d)) < parseInstant(c.startsAt) || parseInstant(at(d)) >= parseInstant(c.endsAt) || !pick(0.3)) continue
        events.push({ type: 'campaign_join', memberId: id, at: at(d, 14), campaignId: c.id, isMember })
        if (pick(0.3)) events.push({ type: 'campaign_complete', memberId: id, at: at(d, 15), campaignId: c.id, isMember })
        if (pick(0.4)) events.push({ type: 'prize_cost', memberId: id, at: at(d, 15), campaignId: c.id, costFen: 1 + randomInt(rng, 500) })
      }
      if (pick(0.05)) events.push({ type: 'coupon_cost', memberId: id, at: at(d, 16), costFen: 100 })
      // A leaderboard award written for a member who made no request that day: not activity.
      if (pick(0.02)) events.push({ type: 'campaign_complete', memberId: id, at: at(d + 1, 1), campaignId: 'cards', passive: true })
    }
  }
  return events
}

describe('§2.11 metrics over bitsets equal the metrics by definition', () => {
  test.each([1, 2, 3, 4, 5, 6])('population %i: every figure, over random ranges and clocks', (seed) => {
    const rng = seededRng(seed)
    const events = population(rng, 150 + randomInt(rng, 250))
    const aggregates = aggregatesOf(metricsRowsOf(events, config.calendar))
    const seen = { mau: 0, retained: 0, joiners: 0, members: 0, paidReturns: 0 }
    for (let i = 0; i < 6; i++) {
      const a = randomInt(rng, DAYS + 10) - 5
      const from = addDays(START, a)
      const to = addDays(from, randomInt(rng, 60))
      const now = parseInstant(`${addDays(START, a + randomInt(rng, 90))}T${pickHour(rng)}:30:00+08:00`)
      const input: AggregateMetricsInput = {
        aggregates,
        from,
        to,
        tierCounts: [],
        campaigns,
        liveLots: [],
        tierChanges: [],
      }
      const got = computeMetricsFromAggregates(input, { now, config })
      const { tierDistribution: _t, liability: _l, tierMovement: _m, ...figures } = got
      expect(figures).toEqual(referenceMetrics(input, { now, config }))
      seen.mau += got.mau
      seen.retained += got.retention.member.d1.denominator + got.retention.nonMember.d7.denominator
      seen.joiners += got.campaigns.reduce((n, c) => n + c.participation.numerator, 0)
      seen.members += got.paidMemberRate.denominator
      seen.paidReturns += got.returnByPlan.paid.d1.denominator
    }
    // Not vacuous: the ranges met activity, cohorts, campaign joiners, members and paid members' active days.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true)
  })
})

function pickHour(rng: Rng): string {
  return String(randomInt(rng, 24)).padStart(2, '0')
}
