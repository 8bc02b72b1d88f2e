import { DEFAULT_CALENDAR_RULES, addDays, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { DEFAULT_POINTS_RULES, balanceOf, emptyPointsState, grantPoints, type PointsState } from '@/domain/points'
import {
  makeupJoinsStreak,
  DEFAULT_SIGNIN_RULES,
  emptySigninState,
  makeUpSignin,
  makeupQuote,
  performMakeup,
  performSignin,
  signIn,
  signinCalendar,
  validateSigninRules,
  type MemberSigninCtx,
  type SigninState,
} from '@/domain/signin'
import { expectRuleError } from '../support/rule-error'

function atInstant(now: number): MemberSigninCtx {
  return { now, rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, signin: DEFAULT_SIGNIN_RULES, points: DEFAULT_POINTS_RULES } }
}
/** 10:00 Shanghai on a business date. */
function on(date: string, time = '10:00'): MemberSigninCtx {
  return atInstant(parseInstant(`${date}T${time}:00+08:00`))
}

/** Sign in on each date (base 5). */
function signDays(state: SigninState, dates: string[]): SigninState {
  for (const d of dates) state = signIn(state, { tierBasePoints: 5 }, on(d)).state
  return state
}
function range(from: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(from, i))
}

describe('§2.3 sign-in defaults', () => {
  test('7-day cycle, +10 on day 3, +30 and the ¥5 coupon on day 7, make-up 10 points ≤ 3 a month', () => {
    expect(DEFAULT_SIGNIN_RULES).toEqual({
      cycleDays: 7,
      bonuses: [
        { day: 3, points: 10 },
        { day: 7, points: 30, couponTemplateId: 'signin-day7' },
      ],
      makeup: { costPoints: 10, maxPerMonth: 3, scope: 'current-month' },
      followUpTasks: ['daily-browse-product'],
    })
    expect(validateSigninRules(DEFAULT_SIGNIN_RULES)).toEqual([])
  })
})

describe('§2.3 one sign-in per business day', () => {
  test('a second sign-in the same business day is refused (409)', () => {
    const s = signIn(emptySigninState(), { tierBasePoints: 5 }, atInstant(parseInstant('2025-03-10T00:00:00Z'))).state
    expectRuleError(() => signIn(s, { tierBasePoints: 5 }, atInstant(parseInstant('2025-03-10T15:59:59Z'))), 'SIGNIN_ALREADY_TODAY', 409)
  })
  test('16:00:00Z is the next business day in Shanghai: allowed, and the streak continues', () => {
    const s = signIn(emptySigninState(), { tierBasePoints: 5 }, atInstant(parseInstant('2025-03-10T15:59:59Z'))).state
    const r = signIn(s, { tierBasePoints: 5 }, atInstant(parseInstant('2025-03-10T16:00:00Z')))
    expect(r.state.records.map((x) => x.date)).toEqual(['2025-03-10', '2025-03-11'])
    expect(r.award.streak).toBe(2)
  })
})

describe('§2.3 streak rewards in a 7-day cycle', () => {
  test('day 1 base, day 3 +10, day 7 +30 and coupon; day 8 restarts the cycle while the streak grows', () => {
    let s = emptySigninState()
    const awards = range('2025-03-01', 14).map((d) => {
      const r = signIn(s, { tierBasePoints: 8 }, on(d))
      s = r.state
      return r.award
    })
    expect(awards.map((a) => [a.streak, a.cycleDay, a.base, a.bonus])).toEqual([
      [1, 1, 8, 0],
      [2, 2, 8, 0],
      [3, 3, 8, 10],
      [4, 4, 8, 0],
      [5, 5, 8, 0],
      [6, 6, 8, 0],
      [7, 7, 8, 30],
      [8, 1, 8, 0],
      [9, 2, 8, 0],
      [10, 3, 8, 10],
      [11, 4, 8, 0],
      [12, 5, 8, 0],
      [13, 6, 8, 0],
      [14, 7, 8, 30],
    ])
    expect(awards[6].couponTemplateId).toBe('signin-day7')
    expect(awards[13].couponTemplateId).toBe('signin-day7')
    expect(awards[2].couponTemplateId).toBeUndefined()
  })
  test('missing a day resets the streak', () => {
    const s = signDays(emptySigninState(), range('2025-03-01', 5))
    const r = signIn(s, { tierBasePoints: 5 }, on('2025-03-07'))
    expect(r.award).toMatchObject({ streak: 1, cycleDay: 1, bonus: 0 })
  })
  test('the streak crosses month and year ends', () => {
    const s = signDays(emptySigninState(), range('2025-12-29', 4))
    expect(signIn(s, { tierBasePoints: 5 }, on('2026-01-02')).award).toMatchObject({ streak: 5, cycleDay: 5 })
  })
  test('a festival multiplier doubles the base points only', () => {
    const s = signDays(emptySigninState(), range('2025-03-01', 2))
    expect(signIn(s, { tierBasePoints: 12, multiplier: 2 }, on('2025-03-03')).award).toMatchObject({ base: 24, bonus: 10 })
  })
  test('invalid base points or multiplier are refused (400)', () => {
    expectRuleError(() => signIn(emptySigninState(), { tierBasePoints: -1 }, on('2025-03-01')), 'SIGNIN_INVALID_INPUT', 400)
    expectRuleError(() => signIn(emptySigninState(), { tierBasePoints: 5, multiplier: 1.5 }, on('2025-03-01')), 'SIGNIN_INVALID_INPUT', 400)
  })
})

