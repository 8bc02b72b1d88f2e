import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { BusinessDate, BusinessMonth, MakeupQuote, MakeupResponse, SigninCalendarResponse, SigninResponse } from '@/api/contract'
import { api } from '@/api/http'
import { useCouponsStore } from './coupons'
import { useMemberStore } from './member'
import { discardOlderVersion, nowIso, persistStorage } from './persist-storage'
import { usePointsStore } from './points'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'
import { useTasksStore } from './tasks'

interface SigninState {
  /** Calendars by month; the server's `today` is in each. */
  calendars: Record<BusinessMonth, SigninCalendarResponse>
  /** The month on screen; null = the current business month (the server decides which that is). */
  month: BusinessMonth | null
  savedAt: string | null
  /** The answer of the last sign-in, for the result sheet; cleared when the sheet closes. */
  lastResult: SigninResponse | null
  requests: { calendar: RequestState; signin: RequestState; makeup: RequestState; quote: RequestState }
  loadCalendar: (month?: BusinessMonth) => Promise<void>
  signIn: () => Promise<SigninResponse>
  quoteMakeup: (date: BusinessDate) => Promise<MakeupQuote>
  makeUp: (date: BusinessDate) => Promise<MakeupResponse>
  dismissResult: () => void
}

/** After a sign-in or make-up: balance, tier progress, tasks and coupons all moved. */
function refreshAfterSignin(balance: number, couponIssued: boolean) {
  usePointsStore.getState().applyBalance(balance)
  void useMemberStore.getState().load()
  void useTasksStore.getState().load()
  void usePointsStore.getState().loadSummary()
  if (couponIssued) void useCouponsStore.getState().load()
}

export const useSigninStore = create<SigninState>()(
  persist(
    (set) => ({
      calendars: {},
      month: null,
      savedAt: null,
      lastResult: null,
      requests: { calendar: IDLE, signin: IDLE, makeup: IDLE, quote: IDLE },
      loadCalendar: (month) =>
        track(set, 'calendar', async () => {
          await useSessionStore.getState().ensureSession()
          const calendar = await api.signinCalendar(month)
          set((s) => ({ calendars: { ...s.calendars, [calendar.month]: calendar }, month: calendar.month, savedAt: nowIso() }))
        }).catch(() => undefined),
      signIn: () =>
        track(set, 'signin', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.signin()
          set((s) => ({ lastResult: res, calendars: { ...s.calendars, [res.calendar.month]: res.calendar }, month: res.calendar.month }))
          refreshAfterSignin(res.balance, !!res.coupon)
          return res
        }),
      quoteMakeup: (date) => track(set, 'quote', () => api.makeupQuote(date)),
      makeUp: (date) =>
        track(set, 'makeup', async () => {
          const res = await api.makeup({ date })
          set((s) => ({ calendars: { ...s.calendars, [res.calendar.month]: res.calendar } }))
          refreshAfterSignin(res.balance, res.coupons.length > 0)
          return res
        }),
      dismissResult: () => set({ lastResult: null }),
    }),
    {
      name: 'signin-snapshot',
      version: 1,
      migrate: discardOlderVersion,
      storage: persistStorage,
      // Only the month on screen: enough for offline display, small enough for one storage key.
      partialize: (s) => ({ calendars: s.month && s.calendars[s.month] ? { [s.month]: s.calendars[s.month] } : {}, month: s.month, savedAt: s.savedAt }),
    },
  ),
)
