import { create } from 'zustand'
import type { BusinessMonth, MonthlyReportResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineView, type RequestKey } from './request'

interface ReportsState {
  /** Reports fetched so far, by month (a past month does not change; the current one is refreshed on show). */
  reports: Record<BusinessMonth, MonthlyReportResponse>
  /** The month on screen (null until a report has arrived). */
  month: BusinessMonth | null
  /**
   * The month asked for last (null = the current one). Only its answer may change `month`: a slower answer for
   * a month asked for earlier is kept, not shown.
   */
  requestedMonth: BusinessMonth | null
  savedAt: string | null
  /** Loads the report of `month` (default: the current month, "本月至今"), shown once it is there. */
  load: (month?: BusinessMonth) => Promise<void>
}

/** The request key of a month's report; null = the current month. */
export const reportKey = (month: BusinessMonth | null): RequestKey => ['report', month ?? 'current']

/** `GET /reports/monthly?month=`: what the member got out of a month (this month: so far). */
export const reportView = defineView({
  name: 'reports.monthly',
  // Points earned, days signed in, tasks done.
  tags: ['balance', 'signin', 'tasks'],
  key: reportKey,
  fetch: (month: BusinessMonth | null) => api.monthlyReport(month ?? undefined),
  apply: (report, month) =>
    useReportsStore.setState((s) => ({
      reports: { ...s.reports, [report.month]: report },
      ...(month === s.requestedMonth ? { month: report.month } : {}),
      savedAt: nowIso(),
    })),
})

export const useReportsStore = create<ReportsState>()((set) => ({
  reports: {},
  month: null,
  requestedMonth: null,
  savedAt: null,
  load: (month) => {
    const wanted = month ?? null
    // A month already fetched shows at once while it is fetched again.
    set((s) => ({ requestedMonth: wanted, ...(wanted && s.reports[wanted] ? { month: wanted } : {}) }))
    return reportView.load(wanted)
  },
}))

/** The report on screen. */
export const selectReport = (s: ReportsState): MonthlyReportResponse | null => (s.month ? s.reports[s.month] ?? null : null)

const NO_MONTHS: BusinessMonth[] = []

/** The months the member may open, newest first (registration month to the current one). */
export const selectAvailableMonths = (s: ReportsState): BusinessMonth[] => {
  const any = selectReport(s) ?? Object.values(s.reports)[0]
  return any?.availableMonths ?? NO_MONTHS
}
