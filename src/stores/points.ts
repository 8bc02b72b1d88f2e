import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { PointsSummary } from '@/api/contract'
import { api } from '@/api/http'
import { pointsValueFen } from '@/domain/points'
import { useConfigStore } from './config'
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
  // The balance and what it is worth together: home's 可抵 ¥ never shows the old worth beside the new balance.
  patch: (answer) => {
    const balance = balanceIn(answer)
    const rules = useConfigStore.getState().config?.rules.points
    usePointsStore.setState((s) => (s.summary && balance !== null ? { summary: { ...s.summary, balance, ...(rules ? { valueFen: pointsValueFen(balance, rules) } : {}) } } : {}))
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
