import { create } from 'zustand'
import type { RedeemRequest, RewardItem } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { defineView } from './request'
import { balanceIn } from './tags'

interface MallState {
  items: RewardItem[] | null
  /** The balance the catalogue was answered with (the page shows the points summary's when it has one). */
  balance: number | null
  savedAt: string | null
  load: () => Promise<void>
  /** Redeem an item for points (a gift with its delivery address); rejects with the ApiError (sold out, limit, balance, DELIVERY_REQUIRED). */
  redeem: typeof redeem
}

/** `GET /rewards`: the catalogue with stock, limits and what this member redeemed, and the balance. */
export const rewardsView = defineView({
  name: 'mall.rewards',
  tags: ['rewards', 'balance'],
  key: () => ['mall', 'rewards'],
  fetch: () => api.rewards(),
  apply: (res) => useMallStore.setState({ items: res.items, balance: res.balance, savedAt: nowIso() }),
  patch: (answer) => {
    const balance = balanceIn(answer)
    if (balance !== null) useMallStore.setState({ balance })
  },
})

export const redeem = defineAction({
  name: 'mall.redeem',
  key: ['mall', 'redeem'],
  // Stock and 兑换记录 (the answer's `item` says so too); a refusal reloads both.
  changes: ['rewards'],
  answers: ['balance', 'coupons'],
  // `expectedPoints`: the price the member confirmed (a changed one is refused, 409 POINTS_PRICE_CHANGED).
  run: async (itemId: string, request: RedeemRequest = {}) => {
    const res = await api.redeem(itemId, request)
    useMallStore.setState((s) => ({ items: s.items?.map((i) => (i.id === res.item.id ? res.item : i)) ?? null }))
    return res
  },
})

export const useMallStore = create<MallState>()((): MallState => ({
  items: null,
  balance: null,
  savedAt: null,
  load: () => rewardsView.load(),
  redeem,
}))
