import { create } from 'zustand'
import type { BusinessMonth, MonthlyReportResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

interface ReportsState {
  /** Reports fetched so far, by month (a past month does not change; the current one is refreshed on show). */
  reports: Record<BusinessMonth, MonthlyReportResponse>
  /** The month on screen; null = the current business month (the server decides which that is). */
  month: BusinessMonth | null
  savedAt: string | null
  requests: { load: RequestState }
  /** The report of `month` (default: the current month, "本月至今"). */
  load: (month?: BusinessMonth) => Promise<void>
}

export const useReportsStore = create<ReportsState>()((set) => ({
  reports: {},
  month: null,
  savedAt: null,
  requests: { load: IDLE },
  load: (month) =>
    track(set, 'load', async () => {
      // Show a cached month at once while it refreshes.
      if (month) set((s) => (s.reports[month] ? { month } : {}))
      await useSessionStore.getState().ensureSession()
      const report = await api.monthlyReport(month)
      set((s) => ({ reports: { ...s.reports, [report.month]: report }, month: report.month, savedAt: nowIso() }))
    }).catch(() => undefined),
}))

/** The report on screen. */
export const selectReport = (s: ReportsState): MonthlyReportResponse | null => (s.month ? s.reports[s.month] ?? null : null)

const NO_MONTHS: BusinessMonth[] = []

/** The months the member may open, newest first (registration month to the current one). */
export const selectAvailableMonths = (s: ReportsState): BusinessMonth[] => {
  const any = selectReport(s) ?? Object.values(s.reports)[0]
  return any?.availableMonths ?? NO_MONTHS
}
