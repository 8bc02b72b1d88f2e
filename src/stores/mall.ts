import { create } from 'zustand'
import type { RedeemResponse, RewardItem } from '@/api/contract'
import { api } from '@/api/http'
import { useCouponsStore } from './coupons'
import { nowIso } from './persist-storage'
import { usePointsStore } from './points'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

interface MallState {
  items: RewardItem[] | null
  savedAt: string | null
  requests: { load: RequestState; redeem: RequestState }
  load: () => Promise<void>
  /** Redeem an item for points; rejects with the ApiError (sold out, limit, balance). */
  redeem: (itemId: string) => Promise<RedeemResponse>
}

export const useMallStore = create<MallState>()((set) => ({
  items: null,
  savedAt: null,
  requests: { load: IDLE, redeem: IDLE },
  load: () =>
    track(set, 'load', async () => {
      await useSessionStore.getState().ensureSession()
      const res = await api.rewards()
      set({ items: res.items, savedAt: nowIso() })
      usePointsStore.getState().applyBalance(res.balance)
    }).catch(() => undefined),
  redeem: (itemId) =>
    track(set, 'redeem', async () => {
      const res = await api.redeem(itemId)
      set((s) => ({ items: s.items?.map((i) => (i.id === res.item.id ? res.item : i)) ?? null }))
      usePointsStore.getState().applyBalance(res.balance)
      void usePointsStore.getState().loadSummary()
      if (res.coupon) void useCouponsStore.getState().load()
      return res
    }),
}))
