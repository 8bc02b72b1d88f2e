import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { CampaignDetail, CampaignSummary, ThemeWire, WinnersResponse } from '@/api/contract'
import { api } from '@/api/http'
import { useLifecycleStore } from './lifecycle'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineView } from './request'
import { themeColorsFrom, useThemeStore } from './theme'

/**
 * Campaigns (活动): the list for this member with the festival theme in force (loaded at launch), and the store
 * of one campaign's lottery / cards / leaderboard, whose views and actions (draw, gift a card, claim the card set)
 * are in src/stores/campaign-detail.ts with the pages that use them. Every outcome is the server's: the store asks
 * and shows what comes back.
 */
export interface CampaignsSnapshot {
  /** Campaigns this member can see (the server filters exclusive ones and orders running first). */
  campaigns: CampaignSummary[] | null
  /** The festival theme in force for this member, null = brand default. */
  theme: ThemeWire | null
  signinMultiplier: number
  savedAt: string | null
}

interface CampaignsState extends CampaignsSnapshot {
  /** One campaign's details and winners by id (src/stores/campaign-detail.ts loads them). */
  details: Record<string, CampaignDetail>
  winners: Record<string, WinnersResponse>
  /** `GET /campaigns`; also switches the page tokens to the festival theme (or back to the brand default). */
  loadList: () => Promise<void>
}

/** The page tokens of the server's theme; an unusable colour keeps the brand default. */
export function applyCampaignTheme(theme: ThemeWire | null): void {
  useThemeStore.getState().setTheme(theme ? themeColorsFrom(theme.primaryColor) : null)
}

export const CAMPAIGN_LIST_KEY = ['campaigns'] as const

/** `GET /campaigns`: the list, the festival theme and the sign-in multiplier. */
export const campaignListView = defineView({
  name: 'campaigns.list',
  // Who may enter an exclusive campaign follows the tier.
  tags: ['campaigns', 'growth'],
  key: () => CAMPAIGN_LIST_KEY,
  fetch: () => api.campaigns(),
  apply: (res) => {
    useCampaignsStore.setState({ campaigns: res.campaigns, theme: res.theme, signinMultiplier: res.signinMultiplier, savedAt: nowIso() })
    applyCampaignTheme(res.theme)
  },
})

export const useCampaignsStore = create<CampaignsState>()(
  persist(
    (): CampaignsState => ({
      campaigns: null,
      theme: null,
      signinMultiplier: 1,
      savedAt: null,
      details: {},
      winners: {},
      loadList: () => campaignListView.load(),
    }),
    snapshotOptions(
      'campaigns',
      // The list only (small): enough for the 热门活动 section offline. Details are always fetched fresh.
      (s): CampaignsSnapshot => ({ campaigns: s.campaigns, theme: s.theme, signinMultiplier: s.signinMultiplier, savedAt: s.savedAt }),
    ),
  ),
)

// The launch's app_open has a session: load the campaigns then, so the festival theme reaches every page.
useLifecycleStore.subscribe((s, prev) => {
  if (s.openResult && s.openResult !== prev.openResult) void useCampaignsStore.getState().loadList()
})
