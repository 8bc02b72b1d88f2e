import { create } from 'zustand'
import type { BusinessDate, MetricsResponse } from '@/api/contract'
import { ApiError } from '@/api/errors'
import { usesEmbeddedMock } from '@/api/env'
import { createOperatorApi } from '@/api/http'
import { addDays } from '@/domain/calendar'
import { platform } from '@/platform'
import { defineView, forget, requestState } from './request'

/** Session storage key of the operator's token: it lasts for this browser tab only, never in local storage. */
export const OPERATOR_TOKEN_KEY = 'operator-token'

/** The demo build's embedded mock accepts this operator token (README); a real backend issues its own. */
export const demoOperatorToken: string | null = usesEmbeddedMock ? 'operator-demo-token' : null

/** The ranges the dashboard offers, in business days ending today. */
export const METRICS_RANGES = [7, 30, 90] as const
export type MetricsRangeDays = (typeof METRICS_RANGES)[number]

/** The server's default range (GET /admin/metrics without from/to): the last 30 business days. */
const SERVER_DEFAULT_DAYS: MetricsRangeDays = 30

interface AdminState {
  token: string | null
  metrics: MetricsResponse | null
  days: MetricsRangeDays
  /** The server's business today, learned from the first answer (its default range ends today). */
  today: BusinessDate | null
  /** Keeps the token for this tab and loads the dashboard with it. */
  signIn: (token: string) => Promise<void>
  signOut: () => void
  load: (days?: MetricsRangeDays) => Promise<void>
}

const operatorApi = createOperatorApi(() => useAdminStore.getState().token)

function readToken(): string | null {
  try {
    return platform.sessionStorage.getItem(OPERATOR_TOKEN_KEY)
  } catch {
    return null
  }
}

function keepToken(token: string | null): void {
  try {
    if (token) platform.sessionStorage.setItem(OPERATOR_TOKEN_KEY, token)
    else platform.sessionStorage.removeItem(OPERATOR_TOKEN_KEY)
  } catch {
    // Memory still holds it for this page.
  }
}

export const METRICS_KEY = ['admin', 'metrics'] as const

/** `GET /admin/metrics` over the last `days` business days, with the operator's token. */
export const metricsView = defineView({
  name: 'admin.metrics',
  tags: [],
  key: () => METRICS_KEY,
  fetch: async (days: MetricsRangeDays) => {
    if (!useAdminStore.getState().token) throw new ApiError(401, 'OPERATOR_TOKEN_MISSING', '请输入运营令牌')
    let today = useAdminStore.getState().today
    if (!today || days === SERVER_DEFAULT_DAYS) {
      const metrics = await operatorApi.adminMetrics()
      today = metrics.to
      useAdminStore.setState({ today })
      if (days === SERVER_DEFAULT_DAYS) return metrics
    }
    return operatorApi.adminMetrics({ from: addDays(today, 1 - days), to: today })
  },
  apply: (metrics) => useAdminStore.setState({ metrics }),
})

export const useAdminStore = create<AdminState>()((set, get) => ({
  token: readToken(),
  metrics: null,
  days: SERVER_DEFAULT_DAYS,
  today: null,
  signIn: async (token) => {
    const trimmed = token.trim()
    keepToken(trimmed || null)
    set({ token: trimmed || null, metrics: null })
    await get().load()
  },
  signOut: () => {
    keepToken(null)
    set({ token: null, metrics: null })
    forget(METRICS_KEY)
  },
  load: async (days) => {
    const wanted = days ?? get().days
    set({ days: wanted })
    await metricsView.load(wanted)
    // A token the backend refuses is forgotten: the page asks for it again, with the backend's message.
    const error = requestState(METRICS_KEY).error
    if (error && (error.status === 401 || error.status === 403)) {
      keepToken(null)
      set({ token: null, metrics: null })
    }
  },
}))
