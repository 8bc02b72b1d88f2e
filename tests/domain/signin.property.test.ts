import fc from 'fast-check'
import { DEFAULT_CALENDAR_RULES, addDays, addMonths, businessDateOf, monthOf, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { isRuleError } from '@/domain/errors'
import {
  DEFAULT_SIGNIN_RULES,
  currentStreak,
  cutSignin,
  emptySigninState,
  entitledBonuses,
  makeUpSignin,
  makeupQuote,
  signIn,
  signinCalendar,
  type SigninCtx,
  type SigninState,
} from '@/domain/signin'

type Op = { kind: 'advance'; hours: number } | { kind: 'signin' } | { kind: 'makeup'; daysBack: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'signin' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('makeup' as const), daysBack: fc.integer({ min: -1, max: 12 }) }) },
)

function ctx(now: number): SigninCtx {
  return { now, rng: seededRng(3), config: { calendar: DEFAULT_CALENDAR_RULES, signin: DEFAULT_SIGNIN_RULES } }
}

function runs(state: SigninState): SigninState['records'][] {
  const out: SigninState['records'][] = []
  for (const r of state.records) {
    const last = out[out.length - 1]
    if (last && addDays(last[last.length - 1].date, 1) === r.date) last.push(r)
    else out.push([r])
  }
  return out
}

describe('§2.3 sign-in invariants under random sequences', () => {
  test('no business day is signed twice; ≤ 3 make-ups a month; every run holds at least the bonuses it is entitled to, each at most once per day', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 23 }), (ops, startHour) => {
        let s = emptySigninState()
        let now = parseInstant('2025-01-20T00:00:00Z') + startHour * 3_600_000
        let bonusPaid = 0
        for (const op of ops) {
          const before = s
          try {
            if (op.kind === 'advance') now += op.hours * 3_600_000
            else if (op.kind === 'signin') {
              const r = signIn(s, { tierBasePoints: 5 }, ctx(now))
              bonusPaid += r.award.bonus
              s = r.state
            } else {
              const today = businessDateOf(now, DEFAULT_CALENDAR_RULES)
              const r = makeUpSignin(s, { date: addDays(today, -op.daysBack) }, ctx(now))
              expect(r.award.date < today).toBe(true)
              bonusPaid += r.award.bonus
              s = r.state
            }
          } catch (e) {
            if (!isRuleError(e)) throw e
            expect(s).toBe(before)
          }
          const dates = s.records.map((r) => r.date)
          for (let i = 1; i < dates.length; i++) expect(dates[i] > dates[i - 1]).toBe(true)
          const perMonth = new Map<string, number>()
          for (const r of s.records) if (r.kind === 'makeup') perMonth.set(r.date.slice(0, 7), (perMonth.get(r.date.slice(0, 7)) ?? 0) + 1)
          for (const n of perMonth.values()) expect(n).toBeLessThanOrEqual(DEFAULT_SIGNIN_RULES.makeup.maxPerMonth)
          let credited = 0
          for (const run of runs(s)) {
            for (const b of DEFAULT_SIGNIN_RULES.bonuses) {
              const held = run.filter((r) => r.bonusDays.includes(b.day)).length
              expect(held).toBeGreaterThanOrEqual(entitledBonuses(b.day, run.length, DEFAULT_SIGNIN_RULES.cycleDays))
              credited += held * b.points
            }
            for (const r of run) expect(new Set(r.bonusDays).size).toBe(r.bonusDays.length)
          }
          // what was paid is exactly what the records say was credited
          expect(bonusPaid).toBe(credited)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('a run cut from the records (cutSignin, as a working set keeps a month or two) pays as if it were whole', () => {
  /** Days: sign in (most days), miss the day, or make up a day of this month before signing in. */
  const dayArb = fc.oneof(
    { weight: 12, arbitrary: fc.constant({ kind: 'signin' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'miss' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('makeup' as const), daysBack: fc.integer({ min: 1, max: 12 }) }) },
  )

  test('day after day over months, the cut state gives the same awards, streaks, quotes and calendars as every record', () => {
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: 30, maxLength: 260 }), fc.integer({ min: 0, max: 23 }), (days, hour) => {
        let whole = emptySigninState()
        let cut = emptySigninState()
        let now = parseInstant('2025-01-20T00:00:00Z') + hour * 3_600_000
        for (const day of days) {
          now += 86_400_000
          const today = businessDateOf(now, DEFAULT_CALENDAR_RULES)
          // The day's first write cuts at the previous month, as trimWorkingSet does.
          cut = cutSignin(cut, `${monthOf(addMonths(today, -1))}-01`)
          if (day.kind === 'miss') continue
          const attempt = (s: SigninState) => {
            try {
              return day.kind === 'signin' ? signIn(s, { tierBasePoints: 5 }, ctx(now)) : makeUpSignin(s, { date: addDays(today, -day.daysBack) }, ctx(now))
            } catch (e) {
              if (!isRuleError(e)) throw e
              return e.code
            }
          }
          const a = attempt(whole)
          const b = attempt(cut)
          if (typeof a === 'string' || typeof b === 'string') {
            expect(b).toEqual(a)
            continue
          }
          expect(b.award).toEqual(a.award)
          expect(b.events).toEqual(a.events)
          whole = a.state
          cut = b.state
          const month = monthOf(today)
          expect(signinCalendar(cut, month, ctx(now))).toEqual(signinCalendar(whole, month, ctx(now)))
          expect(makeupQuote(cut, { date: addDays(today, -3) }, ctx(now), 100)).toEqual(makeupQuote(whole, { date: addDays(today, -3) }, ctx(now), 100))
          expect(currentStreak(cut, today)).toBe(currentStreak(whole, today))
        }
        // The working set stays small however long the history.
        expect(cut.records.length).toBeLessThanOrEqual(62)
      }),
      { numRuns: 100 },
    )
  })

  test('a 400-day run cut daily keeps its length and what it has been paid', () => {
    let s = emptySigninState()
    let now = parseInstant('2025-01-20T04:00:00Z')
    for (let d = 0; d < 400; d++, now += 86_400_000) {
      const today = businessDateOf(now, DEFAULT_CALENDAR_RULES)
      s = signIn(cutSignin(s, `${monthOf(addMonths(today, -1))}-01`), { tierBasePoints: 5 }, ctx(now)).state
    }
    const today = businessDateOf(now - 86_400_000, DEFAULT_CALENDAR_RULES)
    expect(s.records.length).toBeLessThanOrEqual(62)
    expect(s.carried?.days).toBe(400 - s.records.length)
    expect(currentStreak(s, today)).toBe(400)
    for (const bonus of DEFAULT_SIGNIN_RULES.bonuses) {
      const paid = (s.carried!.bonuses[bonus.day] ?? 0) + s.records.filter((r) => r.bonusDays.includes(bonus.day)).length
      expect(paid).toBe(entitledBonuses(bonus.day, 400, DEFAULT_SIGNIN_RULES.cycleDays))
    }
  })
})
