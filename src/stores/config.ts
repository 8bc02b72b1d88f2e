import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { ConfigResponse } from '@/api/contract'
import { api } from '@/api/http'
import { snapshotOptions } from './persist-storage'
import { defineView } from './request'
import { clientPlatform, useSessionStore } from './session'

export interface ConfigSnapshot {
  config: ConfigResponse | null
}

/** The backend's rules config and brand info, cached for previews and offline display. */
interface ConfigState extends ConfigSnapshot {
  load: () => Promise<void>
}

export const CONFIG_KEY = ['config'] as const

/** `GET /config`: rules (tiers, sign-in, points), brand, share switches. Needs no session. */
export const configView = defineView({
  name: 'config',
  tags: [],
  key: () => CONFIG_KEY,
  fetch: () => api.config(),
  apply: (config) => useConfigStore.setState({ config }),
})

export const useConfigStore = create<ConfigState>()(
  persist(
    (): ConfigState => ({
      config: null,
      load: () => configView.load(),
    }),
    snapshotOptions('config', (s): ConfigSnapshot => ({ config: s.config })),
  ),
)

/**
 * The rules for a page that shows something derived from them without showing the rules (home's 去签到 +N under the
 * caps, a coupon's first day in the brand's calendar, a refund's leaderboard warning): loaded when the store has none
 * — a launch straight onto that page — and otherwise taken as the last page that loaded them left them. Not before
 * the privacy notice is accepted: a first visit's consent sheet asks nothing of the backend (the page loads again on
 * consent).
 */
export const loadConfigIfMissing = (): Promise<void> =>
  useConfigStore.getState().config || useSessionStore.getState().consent !== 'accepted' ? Promise.resolve() : configView.load()

/** Whether share-based rewards are on for this platform (off on mini programs by default, §1.6). */
export const useShareRewards = (): boolean => useConfigStore((s) => s.config?.shareRewards[clientPlatform()] ?? false)

/** Whether the backend takes payments (a server without a payment provider says `payments: 'none'`): nothing is offered for sale otherwise. */
export const usePaymentsOpen = (): boolean => useConfigStore((s) => s.config?.brand.payments !== 'none')

/** What a member is told where a purchase would be: the backend takes no payment. */
export const PAYMENTS_CLOSED_WORDS = '暂未开通在线支付，请到店办理'