describe('§2.3 make-up sign-in', () => {
  test('allowed only for missed past days of the current business month', () => {
    const s = signDays(emptySigninState(), ['2025-03-10'])
    expectRuleError(() => makeUpSignin(s, { date: '2025-03-12' }, on('2025-03-12')), 'MAKEUP_NOT_ALLOWED_DATE', 422) // today
    expectRuleError(() => makeUpSignin(s, { date: '2025-03-13' }, on('2025-03-12')), 'MAKEUP_NOT_ALLOWED_DATE', 422) // future
    expectRuleError(() => makeUpSignin(s, { date: '2025-02-28' }, on('2025-03-12')), 'MAKEUP_NOT_ALLOWED_DATE', 422) // last month
    expectRuleError(() => makeUpSignin(s, { date: '2025-03-10' }, on('2025-03-12')), 'SIGNIN_ALREADY_SIGNED', 409)
    expectRuleError(() => makeUpSignin(s, { date: '2025-3-1' }, on('2025-03-12')), 'SIGNIN_INVALID_DATE', 400)
    expect(makeUpSignin(s, { date: '2025-03-01' }, on('2025-03-12')).state.records.map((r) => [r.date, r.kind])).toEqual([
      ['2025-03-01', 'makeup'],
      ['2025-03-10', 'normal'],
    ])
  })
  test('on the 1st of a month yesterday is last month: no make-up; at 15:59:59Z on Mar 31 the 30th still can', () => {
    expectRuleError(() => makeUpSignin(emptySigninState(), { date: '2025-03-31' }, on('2025-04-01', '00:00')), 'MAKEUP_NOT_ALLOWED_DATE', 422)
    expect(() => makeUpSignin(emptySigninState(), { date: '2025-03-30' }, atInstant(parseInstant('2025-03-31T15:59:59Z')))).not.toThrow()
    expectRuleError(
      () => makeUpSignin(emptySigninState(), { date: '2025-03-30' }, atInstant(parseInstant('2025-03-31T16:00:00Z'))),
      'MAKEUP_NOT_ALLOWED_DATE',
      422,
    )
  })
  test('at most 3 per month; the count starts again next month', () => {
    let s = emptySigninState()
    for (const d of ['2025-03-01', '2025-03-03', '2025-03-05']) s = makeUpSignin(s, { date: d }, on('2025-03-20')).state
    expectRuleError(() => makeUpSignin(s, { date: '2025-03-07' }, on('2025-03-20')), 'MAKEUP_MONTHLY_LIMIT', 422)
    expect(() => makeUpSignin(s, { date: '2025-04-02' }, on('2025-04-10'))).not.toThrow()
  })
  test('restores the streak: linking a 4-day run to today\'s 2-day run makes today day 7 and pays the day-7 bonus', () => {
    // Mar 1–4 signed (Mar 3 got the day-3 bonus), Mar 5 missed, Mar 6–7 signed; today Mar 7
    const s = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-06', '2025-03-07'])
    const r = makeUpSignin(s, { date: '2025-03-05' }, on('2025-03-07', '20:00'))
    expect(r.award).toEqual({ date: '2025-03-05', costPoints: 10, bonus: 30, couponTemplateIds: ['signin-day7'], streak: 7 })
    const credited = r.state.records.filter((x) => x.bonusDays.length > 0).map((x) => [x.date, x.bonusDays])
    expect(credited).toEqual([
      ['2025-03-03', [3]],
      ['2025-03-07', [7]],
    ])
  })
  test('a made-up day that becomes day 3 pays the day-3 bonus', () => {
    const s = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-04', '2025-03-05'])
    const r = makeUpSignin(s, { date: '2025-03-03' }, on('2025-03-05'))
    expect(r.award).toMatchObject({ bonus: 10, couponTemplateIds: [], streak: 5 })
  })
  test('as if signed: a bonus already paid in the run is not paid again', () => {
    // Mar 1, (Mar 2 missed), Mar 3–5: Mar 5 was day 3 of its run and got +10
    const s = signDays(emptySigninState(), ['2025-03-01', '2025-03-03', '2025-03-04', '2025-03-05'])
    expect(s.records.find((x) => x.date === '2025-03-05')!.bonusDays).toEqual([3])
    const r = makeUpSignin(s, { date: '2025-03-02' }, on('2025-03-05', '21:00'))
    expect(r.award).toMatchObject({ bonus: 0, streak: 5 })
    // and the next day-7 position pays normally
    const s2 = signDays(r.state, ['2025-03-06'])
    expect(signIn(s2, { tierBasePoints: 5 }, on('2025-03-07')).award).toMatchObject({ streak: 7, bonus: 30 })
  })
  test('never takes back; two joined runs that each paid day 3 make the next day-3 position pay nothing', () => {
    // Mar 1–3 (day-3 bonus on Mar 3), Mar 4 missed, Mar 5–7 (day-3 bonus on Mar 7)
    const s = signDays(emptySigninState(), range('2025-03-01', 3).concat(range('2025-03-05', 3)))
    const r = makeUpSignin(s, { date: '2025-03-04' }, on('2025-03-07', '22:00'))
    expect(r.award).toMatchObject({ bonus: 30, couponTemplateIds: ['signin-day7'], streak: 7 })
    expect(r.state.records.find((x) => x.date === '2025-03-07')!.bonusDays).toEqual([3, 7])
    // positions 8, 9, 10: position 10 is day 3 of cycle 2, but the run already holds two day-3 bonuses
    const later = signDays(r.state, ['2025-03-08', '2025-03-09'])
    expect(signIn(later, { tierBasePoints: 5 }, on('2025-03-10')).award).toMatchObject({ streak: 10, cycleDay: 3, bonus: 0 })
  })
  test('a make-up between two past runs that does not reach today pays what the joined run reaches', () => {
    const s = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-04'])
    const r = makeUpSignin(s, { date: '2025-03-03' }, on('2025-03-20'))
    expect(r.award).toMatchObject({ bonus: 10, streak: 0 })
  })
  test('made-up days earn no base points', () => {
    const r = makeUpSignin(emptySigninState(), { date: '2025-03-01' }, on('2025-03-20'))
    expect(r.award.bonus).toBe(0)
  })
  test('a day before the member joined was never missed: no make-up, no make-up-able day in the calendar', () => {
    const joined = '2025-03-18'
    expectRuleError(() => makeUpSignin(emptySigninState(), { date: '2025-03-17', joined }, on('2025-03-20')), 'MAKEUP_NOT_ALLOWED_DATE', 422)
    expect(makeupQuote(emptySigninState(), { date: '2025-03-17', joined }, on('2025-03-20'), 100)).toMatchObject({
      allowed: false,
      reason: { code: 'MAKEUP_NOT_ALLOWED_DATE', message: '只能补签成为会员以后错过的日期' },
    })
    expect(makeUpSignin(emptySigninState(), { date: joined, joined }, on('2025-03-20')).award.date).toBe(joined)
    const days = signinCalendar(emptySigninState(), '2025-03', on('2025-03-20'), joined).days
    expect(days.filter((d) => d.canMakeUp).map((d) => d.date)).toEqual(['2025-03-18', '2025-03-19'])
    expect(days.find((d) => d.date === '2025-03-17')).toEqual({ date: '2025-03-17', status: 'before-join', canMakeUp: false })
  })
})

