import { create } from 'zustand'
import type { LedgerEntryWire } from '@/api/contract'
import { api } from '@/api/http'
import { definePagedList, type PagedListViews } from './paged'

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

export const ledgerPages: PagedListViews = definePagedList({
  name: 'points.ledger',
  tags: ['balance'],
  key: ['points', 'ledger'],
  // A ledger line is never rewritten: the member keeps their place when the page loads again.
  appendOnly: true,
  fetch: (cursor, limit) => api.pointsLedger(cursor, limit),
  pageOf: (p) => ({ items: p.entries, nextCursor: p.nextCursor }),
  read: () => {
    const s = useLedgerStore.getState()
    return { items: s.ledger, cursor: s.nextCursor, complete: s.ledgerComplete }
  },
  write: (list) => useLedgerStore.setState({ ledger: list.items, nextCursor: list.cursor, ledgerComplete: list.complete }),
})

export const useLedgerStore = create<LedgerState>()(
  (): LedgerState => ({
    ledger: [],
    nextCursor: null,
    ledgerComplete: false,
    loadLedger: () => ledgerPages.view.load(),
    loadMore: ledgerPages.loadMore,
  }),
)
