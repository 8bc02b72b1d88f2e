import { create } from 'zustand'
import type { DeliveryAddress, RedemptionWire } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { defineView } from './request'

/** 兑换记录: what this member redeemed in the points mall, newest first — vouchers (核销码) and deliveries. */
interface RedemptionsState {
  redemptions: RedemptionWire[] | null
  savedAt: string | null
  load: () => Promise<void>
}

/** `GET /redemptions`; a redemption's answer carries the new line, which shows at once (patch). */
export const redemptionsView = defineView({
  name: 'mall.redemptions',
  tags: ['rewards'],
  key: () => ['mall', 'redemptions'],
  fetch: () => api.redemptions(),
  apply: (res) => useRedemptionsStore.setState({ redemptions: res.redemptions, savedAt: nowIso() }),
  patch: (answer) => {
    const line = (answer as { redemption?: RedemptionWire } | null)?.redemption
    if (!line || typeof line !== 'object') return
    useRedemptionsStore.setState((s) => (s.redemptions && !s.redemptions.some((r) => r.id === line.id) ? { redemptions: [line, ...s.redemptions] } : {}))
  },
})

export const useRedemptionsStore = create<RedemptionsState>()(
  (): RedemptionsState => ({
    redemptions: null,
    savedAt: null,
    load: () => redemptionsView.load(),
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