describe('§2.3 make-up quote (cost shown before confirming)', () => {
  const s = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-04', '2025-03-05'])
  test('allowed, with cost, what it pays, and how many remain', () => {
    expect(makeupQuote(s, { date: '2025-03-03' }, on('2025-03-05'), 100)).toEqual({
      allowed: true,
      costPoints: 10,
      remainingThisMonth: 3,
      bonusPoints: 10,
      couponTemplateIds: [],
      streakAfter: 5,
    })
  })
  test('refusals carry the code and message; a short balance is refused with POINTS_INSUFFICIENT', () => {
    expect(makeupQuote(s, { date: '2025-03-05' }, on('2025-03-05'))).toMatchObject({ allowed: false, reason: { code: 'MAKEUP_NOT_ALLOWED_DATE' } })
    expect(makeupQuote(s, { date: '2025-03-03' }, on('2025-03-05'), 9)).toMatchObject({ allowed: false, reason: { code: 'POINTS_INSUFFICIENT', message: '积分不足' } })
  })
})

describe('§2.3 calendar', () => {
  test('statuses, make-up availability and the next bonus words', () => {
    let s = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-04'])
    s = makeUpSignin(s, { date: '2025-03-03' }, on('2025-03-05')).state
    s = signDays(s, ['2025-03-05']) // run Mar 1–5, streak 5
    const c = signinCalendar(s, '2025-03', on('2025-03-07'))
    const status = Object.fromEntries(c.days.slice(0, 9).map((d) => [d.date.slice(8), [d.status, d.canMakeUp]]))
    expect(status).toEqual({
      '01': ['signed', false],
      '02': ['signed', false],
      '03': ['makeup', false],
      '04': ['signed', false],
      '05': ['signed', false],
      '06': ['missed', true],
      '07': ['today', false],
      '08': ['future', false],
      '09': ['future', false],
    })
    expect(c.days).toHaveLength(31)
    expect(c).toMatchObject({ signedToday: false, streak: 0, todayCycleDay: 1, makeupsUsed: 1, makeupsRemaining: 2, makeupCostPoints: 10 })
    expect(c.nextBonus).toEqual({ inDays: 3, points: 10, couponTemplateIds: [], words: '再签 3 天额外得 10 积分' })
  })
  test('"再签 2 天额外得 10 积分" after one day; the day-7 bonus mentions the coupon; today-signed', () => {
    const one = signDays(emptySigninState(), ['2025-03-01'])
    expect(signinCalendar(one, '2025-03', on('2025-03-01')).nextBonus?.words).toBe('再签 2 天额外得 10 积分')
    expect(signinCalendar(one, '2025-03', on('2025-03-02')).nextBonus?.words).toBe('再签 2 天额外得 10 积分')
    const five = signDays(emptySigninState(), range('2025-03-01', 5))
    const c = signinCalendar(five, '2025-03', on('2025-03-05', '23:00'))
    expect(c.days[4].status).toBe('today-signed')
    expect(c).toMatchObject({ signedToday: true, streak: 5, todayCycleDay: 5 })
    expect(c.nextBonus).toEqual({ inDays: 2, points: 30, couponTemplateIds: ['signin-day7'], words: '再签 2 天额外得 30 积分和 1 张优惠券' })
  })
  test('a past month shows missed days without make-up; no make-ups left means none can be made up', () => {
    const c = signinCalendar(emptySigninState(), '2025-02', on('2025-03-10'))
    expect(c.days.every((d) => d.status === 'missed' && !d.canMakeUp)).toBe(true)
    expect(c.days).toHaveLength(28)
    let s = emptySigninState()
    for (const d of ['2025-03-01', '2025-03-02', '2025-03-03']) s = makeUpSignin(s, { date: d }, on('2025-03-10')).state
    expect(signinCalendar(s, '2025-03', on('2025-03-10')).days.some((d) => d.canMakeUp)).toBe(false)
  })
  test('an invalid month is refused (400)', () => {
    expectRuleError(() => signinCalendar(emptySigninState(), '2025-13', on('2025-03-10')), 'SIGNIN_INVALID_MONTH', 400)
  })
})

