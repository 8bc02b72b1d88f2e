/**
 * Daily sign-in: `GET /signin/calendar?month=`, `POST /signin`, `GET /signin/makeup/quote?date=`,
 * `POST /signin/makeup {date}`. One sign-in per member and business day is the domain's rule (signin.ts,
 * 409 `SIGNIN_ALREADY_TODAY`), and the storage's unique key on (member, business date) is the second guard.
 */
import type { EventResponse, MakeupResponse, SigninCalendarResponse, SigninResponse } from '../../../src/api/contract'
import { addMonths, monthOf, type BusinessDate, type BusinessMonth } from '../../../src/domain/calendar'
import { activeSigninMultiplier } from '../../../src/domain/campaigns'
import type { Coupon } from '../../../src/domain/coupons'
import { makeupQuote, performMakeup, performSignin, signinCalendar, type PerformMakeupResult, type PerformSigninResult } from '../../../src/domain/signin'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'
import { assertPointsSeen, expectedPointsOf, invalid, objectBody, queryDate, queryMonth, requiredString } from '../validate'
import { taskViews } from '../views'

function multiplierOf(tx: MemberTx): number {
  return activeSigninMultiplier(tx.rules.campaigns, tx.campaignMember(), tx.earlyMinutes(), tx.ctx)
}

/** The calendar of a month; months before the working set come from the sign-in history. */
export async function calendarResponse(tx: MemberTx, month?: BusinessMonth): Promise<SigninCalendarResponse> {
  const wanted = month ?? monthOf(tx.today)
  const state = tx.member.signin
  const calendar = signinCalendar(state, wanted, tx.ctx, tx.joined())
  // The working set starts at the previous month (working-set.ts): an older month's days come from the history;
  // the streak and the next bonus stay the working set's (its carried run counts the days before it).
  if (wanted < monthOf(addMonths(tx.today, -1))) {
    const records = await tx.work.scope.signinsOfMonth(tx.member.id, wanted)
    calendar.days = signinCalendar({ records }, wanted, tx.ctx, tx.joined()).days
  }
  const multiplier = multiplierOf(tx)
  return {
    ...calendar,
    basePoints: tx.effective().tier.signinBasePoints * multiplier,
    multiplier,
  }
}

/** Sign in today: points (capped), the streak coupon, task progress, a card in a running cards campaign. */
export function signinOp(tx: MemberTx): { result: PerformSigninResult; coupon: Coupon | null; card: EventResponse['card'] } {
  const result = performSignin(
    { signin: tx.member.signin, points: tx.member.points },
    { tierBasePoints: tx.effective().tier.signinBasePoints, multiplier: multiplierOf(tx) },
    tx.ctx,
  )
  tx.member = { ...tx.member, signin: result.state.signin, points: result.state.points }
  tx.addGrowth(result.points)
  tx.bumpMetrics(tx.today, { signinDays: 1 })
  const coupon = result.award.couponTemplateId ? tx.give(result.award.couponTemplateId, `signin:${tx.today}`, 'signin') : null
  tx.recordTasks('signin')
  const card = tx.earnCards('signin', tx.shareAllowed())
  tx.log('signin')
  tx.upgrade()
  return { result, coupon, card }
}

/** Make up a missed day of this month: spend the cost, pay the bonuses the restored streak reaches. */
export function makeupOp(tx: MemberTx, date: BusinessDate): { result: PerformMakeupResult; coupons: Coupon[] } {
  const result = performMakeup({ signin: tx.member.signin, points: tx.member.points }, { date, joined: tx.joined() }, tx.ctx)
  tx.member = { ...tx.member, signin: result.state.signin, points: result.state.points }
  tx.addGrowth(result.points)
  tx.bumpMetrics(date, { signinDays: 1 })
  const coupons = result.award.couponTemplateIds.flatMap((id, i) => tx.give(id, `makeup:${date}:${i}`, 'signin') ?? [])
  tx.upgrade()
  return { result, coupons }
}

export const signinRoutes: RouteEntry[] = [
  [
    'GET',
    '/signin/calendar',
    { auth: 'member', handler: async (args) => ({ body: await calendarResponse(await args.me(), queryMonth(args.query, 'month')) }) },
  ],
  [
    'POST',
    '/signin',
    {
      auth: 'member',
      handler: async (args) => {
        objectBody(args.body)
        const tx = await args.me()
        const { result, coupon, card } = signinOp(tx)
        const follow = new Set(result.followUpTasks)
        const body: SigninResponse = {
          awarded: {
            base: result.award.base,
            bonus: result.award.bonus,
            capped: result.points?.capped ?? 0,
            cappedBy: result.points?.cappedBy ?? null,
            settled: result.points?.settled ?? 0,
          },
          streak: result.award.streak,
          cycleDay: result.award.cycleDay,
          balance: tx.balance,
          // Only what is still to do or to claim: a task done and claimed today was offered with a 去完成 that earned nothing.
          followUpTasks: taskViews(tx).filter((t) => follow.has(t.id) && (t.status === 'todo' || t.status === 'claimable')),
          calendar: await calendarResponse(tx),
          card,
        }
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return { body }
      },
    },
  ],
  [
    'GET',
    '/signin/makeup/quote',
    {
      auth: 'member',
      handler: async (args) => {
        const date = queryDate(args.query, 'date', true) as BusinessDate
        const tx = await args.me()
        return { body: makeupQuote(tx.member.signin, { date, joined: tx.joined() }, tx.ctx, tx.balance) }
      },
    },
  ],
  [
    'POST',
    '/signin/makeup',
    {
      auth: 'member',
      handler: async (args) => {
        const input = objectBody(args.body)
        const date = requiredString(input, 'date', { max: 10 })
        if (queryDate({ date }, 'date', true) === undefined) throw invalid('date', 'required')
        const expected = expectedPointsOf(input)
        const tx = await args.me()
        const { result, coupons } = makeupOp(tx, date)
        assertPointsSeen(expected, result.award.costPoints)
        const body: MakeupResponse = {
          date,
          cost: result.award.costPoints,
          bonus: result.award.bonus,
          capped: result.points?.capped ?? 0,
          cappedBy: result.points?.cappedBy ?? null,
          streak: result.award.streak,
          balance: tx.balance,
          coupons: coupons.map((c) => couponWire(c, tx.ctx)),
          calendar: await calendarResponse(tx),
        }
        return { body }
      },
    },
  ],
]
