import { create } from 'zustand'
import type { DeliveryAddress, RedemptionWire } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { definePagedList, type PagedListViews } from './paged'

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

/** `GET /redemptions`; a redemption's answer carries the new line, which shows at once (patch). */
export const redemptionPages: PagedListViews = definePagedList({
  name: 'mall.redemptions',
  tags: ['rewards'],
  key: ['mall', 'redemptions'],
  fetch: (cursor, limit) => api.redemptions(cursor, limit),
  pageOf: (p) => ({ items: p.redemptions, nextCursor: p.nextCursor }),
  read: () => {
    const s = useRedemptionsStore.getState()
    return { items: s.redemptions ?? [], cursor: s.cursor, complete: s.complete }
  },
  write: (list) => useRedemptionsStore.setState({ redemptions: list.items, cursor: list.cursor, complete: list.complete, savedAt: nowIso() }),
  patch: (answer) => {
    const line = (answer as { redemption?: RedemptionWire } | null)?.redemption
    if (!line || typeof line !== 'object') return
    useRedemptionsStore.setState((s) => (s.redemptions && !s.redemptions.some((r) => r.id === line.id) ? { redemptions: [line, ...s.redemptions] } : {}))
  },
})

export const useRedemptionsStore = create<RedemptionsState>()(
  (): RedemptionsState => ({
    redemptions: null,
    cursor: null,
    complete: false,
    savedAt: null,
    load: () => redemptionPages.view.load(),
    loadMore: redemptionPages.loadMore,
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
