import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { BusinessDate, BusinessMonth, MakeupQuote, MakeupResponse, SigninCalendarResponse, SigninResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineAction, defineView, type RequestKey } from './request'

export interface SigninSnapshot {
  /** Calendars by month; the server's `today` is in each. */
  calendars: Record<BusinessMonth, SigninCalendarResponse>
  /** The current business month, as the server's last answer tells it. */
  currentMonth: BusinessMonth | null
  savedAt: string | null
}

interface SigninState extends SigninSnapshot {
  /** The month the sign-in page shows; null = the current one. */
  month: BusinessMonth | null
  /**
   * The month the sign-in page asked for last (null = the current business month, the server decides which).
   * Only its answer may change `month`: a slower answer for a month asked for earlier is kept, not shown.
   */
  requestedMonth: BusinessMonth | null
  /** The answer of the last sign-in, for the result sheet; cleared when the sheet closes. */
  lastResult: SigninResponse | null
  /** Loads `month` (default: the current month) for the sign-in page, which shows it once it is there. */
  loadCalendar: (month?: BusinessMonth) => Promise<void>
  /** Loads the current month without changing the month the sign-in page shows (home's sign-in entry). */
  loadCurrentMonth: () => Promise<void>
  signIn: () => Promise<SigninResponse>
  quoteMakeup: (date: BusinessDate) => Promise<MakeupQuote>
  makeUp: (date: BusinessDate) => Promise<MakeupResponse>
  dismissResult: () => void
}

/** The request key of a month's calendar; null = the current month. */
export const calendarKey = (month: BusinessMonth | null): RequestKey => ['calendar', month ?? 'current']

const withCalendar = (s: SigninSnapshot, calendar: SigninCalendarResponse): Partial<SigninSnapshot> => ({
  calendars: { ...s.calendars, [calendar.month]: calendar },
  currentMonth: calendar.today.slice(0, 7),
  savedAt: nowIso(),
})

/** `GET /signin/calendar?month=`: one month's grid, streak and make-up figures. */
export const calendarView = defineView({
  name: 'signin.calendar',
  tags: ['signin'],
  key: calendarKey,
  fetch: (month: BusinessMonth | null) => api.signinCalendar(month ?? undefined),
  apply: (calendar, month) =>
    useSigninStore.setState((s) => ({ ...withCalendar(s, calendar), ...(month === s.requestedMonth ? { month: calendar.month } : {}) })),
})

export const signIn = defineAction({
  name: 'signin.signIn',
  key: ['signin', 'signin'],
  // The points count as growth and toward a points leaderboard; the daily sign-in task moves.
  changes: ['growth', 'tasks', 'campaigns'],
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
  // A bonus the make-up reaches counts as growth.
  changes: ['growth', 'signin'],
  run: async (date: BusinessDate) => {
    const res = await api.makeup({ date })
    useSigninStore.setState((s) => withCalendar(s, res.calendar))
    return res
  },
})

/** The calendar the sign-in page shows. */
export const selectShownCalendar = (s: SigninState): SigninCalendarResponse | undefined => {
  const month = s.month ?? s.currentMonth
  return month ? s.calendars[month] : undefined
}

/** This month's calendar (today's sign-in state). */
export const selectCurrentCalendar = (s: SigninState): SigninCalendarResponse | undefined => (s.currentMonth ? s.calendars[s.currentMonth] : undefined)

export const useSigninStore = create<SigninState>()(
  persist(
    (set) => ({
      calendars: {},
      currentMonth: null,
      month: null,
      requestedMonth: null,
      savedAt: null,
      lastResult: null,
      loadCalendar: (month) => {
        const wanted = month ?? null
        // A month already fetched shows at once while it is fetched again.
        set((s) => ({ requestedMonth: wanted, ...(wanted && s.calendars[wanted] ? { month: wanted } : {}) }))
        return calendarView.load(wanted)
      },
      loadCurrentMonth: () => calendarView.load(null),
      signIn,
      quoteMakeup,
      makeUp,
      dismissResult: () => set({ lastResult: null }),
    }),
    snapshotOptions(
      'signin',
      // This month only: enough for offline display, small enough for one storage key.
      (s): SigninSnapshot => ({
        calendars: s.currentMonth && s.calendars[s.currentMonth] ? { [s.currentMonth]: s.calendars[s.currentMonth] } : {},
        currentMonth: s.currentMonth,
        savedAt: s.savedAt,
      }),
    ),
  ),
)
