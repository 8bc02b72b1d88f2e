import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { PointsSummary } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineView } from './request'
import { balanceIn } from './tags'

export interface PointsSnapshot {
  summary: PointsSummary | null
  savedAt: string | null
}

interface PointsState extends PointsSnapshot {
  loadSummary: () => Promise<void>
}

/** `GET /points/summary`: balance, expiries, caps — on home, 积分, 积分商城. (The ledger: src/stores/ledger.ts.) */
export const pointsSummaryView = defineView({
  name: 'points.summary',
  tags: ['balance'],
  key: () => ['points', 'summary'],
  fetch: () => api.pointsSummary(),
  apply: (summary) => usePointsStore.setState({ summary, savedAt: nowIso() }),
  patch: (answer) => {
    const balance = balanceIn(answer)
    usePointsStore.setState((s) => (s.summary && balance !== null ? { summary: { ...s.summary, balance } } : {}))
  },
})

export const usePointsStore = create<PointsState>()(
  persist(
    (): PointsState => ({
      summary: null,
      savedAt: null,
      loadSummary: () => pointsSummaryView.load(),
    }),
    snapshotOptions('points', (s): PointsSnapshot => ({ summary: s.summary, savedAt: s.savedAt })),
  ),
)