describe('§2.3 sign-in with points, atomically', () => {
  test('performSignin grants base + bonus as a capped sign-in award and returns follow-up tasks', () => {
    let member = { signin: signDays(emptySigninState(), range('2025-03-01', 6)), points: emptyPointsState() }
    const r = performSignin(member, { tierBasePoints: 15 }, on('2025-03-07'))
    expect(r.award).toMatchObject({ base: 15, bonus: 30, couponTemplateId: 'signin-day7', streak: 7, cycleDay: 7 })
    expect(r.points).toMatchObject({ requested: 45, awarded: 45, capped: 0 })
    expect(r.state.points.ledger[0]).toMatchObject({ type: 'earn', source: 'signin', ref: 'signin:2025-03-07', amount: 45 })
    expect(r.followUpTasks).toEqual(['daily-browse-product'])
    member = r.state
    expectRuleError(() => performSignin(member, { tierBasePoints: 15 }, on('2025-03-07', '23:00')), 'SIGNIN_ALREADY_TODAY', 409)
  })
  test('the sign-in award is truncated by the day cap and says so', () => {
    const points = grantPoints(emptyPointsState(), { amount: 95, source: 'task', ref: 't' }, on('2025-03-01', '09:00')).state
    const r = performSignin({ signin: emptySigninState(), points }, { tierBasePoints: 15 }, on('2025-03-01'))
    expect(r.points).toMatchObject({ requested: 15, awarded: 5, capped: 10, cappedBy: 'day' })
  })
  test('performMakeup spends 10 and grants the reached bonus; short of points nothing changes', () => {
    const signin = signDays(emptySigninState(), ['2025-03-01', '2025-03-02', '2025-03-04'])
    const poor: PointsState = grantPoints(emptyPointsState(), { amount: 9, source: 'grant', ref: 'g' }, on('2025-03-01')).state
    expectRuleError(() => performMakeup({ signin, points: poor }, { date: '2025-03-03' }, on('2025-03-04', '12:00')), 'POINTS_INSUFFICIENT', 422)
    const rich = grantPoints(emptyPointsState(), { amount: 50, source: 'grant', ref: 'g' }, on('2025-03-01')).state
    const r = performMakeup({ signin, points: rich }, { date: '2025-03-03' }, on('2025-03-04', '12:00'))
    expect(r.award).toMatchObject({ costPoints: 10, bonus: 10, streak: 4 })
    expect(balanceOf(r.state.points, on('2025-03-04', '12:00').now)).toBe(50)
    // The reason is member copy (积分明细): the day in words, never an ISO date.
    expect(r.state.points.ledger.slice(1).map((e) => [e.type, e.amount, e.ref, e.reason])).toEqual([
      ['spend', -10, 'makeup:2025-03-03', '补签 3月3日'],
      ['earn', 10, 'makeup-bonus:2025-03-03', '补签连签奖励'],
    ])
  })
})

