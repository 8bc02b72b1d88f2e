import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { LedgerEntryWire, PointsSummary } from '@/api/contract'
import { api } from '@/api/http'
import { useMemberStore } from './member'
import { discardOlderVersion, nowIso, persistStorage } from './persist-storage'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

const PAGE_SIZE = 20

interface PointsState {
  summary: PointsSummary | null
  savedAt: string | null
  /** Ledger pages loaded so far, newest first. */
  ledger: LedgerEntryWire[]
  nextCursor: string | null
  ledgerComplete: boolean
  requests: { summary: RequestState; ledger: RequestState; more: RequestState }
  loadSummary: () => Promise<void>
  /** First page of the ledger (replaces what was loaded). */
  loadLedger: () => Promise<void>
  /** The next page, for infinite scroll; does nothing at the end or while a page loads. */
  loadMore: () => Promise<void>
  applyBalance: (balance: number) => void
}

export const usePointsStore = create<PointsState>()(
  persist(
    (set, get) => ({
      summary: null,
      savedAt: null,
      ledger: [],
      nextCursor: null,
      ledgerComplete: false,
      requests: { summary: IDLE, ledger: IDLE, more: IDLE },
      loadSummary: () =>
        track(set, 'summary', async () => {
          await useSessionStore.getState().ensureSession()
          const summary = await api.pointsSummary()
          set({ summary, savedAt: nowIso() })
          useMemberStore.getState().applyBalance(summary.balance)
        }).catch(() => undefined),
      loadLedger: () =>
        track(set, 'ledger', async () => {
          await useSessionStore.getState().ensureSession()
          const page = await api.pointsLedger(null, PAGE_SIZE)
          set({ ledger: page.entries, nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null })
        }).catch(() => undefined),
      loadMore: async () => {
        const { nextCursor, ledgerComplete, requests } = get()
        if (ledgerComplete || !nextCursor || requests.more.status === 'loading' || requests.ledger.status === 'loading') return
        await track(set, 'more', async () => {
          const page = await api.pointsLedger(nextCursor, PAGE_SIZE)
          set((s) => ({ ledger: [...s.ledger, ...page.entries], nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null }))
        }).catch(() => undefined)
      },
      applyBalance: (balance) => {
        set((s) => (s.summary ? { summary: { ...s.summary, balance } } : {}))
        useMemberStore.getState().applyBalance(balance)
      },
    }),
    {
      name: 'points-snapshot',
      version: 1,
      migrate: discardOlderVersion,
      storage: persistStorage,
      partialize: (s) => ({ summary: s.summary, savedAt: s.savedAt }),
    },
  ),
)
