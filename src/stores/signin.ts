import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { BusinessMonth, SigninCalendarResponse, SigninResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineView, type RequestKey } from './request'

export interface SigninSnapshot {
  /** Calendars by month; the server's `today` is in each. */
  calendars: Record<BusinessMonth, SigninCalendarResponse>
  /** The current business month, as the server's last answer tells it. */
  currentMonth: BusinessMonth | null
  savedAt: string | null
}

export interface SigninState extends SigninSnapshot {
  /** The month the sign-in page shows; null = the current one. */
  month: BusinessMonth | null
  /**
   * The month the sign-in page asked for last (null = the current business month, the server decides which).
   * Only its answer may change `month`: a slower answer for a month asked for earlier is kept, not shown.
   */
  requestedMonth: BusinessMonth | null
  /** The answer of the last sign-in, for the result sheet; cleared when the sheet closes. */
  lastResult: SigninResponse | null
  /** Loads the current month without changing the month the sign-in page shows (home's sign-in entry). */
  loadCurrentMonth: () => Promise<void>
  dismissResult: () => void
}

/** The request key of a month's calendar; null = the current month. */
export const calendarKey = (month: BusinessMonth | null): RequestKey => ['calendar', month ?? 'current']

/** The store after a calendar arrived (a load's, or a sign-in's or make-up's answer). */
export const withCalendar = (s: SigninSnapshot, calendar: SigninCalendarResponse): Partial<SigninSnapshot> => ({
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
      loadCurrentMonth: () => calendarView.load(null),
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
