import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { LedgerEntryWire, LedgerPage, PointsSummary } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineView, isBusy } from './request'
import { balanceIn } from './tags'

const PAGE_SIZE = 20

/** Request keys of the ledger, for the points page. */
export const LEDGER_KEY = ['points', 'ledger'] as const
export const LEDGER_MORE_KEY = ['points', 'ledger-more'] as const

export interface PointsSnapshot {
  summary: PointsSummary | null
  savedAt: string | null
}

interface PointsState extends PointsSnapshot {
  /** Ledger pages loaded so far, newest first. */
  ledger: LedgerEntryWire[]
  nextCursor: string | null
  ledgerComplete: boolean
  loadSummary: () => Promise<void>
  /** First page of the ledger (replaces what was loaded). */
  loadLedger: () => Promise<void>
  /** The next page, for infinite scroll; does nothing at the end or while a page loads. */
  loadMore: () => Promise<void>
}

/** `GET /points/summary`: balance, expiries, caps — on home, 积分, 积分商城. */
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

/** The ledger's first page. */
export const ledgerView = defineView({
  name: 'points.ledger',
  tags: ['balance'],
  key: () => LEDGER_KEY,
  fetch: () => api.pointsLedger(null, PAGE_SIZE),
  apply: (page: LedgerPage) => usePointsStore.setState({ ledger: page.entries, nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null }),
})

/** The page after `cursor`; not refreshed by tags (a refresh of the first page starts the list again). */
export const ledgerMoreView = defineView({
  name: 'points.ledger-more',
  tags: [],
  key: () => LEDGER_MORE_KEY,
  fetch: (cursor: string) => api.pointsLedger(cursor, PAGE_SIZE),
  apply: (page: LedgerPage, cursor) => {
    // The first page was loaded again meanwhile: this page no longer follows what is shown.
    if (usePointsStore.getState().nextCursor !== cursor) return
    usePointsStore.setState((s) => ({ ledger: [...s.ledger, ...page.entries], nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null }))
  },
})

export const usePointsStore = create<PointsState>()(
  persist(
    (_set, get) => ({
      summary: null,
      savedAt: null,
      ledger: [],
      nextCursor: null,
      ledgerComplete: false,
      loadSummary: () => pointsSummaryView.load(),
      loadLedger: () => ledgerView.load(),
      loadMore: async () => {
        const { nextCursor, ledgerComplete } = get()
        if (ledgerComplete || !nextCursor || isBusy(LEDGER_MORE_KEY) || isBusy(LEDGER_KEY)) return
        await ledgerMoreView.load(nextCursor)
      },
    }),
    snapshotOptions('points', (s): PointsSnapshot => ({ summary: s.summary, savedAt: s.savedAt })),
  ),
)
