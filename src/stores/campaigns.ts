import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { CampaignDetail, CampaignSummary, CardGiftResponse, ThemeWire, WinnersResponse } from '@/api/contract'
import { api } from '@/api/http'
import { useLifecycleStore } from './lifecycle'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineAction, defineView, type RequestKey } from './request'
import { themeColorsFrom, useThemeStore } from './theme'

/**
 * Campaigns (活动): the list for this member with the festival theme in force, one campaign's lottery / cards
 * / leaderboard, and the mutations (draw, gift a card, claim the card set). Every outcome is the server's:
 * the store asks and shows what comes back.
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
  details: Record<string, CampaignDetail>
  winners: Record<string, WinnersResponse>
  /** `GET /campaigns`; also switches the page tokens to the festival theme (or back to the brand default). */
  loadList: () => Promise<void>
  loadDetail: (id: string) => Promise<void>
  loadWinners: (id: string) => Promise<void>
  /**
   * One lottery draw. Draws left and balance follow the answer at once; "my prizes" and the odds (stock) are
   * left for the page to refresh with `loadDetail` once its animation has landed, so the list does not give
   * the prize away. Rejects with the ApiError (daily limit, points insufficient, not running).
   */
  draw: typeof draw
  /** Give one duplicate card to the friend with this member code. Rejects with the ApiError. */
  giftCard: typeof giftCard
  /** Claim the set prize (once). Rejects with the ApiError. */
  claimCards: typeof claimCards
}

/** The page tokens of the server's theme; an unusable colour keeps the brand default. */
export function applyCampaignTheme(theme: ThemeWire | null): void {
  useThemeStore.getState().setTheme(theme ? themeColorsFrom(theme.primaryColor) : null)
}

function withCards(details: Record<string, CampaignDetail>, id: string, cards: CardGiftResponse['cards']): Record<string, CampaignDetail> {
  const detail = details[id]
  return detail ? { ...details, [id]: { ...detail, cards } } : details
}

export const CAMPAIGN_LIST_KEY = ['campaigns'] as const
export const campaignKey = (id: string): RequestKey => ['campaign', id]

/** `GET /campaigns`: the list, the festival theme and the sign-in multiplier. */
export const campaignListView = defineView({
  name: 'campaigns.list',
  tags: ['campaigns'],
  key: () => CAMPAIGN_LIST_KEY,
  fetch: () => api.campaigns(),
  apply: (res) => {
    useCampaignsStore.setState({ campaigns: res.campaigns, theme: res.theme, signinMultiplier: res.signinMultiplier, savedAt: nowIso() })
    applyCampaignTheme(res.theme)
  },
})

/**
 * `GET /campaigns/:id`: a lottery's odds, draws and prizes, a collect-cards board, a leaderboard's standings.
 * Not tagged 'balance': a draw must not reload it (the prize would show before the animation lands).
 */
export const campaignView = defineView({
  name: 'campaigns.detail',
  tags: ['campaigns'],
  key: campaignKey,
  fetch: (id: string) => api.campaign(id),
  apply: (detail, id) => useCampaignsStore.setState((s) => ({ details: { ...s.details, [id]: detail } })),
})

export const winnersView = defineView({
  name: 'campaigns.winners',
  tags: ['campaigns'],
  key: (id: string) => ['campaign-winners', id],
  fetch: (id: string) => api.winners(id),
  apply: (winners, id) => useCampaignsStore.setState((s) => ({ winners: { ...s.winners, [id]: winners } })),
})

export const draw = defineAction({
  name: 'campaigns.draw',
  key: ['campaigns', 'draw'],
  // Not 'campaigns' (see campaignView): the page reloads the detail once the animation has landed.
  changes: ['balance'],
  run: async (id: string) => {
    const res = await api.draw(id)
    useCampaignsStore.setState((s) => {
      const detail = s.details[id]
      if (!detail?.lottery) return {}
      return { details: { ...s.details, [id]: { ...detail, lottery: { ...detail.lottery, draws: res.draws } } } }
    })
    return res
  },
})

export const giftCard = defineAction({
  name: 'campaigns.giftCard',
  key: ['campaigns', 'gift'],
  changes: ['campaigns'],
  run: async (id: string, friendCode: string, kindId: string) => {
    const res = await api.giftCard(id, { friendCode, kindId })
    useCampaignsStore.setState((s) => ({ details: withCards(s.details, id, res.cards) }))
    return res
  },
})

export const claimCards = defineAction({
  name: 'campaigns.claimCards',
  key: ['campaigns', 'claim'],
  // The prize points count as growth: tier progress may move.
  changes: ['campaigns', 'growth'],
  run: async (id: string) => {
    const res = await api.claimCardSet(id)
    useCampaignsStore.setState((s) => ({ details: withCards(s.details, id, res.cards) }))
    return res
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
      loadDetail: (id) => campaignView.load(id),
      loadWinners: (id) => winnersView.load(id),
      draw,
      giftCard,
      claimCards,
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
