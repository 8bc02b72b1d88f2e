import { create } from 'zustand'
import type { LedgerEntryWire, LedgerPage } from '@/api/contract'
import { api } from '@/api/http'
import { defineView, forget, isBusy } from './request'

const PAGE_SIZE = 20

/** The points ledger (积分明细) of the points page, page by page; not persisted (refetched). */
interface LedgerState {
  /** Ledger pages loaded so far, newest first. */
  ledger: LedgerEntryWire[]
  nextCursor: string | null
  ledgerComplete: boolean
  /** First page of the ledger (replaces what was loaded). */
  loadLedger: () => Promise<void>
  /** The next page, for infinite scroll; does nothing at the end or while a page loads. */
  loadMore: () => Promise<void>
}

/** Request keys of the ledger, for the points page. */
export const LEDGER_KEY = ['points', 'ledger'] as const
export const LEDGER_MORE_KEY = ['points', 'ledger-more'] as const

/** The ledger's first page. */
export const ledgerView = defineView({
  name: 'points.ledger',
  tags: ['balance'],
  key: () => LEDGER_KEY,
  fetch: () => api.pointsLedger(null, PAGE_SIZE),
  apply: (page: LedgerPage) => {
    useLedgerStore.setState({ ledger: page.entries, nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null })
    // The list starts again: a next page that failed (or is on its way) belonged to the list before.
    forget(LEDGER_MORE_KEY)
  },
})

/** The page after `cursor`; not refreshed by tags (a refresh of the first page starts the list again). */
export const ledgerMoreView = defineView({
  name: 'points.ledger-more',
  tags: [],
  key: () => LEDGER_MORE_KEY,
  fetch: (cursor: string) => api.pointsLedger(cursor, PAGE_SIZE),
  apply: (page: LedgerPage, cursor) => {
    // The first page was loaded again meanwhile: this page no longer follows what is shown.
    if (useLedgerStore.getState().nextCursor !== cursor) return
    useLedgerStore.setState((s) => ({ ledger: [...s.ledger, ...page.entries], nextCursor: page.nextCursor, ledgerComplete: page.nextCursor === null }))
  },
})

export const useLedgerStore = create<LedgerState>()(
  (_set, get): LedgerState => ({
    ledger: [],
    nextCursor: null,
    ledgerComplete: false,
    loadLedger: () => ledgerView.load(),
    loadMore: async () => {
      const { nextCursor, ledgerComplete } = get()
      if (ledgerComplete || !nextCursor || isBusy(LEDGER_MORE_KEY) || isBusy(LEDGER_KEY)) return
      await ledgerMoreView.load(nextCursor)
    },
  }),
)