describe('§2.3 validateSigninRules', () => {
  test('bonus day outside the cycle, negative make-up limit, too many follow-ups', () => {
    expect(
      validateSigninRules({
        ...DEFAULT_SIGNIN_RULES,
        bonuses: [{ day: 8, points: 10 }],
        makeup: { costPoints: 10, maxPerMonth: -1, scope: 'current-month' },
        followUpTasks: ['a', 'b', 'c'],
      }),
    ).toEqual([
      'signin.bonuses[0].day: must be an integer in 1..7, got 8',
      'signin.makeup.maxPerMonth: must be a non-negative integer, got -1',
      'signin.followUpTasks: must list at most 2 task ids',
    ])
  })
  test('a cycle of a year at most', () => {
    expect(validateSigninRules({ ...DEFAULT_SIGNIN_RULES, cycleDays: 365 })).toEqual([])
    expect(validateSigninRules({ ...DEFAULT_SIGNIN_RULES, cycleDays: 366 })).toEqual(['signin.cycleDays: must be an integer from 1 to 365, got 366'])
    expect(validateSigninRules({ ...DEFAULT_SIGNIN_RULES, cycleDays: 0, bonuses: [] })).toEqual(['signin.cycleDays: must be an integer from 1 to 365, got 0'])
  })
})

test('a make-up joins the streak only when the streak reaches it: the words after it do not claim a run it is not part of', () => {
  // Today 11月24日 signed, a run of 3 (22–24): 22日 is in it, 20日 is not (a 3-day run elsewhere does not make it so).
  const signed = { today: '2026-11-24', signedToday: true, streak: 3 }
  expect(makeupJoinsStreak('2026-11-22', signed)).toBe(true)
  expect(makeupJoinsStreak('2026-11-21', signed)).toBe(false)
  expect(makeupJoinsStreak('2026-11-20', signed)).toBe(false)
  // Not signed yet today: the run ends yesterday.
  const notYet = { today: '2026-11-24', signedToday: false, streak: 2 }
  expect(makeupJoinsStreak('2026-11-22', notYet)).toBe(true)
  expect(makeupJoinsStreak('2026-11-21', notYet)).toBe(false)
  expect(makeupJoinsStreak('2026-11-22', { ...notYet, streak: 0 })).toBe(false)
})
