import type { BusinessDate, BusinessMonth, SigninCalendarResponse } from '@/api/contract'
import { api } from '@/api/http'
import { defineAction } from './action'
import { calendarView, type SigninState, useSigninStore, withCalendar } from './signin'

/*
 * What the sign-in page does: browse months, sign in, make up a day. Apart from the sign-in store
 * (src/stores/signin.ts), which the home page loads for today's calendar: the launch bundle carries what the
 * first page shows, each page what it does.
 */

/** Loads `month` (default: the current month) for the sign-in page, which shows it once it is there. */
export function loadCalendar(month?: BusinessMonth): Promise<void> {
  const wanted = month ?? null
  // A month already fetched shows at once while it is fetched again.
  useSigninStore.setState((s) => ({ requestedMonth: wanted, ...(wanted && s.calendars[wanted] ? { month: wanted } : {}) }))
  return calendarView.load(wanted)
}

/** The calendar the sign-in page shows. */
export const selectShownCalendar = (s: SigninState): SigninCalendarResponse | undefined => {
  const month = s.month ?? s.currentMonth
  return month ? s.calendars[month] : undefined
}

export const signIn = defineAction({
  name: 'signin.signIn',
  key: ['signin', 'signin'],
  // The points count as growth and toward a points leaderboard; the daily sign-in task moves.
  changes: ['growth', 'tasks', 'campaigns'],
  answers: ['balance', 'signin'],
  run: async () => {
    const res = await api.signin()
    useSigninStore.setState((s) => ({ lastResult: res, ...withCalendar(s, res.calendar), month: res.calendar.month, requestedMonth: null }))
    return res
  },
})

export const quoteMakeup = defineAction({
  name: 'signin.quoteMakeup',
  key: ['signin', 'quote'],
  changes: [],
  run: (date: BusinessDate) => api.makeupQuote(date),
})

export const makeUp = defineAction({
  name: 'signin.makeUp',
  key: ['signin', 'makeup'],
  // A bonus the make-up reaches counts as growth, and on a points leaderboard.
  changes: ['growth', 'signin', 'campaigns'],
  answers: ['balance'],
  // `expectedPoints`: the cost the member confirmed (a changed one is refused, 409 POINTS_PRICE_CHANGED).
  run: async (date: BusinessDate, expectedPoints?: number) => {
    const res = await api.makeup({ date, expectedPoints })
    useSigninStore.setState((s) => withCalendar(s, res.calendar))
    return res
  },
})
