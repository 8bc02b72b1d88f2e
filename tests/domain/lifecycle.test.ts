import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng, type Ctx } from '@/domain/context'
import {
  DEFAULT_LIFECYCLE_RULES,
  isDormant,
  isNewcomer,
  newcomerDaysLeft,
  onAppOpen,
  validateLifecycleRules,
  type LifecycleConfig,
  type LifecycleState,
} from '@/domain/lifecycle'

const config: LifecycleConfig = { calendar: DEFAULT_CALENDAR_RULES, lifecycle: DEFAULT_LIFECYCLE_RULES }
const ctxAt = (iso: string): Ctx<LifecycleConfig> => ({ now: parseInstant(iso), rng: seededRng(1), config })
const seenAt = (iso: string): LifecycleState => ({ lastSeenAt: new Date(parseInstant(iso)).toISOString() })

describe('§2.5 lifecycle: dormant member win-back (好久不见)', () => {
  // Last seen 2026-03-02 00:00 business time (2026-03-01T16:00Z).
  const lastSeen = seenAt('2026-03-01T16:00:00Z')

  test('a gap of 6 business days is not a dormancy (boundary 15:59:59Z on day 6)', () => {
    const out = onAppOpen(lastSeen, ctxAt('2026-03-08T15:59:59Z')) // 2026-03-08 23:59:59 business
    expect(out.gapDays).toBe(6)
    expect(out.endsDormancy).toBe(false)
    expect(out.winbackDue).toBe(false)
    expect(out.state.lastSeenAt).toBe('2026-03-08T15:59:59.000Z')
  })

  test('a gap of 7 business days ends a dormancy and makes the ¥10 win-back offer due (16:00:00Z)', () => {
    const out = onAppOpen(lastSeen, ctxAt('2026-03-08T16:00:00Z')) // 2026-03-09 00:00 business
    expect(out.gapDays).toBe(7)
    expect(out.endsDormancy).toBe(true)
    expect(out.winbackDue).toBe(true)
    expect(out.winbackCouponTemplateId).toBe('winback-10')
    expect(out.winbackRef).toBe('winback:2026-03-01T16:00:00.000Z')
    expect(out.state.winbackGrantedForDormancyStartingAt).toBe('2026-03-01T16:00:00.000Z')
    expect(out.state.lastDormancyEndedAt).toBe('2026-03-08T16:00:00.000Z')
    expect(out.events.map((e) => e.type)).toEqual(['dormancy_ended', 'winback_offer_due'])
  })

  test('once per dormancy: a concurrent open that still sees the old lastSeenAt gets no second offer', () => {
    const granted: LifecycleState = { ...lastSeen, winbackGrantedForDormancyStartingAt: lastSeen.lastSeenAt }
    const out = onAppOpen(granted, ctxAt('2026-03-10T02:00:00Z'))
    expect(out.endsDormancy).toBe(true)
    expect(out.winbackDue).toBe(false)
    expect(out.winbackRef).toBeNull()
  })

  test('the next open after the return is an ordinary visit, and a later dormancy earns a new offer', () => {
    const first = onAppOpen(lastSeen, ctxAt('2026-03-10T02:00:00Z'))
    const again = onAppOpen(first.state, ctxAt('2026-03-10T05:00:00Z'))
    expect(again.endsDormancy).toBe(false)
    const later = onAppOpen(again.state, ctxAt('2026-03-20T02:00:00Z'))
    expect(later.winbackDue).toBe(true)
    expect(later.winbackRef).toBe('winback:2026-03-10T05:00:00.000Z')
  })

  test('the first ever open is not a dormancy; a request older than lastSeenAt changes nothing', () => {
    const first = onAppOpen({ lastSeenAt: null }, ctxAt('2026-03-01T00:00:00Z'))
    expect(first.endsDormancy).toBe(false)
    expect(first.state.lastSeenAt).toBe('2026-03-01T00:00:00.000Z')
    const late = onAppOpen(lastSeen, ctxAt('2026-02-01T00:00:00Z'))
    expect(late.state).toBe(lastSeen)
  })

  test('isDormant reads the same business-day gap', () => {
    expect(isDormant(lastSeen.lastSeenAt, ctxAt('2026-03-08T15:59:59Z'))).toBe(false)
    expect(isDormant(lastSeen.lastSeenAt, ctxAt('2026-03-08T16:00:00Z'))).toBe(true)
    expect(isDormant(null, ctxAt('2026-03-08T16:00:00Z'))).toBe(false)
  })

  test('the input state is not mutated', () => {
    const frozen = Object.freeze({ ...lastSeen })
    onAppOpen(frozen, ctxAt('2026-03-20T02:00:00Z'))
    expect(frozen).toEqual(lastSeen)
  })
})

describe('§2.4/§2.5 newcomer: first 7 business days after registration', () => {
  const registeredAt = '2026-03-01T15:30:00Z' // 2026-03-01 23:30 business
  test('registration day is day 1 with 7 days left', () => {
    expect(isNewcomer(registeredAt, ctxAt('2026-03-01T15:59:59Z'))).toBe(true)
    expect(newcomerDaysLeft(registeredAt, ctxAt('2026-03-01T15:59:59Z'))).toBe(7)
  })
  test('business midnight moves to day 2', () => {
    expect(newcomerDaysLeft(registeredAt, ctxAt('2026-03-01T16:00:00Z'))).toBe(6)
  })
  test('day 7 is the last newcomer day; day 8 is not', () => {
    expect(isNewcomer(registeredAt, ctxAt('2026-03-07T15:59:59Z'))).toBe(true)
    expect(newcomerDaysLeft(registeredAt, ctxAt('2026-03-07T15:59:59Z'))).toBe(1)
    expect(isNewcomer(registeredAt, ctxAt('2026-03-07T16:00:00Z'))).toBe(false)
    expect(newcomerDaysLeft(registeredAt, ctxAt('2026-03-07T16:00:00Z'))).toBe(0)
  })
  test('a malformed registration instant is a 400', () => {
    expect(() => isNewcomer('yesterday', ctxAt('2026-03-07T16:00:00Z'))).toThrow(expect.objectContaining({ code: 'LIFECYCLE_BAD_INSTANT', status: 400 }))
  })
})

describe('validateLifecycleRules', () => {
  test('defaults are valid', () => {
    expect(validateLifecycleRules(DEFAULT_LIFECYCLE_RULES)).toEqual([])
  })
  test('precise problems', () => {
    expect(validateLifecycleRules({ dormantAfterDays: 0, newcomerDays: 1.5, winbackCouponTemplateId: '' })).toEqual([
      'lifecycle.dormantAfterDays: must be a positive integer number of days, got 0',
      'lifecycle.newcomerDays: must be a positive integer number of days, got 1.5',
      'lifecycle.winbackCouponTemplateId: must name a coupon template',
    ])
  })
})
