import { create } from 'zustand'
import type { DeliveryAddress, RedemptionWire } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { defineView, forget, isBusy } from './request'

/** 兑换记录: what this member redeemed in the points mall, newest first — vouchers (核销码) and deliveries. */
interface RedemptionsState {
  /** The pages loaded so far; null before the first. */
  redemptions: RedemptionWire[] | null
  cursor: string | null
  complete: boolean
  savedAt: string | null
  /** The first page (replaces what was loaded). */
  load: () => Promise<void>
  /** The next page, for infinite scroll; does nothing at the end or while a page loads. */
  loadMore: () => Promise<void>
}

const PAGE_SIZE = 20
export const REDEMPTIONS_KEY = ['mall', 'redemptions'] as const
export const REDEMPTIONS_MORE_KEY = ['mall', 'redemptions-more'] as const

/** `GET /redemptions`; a redemption's answer carries the new line, which shows at once (patch). */
export const redemptionsView = defineView({
  name: 'mall.redemptions',
  tags: ['rewards'],
  key: () => REDEMPTIONS_KEY,
  fetch: () => api.redemptions(null, PAGE_SIZE),
  apply: (page) => {
    useRedemptionsStore.setState({ redemptions: page.redemptions, cursor: page.nextCursor, complete: page.nextCursor === null, savedAt: nowIso() })
    // The list starts again: a next page that failed (or is on its way) belonged to the list before.
    forget(REDEMPTIONS_MORE_KEY)
  },
  patch: (answer) => {
    const line = (answer as { redemption?: RedemptionWire } | null)?.redemption
    if (!line || typeof line !== 'object') return
    useRedemptionsStore.setState((s) => (s.redemptions && !s.redemptions.some((r) => r.id === line.id) ? { redemptions: [line, ...s.redemptions] } : {}))
  },
})

/** The page after `cursor`; not refreshed by tags (a refresh of the first page starts the list again). */
export const redemptionsMoreView = defineView({
  name: 'mall.redemptions-more',
  tags: [],
  key: () => REDEMPTIONS_MORE_KEY,
  fetch: (cursor: string) => api.redemptions(cursor, PAGE_SIZE),
  apply: (page, cursor) => {
    // The first page was loaded again meanwhile: this page no longer follows what is shown.
    if (useRedemptionsStore.getState().cursor !== cursor) return
    useRedemptionsStore.setState((s) => ({ redemptions: [...(s.redemptions ?? []), ...page.redemptions], cursor: page.nextCursor, complete: page.nextCursor === null }))
  },
})

export const useRedemptionsStore = create<RedemptionsState>()(
  (_set, get): RedemptionsState => ({
    redemptions: null,
    cursor: null,
    complete: false,
    savedAt: null,
    load: () => redemptionsView.load(),
    loadMore: async () => {
      const { cursor, complete } = get()
      if (complete || !cursor || isBusy(REDEMPTIONS_MORE_KEY) || isBusy(REDEMPTIONS_KEY)) return
      await redemptionsMoreView.load(cursor)
    },
  }),
)

/** The address a physical prize won in a draw goes to: its line then shows 待发货 like a mall gift's. */
export const giveDeliveryAddress = defineAction({
  name: 'mall.giveAddress',
  key: ['mall', 'address'],
  changes: ['rewards'],
  run: async (redemptionId: string, address: DeliveryAddress) => {
    const res = await api.giveDeliveryAddress(redemptionId, address)
    useRedemptionsStore.setState((s) => ({ redemptions: s.redemptions?.map((r) => (r.id === res.redemption.id ? res.redemption : r)) ?? null }))
    return res
  },
})
